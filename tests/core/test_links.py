"""One link policy: what may be a link, whatever the case of its scheme."""

from __future__ import annotations

import pytest

from kzrs_reports.core.links import is_external, is_internal, is_link


@pytest.mark.parametrize(
    "target",
    ["https://example.org", "HTTP://EXAMPLE.ORG/x", "Mailto:desk@example.org", "#source-1"],
)
def it_accepts_web_mail_and_anchor_links(target: str) -> None:
    assert is_link(target)


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.org",
        "x.html",
        "#",
        "",
        "https://",
        "https://example.org/a b",
        "data:text/html,x",
    ],
)
def it_refuses_everything_else(target: str) -> None:
    assert not is_link(target)


def it_tells_anchors_from_addresses() -> None:
    assert is_internal("#key-messages") and not is_external("#key-messages")
    assert is_external("https://example.org") and not is_internal("https://example.org")

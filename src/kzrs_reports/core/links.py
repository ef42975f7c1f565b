"""What may be a link, decided once for templates, the document model and every writer.

A link in a brief either leaves the document for the web or a mail program (an ``http://``,
``https://`` or ``mailto:`` URL, the scheme in any case, as RFC 3986 allows) or jumps inside
it (``#anchor``, naming a heading or a numbered source). Nothing else is a link: a
``javascript:``, ``file:`` or relative target keeps its words and loses the link, in every
format alike.
"""

from __future__ import annotations

EXTERNAL_SCHEMES = ("http://", "https://", "mailto:")
"""The schemes a link may leave the document by."""


def is_external(target: str) -> bool:
    """True if ``target`` is a URL a link may open: http, https or mailto, the scheme in any
    case, with something after it and no white space anywhere."""
    lowered = target.lower()
    scheme = next((s for s in EXTERNAL_SCHEMES if lowered.startswith(s)), "")
    return bool(scheme) and len(target) > len(scheme) and not any(c.isspace() for c in target)


def is_internal(target: str) -> bool:
    """True if ``target`` is ``#anchor`` with a non-empty anchor."""
    return target.startswith("#") and len(target) > 1


def is_link(target: str) -> bool:
    """True if ``target`` may be a link at all: :func:`is_external` or :func:`is_internal`."""
    return is_internal(target) or is_external(target)


def anchor_of(target: str) -> str:
    """The anchor an internal ``#anchor`` target names (``target`` must be internal)."""
    return target[1:]

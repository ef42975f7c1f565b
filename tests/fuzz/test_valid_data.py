"""Any valid visit builds a sound PDF and DOCX that show every value as it was typed.

"Shows" is judged on text with all white space removed after NFKC normalisation, in the PDF's
body frames and in the DOCX's runs (see :mod:`brief_text` for why); rich-text values are
looked for as a reader sees them, without their Markdown (see :mod:`visit_strategies`).
Milestone titles are drawn only in the timeline chart, so they are looked for in the DOCX's
alt text; keywords only in the document properties.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from brief_text import docx_alt_texts, docx_body, pdf_body, pdf_keywords, squeeze
from fuzz_profile import BUILDS, PROFILE
from hypothesis import given, settings
from hypothesis import strategies as st
from visit_strategies import Visit, to_json, to_yaml, valid_visits

from kzrs_reports.build import BuildOptions, build_brief


def _missing(expected: list[str], found: str) -> list[str]:
    """Each of ``expected`` not in ``found``, with where it stops matching and what is there."""
    haystack = squeeze(found)
    missing = []
    for text in expected:
        wanted = squeeze(text)
        if wanted in haystack:
            continue
        cut = next(n for n in range(len(wanted), -1, -1) if wanted[:n] in haystack)
        at = haystack.find(wanted[:cut]) + cut if cut else -1
        missing.append(f"{text!r}: after {wanted[:cut][-20:]!r}, {haystack[at : at + 20]!r}")
    return missing


@settings(PROFILE, max_examples=BUILDS)
@given(visit=valid_visits(), as_json=st.booleans())
def it_builds_valid_data_into_sound_documents_showing_every_value(
    visit: Visit, as_json: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path_factory.getbasetemp()) as folder:
        work = Path(folder)
        path = work / ("visit.json" if as_json else "visit.yaml")
        path.write_text(to_json(visit.data) if as_json else to_yaml(visit.data), "utf-8")

        # The function `kzrs-reports build` runs for each file, minus its build record.
        result = build_brief(path, BuildOptions(work / "out", work / "charts"))

        written = {w.path.suffix: w.path for w in result.outputs}
        pdf, word = written[".pdf"], written[".docx"]
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        document = docx.Document(str(word))

        texts = visit.texts
        for where, expected, found in [
            ("PDF", texts.body, pdf_body(pdf)),
            ("DOCX", texts.body, docx_body(document)),
            ("DOCX alt text", texts.alt, docx_alt_texts(document)),
            ("PDF keywords", texts.keywords, pdf_keywords(pdf)),
        ]:
            missing = _missing(expected, found)
            assert not missing, f"not in the {where}:\n" + "\n".join(missing)
        # Word's properties hold 255 characters: the keywords, or their start and "…".
        keywords = document.core_properties.keywords
        assert len(keywords) <= 255
        wanted = squeeze(", ".join(k.strip() for k in texts.keywords))
        assert wanted.startswith(squeeze(keywords.removesuffix("…")))
        assert keywords.endswith("…") or squeeze(keywords) == wanted

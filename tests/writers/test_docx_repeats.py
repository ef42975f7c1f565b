"""A second Word document of a process reuses what the first deflated: the fonts, the
charts, and the styles and theme of the styled template."""

from __future__ import annotations

import zipfile
from pathlib import Path

from documents import sample_document

from kzrs_reports.core import archive
from kzrs_reports.templates.theme import Theme
from kzrs_reports.writers import write_document


def it_deflates_what_a_second_document_repeats_from_the_first(
    charts: tuple[Path, Path], theme: Theme, tmp_path: Path
) -> None:
    document = sample_document(*charts)
    first = write_document(document, theme, tmp_path / "first.docx").path
    before = archive.deflated.cache_info()
    second = write_document(document, theme, tmp_path / "second.docx").path
    after = archive.deflated.cache_info()
    names = zipfile.ZipFile(second).namelist()
    repeated = [n for n in names if n.startswith(("word/fonts/", "word/media/"))]
    repeated += ["word/styles.xml", "word/stylesWithEffects.xml", "word/theme/theme1.xml"]
    assert set(repeated) <= set(names)
    assert after.misses == before.misses  # nothing the first document had is deflated again
    assert after.hits - before.hits == len(repeated)
    assert second.read_bytes() == first.read_bytes()

"""The zip writer: the bytes zipfile writes, readable by zipfile, fonts deflated once."""

from __future__ import annotations

import io
import zipfile

from kzrs_reports.core import archive
from kzrs_reports.core.archive import ZIP_TIME, reproducible_zip

ENTRIES = [
    ("[Content_Types].xml", b"<Types/>"),
    ("word/document.xml", "<w:t>Vučić, Тоқаев</w:t>".encode()),
    ("word/fonts/font1.odttf", bytes(range(256)) * 300),
    ("словарь/č.txt", b""),
]


def with_zipfile(entries: list[tuple[str, bytes]]) -> bytes:
    """What Python's own zipfile writes for ``entries`` with fixed times and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as made:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            made.writestr(info, data)
    return out.getvalue()


def it_writes_the_bytes_zipfile_writes() -> None:
    assert reproducible_zip(ENTRIES) == with_zipfile(ENTRIES)


def it_writes_an_archive_zipfile_reads_back_whole() -> None:
    read = zipfile.ZipFile(io.BytesIO(reproducible_zip(ENTRIES)))
    assert read.testzip() is None
    assert [(i.filename, read.read(i)) for i in read.infolist()] == ENTRIES
    assert {i.date_time for i in read.infolist()} == {ZIP_TIME}


def it_deflates_a_large_member_once_for_every_archive_that_holds_it() -> None:
    archive.deflated.cache_clear()
    first = reproducible_zip(ENTRIES, reused=("word/fonts/",))
    copies = [(name, bytes(data)) for name, data in ENTRIES]  # equal, not the same objects
    again = reproducible_zip(copies, reused=("word/fonts/",))
    info = archive.deflated.cache_info()
    assert (info.misses, info.hits) == (1, 1)  # the font: deflated for the first, reused after
    assert first == again == reproducible_zip(ENTRIES)  # the same bytes, kept or not

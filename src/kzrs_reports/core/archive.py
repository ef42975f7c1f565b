"""Reproducible zip archives (the DOCX package, a pack's zip of Word copies).

The archive is written here rather than by :mod:`zipfile` for one reason: a large member that
every build repeats (the Word copy's embedded fonts, 2.8 MB) is deflated once per process and
its compressed bytes reused, where :mod:`zipfile` would deflate it again for every document
(about 0.1 s each). Members that never change (the fonts) are kept deflated in the user's
cache folder (:mod:`kzrs_reports.core.cache`) for the next process too. The bytes are those
:mod:`zipfile` writes for the same entries: a local header and a central directory record per
member, no extra fields, fixed times.
"""

from __future__ import annotations

import functools
import hashlib
import struct
import zlib
from collections.abc import Iterable

from kzrs_reports.core.cache import keep, read_kept

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's modification time: the earliest a zip can hold."""
_DOS_TIME = 0
_DOS_DATE = ((ZIP_TIME[0] - 1980) << 9) | (ZIP_TIME[1] << 5) | ZIP_TIME[2]
_VERSION = 20
"""The version of the zip format that deflate needs (2.0), as made and as needed."""
_DEFLATED = 8
_UTF8_NAME = 0x800
_PERMISSIONS = 0o644 << 16


def reproducible_zip(
    entries: Iterable[tuple[str, bytes]],
    reused: tuple[str, ...] = (),
    lasting: tuple[str, ...] = (),
) -> bytes:
    """A deflated zip of ``entries`` (name, bytes), in the order given, with fixed times and
    permissions: the same entries give the same bytes on every machine and every day.

    Members whose names start with one of ``reused`` (parts that repeat from one archive to
    the next, such as fonts) keep their deflated bytes for the next archive of this process;
    those that also start with one of ``lasting`` (parts that never change), for the next
    process as well.
    """
    chunks: list[bytes] = []  # joined once: the fonts make a megabyte or two
    directory: list[bytes] = []
    offset = 0
    for name, data in entries:
        encoded, flags = _name(name)
        if name.startswith(reused):
            crc, packed = deflated(data, lasting=name.startswith(lasting))
        else:
            crc, packed = _deflate(data)
        sizes = (crc, len(packed), len(data), len(encoded))
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, _VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE, *sizes, 0
        )
        chunks += (header, encoded, packed)
        directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                _VERSION,
                _VERSION,
                flags,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                *sizes,
                0,
                0,
                0,
                0,
                _PERMISSIONS,
                offset,
            )
            + encoded
        )
        offset += len(header) + len(encoded) + len(packed)
    listed = b"".join(directory)
    count = len(directory)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(listed), offset, 0)
    return b"".join([*chunks, listed, end])


def _name(name: str) -> tuple[bytes, int]:
    """The member name's bytes and the flag saying how they are encoded."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def _deflate(data: bytes) -> tuple[int, bytes]:
    """``data``'s CRC-32 and its raw deflate stream, as :mod:`zipfile` makes it."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


@functools.lru_cache(maxsize=32)
def deflated(data: bytes, lasting: bool = False) -> tuple[int, bytes]:
    """``data``'s CRC-32 and raw deflate stream, kept for a member that repeats build after
    build (fonts, charts, styles: a few dozen entries, so a few megabytes at most).

    ``lasting`` data (a font) is kept in the cache folder too, under a digest of the data and
    the version of zlib, so that a new process reads it instead of deflating it again.
    """
    if not lasting:
        return _deflate(data)
    name = f"deflated-{hashlib.sha256(data).hexdigest()}-zlib{zlib.ZLIB_RUNTIME_VERSION}"
    kept = read_kept(name)
    crc = zlib.crc32(data)
    if kept is not None and kept[:4] == crc.to_bytes(4, "big"):
        return crc, kept[4:]
    crc, packed = _deflate(data)
    keep(name, crc.to_bytes(4, "big") + packed)
    return crc, packed

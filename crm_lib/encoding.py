"""Text encodings of CSV exports: UTF-8 (with or without BOM) and Shift_JIS/CP932.

Files are checked in chunks with the codecs' incremental decoders, never line by line,
and a file in CP932 is transcoded once to UTF-8 so the engine can read it.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from crm_lib.errors import DataError

CHUNK_BYTES = 1 << 20
BOM = codecs.BOM_UTF8
LABEL = {"utf-8": "UTF-8", "cp932": "Shift_JIS (CP932)"}


def first_invalid_byte(path: Path, encoding: str) -> int | None:
    """Byte offset of the first byte that is not valid ``encoding``, or None if all is."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            pending = len(decoder.getstate()[0])  # bytes carried over from the last chunk
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset - len(decoder.getstate()[0])
    return None


def line_of_offset(path: Path, offset: int) -> int:
    """1-based line number holding the byte at ``offset``."""
    lines, seen = 1, 0
    with path.open("rb") as fh:
        while seen < offset and (chunk := fh.read(min(CHUNK_BYTES, offset - seen))):
            lines += chunk.count(b"\n")
            seen += len(chunk)
    return lines


def _first_non_ascii(path: Path) -> int | None:
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            stripped = chunk[len(BOM) :] if offset == 0 and chunk.startswith(BOM) else chunk
            if not stripped.isascii():
                skip = len(chunk) - len(stripped)
                return offset + skip + next(i for i, b in enumerate(stripped) if b > 0x7F)
            offset += len(chunk)
    return None


def resolve_encoding(path: Path, declared: str) -> str:
    """The encoding of a CSV file: ``utf-8`` or ``cp932``.

    ``declared`` is ``auto``, ``utf-8`` or ``cp932``. With ``auto``, UTF-8 is tried first
    (a valid non-ASCII UTF-8 file is practically never CP932), then CP932. A file that is
    not valid in its declared encoding raises DataError naming the first bad row.
    """
    bad_utf8 = first_invalid_byte(path, "utf-8")
    if declared == "auto":
        if bad_utf8 is None:
            return "utf-8"
        if first_invalid_byte(path, "cp932") is None:
            return "cp932"
        row = line_of_offset(path, bad_utf8)
        raise DataError(str(path), "text is neither UTF-8 nor Shift_JIS (CP932)", row=row)
    if declared == "utf-8":
        if bad_utf8 is not None:
            row = line_of_offset(path, bad_utf8)
            hint = " (it looks like Shift_JIS: set encoding: cp932)"
            hint = hint if first_invalid_byte(path, "cp932") is None else ""
            raise DataError(str(path), f"text is not valid UTF-8{hint}", row=row)
        return "utf-8"
    non_ascii = _first_non_ascii(path)
    if bad_utf8 is None and non_ascii is not None:
        row = line_of_offset(path, non_ascii)
        problem = "text is UTF-8, not the declared Shift_JIS (CP932): set encoding: utf-8"
        raise DataError(str(path), problem, row=row)
    bad = first_invalid_byte(path, "cp932")
    if bad is not None:
        row = line_of_offset(path, bad)
        raise DataError(str(path), "text is not valid Shift_JIS (CP932)", row=row)
    return "cp932"


def transcode_to_utf8(path: Path, encoding: str, dest: Path) -> Path:
    """Write ``path`` decoded from ``encoding`` to ``dest`` as UTF-8; returns ``dest``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as src, dest.open("w", encoding="utf-8", newline="") as out:
        while chunk := src.read(CHUNK_BYTES):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return dest

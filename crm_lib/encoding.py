"""Text encodings of CSV exports: UTF-8 (with or without BOM), Shift_JIS/CP932, UTF-16/32.

Files are checked in chunks with the codecs' incremental decoders, never line by line,
and a file in another encoding than UTF-8 is transcoded once to UTF-8 so the engine can
read it. UTF-16 and UTF-32 (what Excel writes as "Unicode text") are recognised by their
byte order mark or, without one, by the pattern of NUL bytes that ASCII text leaves in
them, and are read with ``encoding: auto``. EUC-JP is recognised and refused with a hint,
as are files that are not text at all (an Excel workbook, a zip, a Parquet file).
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from crm_lib.errors import DataError

CHUNK_BYTES = 1 << 20
SNIFF_BYTES = 1 << 16  # how much of the start of a file decides UTF-16/32 and EUC-JP
BOM = codecs.BOM_UTF8
LABEL = {
    "utf-8": "UTF-8",
    "cp932": "Shift_JIS (CP932)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
}
WIDE_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
NOT_TEXT = (  # file signatures of things people export instead of CSV
    (b"PK\x03\x04", "an Excel workbook or a zip archive, not a CSV file: save it as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) workbook, not a CSV file: save it as CSV"),
    (b"PAR1", "a Parquet file, not a CSV file: give it the .parquet suffix"),
    (b"\x1f\x8b", "gzip-compressed: unpack it first"),
)
SAVE_AS = "save it as UTF-8 or Shift_JIS"


def printable(text: object) -> str:
    """``text`` with control characters (NUL, line breaks, ESC ...) shown as escapes.

    A message to the user is one line and never carries raw control bytes to a terminal.
    """
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}")
    if unicodedata.category(ch) in {"Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"}:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


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


def line_of_offset(path: Path, offset: int, encoding: str | None = None) -> int:
    """1-based line number holding the byte at ``offset``.

    Line breaks are counted as bytes, which is right for UTF-8 and CP932 (whose multi-byte
    characters never contain the byte of a line break); for ``encoding`` (UTF-16/32) the
    text is decoded to count them.
    """
    lines, seen = 1, 0
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace") if encoding else None
    with path.open("rb") as fh:
        while seen < offset and (chunk := fh.read(min(CHUNK_BYTES, offset - seen))):
            lines += decoder.decode(chunk).count("\n") if decoder else chunk.count(b"\n")
            seen += len(chunk)
    return lines


def first_long_line(path: Path, limit: int) -> int | None:
    """1-based number of the first line longer than ``limit`` bytes, or None."""
    line, length = 1, 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            start = 0
            while (end := chunk.find(b"\n", start)) != -1:
                if length + end - start > limit:
                    return line
                line, length, start = line + 1, 0, end + 1
            length += len(chunk) - start
            if length > limit:
                return line
    return None


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


def _head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def wide_encoding(head: bytes) -> str | None:
    """``utf-16``/``utf-32`` (with a BOM) or their ``-le``/``-be`` forms (NUL pattern), or None.

    Without a BOM, text that is mostly ASCII (as a CSV is: digits, commas, line breaks)
    leaves a NUL in every other byte (UTF-16) or in three bytes of four (UTF-32); a stray
    NUL in a UTF-8 file does not look like that.
    """
    for bom, name in WIDE_BOMS:
        if head.startswith(bom):
            return name
    quads = len(head) // 4
    if quads < 2 or head.count(0) < len(head) // 4:
        return None
    zeros = [head[i : quads * 4 : 4].count(0) / quads for i in range(4)]
    if zeros[2] > 0.9 and zeros[3] > 0.9 and zeros[0] < 0.5:
        return "utf-32-le"
    if zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[3] < 0.5:
        return "utf-32-be"
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def looks_like_euc_jp(path: Path) -> bool:
    """Whether the start of the file reads as Japanese in EUC-JP (kana, valid bytes).

    Decoded as CP932, EUC-JP text is mostly half-width katakana; decoded as EUC-JP it has
    hiragana or katakana. A Shift_JIS file is rarely valid EUC-JP at all.
    """
    head = _head(path)
    try:
        euc = codecs.getincrementaldecoder("euc_jp")(errors="strict").decode(head)
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in euc if ord(ch) > 0x7F]
    if not wide:
        return False
    kana = sum("\u3041" <= ch <= "\u30fa" for ch in wide)
    sjis = codecs.getincrementaldecoder("cp932")(errors="replace").decode(head)
    sjis_wide = [ch for ch in sjis if ord(ch) > 0x7F]
    halfwidth = sum("\uff61" <= ch <= "\uff9f" for ch in sjis_wide)
    return kana >= 0.1 * len(wide) and halfwidth >= 0.5 * len(sjis_wide)


def _not_text(label: str, head: bytes) -> None:
    for magic, problem in NOT_TEXT:
        if head.startswith(magic):
            raise DataError(label, f"this is {problem}")


def resolve_encoding(path: Path, declared: str, label: str | None = None) -> str:
    """The encoding of a CSV file: ``utf-8``, ``cp932``, or a UTF-16/UTF-32 codec name.

    ``declared`` is ``auto``, ``utf-8`` or ``cp932``. With ``auto``, UTF-16/32 are
    recognised first, then UTF-8 is tried (a valid non-ASCII UTF-8 file is practically never
    CP932), then CP932. A file that is not valid in its declared encoding raises DataError
    naming the first bad row; ``label`` is the file as the user named it.
    """
    label = label or str(path)
    head = _head(path)
    _not_text(label, head)
    wide = wide_encoding(head)
    if wide:
        if declared != "auto":
            problem = (
                f"text is {LABEL[wide]}, not the declared {LABEL[declared]}: "
                f"set encoding: auto to read it, or {SAVE_AS}"
            )
            raise DataError(label, problem, row=1)
        bad = first_invalid_byte(path, wide)
        if bad is not None:
            row = line_of_offset(path, bad, wide)
            raise DataError(label, f"text is not valid {LABEL[wide]}", row=row)
        return wide
    bad_utf8 = first_invalid_byte(path, "utf-8")
    if declared == "auto":
        if bad_utf8 is None:
            return "utf-8"
        if first_invalid_byte(path, "cp932") is None:
            if looks_like_euc_jp(path):
                problem = (
                    f"text looks like EUC-JP, which is not supported: {SAVE_AS} "
                    "(or set encoding: cp932 if it is Shift_JIS)"
                )
                raise DataError(label, problem)
            return "cp932"
        row = line_of_offset(path, bad_utf8)
        if looks_like_euc_jp(path):
            raise DataError(label, f"text is EUC-JP, which is not supported: {SAVE_AS}", row=row)
        raise DataError(label, "text is neither UTF-8 nor Shift_JIS (CP932)", row=row)
    if declared == "utf-8":
        if bad_utf8 is not None:
            row = line_of_offset(path, bad_utf8)
            hint = " (it looks like Shift_JIS: set encoding: cp932)"
            hint = hint if first_invalid_byte(path, "cp932") is None else ""
            raise DataError(label, f"text is not valid UTF-8{hint}", row=row)
        return "utf-8"
    non_ascii = _first_non_ascii(path)
    if bad_utf8 is None and non_ascii is not None:
        row = line_of_offset(path, non_ascii)
        problem = "text is UTF-8, not the declared Shift_JIS (CP932): set encoding: utf-8"
        raise DataError(label, problem, row=row)
    bad = first_invalid_byte(path, "cp932")
    if bad is not None:
        row = line_of_offset(path, bad)
        raise DataError(label, "text is not valid Shift_JIS (CP932)", row=row)
    return "cp932"


def transcode_to_utf8(path: Path, encoding: str, dest: Path) -> Path:
    """Write ``path`` decoded from ``encoding`` to ``dest`` as UTF-8; returns ``dest``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as src, dest.open("w", encoding="utf-8", newline="") as out:
        while chunk := src.read(CHUNK_BYTES):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return dest

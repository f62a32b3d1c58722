"""Bytes to text: BOM, then UTF-8, then a declared charset, then charset detection.

A page's own declaration (``<meta charset=...>``, an XML ``encoding=``) is believed when the
bytes decode under it. Detection (charset_normalizer) is steered to the encodings web pages
use: on short samples it otherwise often picks an old DOS or Mac code page, and an English
page in Windows-1252 comes out as mojibake.
"""

from __future__ import annotations

import codecs
import re

from articlekit.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Share of control characters above which decoded text is taken for binary data.
MAX_CONTROL_SHARE = 0.05

#: A charset declared in the first bytes of a page: ``<meta charset="x">``,
#: ``<meta http-equiv="Content-Type" content="text/html; charset=x">``, ``<?xml encoding="x"?>``.
_DECLARED_RE = re.compile(
    rb"""<(?:meta\b[^>]{0,300}?\bcharset|\?xml\b[^>]{0,100}?\bencoding)\s*=\s*["']?\s*"""
    rb"""([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
#: Declared labels that mean a larger encoding on the web (what browsers do): pages labelled
#: Latin-1 or ASCII are written in Windows-1252, GB2312 pages in GBK/GB18030, and so on.
_WEB_SUPERSET = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
#: Encodings web pages come in (the WHATWG Encoding Standard's, as Python names them).
_WEB_ENCODINGS = frozenset(
    codecs.lookup(name).name
    for name in (
        *(f"cp125{i}" for i in range(9)),
        *(f"iso8859-{i}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16)),
        "koi8-r", "koi8-u", "cp866", "cp874", "mac-roman", "mac-cyrillic",
        "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "euc_kr", "cp949",
        "euc_jp", "euc_jis_2004", "euc_jisx0213", "iso2022_jp", "iso2022_jp_2",
        "shift_jis", "shift_jis_2004", "shift_jisx0213", "cp932", "utf-16-le", "utf-16-be",
    )
)  # fmt: skip


#: Text codecs Python has that are no page's charset: ``undefined`` raises on every input,
#: ``unicode_escape`` and the like read backslashes as escapes.
_NOT_CHARSETS = frozenset(
    ("undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "mbcs", "oem")
)


def decode(data: bytes) -> str:
    """Decode ``data`` or raise :class:`InputError` saying why it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after its byte-order mark: {exc}") from exc
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared is not None:
        try:
            return _checked(data.decode(declared))
        except UnicodeError:  # UnicodeDecodeError, and what a broken codec raises
            pass  # the declaration is wrong: detect instead
    encoding = _detect(data)
    try:
        return _checked(data.decode(encoding))
    except (UnicodeError, LookupError) as exc:
        raise InputError(f"cannot decode as {encoding}: {exc}") from exc


def _declared(data: bytes) -> str | None:
    """The encoding the page declares in its first 4 KB, if Python knows it as a text
    encoding. A label that names one of Python's other codecs (``base64``, ``hex``,
    ``rot13``, ``zlib``, ``bz2``, ``uu``, ``quopri``, ``undefined``) is no charset: it is
    ignored, as an unknown label is, and the bytes go to detection."""
    match = _DECLARED_RE.search(data[:4096])
    if match is None:
        return None
    try:
        info = codecs.lookup(match[1].decode("ascii"))
    except LookupError:
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_CHARSETS:
        return None
    if name in ("utf-8", "utf-16", "utf-32"):  # UTF-8 failed already; UTF-16 needs its BOM
        return None
    return _WEB_SUPERSET.get(name, name)


def _detect(data: bytes) -> str:
    """charset_normalizer's best guess among the web's encodings (Windows-1252 on a tie)."""
    from charset_normalizer import from_bytes  # imported late: keeps `import articlekit` fast

    results = list(from_bytes(data[:1_000_000]))
    if not results:
        raise InputError("not text: no character encoding fits these bytes")
    web = [m for m in results if _lookup(m.encoding) in _WEB_ENCODINGS] or results
    best = web[0]
    for match in web:
        if _lookup(match.encoding) == "cp1252" and match.chaos <= best.chaos:
            return "cp1252"
    return str(best.encoding)


def _lookup(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


#: Control characters that never occur in text (tab, line and page breaks excepted).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def _checked(text: str) -> str:
    sample = text[:100_000]
    if sample:
        # Counted on the UTF-8 bytes: a control character is one byte there and no other
        # character holds such a byte, and bytes.translate is several times faster than a
        # regex over the str (this runs on every input).
        raw = sample.encode("utf-8", "surrogatepass")
        controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
        if controls / len(sample) > MAX_CONTROL_SHARE:
            raise InputError("not text: too many control characters (binary data?)")
    return text

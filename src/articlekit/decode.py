"""Bytes to text: BOM, then UTF-8, then charset detection (charset_normalizer)."""

from __future__ import annotations

import codecs

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Share of control characters above which decoded text is taken for binary data.
MAX_CONTROL_SHARE = 0.05


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
    from charset_normalizer import from_bytes  # imported late: keeps `import articlekit` fast

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise InputError("not text: no character encoding fits these bytes")
    try:
        return _checked(data.decode(best.encoding))
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"cannot decode as {best.encoding}: {exc}") from exc


def _checked(text: str) -> str:
    sample = text[:100_000]
    if sample:
        controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\x0b\x0c")
        if controls / len(sample) > MAX_CONTROL_SHARE:
            raise InputError("not text: too many control characters (binary data?)")
    return text

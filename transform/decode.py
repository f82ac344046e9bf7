"""Bytes -> text the way a browser would, but safer for Chinese sites.

Order: BOM, HTTP charset, <meta charset>/http-equiv, strict UTF-8, then detection.
Any GB2312/GBK label decodes as GB18030 (a superset: pages labelled GB2312 often carry
GBK-only characters, and GB18030 also covers U+00A0 and rare names).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from transform.record import TransformError

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "hz-gb-2312", "gb_2312-80"}
_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_CT_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
MAX_REPLACEMENT_SHARE = 0.2


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # bom | http | meta | utf-8 | detected | override


def normalise_label(label: str) -> str | None:
    """Map a declared charset label to a Python codec name, or None when unknown."""
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in {"big5", "big5-hkscs", "x-x-big5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared_in_meta(raw: bytes) -> str | None:
    m = _META_RE.search(raw[:4096])
    return normalise_label(m.group(1).decode("ascii", "ignore")) if m else None


def _strict(raw: bytes, enc: str) -> str | None:
    try:
        return raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control characters in the head: not a text page."""
    head = raw[:8192]
    if b"\x00" in head:
        return not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE))
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and ctrl / len(head) > 0.05


def decode_bytes(raw: bytes, content_type: str | None = None, override: str | None = None) -> Decoded:
    """Decode a page; raises TransformError('decode', ...) rather than emit mojibake."""
    if not raw.strip():
        raise TransformError("read", "empty input")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return Decoded(raw[len(bom):].decode(enc, "replace"), enc, "bom")
    if looks_binary(raw):
        raise TransformError("decode", "binary content, not a text or HTML page")
    candidates: list[tuple[str, str]] = []
    if override:
        candidates.append((normalise_label(override) or override, "override"))
    if content_type and (m := _CT_RE.search(content_type)) and (enc := normalise_label(m.group(1))):
        candidates.append((enc, "http"))
    if enc := _declared_in_meta(raw):
        candidates.append((enc, "meta"))
    candidates.append(("utf-8", "utf-8"))
    for enc, how in candidates:
        text = _strict(raw, enc)
        if text is not None:
            return Decoded(text, enc, how)
    return _detect(raw)


def _detect(raw: bytes) -> Decoded:
    # Chinese pages without a usable label are nearly always GB-family; try that before
    # a statistical guess, which is unreliable on short snippets (it says cp949).
    text = _strict(raw, "gb18030")
    if text is not None and _han_share(text) > 0.2:
        return Decoded(text, "gb18030", "detected")
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is not None:
        enc = normalise_label(best.encoding) or best.encoding
        text = raw.decode(enc, "replace")
    else:
        enc, text = "gb18030", raw.decode("gb18030", "replace")
    bad = text.count("\ufffd")
    if bad and bad / max(1, len(text)) > MAX_REPLACEMENT_SHARE:
        raise TransformError("decode", f"undecodable: {bad} replacement characters after decoding as {enc}")
    return Decoded(text, enc, "detected")


def _han_share(text: str) -> float:
    sample = text[:20000]
    visible = [c for c in sample if not c.isspace() and not c.isascii()]
    if not sample.strip():
        return 0.0
    han = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff")
    return han / max(1, len([c for c in sample if not c.isspace()]))

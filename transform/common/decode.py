"""Bytes -> text the way a browser would, but safer for Chinese sites.

Order: BOM, caller override, then evidence before labels where labels are known to lie:

1. BOM (authoritative, as in browsers; UTF-32 marks checked before UTF-16 ones). Without a
   BOM, text with NUL bytes is tried as UTF-32 and UTF-16 (strictly) before being called
   binary.
2. Bytes that are valid UTF-8 and contain multi-byte sequences are UTF-8 whatever the label
   says: GB decoders accept most UTF-8 byte strings and would silently produce mojibake,
   while GBK text that happens to be valid UTF-8 does not occur beyond a few characters.
3. HTTP charset, then <meta charset>/http-equiv/<?xml encoding?>, each accepted when it
   decodes with (almost) no errors. A Western single-byte label (latin-1, windows-1252)
   on bytes that read as Chinese in GB18030 is overruled: such labels come from server
   defaults, and latin-1 "decodes" anything.
4. Detection: GB18030 vs Big5 by the share of very common Chinese characters, then
   charset-normalizer.

Any GB2312/GBK label decodes as GB18030 (a superset: pages labelled GB2312 often carry
GBK-only characters, and GB18030 also covers U+00A0 and rare names). A page that still
comes out mostly as replacement characters raises TransformError('decode', ...).

A page whose encoding changes part-way (a UTF-8 page with a GBK tail pasted in) is decoded
part by part when each part reads cleanly in its own encoding (`how = "mixed"`); it is never decoded whole in one encoding that turns the other part into mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from transform.record import TransformError

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "hz-gb-2312", "gb_2312-80",
              "gb_2312", "csgb2312", "chinese", "iso-ir-58", "windows-936"}
_BIG5_FAMILY = {"big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5", "big5hkscs", "cp950"}
_WESTERN = {"latin_1", "iso8859-1", "cp1252", "ascii", "iso8859-15", "windows-1252", "us-ascii"}
_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.I)
_CT_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
# UTF-32 before UTF-16: the UTF-32-LE mark (FF FE 00 00) begins with the UTF-16-LE one (FF FE).
_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
MAX_REPLACEMENT_SHARE = 0.2  # above this the page is refused, not emitted as mojibake
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_LABEL_TOLERANCE = 0.002  # a labelled page may carry a few broken bytes (truncation, bad editors)
_META_WINDOW = 16384  # browsers look at 1024 bytes; CMS heads with long meta lists need more

# Very frequent characters in Chinese prose, in both scripts. A right decoding of Chinese text
# is full of them; GB18030 reading Big5 bytes (or the reverse) yields rare characters instead.
_COMMON = frozenset(
    "的一是在不了有人我他这這中大为為上个個国國们們以到说說时時要就出会會可也你对對生能而子"
    "那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現"
    "当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實日月"
)
_DROP_COMMON = dict.fromkeys(map(ord, _COMMON))  # str.translate table deleting them: a count in C


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # bom | override | utf-8 | http | meta | detected | mixed


def normalise_label(label: str) -> str | None:
    """Map a declared charset label to a Python codec name, or None when unknown."""
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in _BIG5_FAMILY:
        return "big5hkscs"
    if label in {"utf8", "unicode", "utf-8"}:
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared_in_markup(raw: bytes) -> str | None:
    head = raw[:_META_WINDOW]
    m = _XML_RE.search(head) or _META_RE.search(head)
    return normalise_label(m.group(1).decode("ascii", "ignore")) if m else None


def _strict(raw: bytes, enc: str) -> str | None:
    try:
        return raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _lenient(raw: bytes, enc: str, tolerance: float) -> str | None:
    """Decode with replacement when only a few bytes are broken (a cut-off last character,
    one bad paste); None when the label is evidently wrong for these bytes."""
    text = _strict(raw, enc)
    if text is not None:
        return text
    try:
        text = raw.decode(enc, "replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    return text if bad <= max(2, tolerance * len(text)) else None


def _utf8_evidence(raw: bytes) -> str | None:
    """The text when the bytes are UTF-8: valid, or valid but for a few broken sequences (a
    download cut inside a character, one bad paste) among many good multi-byte ones. GBK
    bytes read as UTF-8 break on nearly every Chinese character, so they never pass."""
    text = _strict(raw, "utf-8")
    if text is not None:
        return text
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = _nonascii(text) - bad
    return text if bad <= max(2, _LABEL_TOLERANCE * len(text)) and good >= 20 * bad else None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control characters in the head: not a text page."""
    head = raw[:8192]
    if b"\x00" in head:
        return not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE))
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and ctrl / len(head) > 0.05


def decode_bytes(raw: bytes, content_type: str | None = None, override: str | None = None) -> Decoded:
    """Decode a page; raises TransformError('decode', ...) rather than emit mojibake."""
    if not raw.strip():
        raise TransformError("read", "empty input")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            bom_text = raw[len(bom):].decode(enc, "replace")
            _refuse_if_unreadable(bom_text, enc)
            return Decoded(bom_text, enc, "bom")
    if b"\x00" in raw[:8192] and (wide := _wide_without_bom(raw)) is not None:
        return wide
    if looks_binary(raw):
        raise TransformError("decode", "binary content, not a text or HTML page")
    if override:
        enc = normalise_label(override) or override
        text = _lenient(raw, enc, _LABEL_TOLERANCE)
        if text is not None:
            return Decoded(text, enc, "override")
    utf8 = _utf8_evidence(raw)
    if utf8 is not None and not raw.isascii():
        return Decoded(utf8, "utf-8", "utf-8")
    if (mixed := _utf8_then_gb(raw)) is not None:
        return mixed
    labels = _labels(raw, content_type)
    if (labelled := _by_labels(raw, labels)) is not None:
        return labelled
    if utf8 is not None:  # pure ASCII
        return Decoded(utf8, "ascii", "utf-8")
    return _detect(raw, labels)


def _labels(raw: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """The encodings the page is labelled with: HTTP charset first, then the markup's."""
    labels: list[tuple[str, str]] = []
    if content_type and (m := _CT_RE.search(content_type)) and (http_enc := normalise_label(m.group(1))):
        labels.append((http_enc, "http"))
    if meta_enc := _declared_in_markup(raw):
        labels.append((meta_enc, "meta"))
    return labels


def _by_labels(raw: bytes, labels: list[tuple[str, str]]) -> Decoded | None:
    """The first label that decodes the page (almost) cleanly; Western labels on non-ASCII
    bytes are server defaults and left to detection."""
    for label, how in labels:
        if label in _WESTERN and not raw.isascii():
            continue
        text = _lenient(raw, label, _LABEL_TOLERANCE)
        if text is not None:
            return Decoded(text, label, how)
    return None


def _refuse_if_unreadable(text: str, enc: str) -> None:
    """NUL-interleaved or control-character soup is not text, whatever a BOM claimed."""
    sample = text[:20_000]
    if not sample.strip():
        raise TransformError("read", "empty input")
    ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    bad = sample.count("\ufffd")
    if (ctrl + bad) / len(sample) > 0.05:
        raise TransformError("decode", f"unreadable as {enc}: {ctrl} control and {bad} replacement characters")


def _wide_without_bom(raw: bytes) -> Decoded | None:
    """UTF-32/UTF-16 without a byte-order mark: the encoding whose strict reading gives text
    with no control characters (ASCII in UTF-16 is half NUL bytes; binary data fails)."""
    for enc in _WIDE:
        unit = 4 if "32" in enc else 2
        if len(raw) % unit:
            continue
        text = _strict(raw, enc)
        if text is None:
            continue
        sample = text[:20_000]
        ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
        if sample.strip() and ctrl / len(sample) < 0.01 and (_common_share(text) >= 0.08 or text.isascii()):
            return Decoded(text, enc, "detected")
    return None


def _utf8_then_gb(raw: bytes) -> Decoded | None:
    """A UTF-8 page whose tail is GB-encoded: both parts decoded, each in its own encoding.

    The switch is where UTF-8 first breaks; the head must be clearly UTF-8 (many multi-byte
    characters) and the tail clean GB18030 made of everyday characters, else None.
    """
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        cut = exc.start
    head = raw[:cut].decode("utf-8")
    if sum(1 for c in head if ord(c) > 0x7F) < 20:
        return None
    tail = _strict(raw[cut:], "gb18030")
    if tail is None or _common_share(tail) < 0.08 or sum(1 for c in tail if ord(c) > 0x7F) < 4:
        return None
    return Decoded(head + tail, "utf-8+gb18030", "mixed")


def _multibyte(enc: str) -> bool:
    name = codecs.lookup(enc).name
    return name.startswith(("utf", "gb", "big5", "shift_jis", "euc", "cp949", "cp932", "cp950", "iso2022", "hz"))


def _nonascii(text: str) -> int:
    """Characters above U+007F, counted in C (a per-character loop cost ~1 ms a page)."""
    return len(text) - len(text.encode("ascii", "ignore"))


def _nonascii_share(text: str) -> float:
    sample = text[:50_000]
    return _nonascii(sample) / max(1, len(sample))


def _common_share(text: str) -> float:
    sample = text[:50_000]
    nonascii = _nonascii(sample)
    if not nonascii:
        return 0.0
    return (len(sample) - len(sample.translate(_DROP_COMMON))) / nonascii


def _detect(raw: bytes, labels: list[tuple[str, str]]) -> Decoded:
    # Chinese pages without a usable label are nearly always GB-family or Big5; a statistical
    # guess is unreliable on short snippets (charset-normalizer says cp949), so compare the two
    # Chinese readings first by how much of the text is everyday characters.
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5hkscs"):
        text = _lenient(raw, enc, 0.01)
        if text is not None:
            share = _common_share(text)
            if best is None or share > best[0]:
                best = (share, enc, text)
    if best is not None and best[0] >= 0.08:
        return Decoded(best[2], best[1], "detected")
    from charset_normalizer import from_bytes

    guess = from_bytes(raw[:200_000]).best()
    if guess is not None:
        enc = normalise_label(guess.encoding) or guess.encoding
        text = raw.decode(enc, "replace")
        if not _multibyte(enc) and _nonascii_share(text) > 0.3:
            # Single-byte codecs decode any byte soup; a page mostly made of such characters
            # is not a Chinese page this project can read (binary data, or a damaged file).
            raise TransformError("decode", f"unreadable: bytes only fit single-byte {enc}, not Chinese text")
    elif labels:
        enc = labels[0][0]
        text = raw.decode(enc, "replace")
    else:
        enc, text = "gb18030", raw.decode("gb18030", "replace")
        if _common_share(text) < 0.02:
            raise TransformError("decode", "no encoding yields readable text (random or binary bytes)")
    bad = text.count("\ufffd")
    if bad and bad / max(1, len(text)) > MAX_REPLACEMENT_SHARE:
        raise TransformError("decode", f"undecodable: {bad} replacement characters after decoding as {enc}")
    return Decoded(text, enc, "detected")

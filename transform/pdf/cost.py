"""What a PDF page will cost to interpret, counted before pdfminer interprets anything.

A page is refused early, with its reason, when its drawing instructions would take too long:
a content stream that inflates to megabytes (a zip bomb stops at the budget while inflating),
or form XObjects drawn thousands of times (a small file can draw one form over and over, or
nest forms that fan out: ten uses of ten uses of ...). transform.pdf.reader refuses the page
on these figures; docs/limits.md lists them.
"""

from __future__ import annotations

import re

# Decoded page content: a dense newspaper page needs well under 2 MB; pdfminer interprets
# about 1 MB of operators in 2-4 s, so this bounds the time a single page can take.
MAX_CONTENT_BYTES = 8 * 1024 * 1024
# Form XObjects drawn on one page, nested uses multiplied out (a logo or ornament: a few dozen;
# 2,000 uses of a one-line form take about 3 s to interpret), and how deep forms may nest.
MAX_FORM_USES, MAX_FORM_DEPTH = 2_000, 12

_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def decoded(stream, budget: int) -> bytes:
    """A content stream's bytes, inflating at most budget + 1 of them (a zip bomb stops there)."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    raw = stream.get_rawdata()
    filters = [f for f, _params in stream.get_filters()]
    if raw is not None and not stream.decipher and len(filters) == 1 and filters[0] in LITERALS_FLATE_DECODE:
        try:
            return zlib.decompressobj().decompress(raw, budget + 1)
        except zlib.error:
            return raw
    return stream.get_data() or b""


def form_xobjects(resources) -> dict:
    from pdfminer.pdftypes import resolve1

    res = resolve1(resources)
    found = resolve1(res.get("XObject")) if isinstance(res, dict) else None
    return found if isinstance(found, dict) else {}


def content_cost(page) -> tuple[int, int]:
    """(bytes, form uses) of a page's drawing instructions with every form XObject expanded as
    often as it is drawn, counted before pdfminer interprets anything: a small file can draw
    one form thousands of times, or nest forms that fan out (10 uses of 10 uses of ...)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    memo: dict[int, tuple[int, int]] = {}

    def cost(data: bytes, xobjects: dict, depth: int) -> tuple[int, int]:
        size, uses = len(data), 0
        for m in _DO.finditer(data):
            if size > MAX_CONTENT_BYTES or uses > MAX_FORM_USES or depth > MAX_FORM_DEPTH:
                break
            ref = xobjects.get(m.group(1).decode("latin-1"))
            key = getattr(ref, "objid", None) or id(ref)
            if key not in memo:
                memo[key] = (MAX_CONTENT_BYTES + 1, MAX_FORM_USES + 1)  # a form drawing itself
                obj = resolve1(ref)
                subtype = getattr(obj.get("Subtype"), "name", None) if isinstance(obj, PDFStream) else None
                memo[key] = (cost(decoded(obj, MAX_CONTENT_BYTES), {**xobjects, **form_xobjects(obj.get("Resources"))},
                                  depth + 1) if subtype == "Form" else (0, 0))
            sub_size, sub_uses = memo[key]
            size, uses = size + sub_size, uses + 1 + sub_uses
        return size, uses

    data = b""
    for ref in page.page_obj.contents:
        stream = resolve1(ref)
        if isinstance(stream, PDFStream):
            data += decoded(stream, MAX_CONTENT_BYTES - len(data)) + b"\n"
        if len(data) > MAX_CONTENT_BYTES:
            return len(data), 0
    return cost(data, form_xobjects(page.page_obj.resources), 0)

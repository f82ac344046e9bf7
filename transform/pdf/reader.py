"""Newspaper page PDFs -> layout (transform.pdf.shapes): text in true reading order.

Why read the PDF and not a text dump of it: a dump loses what a reader uses to tell
articles apart - type size, rules and boxes, column positions - and scrambles the
order (titles after bodies, column pieces out of place, vertical headlines as single
characters). Here every character keeps its position and size (PDFium through
transform.pdf.objects, pdfminer where PDFium cannot place a page's glyphs or
NEWSETL_PDF_ENGINE=pdfplumber asks; docs/pdf.md, "Engines"), and the page's own structure
orders the text:

1. characters -> lines (transform.pdf.lines: same baseline and size, no gutter or rule between them);
   single characters stacked in a column are a vertical headline, read top to bottom;
2. lines -> blocks: lines set alike down one column; body text is cut into paragraph
   pieces at two-character indents and short last lines;
3. rules, frames and photo boxes from the page's drawing; the header and footer bands
   lie beyond the first and last full-width rules;
4. reading order by recursive XY-cut (transform.pdf.order.reading_order): rules first,
   then column gutters (a column is read to its bottom before the next), then the widest
   horizontal gap. A headline strip standing right of its article moves before it.

No text at all with an image on the page is a scan: TransformError, since OCR is out
of scope. Broken or password-protected files raise TransformError too, never a crash,
and reading stops at MAX_PAGES pages and TIME_BUDGET_S seconds.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections import Counter
from datetime import datetime

from transform.common.boilerplate import RuleSet
from transform.common.reflow import join_lines
from transform.pdf.ads import mark_advertisements
from transform.pdf.cost import MAX_CONTENT_BYTES, MAX_FORM_USES, content_cost
from transform.pdf.lines import Line, lines_of, vertical_headlines
from transform.pdf.order import reading_order
from transform.pdf.shapes import (
    BBox,
    PdfDocument,
    PdfPage,
    TextBlock,
    mark_bands,
    mark_captions,
    split_boxes,
)
from transform.record import RawPage, TransformError

MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_PAGES = 40
MAX_CHARS_PER_PAGE = 150_000
TIME_BUDGET_S = 60.0
SCANNED = "no text layer: scanned page image (OCR is out of scope)"
UNMAPPED = "no usable text layer: the fonts give no Unicode for their glyphs (text would be (cid:N) codes)"


def is_pdf(content: bytes) -> bool:
    """By content, not by file name: a PDF header near the start."""
    return b"%PDF-" in content[:1024]


def pdf_records(page: RawPage, *, rules: RuleSet | None = None, read_at: datetime | None = None,
                derived: bool = True) -> list[dict]:
    """read_pdf + transform.pdf.articles.parse_pdf, dated by the page's own edition date:
    what transform.parse_page does with PDF bytes."""
    from transform.pdf.articles import parse_pdf

    return parse_pdf(read_pdf(page.content), page, edition_date=page.edition_date,
                     edition_source=page.edition_source or "url", rules=rules, read_at=read_at, derived=derived)


def read_pdf(content: bytes, *, max_pages: int = MAX_PAGES, time_budget: float = TIME_BUDGET_S) -> PdfDocument:
    """The layout of every page (up to max_pages); raises TransformError for what cannot be read."""
    if not is_pdf(content):
        raise TransformError("read", "not a PDF: no %PDF- header")
    if len(content) > MAX_PDF_BYTES:
        raise TransformError("read", f"PDF too large: {len(content)} bytes (limit {MAX_PDF_BYTES})")
    import pdfplumber

    deadline = time.monotonic() + time_budget
    try:
        pdf = pdfplumber.open(io.BytesIO(content))
    except Exception as exc:
        raise _open_error(exc) from exc
    with pdf:
        doc = PdfDocument(metadata=_metadata(pdf))
        if getattr(pdf.doc, "encryption", None):
            doc.flags.append("pdf_encrypted_no_password")
        try:
            pages = pdf.pages
        except Exception as exc:
            raise TransformError("extract", f"broken PDF: page tree unreadable ({_why(exc)})") from exc
        if len(pages) > max_pages:
            doc.flags.append(f"pdf_pages_truncated:{len(pages)}")
        fast = _pdfium_document(content, len(pages))
        try:
            for i, page in enumerate(pages[:max_pages]):
                if time.monotonic() > deadline:
                    raise TransformError("extract",
                                         f"PDF too slow to read: over {time_budget:.0f}s, stopped at page {i + 1}")
                try:
                    doc.pages.append(_read_page(page, i + 1, fast))
                except TransformError:
                    raise
                except Exception as exc:
                    raise TransformError("extract", f"broken PDF: page {i + 1} unreadable ({_why(exc)})") from exc
                finally:
                    page.close()
        finally:
            if fast is not None:
                fast.close()
    if not any(p.char_count for p in doc.pages):
        if any(p.unmapped for p in doc.pages):
            raise TransformError("extract", UNMAPPED)
        if any(p.scanned for p in doc.pages):
            raise TransformError("extract", SCANNED)
        raise TransformError("extract", "no text layer: the PDF has neither text nor page images")
    return doc


def _inner(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exceptions: the one that says what went wrong."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc


def _why(exc: BaseException) -> str:
    return f"{type(_inner(exc)).__name__}: {_inner(exc)}"[:200]


def _open_error(exc: Exception) -> TransformError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if isinstance(inner := _inner(exc), PDFPasswordIncorrect):
        return TransformError("extract", "encrypted PDF: a password is needed to open it")
    if isinstance(inner, PDFEncryptionError):
        return TransformError("extract", f"encrypted PDF: unsupported encryption ({inner})")
    return TransformError("extract", f"broken PDF: {_why(exc)}")


def _metadata(pdf) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str | bytes | int)}
    except Exception:
        return {}


def _pdfium_document(content: bytes, pages: int):
    """The document opened with PDFium (transform.pdf.objects): the default engine, about five
    times faster than pdfminer on real pages with the same records on the labelled real pages
    and the PDF gate (docs/pdf.md, "Engines"). None - pdfplumber reads everything - when
    NEWSETL_PDF_ENGINE=pdfplumber asks for it, or when PDFium cannot open the document or counts
    its pages otherwise."""
    if os.environ.get("NEWSETL_PDF_ENGINE", "pdfium") == "pdfplumber":
        return None
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(content)
    except Exception:
        return None
    if len(document) != pages:
        document.close()
        return None
    return document


def _read_page(page, number: int, fast=None) -> PdfPage:
    size, uses = content_cost(page)
    if size > MAX_CONTENT_BYTES:
        raise TransformError(
            "extract", f"page {number}: over {MAX_CONTENT_BYTES >> 20} MB of drawing instructions ({size}+ bytes "
            "with repeated figures expanded), too slow to read")
    if uses > MAX_FORM_USES:
        raise TransformError("extract", f"page {number}: draws its figures (form XObjects) over {MAX_FORM_USES} times "
                                        "once nested uses are multiplied out, too slow to read")
    drawn = page
    if fast is not None:  # the characters, rules and images from PDFium; the checks above stay pdfminer's
        from transform.pdf.objects import read_objects

        fast_page = fast[number - 1]
        try:
            drawn = read_objects(fast_page)
        finally:
            fast_page.close()
        # Glyphs PDFium cannot place, or text drawn that gave it no characters at all: the
        # whole page from pdfminer (a page is never lost to the faster engine).
        if drawn.unplaced or (drawn.text_objects and not drawn.chars):
            drawn, fast = page, None
    chars = [c for c in drawn.chars if c["size"] >= 3 and c.get("upright", True)]
    if fast is None:  # pdfminer's characters: the baseline is their origin (text matrix f)
        for c in chars:
            if c.get("matrix"):
                c["baseline"] = float(page.height) - c["matrix"][5]
    unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if unmapped:
        chars = [c for c in chars if not c["text"].startswith("(cid:")]
    glyphs = sum(1 for c in chars if not c["text"].isspace())
    if glyphs > MAX_CHARS_PER_PAGE:
        raise TransformError("extract", f"page {number} has {glyphs} characters (limit {MAX_CHARS_PER_PAGE})")
    out = PdfPage(number=number, width=float(page.width), height=float(page.height), char_count=glyphs,
                  unmapped=unmapped)
    area = out.width * out.height
    images = [_bbox(im) for im in drawn.images]
    if unmapped > glyphs:  # mostly (cid:N): what is left (digits, Latin) is no article
        out.char_count = 0
        return out
    if not glyphs:
        out.scanned = any(b.width * b.height > 0.1 * area for b in images)
        return out
    sizes = Counter(round(c["size"] * 2) / 2 for c in chars if not c["text"].isspace())
    body = out.body_size = sizes.most_common(1)[0][0]
    hrules, vrules, boxes = _graphics(drawn, area)
    lines = vertical_headlines(lines_of(chars, body, vrules), body)
    blocks = _join_split_headline(_blocks(lines, body, hrules), body, vrules)
    # A drawn box around text is a frame (its edges separate like rules), and so is a picture
    # behind a headline (a title banner); a photo with body text inside its box (text wrapped
    # into it, a cut-out) is neither: it anchors the caption under it, outside the reading order.
    pictures = [b for b in images if b.width * b.height < 0.8 * area]
    covered = [b for b in pictures
               if any(b.contains(t.bbox, slack=2) and t.size < 1.2 * body and not t.vertical for t in blocks)]
    figures, frames = split_boxes(boxes + [b for b in pictures if b not in covered], blocks)
    for f in frames:
        hrules += [(f.x0, f.x1, f.top), (f.x0, f.x1, f.bottom)]
        vrules += [(f.x0, f.top, f.bottom), (f.x1, f.top, f.bottom)]
    out.figures = figures + covered
    mark_bands(blocks, hrules, out.height)
    mark_advertisements(blocks, frames, body, area)
    mark_captions(blocks, out.figures, body)
    for b in blocks:
        b.in_frame = any(f.contains(b.bbox) for f in frames)
    # An ad (transform.pdf.ads) keeps its place in the reading order, which it shapes like any
    # region (without it, its frame's edges would cut the articles beside it); it is skipped later.
    body_blocks = [b for b in blocks if b.band in ("body", "ad")]
    order = [b for b in blocks if b.band == "header"]
    order += reading_order(body_blocks, figures, hrules, vrules, body)
    order += [b for b in blocks if b.band == "footer"]
    out.blocks = order
    return out


SPLIT_HEADLINE_RATIO = 3.0  # display type: this many times the body size


def _join_split_headline(blocks: list[TextBlock], body: float, vrules: list) -> list[TextBlock]:
    """One display headline printed in two boxes side by side (早市附近发生车祸 | 民警菜市场揪出逃逸车主,
    over a lead story and its photo): single lines in the same large type on one baseline, a
    gap under 0.6 of the type size and no rule between, are one headline, read left to right."""
    heads = sorted((b for b in blocks if len(b.lines) == 1 and not b.vertical and b.size >= SPLIT_HEADLINE_RATIO * body),
                   key=lambda b: (round(b.bbox.top), b.bbox.x0))  # row by row, left to right
    drop: set[int] = set()
    for a, b in zip(heads, heads[1:], strict=False):
        if id(a) in drop:
            continue
        gap = b.bbox.x0 - a.bbox.x1
        if (abs(a.size - b.size) <= 0.03 * a.size and abs(a.bbox.top - b.bbox.top) <= 1.5
                and abs(a.bbox.bottom - b.bbox.bottom) <= 1.5 and 0 <= gap <= 0.6 * a.size
                and not any(a.bbox.x1 - 1 <= x <= b.bbox.x0 + 1 and t <= a.bbox.bottom and bt >= a.bbox.top
                            for x, t, bt in vrules)):
            a.text = f"{a.text.strip()} {b.text.strip()}"
            a.lines = [a.text]
            a.bbox = a.bbox.union(b.bbox)
            a.bold = a.bold or b.bold
            drop.add(id(b))
    return [b for b in blocks if id(b) not in drop]


def _bbox(obj: dict) -> BBox:
    return BBox(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _graphics(page, area: float) -> tuple[list, list, list[BBox]]:
    """Horizontal rules (x0, x1, y), vertical rules (x, top, bottom) and boxes."""
    hrules: list[tuple[float, float, float]] = []
    vrules: list[tuple[float, float, float]] = []
    boxes: list[BBox] = []
    for obj in list(page.lines) + list(page.rects):
        b = _bbox(obj)
        if b.height <= 3 and b.width >= 15:
            hrules.append((b.x0, b.x1, (b.top + b.bottom) / 2))
        elif b.width <= 3 and b.height >= 15:
            vrules.append(((b.x0 + b.x1) / 2, b.top, b.bottom))
        elif obj["object_type"] == "rect" and b.width > 12 and b.height > 12 and b.width * b.height < 0.8 * area:
            boxes.append(b)  # (a slanted line's bounding box is no box)
    return hrules, vrules, boxes


def _blocks(lines: list[Line], body: float, hrules: list) -> list[TextBlock]:
    """Lines set alike down one column -> runs; body runs cut into paragraph pieces."""
    runs: list[list[Line]] = []
    live: list[list[Line]] = []  # runs the lines still to come may extend (sorted by top)
    for ln in sorted(lines, key=lambda ln: (ln.bbox.top, ln.bbox.x0)):
        live = [r for r in live if ln.bbox.top - r[-1].bbox.bottom <= 0.95 * r[-1].size]
        best, best_gap = None, None
        for run in live:
            last = run[-1]
            gap = ln.bbox.top - last.bbox.bottom
            if ln.vertical or last.vertical or ln.bold != last.bold or abs(ln.size - last.size) > 0.04 * ln.size:
                continue
            if not -0.3 * ln.size <= gap <= 0.9 * ln.size:
                continue
            narrow = min(ln.bbox.width, last.bbox.width)
            # (a paragraph's last line of a character or two, under its indented first line,
            # shares no width with it and still goes on its paragraph)
            tail = 0 < last.bbox.x0 - ln.bbox.x0 <= 2.5 * ln.size and ln.bbox.x1 <= last.bbox.x1
            if ln.bbox.x_overlap(last.bbox) < 0.5 * narrow and not tail:
                continue
            heading = ln.size >= 1.2 * body
            if not heading and abs(ln.bbox.x0 - last.bbox.x0) > 2.5 * ln.size and abs(ln.bbox.x1 - last.bbox.x1) > ln.size:
                continue
            if any(last.bbox.bottom <= y <= ln.bbox.top and min(x1, ln.bbox.x1) - max(x0, ln.bbox.x0) > 0 for x0, x1, y in hrules):
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = run, gap
        if best is not None:
            best.append(ln)
        else:
            runs.append([ln])
            live.append(runs[-1])
    blocks: list[TextBlock] = []
    for run in runs:
        blocks += _paragraphs(run, body)
    return blocks


def _paragraphs(run: list[Line], body: float) -> list[TextBlock]:
    """Cut a body run where a line is indented or the line before stops short of the edge."""
    size = statistics.median(ln.size for ln in run)
    if run[0].vertical or size >= 1.2 * body or len(run) == 1:
        return [_block(run, indent=False, open_end=False)]
    left = min(ln.bbox.x0 for ln in run)
    ends = sorted(ln.bbox.x1 for ln in run)
    right = ends[len(ends) // 2] if len(ends) >= 3 else ends[-1]
    out: list[TextBlock] = []
    piece: list[Line] = []
    for ln in run:
        indented = ln.bbox.x0 >= left + 1.2 * size
        if piece and (indented or piece[-1].bbox.x1 < right - 1.2 * size):
            out.append(_block(piece, piece[0].bbox.x0 >= left + 1.2 * size, False))
            piece = []
        piece.append(ln)
    out.append(_block(piece, piece[0].bbox.x0 >= left + 1.2 * size, piece[-1].bbox.x1 >= right - size))
    return out


def _block(lines: list[Line], indent: bool, open_end: bool) -> TextBlock:
    box = lines[0].bbox
    for ln in lines[1:]:
        box = box.union(ln.bbox)
    texts = [ln.text for ln in lines]
    return TextBlock(
        text=join_lines(texts), bbox=box, size=statistics.median(ln.size for ln in lines),
        bold=lines[0].bold, lines=texts, vertical=lines[0].vertical, indent=indent, open_end=open_end,
    )

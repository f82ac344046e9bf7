"""The layout of a newspaper page PDF, as extract.pdf reads it and transform.pdf_page uses it.

Plain dataclasses with no PDF library behind them: extract/ fills them from the file,
transform/ turns them into articles, and tests can build them by hand. Coordinates are
PDF points measured from the page's top-left corner (y grows downwards), as pdfplumber
reports them.

What the extractor has already decided is geometric only: which characters form a line,
which lines form a block (a paragraph piece in one column, or a heading), the order in
which a reader meets the blocks, and what separates each block from the one before.
Whether a block is a title, a byline or a caption is the transform's call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What stands between a block and the previous one in reading order.
SEP_PAGE = "page"  # first block of the page
SEP_RULE = "rule"  # a drawn rule or a frame edge
SEP_GAP = "gap"  # whitespace taller than a blank line
SEP_COLUMN = "column"  # a column break: the previous block is in another column
SEP_LINE = "line"  # the next block down the same column


@dataclass(frozen=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def x_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def y_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.bottom, other.bottom) - max(self.top, other.top))

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1), max(self.bottom, other.bottom))

    def contains(self, other: BBox, slack: float = 1.0) -> bool:
        return (
            other.x0 >= self.x0 - slack
            and other.x1 <= self.x1 + slack
            and other.top >= self.top - slack
            and other.bottom <= self.bottom + slack
        )


@dataclass
class TextBlock:
    """A run of lines set alike: a paragraph piece in one column, or a heading.

    lines: the printed lines top to bottom (a vertical headline is one line, read top
    to bottom). text: the lines joined as one paragraph (no spaces at line breaks
    except between Latin words). indent: the first line starts about two characters in,
    which opens a paragraph in Chinese typesetting. open_end: the last line runs to the
    column's right edge, so the paragraph may go on in the next block.
    """

    text: str
    bbox: BBox
    size: float
    bold: bool = False
    lines: list[str] = field(default_factory=list)
    vertical: bool = False
    indent: bool = False
    open_end: bool = False
    sep_before: str = SEP_PAGE
    band: str = "body"  # header | body | footer: above the top rule, below the bottom rule
    caption_of: int | None = None  # index into PdfPage.figures: printed right under that figure
    in_frame: bool = False  # inside a drawn box together with other text (boxed article)


@dataclass
class PdfPage:
    """One page: its blocks in reading order and the figures (photo boxes) among them."""

    number: int  # 1-based position in the PDF
    width: float
    height: float
    blocks: list[TextBlock] = field(default_factory=list)
    figures: list[BBox] = field(default_factory=list)
    body_size: float = 0.0  # the commonest type size: the page's body text
    char_count: int = 0
    unmapped: int = 0  # glyphs whose font gives no Unicode (pdfminer's "(cid:N)"), left out
    scanned: bool = False  # images but no text: a scan, which needs OCR


@dataclass
class PdfDocument:
    pages: list[PdfPage] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # /Title, /Subject, /CreationDate, ...
    flags: list[str] = field(default_factory=list)  # e.g. pdf_encrypted_no_password, pdf_pages_truncated:N

    def text(self) -> str:
        """All block text in reading order, pages separated by a blank line (debugging, bench)."""
        return "\n\n".join("\n".join(b.text for b in p.blocks) for p in self.pages)

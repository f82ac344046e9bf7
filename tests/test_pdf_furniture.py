"""What a page PDF says about itself and how an article opens: the masthead without a rule
under it is the header (date, section), and a paper's own dateline set bold stays the first
line of its paragraph."""

from __future__ import annotations

from datetime import date

from transform.pdf.articles import pdf_articles
from transform.pdf.shapes import SEP_COLUMN, SEP_PAGE, BBox, PdfDocument, PdfPage, TextBlock


def _block(text: str, top: float, size: float = 9.0, sep: str = SEP_COLUMN, **kw) -> TextBlock:
    return TextBlock(text=text, bbox=BBox(30, top, 147, top + 12), size=size, sep_before=sep, **kw)


def test_a_bold_dateline_line_stays_the_start_of_its_paragraph() -> None:
    """A paper's own dateline set bold on the paragraph's first line (福州晚报讯 日前记者…) is not
    a subhead: the line joins its paragraph and no word of it is lost."""
    page = PdfPage(number=1, width=700, height=1000, body_size=9.0, char_count=100)
    page.blocks = [
        _block("武夷山景区全年免门票", 40, size=20, bold=True, sep=SEP_PAGE),
        TextBlock(text="福州晚报讯 日前记者", bbox=BBox(48, 80, 147, 92), size=9.0, bold=True, open_end=True,
                  indent=True, lines=["福州晚报讯 日前记者"]),
        _block("从全省文旅经济发展大会获悉，景区继续面向游客免门票。", 94, sep="line"),
    ]
    arts = pdf_articles(PdfDocument(pages=[page]))
    assert [a.title for a in arts] == ["武夷山景区全年免门票"]
    assert "日前记者从全省文旅经济发展大会获悉" in arts[0].body


def test_a_masthead_at_staggered_heights_is_the_header_not_a_kicker() -> None:
    """No rule under the header: the page number, the section name beside it and the date
    under the number (two lines) share no single row, but each overlaps the next; all are the
    header (the date dates the page, the name is the section), none joins the first kicker."""
    page = PdfPage(number=1, width=700, height=1000, body_size=9.0, char_count=100)

    def block(text: str, x0: float, top: float, bottom: float, size: float, **kw) -> TextBlock:
        return TextBlock(text=text, bbox=BBox(x0, top, x0 + size * len(text), bottom), size=size,
                         lines=kw.pop("lines", [text]), **kw)

    page.blocks = [
        block("7", 600, 8, 33, 25, bold=True, sep_before=SEP_PAGE),
        block("生活服务", 270, 20, 49, 29),
        block("2024年4月19日星期五", 60, 36, 57, 9, bold=True, lines=["2024年4月19日", "星期五"]),
        block("兰州新区公交线路调整", 100, 80, 100, 18, sep_before="line"),
        block("十条线路下周起换新站", 90, 105, 145, 36, bold=True, sep_before="line"),
        block("本报讯 记者从兰州新区交通运输局获悉，十条公交线路下周起调整站点。", 30, 170, 190, 9, sep_before="line", indent=True),
    ]
    arts = pdf_articles(PdfDocument(pages=[page]))
    assert [(a.kicker, a.title, a.section) for a in arts] == [("兰州新区公交线路调整", "十条线路下周起换新站", "生活服务")]
    assert arts[0].published_date == date(2024, 4, 19) and "edition_date_line" in arts[0].flags

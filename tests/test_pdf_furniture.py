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


_STORY = ["本报讯 兰州新区日前召开项目推进会，研究部署下一阶段招商引资和重点项目建设工作。"
          "会议要求各部门强化要素保障，推动签约项目尽早落地开工，确保全年目标任务顺利完成。",
          "会议还通报了一季度重点项目进展情况，新开工项目十二个，完成投资同比增长百分之十五。"]


def _ad_page(label_inside: bool = True, border_whole_page: bool = False) -> bytes:
    """An article over three columns beside paid space: a border, a shop in display type,
    price tags, a hotline and the label 广告 (in the corner, or just under the border)."""
    from tests import pdf_factory as pf

    def paint(s: pf.Sheet) -> None:
        s.header("2024年5月8日 星期三", "经济", "第3版")
        s.headline(["新区召开项目推进会"], pf.col_x(0), pf.col_x(2) + pf.COL_W, 70, 22.0)
        s.flow(_STORY, pf.cols(0, 2, 110, 6))
        x0, x1 = pf.col_x(3), pf.col_x(4) + pf.COL_W
        s.headline(["百草堂参茸行"], x0 + 6, x1 - 6, 76, 26.0)
        s.headline(["全场五折起售"], x0 + 6, x1 - 6, 112, 18.0)
        for k, good in enumerate(("西洋参", "天麻", "枸杞")):
            s.text(x0 + 8 + 75 * k, 150, good, 10.0, pf.BOLD)
            s.text(x0 + 8 + 75 * k, 164, f"市场价：{12 + k}.5元", 6.5)
        s.text(x0 + 8, 184, "热线电话：13912345678", 8.0, pf.BOLD)
        if label_inside:
            s.right(x1 - 3, 200, "（广告）", 6.5)
        s.box(x0, 66, x1, 210)
        if not label_inside:
            s.right(x1, 214, "广告", 6.5)
        if border_whole_page:
            s.box(pf.MARGIN - 8, 58, pf.W - pf.MARGIN + 8, pf.H - 30)

    return pf.build([paint])


def _records(pdf: bytes) -> list[dict]:
    from transform import RawPage, parse_page

    return parse_page(RawPage(pdf, input_path="ad.pdf"))


def test_labelled_paid_space_in_a_frame_is_kept_out_of_the_articles() -> None:
    for inside in (True, False):
        records = _records(_ad_page(label_inside=inside))
        assert [r["title"] for r in records] == ["新区召开项目推进会"], inside
        text = "".join((r["title"] or "") + r["body"] for r in records)
        assert not any(w in text for w in ("百草堂", "市场价", "热线电话", "广告")), inside
        assert "advertisement_skipped" in records[0]["flags"]
        assert records[0]["body"].startswith("兰州新区日前召开项目推进会")


def test_a_frame_around_the_whole_page_is_no_advertisement() -> None:
    """The ad is the largest frame holding the label up to a share of the page: a border
    drawn around the page does not turn the page's articles into an ad."""
    records = _records(_ad_page(border_whole_page=True))
    assert "新区召开项目推进会" in [r["title"] for r in records]
    assert not any("百草堂" in (r["title"] or "") + r["body"] for r in records)


def test_a_short_headline_over_a_dashed_subtitle_is_the_title_not_a_section_label() -> None:
    """A four-character headline over `——一季度开局良好` in smaller type: the dash marks the line
    as the subtitle of the headline above it, so the headline is the title (it had been read as
    a section label over the subtitle, which became the title)."""
    page = PdfPage(number=1, width=700, height=1000, body_size=9.0, char_count=100)
    page.blocks = [
        _block("田野新景", 70, size=26, bold=True, sep=SEP_PAGE, lines=["田野新景"]),
        _block("——一季度开局良好", 106, size=11, sep="line", lines=["——一季度开局良好"]),
        _block("本报讯 今年以来，全县春耕生产有序推进，各地抢抓农时开展播种。", 130, sep="line", indent=True),
    ]
    arts = pdf_articles(PdfDocument(pages=[page]))
    assert [(a.title, a.subtitle, a.section) for a in arts] == [("田野新景", "一季度开局良好", None)]

"""Page PDFs read directly (transform.pdf.reader + transform.pdf.articles) on PDFs we generate ourselves.

tests/pdf_factory.py draws the pages; tests/fixtures/pdf/<name>.expected.json says, as a
reader of the page would, what articles it holds. Each fixture is one test that lists
every failed check. Bad inputs (scans, broken or locked files, decompression bombs) must
raise TransformError quickly with a clear reason.
"""

from __future__ import annotations

import io
import json
import re
import time
import zlib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pdf_factory as factory
import pytest

from transform import RawPage, TransformError
from transform.pdf.articles import parse_pdf, pdf_articles
from transform.pdf.reader import MAX_CONTENT_BYTES, SCANNED, is_pdf, pdf_records, read_pdf
from transform.pdf.shapes import SEP_COLUMN, SEP_PAGE, SEP_RULE, BBox, PdfDocument, PdfPage, TextBlock

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
READ_AT = datetime(2024, 7, 1, 8, 0, tzinfo=UTC)
FAST = 10.0  # seconds any single bad input may take


def ws(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def records_of(name: str, edition_date: date | None = None) -> list[dict]:
    data = factory.pdf(name)
    page = RawPage(data, input_path=f"{name}.pdf", edition_date=edition_date,
                   edition_source="url" if edition_date else None)
    return pdf_records(page, read_at=READ_AT)


def check_page(expected: dict, records: list[dict]) -> list[str]:
    """Every failed check, compared in page order (the order is part of what is tested)."""
    fails: list[str] = []

    def check(ok: object, what: str) -> None:
        if not ok:
            fails.append(what)

    check(len(records) == expected["article_count"], f"{len(records)} articles, want {expected['article_count']}")
    for i, (want, got) in enumerate(zip(expected["articles"], records, strict=False)):
        label = f"#{i} [{want['body_starts'][:10]}]"
        body = ws(got["body"])
        check(body.startswith(ws(want["body_starts"])), f"{label} body starts {got['body'][:20]!r}")
        check(body.endswith(ws(want["body_ends"])), f"{label} body ends {got['body'][-20:]!r}")
        for part in want.get("body_contains", []):
            check(ws(part) in body, f"{label} body lacks {part!r}")
        check(got["kind"] == want["kind"], f"{label} kind {got['kind']} want {want['kind']}")
        for key in ("title", "kicker", "subtitle", "section"):
            if key in want:
                check(ws(got[key]) == ws(want[key]), f"{label} {key} {got[key]!r} want {want[key]!r}")
        check(set(got["authors"]) == set(want["authors"]), f"{label} authors {got['authors']} want {want['authors']}")
        check(got["photographers"] == want.get("photographers", []), f"{label} photographers {got['photographers']}")
        if "caption_count" in want:
            check(len(got["captions"]) == want["caption_count"], f"{label} captions {got['captions']}")
        for cap in want.get("captions", []):
            check(any(ws(cap) == ws(c) for c in got["captions"]), f"{label} caption {cap!r} missing")
        check(f"page:{want['page']}" in got["flags"], f"{label} flags {got['flags']} lack page:{want['page']}")
        day = want.get("published_date", expected["published_date"])
        check(str(got["published_date"]) == day, f"{label} date {got['published_date']} want {day}")
        if "section" in expected:
            check(got["section"] == expected["section"], f"{label} section {got['section']!r}")
        check(set(got["editors"]) == set(expected["editors"]), f"{label} editors {got['editors']}")
    for r in records:
        check("layout:pdf" in r["flags"], f"{r['title']!r} lacks layout:pdf")
        if str(r["published_date"]) == expected["published_date"]:
            check(r["date_source"] == expected["date_source"], f"{r['title']!r} date_source {r['date_source']}")
        for s in expected.get("must_not_contain", []):
            check(s not in r["body"] and s not in (r["title"] or ""), f"{r['title']!r} contains {s!r}")
    return fails


@pytest.mark.parametrize("name", sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json")))
def test_fixture(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    records = records_of(name)
    assert len(read_pdf(factory.pdf(name)).pages) == expected["pages"]
    fails = check_page(expected, records)
    assert not fails, f"{name}: {len(fails)} failed check(s)\n  " + "\n  ".join(fails)


def test_cid_font_round_trips() -> None:
    """reportlab's built-in STSong-Light comes back as the same Unicode, with sizes and
    the bold name: the premise of every other test here."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(factory.pdf("front"))) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        sizes = {c["size"] for c in page.chars if c["text"] == "张"}
        bold = {c["fontname"] for c in page.chars if c["size"] == 24}
    assert factory.A_TITLE in text
    assert "本报张掖讯（记者马文" in text
    assert {9.0, 24.0} <= sizes
    assert bold == {"STSongStd-Light,Bold"}


def test_bodies_are_read_in_column_order() -> None:
    """Whole bodies equal the text the factory set, column after column: reading order
    across columns, around a photo and across a column break inside a sentence."""
    got = {r["title"]: ws(r["body"]) for r in records_of("front") + records_of("local")}
    assert got[factory.A_TITLE] == ws("".join(factory.A_BODY)).removeprefix("本报张掖讯（记者马文斌通讯员李娟）")
    assert got[factory.D_TITLE] == ws("".join(factory.D_BODY)).removeprefix("本报讯（记者吴晓东）")
    assert got[factory.G_TITLE] == ws("".join(factory.G_BODY))
    assert got[factory.F_TITLE] == ws("".join(factory.F_BODY))


def test_layout_blocks() -> None:
    doc = read_pdf(factory.pdf("local"))
    page = doc.pages[0]
    assert page.body_size == 9.0
    vertical = [b for b in page.blocks if b.vertical]
    assert [b.text for b in vertical] == [factory.E_TITLE]
    assert page.blocks.index(vertical[0]) < min(i for i, b in enumerate(page.blocks) if b.text.startswith("本报酒泉讯"))
    captions = [b for b in page.blocks if b.caption_of is not None]
    assert [b.text for b in captions][-1] == "通讯员 李娟 摄" and len(page.figures) == 1
    assert {b.band for b in page.blocks if "责任编辑" in b.text} == {"header"}
    assert next(b for b in page.blocks if b.text == "陇原快讯").sep_before == SEP_RULE
    assert "2024年6月3日 星期一" in doc.text()


def test_edition_date_from_caller_is_url_sourced() -> None:
    recs = records_of("front", edition_date=date(2024, 5, 15))
    by_title = {r["title"]: r for r in recs}
    assert by_title[factory.A_TITLE]["published_date"] == date(2024, 5, 15)
    assert by_title[factory.A_TITLE]["date_source"] == "url"
    assert by_title["兰州新区春季招聘会提供岗位三千余个"]["date_source"] == "text"  # opens with 5月11日


def test_edition_date_from_pdf_title_metadata() -> None:
    def undated(page: factory.Sheet) -> None:
        factory.front_page(page, header_date=False)

    data = factory.build([undated], title="陇原晨报 2024-05-14 第1版")
    recs = parse_pdf(read_pdf(data), RawPage(data), read_at=READ_AT)
    assert recs[0]["published_date"] == date(2024, 5, 14) and recs[0]["date_source"] == "text"
    plain = factory.build([undated])
    recs = parse_pdf(read_pdf(plain), RawPage(plain), read_at=READ_AT)
    assert recs[0]["date_source"] is None and "date_missing" in recs[0]["flags"]
    assert recs[0]["published_date"] is None
    assert recs[0]["filed_date"] == READ_AT.astimezone(timezone(timedelta(hours=8))).date()


def test_records_are_schema_shaped_and_stable() -> None:
    first, again = records_of("local"), records_of("local")
    assert [r["article_id"] for r in first] == [r["article_id"] for r in again]
    assert len({r["article_id"] for r in first}) == len(first)
    assert all(r["script"] == "hans" and r["char_count"] > 20 for r in first)
    assert {"edition_page:2", "page:1"} <= set(first[0]["flags"])
    assert {"edition_page:3", "page:2"} <= set(first[-1]["flags"])


def _block(text: str, top: float, size: float = 9.0, sep: str = SEP_COLUMN, **kw) -> TextBlock:
    return TextBlock(text=text, bbox=BBox(30, top, 147, top + 12), size=size, sep_before=sep, **kw)


def test_heading_never_joins_the_article_before() -> None:
    """An untitled piece broken off mid-sentence, then a title and a body that does not
    open with 近日/本报讯: the text assembly alone would make the title the piece's
    (title_inside_body); by type size it starts the next article."""
    page = PdfPage(number=1, width=700, height=1000, body_size=9.0, char_count=100)
    page.blocks = [
        _block("……这些做法让群众看到了实实在在的变化，也为下一步", 60, sep=SEP_PAGE, open_end=True),
        _block("陇中山区小杂粮走俏市场", 100, size=20, bold=True),
        _block("定西市通渭县的荞麦、燕麦等小杂粮今年销往十多个省份。", 130, indent=True),
        _block("当地合作社负责人说，订单比去年多了三成。", 150, sep="line", indent=True),
    ]
    arts = pdf_articles(PdfDocument(pages=[page]))
    assert [a.title for a in arts] == [None, "陇中山区小杂粮走俏市场"]
    assert arts[0].body.endswith("也为下一步")
    assert arts[1].body.startswith("定西市通渭县")


def test_kicker_versus_section_label() -> None:
    page = PdfPage(number=1, width=700, height=1000, body_size=9.0, char_count=100)
    page.blocks = [
        _block("图片新闻", 50, size=12, bold=True, sep=SEP_PAGE),
        _block("榆中高原夏菜开始采收", 70, bold=True),
        _block("近日，榆中县高原夏菜陆续进入采收期。（刘洋）", 90, indent=True),
        _block("践行绿色发展理念", 130, size=12, sep=SEP_RULE),
        _block("黄河兰州段岸线整治完工", 150, size=22, bold=True, sep="line"),
        _block("近日，黄河兰州段岸线综合整治工程全部完工。", 180, indent=True),
    ]
    arts = pdf_articles(PdfDocument(pages=[page]))
    assert [(a.section, a.kicker, a.title) for a in arts] == [
        ("图片新闻", None, "榆中高原夏菜开始采收"),
        (None, "践行绿色发展理念", "黄河兰州段岸线整治完工"),
    ]
    assert arts[0].authors == ["刘洋"]


def test_traditional_page_gives_simplified_fields_and_original_body() -> None:
    page = PdfPage(number=1, width=700, height=1000, body_size=9.0, char_count=60)
    page.blocks = [
        _block("蘭州新區舉辦春季招聘會", 60, size=20, bold=True, sep=SEP_PAGE),
        _block("本報訊（記者張偉）近日，蘭州新區舉辦春季招聘會，提供崗位三千餘個。", 90, sep="line", indent=True),
    ]
    (a,) = pdf_articles(PdfDocument(pages=[page]))
    assert (a.script, a.title, a.authors) == ("hant", "兰州新区举办春季招聘会", ["张伟"])
    assert a.body == "近日，兰州新区举办春季招聘会，提供岗位三千余个。"
    assert a.body_original == "近日，蘭州新區舉辦春季招聘會，提供崗位三千餘個。"


def test_reading_order_is_fast_on_long_columns() -> None:
    """Thousands of paragraph pieces down one column, gaps of every width: the XY-cut
    keeps top-to-bottom order in bounded time (equal gaps are cut together)."""
    import random

    from transform.pdf.order import reading_order

    rng = random.Random(7)
    blocks, y = [], 0.0
    for i in range(3000):
        blocks.append(_block(str(i), y))
        y += 12 + rng.choice([4.5, 4.5, 4.5, rng.uniform(1, 30)])
    start = time.perf_counter()
    order = reading_order(blocks, [], [], [], 9.0)
    assert [int(b.text) for b in order] == list(range(3000))
    assert time.perf_counter() - start < FAST


def test_is_pdf() -> None:
    assert is_pdf(factory.pdf("front"))
    assert is_pdf(b"\xef\xbb\xbf  %PDF-1.7\n")
    assert not is_pdf("甘肃日报 %PDF".encode() * 200)
    assert not is_pdf(b"")


def _stream_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content is `content`, deflated."""
    comp = zlib.compress(content, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >> stream\n" % len(comp) + comp + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj " % n + obj + b" endobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer << /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _bad_inputs() -> dict[str, tuple[bytes, str]]:
    from reportlab.lib import pdfencrypt  # noqa: F401 - only to fail early when reportlab is missing

    good = factory.pdf("front")
    return {
        "scanned": (factory.scanned(), SCANNED),
        "empty": (b"", "not a PDF"),
        "html": ("<html><body>甘肃</body></html>".encode(), "not a PDF"),
        "truncated": (good[: len(good) // 2], "broken PDF"),
        "garbage": (b"%PDF-1.4\n" + bytes(range(256)) * 20, "broken PDF"),
        "password": (factory.build([factory.front_page], encrypt="secret"), "encrypted PDF: a password is needed"),
        "no_text": (_stream_pdf(b"0 0 m 50 50 l S\n"), "no text layer"),
        "bomb": (_stream_pdf(b"q Q\n" * (MAX_CONTENT_BYTES // 4 + 1)), "drawing instructions"),
    }


@pytest.mark.parametrize("case", ["scanned", "empty", "html", "truncated", "garbage", "password", "no_text", "bomb"])
def test_bad_input_raises_clear_error_fast(case: str) -> None:
    data, reason = _bad_inputs()[case]
    start = time.perf_counter()
    with pytest.raises(TransformError) as err:
        pdf_records(RawPage(data), read_at=READ_AT)
    assert reason in err.value.message
    assert err.value.stage in ("read", "extract")
    assert time.perf_counter() - start < FAST


def test_scanned_reason_is_exact() -> None:
    with pytest.raises(TransformError) as err:
        read_pdf(factory.scanned())
    assert (err.value.stage, err.value.message) == ("extract", "no text layer: scanned page image (OCR is out of scope)")


def test_owner_password_only_is_read_and_flagged() -> None:
    """Permissions-only encryption (empty user password) opens in any viewer: read it."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Gansu Daily 2024-05-14 page 3")
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue())
    assert "Gansu Daily 2024-05-14 page 3" in doc.text()
    assert doc.flags == ["pdf_encrypted_no_password"]


def test_glyphs_without_unicode_are_refused(monkeypatch) -> None:
    """reportlab leaves the CID font's /Registry strings unencrypted in an encrypted file,
    so pdfminer finds no CMap and every glyph comes out as (cid:N): no records of codes."""
    from reportlab.lib import pdfencrypt

    monkeypatch.setenv("NEWSETL_PDF_ENGINE", "pdfplumber")
    data = factory.build([factory.front_page], encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    with pytest.raises(TransformError, match="no usable text layer"):
        pdf_records(RawPage(data), read_at=READ_AT)


def test_pdfium_reads_the_glyphs_pdfminer_cannot_map() -> None:
    """The same encrypted file under the default engine: PDFium decrypts the strings and finds
    the font's CMap, so the page gives the records of its unencrypted twin."""
    from reportlab.lib import pdfencrypt

    locked = factory.build([factory.front_page], encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    plain = factory.build([factory.front_page])
    records = [(r["title"], r["body"]) for r in pdf_records(RawPage(locked), read_at=READ_AT)]
    assert records and records == [(r["title"], r["body"]) for r in pdf_records(RawPage(plain), read_at=READ_AT)]


def test_page_and_time_limits() -> None:
    doc = read_pdf(factory.pdf("local"), max_pages=1)
    assert len(doc.pages) == 1 and "pdf_pages_truncated:2" in doc.flags
    with pytest.raises(TransformError, match="too slow"):
        read_pdf(factory.pdf("local"), time_budget=-1)


@pytest.mark.parametrize("name", sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json")))
def test_both_engines_give_every_fixture_the_same_records(name: str, monkeypatch) -> None:
    """PDFium (the default, transform.pdf.objects) and pdfminer (NEWSETL_PDF_ENGINE=pdfplumber)
    give every fixture the same records; the `local` fixture's vertical headline is drawn by
    reportlab in a font PDFium finds no glyph widths for, so that page is read by pdfminer."""
    monkeypatch.setenv("NEWSETL_PDF_ENGINE", "pdfplumber")
    slow = records_of(name)
    monkeypatch.delenv("NEWSETL_PDF_ENGINE")
    fast = records_of(name)
    assert [(r["title"], r["body"]) for r in fast] == [(r["title"], r["body"]) for r in slow]


def test_a_page_pdfium_cannot_measure_is_counted() -> None:
    import pypdfium2 as pdfium

    from transform.pdf.objects import read_objects

    document = pdfium.PdfDocument(factory.pdf("local"))
    try:
        unplaced = [read_objects(document[i]).unplaced for i in range(len(document))]
    finally:
        document.close()
    assert unplaced[0] == len("酒泉风光电装机创新高") and unplaced[1] == 0  # one object per glyph


def test_vertical_writing_sits_on_the_top_of_its_glyphs() -> None:
    """Three glyphs one text object stacks one below the other take their tops as baselines;
    the same stack drawn by three objects (a table's cells) keeps the origins PDFium gave."""
    from transform.pdf.objects import _stacked_on_top

    def stack() -> list[dict]:
        return [{"x0": 10.0, "top": 100.0 + 27 * i, "size": 25.0, "baseline": 125.0 + 27 * i} for i in range(3)]

    one = stack()
    _stacked_on_top(one, [7, 7, 7].__getitem__)
    assert [c["baseline"] for c in one] == [100.0, 127.0, 154.0]
    cells = stack()
    _stacked_on_top(cells, [7, 8, 9].__getitem__)
    assert [c["baseline"] for c in cells] == [125.0, 152.0, 179.0]
    two = stack()[:2]
    _stacked_on_top(two, [7, 7].__getitem__)
    assert [c["baseline"] for c in two] == [125.0, 152.0]


def test_pdfium_shapes_follow_pdfminer() -> None:
    from transform.pdf.objects import _compose, _shape

    assert _shape([(0, 0), (100, 0)]) == "line"
    assert _shape([(0, 0), (100, 0), (100, 20), (0, 20), (0, 0)]) == "rect"
    assert _shape([(0, 0), (100, 0), (100, 20), (0, 20)]) == "rect"
    assert _shape([(0, 0), (100, 0), (50, 20), (0, 0)]) is None  # a triangle: a curve to pdfminer
    assert _shape([(0, 0), (100, 10), (110, 30), (10, 20), (0, 0)]) is None  # slanted: no rect
    move = (1.0, 0.0, 0.0, 1.0, 10.0, 20.0)
    scale = (2.0, 0.0, 0.0, 2.0, 0.0, 0.0)
    assert _compose(scale, move) == (2.0, 0.0, 0.0, 2.0, 10.0, 20.0)  # scaled, then moved


REAL = Path(__file__).resolve().parents[2] / "shared" / "epaper-real"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/epaper-real not present")
@pytest.mark.parametrize(("name", "count"), [("lswb_20210323_05.pdf", 6), ("gsfzb_20240809_08.pdf", 12)])
def test_both_engines_read_a_real_page_alike(name: str, count: int, monkeypatch) -> None:
    """A weather table drawn cell by cell (lswb) and a vertical headline beside its vertical
    subtitle (gsfzb): the same records from PDFium as from pdfminer."""
    from transform import parse_page

    def records(engine: str) -> list[tuple]:
        monkeypatch.setenv("NEWSETL_PDF_ENGINE", engine)
        return [(r["title"], r["body"], r["authors"]) for r in parse_page(RawPage((REAL / name).read_bytes()))]

    fast, slow = records("pdfium"), records("pdfplumber")
    assert len(fast) == count and fast == slow


def test_a_page_pdfium_reads_no_characters_from_is_read_by_pdfminer(monkeypatch) -> None:
    """Text objects drawn but no character from PDFium's text page: pdfminer reads that page,
    so the faster engine never loses one."""
    import transform.pdf.objects as objects

    real = objects.read_objects

    def blind(page):
        got = real(page)
        got.chars = []
        return got

    monkeypatch.setenv("NEWSETL_PDF_ENGINE", "pdfplumber")
    slow = records_of("front")
    monkeypatch.delenv("NEWSETL_PDF_ENGINE")
    monkeypatch.setattr(objects, "read_objects", blind)
    assert [(r["title"], r["body"]) for r in records_of("front")] == [(r["title"], r["body"]) for r in slow]

"""Seeded bad inputs of our own, mixed with good pages, for the fuzz run (tests/test_fuzz_run.py).

Each maker writes one file (or link) into a folder and says what a run must do with it:
"ok" (its articles land), "quarantine" (a row with the stage and a reason) or "skip" (reported
at stage "read" and never opened). The kinds cover what a hostile or unlucky input folder
holds: empty and binary files, broken, encrypted, image-only, bomb and fan-out PDFs,
pathological and unclosed HTML, every Unicode encoding form, a page whose encoding changes
part-way, pages too large or too slow for their budget, FIFOs, device links, symlink loops
and file names that are not UTF-8. All text is invented here.
"""

from __future__ import annotations

import io
import os
import random
import zlib
from collections.abc import Callable
from pathlib import Path

from conftest import GOOD_TEXT

from transform.pipeline import MAX_INPUT_BYTES

Maker = Callable[[Path, random.Random], str]
MAKERS: dict[str, tuple[str, Maker]] = {}


def maker(expect: str) -> Callable[[Maker], Maker]:
    def register(fn: Maker) -> Maker:
        MAKERS[fn.__name__] = (expect, fn)
        return fn
    return register


def _news(rng: random.Random, n: int = 6) -> str:
    places = ("东川县", "西岭区", "北原市", "南山镇", "河谷县")
    things = ("新建蓄水池项目开工", "招商引资签约项目十二个", "春耕生产有序推进", "举办技能比武活动")
    return "".join(f"{rng.choice(places)}{rng.choice(things)}，总投资{rng.randint(2, 90)}亿元。" for _ in range(n))


def _good(rng: random.Random) -> str:
    """GOOD_TEXT with its own figures, so that no two good pages hold the same article
    (identical articles would rightly be stored once)."""
    return GOOD_TEXT.replace("120家", f"{rng.randint(20, 900)}家").replace("3000余个", f"{rng.randint(1000, 9000)}余个")


def _html(title: str, body: str) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><div class='article'><p>{body}</p><p>{body[::-1]}</p></div></body></html>")


# --- good pages -------------------------------------------------------------------------------

@maker("ok")
def good_text(d: Path, rng: random.Random) -> str:
    (d / "good_text.txt").write_text(_good(rng), encoding="utf-8")
    return "good_text.txt"


@maker("ok")
def good_html(d: Path, rng: random.Random) -> str:
    (d / "good.html").write_text(_html("西岭区春耕生产有序推进", _news(rng, 8)), encoding="utf-8")
    return "good.html"


@maker("ok")
def unclosed_html(d: Path, rng: random.Random) -> str:
    """Paragraphs, divisions and the body left open, as browsers render fine: not refused.
    (An unclosed <title> is another matter: browsers read the rest of the page as its title.)"""
    body = _news(rng, 8)
    (d / "unclosed.html").write_text(
        f"<html><head><meta charset=utf-8><title>北原市举办技能比武活动</title><body><h1>北原市举办技能比武活动"
        f"<div class=article><p>{body}<p>{body[::-1]}<p>{_news(rng, 4)}<div class=footer><p>主办单位：北原市融媒体中心",
        encoding="utf-8")
    return "unclosed.html"


@maker("ok")
def utf16_bom(d: Path, rng: random.Random) -> str:
    (d / "utf16.txt").write_bytes(_good(rng).encode("utf-16"))
    return "utf16.txt"


@maker("ok")
def utf32_bom(d: Path, rng: random.Random) -> str:
    (d / "utf32.txt").write_bytes(_good(rng).encode("utf-32"))
    return "utf32.txt"


@maker("ok")
def gbk_page(d: Path, rng: random.Random) -> str:
    (d / "gbk.txt").write_bytes(_good(rng).encode("gbk"))
    return "gbk.txt"


# --- bad inputs that must be quarantined with a reason ---------------------------------------

@maker("quarantine")
def empty(d: Path, rng: random.Random) -> str:
    (d / "empty.txt").write_bytes(b"")
    return "empty.txt"


@maker("quarantine")
def whitespace(d: Path, rng: random.Random) -> str:
    (d / "blank.txt").write_bytes(b" \n\t\r\n  " * 20)
    return "blank.txt"


@maker("quarantine")
def nul_bytes(d: Path, rng: random.Random) -> str:
    (d / "nul.txt").write_bytes(b"\x00" * 4096)
    return "nul.txt"


@maker("quarantine")
def random_binary(d: Path, rng: random.Random) -> str:
    (d / "noise.html").write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    return "noise.html"


@maker("quarantine")
def truncated_pdf(d: Path, rng: random.Random) -> str:
    from tests import pdf_factory as pf

    data = pf.build([pf.front_page])
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    return "truncated.pdf"


@maker("quarantine")
def garbage_pdf(d: Path, rng: random.Random) -> str:
    (d / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(5000)) + b"\n%%EOF")
    return "garbage.pdf"


@maker("quarantine")
def encrypted_pdf(d: Path, rng: random.Random) -> str:
    from tests import pdf_factory as pf

    (d / "locked.pdf").write_bytes(pf.build([pf.front_page], encrypt="secret"))
    return "locked.pdf"


@maker("quarantine")
def scanned_pdf(d: Path, rng: random.Random) -> str:
    from tests import pdf_factory as pf

    (d / "scan.pdf").write_bytes(pf.scanned())
    return "scan.pdf"


@maker("quarantine")
def stream_bomb_pdf(d: Path, rng: random.Random) -> str:
    """A page whose content stream inflates to 200 MB (of spaces) from a few hundred KB."""
    packed = zlib.compress(b" " * (200 << 20), 9)
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 600 800]/Contents 4 0 R>>endobj\n"
            b"4 0 obj<</Length " + str(len(packed)).encode() + b"/Filter/FlateDecode>>stream\n" + packed
            + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF")
    (d / "bomb.pdf").write_bytes(body)
    return "bomb.pdf"


@maker("quarantine")
def fanout_pdf(d: Path, rng: random.Random) -> str:
    """Forms nested five deep, each drawing the one below ten times: 100,000 uses of one line."""
    from reportlab.pdfgen import canvas

    from tests import pdf_factory as pf

    pf._register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.beginForm("f0")
    c.setFont(pf.SONG, 9)
    c.drawString(10, 10, "东川县新建蓄水池项目开工")
    c.endForm()
    for k in range(1, 6):
        c.beginForm(f"f{k}")
        for _ in range(10):
            c.doForm(f"f{k - 1}")
        c.endForm()
    c.doForm("f5")
    c.showPage()
    c.save()
    (d / "fanout.pdf").write_bytes(buf.getvalue())
    return "fanout.pdf"


@maker("quarantine")
def attribute_flood_html(d: Path, rng: random.Random) -> str:
    attrs = " ".join(f"a{i}='{i}'" for i in range(100_000))
    (d / "attrs.html").write_text(f"<html><body><div {attrs}></div></body></html>", encoding="utf-8")
    return "attrs.html"


@maker("quarantine")
def deep_nesting_html(d: Path, rng: random.Random) -> str:
    (d / "deep.html").write_text("<html><body>" + "<div>" * 50_000 + "</div>" * 50_000 + "</body></html>",
                                 encoding="utf-8")
    return "deep.html"


@maker("ok")
def utf8_with_gbk_tail(d: Path, rng: random.Random) -> str:
    """Half the page UTF-8, half GBK: decoded per part, never stored as mojibake."""
    text = _good(rng)
    head, tail = text[: len(text) // 2], text[len(text) // 2:]
    (d / "mixed.txt").write_bytes(head.encode("utf-8") + tail.encode("gbk") * 3)
    return "mixed.txt"


@maker("quarantine")
def slow_page(d: Path, rng: random.Random) -> str:
    """A legitimate but heavy page (about 5.5 MB, under the 10 MB input limit): over a short
    per-page time budget, about twice over it on the 2-core machine (1.9 s for 4.5 MB,
    2026-12-04; at 1.8 MB the parse had become fast enough to finish within 1 s)."""
    para = "".join(f"第{i}段。兰州新区今天召开项目推进会，研究部署招商引资工作。\n\n" for i in range(60_000))
    (d / "slow.txt").write_text(para, encoding="utf-8")
    return "slow.txt"


# --- inputs that must be skipped at the read stage, never opened ------------------------------

@maker("skip")
def too_large(d: Path, rng: random.Random) -> str:
    with open(d / "huge.txt", "wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)  # sparse: large without using disk
    return "huge.txt"


@maker("skip")
def fifo(d: Path, rng: random.Random) -> str:
    os.mkfifo(d / "pipe.txt")
    return "pipe.txt"


@maker("skip")
def device_link(d: Path, rng: random.Random) -> str:
    (d / "zero.txt").symlink_to("/dev/zero")
    return "zero.txt"


@maker("skip")
def symlink_loop(d: Path, rng: random.Random) -> str:
    (d / "loop_a.txt").symlink_to(d / "loop_b.txt")
    (d / "loop_b.txt").symlink_to(d / "loop_a.txt")
    return "loop_a.txt|loop_b.txt"


@maker("ok")
def non_utf8_name(d: Path, rng: random.Random) -> str:
    name = os.fsencode(d) + b"/\xff\xfe-news.txt"
    with open(name, "wb") as fh:
        fh.write(_good(rng).encode("utf-8"))
    return os.fsdecode(b"\xff\xfe-news.txt")


def build(d: Path, seed: int) -> dict[str, str]:
    """Every kind once, in a seeded order: {file name: expectation}."""
    rng = random.Random(seed)
    kinds = sorted(MAKERS)
    rng.shuffle(kinds)
    out: dict[str, str] = {}
    for kind in kinds:
        expect, make = MAKERS[kind]
        for name in make(d, rng).split("|"):
            out[name] = expect
    return out

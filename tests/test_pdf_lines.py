"""transform.pdf.lines: characters on one baseline make a line, and a line splits where a
column gutter comes between, also when punctuation hangs into the gutter."""

from __future__ import annotations


def test_characters_on_one_baseline_make_one_line_whatever_their_fonts_descent() -> None:
    """Digits of a Latin font whose box reaches 0.6 em lower than the CJK text around them (its
    descent says so) sit on the same baseline and belong to the same line, in order."""
    from transform.pdf.lines import lines_of

    def ch(text: str, x0: float, bottom: float, baseline: float | None) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + (4.6 if text.isdigit() else 9.2), "top": bottom - 9.2,
                "bottom": bottom, "size": 9.2, "fontname": "F", "baseline": baseline}

    row = [ch("省", 1.45, 225.23, 222.61), ch("1", 11.62, 230.99, 222.61), ch("0", 16.22, 230.99, 222.61),
           ch("2", 20.82, 230.99, 222.61), ch("座", 26.39, 225.23, 222.61), ch("火", 35.41, 225.23, 222.61)]
    assert [line.text for line in lines_of(row, 9.2, [])] == ["省102座火"]
    no_origin = [{**c, "baseline": None} for c in row]  # without origins the boxes decide, as before
    texts = [line.text for line in lines_of(no_origin, 9.2, [])]
    assert "102" in texts and not any("1" in t and "省" in t for t in texts)


def test_a_quote_hanging_into_the_gutter_does_not_join_two_columns() -> None:
    """Two justified columns with an 11 pt gutter (1.2 em); on one row the right column opens
    with a quote mark set 4.5 pt into the gutter, leaving 0.7 em: still two lines, because the
    left line ends at the gutter's edge seen on the other rows."""
    from transform.pdf.lines import lines_of

    def ch(text: str, x0: float, base: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 9.2, "top": base - 7.0, "bottom": base + 2.2, "size": 9.2,
                "fontname": "F", "baseline": base}

    chars: list[dict] = []
    for r, base in enumerate((100.0, 112.5, 125.0, 137.5)):
        left = "甘肃兰州新区项目建设推"  # 11 glyphs: 0 .. 101.2
        right = "“五一”假期启动运营" if r == 2 else "招商引资签约项目落地见"
        chars += [ch(c, i * 9.2, base) for i, c in enumerate(left)]
        start = 112.2 - (4.5 if r == 2 else 0.0)
        chars += [ch(c, start + i * 9.2, base) for i, c in enumerate(right)]
    texts = [line.text for line in lines_of(chars, 9.2, [])]
    assert texts.count("甘肃兰州新区项目建设推") == 4 and "“五一”假期启动运营" in texts


def test_a_paragraphs_last_characters_under_its_indented_first_line_stay_with_it() -> None:
    """A two-line paragraph whose first line is indented two characters and whose second holds
    only `烦。` shares no width between its lines; the second still belongs to the paragraph
    (it was read as a block of its own, before the next article's headline)."""
    from transform.pdf.lines import Line
    from transform.pdf.reader import _blocks
    from transform.pdf.shapes import BBox

    first = Line(BBox(48, 709, 233, 718), 9.0, False, "你好好生活吧，但愿我没有给你们添太多的麻")
    last = Line(BBox(30, 722, 48, 731), 9.0, False, "烦。")
    other = Line(BBox(249, 722, 451, 731), 9.0, False, "论他的土地人口，不及中国十份之一，谈因为能够变法")
    blocks = _blocks([first, last, other], 9.0, [])
    assert [b.text for b in blocks if "麻" in b.text] == ["你好好生活吧，但愿我没有给你们添太多的麻烦。"]

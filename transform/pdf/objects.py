"""What a PDF page draws - characters, rules and boxes, images - read with PDFium.

Why PDFium: reading the characters, paths and images of a page with pdfplumber (pdfminer,
pure Python) was about 95% of the time of a PDF parse, 0.45-4.2 s a real e-paper page (four
pages of ../shared/epaper-real, 2026-12-04); PDFium (pypdfium2, C++) reads the same
22,353 characters of the densest one in about a twentieth of the time. The layout code was
written against pdfplumber's objects, so this module gives the same shapes: dicts with the
keys the reader uses, in points from the page's top-left corner, and the same choices -

- characters: PDFium's own (not the spaces and line breaks it generates); `size` is the font
  size times the text matrix's vertical scale, `bottom` the loose box's bottom and `top` =
  bottom - size (pdfminer's glyph height), `upright` when the text is not rotated;
- paths: each subpath on its own, as its geometry (not its bounds, which grow with the
  stroke width): two points make a "line", four or five points on an axis-aligned rectangle a
  "rect", and anything with a curve or another polygon is left out (pdfminer's curves);
- images: their bounds.

Objects inside Form XObjects are placed with the forms' matrices. Text objects PDFium cannot
measure are counted (`unplaced`), so the reader can read that page with pdfminer instead.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field

_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class PageObjects:
    """One page's drawn objects, shaped as pdfplumber's."""

    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    unplaced: int = 0  # text objects PDFium could not measure (see read_objects)
    text_objects: int = 0


def _compose(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: [x y 1] * m * n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _matrix(obj) -> Matrix:
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj.raw, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _subpaths(obj, m: Matrix) -> list[tuple[list[tuple[float, float]], bool]]:
    """(points in page space, has a curve) per subpath of a path object."""
    import pypdfium2.raw as raw

    out: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    curved = False
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(obj.raw)):
        seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        if kind == _MOVETO and points:
            out.append((points, curved))
            points, curved = [], False
        curved = curved or kind == _BEZIERTO
        points.append(_apply(m, x.value, y.value))
        if raw.FPDFPathSegment_GetClose(seg) and points[0] != points[-1]:
            points.append(points[0])
    if points:
        out.append((points, curved))
    return out


def _shape(points: list[tuple[float, float]]) -> str | None:
    """"line", "rect" or None (a curve or another polygon), as pdfminer would name it."""
    distinct = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(distinct) == 2:
        return "line"
    if len(distinct) in (4, 5) and (len(distinct) == 4 or distinct[0] == distinct[-1]):
        corners = distinct[:4]
        xs = {round(p[0], 3) for p in corners}
        ys = {round(p[1], 3) for p in corners}
        if len(xs) <= 2 and len(ys) <= 2:
            edges = zip(corners, corners[1:] + corners[:1], strict=True)
            if all(round(p[0], 3) == round(q[0], 3) or round(p[1], 3) == round(q[1], 3) for p, q in edges):
                return "rect"
    return None


def _box(points: list[tuple[float, float]], height: float, kind: str) -> dict:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return {"x0": min(xs), "x1": max(xs), "top": height - max(ys), "bottom": height - min(ys), "object_type": kind}


def read_objects(page) -> PageObjects:
    """The characters, lines, rects and images of a pypdfium2 page."""
    import pypdfium2.raw as raw

    width, height = page.get_width(), page.get_height()
    out = PageObjects(width=width, height=height)
    forms: dict[int, Matrix] = {}  # level -> page matrix of the form being walked at that level
    for obj in page.get_objects(max_depth=15):
        level = obj.level
        parent = forms.get(level - 1, _IDENTITY) if level else _IDENTITY
        kind = obj.type
        if kind == _FORM:
            forms[level] = _compose(_matrix(obj), parent)
        elif kind == _PATH:
            m = _compose(_matrix(obj), parent)
            for points, curved in _subpaths(obj, m):
                shape = None if curved else _shape(points)
                if shape == "line":
                    out.lines.append(_box(points, height, "line"))
                elif shape == "rect":
                    out.rects.append(_box(points, height, "rect"))
        elif kind == _TEXT:
            out.text_objects += 1
            # A text object with no extent in a font the file does not embed: PDFium found no
            # glyph widths for the font (a CID font under a style name, "STSong-Light,Bold") and
            # its text page leaves the characters out; the reader gives such a page to pdfminer.
            # (An embedded font's empty object is an empty glyph: 31 on one real page.)
            left, bottom, right, top = obj.get_bounds()
            if right - left < 0.01 and top - bottom < 0.01:
                out.unplaced += not raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj.raw))
        elif kind == _IMAGE:
            left, bottom, right, top = obj.get_bounds()
            if level:  # bounds of an object inside a form are in the form's space
                corners = [_apply(parent, x, y) for x in (left, right) for y in (bottom, top)]
                left, right = min(p[0] for p in corners), max(p[0] for p in corners)
                bottom, top = min(p[1] for p in corners), max(p[1] for p in corners)
            out.images.append({"x0": left, "x1": right, "top": height - top, "bottom": height - bottom})
    out.chars = _chars(page, height, raw)
    return out


def _chars(page, height: float, raw) -> list[dict]:
    textpage = page.get_textpage()
    tp = textpage.raw  # the handle itself: each call through the helper object costs a lookup
    is_generated, unicode_of, map_error = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode, raw.FPDFText_HasUnicodeMapError
    loose_box, matrix_of, glyph_box = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetMatrix, raw.FPDFText_GetCharBox
    origin_of, size_of, font_of = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetFontSize, raw.FPDFText_GetFontInfo
    try:
        rect, m = raw.FS_RECTF(), raw.FS_MATRIX()
        name = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        left, right, low, high, ox, oy = (ctypes.c_double() for _ in range(6))
        fonts: dict[bytes, str] = {}
        glyph_boxed: dict[str, list[int]] = {}  # font -> [chars whose loose box is the glyph's, chars]
        found = []
        for i in range(raw.FPDFText_CountChars(tp)):
            if is_generated(tp, i):
                continue
            code = unicode_of(tp, i)
            unmapped = map_error(tp, i) == 1 or not code
            loose_box(tp, i, rect)
            matrix_of(tp, i, m)
            glyph_box(tp, i, left, right, low, high)
            origin_of(tp, i, ox, oy)
            size = size_of(tp, i) * abs(m.d if abs(m.d) >= abs(m.c) else m.c)
            font_of(tp, i, name, 256, flags)
            key = name.value
            font = fonts.get(key)
            if font is None:
                font = fonts[key] = key.decode("utf-8", "replace")
            tally = glyph_boxed.get(font) or glyph_boxed.setdefault(font, [0, 0])
            outline = abs(low.value - rect.bottom) < 0.01 and abs(high.value - rect.top) < 0.01
            tally[0] += outline
            tally[1] += 1
            text = f"(cid:{code})" if unmapped else chr(code)  # pdfminer's name for a glyph without text
            found.append((text, code, rect.left, rect.right, height - rect.bottom, height - oy.value, size, font,
                          abs(m.b) < 1e-6 and abs(m.c) < 1e-6, outline, i))
        # A font whose loose boxes are its glyphs' outlines has no metrics PDFium could use (seen
        # with vertical CJK fonts): its characters are placed as pdfminer places them, on their
        # origin, one em wide when CJK; the others keep the loose box.
        outlined = {f for f, (same, total) in glyph_boxed.items() if same > total / 2}
        chars = []
        for text, code, x0, x1, bottom, origin, size, font, upright, outline, _ in found:
            if font in outlined or (outline and code >= 0x2E80):
                bottom = origin
                x1 = x0 + size if code >= 0x2E80 else x1
            chars.append({"text": text, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom, "size": size,
                          "fontname": font, "upright": upright, "baseline": origin})

        def drawn_by(k: int) -> int | None:  # the text object that drew the k-th character
            return ctypes.cast(raw.FPDFText_GetTextObject(tp, found[k][-1]), ctypes.c_void_p).value

        _stacked_on_top(chars, drawn_by)
        return chars
    finally:
        textpage.close()


def _stacked_on_top(chars: list[dict], drawn_by: Callable[[int], int | None]) -> None:
    """Vertical writing: a glyph's origin is the top of its em square (PDF 32000, 9.2.4), and
    pdfminer places it there, where PDFium gives the bottom. On a bottom baseline two columns of
    a vertical headline and its subtitle, whose glyphs differ in size, meet on one baseline and
    are read as one line (gsfzb, 2024-08-09 p. 8); so runs of three or more characters that one
    text object draws one below the other in one size (each next starts within a fifth of an em
    of the same left edge, 0.8 to 2 ems lower) get the top of their box as their baseline. One
    object, because a table's cells drawn column by column (a weather table, lswb 2021-03-23
    p. 5) stack the same way, each cell its own object; three, because a full stop ending a line
    and the next line's first glyph can meet the test. (The object is asked for only there.)"""
    run: list[dict] = []
    for i, (a, b) in enumerate(zip(chars, chars[1:], strict=False)):
        size = a["size"]
        if (abs(a["x0"] - b["x0"]) < 0.2 * size and 0.8 * size <= b["top"] - a["top"] <= 2 * size
                and abs(size - b["size"]) < 0.01 * size and (obj := drawn_by(i)) is not None and obj == drawn_by(i + 1)):
            run = run or [a]
            run.append(b)
            continue
        _set_top(run)
        run = []
    _set_top(run)


def _set_top(run: list[dict]) -> None:
    if len(run) >= 3:
        for c in run:
            c["baseline"] = c["top"]

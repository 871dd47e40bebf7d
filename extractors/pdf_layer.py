"""A PDF page's text layer and drawn rules, read with pdfium, in the shapes pdfplumber's helpers take.

pdfplumber's own page model is built by pdfminer, a PDF interpreter in pure Python: on exports of agreements
it costs about 50 ms a page before any table or line is found, most of a digital PDF's budget. pdfium (C++,
already used for rendering scans) reads the same glyphs and paths; even with one ctypes call per glyph
property a page takes about a third of that. This module asks pdfium for them and hands back plain dicts
with pdfplumber's keys (chars: text, x0, x1, top, bottom, size, fontname, upright, doctop; edges: x0, x1,
top, bottom, width, height, orientation), so that pdfplumber's tested table finder and line grouping run on
them unchanged.

Coordinates are pdfplumber's: points from the page's top-left corner. A char's box is the font-size box on
its baseline (descent below, size above), as pdfminer makes it, not pdfium's per-glyph ink box: glyphs of
one line then share top and bottom, which line grouping relies on.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MAX_RULE_THICKNESS = 2.0  # points; a filled box thicker than this both ways is shading, not a rule
AXIS_TOLERANCE = 0.5  # points a segment may lean and still be a horizontal or vertical rule
FONT_NAME_BYTES = 256
HYPHEN_MARK = "\x02"  # pdfium's code for a hyphen it recognised at a line end
MIN_PRINTABLE = 0x20
PRIVATE_USE = (0xE000, 0xF8FF)
UNMAPPED = "\ufffd"  # what scan detection counts as junk, as pdfminer's "(cid:N)" was

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class LayerPage:
    """What the PDF extractor reads off one page: glyphs, rule edges, image boxes, and whether anything
    at all is drawn (a page of only vector graphics is not blank)."""

    number: int
    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, float]] = field(default_factory=list)
    drawn: bool = False

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


def read_page(page: pdfium.PdfPage, number: int) -> LayerPage:
    """Read one page's glyphs and graphics; the caller owns and closes `page`."""
    left, bottom, right, top = page.get_cropbox()
    layer = LayerPage(number=number, width=float(right - left), height=float(top - bottom))
    origin = (float(left), float(top))
    _read_objects(page.raw, layer, origin)
    textpage = page.get_textpage()
    try:
        layer.chars = _chars(textpage.raw, origin, layer.height * (number - 1))
    finally:
        textpage.close()
    return layer


def _chars(textpage: Any, origin: tuple[float, float], doctop: float) -> list[dict[str, Any]]:
    """Every glyph pdfium found, and the spaces it generated between words; not its line breaks."""
    left, top = origin
    box = pdfium_c.FS_RECTF()
    x = ctypes.c_double()
    y = ctypes.c_double()
    styles: dict[int | None, tuple[float, str, float, bool]] = {}
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        text = chr(code)
        if text in "\r\n":
            continue
        if text.isspace() and pdfium_c.FPDFText_IsGenerated(textpage, index):
            if chars and chars[-1]["text"] != " ":
                chars.append(_generated_space(chars[-1]))
            continue
        if text == HYPHEN_MARK:
            text = "-"
        elif _unmapped(textpage, index, code, text):
            text = UNMAPPED
        text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(text_object, ctypes.c_void_p).value
        style = styles.get(key)
        if style is None:
            style = styles[key] = _style(textpage, index, text_object)
        size, fontname, descent, upright = style
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        char_bottom = top - (y.value + descent)
        chars.append(
            {
                "text": text,
                "x0": box.left - left,
                "x1": box.right - left,
                "top": char_bottom - size,
                "bottom": char_bottom,
                "doctop": doctop + char_bottom - size,
                "size": size,
                "fontname": fontname,
                "upright": upright,
            }
        )
    return chars


def _generated_space(previous: dict[str, Any]) -> dict[str, Any]:
    """A word gap pdfium found without a space glyph (Chromium and cairo set words apart by position): a
    zero-width space right after the glyph before it, on its line, so that pdfplumber ends the word there
    as it does at a real space, however narrow the gap. (pdfium's own position for it can lie past the
    next glyph's start, which would sort it into the next word.)"""
    return {**previous, "text": " ", "x0": previous["x1"]}


def _unmapped(textpage: Any, index: int, code: int, text: str) -> bool:
    """A glyph of a font without a Unicode map (pdfium would guess from the glyph code, often wrongly) or
    a control code. Private-use codes are kept: they are how symbol-font bullets come through."""
    if code < MIN_PRINTABLE:
        return not text.isspace()
    return not PRIVATE_USE[0] <= code <= PRIVATE_USE[1] and bool(pdfium_c.FPDFText_HasUnicodeMapError(textpage, index))


def _style(textpage: Any, index: int, text_object: Any) -> tuple[float, str, float, bool]:
    """Size, font name, descent and uprightness, shared by every glyph of one text object.

    The size is the one the glyphs are drawn at: pdfium reports the nominal `Tf` size, which producers
    such as cairo set to 1 and scale by the text matrix.
    """
    size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
    matrix = pdfium_c.FS_MATRIX()
    upright = True
    if pdfium_c.FPDFText_GetMatrix(textpage, index, matrix):
        size *= math.hypot(matrix.c, matrix.d) or 1.0
        upright = matrix.b == 0 and matrix.c == 0
    name = ""
    descent = -0.2 * size
    font = pdfium_c.FPDFTextObj_GetFont(text_object) if text_object else None
    if font:
        buffer = ctypes.create_string_buffer(FONT_NAME_BYTES)
        length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, FONT_NAME_BYTES)
        name = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
        value = ctypes.c_float()
        if pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), value):
            descent = float(value.value)
    return size, name, descent, upright


def _read_objects(container: Any, layer: LayerPage, origin: tuple[float, float]) -> None:
    """Walk the page's objects, into form XObjects too, collecting rule edges and image boxes."""
    stack: list[tuple[Any, Matrix, bool]] = [(container, IDENTITY, False)]
    while stack:
        parent, outer, is_form = stack.pop()
        count = (pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects)(parent)
        get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
        for index in range(count):
            obj = get(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, _compose(_matrix(obj), outer), True))
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                layer.drawn = True
                layer.edges.extend(_path_edges(obj, _compose(_matrix(obj), outer), origin))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                layer.drawn = True
                layer.images.append(_image_box(obj, outer, origin))


def _matrix(obj: Any) -> Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _path_edges(obj: Any, matrix: Matrix, origin: tuple[float, float]) -> list[dict[str, Any]]:
    """The horizontal and vertical straight segments of a path, as pdfplumber edges.

    A filled box without a stroke that is thick both ways is a highlight or cell fill: as table edges it
    would cut a highlighted line out of its cell as a row of its own, so it gives none.
    """
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
    points = _path_points(obj, matrix)
    if not points:
        return []
    if is_shading(_span(points, 0), _span(points, 1), bool(fill.value), bool(stroke.value)):
        return []
    left, top = origin
    edges = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if abs(y0 - y1) <= AXIS_TOLERANCE and abs(x0 - x1) > AXIS_TOLERANCE:
            edges.append(rule_edge(min(x0, x1) - left, max(x0, x1) - left, top - y0, top - y0, "h"))
        elif abs(x0 - x1) <= AXIS_TOLERANCE and abs(y0 - y1) > AXIS_TOLERANCE:
            edges.append(rule_edge(x0 - left, x0 - left, top - max(y0, y1), top - min(y0, y1), "v"))
    return edges


def _path_points(obj: Any, matrix: Matrix) -> list[tuple[float, float]]:
    """Segment end points in page space; a closed subpath repeats its start so its last side counts,
    and a move starts a new run (a None gap that pairs with nothing)."""
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    x = ctypes.c_float()
    y = ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _apply(matrix, x.value, y.value)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                points.append((float("nan"), float("nan")))
            start = point
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            points.append(start)
    return points


def _span(points: list[tuple[float, float]], axis: int) -> float:
    values = [point[axis] for point in points if point[axis] == point[axis]]  # NaN gaps left out
    return max(values) - min(values) if values else 0.0


def is_shading(width: float, height: float, fill: bool, stroke: bool) -> bool:
    """A filled, unstroked box thicker than a rule both ways is background, not a table edge."""
    return fill and not stroke and min(width, height) > MAX_RULE_THICKNESS


def rule_edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict[str, Any]:
    """A rule as pdfplumber's table finder takes it (also for rules added or found in scans)."""
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _image_box(obj: Any, outer: Matrix, origin: tuple[float, float]) -> dict[str, float]:
    """An image's bounds on the page (its own matrix is in its bounds; a form's is applied here)."""
    left_value, bottom_value, right_value, top_value = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left_value, bottom_value, right_value, top_value)
    corners = [_apply(outer, x.value, y.value) for x in (left_value, right_value) for y in (bottom_value, top_value)]
    left, top = origin
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return {"x0": min(xs) - left, "x1": max(xs) - left, "top": top - max(ys), "bottom": top - min(ys)}

"""Measuring the document as a word processor sets it: each paragraph's lines and their heights.

Styles are resolved as Word resolves them (document defaults, then the style's ``basedOn``
chain, then numbering, then direct formatting); text is broken into lines greedily at spaces and
after hyphens, dashes and slashes, with the advance widths and line heights of the font files the
word processor sets each face in (:mod:`briefing.docx.word.fonts`: fontconfig and fontTools, with the
metric-compatible substitute where Word's face is absent). :mod:`briefing.docx.word.pagination`
stacks the lines on pages.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from briefing.docx.word.fonts import face

EMU_PER_PT = 12700
FALLBACK_FACE = "Calibri"
BREAK_AFTER = frozenset("-–—/")  # a line may end after these (and at a space)
WIDE = 0x2E80  # from here on (CJK) a character is one em wide and a line may break anywhere
# A line holding CJK is set in the fallback CJK face (Noto Sans CJK), whose line (ascent 1.16 em
# plus descent 0.288 em) is taller than the Latin face's: a page of notes citing a Chinese title
# would otherwise run over.
CJK_LINE = 1.448
MERGED = frozenset(qn(f"w:{name}") for name in ("spacing", "ind", "rFonts", "lang"))
SUPERSCRIPT = 0.58  # of the font size, as LibreOffice sets w:vertAlign superscript


@dataclass(frozen=True)
class RunFormat:
    face: str = FALLBACK_FACE
    size: float = 10.0  # points
    bold: bool = False
    italic: bool = False
    small_caps: bool = False
    superscript: bool = False
    tracking: float = 0.0  # points added after each character

    def width(self, char: str) -> float:
        if ord(char) >= WIDE:
            return self.size
        size = self.size * (SUPERSCRIPT if self.superscript else 1)
        if self.small_caps and char.islower():
            char, size = char.upper(), size * 0.8
        return face(self.face, self.bold, self.italic).width(char) * size + self.tracking

    def line(self) -> float:
        """The font's single line, in points (Word's "auto" line spacing multiplies this). A
        superscript is set smaller but raised: its line is as tall as the full size's."""
        return face(self.face, self.bold, self.italic).line * self.size


def _on(props: dict, name: str) -> bool | None:
    element = props.get(qn(f"w:{name}"))
    if element is None:
        return None
    return element.get(qn("w:val"), "true") not in ("0", "false", "off")


class Styles:
    """Word's property inheritance over ``word/styles.xml`` and ``word/numbering.xml``."""

    def __init__(self, styles_element, numbering_element=None) -> None:
        self.by_id = {s.styleId: s for s in styles_element.style_lst}  # python-docx's CT_Styles
        self.default_rpr = self._children(
            styles_element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        )
        self.default_ppr = self._children(  # an organisation's template may space every paragraph
            styles_element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        )
        self.default_para = next(
            (
                k
                for k, s in self.by_id.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1"
            ),
            "Normal",
        )
        self.numbering = numbering_element

    @staticmethod
    def _children(element) -> dict:
        return {child.tag: child for child in element} if element is not None else {}

    @staticmethod
    def merged(*layers: dict) -> dict:
        """Property layers, later ones winning; ``w:spacing``, ``w:ind`` and ``w:rFonts`` merge
        attribute by attribute, as Word inherits them."""
        out: dict = {}
        for layer in layers:
            for tag, element in layer.items():
                if tag in MERGED and tag in out:
                    combined = copy.copy(out[tag])
                    for key, value in element.attrib.items():
                        combined.set(key, value)
                    out[tag] = combined
                else:
                    out[tag] = element
        return out

    @functools.cache  # noqa: B019 (one Styles per document)
    def chain(self, style_id: str | None, kind: str) -> tuple[dict, dict]:
        """(pPr, rPr) children of a style, its bases' first and its own last."""
        style = self.by_id.get(style_id or "")
        if style is None:
            return {}, {}
        base = style.basedOn
        ppr, rpr = self.chain(base.val, kind) if base is not None else ({}, {})
        return self.merged(ppr, self._children(style.pPr)), self.merged(rpr, self._children(style.rPr))

    def level_ppr(self, num_id: str, ilvl: str) -> dict:
        if self.numbering is None:
            return {}
        nums = self.numbering.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        if not nums:
            return {}
        found = self.numbering.xpath(
            f"./w:abstractNum[@w:abstractNumId='{nums[0]}']/w:lvl[@w:ilvl='{ilvl}']/w:pPr"
        )
        return self._children(found[0]) if found else {}

    def style_id(self, p) -> str:
        style = p.pPr.find(qn("w:pStyle")) if p.pPr is not None else None
        return style.get(qn("w:val")) if style is not None else self.default_para

    def paragraph(self, p) -> tuple[dict, dict]:
        """The paragraph's effective pPr children and the rPr its runs start from."""
        direct = self._children(p.pPr)
        style = direct.get(qn("w:pStyle"))
        style_id = style.get(qn("w:val")) if style is not None else self.default_para
        ppr, rpr = self.chain(style_id, "paragraph")
        level: dict = {}
        num = direct.get(qn("w:numPr"), ppr.get(qn("w:numPr")))
        if num is not None:
            num_id, ilvl = num.numId, num.ilvl  # python-docx's CT_NumPr
            if num_id is not None:
                level = self.level_ppr(str(num_id.val), str(ilvl.val) if ilvl is not None else "0")
        return self.merged(self.default_ppr, ppr, level, direct), self.merged(self.default_rpr, rpr)

    def run_format(self, base: dict, r) -> RunFormat:
        direct = self._children(r.rPr)
        style = direct.get(qn("w:rStyle"))
        character = self.chain(style.get(qn("w:val")), "character")[1] if style is not None else {}
        return run_format(self.merged(base, character, direct))


def run_format(props: dict) -> RunFormat:
    fonts = props.get(qn("w:rFonts"))
    size = props.get(qn("w:sz"))
    spacing = props.get(qn("w:spacing"))
    vert = props.get(qn("w:vertAlign"))
    return RunFormat(
        face=(fonts.get(qn("w:ascii")) if fonts is not None else None) or FALLBACK_FACE,
        size=int(size.get(qn("w:val"))) / 2 if size is not None else 10.0,
        bold=bool(_on(props, "b")),
        italic=bool(_on(props, "i")),
        small_caps=bool(_on(props, "smallCaps")),
        superscript=vert is not None and vert.get(qn("w:val")) == "superscript",
        tracking=int(spacing.get(qn("w:val"))) / 20 if spacing is not None else 0.0,
    )


@dataclass
class Paragraph:
    """A measured paragraph: its lines (heights, points) and what pagination needs to know."""

    lines: list[float]
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False
    keep_lines: bool = False
    break_before: bool = False
    widow_control: bool = False
    notes: dict[int, list[str]] = field(default_factory=dict)  # line → footnote ids on it
    bookmarks: list[str] = field(default_factory=list)
    text: str = ""
    element: object = None  # the w:p
    borders: tuple[float, float] = (0.0, 0.0)  # top and bottom border with its space, in ``lines``
    frame: bytes = b""  # borders and indents: equal frames of neighbours draw one box
    style: str = ""  # the paragraph style's id
    contextual: bool = False  # w:contextualSpacing: no space beside a paragraph of its style

    def join(self, following: Paragraph) -> None:
        """Word and LibreOffice draw one box around neighbours with equal borders and indents:
        no bottom border on this one, no top border on the next. And a house template's list
        styles (python-docx's own List Number) drop the space between items of one style."""
        if self.style == following.style:
            self.after = 0.0 if self.contextual else self.after
            following.before = 0.0 if following.contextual else following.before
        if self.frame and self.frame == following.frame:
            self.lines[-1] -= self.borders[1]
            following.lines[0] -= following.borders[0]
            self.borders, following.borders = (self.borders[0], 0.0), (0.0, following.borders[1])


def _twips(element, name: str) -> float:
    value = element.get(qn(f"w:{name}")) if element is not None else None
    return int(value) / 20 if value else 0.0


def _border(ppr: dict, side: str) -> float:
    borders = ppr.get(qn("w:pBdr"))
    edge = borders.find(qn(f"w:{side}")) if borders is not None else None
    if edge is None or edge.get(qn("w:val")) in (None, "nil", "none"):
        return 0.0
    return int(edge.get(qn("w:sz"), "0")) / 8 + int(edge.get(qn("w:space"), "0"))


def _pieces(p, styles: Styles, base_rpr: dict) -> list[tuple[str, RunFormat]]:
    """(text, format) in reading order: text, tabs, breaks, footnote marks and pictures."""
    out: list[tuple[str, RunFormat]] = []
    for r in p.iter(qn("w:r")):
        fmt = styles.run_format(base_rpr, r)
        for child in r:
            if child.tag == qn("w:t"):
                out.append((child.text or "", fmt))
            elif child.tag == qn("w:tab"):
                out.append(("\t", fmt))
            elif child.tag in (qn("w:br"), qn("w:cr")) and child.get(qn("w:type")) in (None, "textWrapping"):
                out.append(("\n", fmt))
            elif child.tag == qn("w:footnoteReference"):
                out.append(("\x01" + child.get(qn("w:id")), fmt))
            elif child.tag == qn("w:drawing"):
                extent = child.find(f".//{qn('wp:extent')}")
                height = int(extent.get("cy")) / EMU_PER_PT if extent is not None else 0.0
                out.append(("\x02" + str(height), fmt))
    return out


def break_lines(pieces: list[tuple[str, RunFormat]], width: float, multiple: float, empty: float):
    """Greedy line breaking: (line heights, footnote ids per line)."""
    lines: list[float] = []
    notes: dict[int, list[str]] = {}
    x, height, space, word_w, word_h = 0.0, 0.0, 0.0, 0.0, 0.0
    word_notes: list[str] = []

    def end_line() -> None:
        nonlocal x, height
        lines.append(height or empty)
        x, height = 0.0, 0.0

    def place_word() -> None:
        nonlocal x, height, space, word_w, word_h, word_notes
        if x and x + space + word_w > width:
            end_line()
            space = 0.0
        x += space + word_w
        height = max(height, word_h)
        if word_notes:
            notes.setdefault(len(lines), []).extend(word_notes)
        word_w, word_h, space, word_notes = 0.0, 0.0, 0.0, []

    for text, fmt in pieces:
        line_h = fmt.line() * multiple
        if text.startswith("\x01"):
            word_notes.append(text[1:])
            word_w += fmt.width("8") * 2
            word_h = max(word_h, line_h)
            continue
        if text.startswith("\x02"):
            word_w, word_h = width * 0.99, max(word_h, float(text[1:]) + fmt.size * 0.25)
            continue
        for char in text:
            if char == "\n":
                place_word()
                end_line()
            elif char in " \t":
                if word_w or word_notes:
                    place_word()
                space += fmt.width(" ") if char == " " else 12.0
                height = max(height, line_h) if x else height
            else:
                word_w += fmt.width(char)
                tall = line_h if ord(char) < WIDE else max(line_h, fmt.size * CJK_LINE * multiple)
                word_h = max(word_h, tall)
                if char in BREAK_AFTER or ord(char) >= WIDE:
                    place_word()
    if word_w or word_notes or x or not lines:
        place_word()
        end_line()
    return lines, notes


def lo_percent(line: int) -> int:
    """Word's "auto" line spacing (240ths of a single line) as LibreOffice reads it: through
    1/100 mm into a whole percent, cut down (285 → 118 %, not 118.75). Measured in LibreOffice
    7.4 over 61 values and six faces, lines are then within a twip; at 118.75 % a page of 10 pt
    text ran 4 pt long, enough to put a heading one page late in the contents."""
    mm100 = (line * 127 + 36) // 72  # LibreOffice's convertTwipToMM100, rounded half up
    return mm100 * 100 // 423  # a single line, 240 twips, is 423 hundredths of a millimetre


def measure(p, styles: Styles, width: float) -> Paragraph:
    """One ``w:p`` at a text width (points) between the margins."""
    ppr, base_rpr = styles.paragraph(p)
    spacing, indent = ppr.get(qn("w:spacing")), ppr.get(qn("w:ind"))
    rule = spacing.get(qn("w:lineRule"), "auto") if spacing is not None else "auto"
    line_value = spacing.get(qn("w:line")) if spacing is not None else None
    multiple = lo_percent(int(line_value)) / 100 if line_value and rule == "auto" else 1.0
    text_width = width - _twips(indent, "left") - _twips(indent, "right")
    mark = run_format(styles.merged(base_rpr, styles._children(ppr.get(qn("w:rPr")))))  # the paragraph mark
    pieces = _pieces(p, styles, base_rpr)
    lines, notes = break_lines(pieces, text_width, multiple, mark.line() * multiple)
    if line_value and rule == "exact":
        lines = [int(line_value) / 20] * len(lines)
    elif line_value and rule == "atLeast":
        lines = [max(h, int(line_value) / 20) for h in lines]
    borders = (_border(ppr, "top"), _border(ppr, "bottom"))
    lines[0] += borders[0]
    lines[-1] += borders[1]
    frame = b"".join(etree.tostring(ppr[tag]) for tag in (qn("w:pBdr"), qn("w:ind")) if tag in ppr)
    return Paragraph(
        lines=lines,
        before=_twips(spacing, "before"),
        after=_twips(spacing, "after"),
        keep_next=bool(_on(ppr, "keepNext")),
        keep_lines=bool(_on(ppr, "keepLines")),
        break_before=bool(_on(ppr, "pageBreakBefore")),
        widow_control=bool(_on(ppr, "widowControl")),
        notes=notes,
        bookmarks=[b.get(qn("w:name")) for b in p.iter(qn("w:bookmarkStart"))],
        text="".join(t for t, _ in pieces if not t.startswith(("\x01", "\x02"))),
        element=p,
        borders=borders,
        frame=frame if qn("w:pBdr") in ppr else b"",
        style=styles.style_id(p),
        contextual=bool(_on(ppr, "contextualSpacing")),
    )

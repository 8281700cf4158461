"""Lists: Word numbering definitions, and ``ul``/``ol`` walked into numbered paragraphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from briefing.docx import oxml as x
from briefing.docx import styles as st
from briefing.docx.source import classes, describe, fail, is_element, normalise
from briefing.theme import Theme

if TYPE_CHECKING:
    from briefing.docx.writer import Writer

MAX_LEVEL = 8  # Word's nine list levels, 0-8
BULLETS = ("•", "◦", "▪")
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")


class Numbering:
    """The document's list definitions (``w:abstractNum``), one per kind of list, made on first use.

    "bullet" and "number" belong to the List Bullet and List Number styles (their level 1 names
    the style); "number" is indented like the key judgments, whose markers are bold accent sans
    (the stylesheet's ``ol.judgments > li::marker``); "references" is the bibliography.
    """

    def __init__(self, document, *, theme: Theme, style_ids: dict[str, str]) -> None:
        self.document = document
        self.element = document.part.numbering_part.element
        x.clear_numbering(self.element)  # the template's lists: no paragraph uses them
        self.theme = theme
        self.style_ids = style_ids
        self.definitions: dict[str, int] = {}

    def definition(self, kind: str) -> int:
        if kind not in self.definitions:
            c, f = self.theme.colours, self.theme.fonts
            step = st.twips(7 if kind in ("judgments", "number") else 6)
            if kind == "bullet":
                marks = [("bullet", BULLETS[i % len(BULLETS)]) for i in range(MAX_LEVEL + 1)]
            else:
                formats = [NUMBER_FORMATS[i % len(NUMBER_FORMATS)] for i in range(MAX_LEVEL + 1)]
                marks = [(fmt, f"%{i + 1}.") for i, fmt in enumerate(formats)]
            props = [x.fonts(f.docx_sans), x.on("b"), x.colour(c.accent)] if kind == "judgments" else []
            levels = [
                {"fmt": fmt, "text": text, "left": step * (i + 1), "hanging": step, "props": props}
                for i, (fmt, text) in enumerate(marks)
            ]
            style = {"bullet": st.LIST_BULLET, "number": st.LIST_NUMBER}.get(kind)
            if style:
                levels[0]["style"] = self.style_ids[style]
            self.definitions[kind] = x.add_abstract_num(self.element, levels)
        return self.definitions[kind]

    def instance(self, kind: str, *, restart_level: int | None) -> int:
        return x.add_num(self.element, self.definition(kind), restart_level=restart_level)

    def link_list_styles(self) -> None:
        """Give List Bullet / List Number their own numbering, for lists Word users add later."""
        for name, kind in ((st.LIST_BULLET, "bullet"), (st.LIST_NUMBER, "number")):
            num_id = self.instance(kind, restart_level=None)
            style = self.document.styles[name].element
            ppr = style.find(qn("w:pPr"))
            if ppr is None:
                ppr = x.put(style, x.el("w:pPr"))
            x.put(ppr, x.num_pr(num_id))


def write_list(w: Writer, element, *, level: int = 0) -> None:
    """A ``ul``/``ol``: one numbered paragraph per item (the legend's labels are its markers)."""
    cls = classes(element)
    ordered = element.tag == "ol"
    style = st.LIST_NUMBER if ordered else st.LIST_BULLET
    kind = "number" if ordered else "bullet"
    if "judgments" in cls:
        kind = "judgments"
    elif "references" in cls:
        kind, style = "references", st.REFERENCE
    num_id: int | None = None
    if "legend" in cls:  # the stance labels are the markers (the stylesheet: list-style none)
        style = st.LEGEND
    else:
        num_id = w.numbering.instance(kind, restart_level=level if ordered else None)
    if normalise(element.text or ""):
        fail(element, f"text directly inside {describe(element)}")
    for child in element:
        if not is_element(child):
            continue
        if child.tag != "li":
            fail(child, f"{describe(child)} cannot stand inside {describe(element)}")
        if normalise(child.tail or ""):
            fail(element, f"text directly inside {describe(element)}")
        _item(w, child, num_id, level, style)


def _item(w: Writer, li, num_id: int | None, level: int, style: str) -> None:
    """One ``li``: its first paragraph carries the number, later ones continue the item."""
    w.bookmarks.want(li)
    first = True
    for kind, item in w.segments(li):
        if kind == "block" and item.tag in ("ul", "ol"):
            w.bookmarks.want(item)
            write_list(w, item, level=min(level + 1, MAX_LEVEL))
            continue
        if kind == "block" and item.tag != "p":
            w.block(item, quote=False)
            continue
        if kind == "block":
            w.bookmarks.want(item)
        group = item if kind == "inline" else w.inline_nodes(item)
        paragraph = w.paragraph(style if first or num_id is None else st.LIST_CONTINUE)
        if first and num_id is not None:
            x.put(paragraph._p.get_or_add_pPr(), x.num_pr(num_id, level))
        first = False
        w.fill(paragraph, group)

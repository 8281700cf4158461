"""List numbering: the ``word/numbering.xml`` definitions (``w:abstractNum``) and instances
(``w:num``), one definition per kind of list, made on first use."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn

from briefing.docx import oxml as x
from briefing.docx.oxml import box, el, indent, remove, tabs, val
from briefing.docx.word import styles as st
from briefing.theme import Theme

MAX_LEVEL = 8  # Word's nine list levels, 0-8
BULLETS = ("•", "◦", "▪")
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")


class Numbering:
    """The document's two list definitions (``w:abstractNum``), made on first use.

    "bullet" belongs to the List Bullet style and "number" to List Number (level 1 names the
    style). Every numbered list of the brief, the key judgments and the references alike, is an
    instance (``w:num``) of "number" that restarts at 1: one numbering scheme, whose markers are
    bold accent sans (the stylesheet's ``ol.judgments > li::marker``).
    """

    def __init__(self, document, *, theme: Theme, style_ids: dict[str, str]) -> None:
        self.document = document
        self.element = document.part.numbering_part.element
        clear_numbering(self.element)  # the template's lists: no paragraph uses them
        self.theme = theme
        self.style_ids = style_ids
        self.definitions: dict[str, int] = {}

    def definition(self, kind: str) -> int:
        if kind not in self.definitions:
            c, f = self.theme.colours, self.theme.fonts
            sp = self.theme.space
            step = x.twips(sp.judgments_indent if kind == "number" else sp.list_indent)
            if kind == "bullet":
                marks = [("bullet", BULLETS[i % len(BULLETS)]) for i in range(MAX_LEVEL + 1)]
            else:
                formats = [NUMBER_FORMATS[i % len(NUMBER_FORMATS)] for i in range(MAX_LEVEL + 1)]
                marks = [(fmt, f"%{i + 1}.") for i, fmt in enumerate(formats)]
            props = [x.fonts(f.docx_sans), x.on("b"), x.colour(c.accent)] if kind == "number" else []
            levels = [
                {"fmt": fmt, "text": text, "left": step * (i + 1), "hanging": step, "props": props}
                for i, (fmt, text) in enumerate(marks)
            ]
            style = {"bullet": st.LIST_BULLET, "number": st.LIST_NUMBER}.get(kind)
            if style:
                levels[0]["style"] = self.style_ids[style]
            self.definitions[kind] = add_abstract_num(self.element, levels)
        return self.definitions[kind]

    def instance(self, kind: str, *, restart_level: int | None) -> int:
        return add_num(self.element, self.definition(kind), restart_level=restart_level)

    def link_list_styles(self) -> None:
        """Give List Bullet / List Number their own numbering, for lists Word users add later."""
        for name, kind in ((st.LIST_BULLET, "bullet"), (st.LIST_NUMBER, "number")):
            num_id = self.instance(kind, restart_level=None)
            style = self.document.styles[name].element
            ppr = style.find(qn("w:pPr"))
            if ppr is None:
                ppr = x.put(style, x.el("w:pPr"))
            x.put(ppr, num_pr(num_id))


def add_abstract_num(numbering, levels: Sequence[dict]) -> int:
    """A multi-level list definition; each level is a dict of fmt, text, left, hanging, props."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = el("w:abstractNum", {"abstractNumId": abstract_id})
    abstract.append(val("nsid", f"{0x6B1E0000 + abstract_id:08X}"))  # Word's list identity
    abstract.append(val("multiLevelType", "hybridMultilevel"))
    for ilvl, level in enumerate(levels):
        lvl = el("w:lvl", {"ilvl": ilvl})
        lvl.append(val("start", 1))
        lvl.append(val("numFmt", level["fmt"]))
        if level.get("style"):
            lvl.append(val("pStyle", level["style"]))
        lvl.append(val("lvlText", level["text"]))
        lvl.append(val("lvlJc", "left"))
        lvl.append(
            el(
                "w:pPr",
                None,
                tabs(("num", level["left"], None)),
                indent(left=level["left"], hanging=level["hanging"]),
            )
        )
        if level.get("props"):
            lvl.append(box("w:rPr", level["props"]))
        abstract.append(lvl)
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    return abstract_id


def add_num(numbering, abstract_id: int, *, restart_level: int | None = 0) -> int:
    """A list instance of ``abstract_id`` whose ``restart_level`` counts from 1 again.

    Word continues the numbers of earlier instances of the same definition unless told not to.
    """
    ids = [n.numId for n in numbering.num_lst]  # python-docx's CT_Numbering
    num_id = max(ids, default=0) + 1
    num = el("w:num", {"numId": num_id}, val("abstractNumId", abstract_id))
    if restart_level is not None:
        num.append(el("w:lvlOverride", {"ilvl": restart_level}, val("startOverride", 1)))
    last = numbering.num_lst
    if last:
        last[-1].addnext(num)
    else:
        numbering.append(num)
    return num_id


def num_pr(num_id: int, ilvl: int | None = None):
    """``w:numPr``: the list instance, and the level when the paragraph's style does not imply it."""
    level = [val("ilvl", ilvl)] if ilvl is not None else []
    return el("w:numPr", None, *level, val("numId", num_id))


def clear_numbering(numbering) -> None:
    """Remove every list definition and instance (the template's lists, which nothing uses)."""
    remove(numbering, "num", "abstractNum", "numIdMacAtCleanup")

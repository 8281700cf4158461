"""Lists: ``ul``/``ol`` walked into numbered paragraphs (definitions: :mod:`briefing.docx.word.numbering`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.docx import oxml as x
from briefing.docx.word import styles as st
from briefing.docx.word.numbering import MAX_LEVEL, num_pr
from briefing.walker.source import classes, describe, fail, is_element, normalise

if TYPE_CHECKING:
    from briefing.docx.walk.flow import Writer


def write_list(w: Writer, element, *, level: int = 0) -> None:
    """A ``ul``/``ol``: one numbered paragraph per item (the legend's labels are its markers)."""
    cls = classes(element)
    ordered = element.tag == "ol"
    style = st.LIST_NUMBER if ordered else st.LIST_BULLET
    kind = "number" if ordered else "bullet"
    if "references" in cls:  # numbered like every list, set in the Reference style
        style = st.REFERENCE
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
    w.bookmarks.want_field(li)  # a tight list's item: a prose field's paragraph (absorb)
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
            w.bookmarks.want_field(item)
        group = item if kind == "inline" else w.inline_nodes(item)
        paragraph = w.paragraph(style if first or num_id is None else st.LIST_CONTINUE)
        if first and num_id is not None:
            x.put(paragraph._p.get_or_add_pPr(), num_pr(num_id, level))
        first = False
        w.fill(paragraph, group)

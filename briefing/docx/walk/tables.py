"""Tables: ``table.matrix`` as a native Word table with a repeating header row and stance fills."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.docx import oxml as x
from briefing.docx.walk.figures import caption
from briefing.docx.word import styles as st
from briefing.theme import Theme
from briefing.walker.source import describe, fail, is_element, stance_of

if TYPE_CHECKING:
    from briefing.docx.walk.flow import Writer


def matrix_theme(root, theme: Theme) -> Theme:
    """``theme`` with the matrix set at the step the HTML names (``section[data-density]``).

    The HTML decides (``briefing.html.matrix_fit``); the Word styles are built from the result,
    so Table Text and its kin carry this brief's matrix size, as the stylesheet sets it.
    """
    marked = root.xpath("//section[@data-density]")
    value = marked[0].get("data-density", "") if marked else ""
    steps = len(theme.matrix_steps())
    if not value.isdigit() or not 0 <= int(value) < steps:
        if marked:
            fail(marked[0], f"data-density must be 0 to {steps - 1}, not {value!r}")
        return theme
    return theme.at_density(int(value))


def _rows(element) -> list[tuple[object, bool, list]]:
    """``(tr, in thead, elements whose ids mark the row)`` in order; the caption is read apart."""
    rows: list[tuple[object, bool, list]] = []
    for child in element:
        if not is_element(child) or child.tag == "caption":
            continue
        if child.tag in ("thead", "tbody"):
            group = [tr for tr in child if is_element(tr)]
            head = child.tag == "thead"
            rows += [(tr, head, [child, tr] if n == 0 else [tr]) for n, tr in enumerate(group)]
        elif child.tag == "tr":
            rows.append((child, False, [child]))
        else:
            fail(child, f"{describe(child)} cannot stand in a table")
    for tr, _, _ in rows:
        if tr.tag != "tr":
            fail(tr, f"{describe(tr)} cannot stand in a table")
        for cell in tr:
            if is_element(cell) and (cell.get("colspan") or cell.get("rowspan")):
                fail(cell, f"{describe(cell)}: merged cells are not supported in Word output")
    return rows


def _widths(total: int, columns: int, *, row_heads: bool, first_share: float) -> list[int]:
    """Column widths in twips: a row-headed table gives its first column the theme's share."""
    if row_heads and columns > 1:
        first = round(total * first_share)
        return [first] + [(total - first) // (columns - 1)] * (columns - 1)
    return [total // columns] * columns


def write_table(w: Writer, element) -> None:
    if not w.in_body:
        fail(element, "a table inside a table cell")
    rows = _rows(element)
    cells = [[c for c in tr if is_element(c)] for tr, _, _ in rows]
    columns = max((len(r) for r in cells), default=0)
    if not columns:
        fail(element, "a table without cells")
    head_row = any(head for _, head, _ in rows)
    row_heads = any(r and r[0].tag == "th" for (_, head, _), r in zip(rows, cells, strict=True) if not head)
    # The issue column keeps its landscape width in mm when the matrix flows on a portrait page.
    first = w.theme.page.matrix_first_column
    if not w.pages.landscape:
        first = w.theme.matrix_first_column_portrait(w.pages.paper)
    widths = _widths(w.pages.text_width(), columns, row_heads=row_heads, first_share=first / 100)
    table_caption = next((c for c in element if is_element(c) and c.tag == "caption"), None)
    if table_caption is not None:  # above the table: source order, Word's habit, the stylesheet's
        paragraph = caption(w, table_caption)
        x.put(paragraph._p.get_or_add_pPr(), x.on("keepNext"))
    table = w.document.add_table(rows=len(rows), cols=columns)
    table.style = w.document.styles[st.STANCE_MATRIX]
    tbl_pr = table._tbl.tblPr
    x.put(tbl_pr, x.el("w:tblW", {"w": sum(widths), "type": "dxa"}))
    x.put(tbl_pr, x.el("w:tblLayout", {"type": "fixed"}))
    x.put(tbl_pr, x.table_look(firstRow=head_row, firstColumn=row_heads, noHBand=True, noVBand=True))
    x.table_grid(table._tbl, widths)
    for r, ((_, head, marks), row_cells) in enumerate(zip(rows, cells, strict=True)):
        for marked in marks:  # bookmarked in the row's first cell
            w.bookmarks.want(marked)
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        x.put(tr_pr, x.on("cantSplit"))
        if head:
            x.put(tr_pr, x.on("tblHeader"))
        for col in range(columns):
            cell = table.cell(r, col)
            x.cell_width(cell._tc, widths[col])
            if col < len(row_cells):
                _cell(w, cell, row_cells[col], head=head)


def _cell(w: Writer, cell, source, *, head: bool) -> None:
    """One cell: its look (paragraph style) and fill (cell shading), then its content."""
    c = w.theme.colours
    stance = stance_of(source)
    if head:
        style, fill = st.TABLE_HEADING, c.accent
    elif source.tag == "th":
        style, fill = st.TABLE_ROW_HEADING, c.accent_soft
    elif stance == "not-addressed":  # as the stylesheet greys them
        style, fill = st.STANCE_NOT_ADDRESSED, source.get("data-fill")
    else:
        style, fill = st.TABLE_TEXT, source.get("data-fill")  # the fill the HTML resolved
    if fill:
        x.put(cell._tc.get_or_add_tcPr(), x.shading(fill))
    w.bookmarks.want(source)
    with w.into_cell(cell) as flow:
        for kind, item in w.segments(source):
            if kind == "inline" or item.tag == "p":
                if kind == "block":
                    w.bookmarks.want(item)
                w.fill(w.paragraph(style), item if kind == "inline" else w.inline_nodes(item))
            else:
                w.block(item, quote=False)
        if not flow.used:
            w.paragraph(style)
    w.comment(cell._tc.p_lst[0], source)  # --review: the sources behind the coding

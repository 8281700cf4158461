"""The table style of the stance matrix: rules, cell margins and row behaviour from the theme."""

from __future__ import annotations

from briefing.docx import oxml as x
from briefing.docx.oxml import twips
from briefing.theme import Theme


def matrix_table_style(style, theme: Theme) -> None:
    """Rules, padding and row behaviour of the matrix table style.

    The header row, row heads and cells get their look from paragraph styles (Table Heading,
    Table Row Heading, Table Text) and their fill from cell shading, which every reader shows;
    the style has no conditional (``tblStylePr``) parts.
    """
    rule = {"width_pt": theme.rules.matrix, "colour_hex": theme.colours.on_accent}
    pad_top, pad_x, pad_bottom = (twips(mm) for mm in theme.space.matrix_cell)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    tbl_pr = x.el(
        "w:tblPr",
        None,
        x.el("w:tblInd", {"w": 0, "type": "dxa"}),
        x.borders("tblBorders", **{side: x.border(side, **rule) for side in sides}),
        x.el("w:tblLayout", {"type": "fixed"}),
        x.el(
            "w:tblCellMar",
            None,
            x.el("w:top", {"w": pad_top, "type": "dxa"}),
            x.el("w:left", {"w": pad_x, "type": "dxa"}),
            x.el("w:bottom", {"w": pad_bottom, "type": "dxa"}),
            x.el("w:right", {"w": pad_x, "type": "dxa"}),
        ),
    )
    x.put(style, tbl_pr)
    x.put(style, x.el("w:trPr", None, x.on("cantSplit")))
    x.put(style, x.el("w:tcPr", None, x.val("vAlign", "top")))

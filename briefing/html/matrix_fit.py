"""Where the matrix goes and how dense it is set, decided before any layout.

A grid whose actor columns keep the theme's ``matrix_portrait_column`` in the portrait text
width (two or three actors) flows with the text, so a short brief has no half-empty page before
a landscape break; a wider one takes a landscape page of its own, as dense as it must be to stay
on it.

Both writers set the matrix at the density the HTML names (``table.matrix[data-density]``), so
the choice is made here, once, from the text: each cell is wrapped word by word with the PDF's
own sans metrics (IBM Plex Sans, wider than the Calibri/Carlito the DOCX names, so the estimate
holds for Word too) and the rows, header, legend and caption are added up against the page.
The estimate leans high: a step too dense costs a little type size, a step too roomy a page.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.theme import PAPER, THEME, Theme

PT_MM = 25.4 / 72
BOLD = 1.07  # Plex Sans SemiBold is about this much wider than Regular
SAFETY = 0.96  # the share of the page the estimate may fill
_BREAK_AFTER = re.compile(r"(?<=[-\u2010\u2013\u2014/])")  # a line may break after a hyphen or dash


OTHER = 0.6  # em: a character the face lacks (a fallback face draws it)
SANS = THEME.fonts.pdf_sans  # the default theme's PDF sans: its metrics stand in for a face not packaged


@functools.cache
def _advances(family: str) -> dict[int, float]:
    """Advance widths (em) of the PDF sans face by code point; none if the face is not packaged."""
    import fontpkg  # the font files pyproject installs; fontTools comes with WeasyPrint
    from fontpkg.errors import FontpkgError
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(fontpkg.path(family, 400, "normal"), lazy=True)
    except FontpkgError:  # a theme's own face, not packaged: Plex's metrics stand in
        return _advances(SANS) if family != SANS else {}
    upm = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] / upm for code, glyph in font.getBestCmap().items()}


def text_width(text: str, *, bold: bool = False, family: str = SANS) -> float:
    """Width of ``text`` in em: ``family``'s metrics (the theme's PDF sans), wide East-Asian
    characters 1 em, others 0.6."""
    widths, other = _advances(family), OTHER
    total = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            total += 1.0
        else:
            total += widths.get(ord(ch), other)
    return total * (BOLD if bold else 1.0)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(unit, after a space): the units a line may not break inside — words, split after
    dashes and around wide (East-Asian) characters, which break without a space."""
    out: list[tuple[str, bool]] = []
    for word in text.split():
        spaced = True
        for part in _BREAK_AFTER.split(word):
            run = ""
            for ch in part:
                if unicodedata.east_asian_width(ch) in "WF":
                    if run:
                        out.append((run, spaced))
                        spaced = False
                    out.append((ch, spaced))
                    run, spaced = "", False
                else:
                    run += ch
            if run:
                out.append((run, spaced))
                spaced = False
    return out


def lines(parts: Sequence[tuple[str, bool]], width_em: float, family: str = SANS) -> int:
    """Lines that ``parts`` ((text, bold) runs) take at ``width_em`` in ``family``, greedy as
    browsers wrap."""
    space = text_width(" ", family=family)
    count, used = 1, 0.0
    for text, bold in parts:
        for token, spaced in _tokens(text):
            w = text_width(token, bold=bold, family=family)
            need = w if used == 0 else used + (space if spaced else 0) + w
            if need <= width_em:
                used = need
                continue
            if used > 0:
                count += 1
            while w > width_em:  # a word longer than the line breaks anywhere (overflow-wrap)
                count += 1
                w -= width_em
            used = w
    return count


@dataclass(frozen=True)
class MatrixText:
    """The text the matrix page holds, as plain strings."""

    heads: list[str]  # column heads, the issue column's first
    rows: list[list[tuple[str, str]]]  # per issue: (row head, "") then (stance label, cell text)
    legend: list[tuple[str, str]]  # (label, meaning)
    caption: str


def text_width_mm(theme: Theme, paper: str, *, landscape: bool = True) -> float:
    """The text width of the matrix's page, portrait or landscape."""
    pg = theme.page
    if landscape:
        width = max(PAPER[paper][1:]) - 2 * pg.landscape_margin_side
    else:
        width = PAPER[paper][1] - pg.margin_inner - pg.margin_outer
    if pg.reference_page:  # a house Word template's page, which the DOCX keeps (landscape: turned)
        w, h, top, right, bottom, left = pg.reference_page
        width = min(width, h - top - bottom if landscape else w - left - right)
    return width


def portrait(theme: Theme, paper: str, actors: int) -> bool:
    """Whether the matrix flows on a portrait page: every actor column there is at least the
    theme's ``matrix_portrait_column`` wide."""
    share = 1 - theme.matrix_first_column_portrait(paper) / 100
    column = text_width_mm(theme, paper, landscape=False) * share / max(actors, 1)
    return column >= theme.page.matrix_portrait_column


def page_height_mm(theme: Theme, paper: str, text: MatrixText, step: int) -> float:
    """Height the matrix section needs at ``step``, in mm (the larger of the PDF and Word ways)."""
    s = theme.matrix_steps()[step]
    z, sp = theme.sizes, theme.space
    width = text_width_mm(theme, paper)

    def block(parts: Sequence[tuple[str, bool]], width_mm: float, size: float, leading: float) -> float:
        return lines(parts, width_mm / (size * PT_MM), theme.fonts.pdf_sans) * size * leading * PT_MM

    # Word keeps the heading's space before at the top of the section's page; the PDF drops it.
    heading = z.h1 * z.leading * PT_MM + sp.h1_before + sp.h1_rule + sp.matrix_heading_after
    heading += theme.rules.heading * PT_MM
    items = [[(label, True), (meaning, False)] for label, meaning in text.legend]
    if s.legend:  # one run-on paragraph in both formats
        legend = block([part for item in items for part in item], width, s.legend, theme.leading.legend)
    else:  # Word: a paragraph per item; the PDF: five columns
        legend = sum(block(i, width, z.legend, theme.leading.legend) + sp.legend_item for i in items)
        columns = 5
        column = (width - (columns - 1) * sp.legend_gap) / columns
        heights = [block(i, column, z.legend, theme.leading.legend) for i in items]
        legend = max(legend, max(heights, default=0), sum(heights) / columns + sp.legend_item)
    legend += sp.list_after
    caption = block([(text.caption, False)], width, z.footnote, z.leading) + 2 * sp.caption_gap

    first = width * s.first_column / 100
    other = (width - first) / max(len(text.heads) - 1, 1)
    pad_y, pad_x = s.cell[0] + s.cell[2] + theme.rules.matrix * PT_MM, 2 * s.cell[1]
    widths = [first, *[other] * (len(text.heads) - 1)]
    heads = zip(text.heads, widths, strict=True)
    head_size = s.size + z.matrix_head
    table = pad_y + max(block([(head, True)], w - pad_x, head_size, s.leading) for head, w in heads)
    for row in text.rows:
        cells = [block([(row[0][0], True)], first - pad_x, s.size, s.leading)]
        for label, body in row[1:]:
            shown = label if s.labels else label.split(" ")[0]  # the symbol alone
            cells.append(block([(shown, True), (body, False)], other - pad_x, s.size, s.leading))
        table += max(cells) + pad_y
    return heading + legend + caption + table


def head_lines(theme: Theme, paper: str, actors: int, step: int, name: str) -> int:
    """Lines an actor's name takes in its column head at ``step``, on the page the matrix takes."""
    s = theme.matrix_steps()[step]
    landscape = not portrait(theme, paper, actors)
    first = s.first_column if landscape else theme.matrix_first_column_portrait(paper)
    width = text_width_mm(theme, paper, landscape=landscape)
    column = width * (1 - first / 100) / max(actors, 1) - 2 * s.cell[1]
    return lines([(name, True)], column / ((s.size + theme.sizes.matrix_head) * PT_MM), theme.fonts.pdf_sans)


def available_mm(theme: Theme, paper: str) -> float:
    """The height of the landscape page's text block: the tighter of the PDF's and a house Word
    template's (turned a quarter, the template's left and right margins are its top and bottom)."""
    pg = theme.page
    height = min(PAPER[paper][1:]) - pg.landscape_margin_top - pg.landscape_margin_bottom
    if pg.reference_page:
        width, _, _, right, _, left = pg.reference_page
        height = min(height, width - left - right)
    return height


def density(theme: Theme, paper: str, text: MatrixText) -> int:
    """The roomiest step at which the matrix fits its page; the floor if none does (it splits)."""
    room = available_mm(theme, paper) * SAFETY
    steps = range(len(theme.matrix_steps()))
    return next((n for n in steps if page_height_mm(theme, paper, text, n) <= room), steps[-1])

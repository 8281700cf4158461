"""Pagination: where the word processor will break the pages, and the page each bookmark lands on.

The contents' cached page numbers must be right when Word or LibreOffice opens the file, with no
field update (which Word only does after a prompt). So the writer lays the document out the way
a word processor does: paragraphs measured by :mod:`briefing.docx.word.measure` (in the font files
the word processor uses) are stacked on the pages of each section with their space before and
after, keep-with-next chains, keep-lines, widow and orphan control, the page breaks the styles
ask for and footnotes at the foot of their page; tables row by row with the header row repeated.

The layout predicts, it does not force: no paragraph gets "page break before" and no page break
character is written, so the pages re-flow when an editor adds or removes text. A measurement is
never exact (a point here, a kerning pair there), so a cached number can be one off where a
heading sits at the very foot of a page; F9 in Word (or Tools › Update in LibreOffice) sets it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from briefing.docx.word.measure import Paragraph, Styles, measure

SAFETY = 0.0  # points kept free at the foot of each page (a prediction: none)
# points: the separator line and the gap above the first note, as LibreOffice 7.4 leaves it
# (fitted: 3.8-4.0 put every contents entry of eight briefs, three faces, A4 and Letter on
# LibreOffice's page; 5.0 put two a page late)
FOOTNOTE_SEPARATOR = 3.9
ORPHANS = WIDOWS = 2  # Word's widow control: at least two lines at the foot and head of a page


@dataclass(frozen=True)
class Geometry:
    width: float  # text width, points
    height: float  # text height, points


def geometry(sect_pr) -> Geometry:
    """The text area of a section (python-docx's ``CT_SectPr``), in points."""
    size, margins = sect_pr.pgSz, sect_pr.pgMar

    def pt(length) -> float:
        return length.pt if length is not None else 0.0

    return Geometry(
        width=pt(size.w) - pt(margins.left) - pt(margins.right),
        height=pt(size.h) - pt(margins.top) - pt(margins.bottom),
    )


@dataclass
class Row:
    height: float
    header: bool
    bookmarks: list[str] = field(default_factory=list)


def _table_rows(tbl, styles: Styles) -> list[Row]:
    """Each row's height: its tallest cell's paragraphs plus the cell margins of the table style."""
    widths = [c.w.pt for c in tbl.tblGrid.gridCol_lst]  # python-docx's CT_Tbl, CT_Row, CT_Tc
    style = tbl.tblStyle_val
    margins = {"top": 0.0, "bottom": 0.0, "left": 5.4, "right": 5.4}
    if style in styles.by_id:
        cell_mar = styles.by_id[style].find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        for side in margins:
            edge = cell_mar.find(qn(f"w:{side}")) if cell_mar is not None else None
            if edge is not None:
                margins[side] = int(edge.get(qn("w:w"))) / 20
    rows = []
    for tr in tbl.tr_lst:
        tallest, marks = 0.0, []
        for n, tc in enumerate(tr.tc_lst):
            width = (widths[n] if n < len(widths) else widths[-1]) - margins["left"] - margins["right"]
            height = 0.0
            for p in tc.p_lst:
                par = measure(p, styles, width)
                height += par.before + sum(par.lines) + par.after
                marks += par.bookmarks
            tallest = max(tallest, height)
        header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        rows.append(Row(tallest + margins["top"] + margins["bottom"], header, marks))
    return rows


class Pager:
    """Stacks paragraphs and table rows on pages; records the page of each bookmark."""

    def __init__(self, note_heights: dict[str, float], note_gap: float = 0.0) -> None:
        self.note_heights = note_heights
        self.note_gap = note_gap  # between two notes: the space after a note's last line
        self.page = 1
        self.used = 0.0  # body height used on this page
        self.notes = 0.0  # footnote area on this page
        self.pages: dict[str, int] = {}
        self.geometry = Geometry(0, 0)
        self.after = 0.0  # the space after the last paragraph, already counted in ``used``
        self.carried = 0.0  # footnotes that did not fit on this page, for the next
        self.natural = False  # whether this page began where the last one filled up
        self.short: list = []  # w:p that start a page by style after a page less than half full

    def new_page(self, *, natural: bool = True) -> None:
        """The next page; ``natural`` when the flow filled this one (not a section or style break)."""
        self.page += 1
        self.natural = natural
        self.used = self.after = 0.0
        self.notes, self.carried = self.carried, 0.0

    def place_notes(self, ids: list[str]) -> None:
        """Footnotes of a placed line: on this page while they fit, the rest on the next page
        (LibreOffice keeps the line and moves the note, as Word continues a long note)."""
        for note in ids:
            height = self._notes_height([note], 0.0)
            if not self.carried and self.fits(height):
                self.notes += height
            else:
                self.carried += height + (0.0 if self.carried else FOOTNOTE_SEPARATOR)

    @property
    def empty(self) -> bool:
        return self.used == 0 and self.notes == 0

    def _notes_height(self, ids: list[str], extra: float) -> float:
        """The notes ``ids`` add below those already on the page (``extra``: more, not yet
        placed): the separator above the first, the space after a note only between two."""
        heights = [self.note_heights[i] for i in ids if i in self.note_heights]
        if not heights:
            return 0.0
        above = FOOTNOTE_SEPARATOR if not self.notes and not extra else self.note_gap
        return sum(heights) + self.note_gap * (len(heights) - 1) + above

    def fits(self, height: float) -> bool:
        return self.used + self.notes + height <= self.geometry.height - SAFETY

    def paragraph(self, par: Paragraph) -> None:
        if par.break_before and not self.empty:
            if self.used + self.notes < self.geometry.height / 2:
                self.short.append(par.element)
            self.new_page(natural=False)
        lines, i, first = par.lines, 0, True
        while i < len(lines):
            # Between paragraphs the larger of the space after and the space before (LibreOffice's
            # rule for Word documents); at the top of a page the space before stays after a
            # section or page break, and goes where the text flowed over from the page before.
            before = max(par.before - self.after, 0.0) if first else 0.0
            if self.used == 0 and self.natural:
                before = 0.0
            n, height, notes = 0, before, 0.0
            while i + n < len(lines):
                if not self.fits(height + lines[i + n] + notes):
                    break
                line_notes = self._notes_height(par.notes.get(i + n, []), notes)
                if self.fits(height + lines[i + n] + notes + line_notes):
                    notes += line_notes
                height, n = height + lines[i + n], n + 1
            rest = len(lines) - i - n
            if rest and not self.empty:
                if par.keep_lines and first:
                    n = 0
                elif par.widow_control:
                    if first and n < min(ORPHANS, len(lines)):
                        n = 0
                    elif rest < WIDOWS and n - (WIDOWS - rest) >= (ORPHANS if first else 1):
                        n -= WIDOWS - rest
            elif rest and n == 0:
                n = 1  # an empty page takes at least a line, whatever it costs
            if n:
                if first:
                    for name in par.bookmarks:
                        self.pages.setdefault(name, self.page)
                self.used += before + sum(lines[i : i + n])
                for k in range(i, i + n):
                    self.place_notes(par.notes.get(k, []))
                i, first = i + n, False
            if i < len(lines):
                self.new_page()
        self.used += par.after
        self.after = par.after

    def rows(self, rows: list[Row]) -> None:
        header = sum(r.height for r in rows if r.header)
        for row in rows:
            if not self.fits(row.height) and not self.empty:
                self.new_page()
                if not row.header:
                    self.used += header
            for name in row.bookmarks:
                self.pages.setdefault(name, self.page)
            self.used += row.height
            self.after = 0.0


def _needed(group: list[Paragraph], after: float) -> float:
    """Body height a keep-with-next chain needs on one page: all of it, then the next's first
    lines (footnotes they call do not count: what does not fit moves to the next page). Its
    space before shares the ``after`` of the paragraph above, as :meth:`Pager.paragraph` sets it."""
    *kept, last = group
    height = sum(p.before + sum(p.lines) + p.after for p in kept) + last.before
    shown = len(last.lines) if last.keep_lines else ORPHANS
    return height + sum(last.lines[:shown]) - min(group[0].before, after)


def _note_heights(document, styles: Styles, width: float) -> tuple[dict[str, float], float]:
    """Each footnote's height without the space after its last paragraph, which the foot of
    the page does not hold (LibreOffice), and that space, found between two notes."""
    heights: dict[str, float] = {}
    gap = 0.0
    for part in (
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes")
    ):
        element = part.element if hasattr(part, "element") else parse_xml(part.blob)  # read back: a blob
        for note in element.findall(qn("w:footnote")):
            if note.get(qn("w:type")):
                continue
            pars = [measure(p, styles, width) for p in note.findall(qn("w:p"))]
            if pars:
                gap = pars[-1].after
                heights[note.get(qn("w:id"))] = sum(p.before + sum(p.lines) + p.after for p in pars) - gap
    return heights, gap


@dataclass(frozen=True)
class Layout:
    pages: dict[str, int]  # bookmark name → the page (1-based, through every section) it starts on
    count: int  # pages in the document
    short: list = field(default_factory=list)  # page-starting paragraphs after a half-empty page


def paginate(document) -> Layout:
    """Break the document's pages and say where each bookmark landed."""
    body = document.element.body
    styles = Styles(document.styles.element, document.part.numbering_part.element)
    final = body.sectPr
    blocks = [b for b in body if b.tag in (qn("w:p"), qn("w:tbl"))]
    ends = [b.pPr.sectPr if b.tag == qn("w:p") and b.pPr is not None else None for b in blocks]
    section_of, current = [], final
    for end in reversed(ends):  # a block belongs to the section whose sectPr follows it
        current = end if end is not None else current
        section_of.append(current)
    section_of.reverse()
    pager = Pager(*_note_heights(document, styles, geometry(section_of[0] if blocks else final).width))
    measured: list[Paragraph | list[Row]] = []
    for block, sect in zip(blocks, section_of, strict=True):
        width = geometry(sect).width
        measured.append(
            measure(block, styles, width) if block.tag == qn("w:p") else _table_rows(block, styles)
        )
    for item, following in itertools.pairwise(measured):
        if isinstance(item, Paragraph) and isinstance(following, Paragraph):
            item.join(following)
    for n, (item, sect) in enumerate(zip(measured, section_of, strict=True)):
        pager.geometry = geometry(sect)
        if n and section_of[n - 1] is not sect:
            pager.new_page(natural=False)
        if isinstance(item, list):
            pager.rows(item)
            continue
        if item.keep_next and not pager.empty:
            group = [item]
            while group[-1].keep_next and n + len(group) < len(measured):
                following = measured[n + len(group)]
                if not isinstance(following, Paragraph) or section_of[n + len(group)] is not sect:
                    break
                group.append(following)
            needed = _needed(group, pager.after)
            if not pager.fits(needed) and needed <= pager.geometry.height - SAFETY:
                pager.new_page()
        pager.paragraph(item)
    return Layout(pager.pages, pager.page, pager.short)

"""The actor × issue matrix as the template sees it: compact source keys instead of footnotes.

A matrix of 8 × 8 cells with one footnote each would fill a page with notes (Word sets them one
per line), so a cell cites with the source's number in the reference list, ``[2]`` or
``[2, para. 4; 3]``, and the table's caption keys each number to its source. The numbers are
the order of the style's bibliography, the numbered reference list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from briefing.citations import Cite, find_markers
from briefing.cite.forms import Citations, group_of
from briefing.html import matrix_fit
from briefing.html.markdown import Prose
from briefing.model import Brief, Source
from briefing.theme import THEME, Theme


class Matrix:
    """What ``templates/sections/matrix.html.j2`` needs beyond the model."""

    def __init__(
        self,
        brief: Brief,
        prose: Prose,
        citations: Citations,
        *,
        paper: str = "a4",
        theme: Theme = THEME,
        field: Callable[[str], str] = lambda text: "",
    ) -> None:
        self.brief = brief
        self.field = field  # a cell's path in brief.yaml, for the DOCX's hidden mark (absorb)
        self.prose = prose
        self.citations = citations
        self.paper = paper
        self.theme = theme
        self.numbers = {source.id: n for n, source in enumerate(citations.references, 1)}

    def key(self, cites: Sequence[Cite]) -> Markup:
        """``[2]``, ``[1, 3]`` or, with locators, ``[2, para. 4; 3]``: each number links to its reference.

        In an in-text style (APA, author-date) a cell cites as the prose does: ``(Roe 2021, para. 4)``.
        """
        if not self.citations.note_style:
            form = self.citations.cite(group_of(cites))
            return Markup('<a class="cite" href="#ref-{}">{}</a>').format(cites[0].source, form)
        ordered = sorted(cites, key=lambda c: self.numbers[c.source])
        parts = [
            Markup('<a class="cite" href="#ref-{}">{}</a>').format(c.source, self.numbers[c.source])
            + (Markup(", ") + escape(c.locator) if c.locator else "")
            for c in ordered
        ]
        glue = Markup("; ") if any(c.locator for c in cites) else Markup(",\u00a0")  # "[1, 3]" stays whole
        return Markup("[") + glue.join(parts) + Markup("]")

    def cell(self, text: str, *, mark: bool = True) -> Markup:
        """A cell's Markdown with source keys in place of footnotes, marked with its field path
        (not when only measured: a path is marked once)."""
        return self.prose.inline(text, citation=self.key, field=self.field(text) if mark else "")

    def cited(self) -> list[tuple[int, Source]]:
        """The sources the matrix cites, with their numbers, in reference-list order."""
        ids = {
            cite.source
            for row in self.brief.matrix.values()
            for cell in row.values()
            for marker in find_markers(cell.stance)
            for cite in marker.cites
        }
        if not self.citations.note_style:  # the cells cite in the text: no key needed
            return []
        return [(self.numbers[s.id], s) for s in self.citations.references if s.id in ids]

    def heads(self, step: int) -> list[tuple[str, str]]:
        """(column head, full name) per actor: the ``short`` names when a full one would take
        more than two lines of its header cell at ``step`` (all of them then, for one look)."""
        names = [(a.name, getattr(a, "short", None) or a.name) for a in self.brief.actors]
        count = len(names)
        fits = all(matrix_fit.head_lines(self.theme, self.paper, count, step, name) <= 2 for name, _ in names)
        return [(name, name) for name, _ in names] if fits else [(short, name) for name, short in names]

    def landscape(self) -> bool:
        """Whether the matrix takes a landscape page of its own (``data-page``) or flows with
        the text: too many actors for the portrait width (``matrix_fit.portrait``)."""
        return not matrix_fit.portrait(self.theme, self.paper, len(self.brief.actors))

    def density(self, caption: str) -> int:
        """The step (``theme.matrix_steps()``) the table is set at: the roomiest that fits a
        landscape page; the theme's own in the portrait flow, where rows may go on to the next
        page under their repeated header."""
        if not self.landscape():
            return 0
        brief = self.brief
        rows = []
        for issue in brief.issues:
            row = [(issue.name, "")]
            for actor in brief.actors:
                cell = brief.cell(issue.id, actor.id)
                stance = brief.stance(cell.category)
                text = self.cell(cell.stance, mark=False).striptags()
                row.append((f"{stance.symbol} {stance.label}", text))
            rows.append(row)
        msgs = brief.messages
        text = matrix_fit.MatrixText(
            heads=[msgs("Issue"), *(head for head, _ in self.heads(0))],
            rows=rows,
            legend=[(f"{s.symbol} {s.label}", s.meaning) for s in brief.stances],
            caption=Markup(caption).striptags(),
        )
        return matrix_fit.density(self.theme, self.paper, text)

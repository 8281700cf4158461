"""``briefing list``: the sources and the actor × issue coverage, so gaps show at a glance."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.table import Table

from briefing.citations import find_markers
from briefing.cite.forms import Citations
from briefing.errors import Problem
from briefing.load import load_brief
from briefing.load.validate import strings
from briefing.model import NOT_ADDRESSED, Brief


@dataclass(frozen=True)
class SourceRow:
    id: str
    author: str  # the short form readers see in notes and the matrix
    date: str
    quotes: int
    cited: int  # citations of this source in the brief's prose, matrix and timeline


@dataclass(frozen=True)
class CellRow:
    issue: str
    actor: str
    category: str
    sources: list[str]  # the distinct sources the cell cites


@dataclass(frozen=True)
class Coverage:
    title: str
    sources: list[SourceRow]
    actors: list[tuple[str, str]]  # (id, name), matrix column order
    issues: list[tuple[str, str]]  # (id, name), matrix row order
    cells: list[CellRow]
    incomplete: dict[str, str] = field(default_factory=dict)  # source id → what is still TODO

    def cell(self, issue: str, actor: str) -> CellRow:
        return next(c for c in self.cells if c.issue == issue and c.actor == actor)

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "sources": [asdict(s) for s in self.sources],
            "actors": [{"id": i, "name": n} for i, n in self.actors],
            "issues": [{"id": i, "name": n} for i, n in self.issues],
            "cells": [asdict(c) for c in self.cells],
            "incomplete": self.incomplete,
        }


def _date(value: object) -> str:
    """ISO for a full date; whatever the model's partial dates print as otherwise."""
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def _cited(text: str) -> list[str]:
    return [c.source for m in find_markers(text) for c in m.cites]


def load_coverage(seeds: Path) -> Coverage:
    """Coverage of a brief whose newest sources may still be marked TODO: they are listed apart."""
    todo: list[Problem] = []
    cov = coverage(load_brief(seeds, incomplete_out=todo))
    for problem in todo:
        if problem.line == 0 and "still TODO: " in problem.message:
            cov.incomplete[problem.path.stem] = problem.message.split("still TODO: ", 1)[1]
    return cov


def coverage(brief: Brief) -> Coverage:
    """Count what supports what, from the loaded (and so already validated) brief."""
    prose = brief.model_dump(exclude={"sources"})
    counts = Counter(s for _, text in strings(prose) for s in _cited(text))
    citations = Citations(brief)
    sources = [
        SourceRow(
            id=s.id,
            author=citations.text(s),
            date=_date(s.published),
            quotes=len(s.quotes),
            cited=counts[s.id],
        )
        for s in brief.sources
    ]
    cells = []
    for i in brief.issues:
        for a in brief.actors:
            cell = brief.cell(i.id, a.id)
            cells.append(CellRow(i.id, a.id, cell.category, sorted(set(_cited(cell.stance)))))
    return Coverage(
        title=brief.title,
        sources=sources,
        actors=[(a.id, a.name) for a in brief.actors],
        issues=[(i.id, i.name) for i in brief.issues],
        cells=cells,
    )


def source_table(cov: Coverage) -> Table:
    table = Table(title=f"Sources — {cov.title}", title_justify="left")
    for name in ("id", "author", "date"):
        table.add_column(name)
    for name in ("quotes", "cited"):
        table.add_column(name, justify="right")
    for s in cov.sources:
        cited = str(s.cited) if s.cited else "[red]0[/red]"
        table.add_row(s.id, s.author, s.date, str(s.quotes), cited)
    for source_id, fields in cov.incomplete.items():
        table.add_row(source_id, f"[yellow]incomplete, still TODO: {fields}[/yellow]", "", "", "")
    return table


def grid_table(cov: Coverage) -> Table:
    """Issues down, actors across; each cell the number of sources behind it (red where none)."""
    table = Table(title="Sources behind each cell (issue × actor)", title_justify="left")
    table.add_column("issue")
    for _, name in cov.actors:
        table.add_column(name, justify="center")
    for issue_id, issue_name in cov.issues:
        row = []
        for actor_id, _ in cov.actors:
            cell = cov.cell(issue_id, actor_id)
            n = len(cell.sources)
            if n == 0:
                row.append("[dim]not addressed[/dim]" if cell.category == NOT_ADDRESSED else "[red]0[/red]")
            else:
                row.append(str(n) if cell.category != NOT_ADDRESSED else f"{n} [dim](not addressed)[/dim]")
        table.add_row(issue_name, *row)
    return table

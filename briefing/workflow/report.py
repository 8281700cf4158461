"""How ``build`` talks: progress stage by stage on a terminal, a closing table, or one JSON object."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.status import Status
from rich.table import Table

from briefing import writers

if TYPE_CHECKING:
    from briefing.build import BuildResult

STAGE_NAMES = {"check": "checking the brief"}  # the writers' stages are named in their table


def label(stage: str) -> str:
    """What the progress line says while ``stage`` runs."""
    writer = writers.named(stage)
    return writer.stage if writer else STAGE_NAMES.get(stage, stage)


class Progress:
    """A spinner naming the running stage, and a line with its time when it ends (terminals only)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.status: Status | None = None

    def __call__(self, stage: str, seconds: float | None) -> None:
        if not self.console.is_terminal:
            return
        if seconds is None:
            if self.status is None:
                self.status = self.console.status(f"{label(stage)}…")
                self.status.start()
            else:
                self.status.update(f"{label(stage)}…")
        else:
            self.console.print(f"[green]✓[/green] {label(stage)} [dim]{seconds:.2f} s[/dim]")

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None


def size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def shown(path: Path) -> str:
    """As the user would type it: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def written(result: BuildResult) -> list[dict]:
    """Every file the build wrote: format, path, pages (of the formats laid out here), bytes."""
    files: list[tuple[str, Path]] = [*result.outputs.items(), (writers.HTML.name, result.html)]
    return [
        {"format": fmt, "path": shown(path), "pages": result.pages.get(fmt), "bytes": path.stat().st_size}
        for fmt, path in files
    ]


def closing_table(result: BuildResult) -> Table:
    table = Table(title="Written", title_justify="left")
    table.add_column("path", overflow="fold")
    table.add_column("format")
    table.add_column("pages", justify="right")
    table.add_column("size", justify="right")
    for row in written(result):
        pages = str(row["pages"]) if row["pages"] is not None else "–"
        table.add_row(row["path"], row["format"], pages, size(row["bytes"]))
    return table


def as_json(result: BuildResult) -> dict:
    return {
        "ok": True,
        "outputs": written(result),
        "warnings": [str(w) for w in result.warnings],
        "timings": result.timings,
    }


def rebuilds(console: Console):
    """For watch and preview: one line per rebuild, its time and what it wrote, or its problems."""

    def report(outcome) -> None:
        stamp = time.strftime("%H:%M:%S")
        why = f" after {len(outcome.changed)} change(s)" if outcome.changed else ""
        if outcome.ok:
            names = ", ".join(p.name for p in (*outcome.result.outputs.values(), outcome.result.html))
            console.print(
                f"[dim]{stamp}[/dim] [green]✓ built[/green]{why} in {outcome.seconds:.2f} s: {names}"
            )
            return
        console.print(
            f"[dim]{stamp}[/dim] [red]✗ {len(outcome.problems)} problem(s)[/red]{why} "
            f"in {outcome.seconds:.2f} s; watching on",
            highlight=False,
        )
        for line in outcome.problems:
            console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)

    return report

"""Commands that take a Word editor's work back into the brief: absorb."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.base import SeedsArg, app, fail, loaded
from briefing.errors import BriefingError


@app.command(
    "absorb",
    epilog="Examples: briefing absorb edited.docx seeds  ·  briefing absorb edited.docx seeds --apply",
)
def absorb_cmd(
    edited: Annotated[
        Path,
        typer.Argument(help="The brief's DOCX as a Word editor sent it back.", exists=True, dir_okay=False),
    ],
    seeds: SeedsArg = Path("seeds"),
    apply: Annotated[
        bool, typer.Option("--apply", help="Write brief.yaml and the curations edited, then check.")
    ] = False,
    accept_pending: Annotated[
        bool, typer.Option("--accept-pending", help="Take pending tracked changes as accepted.")
    ] = False,
) -> None:
    """Bring a Word editor's changes back into the YAML: print the diff (--apply writes it).

    Pending tracked changes and comments are listed with the field they sit in; an edit inside
    a verified quote is refused, naming the quote and its source, and nothing is written.
    """
    from briefing.absorb import absorb
    from briefing.summary import summarize

    try:
        result = absorb(edited, seeds, accept_pending=accept_pending)
    except BriefingError as err:
        fail(err)
        return
    for note in result.notes:
        typer.echo(note, err=True)
    for change in result.pending:
        typer.echo(
            f"{change.field}: pending, {change.kind} by {change.author or 'someone'}: {change.text!r}"
            " (not applied; --accept-pending takes it)",
            err=True,
        )
    for comment in result.comments:
        typer.echo(f"{comment.field}: comment by {comment.author or 'someone'}: {comment.text}")
    if not apply:
        diff = result.diff()
        typer.echo(diff if diff else f"{result.path}: no changes", nl=not diff)
        return
    if not result.changed:
        typer.echo(f"{result.path}: no changes")
        return
    result.write()
    for rewritten in result.changed:
        typer.echo(f"wrote {rewritten.path}")
    typer.echo(f"{len(result.fields)} field(s): {', '.join(result.fields)}")
    warnings: list = []
    brief = loaded(seeds, warnings)
    for warning in sorted(warnings):
        typer.echo(str(warning), err=True)
    typer.echo(summarize(brief))

"""The command line: a thin typer layer over :func:`briefing.build.build` and the loader."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing import __version__
from briefing.errors import BriefingError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build a policy brief (PDF and DOCX) from curated, quote-checked sources.",
    pretty_exceptions_enable=False,
)
_state = {"debug": False}

SeedsArg = Annotated[Path, typer.Argument(help="Folder with brief.yaml and sources/.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """briefing: curated sources in, a policy brief out."""
    _state["debug"] = debug


def _fail(err: Exception) -> None:
    """Content errors: one line each, exit 1; a traceback only with --debug."""
    if _state["debug"]:
        raise err
    if isinstance(err, BriefingError):
        for problem in err.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(err.problems)} problem(s) found.", err=True)
    else:
        typer.echo(f"error: {err}", err=True)
    raise typer.Exit(1)


@app.command()
def check(seeds: SeedsArg = Path("seeds")) -> None:
    """Validate the seeds: schema, verbatim quotes, citations, the full matrix."""
    from briefing.load import load_brief
    from briefing.summary import summarize

    try:
        brief = load_brief(seeds)
    except BriefingError as err:
        _fail(err)
        return
    typer.echo(summarize(brief))

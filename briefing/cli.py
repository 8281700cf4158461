"""The command line: a thin typer layer over :func:`briefing.build.build` and the loader."""

from __future__ import annotations

from enum import StrEnum
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


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


@app.command("build")
def build_cmd(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    fmt: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Output format; repeat for several. Default: pdf and docx."),
    ] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.a4,
) -> None:
    """Check the seeds, then write <slug>.pdf and <slug>.docx (and <slug>.html) into --out."""
    from briefing.build import FORMATS, build

    formats = tuple(f.value for f in fmt) if fmt else FORMATS
    try:
        result = build(seeds, out, formats=formats, paper=paper.value)
    except BriefingError as err:
        _fail(err)
        return
    except OSError as err:
        _fail(err)
        return
    for path in (*result.outputs.values(), result.html):
        typer.echo(f"wrote {path}")

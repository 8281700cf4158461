"""What every command shares: the typer app, the folder argument, formats, and how errors end.

Exit codes: 0 done, 1 content or template errors (one line each, never a traceback), 2 usage
errors (unknown options, a missing folder), 130 Ctrl-C.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefing import __version__, writers
from briefing.errors import BriefingError

app = typer.Typer(
    no_args_is_help=True,
    help="Build a policy brief (PDF, DOCX, HTML, Markdown) from curated, quote-checked sources.",
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
_state = {"debug": False}

SeedsArg = Annotated[
    Path,
    typer.Argument(
        help="Brief folder with brief.yaml and sources/.", exists=True, file_okay=False, dir_okay=True
    ),
]


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


def _usage(message: str) -> None:
    typer.echo(f"usage error: {message}", err=True)
    raise typer.Exit(2)


def _interrupted(err: BaseException | None = None) -> None:
    """Ctrl-C: one line and exit 130, the shell's code for SIGINT (SIGTERM: 143); outputs are
    left as they were."""
    from briefing.output import Terminated

    if isinstance(err, Terminated):
        typer.echo("terminated: no output was changed", err=True)
        raise typer.Exit(143)
    typer.echo("interrupted: no output was changed", err=True)
    raise typer.Exit(130)


def _load(seeds: Path, warnings: list | None = None, counts: dict | None = None):
    from briefing.load import load_brief

    try:
        return load_brief(seeds, warnings, counts=counts)
    except BriefingError as err:
        _fail(err)
    except KeyboardInterrupt as err:
        _interrupted(err)


Format = StrEnum("Format", {name: name for name in writers.names()})  # type: ignore[misc]  # --format's choices


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


def _build(seeds: Path, out: Path, formats: tuple[str, ...], paper: str, **kwargs):
    from briefing.build import build

    try:
        return build(seeds, out, formats=formats, paper=paper, **kwargs)
    except (BriefingError, OSError) as err:
        _fail(err)
    except KeyboardInterrupt as err:
        _interrupted(err)


def _date(value: str | None):
    from briefing import values

    return None if value is None else _checked(values.date, value)


def _checked(check, value, *args, **kwargs):
    """``check(value)`` from :mod:`briefing.values`, or a usage error (exit 2) in its words."""
    try:
        return check(value, *args, **kwargs)
    except ValueError as err:
        _usage(str(err))


# Options that build, watch and preview share, written once (typer reads them from the alias).
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
FormatsOpt = Annotated[
    list[Format] | None,
    typer.Option(
        "--format",
        "-f",
        help=f"{', '.join(writers.names())}; repeat for several. Default: {' and '.join(writers.default())}.",
    ),
]
PaperOpt = Annotated[Paper, typer.Option("--paper", help="Paper size.")]
WatchedTemplatesOpt = Annotated[
    Path | None,
    typer.Option("--template-dir", help="Your templates (watched too).", exists=True, file_okay=False),
]
WatchedThemeOpt = Annotated[
    Path | None, typer.Option("--theme", help="A TOML theme (watched too).", exists=True, dir_okay=False)
]

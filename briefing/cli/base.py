"""What every command shares: the typer app, the folder argument, formats, and how errors end.

Exit codes: 0 done, 1 content or template errors (one line each, never a traceback), 2 usage
errors (unknown options, a missing folder), 130 Ctrl-C. :func:`guarded` runs the work of a
command (a load, a build, a mail) and ends it in those terms.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from briefing import __version__, writers
from briefing.errors import BriefingError

app = typer.Typer(
    no_args_is_help=True,
    help="Build a policy brief (PDF, DOCX, HTML, Markdown) from curated, quote-checked sources.",
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
_debug = {"on": False}  # --debug, set by the app's callback; read only here
T = TypeVar("T")

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
    _debug["on"] = debug


def problems(err: Exception) -> list[str]:
    """An error as the lines the CLI prints: each problem located, or one ``error:`` line."""
    if isinstance(err, BriefingError):
        return [str(p) for p in err.problems]
    return [f"error: {err}"]


def fail(err: Exception, *, as_json: bool = False) -> NoReturn:
    """Content errors: one line each (with --json, one JSON object), exit 1; a traceback only
    with --debug."""
    if _debug["on"]:
        raise err
    if as_json:
        typer.echo(json.dumps({"ok": False, "problems": problems(err)}, ensure_ascii=False, indent=2))
        raise typer.Exit(1) from None
    for line in problems(err):
        typer.echo(line, err=True)
    if isinstance(err, BriefingError):
        typer.echo(f"{len(err.problems)} problem(s) found.", err=True)
    raise typer.Exit(1)


def usage(message: str) -> NoReturn:
    typer.echo(f"usage error: {message}", err=True)
    raise typer.Exit(2)


def interrupted(err: BaseException | None = None) -> NoReturn:
    """Ctrl-C: one line and exit 130, the shell's code for SIGINT (SIGTERM: 143); outputs are
    left as they were."""
    from briefing.output import Terminated

    if isinstance(err, Terminated):
        typer.echo("terminated: no output was changed", err=True)
        raise typer.Exit(143)
    typer.echo("interrupted: no output was changed", err=True)
    raise typer.Exit(130)


def guarded(work: Callable[[], T], *, as_json: bool = False) -> T:
    """``work()`` (a load, a build, a mail), or the CLI's end: content and file errors exit 1
    (:func:`fail`), Ctrl-C 130 with nothing changed (:func:`interrupted`)."""
    try:
        return work()
    except (BriefingError, OSError) as err:
        fail(err, as_json=as_json)
    except KeyboardInterrupt as err:
        interrupted(err)


def loaded(seeds: Path, warnings: list | None = None, counts: dict | None = None):
    from briefing.load import load_brief

    return guarded(lambda: load_brief(seeds, warnings, counts=counts))


Format = StrEnum("Format", {name: name for name in writers.names()})  # type: ignore[misc]  # --format's choices


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


def built(seeds: Path, out: Path, formats: tuple[str, ...], paper: str, *, as_json: bool = False, **kwargs):
    """The one way a command builds: :func:`briefing.build.build` under :func:`guarded`."""
    from briefing.build import build

    return guarded(lambda: build(seeds, out, formats=formats, paper=paper, **kwargs), as_json=as_json)


def as_date(value: str | None):
    from briefing import values

    return None if value is None else checked(values.date, value)


def checked(check, value, *args, **kwargs):
    """``check(value)`` from :mod:`briefing.values`, or a usage error (exit 2) in its words."""
    try:
        return check(value, *args, **kwargs)
    except ValueError as err:
        usage(str(err))


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

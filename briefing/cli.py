"""The command line: a thin typer layer over ``briefing.build`` and ``briefing.workflow``.

Each command parses its options, calls one function the tests also call, and prints. Exit
codes: 0 done, 1 content or template errors (one line each, never a traceback), 2 usage errors
(unknown options, a missing folder).
"""

from __future__ import annotations

import contextlib
import json
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefing import __version__
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


def _interrupted() -> None:
    """Ctrl-C: one line and exit 130, the shell's code for SIGINT; outputs are left as they were."""
    typer.echo("interrupted: no output was changed", err=True)
    raise typer.Exit(130)


def _load(seeds: Path, warnings: list | None = None):
    from briefing.load import load_brief

    try:
        return load_brief(seeds, warnings)
    except BriefingError as err:
        _fail(err)
    except KeyboardInterrupt:
        _interrupted()


@app.command(epilog="Example: briefing init water-brief --title 'Water on the Mekong' --lang en")
def init(
    folder: Annotated[Path, typer.Argument(help="New folder for the brief (must be empty or absent).")],
    title: Annotated[str, typer.Option("--title", help="The brief's title.")] = "New policy brief",
    lang: Annotated[str, typer.Option("--lang", help="Language of the brief (BCP 47, e.g. en, ko).")] = "en",
) -> None:
    """Start a new brief: every section of brief.yaml and one example source; it checks and builds at once."""
    from briefing.workflow.init import FolderNotEmpty, init_brief

    try:
        written = init_brief(folder, title=title, lang=lang)
    except (FolderNotEmpty, ValueError) as err:
        _usage(str(err))
        return
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: briefing check {folder} && briefing preview {folder}")


@app.command(epilog="Example: briefing check seeds")
def check(
    seeds: SeedsArg = Path("seeds"),
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as problems (exit 1).")] = False,
) -> None:
    """Validate the brief: schema, verbatim quotes and phrases, citations, codings, the full matrix."""
    from briefing.summary import summarize

    warnings: list = []
    brief = _load(seeds, warnings)
    for warning in sorted(warnings):
        typer.echo(str(warning), err=True)
    if strict and warnings:
        typer.echo(f"{len(warnings)} warning(s) found (--strict).", err=True)
        raise typer.Exit(1)
    typer.echo(summarize(brief))


@app.command("list", epilog="Example: briefing list seeds  ·  briefing list seeds --json | jq .cells")
def list_cmd(
    seeds: SeedsArg = Path("seeds"),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, for scripts.")] = False,
) -> None:
    """Show the sources (author, date, quotes, times cited) and how many sources back each matrix cell."""
    from rich.console import Console

    from briefing.workflow.listing import grid_table, load_coverage, source_table

    try:
        cov = load_coverage(seeds)
    except BriefingError as err:
        _fail(err)
        return
    if as_json:
        typer.echo(json.dumps(cov.as_json(), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(source_table(cov))
    console.print(grid_table(cov))


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"
    html = "html"
    md = "md"


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


def _build(seeds: Path, out: Path, formats: tuple[str, ...], paper: str, **kwargs):
    from briefing.build import build

    try:
        return build(seeds, out, formats=formats, paper=paper, **kwargs)
    except (BriefingError, OSError) as err:
        _fail(err)
    except KeyboardInterrupt:
        _interrupted()


def _date(value: str | None):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _usage(f"--date {value!r}: expected YYYY-MM-DD")


@app.command(
    "build",
    epilog="Examples: briefing build seeds --out build  ·  "
    "briefing build seeds -f pdf -f md --marking DRAFT  ·  "
    "briefing build seeds --theme house.toml --template-dir my-templates --json",
)
def build_cmd(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    fmt: Annotated[
        list[Format] | None,
        typer.Option(
            "--format", "-f", help="pdf, docx, html or md; repeat for several. Default: pdf and docx."
        ),
    ] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.a4,
    marking: Annotated[
        str | None, typer.Option("--marking", help="Handling marking for this build (replaces brief.yaml's).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The brief's date for this build, YYYY-MM-DD.")
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="Your templates; they override the built-in ones by name.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    theme: Annotated[
        Path | None,
        typer.Option(
            "--theme",
            help="A TOML theme: colours, fonts, sizes for PDF and DOCX.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: outputs, pages, sizes, warnings, timings.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Build even when nothing changed since the last build.")
    ] = False,
) -> None:
    """Check the brief, then write `<slug>.pdf` and `<slug>.docx` (and always `<slug>.html`) into --out.

    Exit codes: 0 built; 1 content, template or theme errors (one line each); 2 usage errors.
    """
    from rich.console import Console

    from briefing.build import FORMATS
    from briefing.workflow.options import BuildOptions, Stages
    from briefing.workflow.report import Progress, closing_table
    from briefing.workflow.report import as_json as report_json

    options = BuildOptions(marking=marking, date=_date(date), template_dir=template_dir, theme_file=theme)
    formats = tuple(f.value for f in fmt) if fmt else FORMATS
    progress = Progress(Console(stderr=True))
    stages = Stages(listener=None if quiet or as_json else progress)
    try:
        result = _build_reporting(seeds, out, formats, paper.value, options, stages, as_json, force)
    finally:
        progress.stop()
    if as_json:
        typer.echo(json.dumps(report_json(result), ensure_ascii=False, indent=2))
        return
    if not quiet:
        for warning in result.warnings:
            typer.echo(str(warning), err=True)
        if result.cached:
            typer.echo("Nothing changed since the last build: outputs kept (--force rebuilds).", err=True)
        Console().print(closing_table(result))


def _build_reporting(seeds, out, formats, paper, options, stages, as_json: bool, force: bool = False):
    """Build; with --json, a failure is a JSON object too (and still exit 1)."""
    from briefing.build import build

    try:
        return build(seeds, out, formats=formats, paper=paper, options=options, stages=stages, force=force)
    except (BriefingError, OSError) as err:
        if as_json and not _state["debug"]:
            problems = [str(p) for p in err.problems] if isinstance(err, BriefingError) else [f"error: {err}"]
            typer.echo(json.dumps({"ok": False, "problems": problems}, ensure_ascii=False, indent=2))
            raise typer.Exit(1) from None
        _fail(err)
    except KeyboardInterrupt:
        _interrupted()


class ExportFormat(StrEnum):
    md = "md"


@app.command(epilog="Example: briefing export seeds --format md --out build")
def export(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.md,
) -> None:
    """Write the brief as pandoc Markdown (`<slug>.md`, figures as SVG beside it); no PDF layout."""
    result = _build(seeds, out, (fmt.value,), "a4")
    for path in result.outputs.values():
        typer.echo(f"wrote {path}")


@app.command(
    "new-source",
    epilog="Examples: briefing new-source ~/Downloads/roe-2023.pdf --id roe-2023 seeds  ·  "
    "briefing new-source https://example.org/analysis --id doe-2024 seeds",
)
def new_source_cmd(
    source: Annotated[str, typer.Argument(help="A .txt, .md, .html, .docx or .pdf file, or an http(s) URL.")],
    source_id: Annotated[str, typer.Option("--id", help="The source id citations use, e.g. roe-2023.")],
    seeds: SeedsArg = Path("seeds"),
) -> None:
    """Add a source: copy (.txt) or extract its text into sources/, scaffold its curation with TODOs.

    A URL is fetched once, now, with a timeout and a size limit; this is the only command that
    touches the network.
    """
    from briefing.workflow.extract import ExtractError
    from briefing.workflow.fetch import FetchError
    from briefing.workflow.newsource import NewSourceError, new_source

    try:
        added = new_source(source, source_id, seeds)
    except NewSourceError as err:
        _usage(str(err))
        return
    except (ExtractError, FetchError, OSError) as err:
        _fail(err)
        return
    typer.echo(f"wrote {added.text_path} ({added.extracted.how})")
    typer.echo(f"wrote {added.yaml_path}")
    for key, where in added.extracted.found.items():
        typer.echo(f"  pre-filled {key} from {where}: check it")
    typer.echo(f"  still TODO: {', '.join(added.todo)} — then: briefing check {seeds}")


@app.command(epilog="Example: briefing watch seeds --out build -f pdf")
def watch(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    fmt: Annotated[
        list[Format] | None,
        typer.Option(
            "--format", "-f", help="pdf, docx, html or md; repeat for several. Default: pdf and docx."
        ),
    ] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.a4,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Your templates (watched too).", exists=True, file_okay=False),
    ] = None,
    theme: Annotated[
        Path | None, typer.Option("--theme", help="A TOML theme (watched too).", exists=True, dir_okay=False)
    ] = None,
) -> None:
    """Rebuild whenever the brief, the templates or the theme change; Ctrl-C stops.

    Each rebuild prints its time and result; errors are shown and watching goes on.
    """
    from rich.console import Console

    from briefing.build import FORMATS
    from briefing.workflow.options import BuildOptions
    from briefing.workflow.report import rebuilds
    from briefing.workflow.watch import watch as run_watch

    options = BuildOptions(template_dir=template_dir, theme_file=theme)
    formats = tuple(f.value for f in fmt) if fmt else FORMATS
    console = Console()
    console.print(f"watching {seeds} (Ctrl-C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        run_watch(seeds, out, formats=formats, paper=paper.value, options=options, report=rebuilds(console))


@app.command(epilog="Example: briefing preview seeds  (then open the printed address)")
def preview(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the HTML.")] = Path("build"),
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1; 0 picks a free one.")] = 0,
    fmt: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Also write these formats on each rebuild (default: HTML only)."),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Your templates (watched too).", exists=True, file_okay=False),
    ] = None,
    theme: Annotated[
        Path | None, typer.Option("--theme", help="A TOML theme (watched too).", exists=True, dir_okay=False)
    ] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in your browser.")] = False,
) -> None:
    """Serve the brief's HTML on 127.0.0.1 and reload the open page after every rebuild.

    A build error shows on the page itself; fix and save, and the brief comes back.
    """
    import webbrowser

    from rich.console import Console

    from briefing.workflow.options import BuildOptions
    from briefing.workflow.preview import Preview
    from briefing.workflow.report import rebuilds

    options = BuildOptions(template_dir=template_dir, theme_file=theme)
    formats = ("html", *(f.value for f in fmt or []))
    console = Console()
    try:
        server = Preview(seeds, out, port=port, options=options, formats=formats, report=rebuilds(console))
    except OSError as err:
        _usage(f"--port {port}: {err.strerror or err}")
        return
    server.start()
    console.print(f"preview at {server.url} (Ctrl-C stops)", markup=False, highlight=False)
    if open_browser:
        webbrowser.open(server.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@app.command(
    epilog="Examples: briefing email seeds --to desk@example.org --cc chief@example.org  ·  "
    "BRIEFING_SMTP_USER=me BRIEFING_SMTP_PASSWORD=… briefing email seeds --to desk@example.org "
    "--from me@example.org --smtp mail.example.org:587 --starttls",
)
def email(
    seeds: SeedsArg = Path("seeds"),
    to: Annotated[list[str], typer.Option("--to", help="Recipient; repeat or separate with commas.")] = ...,  # type: ignore[assignment]
    cc: Annotated[list[str] | None, typer.Option("--cc", help="Copy to; repeat for several.")] = None,
    sender: Annotated[str | None, typer.Option("--from", help="Sender address (needed with --smtp).")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="Default: the brief's title.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    smtp: Annotated[
        str | None, typer.Option("--smtp", help="HOST:PORT: send instead of writing the .eml.")
    ] = None,
    starttls: Annotated[bool, typer.Option("--starttls", help="Upgrade the SMTP connection to TLS.")] = False,
) -> None:
    """Build the PDF and DOCX and write `build/<slug>.eml`, a draft with both attached; or send it.

    The bodies carry the bottom line and the key judgments. With --smtp the user name and password
    come from BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD, never from the command line.
    """
    from briefing.workflow.mail import MailError, compose, send, write_eml

    result = _build(seeds, out, ("pdf", "docx"), "a4")
    try:
        msg = compose(result, to=to, cc=cc, sender=sender, subject=subject)
    except MailError as err:
        _usage(str(err))
        return
    size = len(msg.as_bytes())
    if smtp:
        try:
            delivered = send(msg, smtp, starttls=starttls)
        except MailError as err:
            _fail(err)
            return
        typer.echo(f"sent {size // 1024} KB via {smtp} to {', '.join(map(str, delivered))}")
        return
    target = write_eml(msg, out / f"{result.html.stem}.eml")
    typer.echo(f"wrote {target} ({size // 1024} KB; open it in your mail client to send)")

"""Long-running commands: watch rebuilds on every save; preview also serves the page."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from briefing import writers
from briefing.cli.base import (
    Format,
    FormatsOpt,
    OutOpt,
    Paper,
    PaperOpt,
    SeedsArg,
    WatchedTemplatesOpt,
    WatchedThemeOpt,
    app,
    checked,
    usage,
)


@app.command(epilog="Example: briefing watch seeds --out build -f pdf")
def watch(
    seeds: SeedsArg = Path("seeds"),
    out: OutOpt = Path("build"),
    fmt: FormatsOpt = None,
    paper: PaperOpt = Paper.a4,
    template_dir: WatchedTemplatesOpt = None,
    theme: WatchedThemeOpt = None,
) -> None:
    """Rebuild whenever the brief, the templates or the theme change; Ctrl-C stops.

    Each rebuild prints its time and result; errors are shown and watching goes on.
    """
    from rich.console import Console

    from briefing.options import BuildOptions
    from briefing.workflow.report import rebuilds
    from briefing.workflow.watch import watch as run_watch

    options = BuildOptions(template_dir=template_dir, theme_file=theme)
    formats = tuple(f.value for f in fmt) if fmt else writers.default()
    console = Console()
    console.print(f"watching {seeds} (Ctrl-C stops)")
    try:
        with _terminable():
            report = rebuilds(console)
            run_watch(seeds, out, formats=formats, paper=paper.value, options=options, report=report)
    except KeyboardInterrupt as err:
        _stopped(err)


@app.command(epilog="Example: briefing preview seeds  (then open the printed address)")
def preview(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the HTML.")] = Path("build"),
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1; 0 picks a free one.")] = 0,
    fmt: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Also write these formats on each rebuild (default: HTML only)."),
    ] = None,
    template_dir: WatchedTemplatesOpt = None,
    theme: WatchedThemeOpt = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in your browser.")] = False,
) -> None:
    """Serve the brief's HTML on 127.0.0.1 and reload the open page after every rebuild.

    A build error shows on the page itself; fix and save, and the brief comes back.
    """
    import webbrowser

    from rich.console import Console

    from briefing import values
    from briefing.options import BuildOptions
    from briefing.workflow.preview import Preview
    from briefing.workflow.report import rebuilds

    checked(values.port, port, "--port", allow_zero=True)
    options = BuildOptions(template_dir=template_dir, theme_file=theme)
    formats = (writers.HTML.name, *(f.value for f in fmt or []))
    console = Console()
    try:
        server = Preview(
            seeds, out, port=port, options=options, formats=formats, report=rebuilds(console),
            log=lambda line: typer.echo(line, err=True),
        )
    except OSError as err:
        usage(f"--port {port}: {err.strerror or err}")
        return
    try:
        with _terminable():
            server.start()
            console.print(f"preview at {server.url} (Ctrl-C stops)", markup=False, highlight=False)
            if open_browser:
                webbrowser.open(server.url)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt as err:
        _stopped(err)
    finally:
        server.stop()  # the server is closed before the exit code is given


@contextlib.contextmanager
def _terminable() -> Iterator[None]:
    """SIGTERM stops watch and preview as Ctrl-C does (a build under way cleans up either way)."""
    import signal

    from briefing.output import Terminated

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stopped(err: BaseException) -> None:
    """Ctrl-C: exit 130 (SIGTERM: 143), the codes a shell gives a command stopped by the signal."""
    from briefing.output import Terminated

    raise typer.Exit(143 if isinstance(err, Terminated) else 130)

"""Commands that make and inspect a brief folder: init, check, list, new-source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.base import SeedsArg, app, fail, loaded, usage
from briefing.errors import BriefingError


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
        usage(str(err))
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
    counts: dict[str, int] = {}
    brief = loaded(seeds, warnings, counts)
    for warning in sorted(warnings):
        typer.echo(str(warning), err=True)
    if strict and warnings:
        typer.echo(f"{len(warnings)} warning(s) found (--strict).", err=True)
        raise typer.Exit(1)
    typer.echo(summarize(brief, phrases=counts.get("phrases")))


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
        fail(err)
        return
    if as_json:
        typer.echo(json.dumps(cov.as_json(), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(source_table(cov))
    console.print(grid_table(cov))


@app.command(
    "new-source",
    epilog="Examples: briefing new-source ~/Downloads/roe-2023.pdf --id roe-2023 seeds  ·  "
    "briefing new-source https://example.org/analysis --id doe-2024 seeds",
)
def new_source_cmd(
    source: Annotated[str, typer.Argument(help="A .txt, .md, .html, .docx or .pdf file, or an http(s) URL.")],
    source_id: Annotated[str, typer.Option("--id", help="The source id citations use, e.g. roe-2023.")],
    seeds: SeedsArg = Path("seeds"),
    follow_redirects: Annotated[
        bool, typer.Option("--follow-redirects", help="Follow a URL's redirects to another host or port.")
    ] = False,
) -> None:
    """Add a source: copy (.txt) or extract its text into sources/, scaffold its curation with TODOs.

    A URL is fetched once, now, within 30 s and 10 MB, following at most 5 redirects on the same
    host and port (each is shown); this is the only command that touches the network.
    """
    from briefing.workflow.extract import ExtractError
    from briefing.workflow.fetch import FetchError
    from briefing.workflow.newsource import NewSourceError, new_source

    try:
        added = new_source(
            source, source_id, seeds, follow_redirects=follow_redirects,
            on_hop=lambda hop: typer.echo(f"  redirected: {hop}", err=True),
        )
    except NewSourceError as err:
        usage(str(err))
        return
    except (ExtractError, FetchError, OSError) as err:
        fail(err)
        return
    typer.echo(f"wrote {added.text_path} ({added.extracted.how})")
    typer.echo(f"wrote {added.yaml_path}")
    for key, where in added.extracted.found.items():
        typer.echo(f"  pre-filled {key} from {where}: check it")
    typer.echo(f"  still TODO: {', '.join(added.todo)} — then: briefing check {seeds}")


@app.command(
    "import-refs", epilog="Examples: briefing import-refs zotero.json  ·  briefing import-refs my.bib seeds"
)
def import_refs_cmd(
    file: Annotated[Path, typer.Argument(help="A CSL-JSON export (.json: Zotero, Better BibTeX) or .bib.")],
    seeds: SeedsArg = Path("seeds"),
) -> None:
    """Add sources from a reference manager: one curation file per item, TODO for text, summary, quotes."""
    from briefing.refs import ImportError_, import_refs

    try:
        planned = import_refs(file, seeds)
    except ImportError_ as err:
        usage(str(err))
        return
    except (BriefingError, OSError) as err:
        fail(err)
        return
    for item in planned:
        typer.echo(f"wrote {seeds / 'sources' / item.source_id}.yaml (from {item.entry.label})")
    typer.echo(f"  still TODO: each source's text, summary and quotes — then: briefing check {seeds}")

"""Commands that write the brief's files: build, export, email."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from briefing import writers
from briefing.cli.base import (
    FormatsOpt,
    OutOpt,
    Paper,
    PaperOpt,
    SeedsArg,
    app,
    as_date,
    built,
    checked,
    fail,
    guarded,
    problems,
    usage,
)


@app.command(
    "build",
    epilog="Examples: briefing build seeds --out build  ·  "
    "briefing build seeds -f pdf -f md --marking DRAFT  ·  "
    "briefing build seeds --theme house.toml --template-dir my-templates --json  ·  "
    "briefing build gas-deal rail-strike tariffs --out week (each into week/<folder>)",
)
def build_cmd(
    seeds: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Brief folder(s) with brief.yaml and sources/; several are built in one process, "
            "each into --out/<folder name>.",
            exists=True,
            file_okay=False,
            dir_okay=True,
            show_default="seeds",
        ),
    ] = None,
    out: OutOpt = Path("build"),
    fmt: FormatsOpt = None,
    paper: PaperOpt = Paper.a4,
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
    review: Annotated[
        bool,
        typer.Option("--review", help="DOCX: comments saying where quotes, phrases and cells come from."),
    ] = False,
    editorial_record: Annotated[
        bool,
        typer.Option(
            "--editorial-record",
            help="Add an appendix of production notes: files, how texts were obtained, dates.",
        ),
    ] = False,
    pdf_standard: Annotated[
        str | None,
        typer.Option(
            "--pdf-standard",
            help="ua-1 (default), ua-2, a-2b, a-3a, a-3u, …, or a PDF/UA and a PDF/A: ua-1,a-3a.",
            callback=_standard,
        ),
    ] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx",
            help="DOCX: your organisation's Word template (.docx/.dotx): its styles, page, header, footer.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    csl: Annotated[
        str | None,
        typer.Option(
            "--csl",
            help="Citation style: chicago-notes-bibliography, chicago-author-date, apa, "
            "harvard-cite-them-right, modern-language-association, oscola, or a .csl file.",
        ),
    ] = None,
) -> None:
    """Check the brief, then write `<slug>.pdf` and `<slug>.docx` (and always `<slug>.html`) into --out.

    Exit codes: 0 built; 1 content, template or theme errors (one line each); 2 usage errors.
    """
    from rich.console import Console

    from briefing import values
    from briefing.options import BuildOptions
    from briefing.stages import Stages
    from briefing.workflow.report import Progress, closing_table
    from briefing.workflow.report import as_json as report_json

    if marking is not None:
        checked(values.marking, marking)
    if csl is not None:
        from briefing.cite import styles

        found = checked(styles.resolve, csl)
        csl = csl if found.parent == styles.FOLDER else str(found.resolve())
    options = BuildOptions(
        marking=marking,
        date=as_date(date),
        template_dir=template_dir,
        theme_file=theme,
        review=review,
        editorial_record=editorial_record,
        pdf_standard=pdf_standard,
        reference_docx=reference_docx,
        csl=csl,
    )
    formats = tuple(f.value for f in fmt) if fmt else writers.default()
    folders = seeds or [Path("seeds")]
    if len(folders) > 1:
        _build_desk(folders, out, formats, paper.value, options, quiet, as_json, force)
        return
    seeds = folders[0]
    progress = Progress(Console(stderr=True))
    stages = Stages(listener=None if quiet or as_json else progress)
    try:
        result = built(
            seeds, out, formats, paper.value, options=options, stages=stages, force=force, as_json=as_json
        )
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


def _build_desk(folders, out, formats, paper, options, quiet: bool, as_json: bool, force: bool) -> None:
    """Several briefs in one process (briefing.desk); exit 1 when any of them failed."""
    from rich.console import Console

    from briefing.desk import build_all
    from briefing.workflow.report import as_json as report_json
    from briefing.workflow.report import closing_table

    batch = guarded(
        lambda: build_all(folders, out, formats=formats, paper=paper, options=options, force=force)
    )
    failed = [item for item in batch if item.error is not None]
    if as_json:
        rows = [
            report_json(item.result) | {"brief": str(item.seeds)}
            if item.result
            else {"ok": False, "brief": str(item.seeds), "problems": problems(item.error)}
            for item in batch
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for item in batch:
            if item.error:
                lines = problems(item.error)
            else:
                lines = [] if quiet or not item.result else [str(w) for w in item.result.warnings]
            for line in lines:
                typer.echo(line, err=True)
        if not quiet:
            for item in batch:
                if item.result:
                    Console().print(closing_table(item.result))
        if failed:
            typer.echo(f"{len(failed)} of {len(batch)} briefs not built.", err=True)
    if failed:
        raise typer.Exit(1)


def _standard(value: str | None) -> str | None:
    """``--pdf-standard`` checked before anything is built (a usage error, exit 2)."""
    if value is not None:
        from briefing.pdfstandard import parse

        try:
            parse(value)
        except ValueError as err:
            raise typer.BadParameter(str(err)) from None
    return value


ExportFormat = StrEnum("ExportFormat", {name: name for name in writers.exported()})  # type: ignore[misc]
EXPORTED_FIRST = next(iter(ExportFormat))


@app.command(
    "reference-docx",
    epilog="Example: briefing reference-docx > house.docx  ·  "
    "briefing build seeds --reference-docx house.docx",
)
def reference_docx_cmd(paper: PaperOpt = Paper.a4) -> None:
    """Write a starting Word house template to standard output: every style the brief uses, each
    shown in itself. Edit it in Word, then build with --reference-docx."""
    import sys

    from briefing.docx.word.house import house_template

    if sys.stdout.isatty():
        usage("reference-docx writes a Word file: redirect it, as in briefing reference-docx > house.docx")
    sys.stdout.buffer.write(house_template(paper=paper.value))
    sys.stdout.buffer.flush()


@app.command(epilog="Example: briefing export seeds --format md --out build")
def export(
    seeds: SeedsArg = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Export format.")
    ] = EXPORTED_FIRST,
) -> None:
    """Write the brief as pandoc Markdown (`<slug>.md`, figures as SVG beside it); no PDF layout."""
    result = built(seeds, out, (fmt.value,), "a4")
    for path in result.outputs.values():
        typer.echo(f"wrote {path}")


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
    from briefing.values import host_port
    from briefing.workflow.mail import MailError, check_headers, email_brief, send, write_eml

    try:
        check_headers(to, cc, sender, subject)  # before the build: a bad header wastes no time
    except MailError as err:
        usage(str(err))
    if smtp:
        checked(host_port, smtp)
    try:
        msg, result = guarded(lambda: email_brief(seeds, out, to=to, cc=cc, sender=sender, subject=subject))
    except MailError as err:  # the brief's own title cannot be a subject
        usage(str(err))
    size = len(msg.as_bytes())
    if smtp:
        try:
            delivered = send(msg, smtp, starttls=starttls)
        except MailError as err:
            fail(err)
            return
        typer.echo(f"sent {size // 1024} KB via {smtp} to {', '.join(map(str, delivered))}")
        return
    target = write_eml(msg, out / f"{result.html.stem}.eml")
    typer.echo(f"wrote {target} ({size // 1024} KB; open it in your mail client to send)")

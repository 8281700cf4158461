"""``build()``: seeds → HTML → PDF and DOCX. The CLI and the tests both call this."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from briefing import docx
from briefing.errors import Problem
from briefing.html.render import render_html
from briefing.load import load_brief
from briefing.output import atomic_path, write_text
from briefing.workflow.export import markdown_files
from briefing.workflow.options import BuildOptions, Stages

FORMATS = ("pdf", "docx")
ALL_FORMATS = ("pdf", "docx", "html", "md")  # the HTML is always written; "html" alone skips the rest


@dataclass
class BuildResult:
    html: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # of the PDF; Word lays out the DOCX itself
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


def build(
    seeds: Path,
    out: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    paper: str = "a4",
    options: BuildOptions | None = None,
    stages: Stages | None = None,
) -> BuildResult:
    """Validate the seeds and write ``<slug>.html`` plus each requested format into ``out``.

    Everything is rendered before anything is replaced: a failure leaves every earlier output as it was.
    """
    options, stages = options or BuildOptions(), stages or Stages()
    with options.theme_applied():
        return _build(seeds, out, formats, paper, options, stages)


def _build(
    seeds: Path, out: Path, formats: tuple[str, ...], paper: str, options: BuildOptions, stages: Stages
) -> BuildResult:
    warnings: list[Problem] = []
    with stages("check"):
        brief = options.apply(load_brief(seeds, warnings))
    with stages("html"):
        html = render_html(brief, paper=paper, template_dir=options.template_dir)
    result = BuildResult(html=out / f"{brief.slug}.html", warnings=warnings, timings=stages.timings)
    targets = {fmt: out / f"{brief.slug}.{fmt}" for fmt in FORMATS if fmt in formats}
    with stages("md") if "md" in formats else contextlib.nullcontext():
        extra = markdown_files(html, out / f"{brief.slug}.md") if "md" in formats else {}
    with contextlib.ExitStack() as stack:  # every file is written before any is renamed into place
        temps = {fmt: stack.enter_context(atomic_path(target)) for fmt, target in targets.items()}
        pages: dict[str, int] = {}
        for path, data in extra.items():
            stack.enter_context(atomic_path(path)).write_bytes(data)
        if "pdf" in temps:
            from briefing import pdf  # WeasyPrint only when a PDF is wanted: the DOCX stands alone

            with stages("pdf"):
                document = pdf.layout(html)
                pdf.write_pdf(document, temps["pdf"])
            pages = pdf.anchor_pages(document)
            result.pages["pdf"] = len(document.pages)
        if "docx" in temps:
            with stages("docx"):
                docx.write_docx(html, temps["docx"], paper=paper, page_numbers=pages)
    result.outputs.update(targets)
    if extra:
        result.outputs["md"] = out / f"{brief.slug}.md"
    write_text(result.html, html)  # last: the preview always matches the outputs beside it
    return result

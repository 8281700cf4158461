"""``build()``: seeds → HTML → PDF and DOCX. The CLI and the tests both call this."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.html.render import render_html
from briefing.load import load_brief
from briefing.output import atomic_path, write_text

FORMATS = ("pdf", "docx")


@dataclass
class BuildResult:
    html: Path
    outputs: dict[str, Path] = field(default_factory=dict)


def build(seeds: Path, out: Path, *, formats: tuple[str, ...] = FORMATS, paper: str = "a4") -> BuildResult:
    """Validate the seeds and write ``<slug>.html`` plus each requested format into ``out``.

    Everything is rendered before anything is written, and each file is replaced atomically.
    """
    brief = load_brief(seeds)
    html = render_html(brief, paper=paper)
    result = BuildResult(html=out / f"{brief.slug}.html")
    from briefing import pdf

    document = pdf.layout(html)  # once: the PDF's pages, and the page numbers the DOCX contents cite
    if "pdf" in formats:
        target = out / f"{brief.slug}.pdf"
        with atomic_path(target) as tmp:
            pdf.write_pdf(document, tmp)
        result.outputs["pdf"] = target
    if "docx" in formats:
        from briefing.docx import write_docx

        target = out / f"{brief.slug}.docx"
        with atomic_path(target) as tmp:
            write_docx(html, tmp, page_numbers=pdf.anchor_pages(document))
        result.outputs["docx"] = target
    write_text(result.html, html)  # last: the preview always matches the outputs beside it
    return result

"""The Markdown writer: the brief's HTML as pandoc Markdown (see :mod:`briefing.markdown.writer`),
its SVG figures written beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.markdown.writer import Markdown, to_markdown

if TYPE_CHECKING:
    from briefing.writers import Job, Written

__all__ = ["Markdown", "to_markdown", "write"]


def write(job: Job) -> Written:
    """``<slug>.md``, each figure it refers to (``<slug>-figure-1.svg``...), the CSL-JSON its
    citations name (``<slug>-references.json``) and the brief's bundled style (``apa.csl``)."""
    from briefing.writers import Written

    markdown = to_markdown(job.html, figure_prefix=job.name.stem)
    job.target.write_bytes(markdown.text.encode("utf-8"))
    beside = [*markdown.figures, *(f for f in (markdown.bibliography, markdown.style) if f is not None)]
    return Written(beside={job.name.parent / f.name: f.data for f in beside})

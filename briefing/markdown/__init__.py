"""The Markdown writer: the brief's HTML as pandoc Markdown (see :mod:`briefing.markdown.writer`),
its SVG figures written beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.markdown.writer import Markdown, to_markdown

if TYPE_CHECKING:
    from briefing.writers import Job, Written

__all__ = ["Markdown", "to_markdown", "write"]


def write(job: Job) -> Written:
    """``<slug>.md`` and each figure it refers to (``<slug>-figure-1.svg``...), named by the output."""
    from briefing.writers import Written

    markdown = to_markdown(job.html, figure_prefix=job.name.stem)
    job.target.write_bytes(markdown.text.encode("utf-8"))
    return Written(beside={job.name.parent / f.name: f.data for f in markdown.figures})

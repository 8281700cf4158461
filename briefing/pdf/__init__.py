"""Stage 3a — pdf: WeasyPrint lays out the HTML and writes a tagged PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.pdf.libraries import import_weasyprint

import_weasyprint()  # first, before the modules below import it: see libraries.py

from briefing.pdf.writer import SafeFetcher, anchor_pages, layout, write_pdf  # noqa: E402

if TYPE_CHECKING:
    from briefing.writers import Job, Written

__all__ = ["SafeFetcher", "anchor_pages", "layout", "write", "write_pdf"]


def write(job: Job) -> Written:
    """The table's PDF writer (:mod:`briefing.writers`): laid out, then written; its page count."""
    from briefing.writers import Written

    document = layout(job.html)
    job.check()  # WeasyPrint may have swallowed a Ctrl-C
    write_pdf(document, job.target, when=job.when, standard=job.options.standard())
    return Written(pages=len(document.pages))

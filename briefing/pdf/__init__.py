"""Stage 3a — pdf: WeasyPrint lays out the HTML and writes a tagged PDF."""

from briefing.pdf.libraries import import_weasyprint

import_weasyprint()  # first, before the modules below import it: see libraries.py

from briefing.pdf.writer import SafeFetcher, anchor_pages, layout, write_pdf  # noqa: E402

__all__ = ["SafeFetcher", "anchor_pages", "layout", "write_pdf"]

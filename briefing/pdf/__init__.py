"""Stage 3a — pdf: WeasyPrint lays out the HTML and writes a tagged PDF."""

from briefing.pdf.writer import SafeFetcher, anchor_pages, layout, write_pdf

__all__ = ["SafeFetcher", "anchor_pages", "layout", "write_pdf"]

"""Stage 3a — pdf: WeasyPrint lays out the HTML and writes a tagged PDF."""

from briefing.pdf.writer import SafeFetcher, write_pdf

__all__ = ["SafeFetcher", "write_pdf"]

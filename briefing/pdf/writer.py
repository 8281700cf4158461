"""HTML → PDF with WeasyPrint, reading nothing but the project's own files.

Content is text: whatever a seed says, the only resources WeasyPrint may load are the templates
folder and the font packages. Everything else (http, other local files) is refused and recorded.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from briefing.html.render import TEMPLATES, font_dirs

log = logging.getLogger(__name__)


class SafeFetcher(URLFetcher):
    """A url_fetcher that serves ``file:`` URLs under allowed folders and ``data:`` URLs only."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [r.resolve() for r in (roots if roots is not None else [TEMPLATES, *font_dirs()])]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None):  # type: ignore[override]
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
        elif parsed.scheme == "data":
            return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"briefing does not fetch {url}")


def write_pdf(html: str, target: Path) -> SafeFetcher:
    """Lay out ``html`` and write the PDF to ``target``; return the fetcher for inspection."""
    fetcher = SafeFetcher()
    document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    document.write_pdf(
        target,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
        uncompressed_pdf=False,
    )
    return fetcher

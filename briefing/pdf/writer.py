"""HTML → PDF with WeasyPrint, reading nothing but the project's own files.

Content is text: whatever a seed says, the only resources WeasyPrint may load are the templates
folder and the font packages. Everything else (http, other local files) is refused and recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pikepdf
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

from briefing import cache
from briefing.fonts import font_dirs
from briefing.html.phrase_spans import unwrap_phrases
from briefing.html.render import TEMPLATES
from briefing.options import timed
from briefing.pdf import engine, leaders, standards, structure, tagging
from briefing.theme import THEME

log = logging.getLogger(__name__)
leaders.install()
tagging.install()


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


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": True}


def layout(html: str) -> Document:
    """Lay the HTML out into pages once; the PDF is written from it and the DOCX reads its pages."""
    html = unwrap_phrases(html)  # the DOCX's review marks; a span would cost the PDF its kerning
    return engine.current().layout(html, TEMPLATES.as_uri() + "/", SafeFetcher(), **PDF_OPTIONS)


def anchor_pages(document: Document) -> dict[str, int]:
    """HTML id → the 1-based page it lands on, for the DOCX contents' cached page numbers."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def write_pdf(
    document: Document, target: Path, *, when: dt.datetime | None = None, standard: str | None = None
) -> None:
    """Write a laid-out document as a tagged PDF with its metadata, then finish its structure.

    ``standard`` is ``--pdf-standard`` (the theme's ``pdf_standard`` when None); see
    :mod:`briefing.pdf.standards`. WeasyPrint writes the file, :func:`finish` reorders its tags.

    fontTools stamps each embedded font subset with the time it was made, unless
    ``SOURCE_DATE_EPOCH`` is set; setting it to ``when`` (the brief's date by default) while the
    fonts are subset makes the same input give the same bytes.
    """
    epoch = str(int(when.timestamp())) if when else os.environ.get("SOURCE_DATE_EPOCH")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    chosen = standards.parse(standard or THEME.page.pdf_standard)
    try:
        document.write_pdf(target, **(PDF_OPTIONS | {"pdf_variant": chosen.variant}))
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    finish(target, chosen)


def finish(target: Path, standard: standards.Standard) -> None:
    """The structure tree in reading order and the XMP identification (pikepdf, in place).

    Kept by content (the stage ``pdf-structure`` in the timings): WeasyPrint's bytes, the
    standard and this code decide the result, so a rebuild whose layout did not change (--force,
    watch, a desk's briefs) costs a hash instead of a pass over the structure tree."""
    with timed("pdf-structure"):
        raw = target.read_bytes()
        code = b"".join(Path(f).read_bytes() for f in (structure.__file__, standards.__file__, __file__))
        key = b"\0".join((raw, repr(standard).encode(), hashlib.sha256(code).digest()))
        target.write_bytes(cache.stored("pdf-structure", key, lambda: _finished(raw, standard), ("pikepdf",)))


def _finished(raw: bytes, standard: standards.Standard) -> bytes:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        structure.restructure(pdf, pdf2=standard.pdf2)
        standards.identify(pdf, standard)
        out = io.BytesIO()
        # Every object that may go into an object stream goes into one (the seed: 159 → 141 KB),
        # except for PDF/A-1, whose PDF 1.4 has none.
        a1 = (standard.a or "").startswith("pdf/a-1")
        mode = pikepdf.ObjectStreamMode.preserve if a1 else pikepdf.ObjectStreamMode.generate
        pdf.save(out, deterministic_id=True, object_stream_mode=mode)
    return out.getvalue()

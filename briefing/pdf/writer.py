"""HTML → PDF with WeasyPrint, reading nothing but the project's own files.

Content is text: whatever a seed says, the only resources WeasyPrint may load are the templates
folder and the font packages. Everything else (http, other local files) is refused and recorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pikepdf
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

from briefing import cache
from briefing.fonts import font_dirs
from briefing.html.phrase_spans import unwrap_phrases
from briefing.html.render import TEMPLATES
from briefing.pdf import engine, join, leaders, split, standards, structure, tagging
from briefing.stages import timed
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


def layout(html: str) -> Document | split.Split:
    """Lay the HTML out into pages once; the PDF is written from it.

    A long brief is not laid out here but in two halves as it is written (:mod:`.split`)."""
    html = unwrap_phrases(html)  # the DOCX's review marks; a span would cost the PDF its kerning
    if split.wanted(html):
        return split.Split(html)
    return _layout(html)


def _layout(html: str) -> Document:
    return engine.current().layout(html, TEMPLATES.as_uri() + "/", SafeFetcher(), **PDF_OPTIONS)


anchor_pages = split.anchor_pages  # HTML id → the 1-based page it lands on


def write_pdf(
    document: Document | split.Split,
    target: Path,
    *,
    when: dt.datetime | None = None,
    standard: str | None = None,
) -> None:
    """Write a laid-out document as a tagged PDF with its metadata, then finish its structure.

    ``standard`` is ``--pdf-standard`` (the theme's ``pdf_standard`` when None); see
    :mod:`briefing.pdf.standards`. WeasyPrint writes the file, :func:`finish` reorders its tags.

    fontTools stamps each embedded font subset with the time it was made, unless
    ``SOURCE_DATE_EPOCH`` is set; setting it to ``when`` (the brief's date by default) while the
    fonts are subset makes the same input give the same bytes.
    """
    chosen = standards.parse(standard or THEME.page.pdf_standard)
    options = PDF_OPTIONS | {"pdf_variant": chosen.variant}
    with _epoch(when):
        if isinstance(document, split.Split):
            parts = split.lay_out(document, _layout, lambda half: half.write_pdf(**options))
            if parts is not None:
                finish_joined(target, chosen, *parts)
                return
            whole = _layout(document.html)  # the two halves' page numbers did not settle
            document.pages = range(len(whole.pages))
            document = whole
        document.write_pdf(target, **options)
    finish(target, chosen)


@contextlib.contextmanager
def _epoch(when: dt.datetime | None) -> Iterator[None]:
    epoch = str(int(when.timestamp())) if when else os.environ.get("SOURCE_DATE_EPOCH")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def finish(target: Path, standard: standards.Standard) -> None:
    """The structure tree in reading order and the XMP identification (pikepdf, in place).

    Kept by content (the stage ``pdf-structure`` in the timings): WeasyPrint's bytes, the
    standard and this code decide the result, so a rebuild whose layout did not change (--force,
    watch, a desk's briefs) costs a hash instead of a pass over the structure tree."""
    with timed("pdf-structure"):
        raw = target.read_bytes()
        key = b"\0".join((raw, repr(standard).encode(), _code()))
        target.write_bytes(cache.stored("pdf-structure", key, lambda: _finished(raw, standard), ("pikepdf",)))


def finish_joined(target: Path, standard: standards.Standard, front: bytes, annex: bytes, pages: int) -> None:
    """:func:`finish` for a brief laid out in two halves: each restructured, then joined."""
    with timed("pdf-structure"):
        key = b"\0".join((front, annex, str(pages).encode(), repr(standard).encode(), _code()))
        made = cache.stored(
            "pdf-structure", key, lambda: _joined(front, annex, pages, standard), ("pikepdf",)
        )
        target.write_bytes(made)


def _code() -> bytes:
    files = (structure.__file__, standards.__file__, join.__file__, split.__file__, __file__)
    return hashlib.sha256(b"".join(Path(f).read_bytes() for f in files)).digest()


def _finished(raw: bytes, standard: standards.Standard) -> bytes:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        structure.restructure(pdf, pdf2=standard.pdf2)
        return _saved(pdf, standard)


def _joined(front: bytes, annex: bytes, pages: int, standard: standards.Standard) -> bytes:
    with pikepdf.open(io.BytesIO(front)) as first, pikepdf.open(io.BytesIO(annex)) as second:
        structure.restructure(first, pdf2=standard.pdf2)
        structure.restructure(second, pdf2=standard.pdf2)
        return _saved(join.join(first, second, pages), standard)


def _saved(pdf: pikepdf.Pdf, standard: standards.Standard) -> bytes:
    standards.identify(pdf, standard)
    out = io.BytesIO()
    # Every object that may go into an object stream goes into one (the seed: 159 → 141 KB),
    # except for PDF/A-1, whose PDF 1.4 has none.
    a1 = (standard.a or "").startswith("pdf/a-1")
    mode = pikepdf.ObjectStreamMode.preserve if a1 else pikepdf.ObjectStreamMode.generate
    pdf.save(out, deterministic_id=True, object_stream_mode=mode)
    return out.getvalue()

"""``--pdf-standard`` and the theme's ``pdf_standard``: the names, and which of them combine.

WeasyPrint writes one variant at a time (``pdf_variant``). PDF/UA and PDF/A combine where they
rest on the same PDF version: PDF/UA-1 (PDF 1.7) with PDF/A-2 or PDF/A-3, PDF/UA-2 (PDF 2.0)
with PDF/A-4. Kept apart from :mod:`briefing.pdf` so that the theme and the CLI can check a value
without loading WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass

PDF_STANDARDS = (
    "ua-1", "ua-2", "a-1b", "a-1a", "a-2b", "a-2u", "a-2a", "a-3b", "a-3u", "a-3a", "a-4u", "a-4e", "a-4f"
)


@dataclass(frozen=True)
class Standard:
    ua: int | None  # PDF/UA part, or None
    a: str | None  # PDF/A variant as WeasyPrint names it ("pdf/a-3a"), or None

    @property
    def variant(self) -> str:
        """WeasyPrint's ``pdf_variant``: the PDF/A one when there is one, it sets more."""
        return self.a or f"pdf/ua-{self.ua}"

    @property
    def pdf2(self) -> bool:
        return self.ua == 2 or (self.a or "").startswith("pdf/a-4")

    @property
    def a_part(self) -> int | None:
        return int(self.a[6]) if self.a else None


def parse(value: str) -> Standard:
    """``ua-1``, ``a-3a``, ``ua-1,a-3a`` (also ``+`` or a space between); ValueError says why not."""
    names = [n for n in value.lower().replace("+", ",").replace(" ", ",").split(",") if n]
    unknown = [n for n in names if n not in PDF_STANDARDS]
    if unknown or not names:
        raise ValueError(f"unknown PDF standard {unknown[0] if unknown else value!r}: "
                         f"choose from {', '.join(PDF_STANDARDS)}, or a PDF/UA and a PDF/A joined by a comma")
    ua = [int(n[3]) for n in names if n.startswith("ua-")]
    a = [f"pdf/{n}" for n in names if n.startswith("a-")]
    if len(ua) > 1 or len(a) > 1:
        raise ValueError(f"{value}: at most one PDF/UA and one PDF/A")
    standard = Standard(ua[0] if ua else None, a[0] if a else None)
    if standard.ua and standard.a:
        allowed = {1: (2, 3), 2: (4,)}[standard.ua]
        if standard.a_part not in allowed:
            parts = " or ".join(f"PDF/A-{p}" for p in allowed)
            raise ValueError(f"{value}: PDF/UA-{standard.ua} combines with {parts} only (same PDF version)")
    return standard



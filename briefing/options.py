"""What ``briefing build`` may change for one build.

Options never edit the brief's files: ``--marking`` and ``--date`` replace the brief's own values
in memory, ``--template-dir`` puts a user's templates in front of the built-in ones, and
``--theme`` gives the :class:`~briefing.theme.Theme` the renderer and the writers receive as an
argument (a new one, built from the default by :func:`~briefing.theme_file.load_theme`; nothing global
changes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.theme import THEME, Theme
from briefing.theme_file import load_theme, reference_page

if TYPE_CHECKING:
    from briefing.model import Brief


@dataclass(frozen=True)
class BuildOptions:
    marking: str | None = None  # replaces brief.yaml's handling line
    date: dt.date | None = None  # replaces brief.yaml's date (and so the file names)
    template_dir: Path | None = None  # searched before the built-in templates
    theme_file: Path | None = None  # TOML overrides of briefing.theme
    review: bool = False  # DOCX: provenance comments on pull-quotes, phrases, cells
    editorial_record: bool = False  # an appendix of production notes (files, date notes), off by default
    pdf_standard: str | None = None  # "ua-1", "ua-2,a-4f", …; None: the theme's (briefing/pdfstandard.py)
    csl: str | None = None  # replaces brief.yaml's citation_style: a bundled id or a .csl path
    reference_docx: Path | None = None  # DOCX: the organisation's Word template (else the theme's)

    def reference(self) -> Path | None:
        """The Word template this build writes into: the option's, else the theme file's."""
        return self._reference(self._file_theme())

    def _reference(self, theme: Theme) -> Path | None:
        if self.reference_docx is not None:
            return self.reference_docx
        return Path(theme.brand.reference_docx) if theme.brand.reference_docx else None

    def apply(self, brief: Brief) -> Brief:
        changes: dict[str, object] = {}
        if self.marking is not None:
            changes["handling"] = self.marking
        if self.date is not None:
            from briefing.dates import PartialDate  # lazily, as the model is

            changes["date"] = PartialDate.parse(self.date)  # the model's one date type
        if self.csl is not None:
            changes["citation_style"] = self.csl
        return brief.model_copy(update=changes) if changes else brief

    def theme(self) -> Theme:
        """The theme this build renders and writes with: the theme file's, else the default; with
        a Word template, the template's page joins it, so the matrix is fitted to that page too."""
        theme = self._file_theme()
        reference = self._reference(theme)
        page = reference_page(reference) if reference else ()
        return replace(theme, page=replace(theme.page, reference_page=page)) if page else theme

    def _file_theme(self) -> Theme:
        return load_theme(self.theme_file) if self.theme_file else THEME

    def standard(self) -> str:
        """The PDF standard(s): ``--pdf-standard``, else the theme's ``pdf_standard``."""
        return self.pdf_standard or self.theme().page.pdf_standard

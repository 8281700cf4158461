"""Where paragraphs go (the body, or a table cell), and the :class:`Writer` protocol.

The block handlers (``lists``, ``tables``, ``figures``, ``toc``) write through the protocol, not
through the concrete walker in :mod:`briefing.docx.walk.writer`, which imports them: the handlers
depend on this lower module only, so the package has no import cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph

if TYPE_CHECKING:
    from pathlib import Path

    from briefing.docx.word.bookmarks import Bookmarks
    from briefing.docx.word.meta import Meta
    from briefing.docx.word.numbering import Numbering
    from briefing.docx.word.page import Pages
    from briefing.theme import Theme
    from briefing.walker import Page


class StyleIds:
    """Style name → ID, as :func:`briefing.docx.word.styles_part.install` defined them: a
    paragraph takes its style by ID, as python-docx's lookup by name reads every style each time
    (a fifth of the DOCX writer's time on the seed)."""

    def __init__(self, document, ids: dict[str, str]) -> None:
        self.document = document
        self.ids = ids
        self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def apply(self, paragraph: Paragraph, style: str) -> Paragraph:
        """``paragraph`` in ``style``: no ``pStyle`` for the default style, as python-docx does."""
        style_id = self.ids.get(style)
        if style_id is None:  # not one of ours: python-docx finds it (or says it is missing)
            paragraph.style = style
        elif self.default is None or style_id != self.default.style_id:
            paragraph._p.style = style_id
        else:
            paragraph._p.style = None
        return paragraph


class BodyFlow:
    """Paragraphs of the document body; ``paragraphs`` lists those the walk wrote."""

    def __init__(self, document, styles: StyleIds) -> None:
        self.document = document
        self.styles = styles
        self.paragraphs: list = []

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.styles.apply(self.document.add_paragraph(), style)
        self.paragraphs.append(paragraph._p)
        return paragraph


class CellFlow:
    """Paragraphs of one table cell, whose first paragraph Word already made."""

    def __init__(self, cell, styles: StyleIds) -> None:
        self.cell = cell
        self.styles = styles
        self.paragraphs: list = []

    @property
    def used(self) -> bool:
        return bool(self.paragraphs)

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.cell.add_paragraph() if self.used else self.cell.paragraphs[0]
        self.styles.apply(paragraph, style)
        self.paragraphs.append(paragraph._p)
        return paragraph


class Writer(Protocol):
    """What a block handler may ask of the walker that called it."""

    document: object  # the python-docx Document being written
    page: Page  # the brief's HTML, parsed once
    body: object  # its <body>
    theme: Theme
    pages: Pages
    bookmarks: Bookmarks
    numbering: Numbering
    meta: Meta
    style_ids: dict[str, str]
    notes: object  # the footnotes part
    reference: Path | None  # the organisation's Word template, if any

    @property
    def in_body(self) -> bool: ...

    def into_cell(self, cell) -> AbstractContextManager[CellFlow]: ...

    def comment(self, paragraph, element) -> None: ...

    def paragraph(self, style: str) -> Paragraph: ...

    def fill(self, paragraph: Paragraph, group: list) -> None: ...

    def inline_paragraph(self, group: list, style: str) -> Paragraph: ...

    def inline_nodes(self, element) -> list: ...

    def segments(self, element) -> Iterator[tuple[str, object]]: ...

    def block(self, element, *, quote: bool) -> None: ...


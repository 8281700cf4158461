"""Where paragraphs go (the body, or a table cell), and the :class:`Writer` protocol.

The block handlers (``lists``, ``tables``, ``figures``, ``toc``) write through the protocol, not
through the concrete walker in :mod:`briefing.docx.walk.writer`, which imports them: the handlers
depend on this lower module only, so the package has no import cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from docx.text.paragraph import Paragraph

if TYPE_CHECKING:
    from pathlib import Path

    from briefing.docx.word.bookmarks import Bookmarks
    from briefing.docx.word.meta import Meta
    from briefing.docx.word.numbering import Numbering
    from briefing.docx.word.page import Pages
    from briefing.theme import Theme
    from briefing.walker import Page


class BodyFlow:
    """Paragraphs of the document body; ``paragraphs`` lists those the walk wrote."""

    def __init__(self, document) -> None:
        self.document = document
        self.paragraphs: list = []

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.document.add_paragraph(style=style)
        self.paragraphs.append(paragraph._p)
        return paragraph


class CellFlow:
    """Paragraphs of one table cell, whose first paragraph Word already made."""

    def __init__(self, cell) -> None:
        self.cell = cell
        self.paragraphs: list = []

    @property
    def used(self) -> bool:
        return bool(self.paragraphs)

    def paragraph(self, style: str) -> Paragraph:
        if self.used:
            paragraph = self.cell.add_paragraph(style=style)
        else:
            paragraph = self.cell.paragraphs[0]
            paragraph.style = style
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


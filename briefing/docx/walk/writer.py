"""The DOCX walk: the brief's HTML in document order, the same text written to Word.

The HTML is the only source of text (so one template drives both the PDF and the DOCX). Each
element of the vocabulary (:mod:`briefing.html.vocabulary`, checked once after render by
:func:`briefing.walker.check`) maps to a named Word style; an element this walk has no mapping
for stops the build by the walker's one rule (:func:`briefing.walker.unknown`). Page structure
comes from the HTML's own attributes (``data-page``, ``data-break-before``, ``data-page-label``);
sizes, colours and page geometry from :mod:`briefing.theme`. Nothing is read from the stylesheet.

This module walks the blocks and inline elements and dispatches to the handlers beside it
(``lists``, ``tables``, ``figures``, ``toc``) and to the Word model (:mod:`briefing.docx.word`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from docx import Document
from docx.text.paragraph import Paragraph

from briefing.docx import oxml as x
from briefing.docx.oxml.fields import Field
from briefing.docx.walk.figures import logo, picture, write_figure
from briefing.docx.walk.finish import finish
from briefing.docx.walk.flow import BodyFlow, CellFlow, StyleIds
from briefing.docx.walk.lists import write_list
from briefing.docx.walk.tables import matrix_theme, write_table
from briefing.docx.walk.toc import write_toc
from briefing.docx.word import bidi, bookmarks, comments, footnotes, package
from briefing.docx.word import styles as st
from briefing.docx.word.bookmarks import Bookmarks, bookmark_end, external_hyperlink, internal_hyperlink
from briefing.docx.word.language import run_language, same_language, upright, upright_style
from briefing.docx.word.meta import read_meta
from briefing.docx.word.numbering import Numbering
from briefing.docx.word.page import Pages
from briefing.docx.word.reference import open_reference
from briefing.docx.word.runs import Fmt, Runs
from briefing.docx.word.styles_part import install
from briefing.html.vocabulary import BLOCKS, INLINES
from briefing.theme import THEME, Theme
from briefing.walker import Page, classes, describe, fail, is_element, stance_of, unknown

Ref = Path | None  # the organisation's Word template (reference.py)
BLOCK_TAGS = frozenset(BLOCKS)
INLINE_TAGS = frozenset(INLINES)
HEADING_STYLE = {"h1": st.TITLE, "h2": st.HEADING[1], "h3": st.HEADING[2], "h4": st.HEADING[3]}
PARAGRAPH_STYLE = {
    "handling": st.HANDLING,
    "subtitle": st.SUBTITLE,
    "meta": st.META,
    "lede": st.LEDE,
    "reference": st.REFERENCE,
    "note": st.NOTE,
    "attribution": st.ATTRIBUTION,
    "legend": st.LEGEND,  # the matrix's legend run on in one paragraph (a dense matrix page)
}


# --- the writer -------------------------------------------------------------------------------


class Writer:
    def __init__(
        self, page: Page, *, paper: str, theme: Theme = THEME, review=False, reference: Ref = None
    ) -> None:
        self.page = page
        self.review = review  # provenance comments (build --review)
        self.body = page.body
        self.theme = theme
        self.meta = read_meta(page.root)
        self.reference = reference  # the organisation's template, if any (reference.py)
        self.document = open_reference(reference) if reference else Document()
        package.drop_package_thumbnail(self.document.part.package)
        if not reference:
            package.drop_template_parts(self.document.part)
        self.pages = Pages(self.document, paper=paper, theme=theme, reference=bool(reference))
        width, lang, ref = self.pages.text_width(), self.meta.language, bool(reference)
        self.style_ids = install(self.document, theme=theme, text_width=width, language=lang, reference=ref)
        self.styles = StyleIds(self.document, self.style_ids)
        self.flow: BodyFlow | CellFlow = BodyFlow(self.document, self.styles)
        self.notes = footnotes.footnotes_part(self.document.part)
        self.numbering = Numbering(self.document, theme=theme, style_ids=self.style_ids)
        self.bookmarks = Bookmarks()
        self.page_break_pending = False  # data-break-before="page": the next Heading 1's style
        self.language = self.meta.language  # the lang of the element being written

    def write(self) -> None:
        self.container(self.body, quote=False)
        self.bookmarks.check(self.body)
        finish(self)

    def comment(self, paragraph, element) -> None:
        """Under ``--review``: a Word comment on ``paragraph`` saying where its words come from."""
        note = element.get("data-provenance")
        if not self.review or not note or paragraph is None:
            return
        comments.add(self.document, paragraph, note, self.theme)

    def save(self, path) -> None:
        self.document.save(str(path))

    # -- flows and paragraphs --

    @property
    def in_body(self) -> bool:
        return isinstance(self.flow, BodyFlow)

    @contextlib.contextmanager
    def into_cell(self, cell) -> Iterator[CellFlow]:
        outer, self.flow = self.flow, CellFlow(cell, self.styles)
        try:
            yield self.flow
        finally:
            self.flow = outer

    def paragraph(self, style: str) -> Paragraph:
        """A new paragraph in the flow; a section starts a page by its heading's style only."""
        if self.page_break_pending and self.in_body:
            style = st.HEADING_PAGE if style == st.HEADING[1] else style
            self.page_break_pending = False
        paragraph = self.flow.paragraph(upright_style(style, self.language, self.theme))
        p = paragraph._p
        bidi.paragraph_direction(p, self.language, self.meta.language)
        self.bookmarks.place(p)
        return paragraph

    def fill(self, paragraph: Paragraph, group: list) -> None:
        """Write an inline group (text, elements, fields) into ``paragraph``."""
        self._emit(
            group, Fmt(language=self._language_props(self.language)), Runs(paragraph._p, self.document.part)
        )

    def inline_paragraph(self, group: list, style: str) -> Paragraph:
        paragraph = self.paragraph(style)
        self.fill(paragraph, group)
        return paragraph

    # -- blocks --

    def container(self, element, *, quote: bool) -> None:
        for kind, item in self.segments(element):
            if kind == "inline":
                self.inline_paragraph(item, st.PULL_QUOTE if quote else st.BODY)
            else:
                self.block(item, quote=quote)

    def segments(self, element) -> Iterator[tuple[str, object]]:
        """Block children, and runs of inline content between them (anonymous paragraphs)."""
        group: list = []
        if element.text:
            group.append(element.text)
        for child in element:
            if is_element(child) and child.tag in BLOCK_TAGS:
                if _has_content(group):
                    yield "inline", group
                group = []
                yield "block", child
            elif is_element(child):
                group.append(child)
            if child.tail:
                group.append(child.tail)
        if _has_content(group):
            yield "inline", group

    def inline_nodes(self, element) -> list:
        """The children of a paragraph-like element as an inline group (no blocks allowed)."""
        group = [element.text] if element.text else []
        for child in element:
            if is_element(child) and child.tag in BLOCK_TAGS:
                fail(child, f"{describe(child)} cannot stand inside <{element.tag}>")
            if is_element(child):
                group.append(child)
            if child.tail:
                group.append(child.tail)
        return group

    def _language_props(self, lang: str) -> tuple:
        """Run properties for text in ``lang``: none in the document's own language."""
        if not lang or same_language(lang, self.meta.language):
            return ()
        return tuple(run_language(lang, self.theme))

    def block(self, element, *, quote: bool) -> None:
        """One block element; a ``lang`` on it holds for everything written inside it."""
        outer = self.language
        self.language = element.get("lang") or outer
        try:
            self._block(element, quote=quote)
        finally:
            self.language = outer

    def _block(self, element, *, quote: bool) -> None:
        tag, cls = element.tag, classes(element)
        self.bookmarks.want(element)
        self.bookmarks.want_field(element)
        if tag in ("section", "header", "div"):
            self._section(element, quote=quote)
        elif tag == "nav":
            if element.get("data-break-before") == "page":  # contents: page-2
                self.page_break_pending = True
            write_toc(self, element)
        elif tag in HEADING_STYLE:
            style = HEADING_STYLE[tag]
            parent = element.getparent()
            if tag == "h3" and parent.tag == "section" and "actor" in classes(parent):
                style = st.ACTOR_HEADING  # section.actor > h3: in the contents, as in the PDF
            self.inline_paragraph(self.inline_nodes(element), style)
        elif tag == "p":
            style = next((PARAGRAPH_STYLE[c] for c in cls if c in PARAGRAPH_STYLE), None)
            self.inline_paragraph(self.inline_nodes(element), style or (st.PULL_QUOTE if quote else st.BODY))
            if not quote and self.flow.paragraphs:  # a source's production note (--review)
                self.comment(self.flow.paragraphs[-1], element)
        elif tag in ("ul", "ol"):
            write_list(self, element)
        elif tag == "blockquote":
            self._blockquote(element)
        elif tag == "table":
            write_table(self, element)
        elif tag == "figure":
            write_figure(self, element)
        elif tag == "svg":
            picture(self, element, figcaption=None)
        elif tag == "img":
            logo(self, element)
        else:
            unknown(element)

    def _section(self, element, *, quote: bool) -> None:
        """A container; ``data-page="landscape"`` gives it landscape pages (a Word section of its
        own), ``data-break-before="page"`` starts it on a new page."""
        landscape = element.get("data-page") == "landscape" and not self.pages.landscape
        if landscape:
            if not self.in_body:
                fail(element, "a landscape section inside a table cell")
            self.pages.start_section(landscape=True)
        elif element.get("data-break-before") == "page":
            self.page_break_pending = True
        start = len(self.flow.paragraphs)
        self.container(element, quote=quote)
        if element.tag == "div" and "keep" in classes(element):  # keep the group on one page
            for p in self.flow.paragraphs[start:-1]:
                x.put(p.get_or_add_pPr(), x.on("keepNext"))
        if landscape:
            self.pages.start_section(landscape=False)

    def _blockquote(self, element) -> None:
        """A pull-quote. Word and LibreOffice draw one border around neighbouring paragraphs
        with equal borders and indents; a blockquote right after another gets a 1-twip right
        indent (unless that one has it) so that each quote keeps a bar of its own, as in the PDF."""
        quote_styles = {self.style_ids[s] for s in (st.PULL_QUOTE, st.PULL_QUOTE_EAST_ASIAN, st.ATTRIBUTION)}
        previous = self.flow.paragraphs[-1] if self.flow.paragraphs else None
        nudge = previous is not None and x.style_of(previous) in quote_styles and not x.nudged(previous)
        start = len(self.flow.paragraphs)
        self.container(element, quote=True)
        self.comment(next(iter(self.flow.paragraphs[start:]), None), element)
        if nudge:
            for p in self.flow.paragraphs[start:]:
                x.put(p.get_or_add_pPr(), x.el("w:ind", {"right": 1}))

    # -- inline content --

    def _emit(self, group: list, fmt: Fmt, runs: Runs) -> None:
        for node in group:
            if isinstance(node, str):
                runs.text(node, fmt)
            elif isinstance(node, Field):
                runs.field(node, fmt)
            else:
                self._inline(node, fmt, runs)

    def _children(self, element, fmt: Fmt, runs: Runs) -> None:
        runs.text(element.text, fmt)
        for child in element:
            if is_element(child):
                self._inline(child, fmt, runs)
            runs.text(child.tail, fmt)

    def _inline(self, element, fmt: Fmt, runs: Runs) -> None:
        """One inline element; an id on it becomes a bookmark around its runs."""
        if element.tag not in INLINE_TAGS:
            unknown(element)
        ident, field = element.get("id"), element.get("data-field")
        if ident or field:  # a field's hidden bookmark (absorb) is named by its path
            mark = (ident, element) if ident else (bookmarks.field_bookmark(field), None)
            start, bookmark_id = self.bookmarks.start(*mark)
            runs.mark(start)
        opening, closing = bidi.embedding(element)  # a Latin citation in Arabic, or the reverse
        runs.text(opening, fmt)
        self._dispatch(element, fmt, runs)
        runs.text(closing, fmt)
        if ident or field:
            runs.mark(bookmark_end(bookmark_id))

    def _dispatch(self, element, fmt: Fmt, runs: Runs) -> None:
        if lang := element.get("lang"):  # East-Asian text in <em> stays upright: CJK has no italic
            fmt = replace(fmt, language=self._language_props(lang), italic=upright(fmt, lang, self.theme))
        tag, cls, ids = element.tag, classes(element), self.style_ids
        if tag == "br":
            runs.line_break(fmt)
        elif tag == "em":
            self._children(element, replace(fmt, italic=True), runs)
        elif tag == "strong":
            style = st.LEAD_IN if _lead_in(element) else st.STRONG
            self._children(element, replace(fmt, style=ids[style]), runs)
        elif tag == "a":
            self._link(element, fmt, runs)
        elif tag == "span" and "footnote" in cls:
            self._footnote(element, fmt, runs)
        elif tag == "span":
            inner = fmt
            if "confidence" in cls:
                inner = replace(inner, style=ids[st.CONFIDENCE], italic=None, nowrap=True)
            elif "stance-label" in cls or "symbol" in cls:
                inner = replace(inner, style=ids[st.STANCE_LABEL], italic=False if fmt.italic else None)
            if stance_of(element) and element.get("data-fill"):  # the fill the HTML resolved
                inner = replace(inner, shade=element.get("data-fill"))
            note = element.get("data-provenance") if self.review and "phrase" in cls else None
            with comments.around(self.document, runs, fmt, note, self.theme):  # a quoted phrase's
                self._children(element, inner, runs)
        else:
            self._children(element, fmt, runs)

    def _link(self, element, fmt: Fmt, runs: Runs) -> None:
        """``#id`` links to the id's bookmark; http(s) links are external (the guard allows no other)."""
        href = (element.get("href") or "").strip()
        if not href:
            self._children(element, fmt, runs)
            return
        if href.startswith("#"):
            link = internal_hyperlink(self.bookmarks.link(href[1:], element))
        else:
            link = external_hyperlink(runs.part, href)
        runs.open(link, fmt)
        self._children(element, replace(fmt, style=fmt.style or self.style_ids[st.HYPERLINK]), runs)
        runs.close()

    def _footnote(self, element, fmt: Fmt, runs: Runs) -> None:
        if any(a.tag == "span" and "footnote" in classes(a) for a in element.iterancestors()):
            fail(element, "a footnote inside a footnote")
        reference_style = self.style_ids[st.FOOTNOTE_REFERENCE]
        note_id, p = footnotes.add_footnote(
            self.notes, text_style=self.style_ids[st.FOOTNOTE_TEXT], reference_style=reference_style
        )
        self._children(element, Fmt(), Runs(p, self.notes))
        runs.flush_space(fmt)
        runs.append(footnotes.footnote_reference(note_id, reference_style))


def _has_content(group: list) -> bool:
    return any(is_element(n) or (isinstance(n, str) and n.strip()) for n in group)


def _lead_in(strong) -> bool:
    """``section.actor p strong:first-child`` of the stylesheet: the run-in label of a paragraph."""
    parent = strong.getparent()
    if parent is None or parent.tag != "p" or parent[0] is not strong:
        return False
    return any(a.tag == "section" and "actor" in classes(a) for a in parent.iterancestors())


def write_docx(
    html: str, path, *, paper: str = "a4", review: bool = False, reference: Ref = None, theme: Theme = THEME
) -> None:
    """Write the brief's HTML as an editable Word document at ``path``.

    ``paper`` is "a4" or "letter". The writer breaks the pages itself (:mod:`.pagination`), so
    the contents' cached page numbers are right on opening, with no field update and no prompt.
    Every word comes from ``html``; nothing is read from the PDF or WeasyPrint. ``review`` adds
    a comment on each pull-quote and matrix cell naming where its words or its coding come from.
    ``reference`` is the organisation's .docx or .dotx: its styles, page and furniture (:mod:`.reference`).
    ``theme`` is the build's (``--theme``), the one the HTML's stylesheet was rendered from.
    """
    page = Page(html)
    theme = matrix_theme(page.root, theme)  # the matrix at the density the HTML names
    reference = reference or (Path(theme.brand.reference_docx) if theme.brand.reference_docx else None)
    writer = Writer(page, paper=paper.lower(), theme=theme, review=review, reference=reference)
    writer.write()
    writer.save(path)

"""Pages: paper and margins, Word sections (a landscape section of its own), header and footer,
and the document settings."""

from __future__ import annotations

import copy
import re

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from briefing.docx import oxml as x
from briefing.docx.oxml.fields import field
from briefing.docx.word import styles as st
from briefing.docx.word.footnotes import FOOTNOTE_SEPARATOR_IDS
from briefing.docx.word.language import default_east_asian, word_tag
from briefing.docx.word.meta import Meta
from briefing.theme import PAPER, Theme

# How far above the top margin the header's text starts, and below the bottom margin the footer's
# ends: the stylesheet's margin boxes sit 3 mm off the text block, with a line of 7.5 pt type.
HEADER_GAP_MM = 8
FOOTER_GAP_MM = 9
PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}  # the page label's placeholders → Word fields
TWIPS_PER_EMU = 1 / 635


class Pages:
    """The document's sections: the first is laid out at once, later ones as the walk starts them."""

    def __init__(self, document, *, paper: str, theme: Theme, reference: bool = False) -> None:
        if paper not in PAPER:
            raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
        self.document = document
        self.paper = paper
        self.page = theme.page
        # The organisation's template keeps its page size and margins (landscape turns them).
        self.reference = _geometry(document.sections[0]) if reference else None
        self.lay_out(document.sections[0], landscape=False)

    def margins(self, *, landscape: bool) -> tuple[float, float, float, float]:
        """Top, right, bottom, left in mm."""
        page = self.page
        if landscape:
            side = page.landscape_margin_side
            return page.landscape_margin_top, side, page.landscape_margin_bottom, side
        return page.margin_top, page.margin_outer, page.margin_bottom, page.margin_inner

    def lay_out(self, section, *, landscape: bool) -> None:
        if self.reference is not None:
            width, height, top, right, bottom, left = self.reference
            if landscape:  # the page turned a quarter: its margins go round with it
                width, height, top, right, bottom, left = height, width, left, top, right, bottom
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = width, height
            section.top_margin, section.right_margin = top, right
            section.bottom_margin, section.left_margin = bottom, left
            return
        _, width, height = PAPER[self.paper]
        if landscape:
            width, height = height, width
        top, right, bottom, left = self.margins(landscape=landscape)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance = Mm(max(top - HEADER_GAP_MM, self.page.furniture_min))
        section.footer_distance = Mm(max(bottom - FOOTER_GAP_MM, self.page.furniture_min))
        section.gutter = 0

    @property
    def landscape(self) -> bool:
        """Whether the section being written is landscape."""
        return self.document.sections[-1].orientation == WD_ORIENT.LANDSCAPE

    def text_width(self) -> int:
        """Width between the margins of the section being written, in twips."""
        return _width(self.document.sections[-1])

    def start_section(self, *, landscape: bool) -> None:
        """End the current section at the last paragraph; what follows starts a new page."""
        body = self.document.element.body
        current = body.sectPr
        blocks = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]
        if blocks:
            last = blocks[-1]
            ends_section = last.tag == qn("w:p") and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
            if last.tag != qn("w:p") or ends_section:
                last = self.document.add_paragraph(style=st.SECTION_END)._p  # Word's, after a table
            x.put(last.get_or_add_pPr(), copy.deepcopy(current))
        self.lay_out(self.document.sections[-1], landscape=landscape)


def _geometry(section) -> tuple:
    """Width, height and the top, right, bottom, left margins of a portrait page (EMU)."""
    width, height = section.page_width or Mm(210), section.page_height or Mm(297)
    margins = [section.top_margin, section.right_margin, section.bottom_margin, section.left_margin]
    margins = [Mm(25) if m is None else m for m in margins]
    if width > height:
        width, height = height, width
    return (width, height, *margins)


# --- header and footer -----------------------------------------------------------------------


def keep_furniture(document) -> None:
    """The organisation's template's own header and footer (and first-page logo) on every
    section: later sections link to the first."""
    for section in document.sections[1:]:  # the references only: the parts are the first's too
        section.different_first_page_header_footer = False
        x.remove(section._sectPr, "headerReference", "footerReference")


def write_furniture(document, meta: Meta, style_ids: dict[str, str]) -> None:
    """A header and a footer for each section, plus an empty first-page header on the first.

    The right half is placed with a position tab relative to the margin, which Word puts at the
    right margin of any page width; LibreOffice 7.4 reads the position tab as a plain tab, so
    each paragraph also carries a right tab stop at its own section's text width (the Header and
    Footer styles' stop is the portrait one). Hence a header per section: the landscape matrix's
    reaches the landscape page's right margin, and the portrait pages after it get theirs back.
    ``titlePg`` (first page different) is per section and only the first section sets it:
    Word gives a later section without it the inherited default header on every page.
    """
    first, *later = document.sections
    first.different_first_page_header_footer = True
    first.first_page_header.is_linked_to_previous = False
    first.first_page_footer.is_linked_to_previous = False
    first.first_page_header.paragraphs[0].style = st.HEADER
    _footer(first.first_page_footer.paragraphs[0], meta, style_ids, _width(first))
    for section in (first, *later):
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        _header(section.header.paragraphs[0], meta, style_ids, _width(section))
        _footer(section.footer.paragraphs[0], meta, style_ids, _width(section))
    for section in later:
        section.different_first_page_header_footer = False
        for part in (section.first_page_header, section.first_page_footer):
            part.is_linked_to_previous = True


def _width(section) -> int:
    """The section's text width in twips: where its header's and footer's right half ends."""
    return round((section.page_width - section.left_margin - section.right_margin) * TWIPS_PER_EMU)


def _right_stop(paragraph, width: int) -> None:
    x.put(paragraph._p.get_or_add_pPr(), x.tabs(("right", width, None)))


def _header(paragraph, meta: Meta, style_ids: dict[str, str], width: int) -> None:
    """The short title left, the handling marking right."""
    paragraph.style = st.HEADER
    _right_stop(paragraph, width)
    p = paragraph._p
    if meta.short_title:
        p.append(x.text_run(meta.short_title))
    if meta.handling:
        p.append(x.ptab_run())
        p.append(x.text_run(meta.handling, [x.val("rStyle", style_ids[st.HANDLING_MARK])]))


def _footer(paragraph, meta: Meta, style_ids: dict[str, str], width: int) -> None:
    """The handling marking left, the page label right with its page numbers as fields."""
    paragraph.style = st.FOOTER
    _right_stop(paragraph, width)
    p = paragraph._p
    if meta.handling:
        p.append(x.text_run(meta.handling, [x.val("rStyle", style_ids[st.HANDLING_MARK])]))
    if not meta.page_label:
        return
    p.append(x.ptab_run())
    for n, part in enumerate(re.split(r"\{(pages?)\}", meta.page_label)):
        if n % 2:
            p.extend(field(PAGE_FIELDS[part], "1"))
        elif part:
            p.append(x.text_run(part))


# --- settings --------------------------------------------------------------------------------


def write_settings(document, *, language: str, theme: Theme) -> None:
    settings = document.settings.element
    x.remove(settings, "savePreviewPicture", "proofState")  # the template's, about its text
    for setting in settings.iter(qn("w:compatSetting")):  # Word 2013+ layout, no
        if setting.get(qn("w:name")) == "compatibilityMode":  # "[Compatibility Mode]"
            setting.set(qn("w:val"), "15")
    x.remove(settings, "updateFields")  # the cached results are right: no update, no prompt
    x.put(settings, x.val("decimalSymbol", "."))
    x.put(settings, x.val("listSeparator", ","))  # separates the TOC field's \t list
    sep, cont = FOOTNOTE_SEPARATOR_IDS
    separators = (x.el("w:footnote", {"id": sep}), x.el("w:footnote", {"id": cont}))
    x.put(settings, x.el("w:footnotePr", None, *separators))
    theme_lang = x.el("w:themeFontLang", {"eastAsia": default_east_asian(language, theme)[0]})
    if language:
        theme_lang.set(qn("w:val"), word_tag(language))
    x.put(settings, theme_lang)

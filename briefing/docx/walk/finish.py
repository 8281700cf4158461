"""After the walk: the document's furniture, settings and pages, in the order they depend on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.docx.walk.toc import fill_page_numbers
from briefing.docx.word import bidi, comments, package
from briefing.docx.word import styles as st
from briefing.docx.word.page import keep_furniture, write_furniture, write_settings
from briefing.docx.word.pagination import paginate
from briefing.docx.word.reference import has_furniture

if TYPE_CHECKING:
    from briefing.docx.walk.flow import Writer


def finish(w: Writer) -> None:
    """Header and footer (the organisation's template's own, if it has them), settings, then
    the pages: pagination comes last but one, on the finished document, and a section that
    would leave the page before it more than half empty follows on instead of starting a page."""
    document = w.document
    comments.clear_of_footnotes(document, w.notes)
    if w.reference and has_furniture(document):
        keep_furniture(document)
    else:
        write_furniture(document, w.meta, w.style_ids)
    bidi.finish(document, w.meta.language, w.theme)  # right to left, where text is
    write_settings(document, language=w.meta.language, theme=w.theme)
    w.numbering.link_list_styles()
    layout = paginate(document)
    if layout.short:
        for p in layout.short:
            p.pPr.pStyle.val = w.style_ids[st.HEADING[1]]
        layout = paginate(document)
    fill_page_numbers(document.element.body, layout.pages)
    package.write_properties(document, w.meta, pages=layout.count)

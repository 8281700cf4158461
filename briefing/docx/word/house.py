"""``briefing reference-docx``: a starting house template listing every style the brief uses.

An organisation edits this file in Word (fonts, colours, spacing, page, header, footer, logo)
and passes it back with ``build --reference-docx``; each style is shown in itself, named, so an
editor sees what they change.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from briefing.docx.word import package
from briefing.docx.word import styles as st
from briefing.docx.word.page import Pages
from briefing.docx.word.styles import specs
from briefing.docx.word.styles_part import install
from briefing.theme import THEME, Theme

INTRO = (
    "A house template for briefing: change these styles, the page, the header and the footer in "
    "Word, save, and build with --reference-docx. Each paragraph below is in the style it names."
)


def house_template(*, paper: str = "a4", theme: Theme = THEME) -> bytes:
    """The template's bytes: the brief's styles, the theme's page, one sample per style."""
    document = Document()
    package.drop_package_thumbnail(document.part.package)
    package.drop_template_parts(document.part)
    pages = Pages(document, paper=paper, theme=theme)
    install(document, theme=theme, text_width=pages.text_width())
    document.add_paragraph(INTRO, style=st.BODY)
    all_specs = specs(theme, pages.text_width())
    for spec in all_specs:
        if spec.kind == WD_STYLE_TYPE.PARAGRAPH and spec.name not in (st.SECTION_END,):
            document.add_paragraph(spec.name, style=spec.name)
    sample = document.add_paragraph("Character styles: ", style=st.BODY)
    for spec in all_specs:
        if spec.kind == WD_STYLE_TYPE.CHARACTER:
            sample.add_run(spec.name, style=spec.name)
            sample.add_run(" ")
    table = document.add_table(rows=2, cols=2, style=st.STANCE_MATRIX)
    for row, texts in zip(table.rows, (("Stance Matrix", "table style"), ("row", "cell")), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = st.TABLE_TEXT
    document.add_paragraph("", style=st.BODY)  # Word ends a body with a paragraph, not a table
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""Stage 3b — docx: the brief's HTML as an editable Word document.

``writer`` walks the HTML and dispatches each element; the other modules are named for the Word
concept each owns: ``flow`` (where paragraphs go, and the protocol the block handlers write
through), ``source`` (reading and locating HTML), ``runs`` (text runs), ``fields``,
``bookmarks`` (bookmarks and hyperlinks), ``footnotes``, ``numbering``, ``lists``, ``tables``,
``figures``, ``toc``, ``page`` (sections, header, footer, settings), ``styles`` (every style from
:mod:`briefing.theme`), ``styles_part`` (the styles part), ``table_style``, ``meta`` (what the
HTML says about the document), ``package`` (properties and parts), ``oxml`` (elements in
schema order), ``finish`` (furniture, settings and pages after the walk), ``measure``,
``fonts`` (the font files a word processor uses, via fontTools) and ``pagination`` (where its
pages will break: the contents' numbers), ``reference`` (the organisation's template) and
``house`` (a starting template).
"""

from briefing.docx.source import DocxVocabularyError
from briefing.docx.writer import write_docx

__all__ = ["DocxVocabularyError", "write_docx"]

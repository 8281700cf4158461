"""Stage 3b — docx: the brief's HTML as an editable Word document.

``writer`` walks the HTML, ``styles`` defines the Word styles from :mod:`briefing.theme`, and
``oxml`` builds the WordprocessingML python-docx has no API for (footnotes, fields, bookmarks,
hyperlinks, numbering).
"""

from briefing.docx.writer import DocxVocabularyError, write_docx

__all__ = ["DocxVocabularyError", "write_docx"]

"""Stage 3b — docx: the brief's HTML as an editable Word document.

``writer`` walks the HTML and dispatches each element by job: ``source`` reads and locates the
HTML, ``runs`` writes text, ``bookmarks`` ids and links, ``page`` sections, header, footer and
settings, ``lists``, ``tables``, ``figures`` and ``toc`` their blocks, ``meta`` the package
properties. ``styles`` defines the Word styles from :mod:`briefing.theme`, and ``oxml`` builds
the WordprocessingML python-docx has no API for (footnotes, fields, bookmarks, hyperlinks,
numbering).
"""

from briefing.docx.source import DocxVocabularyError
from briefing.docx.writer import write_docx

__all__ = ["DocxVocabularyError", "write_docx"]

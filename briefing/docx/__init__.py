"""Stage 3b — docx: the brief's HTML as an editable Word document, in three layers.

Like python-docx (its API over ``docx/oxml/``), each layer only calls the one below it:

* ``walk/``: the HTML side. ``writer`` walks the page (:mod:`briefing.walker`) and dispatches each
  element; ``lists``, ``tables``, ``figures`` and ``toc`` write theirs; ``flow`` is where
  paragraphs go and the protocol the handlers write through; ``finish`` runs after the walk
  (furniture, settings, pages).
* ``word/``: the Word model: ``meta`` (what the document says about itself), ``runs``,
  ``bookmarks`` (and hyperlinks), ``footnotes``, ``comments``, ``numbering``, ``page``
  (sections, header, footer, settings), ``styles`` (every style from :mod:`briefing.theme`),
  ``styles_part``, ``table_style``,
  ``language``, ``bidi``, ``package`` (properties and parts), ``reference`` (the organisation's
  template), ``house`` (a starting template), and ``fonts``, ``measure`` and ``pagination`` (where
  the word processor breaks the pages: the contents' numbers).
* ``oxml/``: WordprocessingML that python-docx has no element class for, children placed in
  schema order, and complex ``fields``. Where python-docx has an element class (``CT_P.pPr``,
  ``CT_SectPr.pgSz``, ``CT_Tbl.tr_lst``...) the layers above use it rather than raw ``find``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.docx.walk.writer import write_docx

if TYPE_CHECKING:
    from briefing.writers import Job, Written

__all__ = ["write", "write_docx"]


def write(job: Job) -> Written:
    """The table's DOCX writer (:mod:`briefing.writers`): the package, its zip entries dated ``job.when``."""
    from briefing.output import normalise_zip
    from briefing.writers import Written

    options = job.options
    theme, reference = options.theme(), options.reference()
    write_docx(job.html, job.target, paper=job.paper, review=options.review, reference=reference, theme=theme)
    normalise_zip(job.target, job.when)
    return Written()

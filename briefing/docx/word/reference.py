"""The organisation's own Word template (``--reference-docx``, or ``reference_docx`` in a theme).

As pandoc's ``--reference-doc`` does, the brief is written into a copy of the organisation's
.docx or .dotx with its body emptied: its styles (Normal, headings, captions, footnote text,
table styles, by name), document defaults and fonts, page size and margins, headers and footers
(a first-page logo included), theme colours and numbering stay as they are. The writer adds only
the styles the brief needs that the template lacks, based on the template's own (Pull Quote on
its Quote, Actor Heading on its Heading 2, ...), and redefines none of the template's.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from briefing.errors import BriefingError, Problem

TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _problem(path: Path, message: str) -> BriefingError:
    return BriefingError([Problem(path, 0, 0, "reference_docx", message)])


def open_reference(path: Path):
    """The template as a python-docx Document with an empty body (its last section kept)."""
    try:
        data = Path(path).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    blob = source.read(item.filename)
                    if item.filename == "[Content_Types].xml":  # a .dotx is a document to python-docx
                        blob = blob.replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
                    target.writestr(item, blob)
        document = Document(io.BytesIO(out.getvalue()))
    except OSError as err:
        raise _problem(path, f"cannot read the reference document: {err.strerror or err}") from err
    except Exception as err:  # zipfile, lxml and python-docx each raise their own
        raise _problem(path, "not a Word document (.docx or .dotx)") from err
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()
    return document


def has_furniture(document) -> bool:
    """Whether the template's section carries a header or footer of its own."""
    sect = document.element.body.sectPr
    return sect is not None and any(
        child.tag in (qn("w:headerReference"), qn("w:footerReference")) for child in sect
    )

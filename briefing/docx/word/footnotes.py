"""Footnotes: the ``word/footnotes.xml`` part with Word's separators, and the notes in it."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from briefing.docx.oxml import el, run, text_run, val

FOOTNOTES_PARTNAME = "/word/footnotes.xml"
FOOTNOTE_SEPARATOR_IDS = (0, 1)  # separator, continuationSeparator; real notes count from 2


def footnotes_part(document_part) -> XmlPart:
    """Add ``word/footnotes.xml`` with Word's separator notes and relate it to the document."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    sep, cont = FOOTNOTE_SEPARATOR_IDS
    xml = (
        f"<w:footnotes {nsdecls('w', 'r')}>"
        f'<w:footnote w:type="separator" w:id="{sep}"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:type="continuationSeparator" w:id="{cont}"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )
    part = XmlPart(PackURI(FOOTNOTES_PARTNAME), CT.WML_FOOTNOTES, parse_xml(xml), document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def add_footnote(part: XmlPart, *, text_style: str, reference_style: str):
    """A new ``w:footnote`` (numbered after the last one) whose paragraph starts with its mark.

    Returns ``(note id, paragraph)``; the caller appends the note's text to the paragraph.
    """
    note_id = max(int(n.get(qn("w:id"))) for n in part.element.findall(qn("w:footnote"))) + 1
    p = el("w:p", None, el("w:pPr", None, val("pStyle", text_style)))
    p.append(run(el("w:footnoteRef"), [val("rStyle", reference_style)]))
    p.append(text_run(" "))
    part.element.append(el("w:footnote", {"id": note_id}, p))
    return note_id, p


def footnote_reference(note_id: int, reference_style_id: str):
    return run(el("w:footnoteReference", {"id": note_id}), [val("rStyle", reference_style_id)])

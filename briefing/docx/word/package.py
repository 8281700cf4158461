"""The package around the document: core and extended properties, and the template parts dropped."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml

if TYPE_CHECKING:
    from briefing.docx.word.meta import Meta

APPLICATION = "briefing"
APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Pages>{pages}</Pages><Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
APP_PARTNAME = "/docProps/app.xml"


def set_application(package, application: str, pages: int) -> None:
    """Replace the template's extended properties (which claim "Microsoft Macintosh Word").

    The old part is unrelated and so not saved; the new one is related in its place.
    """
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rid)
    element = parse_xml(APP_XML.format(application=application, pages=pages))
    part = XmlPart(PackURI(APP_PARTNAME), CT.OFC_EXTENDED_PROPERTIES, element, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


STYLES_WITH_EFFECTS_RT = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_template_parts(document_part) -> None:
    """Parts of python-docx's template that do nothing for the brief: Word 2010's
    ``stylesWithEffects`` copy of the styles and the custom XML part of an empty bibliography
    (a part nothing relates to is not saved)."""
    rels = document_part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS_RT, RT.CUSTOM_XML):
            rels.pop(rid)


def drop_package_thumbnail(package) -> None:
    """python-docx's template carries a thumbnail of an unrelated document: drop it."""
    rels = package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)


def write_properties(document, meta: Meta, *, pages: int) -> None:
    """Core properties from the HTML (none of the template's); "briefing" as the application and
    the page count the writer laid out (:mod:`briefing.docx.word.pagination`).

    Without a ``dcterms.created`` date the document is dated now, not by the template.
    """
    props = document.core_properties
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author
    props.subject = meta.description
    props.keywords = meta.keywords
    props.language = meta.language
    props.comments = ""
    props.revision = 1
    created = meta.created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.created = created
    props.modified = created
    set_application(document.part.package, APPLICATION, pages)

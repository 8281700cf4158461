"""The XMP that says which ISO standards the PDF claims (:mod:`briefing.pdfstandard` reads them).

For a PDF/UA and PDF/A pair, WeasyPrint writes the PDF/A variant (its output intent, identifier
and XMP), always tagged, and :func:`identify` adds the PDF/UA identification to the XMP, with
the extension schema PDF/A-2 and -3 require for a namespace they do not know. It also drops the
``pdfuaid:conformance`` WeasyPrint writes for PDF/UA-2, a property ISO 14289-2 does not define.
"""

from __future__ import annotations

import pikepdf
from lxml import etree

from briefing.pdfstandard import Standard, parse

__all__ = ["Standard", "identify", "parse"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
UAID = "http://www.aiim.org/pdfua/ns/id/"
EXT = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


def _schema() -> etree._Element:
    """The PDF/A extension schema that declares ``pdfuaid:part`` (ISO 14289-1, 5)."""
    e = {k: f"{{{v}}}" for k, v in EXT.items()}
    description = etree.Element(f"{{{RDF}}}Description", nsmap={**EXT, "rdf": RDF})
    description.set(f"{{{RDF}}}about", "")
    bag = etree.SubElement(etree.SubElement(description, e["pdfaExtension"] + "schemas"), f"{{{RDF}}}Bag")
    schema = etree.SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for key, text in (("schema", "PDF/UA Universal Accessibility Schema"), ("namespaceURI", UAID),
                      ("prefix", "pdfuaid")):
        etree.SubElement(schema, e["pdfaSchema"] + key).text = text
    seq = etree.SubElement(etree.SubElement(schema, e["pdfaSchema"] + "property"), f"{{{RDF}}}Seq")
    prop = etree.SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for key, text in (("name", "part"), ("valueType", "Integer"), ("category", "internal"),
                      ("description", "Indicates, which part of ISO 14289 standard is followed")):
        etree.SubElement(prop, e["pdfaProperty"] + key).text = text
    return description


def identify(pdf: pikepdf.Pdf, standard: Standard) -> None:
    """The XMP names exactly the standards asked for (see the module docstring)."""
    stream = pdf.Root.get("/Metadata")
    if stream is None:
        return
    raw = stream.read_bytes()
    start, end = raw.index(b"<x:xmpmeta"), raw.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    root = etree.fromstring(raw[start:end])
    rdf = root.find(f"{{{RDF}}}RDF")
    for description in rdf.findall(f"{{{RDF}}}Description"):
        for attribute in [a for a in description.attrib if a.startswith(f"{{{UAID}}}")]:
            del description.attrib[attribute]
        for child in [c for c in description if c.tag.startswith(f"{{{UAID}}}")]:
            description.remove(child)
    if standard.ua:
        description = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap={"pdfuaid": UAID})
        description.set(f"{{{RDF}}}about", "")
        etree.SubElement(description, f"{{{UAID}}}part").text = str(standard.ua)
        if standard.ua == 2:
            etree.SubElement(description, f"{{{UAID}}}rev").text = "2024"
        if standard.a_part in (2, 3):
            rdf.append(_schema())
    for description in rdf.findall(f"{{{RDF}}}Description"):
        if not len(description) and len(description.attrib) == 1:
            rdf.remove(description)
    stream.write(raw[:start] + etree.tostring(root, encoding="utf-8") + raw[end:])

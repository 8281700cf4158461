"""The WordprocessingML that python-docx has no API for, built on python-docx's own oxml layer.

Footnotes, complex fields (TOC, PAGE, NUMPAGES, PAGEREF, SEQ), bookmarks, hyperlinks, list
numbering, borders and shading, package parts. Word is strict about the order of children in
property elements (``w:pPr``, ``w:rPr``, ``w:tcPr``, ``w:settings``...), so every child is placed
with :func:`put`, which knows the schema sequence by full (namespaced) tag.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _sequence(words: str, *extra: str) -> dict[str, int]:
    """Rank of each child tag: ``w:`` local names (or full ``{namespace}name`` tags) in schema
    order, then the full tags of extensions."""
    tags = [word if word.startswith("{") else qn(f"w:{word}") for word in words.split()] + list(extra)
    return {tag: rank for rank, tag in enumerate(tags)}


# Schema sequences (ECMA-376 Part 1, transitional), trimmed to what a brief can contain.
PPR = _sequence(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct "
    "autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing "
    "mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl "
    "divId cnfStyle rPr sectPr pPrChange"
)
RPR = _sequence(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
TBLPR = _sequence(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
TRPR = _sequence("cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader")
TCPR = _sequence(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
)
SECTPR = _sequence(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
)
SETTINGS = _sequence(
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
    "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView "
    "trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection "
    "autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
    "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength "
    "clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting "
    "bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
    "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
    "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
    "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
    "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr "
    "attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator",
    # Word 2010 and 2013 extensions follow the transitional sequence.
    f"{{{W14}}}docId",
    f"{{{W14}}}conflictMode",
    f"{{{W14}}}discardImageEditingData",
    f"{{{W14}}}defaultImageDpi",
    f"{{{W15}}}chartTrackingRefBased",
    f"{{{W15}}}docId",
)
STYLE = _sequence(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr"
)
ORDERS = {
    qn("w:pPr"): PPR,
    qn("w:rPr"): RPR,
    qn("w:tblPr"): TBLPR,
    qn("w:trPr"): TRPR,
    qn("w:tcPr"): TCPR,
    qn("w:sectPr"): SECTPR,
    qn("w:settings"): SETTINGS,
    qn("w:style"): STYLE,
}
REPEATABLE = frozenset(qn(f"w:{name}") for name in ("headerReference", "footerReference", "tblStylePr"))

FOOTNOTES_PARTNAME = "/word/footnotes.xml"
FOOTNOTE_SEPARATOR_IDS = (0, 1)  # separator, continuationSeparator; real notes count from 2


# --- elements -----------------------------------------------------------------------------


def el(tag: str, attrs: dict[str, object] | None = None, *children: etree._Element):
    """``w:tag`` with ``w:``-prefixed (or explicitly prefixed) attributes and children."""
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        name = key if ":" in key else f"w:{key}"
        element.set(qn(name), str(value))
    for child in children:
        element.append(child)
    return element


def put(parent, child):
    """Place ``child`` in ``parent`` in schema order.

    A child with the same tag (not a repeatable one) is replaced where it stands. Otherwise the
    child goes after the last sibling that ranks equal or lower in the parent's sequence (first
    when none does); elements of other namespaces rank by their full tag, so Word 2010's
    ``w14:docId`` stays after ``w:listSeparator``.
    """
    if child.tag not in REPEATABLE:
        old = parent.find(child.tag)
        if old is not None:
            for extra in parent.findall(child.tag)[1:]:
                parent.remove(extra)
            parent.replace(old, child)
            return child
    order = ORDERS.get(parent.tag)
    if order is None or child.tag not in order:
        parent.append(child)
        return child
    rank = order[child.tag]
    before = [e for e in parent if order.get(e.tag, len(order)) <= rank]
    if before:
        before[-1].addnext(child)
    else:
        parent.insert(0, child)
    return child


def box(tag: str, props: Iterable):
    """A property element (``w:rPr``, ``w:pPr``...) holding copies of ``props`` in schema order.

    Copies: one property element may serve several runs or styles.
    """
    container = el(tag)
    for prop in props:
        put(container, copy.deepcopy(prop))
    return container


def remove(parent, *names: str) -> None:
    for name in names:
        for old in parent.findall(qn(f"w:{name}")):
            parent.remove(old)


def on(name: str, value: bool = True):
    """A toggle property such as ``w:b``; ``value=False`` writes ``w:val="0"``."""
    return el(f"w:{name}") if value else el(f"w:{name}", {"val": "0"})


def val(name: str, value: object):
    return el(f"w:{name}", {"val": value})


def fonts(ascii_: str, east_asian: str | None = None):
    """``w:rFonts`` naming real faces (no theme attributes, which would override them)."""
    attrs: dict[str, object] = {"ascii": ascii_, "hAnsi": ascii_, "cs": ascii_}
    if east_asian:
        attrs["eastAsia"] = east_asian
    return el("w:rFonts", attrs)


def colour(hex_rgb: str):
    return val("color", hex_rgb.upper())


def size(points: float) -> list:
    half = round(points * 2)
    return [val("sz", half), val("szCs", half)]


def shading(fill: str):
    return el("w:shd", {"val": "clear", "color": "auto", "fill": fill.upper()})


def border(side: str, *, width_pt: float, colour_hex: str, space_pt: float = 0):
    return el(
        f"w:{side}",
        {
            "val": "single",
            "sz": round(width_pt * 8),  # eighths of a point
            "space": round(space_pt),
            "color": colour_hex.upper(),
        },
    )


def borders(container: str, **sides: etree._Element):
    """``w:pBdr`` / ``w:tblBorders`` / ``w:tcBorders`` from ``side=border(...)`` items."""
    order = ["top", "left", "bottom", "right", "between", "insideH", "insideV"]
    return el(f"w:{container}", None, *(sides[side] for side in order if side in sides))


def spacing(*, before: float | None = None, after: float | None = None, line: float | None = None):
    """``w:spacing`` with points before/after and ``line`` as a multiple of single spacing."""
    attrs: dict[str, object] = {}
    if before is not None:
        attrs["before"] = round(before * 20)
    if after is not None:
        attrs["after"] = round(after * 20)
    if line is not None:
        attrs["line"] = round(line * 240)
        attrs["lineRule"] = "auto"
    return el("w:spacing", attrs)


def indent(*, left: int = 0, right: int = 0, hanging: int = 0):
    """``w:ind`` in twips."""
    attrs: dict[str, object] = {"left": left, "right": right}
    if hanging:
        attrs["hanging"] = hanging
    return el("w:ind", attrs)


def tabs(*stops: tuple[str, int, str | None]):
    """``w:tabs`` from ``(alignment, position in twips, leader)`` triples."""
    container = el("w:tabs")
    for align, pos, leader in stops:
        attrs: dict[str, object] = {"val": align, "pos": pos}
        if leader:
            attrs["leader"] = leader
        container.append(el("w:tab", attrs))
    return container


# --- runs -------------------------------------------------------------------------------------


def run(content, props: Sequence = ()):
    """``w:r`` holding ``content`` (a ``w:t``, ``w:br``, ``w:fldChar``...) with run properties."""
    r = el("w:r")
    if props:
        r.append(box("w:rPr", props))
    r.append(content)
    return r


def text_run(text: str, props: Sequence = ()):
    """``w:r`` holding ``text`` (spaces preserved) with run properties ``props``."""
    t = el("w:t")
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(qn("xml:space"), "preserve")
    return run(t, props)


def break_run(props: Sequence = ()):
    return run(el("w:br"), props)


def tab_run(props: Sequence = ()):
    return run(el("w:tab"), props)


def ptab_run(props: Sequence = ()):
    """An absolute position tab to the right margin: no tab stop, so the same header or footer
    paragraph right-aligns on portrait and landscape pages alike."""
    return run(el("w:ptab", {"relativeTo": "margin", "alignment": "right", "leader": "none"}), props)


def field_begin(instruction: str, props: Sequence = (), *, dirty: bool = False) -> list:
    """Begin, instruction and separate runs; for a field whose result may span paragraphs."""
    begin = el("w:fldChar", {"fldCharType": "begin"})
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = el("w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set(qn("xml:space"), "preserve")
    return [run(begin, props), run(instr, props), run(el("w:fldChar", {"fldCharType": "separate"}), props)]


def field_end(props: Sequence = ()):
    return run(el("w:fldChar", {"fldCharType": "end"}), props)


def field(instruction: str, result: str = "", props: Sequence = ()) -> list:
    """The runs of a complex field in one paragraph, showing ``result`` until Word updates it."""
    shown = [text_run(result, props)] if result else []
    return [*field_begin(instruction, props), *shown, field_end(props)]


# --- bookmarks and hyperlinks ----------------------------------------------------------------


def bookmark_start(bookmark_id: int, name: str):
    return el("w:bookmarkStart", {"id": bookmark_id, "name": name})


def bookmark_end(bookmark_id: int):
    return el("w:bookmarkEnd", {"id": bookmark_id})


def internal_hyperlink(anchor: str):
    return el("w:hyperlink", {"anchor": anchor, "history": 1})


def external_hyperlink(part: Part, url: str):
    rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
    return el("w:hyperlink", {"r:id": rid, "history": 1})


# --- footnotes -------------------------------------------------------------------------------


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


# --- numbering -------------------------------------------------------------------------------


def add_abstract_num(numbering, levels: Sequence[dict]) -> int:
    """A multi-level list definition; each level is a dict of fmt, text, left, hanging, props."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = el("w:abstractNum", {"abstractNumId": abstract_id})
    abstract.append(val("nsid", f"{0x6B1E0000 + abstract_id:08X}"))  # Word's list identity
    abstract.append(val("multiLevelType", "hybridMultilevel"))
    for ilvl, level in enumerate(levels):
        lvl = el("w:lvl", {"ilvl": ilvl})
        lvl.append(val("start", 1))
        lvl.append(val("numFmt", level["fmt"]))
        if level.get("style"):
            lvl.append(val("pStyle", level["style"]))
        lvl.append(val("lvlText", level["text"]))
        lvl.append(val("lvlJc", "left"))
        lvl.append(
            el(
                "w:pPr",
                None,
                tabs(("num", level["left"], None)),
                indent(left=level["left"], hanging=level["hanging"]),
            )
        )
        if level.get("props"):
            lvl.append(box("w:rPr", level["props"]))
        abstract.append(lvl)
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    return abstract_id


def add_num(numbering, abstract_id: int, *, restart_level: int | None = 0) -> int:
    """A list instance of ``abstract_id`` whose ``restart_level`` counts from 1 again.

    Word continues the numbers of earlier instances of the same definition unless told not to.
    """
    ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(ids, default=0) + 1
    num = el("w:num", {"numId": num_id}, val("abstractNumId", abstract_id))
    if restart_level is not None:
        num.append(el("w:lvlOverride", {"ilvl": restart_level}, val("startOverride", 1)))
    last = numbering.findall(qn("w:num"))
    if last:
        last[-1].addnext(num)
    else:
        numbering.append(num)
    return num_id


def num_pr(num_id: int, ilvl: int | None = None):
    """``w:numPr``: the list instance, and the level when the paragraph's style does not imply it."""
    level = [val("ilvl", ilvl)] if ilvl is not None else []
    return el("w:numPr", None, *level, val("numId", num_id))


def clear_numbering(numbering) -> None:
    """Remove every list definition and instance (the template's lists, which nothing uses)."""
    remove(numbering, "num", "abstractNum", "numIdMacAtCleanup")


# --- tables ----------------------------------------------------------------------------------


def cell_width(tc, twips: int) -> None:
    put(tc.get_or_add_tcPr(), el("w:tcW", {"w": twips, "type": "dxa"}))


def table_grid(tbl, widths: Sequence[int]) -> None:
    grid = tbl.find(qn("w:tblGrid"))
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        grid.append(el("w:gridCol", {"w": width}))


# The bits of w:tblLook/@w:val (Word 2007's form) behind the Word 2010 attributes.
TABLE_LOOK_BITS = {
    "firstRow": 0x0020,
    "lastRow": 0x0040,
    "firstColumn": 0x0080,
    "lastColumn": 0x0100,
    "noHBand": 0x0200,
    "noVBand": 0x0400,
}


def table_look(**flags: bool):
    """``w:tblLook`` with each flag as an attribute and the same flags as the legacy hex value."""
    bits = sum(bit for name, bit in TABLE_LOOK_BITS.items() if flags.get(name))
    attrs: dict[str, object] = {"val": f"{bits:04X}"}
    attrs.update({name: int(bool(flags.get(name))) for name in TABLE_LOOK_BITS})
    return el("w:tblLook", attrs)


def collapsed_paragraph(p) -> None:
    """Make ``p`` take no room: the paragraph Word needs after a table that ends a section."""
    ppr = p.get_or_add_pPr()
    put(ppr, el("w:spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}))
    put(ppr, box("w:rPr", size(1)))


# --- package parts ---------------------------------------------------------------------------

APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
APP_PARTNAME = "/docProps/app.xml"


def set_application(package, application: str) -> None:
    """Replace the template's extended properties (which claim "Microsoft Macintosh Word").

    The old part is unrelated and so not saved; the new one is related in its place.
    """
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rid)
    element = parse_xml(APP_XML.format(application=application))
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

"""The WordprocessingML that python-docx has no API for, built on python-docx's own oxml layer.

Footnotes, complex fields (TOC, PAGE, NUMPAGES, PAGEREF), bookmarks, hyperlinks, list numbering,
borders and shading, settings. Word is strict about the order of children in property elements
(``w:pPr``, ``w:rPr``, ``w:tcPr``, ``w:settings``...), so every child is placed with
:func:`put`, which knows the schema sequence.
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


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Schema sequences (ECMA-376 Part 1, transitional), trimmed to what a brief can contain.
PPR = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct "
    "autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing "
    "mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl "
    "divId cnfStyle rPr sectPr pPrChange"
)
RPR = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
TBLPR = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription"
)
TRPR = _names("cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader")
TCPR = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
)
SECTPR = _names(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
)
SETTINGS = _names(
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
    "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr "
    "attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
)
STYLE = _names(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr"
)
ORDERS = {
    "pPr": PPR,
    "rPr": RPR,
    "tblPr": TBLPR,
    "trPr": TRPR,
    "tcPr": TCPR,
    "sectPr": SECTPR,
    "settings": SETTINGS,
    "style": STYLE,
}

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


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1] if "}" in tag else tag.split(":", 1)[-1]


def put(parent, child):
    """Insert ``child`` into ``parent`` in schema order, replacing a same-named child."""
    order = ORDERS.get(_local(parent.tag))
    name = _local(child.tag)
    repeatable = name in {"headerReference", "footerReference", "tblStylePr"}
    if not repeatable:
        for old in parent.findall(child.tag):
            parent.remove(old)
    if order and name in order:
        later = set(order[order.index(name) + 1 :])
        for index, existing in enumerate(parent):
            if _local(existing.tag) in later:
                parent.insert(index, child)
                return child
    parent.append(child)
    return child


def remove(parent, *names: str) -> None:
    for name in names:
        for old in parent.findall(qn(f"w:{name}")):
            parent.remove(old)


def get_or_add(parent, name: str):
    found = parent.find(qn(f"w:{name}"))
    return found if found is not None else put(parent, el(f"w:{name}"))


def ppr(p):
    """The ``w:pPr`` of a paragraph (created first in the paragraph when missing)."""
    found = p.find(qn("w:pPr"))
    if found is None:
        found = el("w:pPr")
        p.insert(0, found)
    return found


def rpr(r):
    found = r.find(qn("w:rPr"))
    if found is None:
        found = el("w:rPr")
        r.insert(0, found)
    return found


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
    box = el(f"w:{container}")
    for side in order:
        if side in sides:
            box.append(sides[side])
    return box


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


def indent(*, left: int = 0, right: int = 0, hanging: int = 0, first_line: int = 0):
    """``w:ind`` in twips."""
    attrs: dict[str, object] = {"left": left, "right": right}
    if hanging:
        attrs["hanging"] = hanging
    elif first_line:
        attrs["firstLine"] = first_line
    return el("w:ind", attrs)


def tabs(*stops: tuple[str, int, str | None]):
    """``w:tabs`` from ``(alignment, position in twips, leader)`` triples."""
    box = el("w:tabs")
    for align, pos, leader in stops:
        attrs: dict[str, object] = {"val": align, "pos": pos}
        if leader:
            attrs["leader"] = leader
        box.append(el("w:tab", attrs))
    return box


# --- runs -------------------------------------------------------------------------------------


def text_run(text: str, props: Iterable = ()):
    """``w:r`` holding ``text`` (spaces preserved) with run properties ``props``."""
    run = el("w:r")
    props = list(props)
    if props:
        box = el("w:rPr")
        for prop in props:
            put(box, prop)
        run.append(box)
    t = el("w:t")
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def break_run(props: Iterable = ()):
    run = text_run("", props)
    run.replace(run.find(qn("w:t")), el("w:br"))
    return run


def tab_run(props: Iterable = ()):
    run = text_run("", props)
    run.replace(run.find(qn("w:t")), el("w:tab"))
    return run


def ptab_run(props: Iterable = ()):
    """An absolute position tab to the right margin: no tab stop, so the same header or footer
    paragraph right-aligns on portrait and landscape pages alike."""
    run = text_run("", props)
    ptab = el("w:ptab", {"relativeTo": "margin", "alignment": "right", "leader": "none"})
    run.replace(run.find(qn("w:t")), ptab)
    return run


def field(instruction: str, result: str = "", props: Sequence = (), *, dirty: bool = False):
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    begin = el("w:fldChar", {"fldCharType": "begin"})
    if dirty:
        begin.set(qn("w:dirty"), "true")
    runs = [_field_char_run(begin, props)]
    instr = el("w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set(qn("xml:space"), "preserve")
    runs.append(_with_props(el("w:r", None, instr), props))
    runs.append(_field_char_run(el("w:fldChar", {"fldCharType": "separate"}), props))
    if result:
        runs.append(text_run(result, [copy.deepcopy(p) for p in props]))
    runs.append(_field_char_run(el("w:fldChar", {"fldCharType": "end"}), props))
    return runs


def field_begin(instruction: str, *, dirty: bool = False) -> list:
    """Begin, instruction and separate runs: for a field whose result spans paragraphs."""
    begin = el("w:fldChar", {"fldCharType": "begin"})
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = el("w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set(qn("xml:space"), "preserve")
    return [
        el("w:r", None, begin),
        el("w:r", None, instr),
        el("w:r", None, el("w:fldChar", {"fldCharType": "separate"})),
    ]


def field_end():
    return el("w:r", None, el("w:fldChar", {"fldCharType": "end"}))


def _field_char_run(char, props: Sequence):
    return _with_props(el("w:r", None, char), props)


def _with_props(run, props: Sequence):
    if props:
        box = el("w:rPr")
        for prop in props:
            put(box, copy.deepcopy(prop))
        run.insert(0, box)
    return run


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


def add_footnote(part: XmlPart, note_id: int, *, text_style: str, reference_style: str):
    """A new ``w:footnote`` whose first paragraph starts with the note's own number.

    Returns ``(footnote, paragraph)``; the caller appends the note's text to the paragraph.
    """
    note = el("w:footnote", {"id": note_id})
    p = el("w:p", None, el("w:pPr", None, val("pStyle", text_style)))
    ref = el("w:r", None, el("w:rPr", None, val("rStyle", reference_style)), el("w:footnoteRef"))
    p.append(ref)
    p.append(text_run(" "))
    note.append(p)
    part.element.append(note)
    return note, p


def footnote_reference(note_id: int, reference_style_id: str):
    return el(
        "w:r",
        None,
        el("w:rPr", None, val("rStyle", reference_style_id)),
        el("w:footnoteReference", {"id": note_id}),
    )


# --- numbering -------------------------------------------------------------------------------


def add_abstract_num(numbering, levels: Sequence[dict]) -> int:
    """A multi-level list definition; each level is a dict of fmt, text, indent, props."""
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
            box = el("w:rPr")
            for prop in level["props"]:
                put(box, prop)
            lvl.append(box)
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


def num_pr(num_id: int, ilvl: int):
    return el("w:numPr", None, val("ilvl", ilvl), val("numId", num_id))


# --- tables ----------------------------------------------------------------------------------


def cell_width(tc, twips: int) -> None:
    tc_pr = tc.get_or_add_tcPr()
    put(tc_pr, el("w:tcW", {"w": twips, "type": "dxa"}))


def table_grid(tbl, widths: Sequence[int]) -> None:
    grid = tbl.find(qn("w:tblGrid"))
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        grid.append(el("w:gridCol", {"w": width}))


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def set_application(package, application: str) -> None:
    """Replace the template's extended properties (which claim "Microsoft Macintosh Word")."""
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_XML.format(application=application).encode("utf-8")


def collapsed_paragraph(p) -> None:
    """Make ``p`` take no room: the paragraph Word needs after a table that ends a section."""
    box = ppr(p)
    put(box, el("w:spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}))
    put(box, el("w:rPr", None, *size(1)))


STYLES_WITH_EFFECTS_RT = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_template_parts(document_part) -> None:
    """Parts of python-docx's template that do nothing for the brief: Word 2010's
    ``stylesWithEffects`` copy of the styles and the custom XML part of an empty bibliography
    (a part nothing relates to is not saved)."""
    rels = document_part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS_RT, RT.CUSTOM_XML):
            rels.pop(rid)


def clear_numbering(numbering) -> None:
    """Remove every list definition and instance (the template's lists, which nothing uses)."""
    remove(numbering, "num", "abstractNum", "numIdMacAtCleanup")


def drop_package_thumbnail(package) -> None:
    """python-docx's template carries a thumbnail of an unrelated document: drop it."""
    rels = package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)

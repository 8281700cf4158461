"""The WordprocessingML that python-docx has no API for, built on python-docx's own oxml layer.

Footnotes, complex fields (TOC, PAGE, NUMPAGES, PAGEREF, SEQ), bookmarks, hyperlinks, list
numbering, borders and shading, package parts. Word is strict about the order of children in
property elements (``w:pPr``, ``w:rPr``, ``w:tcPr``, ``w:settings``...), so every child is placed
with :func:`put`, which knows the schema sequence by full (namespaced) tag.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
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


def pt(mm: float) -> float:
    """Millimetres to points."""
    return mm * 72 / 25.4


def twips(mm: float) -> int:
    """Millimetres to twentieths of a point, Word's unit of page geometry."""
    return round(mm * 1440 / 25.4)


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


def style_of(p) -> str | None:
    """The style id of paragraph ``p``, if it names one."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def nudged(p) -> bool:
    """Whether ``p`` carries the 1-twip right indent that separates neighbouring quotes."""
    ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return ind is not None and ind.get(qn("w:right")) == "1"

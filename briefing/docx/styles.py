"""The Word styles of the brief, every colour, font and size read from :mod:`briefing.theme`.

Each style the writer uses is (re)defined here from scratch: the properties python-docx's
template gave it are removed first, so theme fonts and colours of the template (which Word
would prefer over named fonts) cannot leak through. Word's built-in styles keep their built-in
names and style IDs (``heading 1``/Heading1, ``caption``/Caption, ``footnote text``/FootnoteText,
``toc 1``/TOC1...) and no ``customStyle`` flag, so Word treats them as its own.

Line spacing: print.css gives ``line-height`` as a multiple of the font size; Word's "auto" line
spacing is a multiple of the font's *single* line, which is taller than 1 em. Every line spacing
that mirrors the stylesheet goes through :func:`word_line`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from briefing.docx import oxml as x
from briefing.theme import THEME, Theme

# Paragraph styles, by the name the writer asks for.
TITLE = "Title"
SUBTITLE = "Subtitle"
HANDLING = "Handling"
META = "Meta"
HEADING = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
ACTOR_HEADING = "Actor Heading"  # section.actor > h3: based on Heading 2, listed in the TOC
TOC_HEADING = "TOC Heading"
TOC = {1: "toc 1", 2: "toc 2", 3: "toc 3"}
BODY = "Body Text"
LEDE = "Lede"
LEGEND = "Legend"
REFERENCE = "Reference"
NOTE = "Note"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
LIST_CONTINUE = "List Continue"
PULL_QUOTE = "Pull Quote"
ATTRIBUTION = "Quote Attribution"
CAPTION = "Caption"
FIGURE = "Figure"
TABLE_HEADING = "Table Heading"
TABLE_ROW_HEADING = "Table Row Heading"
TABLE_TEXT = "Table Text"
STANCE_NOT_ADDRESSED = "Stance Not Addressed"  # td.stance-not-addressed: muted italic
FOOTNOTE_TEXT = "footnote text"
HEADER = "Header"
FOOTER = "Footer"
# Character styles.
FOOTNOTE_REFERENCE = "footnote reference"
HYPERLINK = "Hyperlink"
CONFIDENCE = "Confidence"
STANCE_LABEL = "Stance Label"
LEAD_IN = "Lead-in"
STRONG = "Strong"
HANDLING_MARK = "Handling Mark"
# Table style.
STANCE_MATRIX = "Stance Matrix"

WHITE = "FFFFFF"

# Word's own styles: their style IDs (what python-docx would derive from the name is not always
# Word's: "toc 1" would become "toc1"). Styles not listed here are the brief's own (customStyle).
BUILTIN_IDS = {
    "Normal": "Normal",
    TITLE: "Title",
    SUBTITLE: "Subtitle",
    **{name: f"Heading{level}" for level, name in HEADING.items()},
    TOC_HEADING: "TOCHeading",
    **{name: f"TOC{level}" for level, name in TOC.items()},
    BODY: "BodyText",
    LIST_BULLET: "ListBullet",
    LIST_NUMBER: "ListNumber",
    LIST_CONTINUE: "ListContinue",
    "Quote": "Quote",
    CAPTION: "Caption",
    FOOTNOTE_TEXT: "FootnoteText",
    HEADER: "Header",
    FOOTER: "Footer",
    FOOTNOTE_REFERENCE: "FootnoteReference",
    HYPERLINK: "Hyperlink",
    STRONG: "Strong",
}
# Styles an editor applies by hand: the only ones in Word's Quick Styles gallery (w:qFormat).
# Normal stays there too, as in every Word document: it is the style "Clear Formatting" gives.
QUICK_STYLES = frozenset(
    {
        "Normal",
        TITLE,
        SUBTITLE,
        *HEADING.values(),
        ACTOR_HEADING,
        BODY,
        LEDE,
        PULL_QUOTE,
        ATTRIBUTION,
        CAPTION,
        LIST_BULLET,
        LIST_NUMBER,
        NOTE,
        REFERENCE,
    }
)

# print.css line-heights (unitless, × font size) the Word styles mirror; the writer passes the
# ones of the HTML's own stylesheet, these are the fallbacks.
CSS_LINE_HEIGHTS = {
    "h1.title": 1.15,
    ".subtitle": 1.3,
    "ul.legend": 1.22,
    "table.matrix": 1.25,
    "blockquote.pullquote p": 1.35,
    ".footnote": 1.3,
}

# Word's "single" line is the font's ascent + descent + line gap, in em (Cambria's is 1.17,
# Calibri's 1.22; LibreOffice's metric-compatible Caladea and Carlito match them).
SINGLE_LINE_EM = {"Cambria": 1.17, "Calibri": 1.22}


def pt(mm: float) -> float:
    """Millimetres to points."""
    return mm * 72 / 25.4


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def word_line(css_line_height: float, face: str = "Cambria") -> float:
    """A CSS ``line-height`` (a multiple of the font size) as Word's "auto" line spacing.

    Word multiplies the font's single line, not the font size: Cambria's single line is already
    about 1.17 em, so CSS 1.38 is 1.38 / 1.17 = 1.18 Word lines (``w:line`` =
    ``round(1.38 / 1.17 * 240)`` = 283), not 1.38 lines (331, 17 % looser than the PDF).
    ``face`` is the paragraph's font: Calibri's single line is 1.22 em.
    """
    return css_line_height / SINGLE_LINE_EM.get(face, SINGLE_LINE_EM["Cambria"])


@dataclass
class Spec:
    """One style: its type, parent and the property elements of its pPr/rPr."""

    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    based_on: str | None = "Normal"
    next: str | None = None
    ppr: list = field(default_factory=list)
    rpr: list = field(default_factory=list)
    extra: Callable | None = None  # adds table-style parts
    priority: int | None = None


def specs(theme: Theme, text_width: int, line_heights: Mapping[str, float] | None = None) -> list[Spec]:
    """Every style of the brief. ``text_width`` (twips) places right-aligned tab stops;
    ``line_heights`` (CSS selector → unitless ``line-height``) are the stylesheet's, where the
    brief's HTML carries it; missing ones fall back to what print.css says today."""
    f, z, c = theme.fonts, theme.sizes, theme.colours
    css = dict(CSS_LINE_HEIGHTS, **(line_heights or {}))
    css["html"] = z.leading  # the theme's, which the stylesheet prints as text
    serif = x.fonts(f.docx_serif, f.docx_east_asian)
    sans = x.fonts(f.docx_sans, f.docx_east_asian)

    def keep():
        return [x.on("keepNext"), x.on("keepLines")]

    def no_hyphens():
        return x.on("suppressAutoHyphens")

    # Header and footer right-align with a position tab (w:ptab), which Word places at the right
    # margin of any page width without a tab stop. LibreOffice (7.4) reads a ptab as a plain
    # tab, which goes to this stop: right-aligned on portrait pages.
    furniture_tabs = x.tabs(("right", text_width, None))

    def serif_line(css: float) -> float:
        return word_line(css, f.docx_serif)

    def sans_line(css: float) -> float:
        return word_line(css, f.docx_sans)

    return [
        Spec(
            "Normal",
            based_on=None,
            ppr=[x.on("widowControl"), x.spacing(before=0, after=pt(2.2), line=serif_line(css["html"]))],
            rpr=[serif, x.colour(c.ink), *x.size(z.body)],
        ),
        Spec(BODY, next=BODY),
        Spec(
            TITLE,
            next=SUBTITLE,
            ppr=[*keep(), no_hyphens(), x.spacing(before=0, after=pt(3), line=sans_line(css["h1.title"]))],
            rpr=[sans, x.on("b"), x.on("bCs"), x.colour(c.ink), *x.size(z.title)],
        ),
        Spec(
            SUBTITLE,
            next=META,
            ppr=[x.on("keepNext"), x.spacing(before=0, after=pt(4), line=sans_line(css[".subtitle"]))],
            rpr=[sans, x.colour(c.muted), *x.size(z.subtitle)],
        ),
        Spec(
            HANDLING,
            next=TITLE,
            ppr=[
                x.on("keepNext"),
                x.borders("pBdr", top=x.border("top", width_pt=3, colour_hex=c.accent, space_pt=pt(5))),
                x.spacing(before=0, after=pt(6), line=sans_line(css["html"])),
            ],
            rpr=[
                sans,
                x.on("b"),
                x.colour(c.handling),
                x.val("spacing", round(0.06 * z.small * 20)),
                *x.size(z.small),
            ],
        ),
        Spec(
            META,
            next=BODY,
            ppr=[
                x.borders(
                    "pBdr",
                    top=x.border("top", width_pt=0.5, colour_hex=c.rule, space_pt=pt(1.5)),
                    bottom=x.border("bottom", width_pt=0.5, colour_hex=c.rule, space_pt=pt(1.5)),
                ),
                x.spacing(before=0, after=pt(7), line=sans_line(css["html"])),
            ],
            rpr=[sans, x.colour(c.muted), *x.size(z.small)],
        ),
        Spec(
            HEADING[1],
            next=BODY,
            ppr=[
                *keep(),
                x.borders(
                    "pBdr",
                    bottom=x.border("bottom", width_pt=0.75, colour_hex=c.rule, space_pt=pt(1.2)),
                ),
                no_hyphens(),
                x.spacing(before=pt(9), after=pt(2.5), line=sans_line(css["html"])),
                x.val("outlineLvl", 0),
            ],
            rpr=[sans, x.on("b"), x.on("bCs"), x.colour(c.accent), *x.size(z.h1)],
        ),
        Spec(
            HEADING[2],
            next=BODY,
            ppr=[
                *keep(),
                no_hyphens(),
                x.spacing(before=pt(5), after=pt(1.5), line=sans_line(css["html"])),
                x.val("outlineLvl", 1),
            ],
            rpr=[sans, x.on("b"), x.on("bCs"), x.colour(c.ink), *x.size(z.h2)],
        ),
        Spec(
            HEADING[3],
            next=BODY,
            ppr=[
                *keep(),
                no_hyphens(),
                x.spacing(before=pt(3), after=pt(1), line=sans_line(css["html"])),
                x.val("outlineLvl", 2),
            ],
            rpr=[sans, x.on("b"), x.on("bCs"), x.on("i", False), x.colour(c.ink), *x.size(z.h3)],
        ),
        Spec(ACTOR_HEADING, based_on=HEADING[2], next=BODY),  # all of Heading 2, outline level too
        Spec(
            TOC_HEADING,
            next=BODY,
            ppr=[
                *keep(),
                x.spacing(before=0, after=pt(2.5), line=sans_line(css["html"])),
                x.val("outlineLvl", 9),
            ],
            rpr=[sans, x.on("b"), x.colour(c.ink), *x.size(z.h2)],
        ),
        *[
            Spec(
                TOC[level],
                next=BODY,
                ppr=[
                    x.tabs(("right", text_width, "dot")),
                    x.spacing(before=pt(0.6), after=pt(0.6), line=sans_line(css["html"])),
                    x.indent(left=twips(5) * (level - 1)),
                ],
                rpr=[sans, *x.size(z.small + 0.5)],
                priority=39,
            )
            for level in TOC
        ],
        Spec(
            LEDE,
            based_on=BODY,
            next=BODY,
            ppr=[
                x.borders(
                    "pBdr",
                    top=x.border("top", width_pt=0.25, colour_hex=c.accent_soft, space_pt=pt(3)),
                    left=x.border("left", width_pt=3, colour_hex=c.accent, space_pt=pt(4)),
                    bottom=x.border("bottom", width_pt=0.25, colour_hex=c.accent_soft, space_pt=pt(3)),
                    right=x.border("right", width_pt=0.25, colour_hex=c.accent_soft, space_pt=pt(4)),
                ),
                x.on("keepLines"),  # the BLUF box never splits across pages
                x.shading(c.accent_soft),
                x.spacing(before=pt(3), after=pt(5.2)),
                x.indent(left=twips(4) + 60, right=twips(4)),
            ],
            rpr=[*x.size(z.body + 0.5)],
        ),
        Spec(
            LEGEND,
            next=LEGEND,
            ppr=[x.on("keepNext"), x.spacing(before=0, after=pt(0.8), line=sans_line(css["ul.legend"]))],
            rpr=[sans, *x.size(z.footnote)],
        ),
        Spec(REFERENCE, next=REFERENCE, ppr=[x.spacing(after=pt(2))], rpr=[*x.size(z.small + 0.5)]),
        Spec(
            NOTE,
            based_on=BODY,
            next=BODY,
            rpr=[x.on("i"), x.on("iCs"), x.colour(c.muted), *x.size(z.small)],
        ),
        Spec(
            LIST_BULLET,
            next=LIST_BULLET,
            ppr=[x.on("keepLines"), x.spacing(after=pt(1.4))],
        ),
        Spec(
            LIST_NUMBER,
            next=LIST_NUMBER,
            ppr=[x.on("keepLines"), x.spacing(after=pt(2.4))],
        ),
        Spec(LIST_CONTINUE, ppr=[x.spacing(after=pt(1.4))]),
        Spec(
            "Quote",
            next=BODY,
            rpr=[x.on("i"), x.on("iCs"), x.colour(c.ink)],
        ),
        Spec(
            PULL_QUOTE,
            based_on="Quote",
            next=ATTRIBUTION,
            ppr=[
                *keep(),
                x.borders("pBdr", left=x.border("left", width_pt=2.5, colour_hex=c.accent, space_pt=pt(5))),
                x.spacing(before=pt(3.5), after=pt(1.2), line=serif_line(css["blockquote.pullquote p"])),
                x.indent(left=twips(5) + 50),
            ],
            rpr=[serif, x.on("i"), x.on("iCs"), x.colour(c.ink), *x.size(z.quote)],
        ),
        Spec(
            ATTRIBUTION,
            based_on=PULL_QUOTE,
            next=BODY,
            ppr=[
                x.on("keepNext", False),
                x.on("keepLines"),
                x.spacing(before=0, after=pt(4), line=sans_line(css["blockquote.pullquote p"])),
            ],
            rpr=[sans, x.on("i", False), x.on("iCs", False), x.colour(c.muted), *x.size(z.small)],
        ),
        Spec(
            CAPTION,
            next=BODY,
            ppr=[x.spacing(before=pt(1.5), after=pt(4), line=sans_line(css["html"]))],
            rpr=[sans, x.on("b", False), x.on("i", False), x.colour(c.muted), *x.size(z.footnote)],
        ),
        Spec(FIGURE, next=CAPTION, ppr=[*keep(), x.spacing(before=pt(4), after=0, line=1.0)]),
        Spec(
            TABLE_TEXT,
            ppr=[x.spacing(before=0, after=0, line=sans_line(css["table.matrix"])), x.val("jc", "left")],
            rpr=[sans, *x.size(z.matrix)],
        ),
        Spec(TABLE_ROW_HEADING, based_on=TABLE_TEXT, rpr=[x.on("b"), x.on("bCs")]),
        Spec(
            STANCE_NOT_ADDRESSED,  # print.css greys these cells; the stance label stays upright
            based_on=TABLE_TEXT,
            next=TABLE_TEXT,
            rpr=[x.on("i"), x.on("iCs"), x.colour(c.muted)],
        ),
        Spec(
            TABLE_HEADING,
            based_on=TABLE_TEXT,
            ppr=[x.on("keepNext")],
            rpr=[x.on("b"), x.on("bCs"), x.colour(WHITE), *x.size(z.matrix + 0.5)],
        ),
        Spec(
            FOOTNOTE_TEXT,
            ppr=[x.spacing(before=0, after=pt(0.6), line=sans_line(css[".footnote"]))],
            rpr=[sans, x.colour(c.ink), *x.size(z.footnote)],
            priority=99,
        ),
        Spec(
            HEADER,
            ppr=[furniture_tabs, x.spacing(before=0, after=0, line=1.0)],
            rpr=[sans, x.on("b"), x.colour(c.muted), *x.size(z.footnote)],
        ),
        Spec(
            FOOTER,
            ppr=[furniture_tabs, x.spacing(before=0, after=0, line=1.0)],
            rpr=[sans, x.colour(c.muted), *x.size(z.footnote)],
        ),
        Spec(
            FOOTNOTE_REFERENCE,
            kind=WD_STYLE_TYPE.CHARACTER,
            based_on="Default Paragraph Font",
            rpr=[sans, x.on("b"), x.colour(c.accent), x.val("vertAlign", "superscript")],
            priority=99,
        ),
        Spec(HYPERLINK, kind=WD_STYLE_TYPE.CHARACTER, based_on="Default Paragraph Font", priority=99),
        Spec(
            CONFIDENCE,
            kind=WD_STYLE_TYPE.CHARACTER,
            based_on="Default Paragraph Font",
            rpr=[
                sans,
                x.on("b"),
                x.on("bCs"),
                x.on("i", False),
                x.on("smallCaps"),
                x.colour(c.accent),
                x.val("spacing", round(0.05 * z.footnote * 20)),
                *x.size(z.body - 0.5),
            ],
        ),
        Spec(
            STANCE_LABEL,
            kind=WD_STYLE_TYPE.CHARACTER,
            based_on="Default Paragraph Font",
            rpr=[sans, x.on("b"), x.on("bCs"), x.on("i", False)],
        ),
        Spec(
            LEAD_IN,
            kind=WD_STYLE_TYPE.CHARACTER,
            based_on="Default Paragraph Font",
            rpr=[sans, x.on("b"), x.on("bCs"), x.colour(c.accent)],
        ),
        Spec(
            STRONG,
            kind=WD_STYLE_TYPE.CHARACTER,
            based_on="Default Paragraph Font",
            rpr=[x.on("b"), x.on("bCs")],
            priority=22,
        ),
        Spec(
            HANDLING_MARK,  # the handling marking in the header and footer
            kind=WD_STYLE_TYPE.CHARACTER,
            based_on="Default Paragraph Font",
            rpr=[
                x.on("b"),
                x.on("bCs"),
                x.colour(c.handling),
                x.val("spacing", round(0.04 * z.footnote * 20)),
            ],
        ),
        Spec(
            STANCE_MATRIX,
            kind=WD_STYLE_TYPE.TABLE,
            based_on="Normal Table",
            ppr=[x.spacing(before=0, after=0, line=sans_line(css["table.matrix"])), x.val("jc", "left")],
            rpr=[sans, *x.size(z.matrix)],
            extra=lambda style: _matrix_parts(style, theme),
            priority=59,
        ),
    ]


def _matrix_parts(style, theme: Theme) -> None:
    """Borders, padding and the header-row and first-column looks of the matrix table style."""
    c, z = theme.colours, theme.sizes
    white = {"width_pt": 0.5, "colour_hex": WHITE}
    pad_x, pad_top, pad_bottom = twips(1.4), twips(1.1), twips(1.3)  # print.css cell padding
    tbl_pr = x.el(
        "w:tblPr",
        None,
        x.el("w:tblInd", {"w": 0, "type": "dxa"}),
        x.borders(
            "tblBorders",
            top=x.border("top", **white),
            left=x.border("left", **white),
            bottom=x.border("bottom", **white),
            right=x.border("right", **white),
            insideH=x.border("insideH", **white),
            insideV=x.border("insideV", **white),
        ),
        x.el("w:tblLayout", {"type": "fixed"}),
        x.el(
            "w:tblCellMar",
            None,
            x.el("w:top", {"w": pad_top, "type": "dxa"}),
            x.el("w:left", {"w": pad_x, "type": "dxa"}),
            x.el("w:bottom", {"w": pad_bottom, "type": "dxa"}),
            x.el("w:right", {"w": pad_x, "type": "dxa"}),
        ),
    )
    x.put(style, tbl_pr)
    x.put(style, x.el("w:trPr", None, x.on("cantSplit")))
    x.put(style, x.el("w:tcPr", None, x.val("vAlign", "top")))
    first_row = x.el(
        "w:tblStylePr",
        {"type": "firstRow"},
        x.el("w:pPr", None, x.on("keepNext")),
        x.el("w:rPr", None, x.on("b"), x.on("bCs"), x.colour(WHITE), *x.size(z.matrix + 0.5)),
        x.el("w:tblPr"),
        x.el("w:trPr", None, x.on("tblHeader")),
        x.el("w:tcPr", None, x.shading(c.accent)),
    )
    first_col = x.el(
        "w:tblStylePr",
        {"type": "firstCol"},
        x.el("w:rPr", None, x.on("b"), x.on("bCs")),
        x.el("w:tcPr", None, x.shading(c.accent_soft)),
    )
    x.put(style, first_row)
    x.put(style, first_col)


def install(
    document, *, theme: Theme = THEME, text_width: int, line_heights: Mapping[str, float] | None = None
) -> dict[str, str]:
    """Define every style in ``document``; returns style name → style id."""
    styles = document.styles
    ids: dict[str, str] = {}
    _doc_defaults(styles.element, theme)
    all_specs = specs(theme, text_width, line_heights)
    for spec in all_specs:  # first create them all: styles name each other
        builtin = spec.name in BUILTIN_IDS
        if spec.name not in styles:
            styles.add_style(spec.name, spec.kind, builtin=builtin)
        style = styles[spec.name]
        if builtin:  # Word's ID (python-docx's template and add_style don't always use it)
            style.element.set(qn("w:styleId"), BUILTIN_IDS[spec.name])
            style.element.attrib.pop(qn("w:customStyle"), None)
    for spec in all_specs:
        style = styles[spec.name]
        element = style.element
        for name in ("pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"):
            x.remove(element, name)
        if spec.based_on:
            style.base_style = styles[spec.based_on]
        if spec.next:
            style.next_paragraph_style = styles[spec.next]
        if spec.ppr:
            x.put(element, x.el("w:pPr", None, *_ordered(spec.ppr, x.PPR)))
        if spec.rpr:
            x.put(element, x.el("w:rPr", None, *_ordered(spec.rpr, x.RPR)))
        if spec.extra:
            spec.extra(element)
        style.hidden = False
        style.unhide_when_used = False
        if spec.priority is not None:
            style.priority = spec.priority
        ids[spec.name] = style.style_id
    for style in styles:  # the template's styles too: its gallery is not the brief's
        style.quick_style = style.name in QUICK_STYLES
    return ids


def _ordered(props: list, order: list[str]) -> list:
    """Copies of ``props`` in schema order (the same element may serve several styles)."""

    def rank(prop) -> int:
        local = prop.tag.split("}", 1)[-1]
        return order.index(local) if local in order else len(order)

    return [copy.deepcopy(p) for p in sorted(props, key=rank)]


def _doc_defaults(styles_element, theme: Theme) -> None:
    """Fonts, size and language for everything, including text Word adds later."""
    f, z = theme.fonts, theme.sizes
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = x.el("w:docDefaults")
        styles_element.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    defaults.append(
        x.el(
            "w:rPrDefault",
            None,
            x.el(
                "w:rPr",
                None,
                x.fonts(f.docx_serif, f.docx_east_asian),
                *x.size(z.body),
                x.el("w:lang", {"val": "en-US", "eastAsia": "ko-KR", "bidi": "ar-SA"}),
            ),
        )
    )
    defaults.append(
        x.el(
            "w:pPrDefault",
            None,
            x.el("w:pPr", None, x.spacing(after=pt(2.2), line=word_line(z.leading, f.docx_serif))),
        )
    )

"""The Word styles of the brief, every colour, font, size and leading read from :mod:`briefing.theme`.

Each style the writer uses is (re)defined here from scratch: the properties python-docx's
template gave it are removed first, and so are the template's styles the brief does not use
(among them the linked "… Char" styles), so theme fonts and colours of the template (which Word
would prefer over named fonts) cannot leak through. Word's built-in styles keep their built-in
names and style IDs (``heading 1``/Heading1, ``caption``/Caption, ``footnote text``/FootnoteText,
``toc 1``/TOC1...) and no ``customStyle`` flag, so Word treats them as its own.

Line spacing: the theme gives leading as CSS does, a multiple of the font size; Word's "auto"
line spacing is a multiple of the font's *single* line, which is taller than 1 em. Every line
spacing goes through :func:`word_line`.
"""

from __future__ import annotations

from collections.abc import Callable
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
QUOTE = "Quote"
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
    QUOTE: "Quote",
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

# Spacing around blocks, in mm as the print stylesheet has it (the theme holds type, colour and
# leading, not these). (before, after) per style.
SPACE_MM = {
    "Normal": (0, 2.2),
    TITLE: (0, 3),
    SUBTITLE: (0, 4),
    HANDLING: (0, 6),
    META: (0, 7),
    HEADING[1]: (9, 2.5),
    HEADING[2]: (5, 1.5),
    HEADING[3]: (3, 1),
    TOC_HEADING: (0, 2.5),
    "toc": (0.6, 0.6),
    LEDE: (3, 5.2),
    LEGEND: (0, 0.8),
    REFERENCE: (None, 2),
    LIST_BULLET: (None, 1.4),
    LIST_NUMBER: (None, 2.4),
    PULL_QUOTE: (3.5, 1.2),
    ATTRIBUTION: (0, 4),
    CAPTION: (1.5, 4),
    FIGURE: (4, 0),
    FOOTNOTE_TEXT: (0, 0.6),
}
MATRIX_CELL_PADDING_MM = (1.1, 1.4, 1.3)  # top, sides, bottom of a matrix cell
MATRIX_RULE_PT = 0.5  # the white rules between matrix cells


def pt(mm: float) -> float:
    """Millimetres to points."""
    return mm * 72 / 25.4


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def word_line(leading: float, single_line_em: float) -> float:
    """A CSS-style leading (a multiple of the font size) as Word's "auto" line spacing.

    Word multiplies the font's single line, not the font size: Cambria's single line is already
    about 1.17 em (``THEME.fonts.docx_serif_line_em``), so leading 1.38 is 1.38 / 1.17 = 1.18
    Word lines (``w:line`` = 283), not 1.38 lines (331, 17 % looser than the PDF).
    """
    return leading / single_line_em


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


def specs(theme: Theme, text_width: int) -> list[Spec]:
    """Every style of the brief. ``text_width`` (twips) places right-aligned tab stops."""
    f, z, c, lh = theme.fonts, theme.sizes, theme.colours, theme.leading
    serif = x.fonts(f.docx_serif, f.docx_east_asian)
    sans = x.fonts(f.docx_sans, f.docx_east_asian)
    bold = [x.on("b"), x.on("bCs")]
    italic = [x.on("i"), x.on("iCs")]
    keep = [x.on("keepNext"), x.on("keepLines")]
    no_hyphens = x.on("suppressAutoHyphens")

    def space(name: str, *, leading: float | None = None, face: str = "sans"):
        """The style's spacing; ``leading`` (CSS em) in the Word lines of the ``face``."""
        before, after = SPACE_MM[name]
        single = f.docx_sans_line_em if face == "sans" else f.docx_serif_line_em
        return x.spacing(
            before=None if before is None else pt(before),
            after=pt(after),
            line=None if leading is None else word_line(leading, single),
        )

    def character(name: str, rpr: list, priority: int | None = None) -> Spec:
        return Spec(
            name, kind=WD_STYLE_TYPE.CHARACTER, based_on="Default Paragraph Font", rpr=rpr, priority=priority
        )

    # Header and footer right-align with a position tab (w:ptab), which Word places at the right
    # margin of any page width without a tab stop. LibreOffice (7.4) reads a ptab as a plain
    # tab, which goes to this stop: right-aligned on portrait pages.
    furniture = [x.tabs(("right", text_width, None)), x.spacing(before=0, after=0, line=1.0)]
    # Headings: (colour, size); Heading 1 has a rule under it. Their leading is the body's, as
    # in the stylesheet, which sets none of its own for h2-h4.
    headings = {1: (c.accent, z.h1), 2: (c.ink, z.h2), 3: (c.ink, z.h3)}
    rule = x.borders("pBdr", bottom=x.border("bottom", width_pt=0.75, colour_hex=c.rule, space_pt=pt(1.2)))
    matrix_line = word_line(lh.matrix, f.docx_sans_line_em)
    matrix_text = [x.spacing(before=0, after=0, line=matrix_line), x.val("jc", "left")]

    return [
        Spec(
            "Normal",
            based_on=None,
            ppr=[x.on("widowControl"), space("Normal", leading=z.leading, face="serif")],
            rpr=[serif, x.colour(c.ink), *x.size(z.body)],
        ),
        Spec(BODY, next=BODY),
        Spec(
            TITLE,
            next=SUBTITLE,
            ppr=[*keep, no_hyphens, space(TITLE, leading=lh.title)],
            rpr=[sans, *bold, x.colour(c.ink), *x.size(z.title)],
        ),
        Spec(
            SUBTITLE,
            next=META,
            ppr=[x.on("keepNext"), space(SUBTITLE, leading=lh.subtitle)],
            rpr=[sans, x.colour(c.muted), *x.size(z.subtitle)],
        ),
        Spec(
            HANDLING,
            next=TITLE,
            ppr=[
                x.on("keepNext"),
                x.borders("pBdr", top=x.border("top", width_pt=3, colour_hex=c.accent, space_pt=pt(5))),
                space(HANDLING, leading=z.leading),
            ],
            rpr=[
                sans,
                x.on("b"),
                x.colour(c.handling),
                x.val("spacing", round(0.06 * z.small * 20)),  # 0.06 em
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
                space(META, leading=z.leading),
            ],
            rpr=[sans, x.colour(c.muted), *x.size(z.small)],
        ),
        *[
            Spec(
                HEADING[level],
                next=BODY,
                ppr=[
                    *keep,
                    *([rule] if level == 1 else []),
                    no_hyphens,
                    space(HEADING[level], leading=z.leading),
                    x.val("outlineLvl", level - 1),
                ],
                rpr=[sans, *bold, x.colour(colour), *x.size(size)],
            )
            for level, (colour, size) in headings.items()
        ],
        Spec(ACTOR_HEADING, based_on=HEADING[2], next=BODY),  # all of Heading 2, outline level too
        Spec(
            TOC_HEADING,
            next=BODY,
            ppr=[*keep, space(TOC_HEADING, leading=z.leading), x.val("outlineLvl", 9)],
            rpr=[sans, x.on("b"), x.colour(c.ink), *x.size(z.h2)],
        ),
        *[
            Spec(
                TOC[level],
                next=BODY,
                ppr=[
                    x.tabs(("right", text_width, "dot")),
                    space("toc", leading=z.leading),
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
                space(LEDE),
                x.indent(left=twips(4) + 60, right=twips(4)),
            ],
            rpr=[*x.size(z.body + 0.5)],
        ),
        Spec(
            LEGEND,
            next=LEGEND,
            ppr=[x.on("keepNext"), space(LEGEND, leading=lh.legend)],
            rpr=[sans, *x.size(z.footnote)],
        ),
        Spec(REFERENCE, next=REFERENCE, ppr=[space(REFERENCE)], rpr=[*x.size(z.small + 0.5)]),
        Spec(NOTE, based_on=BODY, next=BODY, rpr=[*italic, x.colour(c.muted), *x.size(z.small)]),
        Spec(LIST_BULLET, next=LIST_BULLET, ppr=[x.on("keepLines"), space(LIST_BULLET)]),
        Spec(LIST_NUMBER, next=LIST_NUMBER, ppr=[x.on("keepLines"), space(LIST_NUMBER)]),
        Spec(LIST_CONTINUE, ppr=[space(LIST_BULLET)]),
        Spec(QUOTE, next=BODY, rpr=[*italic, x.colour(c.ink)]),
        Spec(
            PULL_QUOTE,
            based_on=QUOTE,
            next=ATTRIBUTION,
            ppr=[
                *keep,
                x.borders("pBdr", left=x.border("left", width_pt=2.5, colour_hex=c.accent, space_pt=pt(5))),
                space(PULL_QUOTE, leading=lh.quote, face="serif"),
                x.indent(left=twips(5) + 50),
            ],
            rpr=[serif, *italic, x.colour(c.ink), *x.size(z.quote)],
        ),
        Spec(
            ATTRIBUTION,
            based_on=PULL_QUOTE,
            next=BODY,
            ppr=[x.on("keepNext", False), x.on("keepLines"), space(ATTRIBUTION, leading=lh.quote)],
            rpr=[sans, x.on("i", False), x.on("iCs", False), x.colour(c.muted), *x.size(z.small)],
        ),
        Spec(
            CAPTION,
            next=BODY,
            ppr=[space(CAPTION, leading=z.leading)],
            rpr=[sans, x.on("b", False), x.on("i", False), x.colour(c.muted), *x.size(z.footnote)],
        ),
        Spec(FIGURE, next=CAPTION, ppr=[*keep, x.spacing(before=pt(SPACE_MM[FIGURE][0]), after=0, line=1.0)]),
        Spec(TABLE_TEXT, ppr=matrix_text, rpr=[sans, *x.size(z.matrix)]),
        Spec(TABLE_ROW_HEADING, based_on=TABLE_TEXT, rpr=bold),
        Spec(
            STANCE_NOT_ADDRESSED,  # the stylesheet greys these cells; the stance label stays upright
            based_on=TABLE_TEXT,
            next=TABLE_TEXT,
            rpr=[*italic, x.colour(c.muted)],
        ),
        Spec(
            TABLE_HEADING,
            based_on=TABLE_TEXT,
            ppr=[x.on("keepNext")],
            rpr=[*bold, x.colour(c.on_accent), *x.size(z.matrix + 0.5)],
        ),
        Spec(
            FOOTNOTE_TEXT,
            ppr=[space(FOOTNOTE_TEXT, leading=lh.footnote)],
            rpr=[sans, x.colour(c.ink), *x.size(z.footnote)],
            priority=99,
        ),
        Spec(HEADER, ppr=furniture, rpr=[sans, x.on("b"), x.colour(c.muted), *x.size(z.footnote)]),
        Spec(FOOTER, ppr=furniture, rpr=[sans, x.colour(c.muted), *x.size(z.footnote)]),
        character(
            FOOTNOTE_REFERENCE, [sans, x.on("b"), x.colour(c.accent), x.val("vertAlign", "superscript")], 99
        ),
        character(HYPERLINK, [], 99),
        character(
            CONFIDENCE,
            [
                sans,
                *bold,
                x.on("i", False),
                x.on("smallCaps"),
                x.colour(c.accent),
                x.val("spacing", round(0.05 * z.confidence * 20)),  # 0.05 em
                *x.size(z.confidence),
            ],
        ),
        character(STANCE_LABEL, [sans, *bold, x.on("i", False)]),
        character(LEAD_IN, [sans, *bold, x.colour(c.accent)]),
        character(STRONG, bold, 22),
        character(  # the handling marking in the header and footer
            HANDLING_MARK, [*bold, x.colour(c.handling), x.val("spacing", round(0.04 * z.footnote * 20))]
        ),
        Spec(
            STANCE_MATRIX,
            kind=WD_STYLE_TYPE.TABLE,
            based_on="Normal Table",
            ppr=matrix_text,
            rpr=[sans, *x.size(z.matrix)],
            extra=lambda style: _matrix_parts(style, theme),
            priority=59,
        ),
    ]


def _matrix_parts(style, theme: Theme) -> None:
    """Rules, padding and row behaviour of the matrix table style.

    The header row, row heads and cells get their look from paragraph styles (Table Heading,
    Table Row Heading, Table Text) and their fill from cell shading, which every reader shows;
    the style has no conditional (``tblStylePr``) parts.
    """
    rule = {"width_pt": MATRIX_RULE_PT, "colour_hex": theme.colours.on_accent}
    pad_top, pad_x, pad_bottom = (twips(mm) for mm in MATRIX_CELL_PADDING_MM)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    tbl_pr = x.el(
        "w:tblPr",
        None,
        x.el("w:tblInd", {"w": 0, "type": "dxa"}),
        x.borders("tblBorders", **{side: x.border(side, **rule) for side in sides}),
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


def install(document, *, theme: Theme = THEME, text_width: int, language: str = "") -> dict[str, str]:
    """Define every style in ``document`` and delete the template's others; returns name → id."""
    styles = document.styles
    ids: dict[str, str] = {}
    _doc_defaults(styles.element, theme, language)
    all_specs = specs(theme, text_width)
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
        x.remove(element, "link", "next", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")
        if spec.based_on:
            style.base_style = styles[spec.based_on]
        if spec.next:
            style.next_paragraph_style = styles[spec.next]
        if spec.ppr:
            x.put(element, x.box("w:pPr", spec.ppr))
        if spec.rpr:
            x.put(element, x.box("w:rPr", spec.rpr))
        if spec.extra:
            spec.extra(element)
        style.hidden = False
        style.unhide_when_used = False
        if spec.priority is not None:
            style.priority = spec.priority
        ids[spec.name] = style.style_id
    _drop_unused(styles.element, set(ids.values()))
    for style in styles:
        style.quick_style = style.name in QUICK_STYLES
    return ids


def _drop_unused(styles_element, style_ids: set[str]) -> None:
    """Delete the template's styles the brief does not define (Word's defaults stay: every
    document has Default Paragraph Font, Normal Table and No List)."""
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:default")) not in ("1", "true") and style.get(qn("w:styleId")) not in style_ids:
            styles_element.remove(style)


def _doc_defaults(styles_element, theme: Theme, language: str) -> None:
    """Fonts, size and language for everything, including text Word adds later.

    Spacing is Normal's alone: every paragraph style derives from it.
    """
    f, z = theme.fonts, theme.sizes
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = x.el("w:docDefaults")
        styles_element.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    lang = {"val": language} if language else {}
    rpr = x.el(
        "w:rPr",
        None,
        x.fonts(f.docx_serif, f.docx_east_asian),
        *x.size(z.body),
        x.el("w:lang", {**lang, "eastAsia": "ko-KR", "bidi": "ar-SA"}),
    )
    defaults.append(x.el("w:rPrDefault", None, rpr))
    defaults.append(x.el("w:pPrDefault", None, x.el("w:pPr")))

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

from briefing.docx import oxml as x
from briefing.docx.oxml import pt, twips
from briefing.docx.word.fonts import line_em
from briefing.docx.word.table_style import matrix_table_style
from briefing.theme import Theme

# Paragraph styles, by the name the writer asks for.
TITLE = "Title"
SUBTITLE = "Subtitle"
HANDLING = "Handling"
META = "Meta"
HEADING = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
HEADING_PAGE = "Heading 1 New Page"  # a top-level heading that starts a page (data-break-before)
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
PULL_QUOTE_EAST_ASIAN = "Pull Quote East Asian"  # upright: CJK has no italic
ATTRIBUTION = "Quote Attribution"
CAPTION = "Caption"
FIGURE = "Figure"
TABLE_HEADING = "Table Heading"
TABLE_ROW_HEADING = "Table Row Heading"
TABLE_TEXT = "Table Text"
STANCE_NOT_ADDRESSED = "Stance Not Addressed"  # td.stance-not-addressed: muted italic
SECTION_END = "Section End"  # the paragraph Word needs after a table that ends a section
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


def word_line(leading: float, single_line_em: float) -> float:
    """A CSS-style leading (a multiple of the font size) as Word's "auto" line spacing.

    Word multiplies the font's single line, not the font size: Cambria's single line is already
    about 1.17 em (read from the face's file, :func:`briefing.docx.word.fonts.line_em`), so leading
    1.38 is 1.38 / 1.17 = 1.18 Word lines (``w:line`` = 283), not 1.38 lines (331, 17 % looser).
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
    serif = x.fonts(f.docx_serif)  # the East-Asian face is the document default's (language.py)
    sans = x.fonts(f.docx_sans)
    bold = [x.on("b"), x.on("bCs")]
    italic = [x.on("i"), x.on("iCs")]
    keep = [x.on("keepNext"), x.on("keepLines")]
    no_hyphens = x.on("suppressAutoHyphens")

    sp, ru, tr = theme.space, theme.rules, theme.tracking
    serif_em, sans_em = line_em(f.docx_serif), line_em(f.docx_sans)
    # Space (before, after) per style, in mm; None: before is the parent's.
    gaps: dict[str, tuple[float | None, float]] = {
        "Normal": (0, sp.paragraph),
        TITLE: (0, sp.title_after),
        SUBTITLE: (0, sp.subtitle_after),
        HANDLING: (0, sp.handling_after),
        META: (0, sp.masthead_after + sp.meta_padding),
        HEADING[1]: (sp.h1_before, sp.h1_after),
        HEADING[2]: (sp.h2_before, sp.h2_after),
        HEADING[3]: (sp.h3_before, sp.h3_after),
        TOC_HEADING: (0, sp.h1_after),
        "toc": (sp.toc_entry, sp.toc_entry),
        LEDE: (sp.lede_padding_y, sp.lede_padding_y + sp.paragraph),
        LEGEND: (0, sp.legend_item),
        REFERENCE: (None, sp.reference_item),
        LIST_BULLET: (None, sp.list_item),
        LIST_NUMBER: (None, sp.judgment_item),
        PULL_QUOTE: (sp.quote_before, sp.quote_paragraph),
        ATTRIBUTION: (0, sp.quote_after),
        CAPTION: (sp.caption_gap, sp.figure_after),
        FOOTNOTE_TEXT: (0, sp.footnote_after),
    }

    def space(name: str, *, leading: float | None = None, face: str = "sans"):
        """The style's spacing; ``leading`` (CSS em) in the Word lines of the ``face``."""
        before, after = gaps[name]
        single = sans_em if face == "sans" else serif_em
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
    # tab: each header and footer paragraph carries a stop at its own section's width (page.py).
    furniture = [x.spacing(before=0, after=0, line=1.0)]
    # Headings: (colour, size); Heading 1 has a rule under it. Their leading is the body's, as
    # in the stylesheet, which sets none of its own for h2-h4.
    headings = {1: (c.accent, z.h1), 2: (c.ink, z.h2), 3: (c.ink, z.h3)}
    rule = x.borders(
        "pBdr", bottom=x.border("bottom", width_pt=ru.heading, colour_hex=c.rule, space_pt=pt(sp.h1_rule))
    )
    matrix_line = word_line(lh.matrix, sans_em)
    # The BLUF box: Word has no padding, so borders in the fill colour hold the text off its edges.
    hairline, pad_y, pad_x = 0.25, sp.lede_padding_y, sp.lede_padding_x
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
                x.borders(
                    "pBdr",
                    top=x.border(
                        "top", width_pt=ru.masthead, colour_hex=c.accent, space_pt=pt(sp.masthead_rule)
                    ),
                ),
                space(HANDLING, leading=z.leading),
            ],
            rpr=[
                sans,
                x.on("b"),
                x.colour(c.handling),
                x.val("spacing", round(tr.handling * z.small * 20)),
                *x.size(z.small),
            ],
        ),
        Spec(
            META,
            next=BODY,
            ppr=[
                x.borders(
                    "pBdr",
                    top=x.border("top", width_pt=ru.meta, colour_hex=c.rule, space_pt=pt(sp.meta_padding)),
                    bottom=x.border(
                        "bottom", width_pt=ru.meta, colour_hex=c.rule, space_pt=pt(sp.meta_padding)
                    ),
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
        # The one page break of the portrait flow: in a style, so that it moves with its heading.
        Spec(HEADING_PAGE, based_on=HEADING[1], next=BODY, ppr=[x.on("pageBreakBefore")]),
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
                    x.indent(left=twips(sp.toc_indent) * (level - 1)),
                ],
                rpr=[sans, *x.size(z.contents)],
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
                    top=x.border("top", width_pt=hairline, colour_hex=c.accent_soft, space_pt=pt(pad_y)),
                    left=x.border("left", width_pt=ru.lede, colour_hex=c.accent, space_pt=pt(pad_x)),
                    bottom=x.border(
                        "bottom", width_pt=hairline, colour_hex=c.accent_soft, space_pt=pt(pad_y)
                    ),
                    right=x.border("right", width_pt=hairline, colour_hex=c.accent_soft, space_pt=pt(pad_x)),
                ),
                x.on("keepLines"),  # the BLUF box never splits across pages
                x.shading(c.accent_soft),
                space(LEDE),
                x.indent(left=twips(pad_x) + round(ru.lede * 20), right=twips(pad_x)),
            ],
            rpr=[*x.size(z.lede)],
        ),
        Spec(
            LEGEND,
            next=LEGEND,
            ppr=[x.on("keepNext"), space(LEGEND, leading=lh.legend)],
            rpr=[sans, *x.size(z.legend)],
        ),
        Spec(REFERENCE, next=REFERENCE, ppr=[space(REFERENCE)], rpr=[*x.size(z.references)]),
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
                x.borders(
                    "pBdr",
                    left=x.border(
                        "left", width_pt=ru.quote, colour_hex=c.accent, space_pt=pt(sp.quote_indent)
                    ),
                ),
                space(PULL_QUOTE, leading=lh.quote, face="serif"),
                x.indent(left=twips(sp.quote_indent) + round(ru.quote * 20)),
            ],
            rpr=[serif, *italic, x.colour(c.ink), *x.size(z.quote)],
        ),
        # A paragraph style, not a character style: i is a toggle property, and a character
        # style's "not italic" leaves an italic paragraph style's italic as it is (ECMA-376 17.7.3).
        Spec(
            PULL_QUOTE_EAST_ASIAN,
            based_on=PULL_QUOTE,
            next=ATTRIBUTION,
            rpr=[x.on("i", False), x.on("iCs", False)],
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
        Spec(FIGURE, next=CAPTION, ppr=[*keep, x.spacing(before=pt(sp.figure_before), after=0, line=1.0)]),
        Spec(  # takes no room: 1 pt type on a 1 pt line, no space around it
            SECTION_END,
            ppr=[x.el("w:spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"})],
            rpr=[*x.size(1)],
        ),
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
            rpr=[*bold, x.colour(c.on_accent), *x.size(z.matrix + z.matrix_head)],
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
                x.val("spacing", round(tr.confidence * z.confidence * 20)),
                *x.size(z.confidence),
            ],
        ),
        character(STANCE_LABEL, [sans, *bold, x.on("i", False)]),
        character(LEAD_IN, [sans, *bold, x.colour(c.accent)]),
        character(STRONG, bold, 22),
        character(  # the handling marking in the header and footer
            HANDLING_MARK,
            [*bold, x.colour(c.handling), x.val("spacing", round(tr.handling_mark * z.footnote * 20))],
        ),
        Spec(
            STANCE_MATRIX,
            kind=WD_STYLE_TYPE.TABLE,
            based_on="Normal Table",
            ppr=matrix_text,
            rpr=[sans, *x.size(z.matrix)],
            extra=lambda style: matrix_table_style(style, theme),
            priority=59,
        ),
    ]

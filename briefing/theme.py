"""The one place colours, fonts and sizes live.

The print stylesheet (``templates/print.css.j2``) and the Word styles (``briefing.docx.word.styles``)
both read this module, so re-branding the brief is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from briefing.translatable import N_


def _by_prefix(table: dict[str, tuple[str, str]], lang: str) -> tuple[str, str] | None:
    """The entry of ``table`` for a BCP 47 tag: ``zh-Hant-TW`` finds ``zh-Hant``, then ``zh``."""
    parts = lang.split("-")
    for n in range(len(parts), 0, -1):
        key = "-".join(parts[:n])
        for known, faces in table.items():
            if known.lower() == key.lower():
                return faces
    return None


@dataclass(frozen=True)
class Fonts:
    """A serif for reading, a sans for structure; each with its PDF and Word face.

    The PDF embeds IBM Plex (shipped as Python packages, see pyproject.toml); Word users do not
    have Plex, so the DOCX names Cambria and Calibri, which every Word has and which LibreOffice
    maps to the metric-compatible Caladea and Carlito. Noto covers Hangul, Cyrillic and Han.
    """

    pdf_serif: str = "IBM Plex Serif"
    pdf_sans: str = "IBM Plex Sans"
    pdf_fallback: tuple[str, ...] = ("Noto Serif", "Noto Serif CJK KR", "Noto Sans CJK SC")
    docx_serif: str = "Cambria"
    docx_sans: str = "Calibri"
    # East-Asian faces per BCP 47 language prefix, (PDF family, Word family), so Han text takes
    # its own language's glyph shapes; both writers look a language up with :func:`cjk_faces`.
    cjk: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "zh-Hans": ("Noto Sans CJK SC", "Microsoft YaHei"),
            "zh-Hant": ("Noto Sans CJK TC", "Microsoft JhengHei"),
            "zh-TW": ("Noto Sans CJK TC", "Microsoft JhengHei"),
            "zh-HK": ("Noto Sans CJK HK", "Microsoft JhengHei"),
            "zh": ("Noto Sans CJK SC", "Microsoft YaHei"),
            "ja": ("Noto Sans CJK JP", "Yu Gothic"),
            "ko": ("Noto Sans CJK KR", "Malgun Gothic"),
        }
    )

    # Right-to-left scripts' faces per language, (PDF family, Word complex-script family): IBM Plex
    # has no Arabic or Hebrew letters; Noto's (Debian fonts-noto-core) are embedded in the PDF.
    rtl: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "ar": ("Noto Naskh Arabic", "Arial"),
            "fa": ("Noto Naskh Arabic", "Arial"),
            "ur": ("Noto Naskh Arabic", "Arial"),
            "ps": ("Noto Naskh Arabic", "Arial"),
            "he": ("Noto Sans Hebrew", "Arial"),
            "yi": ("Noto Sans Hebrew", "Arial"),
        }
    )

    def cjk_faces(self, lang: str) -> tuple[str, str] | None:
        """The (PDF, Word) East-Asian faces for a BCP 47 tag, longest matching prefix first."""
        return _by_prefix(self.cjk, lang)

    def rtl_faces(self, lang: str) -> tuple[str, str] | None:
        """The (PDF, Word) faces of a right-to-left language, longest matching prefix first."""
        return _by_prefix(self.rtl, lang)


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points."""

    body: float = 10.0
    small: float = 8.5
    matrix: float = 7.3
    footnote: float = 7.5
    legend: float = 7.5  # the stance legend above the matrix
    quote: float = 11.5
    title: float = 24.0
    subtitle: float = 13.0
    h1: float = 15.0  # section headings (HTML h2 → Word Heading 1)
    h2: float = 12.0  # sub-sections (HTML h3 → Word Heading 2)
    h3: float = 10.5
    confidence: float = 7.5
    contents: float = 9.0  # the contents list
    lede: float = 10.5  # the bottom line up front
    references: float = 9.0  # the reference list
    matrix_head: float = 0.5  # how much larger the matrix's header row is than its cells, at every density
    # The timeline figure's labels and their sources, in the drawing's own units (480 across the
    # text width, so about a point each on A4); the DOCX's picture is the same drawing.
    figure: float = 8.5
    figure_source: float = 7.5
    leading: float = 1.38


@dataclass(frozen=True)
class Leading:
    """Line heights (CSS line-height, in em) for the blocks that differ from body text."""

    title: float = 1.15
    subtitle: float = 1.3
    matrix: float = 1.25
    legend: float = 1.22
    quote: float = 1.35
    footnote: float = 1.3
    confidence: float = 1.5  # the confidence label beside a key judgment (PDF)


@dataclass(frozen=True)
class Colours:
    """Hex RGB without the ``#`` (Word wants it bare; the stylesheet adds it)."""

    ink: str = "1B1F24"
    on_accent: str = "FFFFFF"  # text and rules on accent-coloured fills
    muted: str = "5B6570"
    accent: str = "1F4E79"
    accent_soft: str = "E8EEF5"
    rule: str = "B8C2CC"
    handling: str = "8A1C1C"
    paper: str = "FFFFFF"  # the page: the timeline's marks are knocked out of it
    # Stance fills, given in turn to the analyst's stance categories that name no colour of their
    # own. Light enough for black text (L* 55–91), and each a step of about 7 L* from the next, so
    # they stay apart in greyscale print and under protan/deutan/tritan simulation (min ΔE 13).
    # Each holds ink text at a contrast of at least 4.5:1 (WCAG AA; tests/test_docx_access.py).
    stance_palette: tuple[str, ...] = ("FBE58E", "A7D5F5", "F2AC7C", "ACA2D4", "54A395", "C2736C")
    not_addressed: str = "F2F2F2"  # the built-in "not addressed" category


@dataclass(frozen=True)
class Page:
    """Page geometry in millimetres."""

    margin_top: float = 22
    margin_bottom: float = 22
    margin_inner: float = 22
    margin_outer: float = 22
    # The landscape page the matrix sits on: tighter margins, so more rows fit one sheet.
    landscape_margin_top: float = 12
    landscape_margin_bottom: float = 12
    landscape_margin_side: float = 15
    furniture_min: float = 10  # header/footer never closer to the paper edge than this
    matrix_first_column: float = 9.5  # percent of the table width for the issue names
    # The narrowest actor column (mm) a portrait page may give the matrix: a matrix whose columns
    # are at least this wide in the portrait text width flows with the text (two or three
    # actors); a wider grid takes a landscape page of its own. 0: always portrait; 300: never.
    matrix_portrait_column: float = 45
    # The standards the PDF claims (briefing/pdfstandard.py): one of its PDF_STANDARDS, or a PDF/UA
    # and a PDF/A joined by a comma ("ua-1,a-3a"); ``build --pdf-standard`` overrides it.
    pdf_standard: str = "ua-1"
    # A house Word template's portrait page (mm: width, height, top, right, bottom, left), which the
    # DOCX keeps and turns for the landscape matrix. The build reads it from the template; a theme
    # file cannot set it. The matrix is fitted to the tighter of it and the pages above.
    reference_page: tuple[float, ...] = field(default=(), metadata={"file": False})


@dataclass(frozen=True)
class Space:
    """Space around and inside blocks, in millimetres.

    The stylesheet's margins and paddings and the Word styles' space before and after, indents
    and cell margins are both read from here (Word has no padding: a style's space before and
    after is the CSS margin plus the padding it stands for).
    """

    paragraph: float = 2.2  # after a paragraph
    list_after: float = 2.5  # after a list
    list_indent: float = 6  # a list's left indent
    list_item: float = 1.4  # after a list item
    judgments_indent: float = 7
    judgment_item: float = 2.4
    masthead_rule: float = 5  # the masthead's top rule to the handling line
    masthead_after: float = 6
    handling_after: float = 6
    title_after: float = 3
    subtitle_after: float = 4
    meta_padding: float = 1.5  # the meta line between its two rules
    h1_before: float = 9  # section headings (HTML h2)
    h1_after: float = 2.5
    h1_rule: float = 1.2  # the heading's text to the rule under it
    h2_before: float = 5
    h2_after: float = 1.5
    h3_before: float = 3
    h3_after: float = 1
    toc_entry: float = 0.6  # above and below each contents entry
    toc_indent: float = 5  # per contents level
    toc_after: float = 4
    lede_padding_y: float = 3  # inside the BLUF box
    lede_padding_x: float = 4
    legend_item: float = 0.8
    legend_gap: float = 4
    quote_before: float = 3.5
    quote_after: float = 4
    quote_indent: float = 5  # the quote's bar to its text
    quote_pad: float = 0.5  # above and below a pull-quote's text, inside its bar (PDF)
    label_pad: tuple[float, float] = (0.2, 1.2)  # inside a legend's stance label: top/bottom, sides
    label_gap: float = 0.8  # a matrix cell's stance label to its text
    actor_gap: float = 2  # added between two actors' sections (PDF)
    quote_paragraph: float = 1.2  # after a quote's paragraph, before its attribution
    figure_before: float = 4
    figure_after: float = 5
    caption_gap: float = 1.5  # a caption to its figure or table
    reference_item: float = 2
    source_after: float = 5
    matrix_heading_after: float = 2  # the matrix page's heading to its legend (the PDF's)
    matrix_cell: tuple[float, float, float] = (1.1, 1.4, 1.3)  # top, sides, bottom
    footnote_gap: float = 2  # the footnote rule to the first note
    footnote_after: float = 0.6  # after a footnote (Word sets one per line)
    furniture_gap: float = 3  # header and footer to the text block


@dataclass(frozen=True)
class Rules:
    """Widths of rules and bars, in points."""

    masthead: float = 3
    heading: float = 0.75
    meta: float = 0.5
    lede: float = 3
    quote: float = 2.5
    matrix: float = 0.5  # the white rules between matrix cells
    footnote: float = 0.5
    label: float = 0.5  # around stance and confidence labels
    label_radius: float = 1.5  # the confidence label's corners (PDF)


@dataclass(frozen=True)
class Tracking:
    """Letter spacing, in em."""

    handling: float = 0.06
    handling_mark: float = 0.04  # the marking in the header and footer
    confidence: float = 0.05


@dataclass(frozen=True)
class MatrixStep:
    """One setting of the matrix page, for a matrix the roomier ones would push off its page."""

    size: float  # pt, the cells' text (the header row is 0.5 pt larger); Word sets half points
    leading: float  # em
    cell: tuple[float, float, float]  # padding in mm: top, sides, bottom
    first_column: float  # percent of the table width for the issue names
    labels: bool = True  # cells show the stance label after its symbol; False: the symbol only
    legend: float | None = None  # pt: the legend runs on in one paragraph at this size


@dataclass(frozen=True)
class Density:
    """How the matrix tightens to keep one landscape page: the theme's own matrix settings
    first, then these steps in order. The last is the floor: 6 pt IBM Plex Sans (x-height
    0.516 em, 1.1 mm) still reads like 7 pt of most faces; a matrix that does not fit at the
    floor splits by rows, its header row repeated. ``briefing.html.matrix_fit`` picks the step
    from the text; the HTML names it and both writers apply it."""

    steps: tuple[MatrixStep, ...] = (
        MatrixStep(7.0, 1.22, (1.0, 1.3, 1.1), 9, legend=7.0),
        MatrixStep(6.5, 1.2, (0.9, 1.2, 1.0), 8.5, legend=6.5),
        MatrixStep(6.5, 1.18, (0.8, 1.1, 0.9), 8, labels=False, legend=6.5),
        MatrixStep(6.0, 1.12, (0.6, 0.9, 0.7), 7.5, labels=False, legend=6.5),
    )


@dataclass(frozen=True)
class Brand:
    """An organisation's logo atop the masthead (none by default); set in a theme file."""

    logo: str = ""  # an absolute path to a PNG or JPEG (a theme file gives it relative to itself)
    logo_width: float = 30.0  # millimetres, in both formats
    logo_alt: str = ""  # alt text: the organisation's name
    reference_docx: str = ""  # the organisation's Word template (.docx/.dotx), an absolute path


@dataclass(frozen=True)
class Theme:
    brand: Brand = field(default_factory=Brand)
    fonts: Fonts = field(default_factory=Fonts)
    sizes: Sizes = field(default_factory=Sizes)
    leading: Leading = field(default_factory=Leading)
    colours: Colours = field(default_factory=Colours)
    page: Page = field(default_factory=Page)
    space: Space = field(default_factory=Space)
    rules: Rules = field(default_factory=Rules)
    tracking: Tracking = field(default_factory=Tracking)
    density: Density = field(default_factory=Density)

    def matrix_steps(self) -> list[MatrixStep]:
        """Every setting of the matrix, roomiest first: step 0 is the theme's own."""
        own = MatrixStep(
            self.sizes.matrix, self.leading.matrix, self.space.matrix_cell, self.page.matrix_first_column
        )
        return [own, *self.density.steps]

    def matrix_first_column_portrait(self, paper: str) -> float:
        """The issue column's share (percent) of a matrix that flows on a portrait page: as wide
        in millimetres as on the landscape page, so issue names wrap no more there."""
        _, width, height = PAPER[paper]
        pg = self.page
        landscape = max(width, height) - 2 * pg.landscape_margin_side
        portrait = width - pg.margin_inner - pg.margin_outer
        return round(min(pg.matrix_first_column * landscape / portrait, 60.0), 2)

    def at_density(self, step: int) -> Theme:
        """This theme with the matrix set at ``step`` (what the Word styles are built from)."""
        if step == 0:
            return self
        s = self.matrix_steps()[step]
        return replace(
            self,
            sizes=replace(self.sizes, matrix=s.size, legend=s.legend or self.sizes.legend),
            leading=replace(self.leading, matrix=s.leading),
            space=replace(self.space, matrix_cell=s.cell),
            page=replace(self.page, matrix_first_column=s.first_column),
        )


THEME = Theme()

PAPER = {"a4": ("A4", 210.0, 297.0), "letter": ("letter", 215.9, 279.4)}
# The page label in the PDF footer and the DOCX footer ({page} and {pages} become counters/fields).
PAGE_LABEL = N_("Page {page} of {pages}")

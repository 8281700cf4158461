"""Stage 3b — docx: walk the brief's HTML in document order and write the same text to Word.

The HTML is the only source of text (so one template drives both the PDF and the DOCX). Each
element of the vocabulary (:mod:`briefing.html.vocabulary`) maps to a named Word style; an
element outside the vocabulary stops the build with a message naming the element and the
template it came from. Page-level choices of the print stylesheet that Word can mirror are read
from the document's own ``<style>``: paper size, sections on a landscape page, page breaks.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import cairosvg
import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from briefing.docx import oxml as x
from briefing.docx import styles as st
from briefing.errors import BriefingError, Problem
from briefing.html.render import TEMPLATES
from briefing.html.vocabulary import BLOCKS, INLINES, allowed
from briefing.theme import PAPER, THEME, Theme

VOCABULARY = "briefing/html/vocabulary.py"
# The PDF's contents list (templates/sections/toc.html.j2) holds the h2 sections and the actors:
# Heading 1 and Actor Heading, no other Heading 2. The \t list is "style,level,..." separated
# by the document's list separator (w:listSeparator in settings.xml, written as ",").
TOC_INSTRUCTION = rf'TOC \h \z \t "{st.HEADING[1]},1,{st.ACTOR_HEADING},2"'
TOC_PLACEHOLDER = "Right-click to update the table of contents."
WORD_JOINER = "\u2060"  # the HTML's no-break before footnote calls; Word's references need none
CAPTION_LABEL = re.compile(r"(\s*(Figure|Table)\s+)(\d+)(?=[.:\s])")
SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; U+00A0 and friends are content
SVG_SOURCE = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
BLOCK_TAGS = frozenset(BLOCKS)
INLINE_TAGS = frozenset(INLINES)
HEADING_STYLE = {"h1": st.TITLE, "h2": st.HEADING[1], "h3": st.HEADING[2], "h4": st.HEADING[3]}
PARAGRAPH_STYLE = {
    "handling": st.HANDLING,
    "subtitle": st.SUBTITLE,
    "meta": st.META,
    "lede": st.LEDE,
    "reference": st.REFERENCE,
    "note": st.NOTE,
    "attribution": st.ATTRIBUTION,
}
RASTER_PPI = 300  # PNG pixels per inch of the picture's printed width
FURNITURE_MIN_MM = 10  # header and footer at least this far from the paper edge (printers' margin)


class DocxVocabularyError(BriefingError):
    """The HTML holds an element the DOCX writer has no mapping for (or in a place it can't be)."""


# --- reading the HTML -------------------------------------------------------------------------


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def is_element(node) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def normalise(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def describe(element) -> str:
    cls = element.get("class")
    return f'<{element.tag} class="{cls}">' if cls else f"<{element.tag}>"


def locate(element) -> tuple[Path, int]:
    """The template that wrote ``element`` (nearest ``data-template``) and its line there."""
    owner = next((e for e in (element, *element.iterancestors()) if e.get("data-template")), None)
    name = owner.get("data-template") if owner is not None else "brief.html.j2"
    path = Path(TEMPLATES) / name
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    return shown, _line_in(path, element.tag, classes(element))


def _line_in(path: Path, tag: str, cls: list[str]) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    opening = re.compile(rf"<{re.escape(tag)}\b", re.I)
    tagged = [n for n, line in enumerate(lines, 1) if opening.search(line)]
    for n in tagged:
        if all(c in lines[n - 1] for c in cls):
            return n
    for n in tagged:  # a class assembled by Jinja, e.g. stance-{{ s.id }}
        if all(c.split("-")[0] in lines[n - 1] for c in cls):
            return n
    return tagged[0] if tagged else 0


def problem(element, message: str) -> Problem:
    path, line = locate(element)
    if not line:
        message += f" (written into the page by Markdown or an include; HTML line {element.sourceline})"
    return Problem(path, line, 0, "", message)


def vocabulary_problems(body) -> list[Problem]:
    """Every element of ``body`` that the vocabulary does not list (SVG internals excepted).

    The same element written by the same template line is reported once, with a count.
    """
    found: dict[Problem, int] = {}
    for element in _elements(body):
        if not allowed(element.tag, classes(element)):
            message = f"{describe(element)} is not in the element vocabulary ({VOCABULARY})"
            key = problem(element, message)
            found[key] = found.get(key, 0) + 1
    return [key if n == 1 else replace(key, message=f"{key.message}; {n} times") for key, n in found.items()]


def _elements(root) -> Iterator:
    for child in root:
        if not is_element(child):
            continue
        yield child
        if child.tag != "svg":
            yield from _elements(child)


@dataclass
class PageRules:
    """What the print stylesheet decides that Word can mirror (the theme has the rest)."""

    paper: str = "a4"
    landscape_ids: set[str] = field(default_factory=set)
    break_before_ids: set[str] = field(default_factory=set)
    landscape_margins: tuple[float, float, float, float] | None = None  # mm: top right bottom left
    first_column: float = 0.17  # share of a row-headed table's width
    hyphenate: bool = False
    line_heights: dict[str, float] = field(default_factory=dict)  # selector → unitless line-height


_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def _margins(value: str) -> tuple[float, float, float, float] | None:
    parts = re.findall(r"([\d.]+)(mm|cm|in|pt)", value)
    if not parts or len(parts) > 4:
        return None
    mm = [float(n) * _UNITS_MM[unit] for n, unit in parts]
    if len(mm) == 1:
        return mm[0], mm[0], mm[0], mm[0]
    if len(mm) == 2:
        return mm[0], mm[1], mm[0], mm[1]
    if len(mm) == 3:
        return mm[0], mm[1], mm[2], mm[1]
    return mm[0], mm[1], mm[2], mm[3]


def page_rules(css: str) -> PageRules:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = PageRules()
    size = re.search(r"@page\s*\{[^}]*?size:\s*([A-Za-z0-9]+)", css)
    if size and size.group(1).lower() in PAPER:
        rules.paper = size.group(1).lower()
    landscape_pages = set()
    for name, body in re.findall(r"@page\s+([\w-]+)\s*\{([^{}]*)\}", css):
        if re.search(r"size:[^;}]*landscape", body):
            landscape_pages.add(name)
            margin = re.search(r"(?<![\w-])margin:\s*([^;}]+)", body)
            if margin:
                rules.landscape_margins = _margins(margin.group(1))
    first = re.search(r"th:first-child\s*\{[^}]*?(?<![\w-])width:\s*([\d.]+)%", css)
    if first:
        rules.first_column = float(first.group(1)) / 100
    html_rule = re.search(r"(?<![\w.#-])html\s*\{([^}]*)\}", css)
    rules.hyphenate = bool(html_rule and re.search(r"hyphens:\s*auto", html_rule.group(1)))
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        height = re.search(r"(?<![\w-])line-height:\s*([\d.]+)\s*[;}]?", body + ";")
        if height:
            for selector in selectors.split(","):
                rules.line_heights[" ".join(selector.split())] = float(height.group(1))
        for selector in selectors.split(","):
            ident = re.fullmatch(r"\s*#([\w-]+)\s*", selector)
            if not ident:
                continue
            if re.search(r"(?<![\w-])(page-)?break-before:\s*(page|always)", body):
                rules.break_before_ids.add(ident.group(1))
            page = re.search(r"(?<![\w-])page:\s*([\w-]+)", body)
            if page and page.group(1) in landscape_pages:
                rules.landscape_ids.add(ident.group(1))
    return rules


@dataclass
class Meta:
    title: str = ""
    author: str = ""
    description: str = ""
    keywords: str = ""
    created: dt.datetime | None = None
    language: str = "en-US"
    short_title: str = ""
    handling: str = ""


def read_meta(root) -> Meta:
    meta = Meta()
    head = root.find("head")
    if head is not None:
        title = head.find("title")
        meta.title = normalise(title.text_content()) if title is not None else ""
        named = {m.get("name"): m.get("content", "") for m in head.iter("meta") if m.get("name")}
        meta.author = named.get("author", "")
        meta.description = named.get("description", "")
        meta.keywords = named.get("keywords", "")
        created = named.get("dcterms.created", "")
        try:
            day = dt.date.fromisoformat(created[:10])
            meta.created = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        except ValueError:
            meta.created = None
    meta.language = root.get("lang") or "en-US"
    h1 = root.find(".//body//h1")
    if h1 is not None:
        meta.short_title = h1.get("data-short") or normalise(h1.text_content())
        meta.title = meta.title or normalise(h1.text_content())
    handling = root.xpath('.//body//p[contains(concat(" ", @class, " "), " handling ")]')
    if handling:
        meta.handling = normalise(handling[0].text_content())
    return meta


# --- inline formatting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fmt:
    """Run formatting inherited down the inline tree."""

    italic: bool | None = None
    style: str | None = None  # character style id
    shade: str | None = None
    nowrap: bool = False  # an inline-block in print.css: no line break inside

    def props(self) -> list:
        out = []
        if self.style:
            out.append(x.val("rStyle", self.style))
        if self.italic is not None:
            out += [x.on("i", self.italic), x.on("iCs", self.italic)]
        if self.shade:
            out.append(x.shading(self.shade))
        return out


class Runs:
    """Appends runs to a paragraph (or a hyperlink in it), collapsing white space as HTML does."""

    def __init__(self, paragraph, part) -> None:
        self.part = part  # owner of the relationships of external links
        self.targets = [paragraph]  # the paragraph, or the hyperlink being filled
        self.space = False  # a collapsed space waits for the next content
        self.at_line_start = True

    @property
    def target(self):
        return self.targets[-1]

    def text(self, text: str | None, fmt: Fmt) -> None:
        if not text:
            return
        text = SPACE.sub(" ", text.replace(WORD_JOINER, ""))
        if text.startswith(" "):
            self.space = self.space or not self.at_line_start
            text = text.lstrip(" ")
        if not text:
            return
        trailing = text.endswith(" ")
        text = text.rstrip(" ")
        if fmt.nowrap:
            text = text.replace(" ", "\u00a0")
        if self.space:
            text = " " + text
        self.target.append(x.text_run(text, fmt.props()))
        self.space = trailing
        self.at_line_start = False

    def flush_space(self, fmt: Fmt) -> None:
        if self.space:
            self.target.append(x.text_run(" ", fmt.props()))
            self.space = False

    def line_break(self, fmt: Fmt) -> None:
        self.target.append(x.break_run(fmt.props()))
        self.space = False
        self.at_line_start = True

    def append(self, run) -> None:
        self.target.append(run)
        self.at_line_start = False

    def field(self, field: Field, fmt: Fmt) -> None:
        self.flush_space(fmt)
        for run in x.field(field.instruction, field.result, fmt.props()):
            self.append(run)


@dataclass(frozen=True)
class Field:
    """A Word field in an inline group, shown as ``result`` until Word updates it."""

    instruction: str
    result: str


# --- where paragraphs go ----------------------------------------------------------------------


class BodyFlow:
    def __init__(self, document) -> None:
        self.document = document

    def paragraph(self, style: str) -> Paragraph:
        return self.document.add_paragraph(style=style)


class CellFlow:
    def __init__(self, cell) -> None:
        self.cell = cell
        self.used = False

    def paragraph(self, style: str) -> Paragraph:
        if not self.used:
            self.used = True
            paragraph = self.cell.paragraphs[0]
            paragraph.style = style
            return paragraph
        return self.cell.add_paragraph(style=style)


# --- the writer -------------------------------------------------------------------------------


class Writer:
    def __init__(
        self,
        root,
        html: str,
        *,
        paper: str | None,
        page_numbers: Mapping[str, int] | None = None,
        theme: Theme = THEME,
    ) -> None:
        self.root = root
        self.page_numbers = page_numbers or {}
        self.body = root.body
        self.theme = theme
        style = root.find("head/style")
        self.rules = page_rules(style.text or "" if style is not None else "")
        self.paper = (paper or self.rules.paper).lower()
        if self.paper not in PAPER:
            raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
        self.meta = read_meta(root)
        self.document = Document()
        x.drop_package_thumbnail(self.document.part.package)
        x.drop_template_parts(self.document.part)
        x.set_application(self.document.part.package, "briefing")
        self.landscape = False
        self._geometry(self.document.sections[0], landscape=False)
        self.style_ids = st.install(
            self.document, theme=theme, text_width=self.text_width(), line_heights=self.rules.line_heights
        )
        self.flow: BodyFlow | CellFlow = BodyFlow(self.document)
        self.notes = x.footnotes_part(self.document.part)
        self.next_note = max(x.FOOTNOTE_SEPARATOR_IDS) + 1
        self.numbering = self.document.part.numbering_part.element
        x.clear_numbering(self.numbering)  # the template's lists: no paragraph uses them
        self.abstracts: dict[str, int] = {}
        self.bookmark_names: dict[str, str] = {}
        self.pending_ids: list[str] = []
        self.open_bookmarks: list[tuple] = []
        self.next_bookmark = 0
        self.links: list[tuple[str, object]] = []
        self.page_break_pending = False
        self.svgs = self._svg_sources(html)
        self.body_paragraphs: list = []
        self.quote_parity = 0

    # -- entry point --

    def write(self) -> None:
        self._container(self.body, quote=False)
        self._close_bookmarks()
        self._check_links()
        self._headers_and_footers()
        self._settings()
        self._core_properties()
        self._link_list_styles()

    def save(self, path) -> None:
        self.document.save(str(path))

    # -- geometry --

    def _margins(self, landscape: bool) -> tuple[float, float, float, float]:
        """Top, right, bottom, left in mm: the theme's, or the landscape page's of print.css."""
        page = self.theme.page
        if landscape and self.rules.landscape_margins:
            return self.rules.landscape_margins
        return page.margin_top, page.margin_outer, page.margin_bottom, page.margin_inner

    def _geometry(self, section, *, landscape: bool) -> None:
        _, width, height = PAPER[self.paper]
        if landscape:
            width, height = height, width
        top, right, bottom, left = self._margins(landscape)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance = Mm(max(top - 8, FURNITURE_MIN_MM))
        section.footer_distance = Mm(max(bottom - 9, FURNITURE_MIN_MM))
        section.gutter = 0

    def text_width(self) -> int:
        """Width between the margins of the current section, in twips."""
        _, width, height = PAPER[self.paper]
        _, right, _, left = self._margins(self.landscape)
        return st.twips((height if self.landscape else width) - left - right)

    def _start_section(self, *, landscape: bool) -> None:
        """End the current section at the last paragraph; what follows gets a new page."""
        body = self.document.element.body
        current = body.find(qn("w:sectPr"))
        blocks = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]
        if blocks:
            last = blocks[-1]
            if last.tag != qn("w:p") or x.ppr(last).find(qn("w:sectPr")) is not None:
                last = self.flow.paragraph(st.BODY)._p
                x.collapsed_paragraph(last)
            x.put(x.ppr(last), copy.deepcopy(current))
        self.landscape = landscape
        self._geometry(self.document.sections[-1], landscape=landscape)

    # -- blocks --

    def _container(self, element, *, quote: bool) -> None:
        for kind, item in self._segments(element):
            if kind == "inline":
                self._inline_paragraph(item, st.PULL_QUOTE if quote else st.BODY)
            else:
                self._block(item, quote=quote)

    def _segments(self, element) -> Iterator[tuple[str, object]]:
        """Block children, and runs of inline content between them (anonymous paragraphs)."""
        group: list = []
        if element.text:
            group.append(element.text)
        for child in element:
            if is_element(child) and child.tag in BLOCK_TAGS:
                if self._has_content(group):
                    yield "inline", group
                group = []
                yield "block", child
            elif is_element(child):
                group.append(child)
            if child.tail:
                group.append(child.tail)
        if self._has_content(group):
            yield "inline", group

    @staticmethod
    def _has_content(group: list) -> bool:
        return any(is_element(n) or (isinstance(n, str) and n.strip()) for n in group)

    def _block(self, element, *, quote: bool) -> None:
        tag, cls = element.tag, classes(element)
        ident = element.get("id")
        if ident:
            self.pending_ids.append(ident)
        if tag in ("section", "header", "div"):
            self._section(element, quote=quote)
        elif tag == "nav":
            self._toc(element)
        elif tag in HEADING_STYLE:
            style = HEADING_STYLE[tag]
            parent = element.getparent()
            if tag == "h3" and parent.tag == "section" and "actor" in classes(parent):
                style = st.ACTOR_HEADING  # section.actor > h3: in the contents, as in the PDF
            self._inline_paragraph(self._inline_nodes(element), style)
        elif tag == "p":
            style = next((PARAGRAPH_STYLE[c] for c in cls if c in PARAGRAPH_STYLE), None)
            style = style or (st.PULL_QUOTE if quote else st.BODY)
            self._inline_paragraph(self._inline_nodes(element), style)
        elif tag in ("ul", "ol"):
            self._list(element, level=0)
        elif tag == "blockquote":
            self._blockquote(element)
        elif tag == "table":
            self._table(element)
        elif tag == "figure":
            self._figure(element)
        elif tag == "svg":
            self._picture(element, caption=None)
        else:
            raise DocxVocabularyError([problem(element, f"{describe(element)} cannot stand here")])

    def _blockquote(self, element) -> None:
        """A pull-quote. Word and LibreOffice draw one border around neighbouring paragraphs
        with equal borders and indents; a blockquote right after another gets a 1-twip right
        indent so that each quote keeps a bar of its own, as in the PDF."""
        quote_styles = {self.style_ids[st.PULL_QUOTE], self.style_ids[st.ATTRIBUTION]}
        previous = self.body_paragraphs[-1] if self.body_paragraphs else None
        follows_quote = previous is not None and _style_of(previous) in quote_styles
        self.quote_parity = (1 - self.quote_parity) if follows_quote else 0
        start = len(self.body_paragraphs)
        self._container(element, quote=True)
        if self.quote_parity:
            for p in self.body_paragraphs[start:]:
                x.put(x.ppr(p), x.el("w:ind", {"right": 1}))

    def _section(self, element, *, quote: bool) -> None:
        ident = element.get("id")
        landscape = ident in self.rules.landscape_ids and not self.landscape
        if landscape:
            self._start_section(landscape=True)
        elif ident in self.rules.break_before_ids:
            self.page_break_pending = True
        start = len(self.body_paragraphs)
        self._container(element, quote=quote)
        if element.tag == "div" and "keep" in classes(element):  # keep the group on one page
            for p in self.body_paragraphs[start:-1]:
                x.put(x.ppr(p), x.on("keepNext"))
        if landscape:
            self._start_section(landscape=False)

    def _inline_nodes(self, element) -> list:
        """The children of a paragraph-like element as an inline group (no blocks allowed)."""
        group = [element.text] if element.text else []
        for child in element:
            if is_element(child) and child.tag in BLOCK_TAGS:
                raise DocxVocabularyError(
                    [problem(child, f"{describe(child)} cannot stand inside <{element.tag}>")]
                )
            if is_element(child):
                group.append(child)
            if child.tail:
                group.append(child.tail)
        return group

    def _new_paragraph(self, style: str) -> Paragraph:
        paragraph = self.flow.paragraph(style)
        p = paragraph._p
        if isinstance(self.flow, BodyFlow):
            self.body_paragraphs.append(p)
        self._close_bookmarks()
        if self.page_break_pending and isinstance(self.flow, BodyFlow):
            x.put(x.ppr(p), x.on("pageBreakBefore"))
            self.page_break_pending = False
        if self.pending_ids:
            anchor = p.find(qn("w:pPr"))
            position = 1 if anchor is not None else 0
            ids = []
            for ident in self.pending_ids:
                bid = self.next_bookmark
                self.next_bookmark += 1
                p.insert(position, x.bookmark_start(bid, self.bookmark(ident)))
                position += 1
                ids.append(bid)
            self.open_bookmarks.append((p, ids))
            self.pending_ids = []
        return paragraph

    def _close_bookmarks(self) -> None:
        for p, ids in self.open_bookmarks:
            for bid in ids:
                p.append(x.bookmark_end(bid))
        self.open_bookmarks = []

    def bookmark(self, ident: str) -> str:
        """A Word bookmark name for an HTML id: a letter first, then letters, digits, _."""
        if ident not in self.bookmark_names:
            name = re.sub(r"[^A-Za-z0-9_]", "_", ident)
            if not name[:1].isalpha():
                name = "id_" + name
            name = name[:40]
            taken = set(self.bookmark_names.values())
            n = 2
            base = name
            while name in taken:
                suffix = f"_{n}"
                name = base[: 40 - len(suffix)] + suffix
                n += 1
            self.bookmark_names[ident] = name
        return self.bookmark_names[ident]

    def _inline_paragraph(self, group: list, style: str) -> Paragraph:
        paragraph = self._new_paragraph(style)
        self._emit(group, Fmt(), Runs(paragraph._p, self.document.part))
        return paragraph

    # -- lists --

    def _abstract(self, kind: str) -> int:
        """The list definition (``w:abstractNum``) of one kind of list, made on first use.

        "bullet" and "number" belong to the List Bullet and List Number styles (their level 1
        names the style); "number" is indented like the key judgments, whose markers are bold
        accent sans (print.css ``ol.judgments > li::marker``); "references" is the bibliography.
        """
        if kind not in self.abstracts:
            c, f = self.theme.colours, self.theme.fonts
            step = st.twips(7 if kind in ("judgments", "number") else 6)
            if kind == "bullet":
                marks = [("bullet", "•"), ("bullet", "◦"), ("bullet", "▪")] * 3
            else:
                formats = ("decimal", "lowerLetter", "lowerRoman") * 3
                marks = [(fmt, f"%{i + 1}.") for i, fmt in enumerate(formats)]
            props = []
            if kind == "judgments":
                props = [x.fonts(f.docx_sans), x.on("b"), x.colour(c.accent)]
            levels = [
                {"fmt": fmt, "text": text, "left": step * (i + 1), "hanging": step, "props": props}
                for i, (fmt, text) in enumerate(marks)
            ]
            style = {"bullet": st.LIST_BULLET, "number": st.LIST_NUMBER}.get(kind)
            if style:
                levels[0]["style"] = self.style_ids[style]
            self.abstracts[kind] = x.add_abstract_num(self.numbering, levels)
        return self.abstracts[kind]

    def _list(self, element, *, level: int) -> None:
        cls = classes(element)
        ordered = element.tag == "ol"
        if "judgments" in cls:
            kind = "judgments"
        elif "references" in cls:
            kind = "references"
        else:
            kind = "number" if ordered else "bullet"
        style = st.LIST_NUMBER if ordered else st.LIST_BULLET
        if "references" in cls:
            style = st.REFERENCE
        num_id: int | None = None
        if "legend" in cls:  # the stance labels are the markers (print.css: list-style none)
            style = st.LEGEND
        else:
            restart = level if ordered else None
            num_id = x.add_num(self.numbering, self._abstract(kind), restart_level=restart)
        if normalise(element.text or ""):
            raise DocxVocabularyError([problem(element, f"text directly inside {describe(element)}")])
        for child in element:
            if not is_element(child):
                continue
            if child.tag != "li":
                raise DocxVocabularyError(
                    [problem(child, f"{describe(child)} cannot stand inside {describe(element)}")]
                )
            if normalise(child.tail or ""):
                raise DocxVocabularyError([problem(element, f"text directly inside {describe(element)}")])
            self._item(child, num_id, level, style)

    def _item(self, li, num_id: int | None, level: int, style: str) -> None:
        if li.get("id"):
            self.pending_ids.append(li.get("id"))
        first = True
        for kind, item in self._segments(li):
            if kind == "block" and item.tag in ("ul", "ol"):
                self._list(item, level=min(level + 1, 8))
                continue
            if kind == "block" and item.tag != "p":
                self._block(item, quote=False)
                continue
            if kind == "block" and item.get("id"):
                self.pending_ids.append(item.get("id"))
            group = item if kind == "inline" else self._inline_nodes(item)
            paragraph = self._new_paragraph(style if first or num_id is None else st.LIST_CONTINUE)
            if first and num_id is not None:
                x.put(x.ppr(paragraph._p), x.num_pr(num_id, level))
            first = False
            self._emit(group, Fmt(), Runs(paragraph._p, self.document.part))

    def _link_list_styles(self) -> None:
        """Give List Bullet / List Number their own numbering, for lists Word users add later."""
        for name, kind in ((st.LIST_BULLET, "bullet"), (st.LIST_NUMBER, "number")):
            num_id = x.add_num(self.numbering, self._abstract(kind), restart_level=None)
            style = self.document.styles[name].element
            ppr = style.find(qn("w:pPr"))
            if ppr is None:
                ppr = x.put(style, x.el("w:pPr"))
            x.put(ppr, x.el("w:numPr", None, x.val("numId", num_id)))

    # -- table of contents --

    def _toc(self, nav) -> None:
        entries: list[tuple[int, str, str]] = []
        for child in nav:
            if not is_element(child):
                continue
            if child.tag in ("h2", "h3", "h4"):
                self._inline_paragraph(self._inline_nodes(child), st.TOC_HEADING)
            elif child.tag in ("ol", "ul"):
                self._toc_entries(child, 1, entries)
            else:
                raise DocxVocabularyError([problem(child, f"{describe(child)} cannot stand in nav.toc")])
        paragraphs = []
        if not entries:
            paragraph = self._new_paragraph(st.TOC[1])
            paragraph._p.append(x.text_run(TOC_PLACEHOLDER))
            paragraphs.append(paragraph._p)
        for level, text, target in entries:  # the field's cached result, laid out as Word does
            p = self._new_paragraph(st.TOC[min(level, 3)])._p
            bookmark = self.bookmark(target)
            link = x.internal_hyperlink(bookmark)
            self.links.append((target, nav))
            link.append(x.text_run(text.replace(WORD_JOINER, "")))
            link.append(x.tab_run())  # to the style's right-aligned dotted tab stop
            # The cached page number is the PDF's (the two layouts track each other closely);
            # Word recomputes it when it updates the field on open (updateFields).
            page = self.page_numbers.get(target)
            for run in x.field(rf"PAGEREF {bookmark} \h", str(page) if page else ""):
                link.append(run)
            p.append(link)
            paragraphs.append(p)
        first, last = paragraphs[0], paragraphs[-1]
        for offset, run in enumerate(x.field_begin(TOC_INSTRUCTION, dirty=True)):
            first.insert(1 + offset, run)
        last.append(x.field_end())

    def _toc_entries(self, ol, level: int, entries: list) -> None:
        for li in ol:
            if not is_element(li):
                continue
            link = li.find("a")
            if link is not None and (link.get("href") or "").startswith("#"):
                entries.append((level, normalise(link.text_content()), link.get("href")[1:]))
            for nested in li:
                if is_element(nested) and nested.tag in ("ol", "ul"):
                    self._toc_entries(nested, level + 1, entries)

    # -- tables --

    def _table(self, element) -> None:
        caption = None
        rows: list[tuple[object, bool]] = []
        for child in element:
            if not is_element(child):
                continue
            if child.tag == "caption":
                caption = child
            elif child.tag in ("thead", "tbody"):
                rows += [(tr, child.tag == "thead") for tr in child if is_element(tr)]
            elif child.tag == "tr":
                rows.append((child, False))
            else:
                raise DocxVocabularyError([problem(child, f"{describe(child)} cannot stand in a table")])
        for tr, _ in rows:
            if tr.tag != "tr":
                raise DocxVocabularyError([problem(tr, f"{describe(tr)} cannot stand in a table")])
            for cell in tr:
                if is_element(cell) and (cell.get("colspan") or cell.get("rowspan")):
                    raise DocxVocabularyError(
                        [problem(cell, f"{describe(cell)}: merged cells are not supported in Word output")]
                    )
        cells = [[c for c in tr if is_element(c)] for tr, _ in rows]
        columns = max((len(r) for r in cells), default=0)
        if not columns:
            raise DocxVocabularyError([problem(element, "a table without cells")])
        width = self.text_width()
        row_heads = any(r and r[0].tag == "th" for (_, head), r in zip(rows, cells, strict=True) if not head)
        if row_heads and columns > 1:
            first = round(width * self.rules.first_column)
            rest = (width - first) // (columns - 1)
            widths = [first] + [rest] * (columns - 1)
        else:
            widths = [width // columns] * columns
        if caption is not None:  # above the table: source order, Word's habit, print.css today
            paragraph = self._caption(caption)
            x.put(x.ppr(paragraph._p), x.on("keepNext"))
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles[st.STANCE_MATRIX]
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        x.put(tbl_pr, x.el("w:tblW", {"w": sum(widths), "type": "dxa"}))
        x.put(tbl_pr, x.el("w:tblLayout", {"type": "fixed"}))
        x.put(
            tbl_pr,
            x.el(
                "w:tblLook",
                {
                    "val": "04A0" if row_heads else "0420",
                    "firstRow": int(any(head for _, head in rows)),
                    "lastRow": 0,
                    "firstColumn": int(row_heads),
                    "lastColumn": 0,
                    "noHBand": 1,
                    "noVBand": 1,
                },
            ),
        )
        x.table_grid(tbl, widths)
        c = self.theme.colours
        for r, ((_, head), row_cells) in enumerate(zip(rows, cells, strict=True)):
            row = table.rows[r]
            tr_pr = row._tr.get_or_add_trPr()
            x.put(tr_pr, x.on("cantSplit"))
            if head:
                x.put(tr_pr, x.on("tblHeader"))
            for col in range(columns):
                cell = table.cell(r, col)
                x.cell_width(cell._tc, widths[col])
                if col >= len(row_cells):
                    continue
                source = row_cells[col]
                stances = [k[len("stance-") :] for k in classes(source) if k.startswith("stance-")]
                if head:
                    style, fill = st.TABLE_HEADING, c.accent
                elif source.tag == "th":
                    style, fill = st.TABLE_ROW_HEADING, c.accent_soft
                else:
                    style, fill = st.TABLE_TEXT, (c.stance(stances[0]) if stances else None)
                    if stances and stances[0] == "not-addressed":  # as print.css greys them
                        style = st.STANCE_NOT_ADDRESSED
                if fill:
                    x.put(cell._tc.get_or_add_tcPr(), x.shading(fill))
                self._cell(cell, source, style)

    def _cell(self, cell, source, style: str) -> None:
        """The content of one table cell: its own flow of paragraphs."""
        outer, self.flow = self.flow, CellFlow(cell)
        if source.get("id"):
            self.pending_ids.append(source.get("id"))
        for kind, item in self._segments(source):
            if kind == "inline" or item.tag == "p":
                group = item if kind == "inline" else self._inline_nodes(item)
                paragraph = self._new_paragraph(style)
                self._emit(group, Fmt(), Runs(paragraph._p, self.document.part))
            else:
                self._block(item, quote=False)
        if not self.flow.used:
            self.flow.paragraph(style)
        self.flow = outer

    # -- figures --

    @staticmethod
    def _svg_sources(html: str) -> list[str]:
        return SVG_SOURCE.findall(html)

    def _figure(self, element) -> None:
        svg, caption = None, None
        for child in element:
            if not is_element(child):
                continue
            if child.tag == "svg" and svg is None:
                svg = child
            elif child.tag == "figcaption" and caption is None:
                caption = child
            else:
                raise DocxVocabularyError([problem(child, f"{describe(child)} cannot stand in a figure")])
        if normalise(element.text or "") or any(normalise(c.tail or "") for c in element):
            raise DocxVocabularyError([problem(element, "text directly inside <figure>")])
        if svg is not None:
            self._picture(svg, caption=caption)
        if caption is not None:
            self._caption(caption)

    def _caption(self, caption) -> Paragraph:
        """A Caption paragraph; a leading "Figure N" / "Table N" becomes Word's own numbering
        (``SEQ Figure`` showing N), so Word's cross-references and lists of figures work."""
        group = self._inline_nodes(caption)
        label = CAPTION_LABEL.match(group[0]) if group and isinstance(group[0], str) else None
        if label:
            field = Field(rf"SEQ {label.group(2)} \* ARABIC", label.group(3))
            group = [label.group(1), field, group[0][label.end() :], *group[1:]]
        return self._inline_paragraph(group, st.CAPTION)

    def _picture(self, svg, *, caption) -> None:
        index = [e for e in self.body.iter("svg") if not any(a.tag == "svg" for a in e.iterancestors())]
        position = index.index(svg)
        if len(index) != len(self.svgs):
            raise DocxVocabularyError([problem(svg, "could not find the source of this <svg>")])
        width_mm = self.text_width() * 25.4 / 1440
        png = cairosvg.svg2png(
            bytestring=self.svgs[position].encode("utf-8"),
            output_width=round(width_mm / 25.4 * RASTER_PPI),
        )
        paragraph = self._new_paragraph(st.FIGURE)
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(Mm(width_mm)))
        alt = svg.get("aria-label") or ""
        if not alt:
            title = svg.find("title")
            alt = normalise(title.text_content()) if title is not None else ""
        if not alt and caption is not None:
            alt = normalise(caption.text_content())
        inline = shape._inline
        inline.docPr.set("descr", alt)
        inline.docPr.set("name", f"Figure {position + 1}")
        for c_nv_pr in inline.iter(qn("pic:cNvPr")):
            c_nv_pr.set("descr", alt)

    # -- inline content --

    def _emit(self, group: list, fmt: Fmt, runs: Runs) -> None:
        for node in group:
            if isinstance(node, str):
                runs.text(node, fmt)
            elif isinstance(node, Field):
                runs.field(node, fmt)
            else:
                self._inline(node, fmt, runs)

    def _children(self, element, fmt: Fmt, runs: Runs) -> None:
        runs.text(element.text, fmt)
        for child in element:
            if is_element(child):
                self._inline(child, fmt, runs)
            runs.text(child.tail, fmt)

    def _inline(self, element, fmt: Fmt, runs: Runs) -> None:
        tag, cls = element.tag, classes(element)
        ids = self.style_ids
        if tag not in INLINE_TAGS:
            where = element.getparent()
            raise DocxVocabularyError(
                [problem(element, f"{describe(element)} cannot stand inside <{where.tag}>")]
            )
        if tag == "br":
            runs.line_break(fmt)
        elif tag == "em":
            self._children(element, replace(fmt, italic=True), runs)
        elif tag == "strong":
            style = st.LEAD_IN if self._lead_in(element) else st.STRONG
            self._children(element, replace(fmt, style=ids[style]), runs)
        elif tag == "a":
            self._link(element, fmt, runs)
        elif tag == "span" and "footnote" in cls:
            self._footnote(element, fmt, runs)
        elif tag == "span":
            stances = [k[len("stance-") :] for k in cls if k.startswith("stance-") and k != "stance-label"]
            inner = fmt
            if "confidence" in cls:
                inner = replace(inner, style=ids[st.CONFIDENCE], italic=None, nowrap=True)
            elif "stance-label" in cls or "symbol" in cls:
                inner = replace(inner, style=ids[st.STANCE_LABEL], italic=False if fmt.italic else None)
            if stances:
                inner = replace(inner, shade=self.theme.colours.stance(stances[0]))
            self._children(element, inner, runs)
        else:
            self._children(element, fmt, runs)

    @staticmethod
    def _lead_in(strong) -> bool:
        """``section.actor p strong:first-child`` of print.css: the run-in label of a paragraph."""
        parent = strong.getparent()
        if parent is None or parent.tag != "p" or parent[0] is not strong:
            return False
        return any(a.tag == "section" and "actor" in classes(a) for a in parent.iterancestors())

    def _link(self, element, fmt: Fmt, runs: Runs) -> None:
        href = (element.get("href") or "").strip()
        if not href:
            self._children(element, fmt, runs)
            return
        if href.startswith("#"):
            self.links.append((href[1:], element))
            link = x.internal_hyperlink(self.bookmark(href[1:]))
        else:
            link = x.external_hyperlink(runs.part, href)
        runs.flush_space(fmt)
        runs.target.append(link)
        runs.targets.append(link)
        style = fmt.style or self.style_ids[st.HYPERLINK]
        self._children(element, replace(fmt, style=style), runs)
        runs.targets.pop()

    def _footnote(self, element, fmt: Fmt, runs: Runs) -> None:
        if any(a.tag == "span" and "footnote" in classes(a) for a in element.iterancestors()):
            raise DocxVocabularyError([problem(element, "a footnote inside a footnote")])
        note_id = self.next_note
        self.next_note += 1
        _, p = x.add_footnote(
            self.notes,
            note_id,
            text_style=self.style_ids[st.FOOTNOTE_TEXT],
            reference_style=self.style_ids[st.FOOTNOTE_REFERENCE],
        )
        self._children(element, Fmt(), Runs(p, self.notes))
        runs.flush_space(fmt)
        runs.append(x.footnote_reference(note_id, self.style_ids[st.FOOTNOTE_REFERENCE]))

    def _check_links(self) -> None:
        known = {e.get("id") for e in self.body.iter() if is_element(e) and e.get("id")}
        problems = [
            problem(source, f'link to "#{target}", but no element has id="{target}"')
            for target, source in self.links
            if target not in known
        ]
        if problems:
            raise DocxVocabularyError(problems)

    # -- page furniture and package properties --

    def _headers_and_footers(self) -> None:
        """One header and one footer for the whole document, plus an empty first-page header.

        They are defined on the first section; later sections (the landscape matrix and what
        follows it) link to the previous one, i.e. carry no references of their own. The right
        half is placed with a position tab relative to the margin, so the same paragraph fits
        portrait and landscape widths (LibreOffice 7.4 reads the position tab as a plain tab: the
        Header and Footer styles carry a right tab stop at the portrait width for it).
        ``titlePg`` (first page different) is per section and only the first section sets it:
        Word gives a later section without it the inherited default header on every page.
        """
        first, *later = self.document.sections
        first.header.is_linked_to_previous = False
        first.footer.is_linked_to_previous = False
        self._furniture(first.header.paragraphs[0], header=True)
        self._furniture(first.footer.paragraphs[0], header=False)
        first.different_first_page_header_footer = True
        first.first_page_header.is_linked_to_previous = False
        first.first_page_footer.is_linked_to_previous = False
        first.first_page_header.paragraphs[0].style = st.HEADER
        self._furniture(first.first_page_footer.paragraphs[0], header=False)
        for section in later:
            section.different_first_page_header_footer = False
            for part in (
                section.header,
                section.footer,
                section.first_page_header,
                section.first_page_footer,
            ):
                part.is_linked_to_previous = True

    def _furniture(self, paragraph: Paragraph, *, header: bool) -> None:
        paragraph.style = st.HEADER if header else st.FOOTER
        p = paragraph._p
        handling = [x.val("rStyle", self.style_ids[st.HANDLING_MARK])]
        if header:
            if self.meta.short_title:
                p.append(x.text_run(self.meta.short_title))
            if self.meta.handling:
                p.append(x.ptab_run())
                p.append(x.text_run(self.meta.handling, handling))
            return
        if self.meta.handling:
            p.append(x.text_run(self.meta.handling, handling))
        p.append(x.ptab_run())
        p.append(x.text_run("Page "))
        for run in x.field("PAGE", "1"):
            p.append(run)
        p.append(x.text_run(" of "))
        for run in x.field("NUMPAGES", "1"):
            p.append(run)

    def _settings(self) -> None:
        settings = self.document.settings.element
        x.remove(settings, "savePreviewPicture", "proofState")  # the template's, about its text
        for setting in settings.iter(qn("w:compatSetting")):  # Word 2013+ layout, no
            if setting.get(qn("w:name")) == "compatibilityMode":  # "[Compatibility Mode]"
                setting.set(qn("w:val"), "15")
        if self.rules.hyphenate:  # as the stylesheet's html { hyphens }
            x.put(settings, x.on("autoHyphenation"))
        x.put(settings, x.val("updateFields", "true"))
        x.put(settings, x.val("decimalSymbol", "."))
        x.put(settings, x.val("listSeparator", ","))  # separates the TOC field's \t list
        sep, cont = x.FOOTNOTE_SEPARATOR_IDS
        x.put(
            settings,
            x.el(
                "w:footnotePr",
                None,
                x.el("w:footnote", {"id": sep}),
                x.el("w:footnote", {"id": cont}),
            ),
        )

    def _core_properties(self) -> None:
        props = self.document.core_properties
        meta = self.meta
        props.title = meta.title
        props.author = meta.author
        props.last_modified_by = meta.author
        props.subject = meta.description
        props.keywords = meta.keywords
        props.language = meta.language
        props.comments = ""
        props.category = "Policy brief"
        props.revision = 1
        if meta.created:
            props.created = meta.created
            props.modified = meta.created


def _style_of(p) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def write_docx(
    html: str, path, *, paper: str | None = None, page_numbers: Mapping[str, int] | None = None
) -> None:
    """Write the brief's HTML as an editable Word document at ``path``.

    ``paper`` ("a4" or "letter") overrides the size the HTML's print stylesheet asks for.
    ``page_numbers`` (HTML id → page, from the PDF layout) fill the contents' cached page numbers,
    so a reader who never updates fields still sees them; Word recomputes them on update.
    Every word comes from ``html``.
    """
    root = lxml.html.document_fromstring(html)
    problems = vocabulary_problems(root.body)
    if problems:
        raise DocxVocabularyError(problems)
    writer = Writer(root, html, paper=paper, page_numbers=page_numbers or {})
    writer.write()
    writer.save(path)

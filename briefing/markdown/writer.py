"""HTML → pandoc Markdown: the third writer, walking the same HTML the DOCX writer walks.

Parsing, class and element helpers, the outermost SVGs and the rule for an element it has no
mapping for (stop, naming it) are the shared walker's (:mod:`briefing.walker`); this module keeps
only what is Markdown's.

One document, many writers: the text, the footnotes, the matrix and the figure all come from
the brief's HTML, never from the model, so the Markdown says what the PDF and the DOCX say.
Mapping: the masthead becomes a YAML title block; ``h2``/``h3``/``h4`` become ``#``/``##``/``###``
with the section's id; ``span.footnote`` becomes a pandoc footnote; ``table.matrix`` a pipe
table with its caption; ``blockquote.pullquote`` a block quote; ``figure.chart`` an image
(its ``svg`` written beside the Markdown) whose alt text is the SVG's ``aria-label``.
The table of contents is left to the reader of the Markdown (``pandoc --toc``).

Citations stay data: each ``a.cite`` carries the marker the analyst wrote (``data-cite``), which
the Markdown keeps as ``[@id, locator]``; the reference list becomes pandoc's ``#refs`` div and
its items (``data-csl``) a CSL-JSON file named in the YAML header, so ``pandoc --citeproc --csl
any.csl`` writes the notes and the bibliography again, in any style.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field

from briefing.cite.styles import BUNDLED, FOLDER
from briefing.html.vocabulary import BLOCKS, INLINES
from briefing.walker import Page, children, classes, unknown

SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; U+00A0 is content
# Characters pandoc would read as markup anywhere in a line (all ASCII punctuation may be escaped).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>@^~$|{}])")
_LINE_START = re.compile(r"^(\s*)([#+>:-]|\d+[.)](?=\s|$))")
_CONFIDENCE = "confidence"
_LISTS = frozenset({"ul", "ol"})
_SVG_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def escape(text: str) -> str:
    """Text as pandoc Markdown reads it back literally."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


@dataclass
class Figure:
    """A picture the Markdown refers to (an SVG, the logo); the caller writes it beside the ``.md``."""

    name: str
    data: bytes


@dataclass
class Markdown:
    text: str
    figures: list[Figure] = field(default_factory=list)
    bibliography: Figure | None = None  # the CSL-JSON items the citations name
    style: Figure | None = None  # the brief's bundled CSL style, so pandoc cites as the brief does


class Writer:
    """Walks the body once; footnotes are numbered in reading order and defined at the end."""

    def __init__(self, figure_prefix: str, page: Page) -> None:
        self.figure_prefix = figure_prefix
        self.page = page
        self.blocks: list[str] = []
        self.notes: list[str] = []
        self.figures: list[Figure] = []
        self.meta: dict[str, object] = {}
        self.items: list[object] = []  # CSL-JSON, from the reference list
        self.style: str | None = None  # the bundled CSL style's id, from the reference list

    # --- inline ----------------------------------------------------------------------------

    def inline(self, element, *, in_table: bool = False, skip: frozenset[str] = frozenset()) -> str:
        """The inline content of ``element`` as one line of Markdown (``skip``: tags left out)."""
        parts: list[str] = [self._text(element.text)]
        for child in element:
            if isinstance(child.tag, str) and child.tag not in skip:  # comments hold no text
                parts.append(self._inline_element(child, in_table=in_table))
            parts.append(self._text(child.tail))
        return "".join(parts)

    def _text(self, text: str | None) -> str:
        if not text:
            return ""
        return escape(SPACE.sub(" ", text.replace("\u2060", "")))

    def _inline_element(self, el, *, in_table: bool) -> str:
        lang = el.get("lang")
        text = self._inline_markup(el, in_table=in_table)
        return f'[{text}]{{lang="{lang}"}}' if lang and text.strip() else text

    def _inline_markup(self, el, *, in_table: bool) -> str:
        tag, cls = el.tag, classes(el)
        if tag not in INLINES and tag in BLOCKS:  # a loose list item's <p>, a list in a cell: its text
            return f" {self.inline(el, in_table=in_table).strip()} "
        if tag not in INLINES:
            unknown(el)
        if tag == "span" and "footnote" in cls and (cited := _only_citation(el)):
            return cited  # a citation in a note style: pandoc makes the note
        if tag == "a" and "cite" in cls and el.get("data-cite"):
            return el.get("data-cite")
        if tag == "span" and "footnote" in cls:
            self.notes.append(self.inline(el).strip())
            return f"[^{len(self.notes)}]"
        inner = self.inline(el, in_table=in_table)
        if tag == "br":
            return " " if in_table else "\\\n"
        if tag in {"em", "i"}:
            return _wrap(inner, "*")
        if tag in {"strong", "b"} or (tag == "span" and ({_CONFIDENCE, "stance-label"} & set(cls))):
            return _wrap(inner, "**")
        if tag == "a" and el.get("href"):
            return f"[{inner}]({el.get('href')})"
        return inner

    # --- blocks ----------------------------------------------------------------------------

    def block(self, element, depth: int = 0) -> None:
        """Write ``element`` and what it holds as Markdown blocks."""
        tag, cls = element.tag, classes(element)
        if tag == "header" and "masthead" in cls:
            self.masthead(element)
        elif tag == "nav":
            return
        elif tag in {"section", "div", "body"}:
            first_heading = True
            for child in children(element):
                if first_heading and child.tag in {"h2", "h3", "h4"} and element.get("id"):
                    self.heading(child, element.get("id"))
                    first_heading = False
                    continue
                self.block(child, depth)
        elif tag in {"h1", "h2", "h3", "h4"}:
            self.heading(element, element.get("id"))
        elif tag == "p":
            text = self.inline(element).strip()
            if text and element.get("lang"):  # a paragraph in another language: a pandoc div
                self.blocks.append(f'::: {{lang="{element.get("lang")}"}}\n{_line_start(text)}\n:::')
            elif text:
                self.blocks.append(_line_start(text))
        elif tag == "ol" and "references" in cls:
            self.items += [json.loads(li.get("data-csl")) for li in children(element) if li.get("data-csl")]
            self.style = element.get("data-style")
            self.blocks.append("::: {#refs}\n:::")  # where pandoc --citeproc puts the bibliography
        elif tag in {"ul", "ol"}:
            self.blocks.append(self.listing(element))
        elif tag == "blockquote":
            self.blocks.append(self.quote(element))
        elif tag == "table":
            self.blocks.append(self.table(element))
        elif tag in {"figure", "svg"}:
            self.figure(element)
        elif tag == "img":
            self.logo(element)
        else:
            unknown(element)

    def masthead(self, header) -> None:
        for child in children(header):
            cls = classes(child)
            text = " ".join(child.text_content().split())
            if child.tag == "img":
                self.logo(child)
            elif child.tag == "h1":
                self.meta["title"] = text
            elif "subtitle" in cls:
                self.meta["subtitle"] = text
            elif "handling" in cls:
                self.blocks.append(_wrap(self.inline(child).strip(), "**"))
            else:
                self.blocks.append(_line_start(self.inline(child).strip()))

    def logo(self, img) -> None:
        """A ``data:`` image (the theme's logo) written beside the Markdown as a file."""
        head, _, data = (img.get("src") or "").partition(",")
        if not (head.startswith("data:image/") and head.endswith(";base64")):
            return
        suffix = {"image/png": "png", "image/jpeg": "jpg"}.get(head[5:].split(";")[0], "img")
        name = f"{self.figure_prefix}-logo.{suffix}"
        self.figures.append(Figure(name, base64.b64decode(data)))
        self.blocks.append(f"![{escape(img.get('alt') or '')}]({name})\\ ")

    def heading(self, element, anchor: str | None) -> None:
        level = {"h1": 1, "h2": 1, "h3": 2, "h4": 3}[element.tag]
        text = self.inline(element).strip()
        attrs = f" {{#{anchor}}}" if anchor else ""
        self.blocks.append(f"{'#' * level} {text}{attrs}")

    def listing(self, element, indent: str = "") -> str:
        ordered = element.tag == "ol"
        lines: list[str] = []
        for number, item in enumerate((c for c in children(element) if c.tag == "li"), 1):
            marker = f"{number}." if ordered else "-"
            pad = " " * (len(marker) + 1)
            # the item's own text, then any nested lists below it
            nested = [c for c in children(item) if c.tag in _LISTS]
            text = self.inline(item, skip=_LISTS).strip()
            if item.get("id"):
                text = f"[{text}]{{#{item.get('id')}}}"
            lines.append(f"{indent}{marker} {text}")
            for sub in nested:
                lines.append("")
                lines.append(self.listing(sub, indent + pad))
        return "\n".join(lines)

    def quote(self, element) -> str:
        paragraphs = [self.inline(p).strip() for p in children(element)]
        return "\n>\n".join("> " + _line_start(p) for p in paragraphs if p)

    def table(self, element) -> str:
        rows = [r for r in element.iter("tr")]
        cells = [[self.inline(c, in_table=True).strip() for c in children(r)] for r in rows]
        if not cells:
            return ""
        width = max(len(r) for r in cells)
        cells = [r + [""] * (width - len(r)) for r in cells]
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
        caption = element.find("caption")
        if caption is not None:
            lines += ["", ": " + self.inline(caption).strip()]
        return "\n".join(lines)

    def figure(self, element) -> None:
        """A ``figure.chart`` (or a bare ``svg``): the drawing as an SVG file beside the Markdown."""
        svg = element if element.tag == "svg" else next((c for c in element.iter("svg")), None)
        caption = element.find("figcaption")
        if svg is not None:
            drawn = sum(f.name.endswith(".svg") for f in self.figures)  # the n-th <svg> of the page
            name = f"{self.figure_prefix}-{element.get('id') or f'figure-{drawn + 1}'}.svg"
            self.figures.append(Figure(name, _SVG_DECLARATION + self.page.svgs[drawn].encode()))
            alt = escape(" ".join((svg.get("aria-label") or "").split()))
            anchor = f"{{#{element.get('id')}}}" if element.get("id") else ""
            # the trailing escaped space keeps pandoc from turning the alt text into a caption
            self.blocks.append(f"![{alt}]({name}){anchor}\\ ")
        if caption is not None:
            self.blocks.append(_wrap(self.inline(caption).strip(), "*"))

    # --- the whole document ----------------------------------------------------------------

    def document(self, root) -> str:
        lang = root.get("lang")
        if lang:
            self.meta["lang"] = lang
        head = root.find("head")
        if head is not None:
            for meta in head.iter("meta"):
                name, content = meta.get("name"), meta.get("content")
                if name == "author" and content:
                    self.meta["author"] = content
                elif name == "keywords" and content:
                    self.meta["keywords"] = [k.strip() for k in content.split(",") if k.strip()]
                elif name == "dcterms.created" and content:
                    self.meta["date"] = content
        body = root.find("body")
        for child in children(body) if body is not None else []:
            self.block(child)
        if self.items:
            self.meta["bibliography"] = f"{self.figure_prefix}-references.json"
        if self.style in BUNDLED:
            self.meta["csl"] = f"{self.style}.csl"
        front = "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in self.meta.items())
        parts = [front + "\n---", *self.blocks]
        parts += [f"[^{n}]: {_line_start(note)}" for n, note in enumerate(self.notes, 1)]
        return "\n\n".join(p for p in parts if p) + "\n"


def _wrap(text: str, mark: str) -> str:
    """Emphasis with the white space kept outside the marks, where pandoc needs it."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _only_citation(span) -> str | None:
    """A footnote that holds one ``a.cite`` and nothing else: its citation marker."""
    inner = list(span)
    if len(inner) != 1 or (span.text or "").strip() or (inner[0].tail or "").strip():
        return None
    a = inner[0]
    return a.get("data-cite") if a.tag == "a" and "cite" in classes(a) else None


def _line_start(text: str) -> str:
    """Escape what would start a heading, list or quote at the beginning of a paragraph."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def to_markdown(html: str, *, figure_prefix: str) -> Markdown:
    """The brief's HTML as pandoc Markdown, with the figures it refers to."""
    page = Page(html)
    writer = Writer(figure_prefix, page)
    text = writer.document(page.root)
    bibliography = None
    if writer.items:
        data = json.dumps(writer.items, ensure_ascii=False, indent=1) + "\n"
        bibliography = Figure(f"{figure_prefix}-references.json", data.encode("utf-8"))
    style = None
    if writer.style in BUNDLED:
        style = Figure(f"{writer.style}.csl", (FOLDER / f"{writer.style}.csl").read_bytes())
    return Markdown(text, writer.figures, bibliography, style)

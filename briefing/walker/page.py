"""The brief's HTML parsed once for a writer, with its outermost SVGs as standalone documents."""

from __future__ import annotations

import copy
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import lxml.html
import tinyhtml5

from briefing.walker.source import is_element

SVG_NS = "http://www.w3.org/2000/svg"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"


class Page:
    """``root`` and ``body`` as lxml reads them; ``svgs`` as an HTML5 parser reads them.

    lxml's HTML parser lowercases attribute names (``viewBox`` would become ``viewbox``, which SVG
    renderers ignore), so a drawing is taken from tinyhtml5 (WeasyPrint's own parser), which keeps
    SVG's names, nesting and namespace; the n-th ``<svg>`` of :meth:`outermost_svgs` is the n-th
    document of :attr:`svgs`.
    """

    def __init__(self, html: str) -> None:
        self.html = html
        self.root = lxml.html.document_fromstring(html)

    @property
    def body(self):
        return self.root.body

    @functools.cached_property
    def svgs(self) -> list[str]:
        """Every outermost ``<svg>`` in document order as an SVG document (parsed on first use)."""
        return svg_documents(self.html)

    def outermost_svgs(self) -> list:
        return [e for e in self.body.iter("svg") if not any(a.tag == "svg" for a in e.iterancestors())]


def children(element) -> Iterator:
    """The child elements of ``element`` (no comments, no processing instructions)."""
    return (child for child in element if is_element(child))


_SVG_TAG = re.compile(r"<(/?)svg\b[^>]*?(/?)>", re.I)


def _svg_spans(html: str) -> Iterator[str]:
    """The source text of each outermost ``<svg>…</svg>``: the templates escape ``<`` in text and
    attributes, so in the brief's HTML a ``<svg`` is always a tag."""
    depth, start = 0, 0
    for tag in _SVG_TAG.finditer(html):
        closing, empty = tag.group(1), tag.group(2)
        if closing:
            depth -= 1
            if depth == 0:
                yield html[start : tag.end()]
        elif not empty:
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth == 0:
            yield tag.group(0)


def svg_documents(html: str) -> list[str]:
    """Every outermost ``<svg>`` of ``html`` in document order, as standalone SVG documents.

    Only the drawings' own text goes through the HTML5 parser: parsing a whole brief took a
    tenth of the DOCX writer's time for one figure."""
    found: list[str] = []
    ET.register_namespace("", SVG_NS)

    def walk(element) -> None:
        for child in element:
            if child.tag == f"{{{SVG_NS}}}svg":
                svg = copy.deepcopy(child)
                for node in svg.iter():  # xmlns="…" read as an attribute: the namespace says it
                    for name in [n for n in node.attrib if n.startswith(f"{{{XMLNS_NS}}}")]:
                        del node.attrib[name]
                found.append(ET.tostring(svg, encoding="unicode"))
            else:
                walk(child)

    for span in _svg_spans(html):
        walk(tinyhtml5.parse(span))
    return found

"""What the HTML knows that WeasyPrint 70's structure tree leaves out, written into it as it is built.

WeasyPrint builds the PDF's structure tree from its boxes (``weasyprint.pdf.tags``) but carries
few HTML attributes across. :func:`install` wraps its ``_build_box_tree`` so that each structure
element it makes also gets, from the element the box came from:

- ``/Lang`` from a ``lang`` attribute (Chinese quotes in an English brief get a Chinese voice);
- ``/Scope`` on ``TH`` from ``scope`` (``col`` → ``Column``, ``row`` → ``Row``);
- ``/ActualText`` from ``aria-label`` on a ``span`` (a stance symbol is read as its label),
  ``/Alt`` from ``aria-label`` on a figure that has no ``<title>``;
- the link annotation's ``/Contents`` from the link's own text instead of its target URL;
- footnotes tagged ``Note`` with an ``/ID``; the footnote call records which note it calls.

What must be moved or removed afterwards (notes into reading order, page-split elements joined,
leaders and running heads made artifacts, nested links flattened) is left to
:mod:`briefing.pdf.structure`, which works on the written file with pikepdf. To let it, each
element carries three private keys, which it reads and deletes: ``/BriefingKey`` (the same for
every piece of one HTML element split across pages), ``/BriefingArtifact`` (a dotted leader) and
``/BriefingCall`` + ``/BriefingRect`` (a footnote call: the note's ID and where the call sits).

The wrapper is small on purpose: each item is a change WeasyPrint could take upstream.
"""

from __future__ import annotations

from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row", "both": "/Both"}
NOTE_PREFIX = "note-"

_build_box_tree = tags._build_box_tree


class _Keys:
    """One run's numbering of HTML elements and footnotes (reset when a new document starts)."""

    def __init__(self) -> None:
        self.pdf: Any = None
        self.elements: dict[int, int] = {}
        self.notes: dict[int, int] = {}

    def for_pdf(self, pdf: Any) -> _Keys:
        if pdf is not self.pdf:
            self.pdf, self.elements, self.notes = pdf, {}, {}
        return self

    def element(self, element: Any) -> str:
        return str(self.elements.setdefault(id(element), len(self.elements) + 1))

    def note(self, element: Any) -> str:
        return f"{NOTE_PREFIX}{self.notes.setdefault(id(element), len(self.notes) + 1)}"


_KEYS = _Keys()


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def annotate(box: Any, element: pydyf.Dictionary, pdf: Any) -> None:
    """Copy what the box's HTML element says about itself onto its structure element."""
    html = box.element
    if html is None or "BriefingKey" in element:  # html, body and pages pass their children up
        return
    keys = _KEYS.for_pdf(pdf)
    tag, kind = str(box.element_tag or ""), element.get("S")
    element["BriefingKey"] = pydyf.String(keys.element(html) + ("" if "::" not in tag else tag))
    lang = html.get("lang") or html.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and tag != "html" and "::" not in tag:
        element["Lang"] = pydyf.String(lang)
    if kind == "/TH":
        scope = SCOPES.get((html.get("scope") or "col").lower(), "/Column")
        element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope
    label = html.get("aria-label")
    if label and tag == "span":
        element["ActualText"] = pydyf.String(label)
    elif label and kind == "/Figure" and "Alt" not in element:
        element["Alt"] = pydyf.String(label)
    if box.is_leader:
        element["BriefingArtifact"] = "true"
    text = _text(html) if box.link_annotation is not None and tag == "a" else ""
    if text:
        box.link_annotation["Contents"] = pydyf.String(text)
    if tag == "span" and "footnote" in (html.get("class") or "").split():
        element["S"] = "/Note"
        element["ID"] = pydyf.String(keys.note(html))
    elif tag.endswith("::footnote-call"):
        element["BriefingCall"] = pydyf.String(keys.note(html))
        x, y, width, height = box.hit_area()
        element["BriefingRect"] = pydyf.Array([x, y, x + width, y + height])


def _annotated(box, parent, pdf, page_number, nums, annotations, tags_):
    """WeasyPrint's own ``_build_box_tree``, then :func:`annotate` on each element it yields."""
    real = box._box if isinstance(box, tags.AbsolutePlaceholder) else box
    for element in _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags_):
        if not isinstance(real, boxes.MarginBox):
            annotate(real, element, pdf)
        yield element


def install() -> None:
    """Make WeasyPrint's tagging (and its recursion, which looks the name up) call :func:`_annotated`."""
    tags._build_box_tree = _annotated

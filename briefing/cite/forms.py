"""Every citation form a brief prints, written by the CSL processor in the brief's style.

Two processor runs, each cached by content:

* the fixed forms, known from the data before rendering: the bibliography (entries and their
  order), each source's short form (source-note headings, ``check`` and ``list``, the timeline),
  each pull-quote's attribution with its locator, the matrix cells' citations;
* the notes of the prose, in document order, so the processor decides which note is a first
  (full) note, a short note or "Ibid.". Prose rendering records each citation group and leaves
  a placeholder; :meth:`Citations.resolve` replaces them all after the template has run.

In a note style a short form is a later note (a note citing every source comes first, then a
neutral note between two requests so none reads as "Ibid."); in an in-text style it is the
in-text citation, ``Roe (2021)`` for a heading.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefing.citations import Cite, find_markers
from briefing.cite import inlines, pandoc, styles
from briefing.cite.pandoc import Group, Request
from briefing.lang import direction, first_strong, other_direction, primary

if TYPE_CHECKING:
    from briefing.model import Brief, Source

SEPARATOR = "briefing-separator"  # a neutral item between requests: never "Ibid." to the last
_CJK_LANGS = {"zh", "ja", "ko"}
CLONE = "~"  # not in a source id: "brown-2021~3" is a copy of brown-2021
_SEPARATOR_ITEM = {"id": SEPARATOR, "type": "document", "title": "-"}
_HOLE = re.compile("\ue000(\\d+)\ue001")
_FINAL_PERIOD = re.compile(r"\.(?=(?:[”’»\u202f\u00a0]|</[a-z]+>)*$)")  # "Title.”" → "Title”"


def group_of(cites: Iterable[Cite]) -> Group:
    return tuple((c.source, c.locator) for c in cites)


def pandoc_cite(group: Group) -> str:
    """The group in pandoc's citation syntax, ``[@a, para. 9; @b]``: the HTML keeps it on each
    citation (``data-cite``) so the Markdown export cites as the analyst wrote."""
    return "[" + "; ".join(f"@{source}" + (f", {loc}" if loc else "") for source, loc in group) + "]"


class Citations:
    """The citation forms of one brief in one style (``style``: an id or a ``.csl`` path)."""

    def __init__(self, brief: Brief, style: str | None = None, base: Path | None = None) -> None:
        self.brief = brief
        self.style = styles.resolve(style or getattr(brief, "citation_style", None) or _legacy(brief), base)
        self.note_style = styles.is_note_style(self.style)
        # OSCOLA's later notes point back ("Brown (n 2)"): its labels must be first notes
        self.back_refs = b"first-reference-note-number" in self.style.read_bytes()
        self.lang = getattr(brief, "lang", None) or "en"
        self.groups: list[Group] = []  # the prose's citation groups, in document order

    # -- the fixed forms ------------------------------------------------------------------------

    @functools.cached_property
    def _fixed(self) -> tuple[dict[Group, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
        wanted: dict[Group, None] = {}
        for s in self.brief.sources:
            wanted[((s.id, None),)] = None
            for q in s.quotes:
                wanted[((s.id, q.locator),)] = None
        for text in self._data_citations():
            for marker in find_markers(text):
                wanted[group_of(marker.cites)] = None
        groups = list(wanted)
        if self.note_style:
            every = tuple((s.id, None) for s in self.brief.sources)
            requests = [Request(every), Request(((SEPARATOR, None),))]
            for n, g in enumerate(groups):
                asked = tuple((f"{i}{CLONE}{n}", loc) for i, loc in g) if self.back_refs else g
                requests += [Request(asked), Request(((SEPARATOR, None),))]
            out = self._run(requests, clones=len(groups) if self.back_refs else 0)
            formed = dict(zip(groups, out.cites[2::2], strict=True))
        else:
            singles = [g for g in groups if len(g) == 1 and g[0][1] is None]
            requests = [Request(g) for g in groups] + [Request(g, in_text=True) for g in singles]
            out = self._run(requests)
            formed = dict(zip(groups, out.cites, strict=False))
            for g, inl in zip(singles, out.cites[len(groups) :], strict=True):
                formed[(("in-text", g[0][0]),)] = inl
        return formed, out.bibliography

    @functools.cached_property
    def items(self) -> list[dict[str, Any]]:
        """The sources as CSL-JSON items."""
        return [s.csl() for s in self.brief.sources]

    def _data_citations(self) -> list[str]:
        """Citations in data rather than prose: matrix cells and timeline events."""
        cells = [c.stance for row in self.brief.matrix.values() for c in row.values()]
        return cells + [e.cite for e in self.brief.timeline]

    def _run(self, requests: Sequence[Request], clones: int = 0) -> pandoc.Output:
        """``clones``: each item again under ``id~n`` for n < clones, so each is a first cite."""
        items = [*self.items, _SEPARATOR_ITEM] if self.note_style else list(self.items)
        items += [{**i, "id": f"{i['id']}{CLONE}{n}"} for n in range(clones) for i in self.items]
        out = pandoc.run(items, requests, self.style, self.lang)
        bibliography = {k: v for k, v in out.bibliography.items() if k != SEPARATOR and CLONE not in k}
        return pandoc.Output(out.cites, bibliography)

    def _html(self, inl: list[dict[str, Any]], source: Source | None, *, links: bool = False) -> Markup:
        upright = source is not None and primary(source.lang) in _CJK_LANGS  # these scripts have no italic
        out = inlines.html(inl, links=links, upright=upright)
        tag = self.brief.foreign(source.lang) if source is not None else None
        if not tag:
            return out
        way = other_direction(self.lang, tag)  # a Latin note in Arabic keeps its quotes and stop
        way_attr = Markup(' dir="{}"').format(way) if way else ""
        return Markup('<span class="lang" lang="{}"{}>{}</span>').format(tag, way_attr, out)

    def _mixed(self, inl: list[dict[str, Any]]) -> Markup:
        """A note citing several sources: each item that starts in a script running the other way
        than the brief (a Latin reference in an Arabic note) carries that ``dir``, so its quotes
        and stops stay with it; the processor gives no item boundaries but the ``;`` between."""
        out = Markup("")
        for item in _items(inl):
            words = inlines.html(item, links=False)
            way = first_strong(words.striptags())
            if way and way != direction(self.lang):
                start = next(i for i, node in enumerate(item) if node["t"] != "Space")
                end = max(i for i, node in enumerate(item) if node["t"] != "Space") + 1
                inner = inlines.html(item[start:end], links=False)
                words = (
                    inlines.html(item[:start], links=False)
                    + Markup('<span class="dir" dir="{}">{}</span>').format(way, inner)
                    + inlines.html(item[end:], links=False)
                )
            out += words
        return out

    @property
    def style_id(self) -> str | None:
        """The bundled style's id (the Markdown export writes its file beside), else None."""
        return self.style.stem if self.style.parent == styles.FOLDER else None

    @property
    def references(self) -> list[Source]:
        """The sources in the style's bibliography order."""
        return [self.brief.source(k) for k in self._fixed[1]]

    def reference(self, source: Source) -> Markup:
        """The bibliography entry, its URL or DOI a link."""
        return self._html(self._fixed[1][source.id], source, links=True)

    def short(self, source: Source, locator: str | None = None) -> Markup:
        """The short form: ``Brown, “Russia’s DPRK Policy,” para. 4`` (a later note, no final
        period) or ``(Brown 2021, para. 4)`` in an in-text style."""
        inl = self._fixed[0][((source.id, locator),)]
        if self.note_style:
            return Markup(_FINAL_PERIOD.sub("", str(self._html(inl, source)), count=1))
        return self._html(_bare(inl), source)

    def label(self, source: Source) -> Markup:
        """A heading for the source: the short note, or ``Brown (2021)`` in an in-text style."""
        if self.note_style:
            return self.short(source)
        return self._html(self._fixed[0][(("in-text", source.id),)], source)

    def text(self, source: Source) -> str:
        """The label as plain text (``check``, ``list``, the timeline)."""
        return self.label(source).striptags()

    def cite(self, group: Group) -> Markup:
        """A citation group from the data (a matrix cell, a timeline event), in the style."""
        source = self.brief.source(group[0][0]) if len(group) == 1 else None
        return self._html(self._fixed[0][group], source)

    # -- the notes of the prose ------------------------------------------------------------------

    def hole(self, cites: Sequence[Cite]) -> Markup:
        """A placeholder for one citation group of the prose, filled by :meth:`resolve`."""
        self.groups.append(group_of(cites))
        return Markup(f"\ue000{len(self.groups) - 1}\ue001")

    def resolve(self, html: str) -> str:
        """``html`` with every placeholder replaced by its note or in-text citation."""
        if not self.groups:
            return html
        requests = [Request(g) for g in self.groups]
        if self.note_style and getattr(self.brief, "notes", None) == "short":  # CMOS 14.19
            every = tuple((s.id, None) for s in self.brief.sources)
            requests = [Request(every), Request(((SEPARATOR, None),)), *requests]
        formed = self._run(requests).cites[len(requests) - len(self.groups) :]

        def fill(match: re.Match[str]) -> str:
            n = int(match.group(1))
            group = self.groups[n]
            source = self.brief.source(group[0][0]) if len(group) == 1 else None
            words = self._html(formed[n], source) if source else self._mixed(formed[n])
            first = group[0][0]  # several sources in one note: the link goes to the first one's entry
            link = '<a class="cite" href="#ref-{}" data-cite="{}">{}</a>'
            return str(Markup(link).format(first, pandoc_cite(group), words))

        return _HOLE.sub(fill, html)


def _items(inl: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A note citing several sources cut after each ``;`` that ends a top-level word: its items."""
    out: list[list[dict[str, Any]]] = [[]]
    for node in inl:
        out[-1].append(node)
        if node["t"] == "Str" and node["c"].endswith(";"):
            out.append([])
    return [item for item in out if item]


def _legacy(brief: Brief) -> str | None:
    """``notes: author-date`` (before styles) meant Chicago author-date."""
    return "chicago-author-date" if getattr(brief, "notes", None) == "author-date" else None


def _bare(inl: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An in-text citation without its parentheses, ``Brown 2021, para. 4``, to read as a label."""
    out = copy.deepcopy(inl)
    first, last = _edge(out, 0), _edge(out, -1)
    if first and last and first["c"].startswith("(") and last["c"].endswith(")"):
        first["c"], last["c"] = first["c"][1:], last["c"][:-1]
    return out


def _edge(inl: list[dict[str, Any]], end: int) -> dict[str, Any] | None:
    """The first (``end=0``) or last (``-1``) text node, however deep in spans and emphasis."""
    for node in inl if end == 0 else reversed(inl):
        if node["t"] == "Str":
            return node
        content = node.get("c")
        if isinstance(content, list) and content:
            kind = node["t"]
            inner = content[1] if kind == "Link" else content[-1] if kind in ("Span", "Quoted") else content
            if isinstance(inner, list) and (found := _edge(inner, end)) is not None:
                return found
        if node["t"] not in ("Space", "SoftBreak"):
            return None
    return None

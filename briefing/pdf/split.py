"""A long brief laid out as two WeasyPrint documents (front and source notes), joined into one PDF.

WeasyPrint keeps every page's boxes and computed styles until the PDF is written, so a brief's
peak memory grows with its length: 100 generated sources peak at 364–404 MB as one document.
Laid out as the front matter and body (up to the source notes) and then the source notes and
references, each written and let go before the next, they peak at 245–255 MB; the notes begin
a new page. It costs time: the notes are laid out twice (once for their page count), so a split
build took 1.1–1.2× as long as a whole one (bench/split.py, load 8–9 on 2 CPUs), and only a
brief whose single layout would pass 300 MB (about 60 sources and up) is split.

The halves refer to each other: the contents give the notes' pages, the body links to the
notes, the notes give the pages of the actors' sections ("p. N"), and every footer says
"Page N of M". So each half is laid out with stand-in pages for the other: empty pages that
hold the other half's anchors on the pages where they land. The page counter, ``counter(pages)``,
``target-counter()`` and the internal links then come out as in one document, and
:mod:`briefing.pdf.join` keeps only the real pages. The order that settles every number:

1. the notes, with the body's anchors guessed (two-digit page numbers), for their page count
   and where their anchors land;
2. the body, with the notes' stand-ins from 1, written;
3. the notes, with the body's anchors as 2 found them, written;
4. if 3 landed differently from 1 (a page number of another width moved a line), the body again.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from html import escape

from weasyprint.document import Document

MIN_SOURCES = 60  # below, one layout stays under 300 MB (50 sources: 264) and the split costs time
START = '<section id="sources"'  # where the annex begins (templates/sections/sources.html.j2)
SOURCE = re.compile(r'<section class="source"')
BODY = re.compile(r"<body\b[^>]*>")
IDS = re.compile(r'\sid="([^"]+)"')
HREFS = re.compile(r'\shref="#([^"]+)"')
FOOTNOTES = re.compile(r'\sclass="(?:[^"]*\s)?footnote(?:\s[^"]*)?"')
CARRIERS = (  # elements whose string-set the notes' running heads need (templates/print.css.j2)
    re.compile(r'<p class="handling">.*?</p>', re.S),
    re.compile(r'<h1 class="title"[^>]*>.*?</h1>', re.S),
)
TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*\)")
GUESS = '"00"'  # a page number of two digits: Plex's figures are tabular, so any other two take its room
STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@dataclass
class Split:
    """A brief to be laid out in two halves; ``pages`` is filled in when it is written."""

    html: str
    pages: range = field(default_factory=lambda: range(0))


def wanted(html: str) -> bool:
    return START in html and len(SOURCE.findall(html)) >= MIN_SOURCES


@dataclass
class Halves:
    """The two halves' HTML, and which anchors each needs from the other."""

    head: str  # up to and with <body …>
    front: str  # the rest of the front, up to </body>
    annex: str
    front_wants: list[str]  # anchors in the annex the front links to, in order
    annex_wants: list[str]  # anchors the annex links to (in either half)
    annex_ids: set[str]
    carriers: str
    notes_before: int  # footnotes in the front: the annex's numbering goes on from there

    @classmethod
    def of(cls, html: str) -> Halves:
        start, end = html.index(START), html.rindex("</body>")
        opening = BODY.search(html)
        assert opening is not None and opening.end() <= start
        head, front, annex = html[: opening.end()], html[opening.end() : start], html[start:end]
        annex_ids = set(IDS.findall(annex))
        front_wants = list(dict.fromkeys(h for h in HREFS.findall(front) if h in annex_ids))
        annex_wants = list(dict.fromkeys(HREFS.findall(annex)))
        carriers = "".join(m.group(0) for p in CARRIERS if (m := p.search(front)))
        notes = len(FOOTNOTES.findall(front))
        return cls(head, front, annex, front_wants, annex_wants, annex_ids, carriers, notes)

    def front_html(self, annex_pages: int, anchors: dict[str, int]) -> str:
        """The front, then ``annex_pages`` stand-in pages with the annex's anchors where they land."""
        stand_ins = _stand_ins(annex_pages, anchors, self.front_wants, "", True)
        return f"{self.head}{self.front}{stand_ins}{TAIL}"

    def annex_html(self, front_pages: int, pages: dict[str, int] | None) -> str:
        """The annex after ``front_pages`` stand-ins holding the front's running strings and the
        anchors its links need. Each link's page number is written in: ``pages`` maps every
        anchor it links to onto its page; ``None`` writes a guess (the first pass, for sizes)."""
        head = _literal_pages(self.head, pages is not None)
        theirs = [a for a in self.annex_wants if a not in self.annex_ids]
        stand_ins = _stand_ins(front_pages, {}, theirs, self.carriers, False) if front_pages else ""
        annex = self.annex.replace(  # the notes start a page; their footnotes number on from the front's
            START, f'{START} style="break-before: page; counter-reset: footnote {self.notes_before}"', 1
        )
        if pages is not None:
            annex = HREFS.sub(lambda m: f'{m[0]} data-page="{pages.get(m[1], 0)}"', annex)
        return f"{head}{stand_ins}{annex}{TAIL}"


TAIL = "</body>\n</html>\n"


def _literal_pages(head: str, known: bool) -> str:
    """The stylesheet with each link's page number taken from its ``data-page`` (or a guess)."""
    value = "attr(data-page)" if known else GUESS
    return STYLE.sub(lambda m: TARGET_PAGE.sub(value, m[0]), head, count=1)


def _stand_ins(count: int, anchors: dict[str, int], wanted: list[str], first: str, break_first: bool) -> str:
    """``count`` empty pages, anchor ``a`` on page ``anchors[a]`` (1-based, else 1), ``first`` on page 1."""
    on: dict[int, list[str]] = {}
    for anchor in wanted:
        on.setdefault(min(max(anchors.get(anchor, 1), 1), count), []).append(anchor)
    pages = []
    for number in range(1, count + 1):
        style = ' style="break-before: page"' if number > 1 or break_first else ""
        ids = "".join(f'<div id="{escape(a)}"></div>' for a in on.get(number, []))
        carried = first if number == 1 else ""
        pages.append(f'<div class="briefing-stand-in" aria-hidden="true"{style}>{carried}{ids}</div>')
    return "\n".join(pages)


def anchor_pages(document: Document, offset: int = 0) -> dict[str, int]:
    """HTML id → the 1-based page it lands on, less ``offset``."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number - offset)
    return pages


def lay_out(split: Split, layout, write) -> tuple[bytes, bytes, int] | None:
    """The front's and the annex's PDF bytes (each with the other's stand-in pages) and the
    front's page count, or None if the page numbers do not settle (then the brief is laid out
    whole). ``layout(html) → Document``, ``write(Document) → bytes``."""
    halves = Halves.of(split.html)
    annex = _pass(layout, halves.annex_html(0, None), 0, 0, halves.annex_ids)[0]  # 1: its numbers only
    for _ in range(3):  # 4: another round only if a page number of another width moved a line
        front, front_raw = _pass(layout, halves.front_html(*annex), 0, annex[0], None, write)
        pages = {a: front[1][a] for a in halves.annex_wants if a in front[1]}
        pages |= {a: front[0] + annex[1][a] for a in halves.annex_wants if a in annex[1]}
        html = halves.annex_html(front[0], pages)
        settled, annex_raw = _pass(layout, html, front[0], 0, halves.annex_ids, write)
        if settled == annex:
            split.pages = range(front[0] + annex[0])
            return front_raw, annex_raw, front[0]
        annex = settled
    return None


def _pass(layout, html: str, before: int, after: int, own: set[str] | None, write=None):
    """Lay out one half: (its page count, the 1-based page of each of its ``own`` anchors, or of
    all), and its bytes if ``write``; ``before`` and ``after`` stand-in pages are not counted."""
    document = layout(html)
    found = anchor_pages(document, before)
    numbers = (
        len(document.pages) - before - after,
        {a: n for a, n in found.items() if own is None or a in own},
    )
    raw = write(document) if write else b""
    del document
    gc.collect()  # a build runs with the cyclic collector off: the boxes go before the next layout
    return numbers, raw

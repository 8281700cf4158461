"""The contents: ``nav.toc`` as a Word TOC field whose cached result mirrors the HTML's list."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from briefing.docx import oxml as x
from briefing.docx.oxml.fields import field, field_begin, field_end
from briefing.docx.word import styles as st
from briefing.docx.word.bookmarks import internal_hyperlink
from briefing.docx.word.runs import WORD_JOINER
from briefing.walker.source import describe, fail, is_element, normalise

if TYPE_CHECKING:
    from briefing.docx.walk.flow import Writer

# The PDF's contents list (templates/sections/toc.html.j2) holds the h2 sections and the actors:
# Heading 1 and Actor Heading, no other Heading 2. The \t list is "style,level,..." separated
# by the document's list separator (w:listSeparator in settings.xml, written as ",").
TOC_INSTRUCTION = rf'TOC \h \z \t "{st.HEADING[1]},1,{st.HEADING_PAGE},1,{st.ACTOR_HEADING},2"'


PENDING = "0"  # a PAGEREF's result until the document's pages are known
PAGEREF = re.compile(r"\s*PAGEREF\s+(\S+)")


def fill_page_numbers(body, pages: dict[str, int]) -> None:
    """Set the cached result of every PAGEREF field to the page of its bookmark.

    These are the numbers Word and LibreOffice show on opening: no field update (and so no
    prompt) is needed, because :func:`briefing.docx.word.pagination.paginate` made the pages.
    """
    for instr in body.iter(qn("w:instrText")):
        match = PAGEREF.match(instr.text or "")
        if not match:
            continue
        for run in instr.getparent().itersiblings(qn("w:r")):
            shown = run.find(qn("w:t"))
            if shown is not None:
                shown.text = str(pages[match.group(1)])
                break


def _entries(listing, level: int, out: list[tuple[int, str, str, object]]) -> None:
    """``(level, text, target id, link)`` of each ``li > a[href^="#"]``, nested lists a level down."""
    for li in listing:
        if not is_element(li):
            continue
        link = li.find("a")
        if link is not None and (link.get("href") or "").startswith("#"):
            text = normalise(link.text_content().replace(WORD_JOINER, ""))
            out.append((level, text, link.get("href")[1:], link))
        for nested in li:
            if is_element(nested) and nested.tag in ("ol", "ul"):
                _entries(nested, level + 1, out)


def write_toc(w: Writer, nav) -> None:
    """The heading as TOC Heading, then the field: one TOC 1 / TOC 2 paragraph per entry, each a
    link to its heading's bookmark with a dotted tab and a PAGEREF field. Word collects the
    entries again (from the heading styles) when it updates the field on open."""
    entries: list[tuple[int, str, str, object]] = []
    for child in nav:
        if not is_element(child):
            continue
        if child.tag in ("h2", "h3", "h4"):
            w.bookmarks.want(child)
            w.inline_paragraph(w.inline_nodes(child), st.TOC_HEADING)
        elif child.tag in ("ol", "ul"):
            _entries(child, 1, entries)
        else:
            fail(child, f"{describe(child)} cannot stand in nav.toc")
    if not entries:
        fail(nav, f'{describe(nav)} has no links to "#id": nothing for the contents to list')
    paragraphs = []
    for level, text, target, link_element in entries:
        p = w.paragraph(st.TOC[min(level, len(st.TOC))])._p
        bookmark = w.bookmarks.link(target, link_element)
        link = internal_hyperlink(bookmark)
        link.append(x.text_run(text))
        link.append(x.tab_run())  # to the style's right-aligned dotted tab stop
        # The cached page number is filled in by fill_page_numbers once the pages are broken.
        link.extend(field(rf"PAGEREF {bookmark} \h", PENDING))
        p.append(link)
        paragraphs.append(p)
    first = paragraphs[0]
    position = 1 if first.pPr is not None else 0
    for offset, run in enumerate(field_begin(TOC_INSTRUCTION)):
        first.insert(position + offset, run)
    paragraphs[-1].append(field_end())

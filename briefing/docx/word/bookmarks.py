"""HTML ids as Word bookmarks, and the internal links that must land on them.

A block's id marks the next paragraph written (the block's first); an inline element's id
wraps its runs. At the end every id of the HTML has a bookmark and every internal link names
one that was written, or the build stops naming the element.
"""

from __future__ import annotations

import hashlib
import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

from briefing.docx.oxml import el
from briefing.errors import Problem
from briefing.walker.source import VocabularyError, elements, fail, problem

MAX_NAME = 40  # Word truncates longer bookmark names


def field_bookmark(path: str, part: int = 0) -> str:
    """The hidden bookmark (a leading ``_``, as Word's own ``_Toc``) marking where a prose field
    of brief.yaml went: ``part`` 0 for an inline field, else its paragraph's number. Long paths
    keep a hash, so every name stays within Word's 40 characters."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", path)
    if len(slug) > MAX_NAME - 6:
        slug = slug[: MAX_NAME - 16] + "_" + hashlib.sha1(path.encode()).hexdigest()[:9]
    return f"_F{part}_{slug}"


def bookmark_start(bookmark_id: int, name: str):
    return el("w:bookmarkStart", {"id": bookmark_id, "name": name})


def bookmark_end(bookmark_id: int):
    return el("w:bookmarkEnd", {"id": bookmark_id})


def internal_hyperlink(anchor: str):
    return el("w:hyperlink", {"anchor": anchor, "history": 1})


def external_hyperlink(part: Part, url: str):
    rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
    return el("w:hyperlink", {"r:id": rid, "history": 1})


class Bookmarks:
    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # HTML id → bookmark name
        self.written: dict[str, int] = {}  # bookmark name → w:id, in the order written
        self.pending: list[tuple[str, object]] = []  # (id, element) for the next paragraph
        self.open: list[tuple[object, list[int]]] = []  # paragraphs whose bookmarks still end
        self.links: list[tuple[str, object]] = []  # (target id, the linking element)

    def name(self, ident: str) -> str:
        """The bookmark name of an HTML id: a letter first, then letters, digits, ``_``; unique
        as Word compares names, without regard to case."""
        if ident not in self.names:
            base = re.sub(r"[^A-Za-z0-9_]", "_", ident)
            if not base[:1].isalpha():
                base = "id_" + base
            base = name = base[:MAX_NAME]
            taken = {n.lower() for n in self.names.values()}
            n = 2
            while name.lower() in taken:
                suffix = f"_{n}"
                name = base[: MAX_NAME - len(suffix)] + suffix
                n += 1
            self.names[ident] = name
        return self.names[ident]

    def link(self, ident: str, element) -> str:
        """The bookmark an internal link to ``#ident`` points at (checked in :meth:`problems`)."""
        self.links.append((ident, element))
        return self.name(ident)

    def want(self, element) -> None:
        """Bookmark ``element``'s id, if it has one, at the next paragraph."""
        if element.get("id"):
            self.pending.append((element.get("id"), element))

    def want_field(self, element) -> None:
        """Mark ``p[data-field]`` with its field's hidden bookmark, at the next paragraph."""
        if element.get("data-field"):
            name = field_bookmark(element.get("data-field"), int(element.get("data-part", 1)))
            self.pending.append((name, None))

    def start(self, ident: str, element):
        """A ``w:bookmarkStart`` for ``ident``; returns it and its w:id for :func:`bookmark_end`.
        An element of None: ``ident`` is a field's bookmark name, taken as it is."""
        name = self.name(ident) if element is not None else ident
        if name in self.written:
            fail(element, f'id="{ident}" is used twice (a Word bookmark marks one place)')
        self.written[name] = bookmark_id = len(self.written)
        return bookmark_start(bookmark_id, name), bookmark_id

    def place(self, p) -> None:
        """Close the previous paragraph's bookmarks; open the pending ones at the start of ``p``."""
        self.close()
        if not self.pending:
            return
        position = 1 if p.pPr is not None else 0
        ids = []
        for ident, element in self.pending:
            start, bookmark_id = self.start(ident, element)
            p.insert(position, start)
            position += 1
            ids.append(bookmark_id)
        self.open.append((p, ids))
        self.pending = []

    def close(self) -> None:
        for p, ids in self.open:
            for bookmark_id in ids:
                p.append(bookmark_end(bookmark_id))
        self.open = []

    def problems(self, body) -> list[Problem]:
        """Ids nothing could mark, ids the writer never reached, links to no bookmark."""
        found = [
            problem(element, f'id="{ident}" has no text after it for a Word bookmark to mark')
            for ident, element in self.pending
            if element is not None  # else a field's mark, which needs no text
        ]
        waiting = {ident for ident, _ in self.pending}
        ids = {}
        for element in elements(body):
            ident = element.get("id")
            if not ident:
                continue
            ids[ident] = element
            if ident not in waiting and self.names.get(ident) not in self.written:
                message = f'id="{ident}" got no Word bookmark: links to it would go nowhere'
                found.append(problem(element, message))
        for ident, element in self.links:
            if self.names[ident] in self.written:
                continue
            if ident not in ids:  # else the target's own problem above says why
                found.append(problem(element, f'link to "#{ident}", but no element has id="{ident}"'))
        return found

    def check(self, body) -> None:
        self.close()
        found = self.problems(body)
        if found:
            raise VocabularyError(found)

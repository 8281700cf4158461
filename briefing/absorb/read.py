"""Reading a Word document back: the text of each prose field, as its hidden bookmark marks it.

The DOCX writer wraps each prose field of brief.yaml in a bookmark named by its path
(:func:`briefing.docx.word.bookmarks.field_bookmark`); Word and LibreOffice keep bookmarks through
editing. Between a field's bookmarkStart and bookmarkEnd this module reads the text as the
editor left it: tracked insertions (``w:ins``, ``w:moveTo``) and deletions (``w:del``,
``w:moveFrom``) are pending changes, taken as accepted or as rejected; a footnote reference is
kept as a placeholder with the footnote's own text, so that its citation key can be restored.
Paragraphs an editor added outside every field join the field before them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTE = "\ue000"  # a footnote reference in field text: NOTE + the note's text + NOTE_END
NOTE_END = "\ue001"
INSERTED = (f"{{{W}}}ins", f"{{{W}}}moveTo")
DELETED = (f"{{{W}}}del", f"{{{W}}}moveFrom")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Change:
    """A pending tracked change: who, inserted or deleted, which words, in which field."""

    field: str
    kind: str  # "inserted" or "deleted"
    author: str
    text: str


@dataclass
class Comment:
    field: str
    author: str
    text: str


@dataclass
class Reading:
    """What an edited DOCX says, field by field (bookmark name → text)."""

    fields: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    added: dict[str, list[str]] = field(default_factory=dict)  # field → paragraphs added after it
    paragraphs: list[tuple[list[str], str]] = field(default_factory=list)  # (bookmarks, text) of each


def _part(archive: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(archive.read(name))
    except KeyError:
        return None


def _note_texts(archive: zipfile.ZipFile) -> dict[str, str]:
    notes = _part(archive, "word/footnotes.xml")
    if notes is None:
        return {}
    return {
        n.get(w("id")): "".join(n.itertext()).strip()
        for n in notes.iter(w("footnote"))
        if not n.get(w("type"))
    }


def _comment_texts(archive: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    comments = _part(archive, "word/comments.xml")
    if comments is None:
        return {}
    texts = {}
    for c in comments.iter(w("comment")):
        words = " ".join("".join(p.itertext()) for p in c.iter(w("p"))).strip()
        texts[c.get(w("id"))] = (c.get(w("author"), ""), words)
    return texts


def _state(element) -> str | None:
    """"inserted" or "deleted" when ``element`` lies in a pending tracked change."""
    for ancestor in element.iterancestors():
        if ancestor.tag in INSERTED:
            return "inserted"
        if ancestor.tag in DELETED:
            return "deleted"
        if ancestor.tag == w("p"):
            return None
    return None


def read(path: Path, *, accept_pending: bool, fields: frozenset[str] | None = None) -> Reading:
    """Each field bookmark's text in the DOCX at ``path`` (pending changes accepted or not)."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(w("body"))
        notes = _note_texts(archive)
        comment_texts = _comment_texts(archive)
    out = Reading()
    open_ids: dict[str, str] = {}  # bookmark w:id → field name, while inside it
    closing: dict[str, str] = {}  # fields whose bookmark just ended, open to a footnote reference
    last_field = ""
    seen_comments: set[str] = set()
    for p in body.iter(w("p")):
        in_table = any(a.tag == w("tbl") for a in p.iterancestors())
        marks: list[str] = []
        text: list[str] = []
        seen_in_p: set[str] = set(open_ids.values())
        for name in seen_in_p:  # a field that runs on from the paragraph before: a new paragraph
            out.fields[name] += "\n\n"
        for element in p.iter():
            tag = element.tag
            if tag == w("bookmarkStart"):
                marks.append(element.get(w("name")) or "")
            if tag == w("bookmarkStart") and (element.get(w("name")) or "").startswith("_F"):
                name = element.get(w("name"))
                if fields is None or name in fields:
                    open_ids[element.get(w("id"))] = name
                    seen_in_p.add(name)
                    if name in out.fields:
                        out.fields[name] += "\n\n"
                    else:
                        out.fields[name] = ""
            elif tag == w("bookmarkEnd") and element.get(w("id")) in open_ids:
                # a footnote reference right after the end still belongs to the field (LibreOffice
                # writes a paragraph's last bookmarkEnd before its closing footnote reference)
                closing[element.get(w("id"))] = open_ids.pop(element.get(w("id")))
            elif tag == w("commentRangeStart") or tag == w("commentReference"):
                cid = element.get(w("id"))
                if cid in comment_texts and cid not in seen_comments:
                    seen_comments.add(cid)
                    where = next(iter(open_ids.values()), last_field)
                    out.comments.append(Comment(where, *comment_texts[cid]))
            else:
                piece = _piece(element, notes)
                if piece is None:
                    continue
                state = _state(element)
                if state:
                    where = next(iter(open_ids.values()), last_field)
                    marks_of = (a for a in element.iterancestors() if a.tag in INSERTED + DELETED)
                    author = next((a.get(w("author"), "") for a in marks_of), "")
                    out.changes.append(Change(where, state, author, piece))
                    if (state == "inserted") != accept_pending:
                        continue
                text.append(piece)
                if closing and not piece.startswith(NOTE):
                    last_field = list(closing.values())[-1]
                    closing.clear()
                for name in [*open_ids.values(), *closing.values()]:
                    out.fields[name] += piece
        if closing:
            last_field = list(closing.values())[-1]
            closing.clear()
        joined = "".join(text)
        out.paragraphs.append((marks, joined))
        for name in seen_in_p:
            out.fields[name] = out.fields[name].rstrip("\n") if not joined.strip() else out.fields[name]
        if not seen_in_p and not marks and joined.strip() and last_field and not in_table:
            out.added.setdefault(last_field, []).append(joined)
    _merge_changes(out)
    return out


def _piece(element, notes: dict[str, str]) -> str | None:
    tag = element.tag
    if tag in (w("t"), w("delText")):
        return element.text or ""
    if tag == w("tab"):
        return "\t"
    if tag in (w("br"), w("cr")):
        return " "
    if tag == w("noBreakHyphen"):
        return "\u2011"
    if tag == w("footnoteReference"):
        return NOTE + notes.get(element.get(w("id")), "") + NOTE_END
    return None


def _merge_changes(out: Reading) -> None:
    """Neighbouring pieces of one change (run by run) as one change."""
    merged: list[Change] = []
    for change in out.changes:
        last = merged[-1] if merged else None
        if last and (last.field, last.kind, last.author) == (change.field, change.kind, change.author):
            last.text += change.text
        else:
            merged.append(change)
    out.changes = merged

"""``briefing absorb EDITED.docx [SEEDS_DIR]``: a Word editor's changes back into the seeds.

The brief is built again as it stands (in memory) and both Word documents are read field by
field (:mod:`.read`): every text the analyst wrote that the document shows, prose, list items,
matrix cells, titles, legend meanings, and the curations' summaries and notes. Each field the
editor changed gets its new Markdown (:mod:`.merge`), with its citation markers, and its file
(brief.yaml or ``sources/<id>.yaml``) is rewritten through ruamel's round trip, comments, order
and folding kept. Verified quotations are the sources' words: an edit inside a pull-quote or a
quoted phrase is refused, naming the quote and its source, and nothing is written. Pending
tracked changes are listed, and applied only when accepted; Word comments are listed with the
field they sit in. This package reads DOCX and calls the writer; the writer knows nothing of it.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefing.absorb.merge import (
    Rewritten,
    YamlFiles,
    edits,
    restore_markers,
    touched,
    transplant,
    with_markers,
)
from briefing.absorb.read import Change, Comment, read
from briefing.errors import BriefingError, Problem

SPACE = re.compile(r"\s+")


@dataclass
class Absorbed:
    """What an edited DOCX changes in the seeds' YAML, and what it says besides."""

    files: list[Rewritten]  # brief.yaml first, then each curation an edit touches
    fields: list[str] = field(default_factory=list)  # the paths that changed
    pending: list[Change] = field(default_factory=list)  # tracked changes left pending
    comments: list[Comment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things said about the reading

    @property
    def path(self) -> Path:  # brief.yaml
        return self.files[0].path

    @property
    def old(self) -> str:  # brief.yaml as it was
        return self.files[0].old

    @property
    def new(self) -> str:  # brief.yaml with the edits
        return self.files[0].new

    @property
    def changed(self) -> list[Rewritten]:
        return [f for f in self.files if f.new != f.old]

    def diff(self) -> str:
        return "".join(f.diff() for f in self.files)

    def write(self) -> None:
        """Each changed file, whole (an edit refused raised before anything was written)."""
        from briefing.output import write_text

        for rewritten in self.changed:
            write_text(rewritten.path, rewritten.new)


def _norm(text: str) -> str:
    return SPACE.sub(" ", text.replace("\u2060", "")).strip()


@dataclass(frozen=True)
class Part:
    """A field's paragraph (number 0: an inline field); ``bullet``, ``- `` or ``1. ``, when it
    is a list item of the field's Markdown, ``loose`` when its items stand apart."""

    path: str
    number: int
    bullet: str = ""
    loose: bool = False


def _paths(names: dict[str, Part]) -> dict[str, list[str]]:
    """Each field path → its bookmark names, paragraph by paragraph."""
    out: dict[str, list[str]] = {}
    for name, part in sorted(names.items(), key=lambda kv: kv[1].number):
        out.setdefault(part.path, []).append(name)
    return out


def _part(element) -> Part:
    path = element.get("data-field")
    if element.tag not in ("p", "li"):
        return Part(path, 0)
    number = int(element.get("data-part", 1))
    item = element if element.tag == "li" else element.getparent()
    if item is None or item.tag != "li":
        return Part(path, number)
    bullet = "1. " if item.getparent() is not None and item.getparent().tag == "ol" else "- "
    return Part(path, number, bullet, element.tag == "p")


def _fields(html: str) -> tuple[dict[str, Part], dict[str, list], list]:
    """Bookmark name → its part; path → its elements; and the pull-quotes, from the HTML."""
    from briefing.docx.word.bookmarks import field_bookmark
    from briefing.walker import Page

    body = Page(html).body
    names: dict[str, Part] = {}
    elements: dict[str, list] = {}
    for element in body.iter():
        path = element.get("data-field") if isinstance(element.tag, str) else None
        if path:
            part = _part(element)
            names[field_bookmark(path, part.number)] = part
            elements.setdefault(path, []).append(element)
    quotes = list(body.iter("blockquote"))
    return names, elements, quotes


def _joined(parts: list[Part], texts: list[list[str]]) -> str:
    """A field's paragraphs as its Markdown writes them: list items after their bullet, an
    inline field's added paragraphs run on. ``texts``: per part, its text and those added after."""
    out = ""
    for part, pieces in zip(parts, texts, strict=True):
        for piece in pieces:
            if part.bullet:
                piece = piece.replace("\n\n", "\n" + part.bullet)  # an item split in two
                out += ("\n\n" if part.loose else "\n") * bool(out) + part.bullet + piece
            elif part.number == 0:
                out += " " * bool(out) + piece
            else:
                out += "\n\n" * bool(out) + piece
    return out


def absorb(edited: Path, seeds: Path, *, accept_pending: bool = False) -> Absorbed:
    """The seeds' YAML files as they take ``edited``'s changes; raises BriefingError, naming
    each verified quote an edit touches, when it may not."""
    from briefing.docx import write_docx
    from briefing.html.render import render_html
    from briefing.load import load_brief

    brief = load_brief(seeds)
    html = render_html(brief)
    names, elements, quotes = _fields(html)
    with tempfile.TemporaryDirectory(prefix="briefing-absorb-") as scratch:
        built_path = Path(scratch) / "built.docx"
        write_docx(html, built_path)
        built = read(built_path, accept_pending=False)
    try:
        now = read(edited, accept_pending=accept_pending, fields=frozenset(names))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as err:
        message = "not a Word document (.docx) this tool can read"
        raise BriefingError([Problem(edited, 0, 0, "", message)]) from err
    problems = _quotes_kept(quotes, built, now, edited)
    files = YamlFiles(seeds)
    everywhere = {}
    notes: list[str] = []
    texts: dict[str, tuple[str, str]] = {}  # path → (built, edited)
    seen = {t for _, t in built.paragraphs}
    for path, marks in _paths(names).items():
        if not any(n in now.fields for n in marks):
            notes.append(f"{path}: its mark is gone from the edited document; left as it was")
            continue
        parts = [names[n] for n in marks]
        was = _joined(parts, [[built.fields.get(n, "")] for n in marks])
        now_texts = [[now.fields[n]] if n in now.fields else [] for n in marks]
        for pieces, n in zip(now_texts, marks, strict=True):
            pieces += [a for a in now.added.get(n, []) if a not in seen]
        texts[path] = (was, _joined(parts, now_texts))
    marked: dict[str, tuple[str, str, list]] = {}
    for path, (was, _) in texts.items():
        source = str(files.value(path))
        built_text, pairs = with_markers(was, source)
        marked[path] = (source, built_text, pairs)
        everywhere.update({note: mark for note, mark in pairs if mark})
    changes: dict[str, str] = {}
    for path, (_, is_now) in texts.items():
        source, built_text, pairs = marked[path]
        edited_text, lost = restore_markers(is_now, pairs, everywhere)
        if _norm(edited_text) == _norm(built_text):
            continue
        for note in lost:
            notes.append(f"{path}: a footnote of no known source was dropped: {note!r}")
        found = edits(built_text, edited_text)
        problems += _phrases_kept(path, elements.get(path, []), built_text, found, edited)
        changes[path] = transplant(source, built_text, found)
    if problems:
        raise BriefingError(problems)
    result = Absorbed(files.rewritten(changes), list(changes), notes=notes)
    result.pending = [] if accept_pending else now.changes
    outside = Part("(outside any field)", 0)
    result.comments = [Comment(names.get(c.field, outside).path, c.author, c.text) for c in now.comments]
    for change in result.pending:
        change.field = names.get(change.field, outside).path
    return result


def _quotes_kept(quotes: list, built, now, edited: Path) -> list[Problem]:
    """A pull-quote (found by its bookmark) whose words differ from the built document's was
    edited, or removed: either is refused, naming the quote and where its words were found."""
    from briefing.docx.word.bookmarks import Bookmarks

    names = Bookmarks()

    def text_at(reading, name: str) -> str | None:
        return next((_norm(text) for marks, text in reading.paragraphs if name in marks), None)

    problems = []
    for quote in quotes:
        ident = quote.get("id")
        if not ident:
            continue
        name = names.name(ident)
        was, is_now = text_at(built, name), text_at(now, name)
        if was is not None and is_now != was:
            where = quote.get("data-provenance") or "its source"
            words = was if len(was) < 60 else was[:60] + "…"
            message = f'the verified quote {ident} ("{words}") was edited; {where} Nothing written.'
            problems.append(Problem(edited, 0, 0, "quote", message))
    return problems


def _phrases_kept(path: str, elements: list, built_text: str, found: list, edited: Path) -> list[Problem]:
    """An edit inside a quoted phrase the sources verified is refused, naming phrase and source."""
    problems = []
    at = 0
    for element in elements:
        for span in element.iter("span"):
            if "phrase" not in (span.get("class") or "").split():
                continue
            words = span.text_content().replace("\u2060", "")
            start = built_text.find(words, at)
            if start < 0:
                continue
            at = start + len(words)
            if touched(found, start, start + len(words)):
                where = span.get("data-provenance") or "its source"
                message = f'{path}: an edit inside the verified quote "{words}"; {where} Nothing written.'
                problems.append(Problem(edited, 0, 0, "quote", message))
    return problems

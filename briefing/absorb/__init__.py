"""``briefing absorb EDITED.docx [SEEDS_DIR]``: a Word editor's changes back into brief.yaml.

The brief is built again as it stands (in memory) and both Word documents are read field by
field (:mod:`.read`); each field the editor changed gets its new Markdown (:mod:`.merge`), with
its citation markers, and brief.yaml is rewritten through ruamel's round trip, comments, order
and folding kept. Verified quotations are the sources' words: an edit inside a pull-quote or a
quoted phrase is refused, naming the quote and its source, and nothing is written. Pending
tracked changes are listed, and applied only when accepted; Word comments are listed with the
field they sit in. This package reads DOCX and calls the writer; the writer knows nothing of it.
"""

from __future__ import annotations

import difflib
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefing.absorb.merge import (
    edits,
    node_at,
    restore_markers,
    rewrite,
    touched,
    transplant,
    with_markers,
    yaml_round_trip,
)
from briefing.absorb.read import Change, Comment, read
from briefing.errors import BriefingError, Problem

SPACE = re.compile(r"\s+")


@dataclass
class Absorbed:
    """What an edited DOCX changes in brief.yaml, and what it says besides."""

    path: Path  # brief.yaml
    old: str
    new: str
    fields: list[str] = field(default_factory=list)  # the paths that changed
    pending: list[Change] = field(default_factory=list)  # tracked changes left pending
    comments: list[Comment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things said about the reading

    def diff(self) -> str:
        name = str(self.path)
        lines = difflib.unified_diff(
            self.old.splitlines(keepends=True), self.new.splitlines(keepends=True), name, name
        )
        return "".join(lines)


def _norm(text: str) -> str:
    return SPACE.sub(" ", text.replace("\u2060", "")).strip()


def _paths(names: dict[str, tuple[str, int]]) -> dict[str, list[str]]:
    """Each field path → its bookmark names, paragraph by paragraph."""
    out: dict[str, list[str]] = {}
    for name, (path, _) in sorted(names.items(), key=lambda kv: kv[1][1]):
        out.setdefault(path, []).append(name)
    return out


def _fields(html: str) -> tuple[dict[str, tuple[str, int]], dict[str, list], list]:
    """Bookmark name → (path, part); path → its elements; and the pull-quotes, from the HTML."""
    from briefing.docx.word.bookmarks import field_bookmark
    from briefing.walker import Page

    body = Page(html).body
    names: dict[str, tuple[str, int]] = {}
    elements: dict[str, list] = {}
    for element in body.iter():
        path = element.get("data-field") if isinstance(element.tag, str) else None
        if path:
            part = int(element.get("data-part", 0)) if element.tag == "p" else 0
            names[field_bookmark(path, part)] = (path, part)
            elements.setdefault(path, []).append(element)
    quotes = list(body.iter("blockquote"))
    return names, elements, quotes


def absorb(edited: Path, seeds: Path, *, accept_pending: bool = False) -> Absorbed:
    """The brief.yaml that takes ``edited``'s changes; raises BriefingError, naming each
    verified quote an edit touches, when it may not."""
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
    yaml_path = seeds / "brief.yaml"
    old = yaml_path.read_text(encoding="utf-8")
    result = Absorbed(yaml_path, old, old)
    problems = _quotes_kept(quotes, built, now, edited)
    sources = _sources(old)
    everywhere = {}
    texts: dict[str, tuple[str, str, bool]] = {}  # path → (built, edited, inline)
    for path, parts in _paths(names).items():
        if not any(n in now.fields for n in parts):
            result.notes.append(f"{path}: its mark is gone from the edited document; left as it was")
            continue
        inline = parts == [n for n in parts if names[n][1] == 0]
        joiner = " " if inline else "\n\n"
        was = joiner.join(built.fields.get(n, "") for n in parts)
        added = [a for n in parts for a in now.added.get(n, []) if a not in {t for _, t in built.paragraphs}]
        is_now = joiner.join([*(now.fields[n] for n in parts if n in now.fields), *added])
        texts[path] = (was, is_now, inline)
    marked: dict[str, tuple[str, str, list]] = {}
    for path, (was, _, _) in texts.items():
        source = str(_value(sources, path))
        built_text, pairs = with_markers(was, source)
        marked[path] = (source, built_text, pairs)
        everywhere.update({note: mark for note, mark in pairs if mark})
    changes: dict[str, str] = {}
    for path, (_, is_now, _) in texts.items():
        source, built_text, pairs = marked[path]
        edited_text, lost = restore_markers(is_now, pairs, everywhere)
        if _norm(edited_text) == _norm(built_text):
            continue
        for note in lost:
            result.notes.append(f"{path}: a footnote of no known source was dropped: {note!r}")
        found = edits(built_text, edited_text)
        problems += _phrases_kept(path, elements.get(path, []), built_text, found, edited)
        changes[path] = transplant(source, built_text, found)
    if problems:
        raise BriefingError(problems)
    result.fields = list(changes)
    result.new = rewrite(old, changes) if changes else old
    result.pending = [] if accept_pending else now.changes
    outside = ("(outside any field)", 0)
    result.comments = [Comment(names.get(c.field, outside)[0], c.author, c.text) for c in now.comments]
    for change in result.pending:
        change.field = names.get(change.field, outside)[0]
    return result


def _sources(text: str):
    return yaml_round_trip().load(text)


def _value(data, path: str):
    node, key = node_at(data, path)
    return node[key]


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

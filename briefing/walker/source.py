"""Reading the brief's HTML: element helpers, where an element came from, and the one rule for an
element a writer cannot map.

Every problem names the template that wrote the element (its nearest ``data-template``) and the
line there, so a template author can fix it without reading the generated HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from lxml import etree

from briefing.errors import BriefingError, Problem
from briefing.paths import TEMPLATES

SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; U+00A0 and friends are content
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
_JINJA_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_HOLE = "\x00"  # where a Jinja expression sat inside a class attribute


class VocabularyError(BriefingError):
    """The HTML holds an element outside the vocabulary, or one a writer cannot place where it is."""


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def is_element(node) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def normalise(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def describe(element) -> str:
    cls = element.get("class")
    return f'<{element.tag} class="{cls}">' if cls else f"<{element.tag}>"


def stance_of(element) -> str | None:
    """The stance id of a ``stance-<id>`` class (``stance-label`` names no stance)."""
    prefix = "stance-"
    stances = [c[len(prefix) :] for c in classes(element) if c.startswith(prefix) and c != "stance-label"]
    return stances[0] if stances else None


def elements(root) -> Iterator:
    """Every element below ``root`` in document order; an ``<svg>``'s insides are a picture's."""
    for child in root:
        if not is_element(child):
            continue
        yield child
        if child.tag != "svg":
            yield from elements(child)


# --- where an element came from ----------------------------------------------------------------


def locate(element) -> tuple[Path, int]:
    """The template that wrote ``element`` (nearest ``data-template``) and its line there."""
    owner = next((e for e in (element, *element.iterancestors()) if e.get("data-template")), None)
    name = owner.get("data-template") if owner is not None else "brief.html.j2"
    path = Path(TEMPLATES) / name
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    return shown, _line_in(path, element.tag, classes(element))


def _openings(line: str, tag: str) -> list[list[str] | None]:
    """The class tokens of each ``<tag`` opened on a template line (None: no class attribute).

    A Jinja expression in a class becomes a hole that any characters may fill.
    """
    line = _JINJA_STATEMENT.sub("", _JINJA_EXPRESSION.sub(_HOLE, line))
    found = []
    for match in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])([^<>]*)", line, re.I):
        cls = re.search(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", match.group(1))
        found.append(None if cls is None else (cls.group(1) or cls.group(2) or "").split())
    return found


def _token_matches(token: str, name: str) -> bool:
    pattern = "[A-Za-z0-9_-]*".join(re.escape(part) for part in token.split(_HOLE))
    return re.fullmatch(pattern, name) is not None


def _line_in(path: Path, tag: str, cls: list[str]) -> int:
    """The line of ``path`` that most likely wrote ``<tag class="cls">`` (0 when none opens it).

    Classes match whole class tokens: first a line whose literal classes are exactly the
    element's, then one where each class fits a token (``stance-{{ s.id }}`` fits
    ``stance-pressure``), then the first line that opens the tag at all.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    openings = [(n, tokens) for n, line in enumerate(lines, 1) for tokens in _openings(line, tag)]
    for n, tokens in openings:
        if set(tokens or []) == set(cls) and not any(_HOLE in t for t in tokens or []):
            return n
    for n, tokens in openings:
        if all(any(_token_matches(t, c) for t in tokens or []) for c in cls):
            return n
    return openings[0][0] if openings else 0


def problem(element, message: str) -> Problem:
    path, line = locate(element)
    if not line:
        message += f" (written into the page by Markdown or an include; HTML line {element.sourceline})"
    return Problem(path, line, 0, "", message)


def fail(element, message: str) -> NoReturn:
    raise VocabularyError([problem(element, message)])


def unknown(element) -> NoReturn:
    """The one rule for an element a writer has no mapping for, in every writer: stop, naming it,
    where it stands and the template line that wrote it (never drop it, never keep only its text)."""
    parent = element.getparent()
    fail(element, f"{describe(element)} cannot stand inside <{parent.tag if parent is not None else ''}>")

"""Quoted phrases in prose are verified like pull-quotes.

Most quoted words in a brief are short runs inside the BLUF, the judgments or a matrix cell.
Every run in quotation marks — straight or curly, single or double, « » (spaced or not as French
sets them), » «, „ “, 「」, 『』 — must appear in a source cited in the same paragraph, list item or
cell (a source file's own prose cites that source), with the pull-quote forgiveness of
:mod:`briefing.load.quotes`. An ellipsis (``…``, ``...``, ``[…]``) splits a phrase into parts,
each checked, in order. Apostrophes (don't, Korea's, the sources') are not quotation marks.

A scare quote or a title that is not a quotation is marked as a pandoc span:
``[“engagement”]{.scare}`` or ``[“Same Dream”]{.title}``; it prints as the quoted words alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from briefing.citations import MARKER, find_markers
from briefing.errors import Problem
from briefing.lang import RTL_LETTERS
from briefing.load.quotes import SourceText, normalize, shorten
from briefing.load.yamlfile import Loc, YamlFile, field_name
from briefing.model import BriefMeta, SourceMeta
from briefing.roles import scopes as prose_scopes

NOT_QUOTE = re.compile(r"\[([^\[\]]+)\]\{\.(scare|title)\}")
"""``[“words”]{.scare}``: quotation marks that do not quote a source."""

# Prose fields (loc patterns; "*" is any index or key), as the model declares them. A tuple of
# patterns is one citation scope: an indicator's "why" is read with its cited "text", a timeline
# label with its cite (Role.SCOPE).
BRIEF_PROSE: tuple[tuple[Loc, ...], ...] = prose_scopes(BriefMeta)
SOURCE_PROSE: tuple[tuple[Loc, ...], ...] = prose_scopes(SourceMeta)

# opener → closers. Straight marks open and close alike; the single ones need care (apostrophes).
_PAIRS = {
    "\u201c": "\u201d",  # “ ”
    "\u201e": "\u201c\u201d",  # „ “ (German) „ ” (Polish)
    "\u201d": "\u201c\u201d",  # ” “ (Arabic, Urdu) ” ” (Hebrew, Swedish): CLDR's, opening at the right
    '"': '"',
    "\u2018": "\u2019",  # ‘ ’
    "\u201a": "\u2018\u2019",  # ‚ ‘
    "'": "'",
    "\u00ab": "\u00bb",  # « » (French, Russian, Spanish…)
    "\u00bb": "\u00ab\u00bb",  # » « (German, Danish) » » (Swedish, Finnish)
    "\u2039": "\u203a",  # ‹ ›
    "\u203a": "\u2039\u203a",  # › ‹
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
    "\u301d": "\u301e\u301f",  # 〝 〞
    "\ufe41": "\ufe42",  # ﹁ ﹂
    "\ufe43": "\ufe44",  # ﹃ ﹄
}
_SINGLE = {"'", "\u2019", "\u2018", "\u201a"}
# French sets guillemets off with a space inside (« mot », narrow or not): an opening « or ‹ may be
# followed by one, a closing » or › preceded by one. The German way round (»Wort«) has none.
_SPACED_OPEN, _SPACED_CLOSE = {"\u00ab", "\u2039"}, {"\u00bb", "\u203a"}
_CLOSERS = {c for closers in _PAIRS.values() for c in closers}
_MARKS = re.compile("[" + re.escape("".join(sorted(set(_PAIRS) | _CLOSERS))) + "]")
"""Any quotation mark: :func:`runs` looks at these positions only."""
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\s?\.\s?\.)\s*")
# An editor's bracketed insertion inside a quotation ("[the] researcher", CMOS 13.59): the words
# on either side are checked as two parts, in order, like the two sides of an ellipsis.
INSERTION = re.compile(r"\s*\[(?!\s*(?:…|\.\.\.)\s*\])[^\[\]]+\](?![({])\s*")
_EMPHASIS = re.compile(r"(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1")
_OPENING_CONTEXT = " \t\n([{\u2014\u2013-/:;\u201c\u201e\u00ab\u2039\u300c\u300e\"'\u2018"


@dataclass(frozen=True)
class Run:
    """One outermost quoted run: where it starts in its text, its marks and its words."""

    start: int
    opener: str
    phrase: str


def runs(text: str) -> Iterator[Run | int]:
    """Outermost quoted runs in ``text``; an ``int`` is the offset of an unclosed double mark.

    Marked scare quotes and titles, and citation markers, are skipped.
    """
    if not _MARKS.search(text):
        return
    masked = NOT_QUOTE.sub(lambda m: "x" * len(m.group(0)), text)
    masked = MARKER.sub(lambda m: "x" * len(m.group(0)), masked)
    stack: list[tuple[str, int]] = []
    for found in _MARKS.finditer(masked):  # every other character would be passed over anyway
        i, ch = found.start(), found.group()
        before = masked[i - 1] if i else " "
        after = masked[i + 1] if i + 1 < len(masked) else " "
        if ch in _SINGLE and before.isalnum() and after.isalnum():
            continue  # don't, Korea's
        closes = next((k for k in range(len(stack) - 1, -1, -1) if ch in _PAIRS[stack[k][0]]), None)
        if closes is not None and _can_close(ch, before, after):
            opener, start = stack[closes]
            del stack[closes:]  # inner marks left open were apostrophes or typos
            if not stack:
                yield Run(start, opener, text[start + 1 : i])
            continue
        if ch in _PAIRS and _can_open(ch, before, after):
            stack.append((ch, i))
    for opener, start in stack:
        if opener not in _SINGLE:
            yield start
            break


def _can_open(ch: str, before: str, after: str) -> bool:
    if after.isspace():
        return ch in _SPACED_OPEN
    if ch == "\u201d":  # Arabic and Hebrew open with ”; elsewhere it only closes
        return before in _OPENING_CONTEXT and bool(RTL_LETTERS.match(after))
    if ch in _SINGLE or ch == '"':
        return before in _OPENING_CONTEXT
    return True


def _can_close(ch: str, before: str, after: str) -> bool:
    if before.isspace():
        return ch in _SPACED_CLOSE
    if ch in _SINGLE:
        return not after.isalnum()
    if ch == '"':
        return not after.isalnum()
    return True


def parts(phrase: str) -> list[str]:
    """The words a quoted phrase claims from its source: ellipses split, emphasis dropped."""
    phrase = MARKER.sub("", phrase)
    phrase = _EMPHASIS.sub(r"\2", phrase)
    pieces = [q for p in _ELLIPSIS.split(phrase) for q in INSERTION.split(p)]
    return [p for p in (x.strip() for x in pieces) if p]


def _variants(part: str, recased: bool = True) -> list[str]:
    """The part as written, then with its nested marks swapped (editors set “‘x’” for “"x"”),
    and (``recased``) with its first letter's case changed to fit the sentence (CMOS 13.19)."""
    out = [part, part.rstrip(".,")]  # a final stop or comma inside the mark is the sentence's
    if recased and part[:1].isalpha() and part[:1].swapcase() != part[:1]:
        out += [part[:1].swapcase() + v[1:] for v in list(out)]
    swapped = re.sub(r"(?<!\w)['\u2018]|['\u2019](?!\w)", lambda m: '"', part)
    if swapped != part:
        out.append(swapped)
    doubled = re.sub(r"[\"\u201c\u201d]", "'", part)
    if doubled != part:
        out.append(doubled)
    return out


def found_in(text: SourceText, words: list[str], recased: bool = True) -> bool:
    """Every part in the source, in the order written; ``recased=False`` allows no change of a
    first letter's case (to learn whether one was made)."""
    position = 0
    for part in words:
        for variant in _variants(part, recased):
            needle = normalize(variant)  # one search from where the last part ended
            at = text.normalized.find(needle, position) if needle else -1
            if at >= 0:
                position = at + len(needle)
                break
        else:
            return False
    return True


@dataclass(frozen=True)
class Scope:
    """One citation scope: its fields' texts (with where each sits) and the sources it cites."""

    fields: tuple[tuple[Loc, str], ...]
    cited: tuple[str, ...]


def scopes(data: Any, prose: tuple[tuple[Loc, ...], ...], own: str | None = None) -> Iterator[Scope]:
    """Every paragraph-sized scope of prose in a YAML document's data."""
    for group in prose:
        for locs in _expand(data, group):
            fields = [(loc, value) for loc in locs if isinstance(value := _get(data, loc), str)]
            if len(group) == 1 and fields:  # one field: each paragraph or list item is a scope
                loc, value = fields[0]
                for para in _paragraphs(value):
                    yield Scope(((loc, para),), _cited(para, own))
            elif fields:
                whole = " ".join(v for _, v in fields)
                yield Scope(tuple(fields), _cited(whole, own))


def _cited(text: str, own: str | None) -> tuple[str, ...]:
    ids = [c.source for m in find_markers(text) for c in m.cites]
    return tuple(dict.fromkeys(([own] if own else []) + ids))


_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        starts = [m.start() for m in _ITEM.finditer(block)] or [0]
        if starts[0] != 0:
            starts.insert(0, 0)
        out += [block[a:b] for a, b in zip(starts, [*starts[1:], len(block)], strict=True)]
    return [p for p in out if p.strip()]


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _expand(data: Any, group: tuple[Loc, ...]) -> Iterator[tuple[Loc, ...]]:
    """Fill the "*" of a group of patterns with every key or index present, alike for all."""
    first = group[0]
    if "*" not in first:
        yield group
        return
    at = first.index("*")
    node = _get(data, first[:at])
    keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
    for key in keys:
        yield from _expand(data, tuple((*p[:at], key, *p[at + 1 :]) for p in group))


@dataclass(frozen=True)
class Checked:
    """One quoted run checked against the sources its scope cites."""

    loc: Loc
    text: str
    run: Run | int  # an int is the offset of an unclosed mark
    words: tuple[str, ...]
    cited: tuple[str, ...]
    ok: bool
    unloaded: tuple[str, ...] = ()  # sources the scope cites whose text did not load
    source: str | None = None  # the first cited source that holds the words (when ok)


def verify(
    data: Any, texts: dict[str, SourceText], prose: tuple[tuple[Loc, ...], ...], own: str | None = None
) -> Iterator[Checked]:
    """Every quoted run in ``data``'s prose, checked; ``texts`` are the loaded sources by id.

    A scope whose cited sources all failed to load is skipped: their own errors say why.
    """
    for scope in scopes(data, prose, own):
        cited = tuple(s for s in scope.cited if s in texts)
        unloaded = tuple(s for s in scope.cited if s not in texts)
        if scope.cited and not cited:
            continue
        for loc, text in scope.fields:
            for run in runs(text):
                if isinstance(run, int):
                    yield Checked(loc, text, run, (), cited, False)
                    continue
                words = tuple(parts(run.phrase))
                if words:
                    source = next((s for s in cited if found_in(texts[s], list(words))), None)
                    yield Checked(loc, text, run, words, cited, source is not None, unloaded, source)


def check_phrases(
    doc: YamlFile,
    texts: dict[str, SourceText],
    prose: tuple[tuple[Loc, ...], ...],
    own: str | None = None,
    failed: set[str] | frozenset[str] = frozenset(),
    found: list[Checked] | None = None,
) -> tuple[list[Problem], int]:
    """Located problems for every unverified quoted run, and how many runs were verified; the
    verified runs themselves go to ``found`` (the translations check and the renderer read them
    there instead of verifying again).

    A phrase whose paragraph cites a source in ``failed`` (its files did not load) is not checked
    against the others: it is reported as citing a source that failed to load."""
    problems: list[Problem] = []
    verified = 0
    for item in verify(doc.data, texts, prose, own):
        if item.ok:
            verified += 1
            if found is not None:
                found.append(item)
        elif isinstance(item.run, int):
            problems.append(
                _problem(doc, item.loc, item.text[item.run : item.run + 12], "unclosed quotation mark")
            )
        elif unread := [s for s in item.unloaded if s in failed]:
            shown = shorten(" ".join(item.run.phrase.split()), 60)
            message = f'quoted phrase "{shown}" cites a source that failed to load ({", ".join(unread)})'
            problems.append(_problem(doc, item.loc, item.run.opener + item.run.phrase, message))
        else:
            message = _why(item.run, list(item.words), list(item.cited), texts)
            problems.append(_problem(doc, item.loc, item.run.opener + item.run.phrase, message))
    return problems, verified


def _why(run: Run, words: list[str], cited: list[str], texts: dict[str, SourceText]) -> str:
    close = _PAIRS[run.opener][0]
    shown = f"{run.opener}{shorten(' '.join(run.phrase.split()), 100)}{close}"
    if not cited:  # the way out is shown in the marks the analyst typed: «…» in a French brief
        return (
            f"quoted phrase {shown} cites no source in the same paragraph; cite one, or mark a scare "
            f"quote or title as [{run.opener}…{close}]{{.scare}} or [{run.opener}…{close}]{{.title}}"
        )
    elsewhere = [s for s in texts if s not in cited and found_in(texts[s], words)]
    plural = "s" if len(cited) > 1 else ""
    message = f"quoted phrase {shown} is not in the cited source{plural} {', '.join(cited)}"
    if elsewhere:
        return f"{message}; it is in {', '.join(elsewhere)}, which this paragraph does not cite"
    target = " ".join(words)
    guesses = [(texts[s].closest(target), s) for s in cited]
    best, source = max(
        guesses, key=lambda g: SequenceMatcher(None, normalize(g[0]), normalize(target)).ratio()
    )
    return f'{message} — did you mean "{shorten(best)}" ({source})?'


def _problem(doc: YamlFile, loc: Loc, needle: str, message: str) -> Problem:
    """Point at the phrase itself when its opening words sit on one line, else at the field."""
    line, col = doc.locate(loc)
    for size in (len(needle), 40, 20, 8, 2):
        probe = needle[:size]
        at_line, at_col = doc.locate_text(loc, probe)
        if doc.lines[at_line - 1][at_col - 1 :].startswith(probe):
            line, col = at_line, at_col
            break
    return Problem(doc.path, line, col, field_name(loc), message)


def changes(phrase: str, text: SourceText, words: list[str]) -> list[str]:
    """What an editor changed in a verified phrase, for the ``--review`` note: a first letter's
    case, a bracketed insertion."""
    out = []
    if not found_in(text, words, recased=False):
        out.append("first letter's case changed to fit the sentence (CMOS 13.19)")
    inserted = [m.group().strip() for m in INSERTION.finditer(MARKER.sub("", phrase))]
    if inserted:
        out.append("editor's insertion " + ", ".join(inserted))
    return out

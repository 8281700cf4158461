"""Unquoted borrowing: a source's words in the analyst's prose without quotation marks.

``check`` verifies every quoted phrase, but words never marked as quoted escape it. Here every
run of :data:`WORDS` or more consecutive words (:data:`CJK_CHARS` CJK characters, which have no
spaces) of a prose scope that also stands in a source the scope cites is reported. Quoted runs,
scare quotes, titles and citation markers are taken out first, and break a run. Words compare
as quotes do, after NFKC (width) and with case, apostrophes, dashes and punctuation forgiven.

Speed: the prose's windows are gathered first; each cited source is then read once, all the
windows looked for together by an Aho–Corasick automaton over the source's letters (:func:`_scan`),
so a 10 MB source costs a few passes in C, and Python reads words only where a window was found.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.citations import MARKER
from briefing.errors import Problem
from briefing.load.phrases import BRIEF_PROSE, NOT_QUOTE, Run, runs, scopes
from briefing.load.quotes import folded as fold_text
from briefing.load.quotes import normalize, shorten
from briefing.load.yamlfile import Loc, YamlFile, field_name
from briefing.model import SourceMeta
from briefing.roles import Role
from briefing.roles import scopes as prose_scopes

WORDS = 8  # an editor's threshold: eight words in a row are a quotation, marked or not
CJK_CHARS = 16  # the same for scripts written without spaces
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = f"[^\\W{_CJK}]+"
# A word with its inner apostrophes and hyphens (Korea's, run-of-river), or one CJK character.
_TOKEN = re.compile(f"[{_CJK}]|{_WORD}(?:['\u2019\u2010\u2011\u2013-]{_WORD})*")
_IS_CJK = re.compile(f"[{_CJK}]")
# A source file's prose the reader sees; its note and date_note are production notes, never printed.
ANALYST_PROSE = prose_scopes(SourceMeta, where=lambda r: r.prose and Role.NOTE not in r)


@dataclass(frozen=True)
class Token:
    word: str  # folded: NFKC, case-folded
    start: int  # in the text it was read from
    end: int
    cjk: bool


def _fold(word: str) -> str:
    """Case, width and typography forgiven as for quotes (US–ROK is US-ROK, Korea’s is Korea's)."""
    return word.lower() if word.isascii() else normalize(word).casefold()


def tokens(text: str) -> Iterator[Token]:
    """Words (and single CJK characters) of ``text``, folded, with where each stands."""
    for m in _TOKEN.finditer(text):
        word = m.group()
        yield Token(_fold(word), m.start(), m.end(), len(word) == 1 and _IS_CJK.match(word) is not None)


def _masked(text: str) -> str:
    """``text`` with quoted runs, scare quotes, titles and citation markers blanked to a break."""
    spans = [(m.start(), m.end()) for m in NOT_QUOTE.finditer(text)]
    spans += [(m.start(), m.end()) for m in MARKER.finditer(text)]
    spans += [(r.start, r.start + len(r.phrase) + 2) for r in runs(text) if isinstance(r, Run)]
    chars = list(text)
    for a, b in spans:
        chars[a:b] = "\x00" * (b - a)
    return "".join(chars)


def _pieces(text: str) -> list[list[Token]]:
    """The unquoted stretches of ``text`` as token lists, split at every blanked span."""
    out: list[list[Token]] = []
    for m in re.finditer(r"[^\x00]+", _masked(text)):
        found = [Token(t.word, t.start + m.start(), t.end + m.start(), t.cjk) for t in tokens(m.group())]
        if found:
            out.append(found)
    return out


def _windows(toks: Iterable[Token]) -> Iterator[tuple[Token, tuple[str, ...]]]:
    """Every window of one script at its threshold length, with its first token: one pass, holding
    only the last window (a 10 MB source is never held as tokens)."""
    window: deque[Token] = deque()
    for token in toks:
        if window and window[0].cjk != token.cjk:
            window.clear()
        window.append(token)
        n = CJK_CHARS if token.cjk else WORDS
        if len(window) > n:
            window.popleft()
        if len(window) == n:
            yield window[0], tuple(t.word for t in window)


@dataclass(frozen=True)
class Borrowed:
    """One run of prose found in a source: the field, where in it, the source and its line."""

    loc: Loc
    text: str
    start: int
    end: int
    source: str
    line: int  # 1-based line of the source text where the run begins
    count: int  # words (or CJK characters) in the run


@dataclass
class _Piece:
    loc: Loc
    text: str
    tokens: list[Token]
    cited: tuple[str, ...]
    hits: dict[int, tuple[str, int]]  # token index → (source, line)


def find(
    data: Any, texts: dict[str, str], prose: tuple[tuple[Loc, ...], ...], own: str | None = None
) -> list[Borrowed]:
    """Every unquoted run of ``data``'s prose found in a source its scope cites (``texts``: id → text)."""
    return find_all([(data, prose, own)], texts)[0]


def find_all(
    items: list[tuple[Any, tuple[tuple[Loc, ...], ...], str | None]], texts: dict[str, str]
) -> list[list[Borrowed]]:
    """:func:`find` for several documents (data, prose fields, own source) at once: each source
    text is read once for all of them."""
    pieces: list[tuple[int, _Piece]] = []
    wanted: dict[tuple[str, ...], list[tuple[_Piece, int]]] = {}
    for n, (data, prose, own) in enumerate(items):
        for scope in scopes(data, prose, own):
            cited = tuple(s for s in scope.cited if s in texts)
            for loc, text in scope.fields if cited else ():
                for toks in _pieces(text):
                    piece = _Piece(loc, text, toks, cited, {})
                    pieces.append((n, piece))
                    index = {id(t): i for i, t in enumerate(toks)}
                    for first, words in _windows(toks):
                        wanted.setdefault(words, []).append((piece, index[id(first)]))
    automaton = _Windows(wanted) if wanted else None
    for source_id in sorted({s for _, p in pieces for s in p.cited}) if automaton else ():
        for at, window in _scan(texts[source_id], automaton):
            for piece, i in wanted[window]:
                if source_id in piece.cited and i not in piece.hits:
                    piece.hits[i] = (source_id, at)
    out: list[list[Borrowed]] = [[] for _ in items]
    for n, piece in pieces:
        out[n] += _runs(piece)
    return out


_CHUNK = 1 << 16  # characters of a source folded at a time: a hit is placed within its chunk
_ASCII_NON_WORD = bytes(c for c in range(128) if not re.fullmatch(r"\w", chr(c)))
_NON_WORD = re.compile(r"\W")


def _key(window: tuple[str, ...]) -> bytes:
    """A window's word characters run together, as :func:`_letters` reads a source."""
    return _NON_WORD.sub("", "".join(window)).encode()


def _letters(folded: str) -> tuple[bytes, list[int]]:
    """The word characters of a folded text run together (UTF-8), and where each chunk of
    :data:`_CHUNK` characters begins in them: every window the tokenizer could read is in it as
    :func:`_key` writes it (the converse is checked at each hit). Only C loops: translate, replace."""
    other = () if folded.isascii() else set(folded)  # the non-ASCII marks, dashes and spaces present
    extra = [c.encode() for c in other if not c.isascii() and _NON_WORD.match(c)]
    pieces, starts, size = [], [], 0
    for at in range(0, len(folded), _CHUNK):
        piece = folded[at : at + _CHUNK].encode().translate(None, _ASCII_NON_WORD)
        for mark in extra:
            piece = piece.replace(mark, b"")
        starts.append(size)
        size += len(piece)
        pieces.append(piece)
    return b"".join(pieces), starts


def _confirm(
    folded: str, window: tuple[str, ...], chunk: int, read: dict[int, tuple[list[str], list[int]]]
) -> int | None:
    """Where ``window`` begins in ``folded`` when its letters were found in chunk ``chunk``: the
    tokens of that chunk (and enough of the next) read as the tokenizer reads them (kept in
    ``read`` for the next hit there), or None when the letters only ran together across words."""
    if chunk not in read:
        first = max(0, chunk * _CHUNK - 256)  # a token cut at the chunk's start ends before any window
        found = list(_TOKEN.finditer(folded, first, (chunk + 1) * _CHUNK + 8192))
        read[chunk] = [m.group() for m in found], [m.start() for m in found]
    words, starts = read[chunk]
    n = len(window)
    for i in range(len(words) - n + 1):
        if words[i] == window[0] and tuple(words[i : i + n]) == window:
            return starts[i]
    return None


class _OneByOne:
    """Each window's letters looked for in turn: the same hits as the automaton, for a venv made
    before ahocorasick-rs was a dependency (slow on a long source; ``make`` reinstalls)."""

    def __init__(self, patterns: list[bytes]) -> None:
        self.patterns = patterns

    def find_matches_as_indexes(self, letters: bytes, overlapping: bool = True) -> list[tuple[int, int, int]]:
        out = []
        for index, pattern in enumerate(self.patterns):
            at = letters.find(pattern)
            while at >= 0:
                out.append((index, at, at + len(pattern)))
                at = letters.find(pattern, at + 1)
        return out


class _Windows:
    """The wanted windows by their letters (:func:`_key`), and one automaton finding them all."""

    def __init__(self, wanted: Iterable[tuple[str, ...]]) -> None:
        self.keys: dict[bytes, list[tuple[str, ...]]] = {}
        for window in wanted:
            self.keys.setdefault(_key(window), []).append(window)
        self.patterns = list(self.keys)
        try:
            import ahocorasick_rs  # only a check whose prose cites a source pays for the import
        except ImportError:
            self.automaton: Any = _OneByOne(self.patterns)
        else:
            self.automaton = ahocorasick_rs.BytesAhoCorasick(self.patterns)


def _scan(text: str, windows: _Windows) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The wanted windows found in a source, each with the 1-based line it starts on.

    The source's word characters are run together (:func:`_letters`) and every wanted window's
    letters looked for at once with an Aho–Corasick automaton (ahocorasick-rs, in Rust): no word
    of a 10 MB source becomes a Python object. Only a hit is read as words, within its chunk, to
    confirm the words are the window's. Each source is read once per check (:func:`find_all`).
    """
    folded = fold_text(text).casefold()
    letters, starts = _letters(folded)
    found: dict[tuple[str, ...], int] = {}  # each window at its first place only
    read: dict[int, tuple[list[str], list[int]]] = {}
    hits = windows.automaton.find_matches_as_indexes(letters, overlapping=True)
    for index, start, _ in sorted(hits, key=lambda hit: hit[1]):  # the first place of each
        for window in windows.keys[windows.patterns[index]]:
            if window not in found:
                at = _confirm(folded, window, bisect.bisect_right(starts, start) - 1, read)
                if at is not None:
                    found[window] = at
    for window, at in sorted(found.items(), key=lambda kv: kv[1]):
        yield folded.count("\n", 0, at) + 1, window  # folding keeps every line break where it was


def _runs(piece: _Piece) -> Iterator[Borrowed]:
    """Overlapping hit windows of one piece merged into runs, one report each."""
    starts = sorted(piece.hits)
    i = 0
    while i < len(starts):
        first = last = starts[i]
        while i + 1 < len(starts) and starts[i + 1] <= last + 1:
            i += 1
            last = starts[i]
        n = CJK_CHARS if piece.tokens[first].cjk else WORDS
        end = min(last + n, len(piece.tokens)) - 1
        source, line = piece.hits[first]
        toks = piece.tokens
        yield Borrowed(piece.loc, piece.text, toks[first].start, toks[end].end, source, line, end - first + 1)
        i += 1


def check_borrowing(
    doc: YamlFile,
    texts: dict[str, str],
    paths: dict[str, str],
    prose: tuple[tuple[Loc, ...], ...],
    own: str | None = None,
    found: list[Borrowed] | None = None,
) -> list[Problem]:
    """A warning for each unquoted run of ``doc``'s prose found in a cited source, placed at the
    run's first word, naming the source file and its line (``paths``: id → file as shown)."""
    out = []
    for b in find(doc.data, texts, prose, own) if found is None else found:
        shown = " ".join(b.text[b.start : b.end].split())
        unit = "CJK characters" if _IS_CJK.match(shown[:1]) else "words"
        message = (
            f"warning: {b.count} {unit} copied without quotation marks from {paths[b.source]}:{b.line}: "
            f"\"{shorten(shown, 90)}\"; quote them or say it in your own words"
        )
        line, col = _place(doc, b)
        out.append(Problem(doc.path, line, col, field_name(b.loc), message))
    return out


def _place(doc: YamlFile, b: Borrowed) -> tuple[int, int]:
    """The run's first words in the file: as long a probe as sits on one line, else the field."""
    words = b.text[b.start : b.end]
    for size in (40, 20, 10, 4):
        probe = words[:size].split("\n")[0]
        line, col = doc.locate_text(b.loc, probe)
        if doc.lines[line - 1][col - 1 :].startswith(probe):
            return line, col
    return doc.locate(b.loc)


def check_all(brief_doc: YamlFile | None, curated: list, shown: Callable[[Path], str]) -> list[Problem]:
    """Every prose field of the brief and of each source file (its own source cited)."""
    texts = {path.stem: text.text for _, _, path, text in curated}
    paths = {path.stem: shown(path) for _, _, path, _ in curated}
    docs = [(doc, ANALYST_PROSE, path.stem) for doc, _, path, _ in curated]
    docs += [(brief_doc, BRIEF_PROSE, None)] if brief_doc else []
    runs = find_all([(doc.data, prose, own) for doc, prose, own in docs], texts)
    found: list[Problem] = []
    for (doc, prose, own), borrowed in zip(docs, runs, strict=True):
        found += check_borrowing(doc, texts, paths, prose, own, borrowed)
    return found

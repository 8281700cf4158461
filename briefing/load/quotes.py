"""Verbatim checking of pull-quotes against their source text.

A quote matches when it appears in the source after forgiving only typography that editors
and copy-paste change without changing the words: whitespace and line breaks, curly vs straight
quotes and apostrophes, en/em dashes vs hyphens, and non-breaking spaces. Everything else,
including case, punctuation and every word, must be exact.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    }
)  # fmt: skip
_FOLDS = {chr(code): folded for code, folded in _TYPOGRAPHY.items()}
_FOLDABLE = re.compile(f"[{''.join(_FOLDS)}]")
# Runs of whitespace other than one plain space (a plain space alone is already as wanted):
# the same result as replacing every \s+, at a third of the time on a long source.
_SPACE = re.compile(r"[^\S ]\s*| \s+")
_PROBE = 256  # characters of a long quote that locate it: alignment time grows with the probe


def _fold(text: str) -> str:
    """The typography folds, one character for one (so positions stay the text's).

    A regular expression finds the few characters to fold; ``str.translate`` walked every
    character of a 10 MB source in Python-level steps (≈ 0.5 s) once the text held any non-ASCII.
    """
    return text if text.isascii() else _FOLDABLE.sub(lambda m: _FOLDS[m.group()], text)


def normalize(text: str) -> str:
    """Fold the forgiven typography and collapse runs of whitespace to one space.

    NFKC first folds width variants: full-width punctuation and letters (，：ＡＢ) compare as
    their half-width forms, so a Chinese quote typed with either matches; the text is kept as
    written everywhere else.
    """
    return _SPACE.sub(" ", _fold(unicodedata.normalize("NFKC", text))).strip()


class SourceText:
    """A source text prepared once for many quote look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normalized = normalize(text)

    def contains(self, quote: str) -> bool:
        needle = normalize(quote)
        return bool(needle) and needle in self.normalized

    def closest(self, quote: str) -> str:
        """The passage of the source most like ``quote``, for a "did you mean".

        rapidfuzz finds where the quote aligns best, in C over the whole text (a 10 MB source
        takes well under a second, where scoring every word window took minutes); only the
        word windows around that place are then scored, so the passage starts and ends on
        whole words and is as long as the quote.
        """
        target = normalize(quote)
        if not target or not self.normalized:
            return ""
        size = target.count(" ") + 1
        at = _aligned(target[:_PROBE], self.normalized)
        # The text around the hit: every window starting within a quote's length of it.
        margin = len(target) + 1
        low = self.normalized.rfind(" ", 0, max(0, at - margin)) + 1
        high = self.normalized.find(" ", at + 2 * margin)
        words = self.normalized[low : None if high < 0 else high].split(" ")
        best, best_score = " ".join(words[:size]), -1.0
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(target)
        for start in range(max(1, len(words) - size + 1)):
            window = " ".join(words[start : start + size])
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                continue
            score = matcher.ratio()
            if score > best_score:
                best, best_score = window, score
        return best


_CHUNK = 2_000_000  # characters rapidfuzz aligns in one call: its working copy takes ≈ 8 bytes each


def _aligned(probe: str, text: str) -> int:
    """Where in ``text`` ``probe`` aligns best (rapidfuzz's partial-ratio alignment).

    A text longer than :data:`_CHUNK` is aligned a chunk at a time, the chunks overlapping by
    the probe's length so that no window is cut, and the first best score wins: a 10 MB source
    then costs rapidfuzz 16 MB of working memory instead of 80.
    """
    from rapidfuzz.fuzz import partial_ratio_alignment  # only when a quote is not found

    if len(text) <= _CHUNK:
        return partial_ratio_alignment(probe, text).dest_start
    best_score, best_at = -1.0, 0
    for start in range(0, len(text), _CHUNK - len(probe)):
        hit = partial_ratio_alignment(probe, text[start : start + _CHUNK])
        if hit.score > best_score:
            best_score, best_at = hit.score, start + hit.dest_start
        if start + _CHUNK >= len(text) or best_score == 100:
            break
    return best_at


def shorten(text: str, limit: int = 160) -> str:
    """Keep a did-you-mean on one readable line."""
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half].rstrip()}…{text[-half:].lstrip()}"


def line_of(text: str, quote: str) -> int | None:
    """The 1-based line of ``text`` where ``quote`` starts, under the same forgiveness as matching.

    Only the first words are aligned (whitespace and line breaks between them are free); a quote
    whose first words cannot be placed returns None and is cited by file alone.
    """
    words = normalize(quote).split(" ")[:8]
    if not words or not words[0]:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), _folded(text))
    return text.count("\n", 0, found.start()) + 1 if found else None


def folded(text: str) -> str:
    """``text`` with width and typography folded as quotes are, at the same positions (the
    borrowing check reads a whole source this way)."""
    return _folded(text)


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    """``text`` folded as quotes are, at the same positions; kept for the next quote of the same
    source (a build places every quote of a source, and a source may be 10 MB)."""
    folded = _fold(unicodedata.normalize("NFKC", text))
    return folded if len(folded) == len(text) else _fold(text)  # NFKC changed lengths


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

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_PROBE = 256  # characters of a long quote that locate it: alignment time grows with the probe


def normalize(text: str) -> str:
    """Fold the forgiven typography and collapse runs of whitespace to one space.

    NFKC first folds width variants: full-width punctuation and letters (，：ＡＢ) compare as
    their half-width forms, so a Chinese quote typed with either matches; the text is kept as
    written everywhere else.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)).strip()


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
        from rapidfuzz.fuzz import partial_ratio_alignment  # only when a quote is not found

        target = normalize(quote)
        if not target or not self.normalized:
            return ""
        size = target.count(" ") + 1
        hit = partial_ratio_alignment(target[:_PROBE], self.normalized)
        # The text around the hit: every window starting within a quote's length of it.
        margin = len(target) + 1
        low = self.normalized.rfind(" ", 0, max(0, hit.dest_start - margin)) + 1
        high = self.normalized.find(" ", hit.dest_start + 2 * margin)
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
    folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    if len(folded) != len(text):
        folded = text.translate(_TYPOGRAPHY)  # NFKC changed lengths: positions must stay the text's
    found = re.search(r"\s+".join(re.escape(w) for w in words), folded)
    return text.count("\n", 0, found.start()) + 1 if found else None


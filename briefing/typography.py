"""Spacing around punctuation as the brief's language sets it.

French puts a narrow no-break space (U+202F) inside « » and before ; : ! ? (Imprimerie nationale;
Canadian French only before the colon): typed with a space, without one or with a no-break
space, the analyst's prose prints the printer's fine space, which never lets the mark start a
line. URLs (``https://``), times and ratios (10:30, 3:1) are left alone: the mark must be followed
by a space, a closing mark or the end. The quotation marks themselves are markdown-it's
``quotes`` option (:data:`briefing.html.markdown.QUOTES`); other languages need nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

NNBSP = "\u202f"
_SPACE = "[ \u00a0\u2009\u202f]"
# Punctuation set off by a narrow space, per BCP 47 tag (the longest matching prefix wins).
SET_OFF: dict[str, str] = {"fr": ";:!?", "fr-CA": ":"}
_OPEN = re.compile(f"([«‹]){_SPACE}*")
_CLOSE = re.compile(f"{_SPACE}*([»›])")


def set_off(lang: str) -> str:
    """The punctuation ``lang`` sets off with a narrow space ("" when it sets none, or has no
    guillemet spacing either)."""
    parts = (lang or "").split("-")
    for n in range(len(parts), 0, -1):
        key = "-".join(parts[:n]).lower()
        for known, marks in SET_OFF.items():
            if known.lower() == key:
                return marks
    return ""


def _before(marks: str) -> re.Pattern[str]:
    """An optional space and one of ``marks``, after a character that is not a space or a mark
    and before a space, a closing mark, a word joiner or the end."""
    set_ = re.escape(marks)
    return re.compile(f"(?<=[^\\s{set_}«‹]){_SPACE}?([{set_}])(?=\\s|$|[»›)\\]\u2060,.{set_}])")


def spaced(text: str, lang: str, context: str = "") -> str:
    """``text`` with the language's narrow spaces; ``context`` is the character printed just
    before it (another run of the same paragraph), so a mark at its start is set off too."""
    marks = set_off(lang)
    if not marks:
        return text
    text = _CLOSE.sub(NNBSP + r"\1", _OPEN.sub(r"\1" + NNBSP, text))
    text = _before(marks).sub(NNBSP + r"\1", context + text)
    return text[len(context) :]


def _edges(text: str) -> str:
    """Only the opening and the closing guillemet of a verified quoted phrase: its words are the
    source's, and keep the source's spacing."""
    text = re.sub(f"^([«‹]){_SPACE}*", r"\1" + NNBSP, text)
    return re.sub(f"{_SPACE}*([»›])$", NNBSP + r"\1", text)


def spacing_rule(lang: str) -> Callable[[Any], None] | None:
    """A markdown-it core rule setting ``lang``'s spacing in the text of the prose (code, link
    addresses and the words of verified quoted phrases untouched), or None if it sets none."""
    if not set_off(lang):
        return None

    def rule(state: Any) -> None:
        for block in state.tokens:
            depth, last, previous = 0, "", None
            for token in block.children or ():
                if token.type == "phrase_open":
                    depth += 1
                elif token.type == "phrase_close":
                    depth -= 1
                elif token.type == "softbreak" and previous is not None and previous.content.endswith(NNBSP):
                    token.type, token.content = "text", ""  # « at a line's end: the space is ours
                elif token.type == "text":
                    token.content = _edges(token.content) if depth else spaced(token.content, lang, last)
                    if previous is not None:
                        _join(previous, token)
                    previous = token
                elif token.content:
                    previous = None  # code between: nothing to join across
                if token.content:
                    last = token.content[-1]

    return rule


def _join(previous: Any, token: Any) -> None:
    """One narrow space where « ends one text run and the next begins with a space (a quoted
    phrase's marks and words are separate runs), or a run ending in a space meets " »"."""
    if previous.content.endswith(("«" + NNBSP, "‹" + NNBSP)):
        token.content = token.content.lstrip(" \u00a0\u2009\u202f")
    if token.content.startswith((NNBSP + "»", NNBSP + "›")):
        previous.content = previous.content.rstrip(" \u00a0\u2009\u202f")

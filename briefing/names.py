"""Personal and organisational names, following CSL-JSON's name model.

A name is either ``family`` (with optional ``given`` and ``suffix``) for a person, or ``literal``
for an organisation or any name that must never be split or inverted ("Baker & Partners").
The field names are CSL-JSON's, so ``Source.csl()`` can feed a real citation processor.

Names written in Han, Kana or Hangul are printed family name first with no space ("王晓明"),
as CSL processors do for these scripts; Latin and Cyrillic names print given name first and
invert ("Lankov, Andrei") only at the head of a bibliography entry.
"""

from __future__ import annotations

import json
import re

from pydantic import model_validator

from briefing.lang import is_cjk_text
from briefing.schema import Strict, Text

_INITIALS = re.compile(r"\b([A-Z])\.(?=[A-Z]\b)")


def spaced_initials(given: str) -> str:
    """``James D.J.`` → ``James D. J.``: Chicago spaces initials (CMOS 10.12)."""
    return _INITIALS.sub(r"\1. ", given)


class Romanized(Strict):
    """A name in a non-Latin script as the brief's prose writes it (Hanyu Pinyin, Revised
    Romanization, ...): ``{family: Wang, given: Xiaoming}``, family name first as in the original."""

    family: Text
    given: Text | None = None

    def display(self) -> str:
        return f"{self.family} {self.given}" if self.given else self.family


class Name(Strict):
    family: Text | None = None
    given: Text | None = None
    suffix: Text | None = None
    literal: Text | None = None
    # For a name in a non-Latin script: the form prose, short references and the timeline use
    # ("Wang (2022)"); the original stays beside it in bylines and the bibliography.
    romanized: Romanized | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Name:
        if self.literal and (self.family or self.given or self.suffix):
            raise ValueError("give either literal (an organisation) or family/given (a person), not both")
        if not self.literal and not self.family:
            raise ValueError("a name needs family (a person's surname) or literal (an organisation)")
        return self

    @property
    def eastern(self) -> bool:
        """Family name first, no space: names written in CJK scripts."""
        return is_cjk_text((self.family or "") + (self.given or ""))

    @property
    def short(self) -> str:
        """What a short citation uses: the family name (romanised when given), or the whole
        literal name."""
        if self.romanized:
            return self.romanized.family
        return self.literal or self.family or ""

    def display(self) -> str:
        """``Andrei Lankov``, ``Martin Luther King Jr.``, ``王晓明``, ``Wang Xiaoming (王晓明)``,
        ``Baker & Partners``."""
        if self.literal:
            return self.literal
        family = self.family or ""
        if self.eastern:
            original = family + (self.given or "")
            return f"{self.romanized.display()} ({original})" if self.romanized else original
        out = f"{spaced_initials(self.given)} {family}" if self.given else family
        return f"{out} {self.suffix}" if self.suffix else out

    def inverted(self) -> str:
        """``Lankov, Andrei`` (bibliography order); CJK and literal names are not inverted."""
        if self.literal or self.eastern or not self.given:
            return self.display()
        out = f"{self.family}, {spaced_initials(self.given)}"
        return f"{out}, {self.suffix}" if self.suffix else out

    def sort_key(self) -> str:
        if self.romanized:  # Chicago alphabetizes romanised names by their romanised form
            return f"{self.romanized.family} {self.romanized.given or ''}".casefold()
        return (self.literal or f"{self.family} {self.given or ''}").casefold()

    def csl(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True, exclude={"romanized"})


def join_names(parts: list[str]) -> str:
    """Chicago series: ``A``, ``A and B``, ``A, B, and C`` (serial comma)."""
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def migration_hint(text: str) -> str:
    """The one-line message for the old free-text ``author:``, showing the new form for this value."""
    return (
        f"author is now a list of names (CSL-JSON); write e.g. author: {suggest(text)} — a person is "
        "{given, family}, an organisation {literal} (see docs/seed-format.md, Authors)"
    )


def suggest(text: str) -> str:
    """A byline as a YAML flow list of names: a guess for a person to confirm, never loaded as is.

    ``Jane Roe and Richard Doe`` → ``[{given: Jane, family: Roe}, {given: Richard, family: Doe}]``.
    """
    suggested = []
    for part in re.split(r"\s+and\s+", text.strip()):
        words = part.split()
        if is_cjk_text(part) and 2 <= len(part) <= 4:  # most CJK family names are one character
            suggested.append(f"{{family: {part[0]}, given: {part[1:]}}}")
        elif len(words) >= 2 and "&" not in part and not is_cjk_text(part):
            suggested.append(f"{{given: {_flow(' '.join(words[:-1]))}, family: {_flow(words[-1])}}}")
        else:
            suggested.append(f"{{literal: {_flow(part)}}}")
    return f"[{', '.join(suggested)}]"


def _flow(value: str) -> str:
    """A YAML flow scalar, quoted only when it must be."""
    return json.dumps(value, ensure_ascii=False) if re.search(r"[&:,\[\]{}#*!|>'\"%@`]", value) else value

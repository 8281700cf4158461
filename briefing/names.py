"""Personal and organisational names, following CSL-JSON's name model.

A name is either ``family`` (with optional ``given`` and ``suffix``) for a person, or ``literal``
for an organisation or any name that must never be split or inverted ("Baker & Partners").
The field names are CSL-JSON's, so ``Source.csl()`` can feed a real citation processor.

How a name prints (inverted, initials, family name first for Han, Kana and Hangul: "王晓明")
is the CSL processor's business (briefing/cite), following the brief's style.
"""

from __future__ import annotations

import json
import re

from pydantic import ConfigDict, Field, model_validator

from briefing.lang import is_cjk_text
from briefing.schema import Strict, Text


class Romanized(Strict):
    """A name in a non-Latin script as the brief's prose writes it (Hanyu Pinyin, Revised
    Romanization, ...): ``{family: Wang, given: Xiaoming}``, family name first as in the original."""

    family: Text
    given: Text | None = None


class Name(Strict):
    model_config = ConfigDict(populate_by_name=True)

    family: Text | None = None
    given: Text | None = None
    suffix: Text | None = None
    literal: Text | None = None
    # For a name in a non-Latin script: how the brief's prose writes it ("Wang"). Kept as data;
    # CSL-JSON has no variable for it, so citations print the name in its own script (王晓明).
    romanized: Romanized | None = None
    # "van der" in Jan van der Berg (kept before the family name when sorting: "van der Berg")
    non_dropping_particle: Text | None = Field(None, alias="non-dropping-particle")
    # "de" in Charles de Gaulle when the style drops it: "Gaulle, Charles de"
    dropping_particle: Text | None = Field(None, alias="dropping-particle")

    @model_validator(mode="after")
    def _one_form(self) -> Name:
        if self.literal and (self.family or self.given or self.suffix or self.non_dropping_particle):
            raise ValueError("give either literal (an organisation) or family/given (a person), not both")
        if not self.literal and not self.family:
            raise ValueError("a name needs family (a person's surname) or literal (an organisation)")
        return self

    def csl(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True, by_alias=True, exclude={"romanized"})


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

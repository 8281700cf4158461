"""The typed content model every later stage reads.

Pydantic checks the schema (required fields, types, ISO dates, unknown keys); the loader maps
its errors back to YAML lines. Cross-field rules (verbatim quotes, citations, the full matrix)
live in ``briefing.load.validate`` because they need more than one file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
Id = Annotated[str, StringConstraints(pattern=rf"^{ID.pattern}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Confidence = Literal["high", "moderate", "low"]
NOT_ADDRESSED = "not-addressed"


class Strict(BaseModel):
    """Base: unknown keys are errors, models are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(Strict):
    id: Id
    text: Text
    actors: list[Id] = Field(min_length=1)
    why: Text


class SourceMeta(Strict):
    """What ``sources/<id>.yaml`` holds: the curation of one source text."""

    title: Text
    author: Text
    outlet: Text
    series: Text | None = None
    published: dt.date
    url: Text | None = None
    retrieved: dt.date | None = None  # when `briefing new-source` fetched the url
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None  # of the text as added
    note: Text | None = None
    date_note: Text | None = None  # what the date is, when it may not be first publication
    summary: Text
    quotes: list[Quote]
    positions: dict[Id, Text] = Field(default_factory=dict)


class Source(SourceMeta):
    """A curated source together with the text it was checked against."""

    id: Id
    text: str
    text_path: Path

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def short_ref(self) -> str:
        """``Lankov (2020)``: the short form used in footnotes and the matrix."""
        surname = self.author.split()[-1]
        return f"{surname} ({self.year})"


class Stance(Strict):
    id: Id
    label: Text
    symbol: Text
    meaning: Text


class Actor(Strict):
    id: Id
    name: Text
    short: Text
    position: Text
    aims: Text
    concerns: Text
    leverage: Text


class Issue(Strict):
    id: Id
    name: Text


class Cell(Strict):
    stance: Text
    category: Id


class Judgment(Strict):
    text: Text
    confidence: Confidence


class Indicator(Strict):
    text: Text
    why: Text


class Event(Strict):
    date: str
    label: Text
    cite: Text

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> str:
        """Accept YYYY, YYYY-MM or YYYY-MM-DD: never more precise than the source."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        text = str(value)
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        dt.date.fromisoformat((text + "-01-01")[:10])  # month 00 or 13, day 32: not a date
        return text

    @property
    def year(self) -> int:
        return int(self.date[:4])


class BriefMeta(Strict):
    """What ``brief.yaml`` holds."""

    title: Text
    short_title: Text
    subtitle: Text
    date: dt.date
    author: Text
    audience: Text
    handling: Text
    keywords: list[Text] = Field(default_factory=list)
    bluf: Text
    key_judgments: list[Judgment] = Field(min_length=1)
    stances: list[Stance] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    matrix: dict[Id, dict[Id, Cell]]
    convergence: Text
    divergence: Text
    outlook: Text
    indicators: list[Indicator] = Field(min_length=1)
    timeline: list[Event] = Field(default_factory=list)
    likelihood_scale: list[Text] | None = None  # lowest first, "a / b" for equivalents; default ICD 203
    as_of: str | None = None  # when the brief stands: YYYY[-MM[-DD]], or a period START/END

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: object) -> object:
        """A date as precise as known, or an ISO 8601 period ``2020-11/2021-03``."""
        if value is None:
            return None
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        ends = text.split("/")
        if len(ends) > 2 or not all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e) for e in ends):
            raise ValueError("expected YYYY, YYYY-MM, YYYY-MM-DD or a period START/END")
        for end in ends:
            dt.date.fromisoformat(end if len(end) == 10 else (end + "-01-01")[:10])
        if len(ends) == 2 and ends[0] > ends[1]:
            raise ValueError("a period's start comes before its end")
        return text


class Brief(BriefMeta):
    """The whole brief: ``brief.yaml`` plus its sources, validated together."""

    sources: list[Source]

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def stance(self, stance_id: str) -> Stance:
        return next(s for s in self.stances if s.id == stance_id)

    def cell(self, issue_id: str, actor_id: str) -> Cell:
        return self.matrix[issue_id][actor_id]

    def quotes_for(self, actor_id: str, limit: int = 2) -> list[tuple[Source, Quote]]:
        """The pull-quotes that speak first to this actor (its first tag), in source order.

        Each quote appears under one actor only, and at most ``limit`` per actor, so the actor
        sections stay short; every quote still appears in full under its source.
        """
        found = [(s, q) for s in self.sources for q in s.quotes if q.actors[0] == actor_id]
        return found[:limit]

    def actor_names(self, actor_ids: list[str]) -> str:
        """``["us", "rok"]`` → ``United States and South Korea``."""
        names = [a.name for i in actor_ids for a in self.actors if a.id == i]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def slug(self) -> str:
        """A file name safe as an e-mail attachment: ASCII, lowercase, hyphens, dated."""
        ascii_title = unicodedata.normalize("NFKD", self.short_title).encode("ascii", "ignore").decode()
        words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
        return f"{words[:60].rstrip('-') or 'brief'}-{self.date.isoformat()}"

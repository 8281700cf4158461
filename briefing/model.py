"""The typed content model every later stage reads.

Pydantic checks the schema (required fields, types, ISO dates, unknown keys); the loader maps
its errors back to YAML lines. Cross-field rules (verbatim quotes, citations, the full matrix)
live in ``briefing.load.validate`` because they need more than one file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal

from markupsafe import Markup
from pydantic import Field, StringConstraints, field_validator, model_validator

from briefing import chicago
from briefing.dates import PartialDate
from briefing.lang import DEFAULT, Lang
from briefing.names import Name, migration_hint
from briefing.schema import ID, Colour, Id, Strict, Text
from briefing.stances import stance_fills

__all__ = ["ID", "NOT_ADDRESSED", "Brief", "Id", "Name", "PartialDate", "Source", "Strict", "Text"]

Confidence = Literal["high", "moderate", "low"]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
NOT_ADDRESSED = "not-addressed"


class Quote(Strict):
    id: Id
    text: Text
    actors: list[Id] = Field(min_length=1)
    why: Text
    translation: Text | None = None  # required when the source's language is not the brief's


def foreign_to(brief_lang: str, lang: str | None) -> str | None:
    """``lang`` when it differs from ``brief_lang``, else None; a less specific tag of the brief's
    own language is not foreign (``en`` in an ``en-GB`` brief), ``en-US`` or ``zh-Hans`` is."""
    if not lang:
        return None
    mine, theirs = brief_lang.lower(), lang.lower()
    return None if mine == theirs or mine.startswith(theirs + "-") else lang


class SourceMeta(Strict):
    """What ``sources/<id>.yaml`` holds: the curation of one source text."""

    title: Text
    author: list[Name] = Field(default_factory=list)  # CSL-JSON names; none for an anonymous text
    outlet: Text
    series: Text | None = None
    published: PartialDate
    lang: Lang = DEFAULT
    url: Text | None = None
    retrieved: PartialDate | None = None  # when `briefing new-source` fetched the url
    sha256: Sha256 | None = None  # of the text as added
    note: Text | None = None
    date_note: Text | None = None  # what the date is, when it may not be first publication
    summary: Text
    summary_lang: Lang | None = None  # the summary's language when not the brief's
    quotes: list[Quote]
    # What the source attributes to each actor: one text for all issues, or texts per issue id
    # (then it gives the actor a position on those issues only; see check_coding).
    positions: dict[Id, Text | dict[Id, Text]] = Field(default_factory=dict)

    @field_validator("author", mode="before")
    @classmethod
    def _names_not_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(migration_hint(value))
        return value


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
        """``Roe and Doe (2021)``: the short form a reader sees in prose, the matrix, the timeline."""
        return chicago.short_ref(self)

    @property
    def byline(self) -> str:
        """``Jane Roe and Richard Doe``, or the outlet when no author is named."""
        return chicago.authors_note(self.author) if self.author else self.outlet

    def csl(self) -> dict[str, Any]:
        """The source as a CSL-JSON item, for any CSL processor."""
        item: dict[str, Any] = {
            "id": self.id,
            "type": "article",
            "title": self.title,
            "container-title": self.outlet,
            "issued": self.published.csl(),
            "language": self.lang,
        }
        if self.author:
            item["author"] = [n.csl() for n in self.author]
        if self.series:
            item["collection-title"] = self.series
        if self.url:
            item["URL"] = self.url
        return item


class Stance(Strict):
    id: Id
    label: Text
    symbol: Text
    meaning: Text
    colour: Colour | None = None  # fill in the matrix; default: the next colour of the theme's palette


BUILT_IN_SILENCE = Stance(
    id=NOT_ADDRESSED, label="Not addressed", symbol="○", meaning="The sources do not address this"
)


class Actor(Strict):
    id: Id
    name: Text
    short: Text | None = None  # heads the matrix column when the matrix is crowded
    position: Text
    aims: Text
    concerns: Text
    leverage: Text
    quotes: list[Id] | None = None  # pull-quotes shown in this actor's section, in order

    @property
    def short_name(self) -> str:
        return self.short or self.name


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
    date: PartialDate  # YYYY, YYYY-MM or YYYY-MM-DD: never more precise than the source
    label: Text
    cite: Text

    @property
    def year(self) -> int:
        return self.date.year


class BriefMeta(Strict):
    """What ``brief.yaml`` holds."""

    title: Text
    short_title: Text
    subtitle: Text
    date: PartialDate
    lang: Lang = DEFAULT
    # Footnotes: Chicago short notes; a full note at each source's first citation, short after;
    # or the author-date form readers see elsewhere, "Roe and Doe (2021), para. 4" (compact).
    notes: Literal["short", "full-first", "author-date"] = "short"
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
    # Quoted phrases of the prose in another language than the brief's → their translation,
    # printed after the phrase: ``水库调度信息: reservoir operating information``.
    translations: dict[Text, Text] = Field(default_factory=dict)
    # Where the contents list goes: below the bottom line on page 1, on a page of its own, or nowhere.
    contents: Literal["after-bluf", "page-2", "none"] = "after-bluf"
    likelihood_scale: list[Text] | None = None  # lowest first, "a / b" for equivalents; default ICD 203
    as_of: str | None = None  # when the brief stands: YYYY[-MM[-DD]], or a period START/END

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: object) -> object:
        """A date as precise as known, or an ISO 8601 period ``2020-11/2021-03``."""
        if value is None:
            return None
        ends = [PartialDate.parse(e) for e in (value.split("/") if isinstance(value, str) else [value])]
        if len(ends) > 2:
            raise ValueError("expected YYYY, YYYY-MM, YYYY-MM-DD or a period START/END")
        if len(ends) == 2 and ends[0] > ends[1]:
            raise ValueError("a period's start comes before its end")
        return "/".join(e.isoformat() for e in ends)

    @model_validator(mode="after")
    def _built_in_silence(self) -> BriefMeta:
        """``not-addressed`` need not be declared: it is added to the legend when a cell uses it."""
        used = any(c.category == NOT_ADDRESSED for row in self.matrix.values() for c in row.values())
        if used and all(s.id != NOT_ADDRESSED for s in self.stances):
            object.__setattr__(self, "stances", [*self.stances, BUILT_IN_SILENCE])
        return self


class Brief(BriefMeta):
    """The whole brief: ``brief.yaml`` plus its sources, validated together."""

    sources: list[Source]

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def stance(self, stance_id: str) -> Stance:
        return next(s for s in self.stances if s.id == stance_id)

    def cell(self, issue_id: str, actor_id: str) -> Cell:
        return self.matrix[issue_id][actor_id]

    def shown_quotes(self) -> dict[str, Actor]:
        """Each pull-quote printed in an actor section, by id → the one actor whose section shows
        it: a quote is printed once in the reader's document, under the first actor that shows it."""
        shown: dict[str, Actor] = {}
        for actor in self.actors:
            for _, quote in self._quotes_of(actor):
                shown.setdefault(quote.id, actor)
        return shown

    def quotes_for(self, actor_id: str) -> list[tuple[Source, Quote]]:
        """The pull-quotes an actor's section prints: its ``quotes:`` list in its order, or else the
        quotes that speak to it first of all (their first actor), in source order; a quote another
        section already prints is left out, so each is printed once."""
        actor = next(a for a in self.actors if a.id == actor_id)
        shown = self.shown_quotes()
        return [(s, q) for s, q in self._quotes_of(actor) if shown[q.id] is actor]

    def printed_under(self, source: Source) -> list[tuple[Actor, Quote]]:
        """The actor sections that print this source's quotes, each once with its first quote there
        (the source notes name them instead of printing the quotes again)."""
        shown = self.shown_quotes()
        out: dict[str, tuple[Actor, Quote]] = {}
        for quote in source.quotes:
            if quote.id in shown:
                out.setdefault(shown[quote.id].id, (shown[quote.id], quote))
        order = [a.id for a in self.actors]
        return sorted(out.values(), key=lambda pair: order.index(pair[0].id))

    def _quotes_of(self, actor: Actor) -> list[tuple[Source, Quote]]:
        every = {q.id: (s, q) for s in self.sources for q in s.quotes}
        if actor.quotes is not None:
            return [every[q] for q in actor.quotes if q in every]
        ours = {a.id for a in self.actors}
        return [
            (s, q) for s, q in every.values() if next((a for a in q.actors if a in ours), None) == actor.id
        ]

    def positions_for(self, actor_id: str) -> list[tuple[Source, str]]:
        """What each source attributes to this actor (its ``positions:``), in source order; per-issue
        positions joined, each after its issue's name."""
        return [(s, self.position_text(s, actor_id)) for s in self.sources if actor_id in s.positions]

    def position_text(self, source: Source, actor_id: str) -> str:
        """One source's position for an actor as one text: ``Sanctions: … Exercises: …`` when given
        per issue."""
        value = source.positions[actor_id]
        if isinstance(value, str):
            return value
        names = {i.id: i.name for i in self.issues}
        return " ".join(f"{names.get(k, k)}: {' '.join(v.split())}" for k, v in value.items())

    def foreign(self, lang: str | None) -> str | None:
        """``lang`` when it differs from the brief's language (its text is then tagged), else None.

        A less specific tag of the brief's own language is not foreign: an ``en`` source in an
        ``en-GB`` brief stays untagged, while ``en-US`` in it, or ``zh-Hans``, is tagged.
        """
        return foreign_to(self.lang, lang)

    @property
    def references(self) -> list[Source]:
        """The bibliography: alphabetical by author, or title when there is none (Chicago)."""
        return sorted(self.sources, key=chicago.bibliography_key)

    def reference(self, source: Source) -> Markup:
        return chicago.bibliography(source, lang=self.foreign(source.lang))

    def note(
        self,
        source: Source,
        locator: str | None,
        *,
        first: bool,
        end: str = ".",
        again: bool = False,
    ) -> Markup:
        """A footnote's words for one source: the short note (CMOS 14.19, with a full bibliography),
        or the full note at a source's first citation when ``notes: full-first``; "Ibid." when
        ``again``: this note and the one just before cite this source alone (CMOS 14.34)."""
        lang = self.foreign(source.lang)
        if self.notes == "author-date":
            return chicago.tag(chicago.key_note(source, locator, end=end), lang)
        if again:
            return chicago.ibid(locator, end=end)
        if first and self.notes == "full-first":
            return chicago.full_note(source, locator, lang=lang, end=end)
        return chicago.short_note(source, locator, lang=lang, end=end)

    @property
    def stance_fills(self) -> dict[str, str]:
        """Each stance's matrix fill: its own ``colour``, else the next colour of the palette."""
        return stance_fills(self.stances)

    def actor_names(self, actor_ids: list[str]) -> str:
        """``["us", "rok"]`` → ``United States and South Korea``."""
        names = [a.name for i in actor_ids for a in self.actors if a.id == i]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def slug(self) -> str:
        """A file name safe as an e-mail attachment: lowercase, hyphens, dated, never empty.

        Latin letters lose their accents (``Déjà`` → ``deja``); other scripts are kept as they are
        (``澜湄合作``), since dropping them would leave nothing of a Chinese or Korean title.
        """
        decomposed = unicodedata.normalize("NFKD", self.short_title)
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
        words = re.sub(r"[\W_]+", "-", bare.lower()).strip("-")
        return f"{words[:60].rstrip('-') or 'brief'}-{self.date.isoformat()}"

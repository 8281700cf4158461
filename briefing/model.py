"""The typed content model every later stage reads.

Pydantic checks the schema (required fields, types, ISO dates, unknown keys); the loader maps
its errors back to YAML lines. Cross-field rules (verbatim quotes, citations, the full matrix)
live in ``briefing.load.validate`` because they need more than one file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AliasChoices, ConfigDict, Field, StringConstraints, field_validator, model_validator

from briefing.catalogue import Messages
from briefing.dates import PartialDate
from briefing.lang import BCP47, DEFAULT, LANG_CHARS, format_list
from briefing.names import Name, migration_hint
from briefing.roles import Role
from briefing.schema import ID, Colour, Id, Strict, Text
from briefing.stances import stance_fills

if TYPE_CHECKING:
    from briefing.theme import Theme

__all__ = ["ID", "NOT_ADDRESSED", "Brief", "Id", "Name", "PartialDate", "Source", "Strict", "Text"]

Confidence = Literal["high", "moderate", "low"]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Lang = Annotated[str, StringConstraints(pattern=f"^{BCP47.pattern}$", max_length=LANG_CHARS)]  # a BCP 47 tag
NOT_ADDRESSED = "not-addressed"

# A field's roles (briefing/roles.py): the one place that says which texts are Markdown, must cite,
# are held to the likelihood scale, are links or Word properties; every check and writer reads it.
Plain = Annotated[Text, Role.PLAIN]  # prose printed as plain text, its quoted phrases verified
Inline = Annotated[Text, Role.INLINE]  # inline Markdown
Claim = Annotated[Text, Role.INLINE | Role.CITES]  # inline Markdown that must cite
Argument = Annotated[Text, Role.BLOCK | Role.CITES]  # paragraphs and lists that must cite
Note = Annotated[Text, Role.PLAIN | Role.NOTE]  # a production note, never printed for the reader


# CSL 1.0.2 item types (https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types)
CslType = Literal[
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview",
    "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score",
    "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song",
    "speech", "standard", "thesis", "treaty", "webpage",
]  # fmt: skip


def _csl(name: str, *old: str) -> Any:
    """A field written with its CSL-JSON variable name, or the name it had before (``outlet``)."""
    return Field(None, alias=name, validation_alias=AliasChoices(name, *old))


class Quote(Strict):
    id: Id
    text: Text
    locator: Text | None = None  # where in the source: "para. 9", "p. 4" (the attribution's pinpoint)
    actors: list[Id] = Field(min_length=1)
    why: Plain
    translation: Text | None = None  # required when the source's language is not the brief's


def foreign_to(brief_lang: str, lang: str | None) -> str | None:
    """``lang`` when it differs from ``brief_lang``, else None; a less specific tag of the brief's
    own language is not foreign (``en`` in an ``en-GB`` brief), ``en-US`` or ``zh-Hans`` is."""
    if not lang:
        return None
    mine, theirs = brief_lang.lower(), lang.lower()
    return None if mine == theirs or mine.startswith(theirs + "-") else lang


class SourceMeta(Strict):
    """What ``sources/<id>.yaml`` holds: the curation of one source text.

    Bibliographic fields are CSL-JSON variables (``container-title``, ``issued``, ``URL``…), so a
    source is a CSL item any citation processor or reference manager reads; the names used before
    (``outlet``, ``series``, ``published``, ``url``, ``retrieved``) are still accepted.
    """

    model_config = ConfigDict(populate_by_name=True)

    type: CslType = "webpage"  # check warns when a file gives none
    title: Text
    title_short: Text | None = _csl("title-short")
    author: list[Name] = Field(default_factory=list)  # CSL-JSON names; none for an anonymous text
    editor: list[Name] = Field(default_factory=list)
    translator: list[Name] = Field(default_factory=list)
    outlet: Text | None = _csl("container-title", "outlet")  # journal, newspaper, website
    series: Text | None = _csl("collection-title", "series")  # a blog, a report series
    publisher: Text | None = None
    publisher_place: Text | None = _csl("publisher-place")
    genre: Text | None = None  # "Asia Report", "Policy brief"
    number: Text | None = None  # a report's number
    volume: Text | None = None
    issue: Text | None = None
    page: Text | None = None
    doi: Text | None = _csl("DOI")
    published: PartialDate = Field(alias="issued", validation_alias=AliasChoices("issued", "published"))
    lang: Lang = DEFAULT
    url: Annotated[Text, Role.URL] | None = _csl("URL", "url")
    retrieved: PartialDate | None = _csl("accessed", "retrieved")  # when `new-source` fetched the URL
    sha256: Sha256 | None = None  # of the text as added
    url_sha256: Sha256 | None = None  # new-source's record that it read the text from URL
    unconfirmed: dict[str, Text] = Field(default_factory=dict)  # values new-source guessed: where from
    note: Note | None = None
    date_note: Note | None = None  # what the date is, when it may not be first publication
    summary: Plain
    summary_lang: Lang | None = None  # the summary's language when not the brief's
    quotes: list[Quote]
    # What the source attributes to each actor: one text for all issues, or texts per issue id
    # (then it gives the actor a position on those issues only; see check_coding).
    positions: dict[Id, Claim | dict[Id, Claim]] = Field(default_factory=dict)

    @field_validator("volume", "issue", "page", "number", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        """``volume: 9`` and ``page: 521`` are numbers to YAML; to CSL they are text."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("author", "editor", "translator", mode="before")
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

    def csl(self) -> dict[str, Any]:
        """The source as a CSL-JSON item, for any CSL processor or reference manager."""
        item: dict[str, Any] = {"id": self.id, "language": self.lang}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if name in _NOT_CSL or value in (None, []):
                continue
            key = field.alias or name
            if isinstance(value, PartialDate):
                item[key] = value.csl()
            elif isinstance(value, list):
                item[key] = [n.csl() for n in value]
            else:
                item[key] = value
        return item


_NOT_CSL = {"lang", "sha256", "url_sha256", "unconfirmed", "note", "date_note",
            "summary", "summary_lang", "quotes", "positions",
            "id", "text", "text_path"}  # fmt: skip


class Stance(Strict):
    id: Id
    label: Text
    symbol: Text
    meaning: Plain
    colour: Colour | None = None  # fill in the matrix; default: the next colour of the theme's palette


def built_in_silence(msgs: Messages) -> Stance:
    """The ``not-addressed`` stance every brief has, in the brief's language."""
    label, meaning = msgs("Not addressed"), msgs("The sources do not address this")
    return Stance(id=NOT_ADDRESSED, label=label, symbol="○", meaning=meaning)


class Actor(Strict):
    id: Id
    name: Text
    short: Text | None = None  # heads the matrix column when the matrix is crowded
    position: Claim
    aims: Claim
    concerns: Claim
    leverage: Claim
    quotes: list[Id] | None = None  # pull-quotes shown in this actor's section, in order


class Issue(Strict):
    id: Id
    name: Text


class Cell(Strict):
    stance: Inline
    category: Id


class Judgment(Strict):
    text: Annotated[Text, Role.INLINE | Role.CITES | Role.LIKELIHOOD]
    confidence: Confidence


class Indicator(Strict):
    text: Annotated[Claim, Role.SCOPE]  # read with its why: one citation scope
    why: Annotated[Inline, Role.SCOPE]


class Event(Strict):
    date: PartialDate  # YYYY, YYYY-MM or YYYY-MM-DD: never more precise than the source
    label: Annotated[Plain, Role.SCOPE]  # read with its cite: one citation scope
    cite: Annotated[Plain, Role.CITES | Role.SCOPE]

    @property
    def year(self) -> int:
        return self.date.year


class BriefMeta(Strict):
    """What ``brief.yaml`` holds."""

    title: Annotated[Plain, Role.PROPERTY]
    short_title: Text
    subtitle: Annotated[Plain, Role.PROPERTY]
    date: PartialDate
    lang: Lang = DEFAULT
    # The CSL style of every citation: a bundled id (briefing/cite/styles) or a .csl file's path.
    citation_style: Text | None = None
    # In a note style: the style's full note at a source's first citation, then short notes
    # ("full-first"), or short notes throughout ("short", CMOS 14.19 with a full bibliography).
    # "author-date" is the name this option had for Chicago author-date before styles existed.
    notes: Literal["short", "full-first", "author-date"] = "full-first"
    author: Annotated[Text, Role.PROPERTY]
    audience: Text
    handling: Text
    keywords: list[Text] = Field(default_factory=list)
    bluf: Annotated[Argument, Role.LIKELIHOOD]
    key_judgments: list[Judgment] = Field(min_length=1)
    stances: list[Stance] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    matrix: dict[Id, dict[Id, Cell]]
    convergence: Argument
    divergence: Argument
    outlook: Argument
    indicators: list[Indicator] = Field(min_length=1)
    timeline: list[Event] = Field(default_factory=list)
    # Quoted phrases of the prose in another language than the brief's → their translation,
    # printed after the phrase: ``水库调度信息: reservoir operating information``.
    translations: dict[Text, Text] = Field(default_factory=dict)
    # Where the contents list goes: below the bottom line on page 1, on a page of its own, or nowhere.
    contents: Literal["after-bluf", "page-2", "none"] = "after-bluf"
    likelihood_scale: list[Text] | None = None  # lowest first, "a / b" for equivalents; default ICD 203
    as_of: str | None = None  # when the brief stands: YYYY[-MM[-DD]], or a period START/END
    # The tool's own words for this brief, keyed by their English text (briefing/catalogue).
    labels: dict[Text, Text] = Field(default_factory=dict)

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
            object.__setattr__(self, "stances", [*self.stances, built_in_silence(self.messages)])
        return self

    @property
    def messages(self) -> Messages:
        """The tool's words in the brief's language, the analyst's ``labels:`` first."""
        return Messages(self.lang, self.labels)


class VerifiedPhrase(Strict):
    """A quoted phrase of the prose that ``check`` found in a source its paragraph cites."""

    phrase: str  # as written between its quotation marks
    words: tuple[str, ...]  # the parts it claims from the source (ellipses split, emphasis dropped)
    source: Id  # the first cited source holding them


class Brief(BriefMeta):
    """The whole brief: ``brief.yaml`` plus its sources, validated together."""

    sources: list[Source]
    # What the loader verified, so the renderer marks the phrases without verifying them again;
    # not part of the brief's content (left out of dumps).
    phrases: list[VerifiedPhrase] = Field(default_factory=list, exclude=True)

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

    def stance_fills(self, theme: Theme) -> dict[str, str]:
        """Each stance's matrix fill: its own ``colour``, else the next colour of ``theme``'s palette."""
        return stance_fills(self.stances, theme)

    def actor_names(self, actor_ids: list[str]) -> str:
        """``["us", "rok"]`` → ``United States and South Korea`` (``États-Unis et Corée du Sud``)."""
        return format_list([a.name for i in actor_ids for a in self.actors if a.id == i], self.lang)

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

"""When a brief stands: its "as of" date or period, and the span of its sources' dates.

A brief issued years after its sources must not read as current. The masthead shows the
issue date beside the "as of" date and the computed span of the sources' publication dates,
and the outlook and indicators are headed as the sources' view at that time. Dates and the
wording are in the brief's language (CLDR patterns, the tool's message catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.catalogue import ENGLISH, Messages
from briefing.dates import PartialDate


def partial(value: Any, lang: str | None = None) -> str:
    """``2021`` → ``2021``; ``2021-03`` → ``March 2021``; ``2021-03-17`` → ``17 March 2021``."""
    return PartialDate.parse(value).long(lang)


def period(start: Any, end: Any, lang: str | None = None) -> str:
    """``November 2020 – March 2021``, or one date when both ends agree; CLDR's interval form
    (``2020年11月～2021年3月``) when both ends are as precise, else each end as precise as given."""
    first, last = PartialDate.parse(start), PartialDate.parse(end)
    if first.precision == last.precision:
        return first.until(last, lang)
    return f"{first.long(lang)} – {last.long(lang)}"


def _month(value: Any) -> PartialDate:
    """A publication date to the month: the span of sources reads in months, not days."""
    date = PartialDate.parse(value)
    return PartialDate(date.year, date.month)


@dataclass(frozen=True)
class Stands:
    """The wording the masthead, the contents and the outlook share."""

    as_of: str | None  # "March 2021", "November 2020 – March 2021", or None
    sources: str | None  # "November 2020 – March 2021"
    retrospective: bool  # the brief stands well before its issue date
    msgs: Messages = ENGLISH

    @property
    def outlook_title(self) -> str:
        if self.retrospective:
            return self.msgs("Outlook as of %(date)s", date=self.as_of)
        return self.msgs("Outlook and indicators to watch")

    @property
    def indicators_title(self) -> str:
        if self.retrospective:
            return self.msgs("What the sources said to watch")
        return self.msgs("Indicators to watch")

    @property
    def outlook_note(self) -> str | None:
        if not self.retrospective:
            return None
        return self.msgs(
            "The outlook and indicators are the sources’ view as of %(date)s; this brief does not "
            "assess what happened afterwards.",
            date=self.as_of,
        )


def stands(brief: Any, msgs: Messages | None = None) -> Stands:
    """Work out the wording from ``brief.as_of``, its issue date and its sources' dates."""
    msgs = msgs or Messages(getattr(brief, "lang", None))
    lang = msgs.lang
    dates = sorted(_month(s.published) for s in brief.sources)
    sources = period(dates[0], dates[-1], lang) if dates else None
    as_of_raw = getattr(brief, "as_of", None)
    if not as_of_raw:
        return Stands(None, sources, False, msgs)
    ends = [PartialDate.parse(e) for e in str(as_of_raw).split("/")]
    as_of = period(ends[0], ends[-1], lang)
    last = ends[-1]
    issued = PartialDate.parse(brief.date)
    # the last day the "as of" covers, against the issue date: a bare year or month runs to its end
    end = (last.year, last.month or 13, last.day or 32)
    retrospective = end < (issued.year, issued.month or 0, issued.day or 0)
    return Stands(as_of, sources, retrospective, msgs)

"""When a brief stands: its "as of" date or period, and the span of its sources' dates.

A brief issued years after its sources must not read as current. The masthead shows the
issue date beside the "as of" date and the computed span of the sources' publication dates,
and the outlook and indicators are headed as the sources' view at that time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

_PARTS = 3


def partial(value: Any) -> str:
    """``2021`` → ``2021``; ``2021-03`` → ``March 2021``; ``2021-03-17`` → ``17 March 2021``."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B")
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == _PARTS else f"{month} {parts[0]}"


def _month(value: Any) -> str:
    """A publication date to the month: the span of sources reads in months, not days."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return partial(text[:7])


def period(start: str, end: str) -> str:
    """``November 2020 – March 2021``, or one date when both ends agree."""
    return start if start == end else f"{start} – {end}"


def _end(value: str) -> str:
    """The last day a partial date covers, as ISO, for comparing with the issue date."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == _PARTS - 1:
        year, month = int(parts[0]), int(parts[1])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return (following - dt.timedelta(days=1)).isoformat()
    return value


@dataclass(frozen=True)
class Stands:
    """The wording the masthead, the contents and the outlook share."""

    as_of: str | None  # "March 2021", "November 2020 – March 2021", or None
    sources: str | None  # "November 2020 – March 2021"
    retrospective: bool  # the brief stands well before its issue date

    @property
    def outlook_title(self) -> str:
        return f"Outlook as of {self.as_of}" if self.retrospective else "Outlook and indicators to watch"

    @property
    def indicators_title(self) -> str:
        return "What the sources said to watch" if self.retrospective else "Indicators to watch"

    @property
    def outlook_note(self) -> str | None:
        if not self.retrospective:
            return None
        return (
            f"The outlook and indicators are the sources\u2019 view as of {self.as_of}; this brief does "
            "not assess what happened afterwards."
        )


def stands(brief: Any) -> Stands:
    """Work out the wording from ``brief.as_of``, its issue date and its sources' dates."""
    dates = sorted(str(s.published) if not isinstance(s.published, dt.date) else s.published.isoformat()
                   for s in brief.sources)  # fmt: skip
    sources = period(_month(dates[0]), _month(dates[-1])) if dates else None
    as_of_raw = getattr(brief, "as_of", None)
    if not as_of_raw:
        return Stands(None, sources, False)
    ends = str(as_of_raw).split("/")
    as_of = period(partial(ends[0]), partial(ends[-1]))
    issued = brief.date.isoformat() if isinstance(brief.date, dt.date) else str(brief.date)
    return Stands(as_of, sources, _end(ends[-1]) < issued[:10])

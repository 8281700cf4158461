"""Partial dates: a year, a year and month, or a full date — never more precise than the source.

One type for every date in a brief (a source's ``published``, a timeline event, the brief's own
``date``), so they all parse, print and sort the same way. Impossible dates (month 13, day 00,
30 February) are rejected with a message the loader locates at the field's line. Dates print
in the brief's language by CLDR's patterns (Babel): ``7 décembre 2026``, ``2026年12月7日``; plain
``en`` keeps the day-month-year order of British and international English (``7 December 2026``).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


# The language dates print in when no ``lang`` is given: the brief's, while it renders (as a
# translation framework's active locale), so code that prints a date (the bibliography, notes)
# need not be handed the language. Citation code reads it for the brief's CSL locale too.
LANGUAGE: ContextVar[str] = ContextVar("language", default="en")


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Dates (and whatever reads :data:`LANGUAGE`) in ``lang`` inside the ``with`` block."""
    token = LANGUAGE.set(lang)
    try:
        yield
    finally:
        LANGUAGE.reset(token)


# CLDR's skeletons (``yMMMMd``: year, month in full, day), in the order of each locale's pattern.
_SKELETONS = {"long": ("y", "yMMMM", "yMMMMd"), "short": ("y", "yMMM", "yMMMd")}


def cldr_locale(lang: str | None) -> Locale:
    """Babel's locale for a BCP 47 tag: ``en`` reads as ``en_GB`` (day-month-year), an unknown
    language as English."""
    tag = (lang or LANGUAGE.get()).replace("-", "_")
    if tag.lower() == "en":
        tag = "en_GB"
    for candidate in (tag, tag.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en_GB")


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """``2021``, ``2021-05`` or ``2021-05-17``; orders earlier-first, a bare year before its months."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month:02d} does not exist (01–12)")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day {self.day:02d} does not exist in {MONTHS[self.month - 1]} {self.year}")

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """From YAML: a date, an int year, or a string in one of the three ISO forms."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dict) and set(value) == {"year", "month", "day"}:  # a model_dump()
            return cls(**value)
        if isinstance(value, dt.datetime):
            raise ValueError("expected a date without a time (YYYY, YYYY-MM or YYYY-MM-DD)")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            raise ValueError("expected a date: YYYY, YYYY-MM or YYYY-MM-DD")
        m = _FORM.fullmatch(value.strip())
        if m is None:
            raise ValueError("expected a date: YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        return cls(year, month, day)

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.key() < other.key()

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self) -> str:
        """As written in the seed: ``2021``, ``2021-05``, ``2021-05-17``."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    def _skeleton(self, form: str) -> str:
        return _SKELETONS[form][("year", "month", "day").index(self.precision)]

    def _date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def long(self, lang: str | None = None) -> str:
        """``17 May 2021``, ``May 2021``, ``2021`` (``17 mai 2021``, ``2021年5月17日``): as precise
        as given, never more."""
        return format_skeleton(self._skeleton("long"), self._date(), locale=cldr_locale(lang))

    def short(self, lang: str | None = None) -> str:
        """The month abbreviated: ``17 May 2021``, ``Mar 2021``, ``2021`` (``mars 2021``)."""
        return format_skeleton(self._skeleton("short"), self._date(), locale=cldr_locale(lang))

    def until(self, end: PartialDate, lang: str | None = None) -> str:
        """``November 2020 – March 2021``: a period, as CLDR writes one in ``lang``, to the
        coarser precision of its two ends; one date when both ends print the same."""
        coarse = min(self.precision, end.precision, key=("year", "month", "day").index)
        skeleton = _SKELETONS["long"][("year", "month", "day").index(coarse)]
        locale = cldr_locale(lang)
        first, last = (format_skeleton(skeleton, d._date(), locale=locale) for d in (self, end))
        if first == last:
            return first
        # CLDR sets the dash between thin spaces; the brief's other spaced dashes have word spaces
        return format_interval(self._date(), end._date(), skeleton, locale=locale).replace("\u2009", " ")

    def csl(self) -> dict[str, list[list[int]]]:
        """CSL-JSON ``date-parts``."""
        parts = [p for p in (self.year, self.month, self.day) if p is not None]
        return {"date-parts": [parts]}

    def __str__(self) -> str:
        """ISO, as ``datetime.date`` prints: code that reads a date as text keeps working."""
        return self.isoformat()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda d, info: d.isoformat() if info.mode == "json" else d, info_arg=True
            ),
        )

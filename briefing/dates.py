"""Partial dates: a year, a year and month, or a full date — never more precise than the source.

One type for every date in a brief (a source's ``published``, a timeline event, the brief's own
``date``), so they all parse, print and sort the same way. Impossible dates (month 13, day 00,
30 February) are rejected with a message the loader locates at the field's line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


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

    def long(self) -> str:
        """``17 May 2021``, ``May 2021``, ``2021``: as precise as given, never more."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def short(self) -> str:
        """``17 May 2021`` with the month abbreviated: ``17 May 2021``, ``Mar 2021``, ``2021``."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1][:3]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

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

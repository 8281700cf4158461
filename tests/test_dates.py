"""Partial dates: as precise as the source, printed as given, sorted correctly."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.dates import PartialDate


@pytest.mark.parametrize(
    ("raw", "long", "short"),
    [
        ("2021", "2021", "2021"),
        (2021, "2021", "2021"),
        ("2021-05", "May 2021", "May 2021"),
        ("2020-12-09", "9 December 2020", "9 Dec 2020"),
        (dt.date(2020, 12, 9), "9 December 2020", "9 Dec 2020"),
    ],
)
def test_printed_as_given(raw, long, short):
    d = PartialDate.parse(raw)
    assert d.long() == long
    assert d.short() == short
    assert PartialDate.parse(d.isoformat()) == d


def test_sorted_year_before_its_months_before_its_days():
    raw = ["2021-05-17", "2021", "2020-12", "2021-05", "2021-01-31"]
    ordered = sorted(PartialDate.parse(r) for r in raw)
    assert [d.isoformat() for d in ordered] == ["2020-12", "2021", "2021-01-31", "2021-05", "2021-05-17"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2021-13", "month 13 does not exist"),
        ("2021-00-10", "month 00 does not exist"),
        ("2021-02-30", "day 30 does not exist in February 2021"),
        ("2021-04-00", "day 00 does not exist in April 2021"),
        ("2023-02-29", "day 29 does not exist in February 2023"),
        ("May 2021", "expected a date"),
        ("21-05", "expected a date"),
    ],
)
def test_impossible_dates_are_errors(raw, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(raw)


def test_leap_day_exists_in_a_leap_year():
    assert PartialDate.parse("2024-02-29").long() == "29 February 2024"

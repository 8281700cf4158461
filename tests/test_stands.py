"""The brief says when it stands: as-of date, the span of its sources, retrospective wording."""

from __future__ import annotations

import pytest
from conftest import MINI, SEEDS, edit

from briefing.html.render import render_html
from briefing.html.stands import partial, period, stands
from briefing.load import load_brief
from briefing.load.yamlfile import read_yaml


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2021", "2021"), ("2021-03", "March 2021"), ("2021-03-17", "17 March 2021")],
)
def test_partial_dates_say_no_more_than_they_know(value, shown):
    assert partial(value) == shown


def test_period_collapses_when_both_ends_agree():
    assert period("2021-03", "2021-03") == "March 2021"
    assert period("2020-11", "2021-03") == "November 2020 – March 2021"
    assert period("2021-01", "2021-03-02") == "January 2021 – 2 March 2021"  # each end as precise as given


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("fr", "novembre 2020 – mars 2021"), ("ja", "2020年11月～2021年3月"), ("de", "November 2020 – März 2021")],
)
def test_period_in_the_briefs_language(lang, shown):
    assert period("2020-11", "2021-03", lang) == shown


def test_seed_is_a_retrospective_as_of_march_2021():
    when = stands(load_brief(SEEDS))
    assert when.as_of == "March 2021"
    assert when.sources == "November 2020 – March 2021"
    assert when.retrospective
    html = render_html(load_brief(SEEDS))
    assert "Issued 22 November 2026 · As of March 2021 · Sources published November 2020 – March 2021" in html
    assert "<h2>Outlook as of March 2021</h2>" in html
    assert "What the sources said to watch" in html and "Indicators to watch" not in html
    assert html.count("Outlook as of March 2021") == 2  # heading and contents agree


def test_a_period_and_a_current_brief(mini):
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\nas_of: 2021-01/2021-03-02")
    when = stands(load_brief(mini))
    assert when.as_of == "January 2021 – 2 March 2021" and not when.retrospective
    html = render_html(load_brief(mini))
    assert "Outlook and indicators to watch" in html and "Sources published March 2021" in html


def test_bad_as_of_is_located(mini):
    from briefing.errors import BriefingError

    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\nas_of: 2021-03/2020-01")
    with pytest.raises(BriefingError) as info:
        load_brief(mini)
    assert "brief.yaml:5:8: as_of: a period's start comes before its end" in str(info.value)


def test_date_note_is_a_production_note_kept_off_the_page():
    """The date note reaches the HTML's data attributes (a --review comment) and the optional
    editorial record, never the text a reader sees."""
    import lxml.html

    brief = load_brief(SEEDS)
    noted = [s for s in brief.sources if s.date_note]
    assert [s.id for s in noted] == ["lankov-2020"]
    assert "republication" in noted[0].date_note or "posted" in noted[0].date_note
    root = lxml.html.fromstring(render_html(brief))
    assert "On the date: " not in root.text_content()
    assert any("On the date: " in v for v in root.xpath("//p[@class='reference']/@data-provenance"))
    record = lxml.html.fromstring(render_html(brief, editorial_record=True))
    assert "On the date: " in record.get_element_by_id("editorial-record").text_content()


def test_fixtures_without_as_of_read_as_current():
    for folder in (MINI, MINI.parent / "mekong"):
        assert "as_of" not in read_yaml(folder / "brief.yaml").data
        assert not stands(load_brief(folder)).retrospective

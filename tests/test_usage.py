"""The loader's warnings (briefing/load/usage.py): a cell too long, a quote no section shows and no
prose quotes, an actor no source gives a position, a source cited nowhere; each located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO, MINI, edit, located, warnings_of

from briefing.errors import Problem
from briefing.load import load_brief
from briefing.load.usage import CELL_WORDS as USAGE_CELL_WORDS

pytestmark = pytest.mark.load


# --- warnings (briefing/load/usage.py) ---------------------------------------------------------


def test_the_mini_brief_has_no_warnings():
    assert warnings_of(MINI) == []


def test_cell_length_both_sides_markers_not_counted(mini):
    marker = "[@demo-2021, para. 4; @demo-2021]"
    edit(mini / "brief.yaml", "stance: Stability above all [@demo-2021].", f"stance: {'word ' * USAGE_CELL_WORDS}{marker}")
    assert warnings_of(mini) == []
    edit(mini / "brief.yaml", "stance: word ", "stance: word word ")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "stance: word", "matrix.end-state.russia.stance",
                f"warning: has {USAGE_CELL_WORDS + 1} words; a cell holds at most {USAGE_CELL_WORDS}", at="word")
    ]


def _hide_the_beijing_quote(brief: Path) -> None:
    """Each actor shows one quote of its own: demo-beijing is in no actor section."""
    edit(brief / "brief.yaml", "    short: ROK\n", "    short: ROK\n    quotes: [demo-seoul]\n")
    edit(brief / "brief.yaml", "    short: RU\n", "    short: RU\n    quotes: [demo-moscow]\n")


def test_a_quote_no_section_shows_and_no_prose_quotes_is_a_warning(mini):
    _hide_the_beijing_quote(mini)
    assert warnings_of(mini) == [
        located(mini, DEMO, "id: demo-beijing", "quotes[2].id",
                "warning: quote demo-beijing is in no actor section and the brief's prose never quotes it"
                " (add it to an actor's quotes:)", at="demo-beijing")
    ]


def test_prose_quoting_three_words_of_a_quote_uses_it_two_do_not(mini):
    _hide_the_beijing_quote(mini)
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021]", "outlook: Sanctions “remain in force” [@demo-2021, para. 5]")
    assert warnings_of(mini) == []
    edit(mini / "brief.yaml", "“remain in force”", "remain “in force”")
    assert len(warnings_of(mini)) == 1
    edit(mini / "brief.yaml", "remain “in force”", "“remain in … force”")  # the parts, two words and one
    assert len(warnings_of(mini)) == 1


def test_every_quoted_run_of_the_prose_counts_not_only_the_last(mini):
    _hide_the_beijing_quote(mini)
    edit(mini / "brief.yaml", "framing both favour patience [@demo-2021].", "framing: sanctions “remain in force” [@demo-2021, para. 5].")
    assert warnings_of(mini) == []  # the actors' «Корейский полуостров» comes later in the file


def test_a_shown_quote_needs_no_prose(mini):
    edit(mini / "brief.yaml", "    short: ROK\n", "    short: ROK\n    quotes: [demo-seoul, demo-beijing]\n")
    edit(mini / "brief.yaml", "    short: RU\n", "    short: RU\n    quotes: [demo-moscow]\n")
    assert warnings_of(mini) == []


def test_an_actor_no_source_gives_a_position_is_a_warning(mini):
    edit(mini / DEMO, "  russia: Moscow stresses stability above all [@demo-2021].\n", "")
    edit(mini / "brief.yaml", "      category: engagement\n  sanctions:", "      category: not-addressed\n  sanctions:")
    edit(mini / "brief.yaml", "      category: pressure\n", "      category: not-addressed\n")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "  - id: russia", "actors[1].id",
                "warning: no source gives russia a position (positions.russia in no source file)", at="russia")
    ]


def test_a_source_the_brief_never_cites_is_a_warning(mini):
    sources = mini / "sources"
    (sources / "spare-2020.txt").write_bytes((sources / "demo-2021.txt").read_bytes())
    text = (mini / DEMO).read_text(encoding="utf-8").replace("demo-2021", "spare-2020")
    (sources / "spare-2020.yaml").write_text(text.replace("id: demo-", "id: spare-"), encoding="utf-8")
    found: list[Problem] = []
    load_brief(mini, warnings=found)
    assert found == [Problem(mini / "sources" / "spare-2020.yaml", 0, 0, "",
                             "warning: source spare-2020 is cited nowhere in brief.yaml")]  # the file, no line
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021]", "outlook: Soon [@demo-2021; @spare-2020]")
    assert warnings_of(mini) == []

"""What new-source records and the loader checks (briefing/load/record.py): the sha256 of a text,
fields still marked TODO, and sources set aside as incomplete."""

from __future__ import annotations

import pytest
from conftest import DEMO, edit, failures, located

from briefing.errors import BriefingError, Problem
from briefing.load import load_brief

pytestmark = pytest.mark.load


# --- what new-source records (briefing/load/record.py) -----------------------------------------

SHA = "3f61c02bbe7ca2007570e7495480a874261046f9aca44e1e71eeb9e6a7692a61"  # of demo-2021.txt


def test_a_recorded_sha256_that_matches_passes(mini):
    edit(mini / DEMO, "outlet: Fixture Review", f"outlet: Fixture Review\nsha256: {SHA}")
    assert load_brief(mini).sources[0].id == "demo-2021"
    edit(mini / DEMO, SHA, SHA.upper())  # the schema wants lower case; the digest still matches
    (only,) = failures(mini)
    assert only.startswith(located(mini, DEMO, "sha256:", "sha256", "string should match pattern", at=SHA[:8].upper()))


def test_a_recorded_sha256_that_differs_names_the_text(mini):
    edit(mini / DEMO, "outlet: Fixture Review", f"outlet: Fixture Review\nsha256: {SHA[:-1]}0")
    assert failures(mini) == [
        located(mini, DEMO, "sha256:", "sha256", "demo-2021.txt has changed since it was added (SHA-256 differs)",
                at=SHA[:8])
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("TODO", "still TODO"), ("'TODO: the outlet'", "still TODO: the outlet"),
     ("'  TODO — the outlet  '", "still TODO: the outlet"), ("TODO-ish", "still TODO: ish"),
     ("'TODO: X-ray Review'", "still TODO: X-ray Review")],
)
def test_a_field_still_marked_todo_is_named(mini, value, shown):
    edit(mini / DEMO, "outlet: Fixture Review", f"outlet: {value}")
    edit(mini / DEMO, "    why: Cyrillic in a pull-quote.", "    why: TODO why")
    found = failures(mini)
    assert found[:3] == [
        f"{DEMO}: source is incomplete; still TODO: outlet, quotes[1].why",
        located(mini, DEMO, "outlet:", "outlet", shown, at=value[:1]),
        located(mini, DEMO, "why: TODO why", "quotes[1].why", "still TODO: why", at="TODO"),
    ]


def test_the_incomplete_headline_names_the_file_alone(mini):
    edit(mini / DEMO, "outlet: Fixture Review", "outlet: TODO")
    with pytest.raises(BriefingError) as info:
        load_brief(mini)
    assert Problem(mini / DEMO, 0, 0, "", "source is incomplete; still TODO: outlet") in info.value.problems


def test_incomplete_sources_can_be_set_aside(mini):
    edit(mini / DEMO, "outlet: Fixture Review", "outlet: TODO")
    aside: list[Problem] = []
    with pytest.raises(BriefingError) as info:  # the only source set aside: nothing left to brief
        load_brief(mini, incomplete_out=aside)
    assert [str(p).replace(f"{mini}/", "") for p in info.value.problems] == ["sources: no sources (expected <id>.yaml with <id>.txt)"]
    assert [p.message for p in aside] == ["source is incomplete; still TODO: outlet", "still TODO"]
    edit(mini / DEMO, "outlet: TODO", "outlet: A TODO list")  # TODO inside a value is not the marker
    assert load_brief(mini).sources[0].outlet == "A TODO list"

"""Rules the mutation run (``make mutation``) found unpinned: each tried in process, on both
sides of its limit where it has one, with the exact file:line:col of its error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, edit, line_of

from briefing.citations import MARKER, Cite, Marker, find_markers, parse_group
from briefing.errors import BriefingError, Problem
from briefing.html.markdown import Prose
from briefing.load import load_brief
from briefing.load.usage import CELL_WORDS as USAGE_CELL_WORDS

# --- citation markers (briefing/citations.py) ------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "cites", "bad"),
    [
        ("@a", (Cite("a"),), False),
        ("@a, para. 4", (Cite("a", "para. 4"),), False),
        ("  @a-1 ,  p. 3  ", (Cite("a-1", "p. 3"),), False),
        ("@a; @b, p. 3", (Cite("a"), Cite("b", "p. 3")), False),
        ("@a;@b", (Cite("a"), Cite("b")), False),
        ("@a; junk", (Cite("a"),), True),
        ("junk; @a", (Cite("a"),), True),
        ("@a;", (Cite("a"),), True),
        ("@A", (), True),
        ("@-a", (), True),
        ("@a b", (), True),
        ("@a,", (), True),
        ("@", (), True),
    ],
)
def test_a_marker_group_parses_into_sources_and_locators(inner, cites, bad):
    assert parse_group(inner) == (cites, bad)


def test_markers_are_found_in_order_with_their_spans():
    text = "One [@a, para. 4]. Two [x] [@b; @c] and [@Bad]."
    found = list(find_markers(text))
    assert found == [
        Marker(4, 17, "[@a, para. 4]", (Cite("a", "para. 4"),), False),
        Marker(27, 35, "[@b; @c]", (Cite("b"), Cite("c")), False),
        Marker(40, 46, "[@Bad]", (), True),
    ]
    assert [text[m.start : m.end] for m in found] == [m.raw for m in found]
    assert MARKER.search("[@a [@b]]").group(0) == "[@b]"  # no brackets inside a marker
    assert list(find_markers("no markers, [a] or @a")) == []


def test_a_locator_reaches_the_footnote():
    brief = load_brief(MINI)
    note = str(Prose(brief).inline("Patience [@demo-2021, para. 4]."))
    assert note.count('class="footnote"') == 1
    assert "para. 4" in note
    assert "para. 4" not in str(Prose(brief).inline("Patience [@demo-2021]."))
    judgment = next(k for k in brief.key_judgments if "稳定" in k.text)
    assert "[@demo-2021, para. 4]" in judgment.text  # the model keeps the marker whole


# --- helpers: a copy of the mini brief, edited, and what check says about it -------------------

DEMO = "sources/demo-2021.yaml"


def located(brief: Path, file: str, needle: str, field: str, message: str, *, at: str | None = None) -> str:
    """``file:line:col: field: message`` where ``needle``'s line is, the column that of ``at``."""
    line = line_of(brief / file, needle)
    text = (brief / file).read_text(encoding="utf-8").splitlines()[line - 1]
    col = text.index(at if at is not None else needle) + 1
    return f"{file}:{line}:{col}: {field}: {message}"


def failures(brief: Path) -> list[str]:
    with pytest.raises(BriefingError) as info:
        load_brief(brief)
    return [str(p).replace(f"{brief}/", "") for p in info.value.problems]


def warnings_of(brief: Path) -> list[str]:
    found: list[Problem] = []
    load_brief(brief, warnings=found)
    return [str(p).replace(f"{brief}/", "") for p in found]


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
    edit(mini / "brief.yaml", "outlook: Little will change soon", "outlook: Sanctions “remain in force”")
    assert warnings_of(mini) == []
    edit(mini / "brief.yaml", "“remain in force”", "remain “in force”")
    assert len(warnings_of(mini)) == 1
    edit(mini / "brief.yaml", "remain “in force”", "“remain in … force”")  # the parts, two words and one
    assert len(warnings_of(mini)) == 1


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
    assert warnings_of(mini) == ["sources/spare-2020.yaml: warning: source spare-2020 is cited nowhere in brief.yaml"]
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021]", "outlook: Soon [@demo-2021; @spare-2020]")
    assert warnings_of(mini) == []


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
     ("'  TODO — the outlet  '", "still TODO: the outlet"), ("TODO-ish", "still TODO: ish")],
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


def test_incomplete_sources_can_be_set_aside(mini):
    edit(mini / DEMO, "outlet: Fixture Review", "outlet: TODO")
    aside: list[Problem] = []
    with pytest.raises(BriefingError) as info:  # the only source set aside: nothing left to brief
        load_brief(mini, incomplete_out=aside)
    assert [str(p).replace(f"{mini}/", "") for p in info.value.problems] == ["sources: no sources (expected <id>.yaml with <id>.txt)"]
    assert [p.message for p in aside] == ["source is incomplete; still TODO: outlet", "still TODO"]
    edit(mini / DEMO, "outlet: TODO", "outlet: A TODO list")  # TODO inside a value is not the marker
    assert load_brief(mini).sources[0].outlet == "A TODO list"

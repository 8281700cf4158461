"""The loader's warnings (briefing/load/usage.py): a cell too long, a quote no section shows and no
prose quotes, an actor no source gives a position, a source cited nowhere; each located exactly."""

from __future__ import annotations

import re
from collections import Counter
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


# --- the spread of stance categories (check_spread) ---------------------------------------------

SPREAD = "more than a third"


def _grid(brief: Path, actors: int, issues: int, coded: int, stance: str = "pressure") -> None:
    """The mini brief with an ``actors`` × ``issues`` matrix: the first ``coded`` cells coded
    ``stance``, the others ``not-addressed`` (silence is the sources', never too many)."""
    text = (MINI / "brief.yaml").read_text(encoding="utf-8")
    ids = ["rok", "russia", *[f"actor-{n}" for n in range(3, actors + 1)]][:actors]
    extra = "".join(
        f"  - id: {a}\n    name: Actor {a[6:]}\n    short: A{a[6:]}\n"
        + "".join(f"    {f}: The sources do not address Actor {a[6:]}'s {f}.\n" for f in ("position", "aims", "concerns", "leverage"))
        for a in ids[2:]
    )
    positions = "".join(f"  {a}: Actor {a[6:]} says so [@demo-2021].\n" for a in ids[2:])
    source = (MINI / "sources/demo-2021.yaml").read_text(encoding="utf-8")
    (brief / "sources/demo-2021.yaml").write_text(source + positions, encoding="utf-8")
    head, rest = text.split("issues:\n", 1)
    if actors < 2:
        head = head[: head.index("  - id: russia\n")]
    cells = iter(range(actors * issues))
    matrix = "".join(
        f"  issue-{i}:\n" + "".join(
            f"    {a}:\n      stance: Said so [@demo-2021].\n      category: {stance}\n" if next(cells) < coded
            else f"    {a}:\n      stance: Not addressed in these sources.\n      category: not-addressed\n"
            for a in ids
        )
        for i in range(issues)
    )
    issue_list = "".join(f"  - id: issue-{i}\n    name: Issue {i}\n" for i in range(issues))
    tail = rest[rest.index("convergence:"):]
    (brief / "brief.yaml").write_text(f"{head}{extra}issues:\n{issue_list}matrix:\n{matrix}{tail}", encoding="utf-8")


def _spread(brief: Path) -> list[str]:
    return [w for w in warnings_of(brief) if SPREAD in w]


def test_a_category_coding_more_than_a_third_of_nine_cells_is_a_warning(mini):
    """Nine cells (3 × 3) is the smallest matrix judged: three of nine is a third and passes,
    four is more; "not-addressed", six or five of nine, is never counted."""
    _grid(mini, 3, 3, coded=3)
    assert _spread(mini) == []
    _grid(mini, 3, 3, coded=4)
    assert _spread(mini) == [
        located(mini, "brief.yaml", "  - id: pressure", "stances[0].id",
                "warning: stance pressure codes 4 of 9 matrix cells, more than a third: "
                "split it so the matrix tells the actors apart", at="pressure")
    ]


def test_a_matrix_of_eight_cells_is_too_small_to_judge(mini):
    _grid(mini, 2, 4, coded=8)
    assert _spread(mini) == []
    _grid(mini, 4, 2, coded=8)
    assert _spread(mini) == []


def test_the_second_stance_is_located_at_its_own_line(mini):
    _grid(mini, 3, 4, coded=4, stance="engagement")
    assert _spread(mini) == []  # 4 of 12: a third
    _grid(mini, 3, 4, coded=5, stance="engagement")
    assert _spread(mini) == [
        located(mini, "brief.yaml", "  - id: engagement", "stances[1].id",
                "warning: stance engagement codes 5 of 12 matrix cells, more than a third: "
                "split it so the matrix tells the actors apart", at="engagement")
    ]


def test_the_seeds_thirty_cells_ten_pass_eleven_warn(seeds_copy):
    """The seed codes 30 cells; no category more than 10. Ten of one passes, eleven warns."""
    assert _spread(seeds_copy) == []
    text = (seeds_copy / "brief.yaml").read_text(encoding="utf-8")
    categories = re.findall(r"^      category: (\S+)$", text, re.M)
    assert len(categories) == 30
    top, count = Counter(c for c in categories if c != "not-addressed").most_common(1)[0]
    assert count <= 10
    others = [c for c in set(categories) if c not in (top, "not-addressed")]

    def recode(n: int) -> None:  # n more cells coded `top`, taken from the other categories
        lines, done = [], 0
        for line in text.splitlines(keepends=True):
            found = re.fullmatch(r"      category: (\S+)\n", line)
            if found and found.group(1) in others and done < n:
                line, done = f"      category: {top}\n", done + 1
            lines.append(line)
        (seeds_copy / "brief.yaml").write_text("".join(lines), encoding="utf-8")

    recode(10 - count)
    assert _spread(seeds_copy) == []
    recode(11 - count)
    ids = re.findall(r"^  - id: (\S+)$", text.split("\nstances:")[1].split("\nactors:")[0], re.M)
    assert _spread(seeds_copy) == [
        located(seeds_copy, "brief.yaml", f"  - id: {top}", f"stances[{ids.index(top)}].id",
                f"warning: stance {top} codes 11 of 30 matrix cells, more than a third: "
                "split it so the matrix tells the actors apart", at=top)
    ]


def test_check_warns_of_a_category_coding_more_than_a_third(mekong):
    """The Mekong's "guarded" once coded 6 of 16 cells (selective disclosure, conditions and own
    channels alike); folded back into one category, check names it at its line; 5 of 16 passes."""
    text = (mekong / "brief.yaml").read_text(encoding="utf-8")
    (mekong / "brief.yaml").write_text(text.replace("category: own-channels", "category: selective"), encoding="utf-8")
    warnings: list = []
    load_brief(mekong, warnings)
    spread = [str(w) for w in warnings if "more than a third" in str(w)]
    line = text[: text.index("  - id: selective")].count("\n") + 1
    assert spread == [
        f"{mekong / 'brief.yaml'}:{line}:9: stances[1].id: warning: stance selective codes 6 of 16 matrix "
        "cells, more than a third: split it so the matrix tells the actors apart"
    ]
    text = text.replace("category: own-channels", "category: selective", 1)
    (mekong / "brief.yaml").write_text(text, encoding="utf-8")
    warnings = []
    load_brief(mekong, warnings)
    assert not [w for w in warnings if "more than a third" in str(w)]  # 5 of 16: within a third
    mini_warnings: list = []
    load_brief(MINI, mini_warnings)
    assert not [w for w in mini_warnings if "more than a third" in str(w)]  # too small a matrix to judge

"""Unquoted borrowing: eight words in a row (sixteen CJK characters) of a cited source in the
analyst's prose without quotation marks are a warning, and an error under ``check --strict``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS, edit, line_of
from typer.testing import CliRunner

from briefing.cli import app
from briefing.load import load_brief
from briefing.load.borrowing import ANALYST_PROSE, BRIEF_PROSE, find

pytestmark = pytest.mark.load  # load/borrowing.py: joins `make mutation` (tests/README.md)


def _warnings(folder: Path) -> list[str]:
    found: list = []
    load_brief(folder, found)
    return [str(w) for w in found if "copied without quotation marks" in str(w)]


FIXTURES = MEKONG.parent


@pytest.mark.parametrize(
    "folder",
    [SEEDS, MEKONG, FIXTURES / "fr", FIXTURES / "ja", FIXTURES / "ar", FIXTURES / "mini"],
    ids=["seed", "mekong", "fr", "ja", "ar", "mini"],
)
def test_the_seed_and_the_fixtures_borrow_nothing(folder):
    """Every brief the tests build, its curations' summaries and positions included (the French,
    Japanese and Arabic summaries copied 10 to 32 words or characters of their sources)."""
    assert _warnings(folder) == []


LAOS = "Holds that its run-of-river dams leave dry-season flows unchanged; turned down a\n        moratorium"
COPIED = "Vientiane maintains that its run-of-river dams do not alter dry-season volumes"  # 11 words


def test_a_copied_sentence_is_placed_and_names_the_source_line(mekong):
    brief = mekong / "brief.yaml"
    edit(brief, LAOS, COPIED)
    (warning,) = _warnings(mekong)
    line = line_of(brief, COPIED)
    col = brief.read_text(encoding="utf-8").splitlines()[line - 1].index("Vientiane") + 1
    source_line = line_of(mekong / "sources/roe-doe-2023.txt", "Vientiane maintains")
    assert warning.startswith(f"{brief}:{line}:{col}: matrix.flows.laos.stance: warning: ")
    assert f"sources/roe-doe-2023.txt:{source_line}:" in warning
    assert "Vientiane maintains that its run-of-river dams do not alter dry-season volumes" in warning


def test_case_typography_and_width_are_forgiven(mekong):
    shouted = "VIENTIANE MAINTAINS THAT ITS RUN\u2013OF\u2013RIVER DAMS DO NOT ALTER DRY\u2013SEASON VOLUMES"
    edit(mekong / "brief.yaml", LAOS, shouted)
    assert len(_warnings(mekong)) == 1


def test_quoted_words_and_seven_word_runs_pass(mekong):
    brief = mekong / "brief.yaml"
    edit(brief, LAOS, f'Roe and Doe: "{COPIED}"')
    assert _warnings(mekong) == []
    seven = "Vientiane maintains that its run-of-river dams do"  # 7 words, the compound one
    edit(brief, f'Roe and Doe: "{COPIED}"', seven + " nothing")
    assert _warnings(mekong) == []
    edit(brief, seven + " nothing", seven + " not")
    assert len(_warnings(mekong)) == 1


def test_a_run_is_only_borrowing_from_a_source_the_paragraph_cites():
    data = {"bluf": "Chinese researchers have argued that the reservoirs in fact added water [@wang-2022]."}
    text = (MEKONG / "sources/roe-doe-2023.txt").read_text(encoding="utf-8")
    assert find(data, {"roe-doe-2023": text, "wang-2022": ""}, BRIEF_PROSE) == []
    data["bluf"] = data["bluf"].replace("wang-2022", "roe-doe-2023")
    (run,) = find(data, {"roe-doe-2023": text}, BRIEF_PROSE)
    assert run.count == 11 and data["bluf"][run.start : run.end].endswith("added water")


def test_sixteen_chinese_characters_are_borrowing_fifteen_are_not():
    text = (MEKONG / "sources/wang-2022.txt").read_text(encoding="utf-8")
    passage = "多项中方研究表明，上游梯级水库总体上发挥了"  # 18 CJK characters and a comma
    data = {"summary": f"王认为{passage[:17]}。"}  # 16 characters of the source, unquoted
    (run,) = find(data, {"wang-2022": text}, ANALYST_PROSE, own="wang-2022")
    assert run.count == 16 and text.count("\n", 0, text.index(passage)) + 1 == run.line
    data["summary"] = f"王认为{passage[:16]}。"  # 15 characters
    assert find(data, {"wang-2022": text}, ANALYST_PROSE, own="wang-2022") == []
    data["summary"] = f"王认为“{passage}”。"  # quoted
    assert find(data, {"wang-2022": text}, ANALYST_PROSE, own="wang-2022") == []


def test_a_source_files_own_prose_is_checked_against_its_text(mekong):
    yaml = mekong / "sources/roe-doe-2023.yaml"
    edit(yaml, "can observe the river's changes without knowing their cause", "can therefore see that the river has changed")
    (warning,) = _warnings(mekong)  # from "downstream agencies", on the line before
    assert warning.startswith(f"{yaml}:{line_of(yaml, 'so downstream agencies')}:")
    assert ": summary: warning: 10 words" in warning


def test_strict_check_fails_on_borrowing(mekong):
    edit(mekong / "brief.yaml", LAOS, COPIED)
    result = CliRunner().invoke(app, ["check", str(mekong)])
    assert result.exit_code == 0 and "copied without quotation marks" in result.output
    result = CliRunner().invoke(app, ["check", "--strict", str(mekong)])
    assert result.exit_code == 1


def test_a_run_deep_in_a_long_source_is_found_on_its_line():
    """A source of many chunks (the automaton reads its letters run together; a hit is confirmed
    word by word in its chunk): the run near the end is placed on its own line."""
    roe = (MEKONG / "sources/roe-doe-2023.txt").read_text(encoding="utf-8")
    filler = "\n".join(f"Line {n} of a long report on river flows, gauges and rainfall." for n in range(40_000))
    text = filler + "\n" + roe
    data = {"bluf": f"{COPIED} [@roe-doe-2023]."}
    (run,) = find(data, {"roe-doe-2023": text}, BRIEF_PROSE)
    assert run.count == 11 and run.line == 40_000 + line_of(MEKONG / "sources/roe-doe-2023.txt", "Vientiane maintains")


def test_letters_that_only_run_together_across_words_are_not_a_run():
    """The same letters in the same order, cut into other words, are not the source's words."""
    source = "The dam sat on the river as the rains came."
    data = {"bluf": "Th edam sa to nth eriv era sth erains came [@s]."}
    assert find(data, {"s": source}, BRIEF_PROSE) == []
    data["bluf"] = "The dam sat on the river as the rains came [@s]."
    (run,) = find(data, {"s": source}, BRIEF_PROSE)
    assert run.count == 10


def test_a_run_is_found_across_the_sources_own_marks_in_any_script():
    """Guillemets, dashes and ellipses between a French source's words, a Russian source's words
    in «»: the prose says the words without the marks and is still found."""
    source = "Selon lui — « l'eau du fleuve… est un bien commun » qui ne se divise pas, dit-il."
    data = {"summary": "Selon lui l'eau du fleuve est un bien commun qui ne se divise pas."}
    (run,) = find(data, {"s": source}, ANALYST_PROSE, own="s")
    assert run.count == 14
    russian = "Москва — «за стабильность на полуострове» — и против любых новых санкций, сказал он."
    data = {"summary": "Москва за стабильность на полуострове и против любых новых санкций."}
    (run,) = find(data, {"r": russian}, ANALYST_PROSE, own="r")
    assert run.count == 10


def test_without_the_automaton_the_same_runs_are_found(monkeypatch):
    """A venv made before ahocorasick-rs was a dependency looks for each window in turn."""
    data = {"bluf": f"{COPIED}, and Chinese researchers have argued that the reservoirs in fact added water [@roe-doe-2023]."}
    text = (MEKONG / "sources/roe-doe-2023.txt").read_text(encoding="utf-8")
    fast = find(data, {"roe-doe-2023": text}, BRIEF_PROSE)
    monkeypatch.setitem(sys.modules, "ahocorasick_rs", None)
    assert find(data, {"roe-doe-2023": text}, BRIEF_PROSE) == fast and len(fast) == 2


# --- chunks: a source longer than one chunk is read in 65,536-character pieces -----------------

CHUNK = 1 << 16
RUNS = [
    "the commission counted eleven dry seasons along the lower river before it spoke",  # chunk 1
    "every gauge downstream of the border recorded the same sudden fall in the water",  # across 3|4
]


def _long_source() -> str:
    """Five chunks of lines with dashes and guillemets between words (each chunk's letters are
    fewer than its characters, unevenly); one run deep in chunk 1, one across chunks 3 and 4."""
    lines, size, n = [], 0, 0
    placed = [CHUNK + 30_000, 4 * CHUNK - 40]
    for run, at in zip(RUNS, placed, strict=True):
        while size < at:
            line = f"Gauge {n} — «rain» on day {n} — level {'–' * (n % 7)} steady.\n"
            if size + len(line) > at:
                line = "x" * (at - size - 1) + "\n"
            lines.append(line)
            size += len(line)
            n += 1
        lines.append(f"{run.capitalize()}.\n")
        size += len(lines[-1])
    lines += [f"Closing line {k} — «end».\n" for k in range(3000)]
    return "".join(lines)


def test_runs_deep_in_a_middle_chunk_and_across_two_chunks_are_found_on_their_lines():
    text = _long_source()
    assert len(text) > 5 * CHUNK and text.index(RUNS[1].capitalize()) < 4 * CHUNK < text.index(RUNS[1][-20:])
    data = {"bluf": f"{RUNS[0].capitalize()} and {RUNS[1]} [@long]."}
    found = find(data, {"long": text}, BRIEF_PROSE)
    lines = [text[: text.index(run.capitalize())].count("\n") + 1 for run in RUNS]
    assert [(b.count, b.line) for b in found] == [(13, lines[0]), (14, lines[1])]


def test_a_window_found_twice_is_placed_at_its_first_line_with_or_without_the_automaton(monkeypatch):
    """The source begins with the run (a hit at letter 0), and says it again two chunks on."""
    run = "Data sharing across the basin remains partial and slow to arrive"
    text = f"{run}.\n" + "Other words — «here».\n" * 6000 + f"{run}.\n"
    assert len(text) > 2 * CHUNK
    data = {"bluf": f"As reported, {run.lower()} [@s]."}
    fast = find(data, {"s": text}, BRIEF_PROSE)
    assert [(b.count, b.line) for b in fast] == [(11, 1)]
    monkeypatch.setitem(sys.modules, "ahocorasick_rs", None)
    assert find(data, {"s": text}, BRIEF_PROSE) == fast


def test_a_run_is_placed_at_its_own_words_not_an_earlier_use_of_its_first_word(mekong):
    """"Vientiane" comes earlier in the same cell: the warning points at the copied run."""
    brief = mekong / "brief.yaml"
    edit(brief, LAOS, f"Vientiane, as Roe and Doe put it: {COPIED}")
    (warning,) = _warnings(mekong)
    line = line_of(brief, COPIED)
    col = brief.read_text(encoding="utf-8").splitlines()[line - 1].index(COPIED) + 1
    assert warning.startswith(f"{brief}:{line}:{col}: matrix.flows.laos.stance: warning: 11 words")

"""Quoted phrases in prose are checked against the sources their paragraph cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, SEEDS, edit, line_of
from ruamel.yaml import YAML
from typer.testing import CliRunner

from briefing.cli import app
from briefing.html.markdown import Prose
from briefing.load import load_brief
from briefing.load.phrases import BRIEF_PROSE, _problem, parts, runs, verify
from briefing.load.quotes import SourceText
from briefing.load.yamlfile import field_name, read_yaml


def check(seeds: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["check", str(seeds)])
    return result.exit_code, [line for line in result.output.splitlines() if not line.endswith("found.")]


def phrases_of(text: str) -> list[str]:
    return [r.phrase for r in runs(text) if not isinstance(r, int)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "a dangerous mistake" twice.', ["a dangerous mistake"]),
        ("He said \u201ca dangerous mistake\u201d twice.", ["a dangerous mistake"]),
        ("Korea's view, the sources' view, don't \u2018some influence\u2019 here.", ["some influence"]),
        ("The sources\u2019 claims and Korea\u2019s aims; 'a fork' too.", ["a fork"]),
        (
            "Er sagte \u201eim Grunde\u201c und \u00abje pense\u00bb, \u300c\u7a33\u5b9a\u300d, \u300e\u534a\u5c9b\u300f.",
            ["im Grunde", "je pense", "\u7a33\u5b9a", "\u534a\u5c9b"],
        ),
        ("\u201cOuter \u2018inner\u2019 words\u201d", ["Outer \u2018inner\u2019 words"]),
        ('A [\u201cscare\u201d]{.scare} and a ["Title"]{.title} are skipped [@x-1].', []),
        ("In the '90s it rose.", []),
    ],
)
def test_runs_find_quotations_not_apostrophes(text, expected):
    assert phrases_of(text) == expected


def test_unclosed_double_mark_is_reported():
    assert [r for r in runs('He said "a dangerous mistake.') if isinstance(r, int)] == [8]


def test_ellipsis_splits_a_phrase_into_parts():
    assert parts("may resort \u2026 to create [...] crisis") == ["may resort", "to create", "crisis"]
    assert parts("*thug* ... tactics") == ["thug", "tactics"]


def _seed_phrases() -> list:
    doc = read_yaml(SEEDS / "brief.yaml")
    texts = {p.stem: SourceText(p.read_text(encoding="utf-8")) for p in (SEEDS / "sources").glob("*.txt")}
    found = [c for c in verify(doc.data, texts, BRIEF_PROSE) if not isinstance(c.run, int)]
    return found


def test_seed_has_quoted_phrases_and_all_verify():
    found = _seed_phrases()
    assert len(found) >= 10
    assert all(c.ok for c in found), [c.run.phrase for c in found if not c.ok]


@pytest.mark.parametrize("index", range(len(_seed_phrases())))
def test_mutating_any_seed_phrase_fails_with_did_you_mean(seeds_copy: Path, index: int):
    item = _seed_phrases()[index]
    word = max(re.findall(r"[A-Za-z]{3,}", item.run.phrase), key=len)
    path = seeds_copy / "brief.yaml"
    line = _problem(read_yaml(path), item.loc, item.run.opener + item.run.phrase, "").line
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = line - 1 if word in lines[line - 1] else line  # a folded scalar may carry it on
    lines[row] = lines[row].replace(word, word[:-1] + "Z", 1)  # the word drifted by a letter
    path.write_text("".join(lines), encoding="utf-8")
    code, out = check(seeds_copy)
    assert code == 1
    assert len(out) == 1, out
    field = re.escape(field_name(item.loc))
    assert re.match(rf"{re.escape(str(path))}:{line}:\d+: {field}: quoted phrase .*{word[:-1]}Z", out[0]), (
        out[0]
    )
    assert "is not in the cited source" in out[0] and "did you mean" in out[0]
    guess = out[0].split('did you mean "', 1)[1].rsplit('"', 1)[0]
    assert word in guess


def _set(path: Path, key: str, value: str) -> None:
    """Replace one top-level prose field, keeping every other line as it is."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    data[key] = value
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def test_phrase_from_the_wrong_source_names_where_it_is(seeds_copy):
    path = seeds_copy / "brief.yaml"
    _set(path, "outlook", 'Smith foresaw "a dangerous mistake" [@smith-2020].')
    code, out = check(seeds_copy)
    line = line_of(path, "Smith foresaw")
    col = path.read_text(encoding="utf-8").splitlines()[line - 1].index('"a dangerous') + 1
    assert code == 1
    assert out == [
        f'{path}:{line}:{col}: outlook: quoted phrase "a dangerous mistake" is not in the cited source '
        "smith-2020; it is in brown-2021, which this paragraph does not cite"
    ]


def test_ellipsis_parts_each_checked_and_in_order(mini):
    path = mini / "brief.yaml"
    good = 'outlook: It read "Officials in Seoul … a peace process that needs patience" [@demo-2021].'
    edit(path, "outlook: Little will change soon [@demo-2021].", good)
    assert check(mini)[0] == 0
    edit(path, good, 'outlook: It read "Officials in Seoul … a peace process that needs calm" [@demo-2021].')
    code, out = check(mini)
    assert code == 1 and "did you mean" in out[0] and "needs patience" in out[0]
    edit(
        path,
        'outlook: It read "Officials in Seoul … a peace process that needs calm" [@demo-2021].',
        'outlook: It read "a peace process … Officials in Seoul" [@demo-2021].',
    )
    assert check(mini)[0] == 1  # the parts exist, but not in this order


def test_nested_quotation_with_its_marks_swapped(mini):
    path = mini / "brief.yaml"
    nested = "outlook: It read \u201cThe \u2018freeze-for-freeze\u2019 idea keeps returning\u201d [@demo-2021]."
    edit(path, "outlook: Little will change soon [@demo-2021].", nested)
    assert check(mini)[0] == 0
    edit(path, nested, nested.replace("freeze-for-freeze", "freeze-for-thaw"))
    code, out = check(mini)
    assert code == 1 and "The 'freeze-for-freeze' idea keeps returning" in out[0].replace(
        "\u201c", '"'
    ).replace("\u201d", '"').replace('"', "'")


def test_scare_quote_fails_unmarked_and_passes_marked(mini):
    path = mini / "brief.yaml"
    scare = "[«стабильность»]{.scare}"
    edit(path, scare, "«стабильность»")
    code, out = check(mini)
    line = line_of(path, "«стабильность»")
    assert code == 1
    assert out[0].startswith(
        f"{path}:{line}:32: bluf: quoted phrase «стабильность» is not in the cited source demo-2021"
    )
    edit(path, "«стабильность»", scare)
    assert check(mini)[0] == 0
    brief = load_brief(mini)
    html = Prose(brief).block(brief.bluf)
    assert "«стабильность»" in html and "{.scare}" not in html and "[" not in html


def test_quoted_phrase_without_any_citation_asks_for_one(mini):
    edit(mini / "brief.yaml", "subtitle: A tiny brief", 'subtitle: A "tiny" brief')
    code, out = check(mini)
    assert code == 1 and "subtitle: quoted phrase" in out[0] and "cites no source" in out[0]


def test_source_prose_is_checked_against_its_own_text(mini):
    path = mini / "sources" / "demo-2021.yaml"
    edit(path, "why: Cyrillic in a pull-quote.", "why: Cyrillic, as in «Корейский полуостров».")
    assert check(mini)[0] == 0
    edit(path, "why: Cyrillic, as in «Корейский полуостров».", "why: Cyrillic, as in «Корейский остров».")
    code, out = check(mini)
    assert code == 1 and "quotes[1].why: quoted phrase «Корейский остров»" in out[0]
    assert "did you mean" in out[0]


def test_mini_fixture_loads():
    assert load_brief(MINI).bluf


def test_chinese_phrases_in_chinese_marks_are_checked(mekong):
    path = mekong / "sources" / "wang-2022.yaml"
    old = "data a matter for gradual progress [@wang-2022]."
    edit(path, old, "data a matter for gradual progress, “宜循序渐进” [@wang-2022].")
    edit(mekong / "brief.yaml", "translations:\n", "translations:\n  宜循序渐进: best advanced step by step\n")
    assert check(mekong)[0] == 0
    edit(path, "“宜循序渐进”", "「宜循序前进」")
    code, out = check(mekong)
    line = line_of(path, "「宜循序前进」")
    assert code == 1
    assert out[0].startswith(f"{path}:{line}:")
    assert "positions.china: quoted phrase 「宜循序前进」 is not in the cited source wang-2022" in out[0]
    assert "did you mean" in out[0] and "宜循序渐进" in out[0]


def test_a_phrase_from_the_chinese_source_cited_to_another_fails(mekong):
    path = mekong / "brief.yaml"
    edit(path, "        formality [@roe-doe-2023].", "        formality, “宜循序渐进” [@roe-doe-2023].")
    code, out = check(mekong)
    assert code == 1
    assert out == [
        f"{path}:{line_of(path, '宜循序渐进')}:{_col(path, '“宜循序渐进”')}: matrix.mrc-role.laos.stance: quoted phrase "
        "“宜循序渐进” is not in the cited source roe-doe-2023; it is in wang-2022, which this paragraph does not cite"
    ]


def _col(path: Path, needle: str) -> int:
    return path.read_text(encoding="utf-8").splitlines()[line_of(path, needle) - 1].index(needle) + 1

"""Quoted phrases in prose are checked against the sources their paragraph cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, SEEDS, edit, failures, line_of, located, set_outlook
from ruamel.yaml import YAML
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import BriefingError
from briefing.html.markdown import Prose
from briefing.load import load_brief
from briefing.load.phrases import BRIEF_PROSE, _problem, found_in, parts, runs, verify
from briefing.load.quotes import SourceText
from briefing.load.yamlfile import field_name, read_yaml

pytestmark = pytest.mark.load


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


@pytest.mark.sweep
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


# --- quoted phrases: what the message says (briefing/load/phrases.py) -------------------------

SPARE_TEXT = "A second text that says something else entirely about fishing quotas in the lower river.\n"


def _source(brief: Path, sid: str, text: str = SPARE_TEXT) -> None:
    """Another source: ``sid``.txt holding ``text``, three of its word triples as quotes."""
    (brief / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    words = text.split()
    quotes = "".join(f"  - id: {sid}-q{i}\n    text: {' '.join(words[i * 3:i * 3 + 3])}\n    actors: [rok]\n"
                     "    why: x\n" for i in range(3))
    (brief / "sources" / f"{sid}.yaml").write_text(
        "title: Spare\nauthor: [{given: Spare, family: Author}]\noutlet: Spare Outlet\npublished: 2020-01-01\n"
        f"summary: {' '.join(['word'] * 80)}\nquotes:\n{quotes}positions:\n  rok: Seoul waits [@{sid}].\n",
        encoding="utf-8",
    )


def test_a_quoted_phrase_that_cites_nothing(mini):
    set_outlook(mini, "Nothing cited, “stability above all” here.")
    assert located(mini, "brief.yaml", "outlook:", "outlook",
                   "quoted phrase “stability above all” cites no source in the same paragraph; cite one, or mark a "
                   "scare quote or title as [“…”]{.scare} or [“…”]{.title}", at="“stability") in failures(mini)


@pytest.mark.parametrize(("phrase", "marks"), [("«la stabilité avant tout»", "«…»"), ("”الاستقرار أولاً“", "”…“"),
                                               ("„Stabilität zuerst“", "„…“")])
def test_a_quoted_phrase_that_cites_nothing_is_shown_the_way_out_in_its_own_marks(mini, phrase, marks):
    """A French, Arabic or German brief is told to write [«…»]{.scare}, not the English [“…”]."""
    set_outlook(mini, f"Nothing cited, {phrase} here.")
    message = (f"quoted phrase {phrase} cites no source in the same paragraph; cite one, or mark a scare quote "
               f"or title as [{marks}]{{.scare}} or [{marks}]{{.title}}")
    assert located(mini, "brief.yaml", "outlook:", "outlook", message, at=phrase[:4]) in failures(mini)


def test_a_phrase_in_none_of_two_cited_sources_suggests_the_closest_passage(mini):
    _source(mini, "spare-2020")
    set_outlook(mini, "Seoul wants “a peace process that needs patients” [@spare-2020; @demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook",
                "quoted phrase “a peace process that needs patients” is not in the cited sources spare-2020, demo-2021"
                ' — did you mean "a peace process that needs patience." (demo-2021)?', at="“a peace")
    ]


def test_a_phrase_found_in_sources_the_paragraph_does_not_cite(mini):
    _source(mini, "spare-2020", "Officials said calm comes first, twice, and then they said it once again today.\n")
    _source(mini, "third-2019", "Before that, calm comes first was the line they all used in the spring talks.\n")
    set_outlook(mini, "They want “calm comes first” [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook",
                "quoted phrase “calm comes first” is not in the cited source demo-2021; it is in spare-2020, "
                "third-2019, which this paragraph does not cite", at="“calm")
    ]


def test_a_long_phrase_is_shown_shortened_to_a_hundred_characters(mini):
    phrase = " ".join(f"word{i}" for i in range(30))
    set_outlook(mini, f"They said “{phrase}” [@demo-2021].")
    (problem,) = failures(mini)
    shown = problem.split("quoted phrase ")[1].split(" is not in")[0]
    assert len(shown) == 100 and shown.startswith("“word0 word1") and "…" in shown


def quoted(text: str) -> list[str | int]:
    return [r if isinstance(r, int) else r.phrase for r in runs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A straight double mark after a letter does not open (a typo, an inch mark).
        ('He said"maybe" then "real words" here.', ["real words"]),
        # A straight single mark after a letter does not open either.
        ("the rock'n roll 'real words' here", ["real words"]),
        # A curly or angle opener opens after anything but before a space.
        ("the so-called\u201creal words\u201d here", ["real words"]),
        ("la dite\u00abvraie parole\u00bb ici", ["vraie parole"]),
        # A mark after a space does not close: it opens a nested run.
        ('"alpha "beta" gamma" and more', ['alpha "beta" gamma']),
        ("\u201calpha \u201dbeta\u201d end", ["alpha \u201dbeta"]),
        # A straight mark followed by a letter does not close; a curly one does.
        ('"abc"def" ghi', ['abc"def']),
        ("\u201cabc\u201ddef and more", ["abc"]),
        # A single closer followed by a letter does not close; followed by a stop it does.
        ("\u2018it is.\u2019s there\u2019 and", ["it is.\u2019s there"]),
        ("\u2018it is\u2019. And", ["it is"]),
        # At the very start of the text a mark has nothing before it: it opens.
        ("'a fork' is what he said", ["a fork"]),
        ('"a fork" is what he said', ["a fork"]),
        # Just before the end, what follows still counts: a straight mark before a letter stays open.
        ('"abc"d', [0]),
        # A mark at the very end has nothing after it: it opens nothing.
        ("he said \u201c", []),
        # A closer finds its opener under an inner one left open.
        ("\u201calpha \u2018beta gamma\u201d rest", ["alpha \u2018beta gamma"]),
    ],
)
def test_which_marks_open_and_close(text, expected):
    assert quoted(text) == expected


def test_a_citation_marker_inside_a_phrase_is_not_part_of_its_words():
    assert parts("alpha [@smith-2020, p. 4] beta") == ["alpha  beta"]
    assert found_in(SourceText("so alpha beta here"), parts("alpha [@smith-2020] beta"))


SOURCE = SourceText("alpha beta gamma delta; the talks failed in May. The old TA rule.")


@pytest.mark.parametrize(
    ("words", "found"),
    [
        (["alpha beta"], True),  # at the very start of the source
        (["alpha", "beta"], True),
        (["alpha", "gamma"], True),
        (["gamma delta", "beta"], False),  # ellipsis parts in the order written
        (["beta", "alpha"], False),
        (["the talks failed."], True),  # a final stop inside the mark is the sentence's
        (["the talks failed,"], True),
        (["talks failed in May."], True),
        ([".the talks failed"], False),  # only a final one
        (["old TAX."], False),  # only the stop and comma are forgiven, not letters
        ([","], False),  # nothing left to find is not found
        (["."], True),
    ],
)
def test_words_found_in_a_source(words, found):
    assert found_in(SOURCE, words) is found


def test_the_first_of_repeated_words_is_taken_so_later_parts_can_follow():
    assert found_in(SourceText("alpha beta alpha"), ["alpha", "beta"])


def test_nested_double_marks_match_single_marks_in_the_source():
    source = SourceText("it was a 'grand bargain' at last, a \u2018small deal\u2019 too")
    assert found_in(source, ["a \u201cgrand bargain\u201d at last"])
    assert found_in(source, ['a "small deal" too'])
    assert not found_in(source, ["a \u201cgrand bargain\u201d at least"])


def test_the_did_you_mean_of_an_elided_phrase_reads_its_parts_as_one_passage(mini):
    path = mini / "brief.yaml"
    edit(
        path,
        "outlook: Little will change soon [@demo-2021].",
        'outlook: It read "keeps … in Saoul" [@demo-2021].',
    )
    with pytest.raises(BriefingError) as info:
        load_brief(mini)
    (problem,) = info.value.problems
    assert str(problem).endswith(
        'outlook: quoted phrase "keeps … in Saoul" is not in the cited source demo-2021 — '
        'did you mean "Officials in Seoul" (demo-2021)?'
    )



def _outlook(mini, value: str) -> int:
    """Set the mini brief's outlook; the line it starts on."""
    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    edit(path, "outlook: Little will change soon [@demo-2021].", f"outlook: {value}")
    return text[: text.index("outlook:")].count("\n") + 1


def test_an_unclosed_mark_is_located_at_the_mark(mini):
    line = _outlook(mini, 'It read "Officials in Seoul [@demo-2021].')
    assert failures(mini) == [f"brief.yaml:{line}:18: outlook: unclosed quotation mark"]
    edit(mini / "brief.yaml", 'It read "Officials', 'Officials in Seoul read "aloud')
    assert failures(mini) == [f"brief.yaml:{line}:34: outlook: unclosed quotation mark"]


NO_SOURCE = (
    "quoted phrase \u201ca peace process that needs patience\u201d cites no source in the same "
    "paragraph; cite one, or mark a scare quote or title as [\u201c\u2026\u201d]{.scare} or [\u201c\u2026\u201d]{.title}"
)


def test_a_citation_in_the_next_paragraph_does_not_cover_this_one(mini):
    value = "|-\n  Seoul wants \u201ca peace process that needs patience\u201d.\n\n  Little will change [@demo-2021]."
    line = _outlook(mini, value)
    assert failures(mini) == [f"brief.yaml:{line + 1}:15: outlook: {NO_SOURCE}"]


def test_a_citation_in_a_list_item_does_not_cover_the_lead_before_it(mini):
    value = "|-\n  Seoul wants \u201ca peace process that needs patience\u201d.\n  - Little will change [@demo-2021]."
    line = _outlook(mini, value)
    assert failures(mini) == [f"brief.yaml:{line + 1}:15: outlook: {NO_SOURCE}"]


def test_a_phrase_opening_the_field_is_checked(mini):
    line = _outlook(mini, "\u201ca peace process that needs calm\u201d, it said [@demo-2021].")
    (problem,) = failures(mini)
    assert problem.startswith(
        f"brief.yaml:{line}:10: outlook: quoted phrase \u201ca peace process that needs calm\u201d"
    )


def test_a_phrase_opening_a_lead_before_a_list_is_checked(mini):
    line = _outlook(
        mini,
        "|-\n  \u201ca peace process that needs calm\u201d [@demo-2021].\n  - Little will change [@demo-2021].",
    )
    (problem,) = failures(mini)
    assert problem.startswith(
        f"brief.yaml:{line + 1}:3: outlook: quoted phrase \u201ca peace process that needs calm\u201d"
    )


def test_a_paragraph_citing_only_a_broken_source_does_not_stop_the_checks(mini):
    (mini / "sources" / "broken-2020.yaml").write_text("title: A source\n", encoding="utf-8")
    (mini / "sources" / "broken-2020.txt").write_bytes(b"PK\x00 not text")
    edit(mini / "brief.yaml", "subtitle: A tiny brief", "subtitle: A \u201ctiny\u201d brief [@broken-2020]")
    line = _outlook(mini, "It said \u201ca peace process that needs calm\u201d [@demo-2021].")
    assert any(f.startswith(f"brief.yaml:{line}:18: outlook: quoted phrase") for f in failures(mini))


# --- what an editor changed in a verified phrase (changes, for the review note) -----------------


def _changes_of(mini: Path, outlook: str) -> dict[str, list[str]]:
    from briefing.load.phrases import changes

    set_outlook(mini, outlook)
    brief = load_brief(mini)
    text = SourceText(brief.source("demo-2021").text)
    return {p.phrase: changes(p.phrase, text, list(p.words)) for p in brief.phrases}


def test_the_review_note_names_a_recased_first_letter_and_each_insertion(mini):
    found = _changes_of(
        mini,
        "Seoul: “officials in Seoul call the peninsula 한반도”; “a peace process that [Seoul says] needs [more] patience”; "
        "“Корейский полуостров” [@demo-2021].",
    )
    assert found == {
        "officials in Seoul call the peninsula 한반도": ["first letter's case changed to fit the sentence (CMOS 13.19)"],
        "a peace process that [Seoul says] needs [more] patience": ["editor's insertion [Seoul says], [more]"],
        "Корейский полуостров": [],
    }


def test_a_recased_phrase_with_an_insertion_names_both(mini):
    found = _changes_of(mini, "Moscow: “Diplomats there say the region [now] needs stability above all” [@demo-2021].")
    assert found["Diplomats there say the region [now] needs stability above all"] == [
        "first letter's case changed to fit the sentence (CMOS 13.19)", "editor's insertion [now]"
    ]

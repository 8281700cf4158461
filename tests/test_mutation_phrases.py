"""Which marks open and close a quoted run, and how a run's words are found in a source
(briefing/load/phrases.py), one rule per test, in process, for ``make mutation``."""

from __future__ import annotations

import pytest
from conftest import edit

from briefing.errors import BriefingError
from briefing.load import load_brief
from briefing.load.phrases import found_in, parts, runs
from briefing.load.quotes import SourceText


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

"""Which marks open and close a quoted run, and how a run's words are found in a source
(briefing/load/phrases.py), one rule per test, in process, for ``make mutation``."""

from __future__ import annotations

import pytest
from conftest import edit, failures

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

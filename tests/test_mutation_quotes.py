"""The did-you-mean of a mistyped quote (briefing/load/quotes.py) on small texts where each rule
shows: the passage offered is the closest one, as long as the quote, the first of equals, and a
long source is searched chunk by chunk without missing a quote at a chunk's edge. In process and
fast, for ``make mutation``."""

from __future__ import annotations

from difflib import SequenceMatcher

from briefing.load.quotes import _CHUNK, SourceText, _aligned

PARAGRAPH = (
    "The ministry said on Tuesday that the new reservoir rules would be published before the dry "
    "season, and that downstream partners would receive the daily release figures for the whole of "
    "the year, a change that officials in several capitals had sought since the drought of the "
    "previous spring."
)


def test_the_best_window_is_found_after_windows_that_cannot_compete():
    # "zzzzz qqqqq" shares no letter with the quote, so it is skipped unscored; the search goes on.
    assert SourceText("zzzzz zzzzz qqqqq bravo charlie").closest("bravo charlie") == "bravo charlie"


def test_the_passage_offered_is_as_long_as_the_quote_even_at_the_end_of_the_source():
    text = "alpha bravo charlie delta echo foxtrot"
    offered = SourceText(text).closest("foxtrot golf hotel india")
    assert len(offered.split(" ")) == 4
    assert offered in text


def test_a_source_shorter_than_the_quote_is_offered_whole():
    assert SourceText("zzzz alpha beta").closest("alpha beta gamma delta") == "zzzz alpha beta"


def test_of_two_equally_close_passages_the_first_is_offered():
    def ratio(window: str) -> float:
        return SequenceMatcher(None, window, "cot dog", autojunk=False).ratio()

    assert ratio("cot tac") == ratio("tac dig")
    assert SourceText("cot tac dig").closest("cot dog") == "cot tac"


def test_a_long_quote_with_one_word_changed_offers_the_passage():
    # Over 200 characters: difflib's "popular character" heuristic must stay off, or the common
    # letters of English are ignored and a shifted window can win.
    text = f"Preface words come first here. {PARAGRAPH} Afterword: the rest deals with fisheries."
    shifted = f"officials in several capitals had sought {PARAGRAPH}"
    assert SourceText(text).closest(PARAGRAPH.replace("daily", "weekly")) == PARAGRAPH
    assert SourceText(shifted).closest(PARAGRAPH.replace("daily", "weekly")) == PARAGRAPH
    # Common short words only, where that heuristic misleads most (found by a seeded search).
    text = (
        "the for there was to there they that of is which there was of that her in a been by a from "
        "there in she have but the by have you it and they for which they from of for is by were as "
        "the been his it but with were you which for you but he be were or be which that have not he "
        "but his an his have was this the was there"
    )
    passage = " ".join(text.split(" ")[2:52])
    assert SourceText(text).closest(passage.replace(" from ", " zebra ", 1)) == passage


def test_a_long_source_is_aligned_from_its_first_character():
    probe = "unmistakable probe wording"
    assert _aligned(probe, probe + "x" * (_CHUNK + 1000)) == 0


def test_a_long_source_is_aligned_where_its_only_shared_letter_is():
    # A score under 1 of 100 still places the probe: the first chunk's best is taken, not 0.
    probe = "q" + "z" * 255
    at = _aligned(probe, "x" * 5000 + "q" + "x" * (_CHUNK + 10))
    assert 5000 - len(probe) < at <= 5000


def test_a_long_source_is_aligned_across_chunk_edges():
    # Chunks overlap by the probe's length: a probe just past the first chunk's end is whole in
    # the second chunk, wherever it sits around the edge.
    probe = "unmistakable probe wording"
    for at in (_CHUNK - len(probe) - 1, _CHUNK - 5, _CHUNK, _CHUNK + 7):
        text = "x" * at + probe + "x" * 500
        assert _aligned(probe, text) == at, at

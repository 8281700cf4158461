"""What makes ``check`` fast must not change what it finds.

The summary takes the phrase count the load made (instead of verifying every phrase again);
quote normalisation folds typography with a regular expression instead of ``str.translate``;
a long source is aligned by rapidfuzz a chunk at a time. Each is compared here with the plain
way it replaced.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import MEKONG, MINI, SEEDS, verified_in
from hypothesis import given, settings
from hypothesis import strategies as st

import briefing.load.quotes as quotes
from briefing.load import load_brief
from briefing.summary import summarize

pytestmark = pytest.mark.load


@pytest.mark.parametrize("folder", [SEEDS, MINI, MEKONG], ids=["seed", "mini", "mekong"])
def test_the_load_counts_the_phrases_the_summary_prints(folder: Path):
    counts: dict[str, int] = {}
    brief = load_brief(folder, [], counts=counts)
    assert counts["phrases"] == verified_in(brief)
    assert counts["phrases"] > 0
    line = f"  {counts['phrases']} quoted phrases in prose verified against the sources they cite"
    assert line in summarize(brief, phrases=counts["phrases"]).splitlines()
    assert summarize(brief, phrases=counts["phrases"]) == summarize(brief)


def _plain_normalize(text: str) -> str:
    """The definition: NFKC, fold the typography, collapse every whitespace run, strip."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(quotes._TYPOGRAPHY)).strip()


TYPOGRAPHY = [chr(code) for code in quotes._TYPOGRAPHY]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u3000", "\u00a0", "\u2009"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*TYPOGRAPHY, *SPACES, "a", "Z", "，", "Ａ", "é", "e\u0301", "ﬁ", "'"])).map("".join))
def test_normalize_is_the_plain_definition(text: str):
    assert quotes.normalize(text) == _plain_normalize(text)


@given(st.text(max_size=60))
def test_normalize_on_any_text(text: str):
    assert quotes.normalize(text) == _plain_normalize(text)


def test_line_of_is_the_same_on_a_long_source_and_asked_twice():
    text = "intro line\n" + "filler words here\n" * 50_000 + "The \u201cfreeze\u2011for\u2011freeze\u201d idea\nkeeps returning\n"
    assert quotes.line_of(text, '"freeze-for-freeze" idea keeps returning') == 50_002
    assert quotes.line_of(text, "idea keeps returning") == 50_002
    assert quotes.line_of(text, "not there at all") is None


def test_a_long_source_is_aligned_in_chunks_with_the_same_suggestion(monkeypatch: pytest.MonkeyPatch):
    words = [f"w{i % 997}x{i % 13}" for i in range(60_000)]
    passage = "Rather than maximizing pressure this entails maximizing the sense of security for the isolated country"
    for at in (10, 30_000, 59_980):  # near the start, inside, near the end
        text = quotes.SourceText(" ".join([*words[:at], passage, *words[at:]]))
        quote = passage.replace("maximizing the", "Zyxwvut the")
        whole = text.closest(quote)
        monkeypatch.setattr(quotes, "_CHUNK", 5_000)  # dozens of chunks, each overlapping the next
        chunked = text.closest(quote)
        monkeypatch.undo()
        assert whole == chunked == passage

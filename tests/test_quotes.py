"""Verbatim matching forgives typography, never words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS
from ruamel.yaml import YAML
from typer.testing import CliRunner

from briefing.cli import app
from briefing.load.quotes import SourceText, normalize

SOURCE = SourceText(
    "He said \u201cthe Kremlin\u2019s line\u201d holds \u2013 for now.\nIt was\u00a0clear that  pressure failed."
)


@pytest.mark.parametrize(
    "quote",
    [
        "He said \u201cthe Kremlin\u2019s line\u201d holds",  # exact
        'He said "the Kremlin\'s line" holds',  # straight quotes and apostrophe
        "holds - for now.",  # hyphen for en dash
        "holds \u2014 for now.",  # em dash for en dash
        "for now. It was clear",  # line break as a space
        "It was clear that pressure failed.",  # NBSP and double space
        "It   was\n  clear that\tpressure failed.",  # any whitespace
    ],
)
def test_accepts_typographic_variants(quote):
    assert SOURCE.contains(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "He said \u201cthe Kremlin\u2019s view\u201d holds",  # one word changed
        "It was clear that pressure succeeded.",
        "it was clear that pressure failed.",  # case is not forgiven
        "It was clear, that pressure failed.",  # punctuation is not forgiven
        "",
    ],
)
def test_rejects_changed_words(quote):
    assert not SOURCE.contains(quote)


def test_closest_passage_is_the_one_meant():
    assert SOURCE.closest("It was clear that pressure succeeded.") == "It was clear that pressure failed."


def _quotes():
    yaml = YAML(typ="safe")
    for path in sorted((SEEDS / "sources").glob("*.yaml")):
        for i, _quote in enumerate(yaml.load(path.read_text(encoding="utf-8"))["quotes"]):
            yield pytest.param(path.name, i, id=f"{path.stem}-q{i}")


@pytest.mark.parametrize(("name", "index"), list(_quotes()))
def test_changing_one_word_of_any_seed_quote_fails_check(seeds_copy: Path, name: str, index: int):
    path = seeds_copy / "sources" / name
    yaml = YAML(typ="rt")
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    text = str(data["quotes"][index]["text"])
    word = max(re.findall(r"[A-Za-z]{4,}", text), key=len)
    data["quotes"][index]["text"] = text.replace(word, "Zyxwvut", 1)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if "Zyxwvut" in row)

    result = CliRunner().invoke(app, ["check", str(seeds_copy)])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{path}:{line}:")
    assert f"quotes[{index}].text: not found in" in first
    assert "did you mean" in first
    suggestion = first.split('did you mean "', 1)[1].rsplit('"?', 1)[0]
    for part in suggestion.split("…"):  # long passages are shortened in the middle
        assert part.strip() in normalize(text)  # the suggestion is the passage as published


def _every_window(source: SourceText, quote: str) -> str:
    """The old did-you-mean, kept as the reference: score every word window of the source."""
    from difflib import SequenceMatcher

    target = normalize(quote)
    words = source.normalized.split(" ")
    size = len(target.split(" "))
    windows = (" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))
    return max(windows, key=lambda w: SequenceMatcher(None, w, target, autojunk=False).ratio())


def _prose(seed: int, words: int) -> str:
    import random

    vocabulary = (SEEDS / "sources" / "smith-2020.txt").read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    return " ".join(rng.choices(vocabulary, k=words))


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_closest_finds_a_mistyped_quote_in_a_large_source(where: str):
    passage = (
        "Moscow would treat a resumption of large-scale exercises as a dangerous mistake, "
        "whatever Washington calls its review."
    )
    before = {"start": 0, "middle": 150_000, "end": 300_000}[where]
    text = f"{_prose(1, before)} {passage} {_prose(2, 300_000 - before)}"  # about 2 MB
    source = SourceText(text)
    assert source.closest(passage.replace("dangerous", "dangerus")) == passage
    assert source.closest(passage.replace("exercises as a ", "")).startswith("Moscow would treat")


def test_closest_agrees_with_scoring_every_window():
    text = (SEEDS / "sources" / "brown-2021.txt").read_text(encoding="utf-8")
    source = SourceText(text)
    words = source.normalized.split(" ")
    for start in (0, 400, len(words) - 30):
        quote = " ".join(words[start : start + 30])
        longest = max(re.findall(r"[A-Za-z]{4,}", quote), key=len)
        for changed in (quote.replace(longest, "Zyxwvut", 1), " ".join(quote.split()[2:])):
            assert source.closest(changed) == _every_window(source, changed)

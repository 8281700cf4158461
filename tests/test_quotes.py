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

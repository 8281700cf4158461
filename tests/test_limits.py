"""Each documented limit of the loader, tried on both sides of its boundary."""

from __future__ import annotations

import pytest

import briefing.load.yamlfile as yamlfile
from briefing.errors import Problem
from briefing.load.files import read_bytes
from briefing.load.quotes import shorten
from briefing.load.text import MAX_LIST_DEPTH, PROPERTY_CHARS, QUOTE_CHARS, check_text
from briefing.load.yamlfile import MAX_ALIASES, MAX_DEPTH, read_yaml

pytestmark = pytest.mark.load


def parsed(tmp_path, text: str, name: str = "brief.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_yaml(path)


def messages(tmp_path, text: str, name: str = "brief.yaml") -> list[str]:
    doc = parsed(tmp_path, text, name)
    assert not isinstance(doc, Problem), doc
    return [p.message for p in check_text(doc)]


def test_nesting_depth_both_sides(tmp_path):
    inner = MAX_DEPTH - 1  # the top-level mapping is the first level
    assert not isinstance(parsed(tmp_path, "a: " + "[" * inner + "]" * inner + "\n"), Problem)
    deeper = parsed(tmp_path, "a: " + "[" * (inner + 1) + "]" * (inner + 1) + "\n")
    assert isinstance(deeper, Problem) and f"nested deeper than {MAX_DEPTH}" in deeper.message
    assert (deeper.line, deeper.col) == (1, 4 + inner)


def test_alias_count_both_sides(tmp_path):
    def aliases(n: int) -> str:
        return "b: &b x\nmany: [" + ", ".join(["*b"] * n) + "]\n"

    assert not isinstance(parsed(tmp_path, aliases(MAX_ALIASES)), Problem)
    over = parsed(tmp_path, aliases(MAX_ALIASES + 1))
    assert isinstance(over, Problem) and over.line == 2 and "more than 100 aliases" in over.message


def test_alias_expansion_both_sides(tmp_path, monkeypatch):
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"  # root + a(4) + b(1 + 4 + 4) = 14 values
    monkeypatch.setattr(yamlfile, "MAX_NODES", 14)
    assert not isinstance(parsed(tmp_path, text), Problem)
    monkeypatch.setattr(yamlfile, "MAX_NODES", 13)
    over = parsed(tmp_path, text)
    assert isinstance(over, Problem) and (over.line, over.col) == (2, 5)


def test_file_size_both_sides(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, tmp_path, limit=100) == b"x" * 100
    refused = read_bytes(path, tmp_path, limit=99)
    assert isinstance(refused, Problem) and refused.message == "is 100 bytes; the limit is 99 bytes"


def test_quote_length_both_sides(tmp_path):
    def quote(n: int) -> str:
        return f"quotes:\n  - id: q\n    text: {'x' * n}\n"

    assert messages(tmp_path, quote(QUOTE_CHARS), "s.yaml") == []
    assert messages(tmp_path, quote(QUOTE_CHARS + 1), "s.yaml") == [
        f"has {QUOTE_CHARS + 1} characters; a pull-quote has at most {QUOTE_CHARS}"
    ]


@pytest.mark.parametrize("field", ["title", "author", "subtitle"])
def test_document_properties_both_sides(tmp_path, field):
    assert messages(tmp_path, f"{field}: {'t' * PROPERTY_CHARS}\n") == []
    assert messages(tmp_path, f"{field}: {'t' * (PROPERTY_CHARS + 1)}\n") == [
        f"has {PROPERTY_CHARS + 1} characters; Word allows {PROPERTY_CHARS} in a document property"
    ]


def test_keywords_together_both_sides(tmp_path):
    first = "k" * (PROPERTY_CHARS - len(", b"))
    assert messages(tmp_path, f"keywords: [{first}, b]\n") == []
    assert len(messages(tmp_path, f"keywords: [{first}k, b]\n")) == 1
    assert messages(tmp_path, f"keywords: [{first}k, b]\n", "other.yaml") == []  # only the brief's


def test_list_depth_both_sides(tmp_path):
    two = "bluf: |-\n  - a [@x]\n    - b [@x]\n"
    assert MAX_LIST_DEPTH == 2
    assert messages(tmp_path, two) == []
    three = "bluf: |-\n  - a [@x]\n    - b [@x]\n      - c [@x]\n"
    assert messages(tmp_path, three) == ["lists nest deeper than 2 levels"]


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\u00a0", "\u200b", "\u202e", "\ue000", "\ufffd", "\U0001f600"])
def test_characters_that_are_allowed(tmp_path, char):
    escaped = char.encode("unicode_escape").decode().replace("\\x", "\\u00")
    assert messages(tmp_path, f'subtitle: "a{escaped}b"\n') == []


@pytest.mark.parametrize("code", [0x00, 0x08, 0x0B, 0x0C, 0x0E, 0x1F, 0x7F, 0x80, 0x9F, 0xD800, 0xDFFF,
                                  0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFF, 0x10FFFF])
def test_characters_that_are_refused(tmp_path, code):
    escaped = f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    (message,) = messages(tmp_path, f'subtitle: "a{escaped}b"\n')
    assert message.startswith(f"contains U+{code:04X} (")


def test_did_you_mean_is_capped_both_sides():
    assert shorten("x" * 160) == "x" * 160
    capped = shorten("a" * 100 + "b" * 61)
    assert len(capped) == 159 and capped == "a" * 79 + "…" + "a" * 18 + "b" * 61

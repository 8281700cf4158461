"""YAML read and located (briefing/load/yamlfile.py, yamlcompose.py): every problem at its exact
file:line:col, the exact (ruamel) loader's limits and last resorts, and the limits of a YAML file.
The fast path's agreement with ruamel is tests/test_yaml_fast.py."""

from __future__ import annotations

import pytest
from conftest import failures
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from briefing.errors import Problem
from briefing.load.yamlfile import read_yaml

pytestmark = pytest.mark.load


# --- YAML errors located (briefing/load/yamlfile.py) ----------------------------------------------


def test_a_character_yaml_cannot_hold_is_located_after_a_blank_first_line(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text("\ntitle: a\x01b\n", encoding="utf-8")
    assert read_yaml(path) == Problem(path, 2, 9, "", "YAML cannot hold character U+0001; delete it")


# --- where in a field a problem is (YamlFile.locate_text) ---------------------------------------


def test_a_problem_on_a_continuation_line_is_placed_on_that_line(mini):
    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("outlook:")].count("\n") + 1
    old = "outlook: Little will change soon [@demo-2021]."
    path.write_text(
        text.replace(old, "outlook: Little will change in the coming\n  [@nope-2020] months."), "utf-8"
    )
    assert failures(mini) == [
        f"brief.yaml:{line + 1}:3: outlook: citation @nope-2020 does not match any source"
    ]


def test_each_of_two_values_on_one_line_has_its_own_column(mini):
    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - text: New talk of freeze-for-freeze [@demo-2021].\n    why: It keeps returning.\n"
    new = '  - {text: "New talk [@nope-2020].", why: "It keeps returning [@nope-2020]."}\n'
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), "utf-8")
    text_col, why_col = new.index("[@nope") + 1, new.rindex("[@nope") + 1
    assert failures(mini) == [
        f"brief.yaml:{line}:{text_col}: indicators[0].text: citation @nope-2020 does not match any source",
        f"brief.yaml:{line}:{why_col}: indicators[0].why: citation @nope-2020 does not match any source",
    ]


def test_the_same_mistake_in_two_fields_is_placed_in_each(mini):
    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - Only one text was read [@demo-2021].", "  - Only one text was read [@nope-2020]."
    )
    text = text.replace("outlook: Little will change soon [@demo-2021].", "outlook: Little [@nope-2020].")
    path.write_text(text, "utf-8")
    line = text[: text.index("outlook:")].count("\n") + 1
    assert failures(mini) == [
        f"brief.yaml:{line - 1}:28: divergence: citation @nope-2020 does not match any source",
        f"brief.yaml:{line}:17: outlook: citation @nope-2020 does not match any source",
    ]


def test_a_pairs_list_keeps_its_pairs(mini):
    # ``!!pairs`` is the one YAML collection ruamel gives as a plain list (of tuples).
    path = mini / "sources" / "demo-2021.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("    actors: [russia]")].count("\n") + 1
    path.write_text(text.replace("    actors: [russia]", "    actors: !!pairs [russia: rok]"), "utf-8")
    assert failures(mini)[0] == (
        f"sources/demo-2021.yaml:{line}:13: quotes[1].actors[0]: expected text (got a key: value pair)"
    )


@pytest.mark.parametrize("written", [["zeta", "alpha", "mid"], ["통일", "Ωmega", "alpha", "bravo"]])
def test_a_set_keeps_the_order_it_is_written_in(mini, written):
    """``!!set {a, b}`` is a list of distinct values: built in written order, never in hash order
    (which changes with PYTHONHASHSEED, and with it the keywords the PDF and DOCX carry)."""
    from briefing.load import load_brief

    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("keywords: [fixture, scripts]", f"keywords: !!set {{{', '.join(written)}}}"), "utf-8")
    assert read_yaml(path).data["keywords"] == written
    assert list(load_brief(mini, []).keywords) == written


def test_a_problem_at_the_very_start_of_a_line_is_placed_there(mini):
    # A double-quoted value may go on at column 1 of the next line.
    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("outlook:")].count("\n") + 1
    old = "outlook: Little will change soon [@demo-2021]."
    path.write_text(text.replace(old, 'outlook: "Little will change\n[@nope-2020] soon."'), "utf-8")
    assert failures(mini) == [
        f"brief.yaml:{line + 1}:1: outlook: citation @nope-2020 does not match any source"
    ]


# --- the exact (ruamel) loader: a tag sends a document there --------------------------------------


@pytest.mark.parametrize(
    "value", ["!!int many", "!!bool maybe", "!!float", "!!int 0x", "!!set x", "!!omap x"]
)
def test_a_tagged_value_its_type_cannot_hold_is_one_located_line(tmp_path, value):
    path = tmp_path / "a.yaml"
    path.write_text(f"a: plain\nb: {value}\n", encoding="utf-8")
    message = f"YAML: {value}: the value does not fit its tag; drop the tag or fix the value"
    assert read_yaml(path) == Problem(path, 2, 4, "", message)


def test_the_exact_loader_keeps_its_messages_whole(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: !!str x\nb: [1, 2\n", encoding="utf-8")
    message = "YAML syntax: while parsing a flow sequence expected ',' or ']', but got '<stream end>'"
    assert read_yaml(path) == Problem(path, 3, 1, "", message)


def test_the_exact_loader_counts_depth_after_closing_what_it_opened(tmp_path):
    path = tmp_path / "a.yaml"
    for inner, expected in ((30, None), (31, Problem(path, 4, 36, "", "nested deeper than 32 levels"))):
        path.write_text(
            "t: !!str x\nx:\n  a: [1]\n  b: " + "[" * inner + "]" * inner + "\n", encoding="utf-8"
        )
        found = read_yaml(path)
        assert (found if isinstance(found, Problem) else None) == expected


def test_the_exact_loader_counts_aliases(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("t: !!str x\nbase: &b x\nmany: [" + ", ".join(["*b"] * 101) + "]\n", encoding="utf-8")
    assert read_yaml(path) == Problem(path, 3, 408, "", "more than 100 aliases (*name)")


def test_a_field_missing_from_a_nested_mapping_points_at_that_mapping(mini):
    path = mini / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("  - id: russia")].count("\n") + 1
    path.write_text(text.replace("    name: Russia\n", ""), encoding="utf-8")
    assert f"brief.yaml:{line}:5: actors[1].name: required field is missing" in failures(mini)


# --- the exact loader's last resorts: errors ruamel raises without a place ----------------------


def _ruamel_raises(monkeypatch, error: BaseException, text: str) -> None:
    """ruamel's ``load`` raises ``error`` for the whole document ``text`` (and works on parts)."""
    from ruamel.yaml import YAML

    load = YAML.load

    def failing(self, stream):
        if stream == text:
            raise error
        return load(self, stream)

    monkeypatch.setattr(YAML, "load", failing)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (ValueError("boom"), "YAML: a tagged value could not be read (boom)"),
        (YAMLError("first line\nsecond line"), "YAML: first line"),
        (YAMLError(""), "YAML: YAMLError"),
        (RecursionError(), "YAML: RecursionError"),
        (
            MarkedYAMLError(problem="no place"),
            "YAML syntax: no place",
        ),
    ],
)
def test_an_error_without_a_place_is_still_one_line(tmp_path, monkeypatch, error, message):
    path = tmp_path / "a.yaml"
    text = "a: !!str x\n"  # a tag: the exact loader reads it
    path.write_text(text, encoding="utf-8")
    _ruamel_raises(monkeypatch, error, text)
    assert read_yaml(path) == Problem(path, 0, 0, "", message)


# --- limits of a YAML file, as exact problems --------------------------------------------------


def test_a_file_of_too_many_values_is_refused_as_a_whole(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a:\n" + "- x\n" * 200_001, encoding="utf-8")
    message = "holds more than 200,000 values; a brief holds a few thousand"
    assert read_yaml(path) == Problem(path, 0, 0, "", message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: " + "[" * 40 + "]" * 40 + "\n", (1, 35, "nested deeper than 32 levels")),
        ("b: &b x\nmany: [" + ", ".join(["*b"] * 101) + "]\n", (2, 408, "more than 100 aliases (*name)")),
        ("- a\n- b\n", (1, 1, "expected a mapping of keys at the top level")),
        (
            'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
            + "".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, c in zip("abcd", "bcde", strict=True)
            )
            + "f: [*e, *e, *e, *e]\n",
            (2, 8, "aliases expand to more than 200,000 values"),
        ),
    ],
)
def test_the_limits_of_a_yaml_file(tmp_path, text, expected):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_yaml(path) == Problem(path, *expected[:2], "", expected[2])


def _summary_last(mini, block: str):
    path = mini / "sources" / "demo-2021.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("summary: >-\n")
    end = text.index("quotes:\n")
    path.write_text(text[:start] + text[end:] + block, encoding="utf-8")
    return (text[:start] + text[end:]).count("\n") + 1


def test_a_block_value_ending_the_file_is_placed_on_its_text(mini):
    line = _summary_last(mini, "summary: |\n  Too short.\n")
    assert failures(mini) == [f"sources/demo-2021.yaml:{line + 1}:3: summary: has 2 words; write 80–150"]


def test_an_empty_block_value_ending_the_file_is_placed_at_its_indicator(mini):
    line = _summary_last(mini, "summary: |\n")
    assert f"sources/demo-2021.yaml:{line}:10: summary: has 0 words; write 80–150" in failures(mini)

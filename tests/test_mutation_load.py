"""The loader's file reading and YAML parsing (briefing/load/files.py, yamlfile.py) in process:
each limit on both sides, every message with its exact file:line:col. Fast enough for
``make mutation``; they test what a user sees, not how the loader is written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import failures
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from briefing.errors import Problem
from briefing.load.files import SOURCE_BYTES, YAML_BYTES, read_bytes, read_text
from briefing.load.quotes import SourceText, line_of, shorten
from briefing.load.yamlfile import read_yaml

# --- reading files (briefing/load/files.py) -----------------------------------------------------


@pytest.mark.parametrize(
    ("size", "shown", "limit"),
    [
        (99_999, "99,999 bytes", "99,998 bytes"),
        (100_000, "0.1 MB", "99,999 bytes"),
        (100_001, "100,001 bytes", "0.1 MB"),
        (16_000_000, "16.0 MB", "15,999,999 bytes"),
        (16_000_001, "16,000,001 bytes", "16.0 MB"),
    ],
)
def test_sizes_in_messages(tmp_path, size, shown, limit):
    path = tmp_path / "a.txt"
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: no need to write the bytes
    refused = read_bytes(path, tmp_path, limit=size - 1)
    assert refused == Problem(path, 0, 0, "", f"is {shown}; the limit is {limit}")


def _sparse(path, size: int) -> None:
    """A file of ``size`` NUL bytes without writing them: past the size check, refused as binary."""
    with path.open("wb") as handle:
        handle.truncate(size)


def test_the_source_size_limit_both_sides(mini):
    text = mini / "sources" / "demo-2021.txt"
    _sparse(text, SOURCE_BYTES)
    assert failures(mini) == ["sources/demo-2021.txt: contains NUL bytes: a binary file, not UTF-8 text"]
    _sparse(text, SOURCE_BYTES + 1)
    assert failures(mini) == ["sources/demo-2021.txt: is 16,000,001 bytes; the limit is 16.0 MB"]


def test_the_yaml_size_limit_both_sides(mini):
    for path in (mini / "brief.yaml", mini / "sources" / "demo-2021.yaml"):
        original = path.read_bytes()
        _sparse(path, YAML_BYTES)
        assert f"{path.relative_to(mini)}: contains NUL bytes: a binary file, not UTF-8 text" in failures(
            mini
        )
        _sparse(path, YAML_BYTES + 1)
        assert f"{path.relative_to(mini)}: is 1,000,001 bytes; the limit is 1.0 MB" in failures(mini)
        path.write_bytes(original)


def test_reading_stays_inside_the_brief(tmp_path):
    inside = tmp_path / "brief"
    inside.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (inside / "link.txt").symlink_to(tmp_path / "secret.txt")
    (inside / "ok.txt").write_text("ok", encoding="utf-8")
    (inside / "ok-link.txt").symlink_to(inside / "ok.txt")
    assert read_text(inside / "ok.txt", inside, limit=10) == "ok"
    assert read_text(inside / "ok-link.txt", inside, limit=10) == "ok"
    refused = read_text(inside / "link.txt", inside, limit=10)
    assert refused == Problem(
        inside / "link.txt",
        0,
        0,
        "",
        f"resolves to {tmp_path / 'secret.txt'}, outside the brief folder; copy the file in",
    )


def test_what_cannot_be_read_is_one_line(tmp_path):
    assert read_bytes(tmp_path / "none.txt", tmp_path, limit=10) == Problem(
        tmp_path / "none.txt", 0, 0, "", "missing file"
    )
    assert read_bytes(tmp_path, tmp_path, limit=10) == Problem(tmp_path, 0, 0, "", "is a folder, not a file")
    os.mkfifo(tmp_path / "pipe")
    assert read_bytes(tmp_path / "pipe", tmp_path, limit=10) == Problem(
        tmp_path / "pipe", 0, 0, "", "is not a regular file"
    )
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    refused = read_bytes(loop, tmp_path, limit=10)
    assert isinstance(refused, Problem) and refused.message.startswith("cannot read: ")
    assert "\n" not in refused.message


def test_text_must_be_utf8_without_nul(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("ok é\n".encode())
    assert read_text(path, tmp_path, limit=100) == "ok é\n"
    path.write_bytes(b"line one\nab\xffc\n")
    assert read_text(path, tmp_path, limit=100) == Problem(
        path, 2, 3, "", "not UTF-8 text (invalid start byte at byte 11)"
    )
    path.write_bytes(b"\xff")
    assert read_text(path, tmp_path, limit=100) == Problem(
        path, 1, 1, "", "not UTF-8 text (invalid start byte at byte 0)"
    )
    path.write_bytes(b"text\x00more")
    assert read_text(path, tmp_path, limit=100) == Problem(
        path, 0, 0, "", "contains NUL bytes: a binary file, not UTF-8 text"
    )


# --- quotes: the did-you-mean and where a quote starts (briefing/load/quotes.py) ----------------


def test_a_shortened_did_you_mean_has_no_space_beside_its_ellipsis():
    assert shorten("a" * 78 + " " + "b" * 200) == "a" * 78 + "…" + "b" * 79
    assert shorten("a" * 200 + " " + "b" * 78) == "a" * 79 + "…" + "b" * 78
    assert len(shorten("x" * 300, 161)) == 161 and len(shorten("x" * 300, 160)) == 159


def test_closest_of_nothing_is_nothing():
    assert SourceText("").closest("some words") == ""
    assert SourceText("some words").closest("  ") == ""
    assert SourceText("one two three four").closest("two thre") == "two three"


@pytest.mark.parametrize(
    ("text", "quote", "line"),
    [
        ("\nfirst\nsecond words here", "second words", 3),  # a leading blank line counts
        ("a\nb word", "word", 2),  # one word
        ("a\nb word", "   ", None),  # no words
        ("a\nthe  quoted\n words", "the quoted words", 2),  # white space and line breaks between words
    ],
)
def test_the_line_a_quote_starts_on(text, quote, line):
    assert line_of(text, quote) == line


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


# --- reading files: what the operating system says, and a file swapped after it was checked ------


def test_a_name_the_system_cannot_resolve_is_one_line(tmp_path):
    path = tmp_path / ("x" * 300)
    assert read_bytes(path, tmp_path, limit=10) == Problem(path, 0, 0, "", "cannot read: file name too long")


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError("Disk on fire at /Mnt/X"), "Disk on fire at /Mnt/X"),  # not the system's words: as written
    ],
)
def test_an_error_while_reading_is_one_line(tmp_path, monkeypatch, error, shown):
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr("briefing.load.files.os.open", refuse)
    assert read_bytes(path, tmp_path, limit=10) == Problem(path, 0, 0, "", f"cannot read: {shown}")


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 50)
    real_stat = Path.stat

    def small(self, *args, **kwargs):  # the size as it was when checked
        info = real_stat(self, *args, **kwargs)
        return os.stat_result((info.st_mode, *info[1:6], 5, *info[7:]))

    monkeypatch.setattr(Path, "stat", small)
    assert read_bytes(path, tmp_path, limit=10) == Problem(
        path, 0, 0, "", "is larger than the limit of 10 bytes"
    )


def test_a_file_swapped_for_a_symlink_after_the_check_is_not_followed(tmp_path, monkeypatch):
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    link = tmp_path / "brief" / "a.txt"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "secret.txt")
    real_resolve = Path.resolve
    # As if a.txt was a plain file when resolved and became a link before it was opened.
    monkeypatch.setattr(
        Path, "resolve", lambda self, strict=False: self if self == link else real_resolve(self, strict)
    )
    refused = read_bytes(link, link.parent, limit=100)
    assert refused == Problem(link, 0, 0, "", "cannot read: too many levels of symbolic links")


def test_a_file_swapped_for_a_pipe_after_the_check_does_not_hang(tmp_path, monkeypatch):
    import signal

    pipe = tmp_path / "a.txt"
    os.mkfifo(pipe)
    real_stat = Path.stat

    def regular(self, *args, **kwargs):  # as if it was a regular file when checked
        info = real_stat(self, *args, **kwargs)
        return os.stat_result((stat.S_IFREG | 0o644, *info[1:6], 0, *info[7:]))

    def hang(signum, frame):
        raise TimeoutError("the reader waited for a writer")

    monkeypatch.setattr(Path, "stat", regular)
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(5)
    try:
        assert read_bytes(pipe, tmp_path, limit=10) == b""
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_an_invalid_byte_after_a_leading_line_break_is_placed_on_line_two(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\n\xff")
    assert read_text(path, tmp_path, limit=10) == Problem(
        path, 2, 1, "", "not UTF-8 text (invalid start byte at byte 1)"
    )


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

"""The brief folder as a whole (briefing/load/__init__.py): problems that belong to a file rather
than a line carry no line, column or field (``briefing list`` and the check cache rely on it),
every such problem is reported in one run, and the YAML key errors pydantic raises are located at
the key. In process, for ``make mutation``."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import BriefingError, Problem
from briefing.load import load_brief


def problems_of(folder: Path, **options) -> list[Problem]:
    with pytest.raises(BriefingError) as info:
        load_brief(folder, **options)
    return info.value.problems


def about(problems: list[Problem], *paths: Path) -> list[Problem]:
    return [p for p in problems if p.path in paths]


def test_a_missing_folder_is_one_problem_of_the_folder(tmp_path):
    assert problems_of(tmp_path / "nope") == [Problem(tmp_path / "nope", 0, 0, "", "no such folder")]


def test_every_misnamed_or_unpaired_source_file_is_reported(mini):
    sources = mini / "sources"
    named = [sources / "Bad_Name.yaml", sources / "also bad.yaml"]
    orphans = [sources / "orphan-a.yaml", sources / "orphan-b.yaml"]
    lonely = [sources / "lonely-a.txt", sources / "lonely-b.txt"]
    for path in named + orphans:
        path.write_text("title: A source\n", encoding="utf-8")
    for path in lonely:
        path.write_text("Some text.\n", encoding="utf-8")
    found = problems_of(mini)
    bad_name = "file name must be a source id: lowercase letters, digits, hyphens"
    reported = about(found, *named, *orphans, *lonely)
    assert sorted(reported) == sorted(
        [Problem(p, 0, 0, "", bad_name) for p in named]
        + [Problem(p, 0, 0, "", f"no source text {p.stem}.txt beside it") for p in orphans]
        + [Problem(p, 0, 0, "", f"source text has no curation file {p.stem}.yaml") for p in lonely]
    )
    # a source that cannot load (no text beside its curation) is reported before the rest
    assert [p.path for p in reported[: len(orphans)]] == orphans


def test_every_unreadable_source_text_is_reported(mini):
    sources = mini / "sources"
    texts = [sources / "binary-a.txt", sources / "binary-b.txt"]
    for text in texts:
        text.with_suffix(".yaml").write_text("title: A source\n", encoding="utf-8")
        text.write_bytes(b"PK\x00\x03 not text")
    message = "contains NUL bytes: a binary file, not UTF-8 text"
    assert about(problems_of(mini), *texts) == [Problem(t, 0, 0, "", message) for t in texts]


def test_every_source_still_marked_todo_is_listed(mini):
    sources = mini / "sources"
    for name in ("todo-a", "todo-b"):
        (sources / f"{name}.yaml").write_text("title: A source\nsummary: TODO\n", encoding="utf-8")
        (sources / f"{name}.txt").write_text("Some text.\n", encoding="utf-8")
    left: list[Problem] = []
    load_brief(mini, incomplete_out=left)
    headlines = [p for p in left if p.line == 0]
    assert headlines == [
        Problem(sources / f"{name}.yaml", 0, 0, "", "source is incomplete; still TODO: summary")
        for name in ("todo-a", "todo-b")
    ]


def test_an_empty_sources_folder_is_a_problem_of_the_folder(mini):
    for path in (mini / "sources").iterdir():
        path.unlink()
    assert about(problems_of(mini), mini / "sources") == [
        Problem(mini / "sources", 0, 0, "", "no sources (expected <id>.yaml with <id>.txt)")
    ]


def test_a_source_file_may_link_to_a_file_elsewhere_in_the_brief_folder(mini):
    # The brief folder is the boundary, not the sources folder: shared curation files are fine.
    shared = mini / "shared"
    shared.mkdir()
    original = mini / "sources" / "demo-2021.yaml"
    (shared / "demo-2021.yaml").write_bytes(original.read_bytes())
    original.unlink()
    original.symlink_to(Path("..") / "shared" / "demo-2021.yaml")
    assert [s.id for s in load_brief(mini).sources] == ["demo-2021"]


def test_a_key_of_the_wrong_type_is_located_at_the_key(mini):
    path = mini / "sources" / "demo-2021.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n  russia: Moscow" in text
    path.write_text(text.replace("\n  russia: Moscow", "\n  Russia: Moscow"), encoding="utf-8")
    line = text[: text.index("\n  russia: Moscow")].count("\n") + 2
    found = [str(p) for p in about(problems_of(mini), path)]
    assert (
        f"{path}:{line}:3: positions.Russia: invalid key (String should match pattern '^[a-z0-9][a-z0-9-]*$')"
        in found
    )

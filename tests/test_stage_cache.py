"""The HTML stage kept by content: `--force` and builds into other folders write their outputs
from the HTML rendered before, and any change of what decides that HTML renders it again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MEKONG, MINI, SEEDS, edit

import briefing.load
from briefing import cache
from briefing.build import build
from briefing.errors import BriefingError
from briefing.options import BuildOptions

DOCX = ("docx",)  # no WeasyPrint: these tests are about when to render, not what


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every load of a brief folder, counted (a render always follows a load)."""
    seen: list[Path] = []
    original = briefing.load.load_brief

    def counting(seeds, *args, **kwargs):
        seen.append(Path(seeds))
        return original(seeds, *args, **kwargs)

    monkeypatch.setattr(briefing.load, "load_brief", counting)
    return seen


def outputs(result) -> dict[str, bytes]:
    return {p.suffix: p.read_bytes() for p in [*result.outputs.values(), result.html]}


@pytest.mark.parametrize("brief", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_force_writes_the_same_bytes_without_loading_again(brief, tmp_path, loads):
    first = build(brief, tmp_path / "a", formats=DOCX)
    assert len(loads) == 1
    forced = build(brief, tmp_path / "a", formats=DOCX, force=True)
    elsewhere = build(brief, tmp_path / "b", formats=DOCX)
    assert len(loads) == 1  # both wrote the DOCX from the kept HTML
    assert not forced.cached and not elsewhere.cached
    assert outputs(forced) == outputs(first) == outputs(elsewhere)
    assert [str(w) for w in forced.warnings] == [str(w) for w in first.warnings]
    assert forced.html.name == first.html.name


def test_the_pdf_from_kept_html_is_the_same_pdf(tmp_path, loads):
    first = build(MINI, tmp_path / "a")
    again = build(MINI, tmp_path / "b")
    assert len(loads) == 1 and outputs(again) == outputs(first)
    assert again.pages == first.pages


@pytest.mark.parametrize("change", ["brief", "source", "template", "theme", "option", "paper", "epoch"])
def test_what_decides_the_html_renders_it_again(change, mini, tmp_path, loads, monkeypatch):
    options = BuildOptions()
    build(mini, tmp_path / "out", formats=DOCX, options=options)
    kwargs: dict = {}
    if change == "brief":
        edit(mini / "brief.yaml", "Little will change soon", "Little will change")
    elif change == "source":
        text = mini / "sources" / "demo-2021.txt"
        text.write_bytes(text.read_bytes() + b"\nOne more sentence.\n")
    elif change == "template":
        mine = tmp_path / "templates"
        shutil.copytree(Path(briefing.__file__).parents[1] / "templates", mine)
        options = BuildOptions(template_dir=mine)
        build(mini, tmp_path / "out", formats=DOCX, options=options)
        assert len(loads) == 2  # another template folder is another option; now edit a template in it:
        edit(mine / "brief.html.j2", "<!DOCTYPE html>", "<!DOCTYPE html>\n<!-- mine -->")
    elif change == "theme":
        theme = tmp_path / "house.toml"
        theme.write_text('[colours]\naccent = "123456"\n', encoding="utf-8")
        options = BuildOptions(theme_file=theme)
        build(mini, tmp_path / "out", formats=DOCX, options=options)
        assert len(loads) == 2  # a theme file is an option; now change the theme itself:
        theme.write_text('[colours]\naccent = "654321"\n', encoding="utf-8")
    elif change == "option":
        options = BuildOptions(marking="DRAFT")
    elif change == "paper":
        kwargs["paper"] = "letter"
    elif change == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    before = len(loads)
    result = build(mini, tmp_path / "out", formats=DOCX, options=options, force=True, **kwargs)
    assert len(loads) == before + 1
    html = result.html.read_text(encoding="utf-8")
    expected = {"template": "<!-- mine -->", "theme": "654321", "option": "DRAFT"}.get(change)
    if expected:
        assert expected in html


def test_a_new_version_of_the_tool_renders_again(mini, tmp_path, loads, monkeypatch):
    build(mini, tmp_path / "out", formats=DOCX)
    import briefing

    monkeypatch.setattr(briefing, "__version__", "99.0")
    build(mini, tmp_path / "out", formats=DOCX, force=True)
    assert len(loads) == 2


def test_a_broken_record_is_rendered_again_and_replaced(mini, tmp_path, loads):
    first = build(mini, tmp_path / "out", formats=DOCX)
    (record,) = cache.stage_folder("html").glob("*.json")
    record.write_text('{"key": "not this one"}', encoding="utf-8")
    again = build(mini, tmp_path / "out", formats=DOCX, force=True)
    assert len(loads) == 2 and outputs(again) == outputs(first)
    assert build(mini, tmp_path / "out", formats=DOCX, force=True) and len(loads) == 2


def test_a_failed_check_keeps_nothing(mini, tmp_path):
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    with pytest.raises(BriefingError):
        build(mini, tmp_path / "out", formats=DOCX)
    assert not list(cache.stage_folder("html").glob("*.json"))


def test_only_the_most_recently_used_pages_are_kept(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "STAGES_KEPT", 2)
    for n in range(4):
        build(mini, tmp_path / "out", formats=DOCX, options=BuildOptions(marking=f"M{n}"))
    kept = list(cache.stage_folder("html").glob("*.json"))
    assert len(kept) == 2
    assert {"M2", "M3"} == {m for p in kept for m in ("M0", "M1", "M2", "M3") if m in p.read_text()}


def test_a_cache_folder_that_cannot_be_written_is_no_error(mini, tmp_path, monkeypatch, loads):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_STAGE_CACHE", str(blocker / "stages"))
    first = build(mini, tmp_path / "out", formats=DOCX)
    again = build(mini, tmp_path / "out", formats=DOCX, force=True)
    assert len(loads) == 2 and outputs(again) == outputs(first)

"""Several briefs in one process, and the warm PDF engine they (and watch) share.

A warm layout must be indistinguishable from a cold one: same PDF bytes, same pages, on the
seed and on the Chinese-language Mekong fixture. Nothing here is timed (bench/ measures speed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS, edit
from typer.testing import CliRunner

from briefing.build import build
from briefing.cli import app
from briefing.desk import build_all, destinations
from briefing.errors import BriefingError
from briefing.stages import Stages

pytestmark = pytest.mark.build
runner = CliRunner()


def copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def only(folder: Path, suffix: str) -> Path:
    (found,) = folder.glob(f"*.{suffix}")
    return found


@pytest.mark.parametrize("source", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_warm_engine_gives_a_cold_builds_bytes(source, tmp_path):
    from briefing.pdf import engine

    brief = copy(source, tmp_path / "brief")
    cold = build(brief, tmp_path / "cold", formats=("pdf",))
    with engine.kept() as warm:
        folder = warm.fonts._folder
        first = build(brief, tmp_path / "warm1", formats=("pdf",))
        second = build(brief, tmp_path / "warm2", formats=("pdf",))
        assert folder.is_dir() and any(folder.iterdir()), "the fonts' folder outlives each build"
        assert warm.layouts == 2 and len(warm.sheets) == 1, "one stylesheet parsed, used twice"
    assert not folder.exists(), "the fonts' folder is removed with the engine"
    expected = only(tmp_path / "cold", "pdf").read_bytes()
    for result, out in ((first, "warm1"), (second, "warm2")):
        assert only(tmp_path / out, "pdf").read_bytes() == expected
        assert result.pages == cold.pages


def test_desk_builds_each_brief_into_its_own_folder(tmp_path):
    seeds, mekong = copy(SEEDS, tmp_path / "seeds"), copy(MEKONG, tmp_path / "mekong")
    alone = {
        name: build(folder, tmp_path / "alone" / name)
        for name, folder in [("seeds", seeds), ("mekong", mekong)]
    }
    batch = build_all([seeds, mekong], tmp_path / "week")
    assert [item.out for item in batch] == [tmp_path / "week" / "seeds", tmp_path / "week" / "mekong"]
    for item in batch:
        name = item.out.name
        assert item.error is None and item.result is not None
        assert item.result.pages == alone[name].pages
        assert only(item.out, "pdf").read_bytes() == only(tmp_path / "alone" / name, "pdf").read_bytes()
        assert only(item.out, "docx").stat().st_size > 0


def test_desk_goes_on_after_a_broken_brief(mini, tmp_path):
    broken = copy(mini, tmp_path / "broken")
    edit(broken / "brief.yaml", 'title: "Fixture', 'titel: "Fixture')
    batch = build_all([broken, mini], tmp_path / "week", formats=("docx",))
    assert isinstance(batch[0].error, BriefingError)
    assert any("brief.yaml" in str(p) for p in batch[0].error.problems)
    assert not list((tmp_path / "week" / "broken").glob("*.docx")), "nothing half-written"
    assert batch[1].result is not None and only(tmp_path / "week" / "mini", "docx").exists()


def test_two_folders_of_one_name_are_refused(tmp_path):
    a, b = tmp_path / "a" / "brief", tmp_path / "b" / "brief"
    with pytest.raises(BriefingError, match="two brief folders are named 'brief'"):
        destinations([a, b], tmp_path / "out")


def test_cli_builds_several_briefs_and_exits_1_when_one_fails(mini, tmp_path):
    good = copy(MEKONG, tmp_path / "mekong")
    result = runner.invoke(
        app, ["build", str(mini), str(good), "--out", str(tmp_path / "week"), "-f", "docx"]
    )
    assert result.exit_code == 0, result.output
    assert (
        only(tmp_path / "week" / "mini", "docx").exists()
        and only(tmp_path / "week" / "mekong", "docx").exists()
    )
    edit(mini / "brief.yaml", 'title: "Fixture', 'titel: "Fixture')
    result = runner.invoke(app, ["build", str(mini), str(good), "--out", str(tmp_path / "w2"), "-f", "docx"])
    assert result.exit_code == 1
    assert "brief.yaml" in result.output and "1 of 2 briefs not built." in result.output
    assert only(tmp_path / "w2" / "mekong", "docx").exists()


def test_the_html_is_handed_over_before_the_pdf_is_laid_out(mini, tmp_path):
    seen: list[tuple[str, bool]] = []
    out = tmp_path / "out"

    def ready(html: str) -> None:
        seen.append((html, any(out.glob("*.pdf"))))

    result = build(mini, out, formats=("pdf",), stages=Stages(on_html=ready))
    assert len(seen) == 1
    html, pdf_there = seen[0]
    assert not pdf_there, "called before the PDF exists"
    assert html == result.html.read_text(encoding="utf-8")

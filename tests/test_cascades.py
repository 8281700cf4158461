"""A source that fails to load is the first line of the report, and prose that quotes it is
reported as citing a source that failed to load — not as phrases missing from the others."""

from __future__ import annotations

import shutil

import pytest
from conftest import MEKONG, SEEDS
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()

BREAKS = {
    "binary text": lambda s: s.with_suffix(".txt").write_bytes(b"\x00\x01 binary"),
    "text missing": lambda s: s.with_suffix(".txt").unlink(),
    "YAML broken": lambda s: s.write_text("title: [unclosed\n", encoding="utf-8"),
    "text not UTF-8": lambda s: s.with_suffix(".txt").write_bytes("caf\u00e9 ".encode("latin-1") * 50),
}


@pytest.mark.parametrize("brief", ["seed", "mekong"])
@pytest.mark.parametrize("how", sorted(BREAKS))
def test_the_broken_source_comes_first_and_its_citations_say_so(tmp_path, brief, how):
    folder, source = {"seed": (SEEDS, "lankov-2020"), "mekong": (MEKONG, "baker-partners-2024")}[brief]
    copy = tmp_path / "brief"
    shutil.copytree(folder, copy)
    BREAKS[how](copy / "sources" / f"{source}.yaml")
    result = runner.invoke(app, ["check", str(copy)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.splitlines()
    assert f"sources/{source}." in lines[0], lines[:3]
    assert not any("is not in the cited source" in line for line in lines), "a cascade blamed the others"
    cascaded = [line for line in lines if "cites a source that failed to load" in line]
    assert cascaded and all(f"({source})" in line or f", {source}" in line or f"{source}," in line
                            for line in cascaded), cascaded

"""Build again with nothing changed: outputs kept when inputs and outputs are as last time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import edit
from typer.testing import CliRunner

from briefing.build import build
from briefing.cli import app

DOCX = ("docx",)  # no WeasyPrint: these tests are about when to build, not what


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))


def stamps(result) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in [*result.outputs.values(), result.html]}


def test_nothing_changed_keeps_every_output_untouched(mini, tmp_path):
    first = build(mini, tmp_path / "out", formats=DOCX)
    assert not first.cached
    again = build(mini, tmp_path / "out", formats=DOCX)
    assert again.cached
    assert again.outputs == first.outputs and again.html == first.html
    assert stamps(again) == stamps(first)  # not even rewritten
    assert not [p for p in (tmp_path / "out").iterdir() if p.name not in stamps(first)]  # no manifest there


@pytest.mark.parametrize(
    "change",
    ["brief", "source text", "new file", "format", "paper", "option", "template", "force"],
)
def test_any_change_builds_again(mini, tmp_path, change):
    out = tmp_path / "out"
    first = build(mini, out, formats=DOCX)
    before = stamps(first)
    kwargs: dict = {"formats": DOCX}
    if change == "brief":
        edit(mini / "brief.yaml", "Little will change soon", "Little will change")
    elif change == "source text":
        text = mini / "sources" / "demo-2021.txt"
        text.write_bytes(text.read_bytes() + b"\nOne more sentence.\n")
    elif change == "new file":
        (mini / "notes.txt").write_text("an analyst's note", encoding="utf-8")
    elif change == "format":
        kwargs["formats"] = ("docx", "md")
    elif change == "paper":
        kwargs["paper"] = "letter"
    elif change == "option":
        from briefing.options import BuildOptions

        kwargs["options"] = BuildOptions(marking="DRAFT")
    elif change == "template":
        from briefing.options import BuildOptions

        mine = tmp_path / "templates"
        mine.mkdir()
        kwargs["options"] = BuildOptions(template_dir=mine)
        build(mini, out, **kwargs)  # an empty template folder is a change of options, then:
        (mine / "unused.html.j2").write_text("{# a template no one includes #}", encoding="utf-8")
        before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    elif change == "force":
        kwargs["force"] = True
    again = build(mini, out, **kwargs)
    assert not again.cached
    assert stamps(again) != {k: v for k, v in before.items() if k in stamps(again)}


@pytest.mark.parametrize("damage", ["edited", "deleted"])
def test_a_damaged_output_is_built_again(mini, tmp_path, damage):
    out = tmp_path / "out"
    first = build(mini, out, formats=DOCX)
    good = first.outputs["docx"].read_bytes()
    if damage == "edited":
        first.outputs["docx"].write_bytes(b"not a docx")
    else:
        first.outputs["docx"].unlink()
    again = build(mini, out, formats=DOCX)
    assert not again.cached
    assert len(again.outputs["docx"].read_bytes()) == len(good)  # a whole DOCX again


def test_outputs_inside_the_brief_folder_do_not_change_the_key(mini):
    first = build(mini, mini / "build", formats=DOCX)
    assert build(mini, mini / "build", formats=DOCX).cached
    assert stamps(first)


def test_warnings_are_shown_again_when_nothing_changed(mini, tmp_path):
    edit(mini / "brief.yaml", "Little will change soon", "Little will probably change soon")
    first = build(mini, tmp_path / "out", formats=DOCX)
    again = build(mini, tmp_path / "out", formats=DOCX)
    assert again.cached and [str(w) for w in again.warnings] == [str(w) for w in first.warnings]


def test_cli_says_nothing_changed_and_force_builds(mini, tmp_path):
    runner = CliRunner()
    args = ["build", str(mini), "--out", str(tmp_path / "out"), "-f", "docx"]
    assert runner.invoke(app, args).exit_code == 0
    kept = runner.invoke(app, args)
    assert kept.exit_code == 0 and "Nothing changed since the last build" in kept.output
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and "Nothing changed" not in forced.output


def test_the_briefing_command_exits_with_every_byte_written(mini, tmp_path):
    """`briefing` leaves through os._exit: its output must be flushed and its files complete."""
    env = {**os.environ, "BRIEFING_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "briefing"]
    listing = subprocess.run([*command, "list", str(mini), "--json"], capture_output=True, text=True, env=env)
    assert listing.returncode == 0, listing.stderr
    import json

    assert json.loads(listing.stdout)  # the whole JSON arrived through the pipe
    built = subprocess.run(
        [*command, "build", str(mini), "--out", str(tmp_path / "out"), "-f", "docx", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    import zipfile

    for row in report["outputs"]:
        path = Path(row["path"]) if Path(row["path"]).is_absolute() else Path.cwd() / row["path"]
        assert path.stat().st_size == row["bytes"]
        if path.suffix == ".docx":
            assert zipfile.ZipFile(path).testzip() is None
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    failed = subprocess.run([*command, "check", str(mini)], capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and "key_judgments[1].confidence" in failed.stderr
    usage = subprocess.run([*command, "build", "--no-such-option"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2


def test_the_collector_pauses_during_a_build_and_resumes_after(mini, tmp_path, monkeypatch):
    import gc

    import briefing.docx

    seen = []
    original = briefing.docx.write_docx

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(briefing.docx, "write_docx", recording)
    assert gc.isenabled()
    build(mini, tmp_path / "out", formats=DOCX)
    assert seen == [False] and gc.isenabled()

"""All-or-nothing outputs: failures and Ctrl-C at every stage keep the last good brief."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import MINI, edit

from briefing.build import build
from briefing.errors import BriefingError

ROOT = Path(__file__).resolve().parents[1]

# Runs the CLI in a child process and sends it SIGINT or SIGTERM at one named moment of the build.
INTERRUPT = r"""
import os, signal, sys
import weasyprint.svg
import briefing.build, briefing.docx, briefing.load, briefing.output, briefing.pdf

stage, seeds, out, signame = sys.argv[1:5]

def interrupting(owner, name):
    original = getattr(owner, name)
    calls = []
    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            os.kill(os.getpid(), getattr(signal, signame))
        return original(*args, **kwargs)
    setattr(owner, name, wrapper)

where = {
    "load": (briefing.load, "load_brief"),  # build() imports it when it runs
    "layout": (briefing.pdf, "layout"),
    "figure": (weasyprint.svg.SVG, "draw"),  # inside WeasyPrint's `except BaseException`
    "pdf": (briefing.pdf, "write_pdf"),
    "docx": (briefing.docx, "write_docx"),
    "zip": (briefing.output, "normalise_zip"),
    "rename": (briefing.output.os, "replace"),  # between renaming the first and the second file
}[stage]
interrupting(*where)
from briefing.cli import app
sys.argv = ["briefing", "build", seeds, "--out", out]
app()
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: b"<folder>" if p.is_dir() else p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes]]:
    """A brief whose title changed since the last good build in ``out``."""
    root = tmp_path_factory.mktemp("outputs")
    seeds = root / "mini"
    shutil.copytree(MINI, seeds)
    out = root / "out"
    build(seeds, out)
    text = (seeds / "brief.yaml").read_text(encoding="utf-8")
    (seeds / "brief.yaml").write_text(text.replace("Test Suite", "Another Author"), encoding="utf-8")
    return seeds, out, snapshot(out)


STAGES = ["load", "layout", "figure", "pdf", "docx", "zip", "rename"]


@pytest.mark.parametrize(("stage", "signame"), [(s, "SIGINT") for s in STAGES] + [
    (s, "SIGTERM") for s in ("layout", "figure", "docx", "rename")])
def test_ctrl_c_at_any_stage_keeps_the_last_good_brief(good, stage, signame, tmp_path):
    """SIGTERM (kill, a supervisor) is handled as Ctrl-C is: nothing changed, nothing left, 143."""
    seeds, out, before = good
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(temp), "HOME": str(tmp_path), "BRIEFING_PARALLEL": "1"}
    run = subprocess.run(
        [sys.executable, "-c", INTERRUPT, stage, str(seeds), str(out), signame],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    word, code = ("terminated", 143) if signame == "SIGTERM" else ("interrupted", 130)
    assert run.returncode == code, run.stderr
    assert run.stderr == f"{word}: no output was changed\n"
    assert snapshot(out) == before  # byte-identical, and no temporary file beside them
    assert list(temp.iterdir()) == []  # no weasyprint-* or briefing-* folder left in the system temp


def test_a_name_taken_by_a_folder_changes_nothing(mini, tmp_path):
    out = tmp_path / "out"
    result = build(mini, out)
    result.outputs["docx"].unlink()
    result.outputs["docx"].mkdir()
    before = snapshot(out)
    edit(mini / "brief.yaml", "Test Suite", "Someone Else")
    with pytest.raises(BriefingError, match="is a folder"):
        build(mini, out)
    assert snapshot(out) == before


def test_a_failed_rename_puts_every_old_file_back(mini, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(mini, out)
    before = snapshot(out)
    edit(mini / "brief.yaml", "Test Suite", "Someone Else")
    import briefing.output as output

    real_replace = output.os.replace
    calls: list[str] = []

    def failing(src, dst):  # the second output renamed fails (caches written meanwhile do not count)
        if Path(dst).parent == out:
            calls.append(str(dst))
        if len(calls) == 2 and calls[-1] == str(dst):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing)
    with pytest.raises(OSError, match="No space"):
        build(mini, out)
    monkeypatch.undo()
    assert snapshot(out) == before


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_same_input_same_bytes_whatever_the_clock_says(mini, tmp_path, monkeypatch, epoch):
    """Font subsets, metadata and zip entry times come from the brief (or SOURCE_DATE_EPOCH), not the clock."""
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build(mini, tmp_path / "a")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400 * 400)  # the clock moves on
    second = build(mini, tmp_path / "b")
    for fmt in ("pdf", "docx"):
        assert first.outputs[fmt].read_bytes() == second.outputs[fmt].read_bytes(), fmt
    stamp = (2023, 11, 14, 22, 13, 20) if epoch else (2021, 3, 2, 0, 0, 0)
    with zipfile.ZipFile(first.outputs["docx"]) as docx:
        assert {info.date_time for info in docx.infolist()} == {stamp}

"""The DOCX written in a forked child while the PDF is laid out: same bytes as one after the
other, and still all or nothing (a failure on either side, or Ctrl-C, changes no output)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import test_outputs
from conftest import MEKONG, SEEDS, edit

import briefing.docx
import briefing.pdf
from briefing import forked
from briefing.build import build
from briefing.errors import BriefingError, Problem
from briefing.forked import ChildFailed, Forked

good = test_outputs.good  # the module-scoped fixture: a brief changed since its last good build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_child_reports_its_seconds_or_its_exception():
    assert Forked.start(lambda: time.sleep(0.05)).wait() >= 0.05
    problem = Problem(Path("brief.yaml"), 3, 1, "title", "missing")
    for err in (OSError(28, "No space left on device"), KeyboardInterrupt(), BriefingError([problem])):

        def failing(err=err):
            raise err

        with pytest.raises(type(err)) as raised:
            Forked.start(failing).wait()
        assert str(raised.value) == str(err)
    with pytest.raises(BriefingError) as raised:
        Forked.start(lambda: (_ for _ in ()).throw(BriefingError([problem]))).wait()
    assert raised.value.problems == [problem]


def test_an_exception_that_cannot_travel_arrives_as_its_text():
    class Local(Exception):  # a class pickle cannot find again
        pass

    def failing():
        raise Local("the writer broke")

    with pytest.raises(ChildFailed, match="Local: the writer broke"):
        Forked.start(failing).wait()


def test_a_child_that_exits_on_its_own_is_reported():
    with pytest.raises(ChildFailed, match="without a result"):
        Forked.start(lambda: os._exit(3)).wait()


def test_stop_kills_and_reaps_a_running_child(tmp_path):
    flag = tmp_path / "late"
    child = Forked.start(lambda: (time.sleep(2), flag.write_text("written after the stop")))
    pid = child.pid
    child.stop()
    time.sleep(2.5)
    assert not flag.exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


@pytest.mark.parametrize("brief", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_the_forked_docx_is_the_docx_written_in_order(brief, tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    original = briefing.docx.write_docx

    def recording(*args, **kwargs):
        with pids.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(briefing.docx, "write_docx", recording)
    parallel = build(brief, tmp_path / "parallel")
    monkeypatch.setenv(forked.SWITCH, "0")
    serial = build(brief, tmp_path / "serial")
    first, second = pids.read_text().split()
    assert int(first) != os.getpid() and int(second) == os.getpid()
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "serial")
    assert parallel.timings["docx"] > 0 and set(parallel.outputs) == set(serial.outputs) == {"pdf", "docx"}


def test_a_failed_pdf_stops_the_docx_child_and_changes_nothing(mini, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(mini, out)
    before = snapshot(out)
    edit(mini / "brief.yaml", "Test Suite", "Someone Else")
    original = briefing.docx.write_docx

    def slow(*args, **kwargs):
        time.sleep(1.5)
        return original(*args, **kwargs)

    def broken(*_: object, **__: object):
        raise OSError("the layout engine broke")

    monkeypatch.setattr(briefing.docx, "write_docx", slow)
    monkeypatch.setattr(briefing.pdf, "layout", broken)
    with pytest.raises(OSError, match="layout engine"):
        build(mini, out)
    time.sleep(2)  # a child left running would write its DOCX now
    assert snapshot(out) == before


def test_a_failed_docx_child_keeps_the_last_good_outputs(mini, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(mini, out)
    before = snapshot(out)
    edit(mini / "brief.yaml", "Test Suite", "Someone Else")

    def half(html: str, target: Path, **_: object) -> None:
        target.write_bytes(b"PK half a zip")
        raise ValueError("the DOCX writer broke")

    monkeypatch.setattr(briefing.docx, "write_docx", half)
    with pytest.raises(ValueError, match="DOCX writer broke"):
        build(mini, out)
    assert snapshot(out) == before


@pytest.mark.parametrize("stage", ["docx", "zip", "layout"])
def test_ctrl_c_in_order_keeps_the_last_good_brief_too(good, stage, tmp_path):
    """The Ctrl-C cases of test_outputs, with the DOCX written after the PDF in one process."""
    seeds, out, before = good
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(temp), "HOME": str(tmp_path), forked.SWITCH: "0"}
    run = subprocess.run(
        [sys.executable, "-c", test_outputs.INTERRUPT, stage, str(seeds), str(out), "SIGINT"],
        capture_output=True, text=True, env=env, cwd=test_outputs.ROOT, timeout=300,
    )
    assert run.returncode == 130, run.stderr
    assert run.stderr == "interrupted: no output was changed\n"
    assert test_outputs.snapshot(out) == before
    assert list(temp.iterdir()) == []


def test_by_default_a_busy_machine_writes_in_order(monkeypatch):
    monkeypatch.delenv(forked.SWITCH)
    monkeypatch.setattr(forked, "_cpus", lambda: 2)
    monkeypatch.setattr(forked.os, "getloadavg", lambda: (1.2, 1.0, 1.0))
    assert forked.available()
    monkeypatch.setattr(forked.os, "getloadavg", lambda: (3.5, 1.0, 1.0))
    assert not forked.available()
    monkeypatch.setattr(forked, "_cpus", lambda: 1)
    monkeypatch.setattr(forked.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not forked.available()
    monkeypatch.setenv(forked.SWITCH, "1")
    assert forked.available()

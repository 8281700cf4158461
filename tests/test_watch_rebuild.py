"""`briefing watch` as a user runs it (the main thread, so the DOCX is forked beside the PDF):
one edit of brief.yaml rewrites both outputs with it; Ctrl-C stops cleanly, leaving no
temporary file and no child process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS, as_at_a_terminal
from pypdf import PdfReader

TIMEOUT = 240


def outputs(out: Path) -> dict[str, Path]:
    return {p.suffix: p for p in out.glob("*") if p.suffix in (".pdf", ".docx", ".html")}


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc for child processes")
@pytest.mark.parametrize("brief", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_one_edit_rewrites_both_outputs_and_ctrl_c_leaves_nothing_behind(brief, tmp_path):
    seeds, out = tmp_path / "brief", tmp_path / "out"
    shutil.copytree(brief, seeds)
    env = {**os.environ, "BRIEFING_PARALLEL": "1", "PYTHONUNBUFFERED": "1"}
    watcher = subprocess.Popen(
        [sys.executable, "-m", "briefing", "watch", str(seeds), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True, preexec_fn=as_at_a_terminal,
    )
    try:
        wait_for(lambda: len(outputs(out)) == 3, "the first build")
        time.sleep(1.0)  # the watcher settles
        first = {k: p.stat().st_mtime_ns for k, p in outputs(out).items()}
        yaml = seeds / "brief.yaml"
        text = yaml.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if x.startswith("audience:"))
        yaml.write_text(text.replace(line, f"{line} and Zanzibar editors"), encoding="utf-8")
        wait_for(
            lambda: all(p.stat().st_mtime_ns != first[k] for k, p in outputs(out).items()), "the rebuild"
        )
        time.sleep(0.5)
        assert children(watcher.pid) == []  # the DOCX child was reaped
        found = outputs(out)
        assert "Zanzibar editors" in found[".html"].read_text(encoding="utf-8")
        with zipfile.ZipFile(found[".docx"]) as docx:
            assert docx.testzip() is None
            assert any(b"Zanzibar editors" in docx.read(name) for name in docx.namelist())
        assert "Zanzibar" in "".join(page.extract_text() for page in PdfReader(found[".pdf"]).pages)
    finally:
        watcher.send_signal(signal.SIGINT)
        log, _ = watcher.communicate(timeout=60)
    assert watcher.returncode == 130, log  # stopped by Ctrl-C, as a shell reports it
    assert log.count("✓ built") == 2 and "after 1 change(s)" in log, log
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in outputs(out).values())

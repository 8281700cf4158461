"""``briefing watch`` and ``briefing preview``: rebuilds on change; the open page follows by itself.

The browser is Debian's chromium driven by Playwright for Python (scripts/system-deps.sh installs
it; no browser is downloaded).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.request

import pytest
from conftest import SEEDS, as_at_a_terminal, edit
from playwright.sync_api import expect, sync_playwright

from briefing.workflow.preview import Preview
from briefing.workflow.watch import Outcome, watch

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
WAIT_MS = 30_000  # generous: the machine is shared; nothing here measures speed

# (folder, file with a summary, words in it to change, the brief's title)
CASES = {
    "seed": ("sources/lankov-2020.yaml", "Biden's campaign rhetoric, including his insistence",
             "Five Capitals, One Peninsula"),
    "fresh": ("sources/example-source.yaml", "This example stands in for a real source",
              "Water on the Mekong"),
}


@pytest.fixture
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("which", sorted(CASES))
def test_preview_follows_edits_and_shows_errors(which, browser, fresh, tmp_path):
    if which == "seed":
        seeds = tmp_path / "seeds"
        shutil.copytree(SEEDS, seeds)
    else:
        seeds = fresh
    source_file, words, title = CASES[which]
    outcomes: list[Outcome] = []
    preview = Preview(seeds, tmp_path / "out", report=outcomes.append).start()
    try:
        assert preview.first.wait(60), "first build"
        assert preview.url.startswith("http://127.0.0.1:")
        page = browser.new_page()
        page.goto(preview.url)
        expect(page.locator("h1.title")).to_contain_text(title)
        assert title in page.title()

        # an edit to a summary appears without a manual reload
        edit(seeds / source_file, words, words.replace(" in", " inQUIRINALE", 1))
        expect(page.locator("body")).to_contain_text("inQUIRINALE", timeout=WAIT_MS)

        # broken YAML: the error is on the page, and watching goes on
        edit(seeds / "brief.yaml", "key_judgments:", "key_judgments: [")
        errors = page.locator("#briefing-errors")
        expect(errors).to_contain_text("brief.yaml", timeout=WAIT_MS)
        assert "Build failed" in page.title()

        # fixed: the brief comes back
        edit(seeds / "brief.yaml", "key_judgments: [", "key_judgments:")
        expect(page.locator("h1.title")).to_contain_text(title, timeout=WAIT_MS)
    finally:
        preview.stop()
    assert [o.ok for o in outcomes][:1] == [True] and any(not o.ok for o in outcomes)


def test_preview_serves_only_the_page_and_its_version(mini, tmp_path):
    preview = Preview(mini, tmp_path / "out").start()
    try:
        assert preview.first.wait(60)
        with urllib.request.urlopen(preview.url + "__version", timeout=10) as r:
            assert json.loads(r.read())["version"] >= 1
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(preview.url + "../brief.yaml", timeout=10)
        assert err.value.code == 404
        with urllib.request.urlopen(preview.url, timeout=10) as r:
            html = r.read().decode("utf-8")
        assert "briefing-preview" in html and "<h1" in html
    finally:
        preview.stop()
    # the server is gone after stop
    with pytest.raises(OSError):
        urllib.request.urlopen(preview.url, timeout=2)


@pytest.mark.parametrize("which", ["mini", "fresh"])
def test_watch_rebuilds_on_change_and_goes_on_after_errors(which, mini, fresh, tmp_path):
    mini = {"mini": mini, "fresh": fresh}[which]
    if which == "fresh":  # a brief made by init has a low-confidence judgment too
        assert "confidence: low" in (mini / "brief.yaml").read_text(encoding="utf-8")
    outcomes: list[Outcome] = []
    stop = threading.Event()
    changed = threading.Event()

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        changed.set()

    thread = threading.Thread(
        target=watch, args=(mini, mini / "build"),  # outputs inside the watched folder
        kwargs={"formats": ("docx",), "report": report, "stop": stop}, daemon=True,
    )
    thread.start()
    try:
        def next_outcome() -> Outcome:
            assert changed.wait(60), "a rebuild was reported"
            changed.clear()
            return outcomes[-1]

        first = next_outcome()
        assert first.ok and first.result.outputs["docx"].is_file()
        time.sleep(0.5)  # let the watcher settle before the first edit
        edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
        broken = next_outcome()
        assert not broken.ok and ".confidence" in broken.problems[0]
        assert any(p.endswith("brief.yaml") for p in broken.changed)
        assert first.result.outputs["docx"].is_file(), "the last good output stays"
        edit(mini / "brief.yaml", "confidence: lowish", "confidence: low")
        assert next_outcome().ok
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    # our own outputs never trigger a rebuild: three builds for two edits and the first
    assert len(outcomes) == 3


def test_preview_command_prints_its_address_and_stops_on_ctrl_c(mini, tmp_path):
    import os
    import queue
    import signal
    import subprocess
    import sys

    cmd = [sys.executable, "-c", "from briefing.cli import app; app()", "preview", str(mini),
           "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "COLUMNS": "200"}, preexec_fn=as_at_a_terminal)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    seen: list[str] = []

    def wait_for(needle: str) -> str:
        while True:
            line = lines.get(timeout=60)  # raises queue.Empty if the command says nothing for a minute
            seen.append(line)
            if needle in line:
                return line

    try:
        url = wait_for("preview at http://127.0.0.1:").split("preview at ")[1].split()[0]
        wait_for("✓ built")
        with urllib.request.urlopen(url, timeout=30) as r:
            assert "Fixture Brief" in r.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 130, seen  # the shell's code for a command stopped by Ctrl-C

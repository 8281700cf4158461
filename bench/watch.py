"""Case f: how long `briefing watch` takes from a one-line edit to both outputs rewritten.

The watcher runs for the whole benchmark on its own copy of the brief; each round makes one
edit (a line of brief.yaml changes) and times until the PDF and the DOCX are both replaced.
That is the latency a writer sees, debounce included. Peak memory is the watcher's own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bench.cases import BRIEFING, Scratch, env, supports
from bench.measure import Samples

TIMEOUT = 120.0


class WatchCase:
    def __init__(self, scratch: Scratch) -> None:
        self.seeds = scratch.root / "watch-seeds"
        self.out = scratch.root / "out" / "f"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = scratch.root / "watch.log"
        self.edits = 0
        self.missing = "" if supports("watch") else "not available yet (needs `briefing watch`, issue 12)"
        self.original = scratch.seeds

    def _outputs(self) -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in self.out.glob("*") if p.suffix in (".pdf", ".docx")}

    def _wait(self, changed: dict[Path, int] | None) -> float:
        """Seconds until both outputs exist (and differ from ``changed``, when given)."""
        start = time.perf_counter()
        while time.perf_counter() - start < TIMEOUT:
            now = self._outputs()
            if len(now) >= 2 and (changed is None or all(now.get(p) != m for p, m in changed.items())):
                return time.perf_counter() - start
            if self.proc and self.proc.poll() is not None:
                break
            time.sleep(0.005)
        raise SystemExit(f"briefing watch did not rebuild; its log:\n{self.log.read_text()[-2000:]}")

    def start(self) -> None:
        if self.missing:
            return
        shutil.copytree(self.original, self.seeds)
        self.out.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [BRIEFING, "watch", str(self.seeds), "--out", str(self.out)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env(),
            )
        self._wait(None)
        time.sleep(1.0)  # let the first build settle before the first edit

    def edit_and_time(self, samples: dict[str, Samples], record: bool) -> None:
        if not self.proc:
            return
        before = self._outputs()
        brief = self.seeds / "brief.yaml"
        lines = brief.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith(("audience:", "author:")))
        self.edits += 1
        lines[at] = lines[at].rstrip("\n").split(" · edit")[0] + f" · edit {self.edits}\n"
        brief.write_text("".join(lines), encoding="utf-8")
        seconds = self._wait(before)
        if record:
            samples.setdefault("f", Samples()).add(seconds, 0.0)
        time.sleep(0.5)  # the watcher settles before the next round's cold processes

    def stop(self, samples: dict[str, Samples]) -> None:
        if not self.proc:
            return
        self.proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 10
        while True:
            pid, _, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                self.proc.kill()
                deadline = float("inf")
            time.sleep(0.05)
        self.proc.returncode = 0  # reaped here; keep Popen from waiting again
        if "f" in samples:
            samples["f"].peak_mb = [usage.ru_maxrss / 1024] * len(samples["f"].seconds)

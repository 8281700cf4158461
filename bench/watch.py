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
        # unique to this run: an edit a previous run made would find its HTML in the stage cache
        lines[at] = lines[at].rstrip("\n").split(" · edit")[0] + f" · edit {self.edits} {time.time_ns()}\n"
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


def main() -> None:
    """Case f alone: ``.venv/bin/python -m bench.watch [--reps 9]`` prints each rebuild and the median."""
    import argparse
    import tempfile

    from bench.cases import Scratch

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--reps", type=int, default=9)
    args = parser.parse_args()
    scratch = Scratch(Path(tempfile.mkdtemp(prefix="briefing-watch-")))
    scratch.seeds = Path(__file__).resolve().parents[1] / "seeds"  # copied by start(), never edited
    case = WatchCase(scratch)
    case.start()
    samples: dict[str, Samples] = {}
    try:
        for rep in range(args.reps + 1):  # the first edit warms the watcher, unrecorded
            case.edit_and_time(samples, record=rep > 0)
            if rep:
                f = samples["f"]
                print(f"edit {rep}: {f.seconds[-1]:.2f} s, load {f.loads[-1]:.1f}", flush=True)
    finally:
        case.stop(samples)
        shutil.rmtree(scratch.root, ignore_errors=True)
    f = samples["f"]
    print(f"watch rebuild: median {f.median:.2f} s ({f.low:.2f}–{f.high:.2f}), peak {f.peak:.0f} MB")
    print(f"load {f.load}")


def html_latency(seeds: Path, reps: int) -> Samples:
    """Seconds from saving a one-line edit to the rebuilt HTML: what `briefing preview` shows
    before the PDF is laid out (``on_html``). The watcher runs in this process (watchfiles'
    notice and the debounce included), building PDF and DOCX as `preview` does."""
    import tempfile
    import threading

    from briefing.workflow.watch import watch

    root = Path(tempfile.mkdtemp(prefix="briefing-html-"))
    copy = root / "seeds"
    shutil.copytree(seeds, copy)
    brief = copy / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    shown, done = threading.Event(), threading.Event()
    at: list[float] = []
    stop = threading.Event()

    def html(_: str) -> None:
        at.append(time.perf_counter())
        shown.set()

    thread = threading.Thread(
        target=watch,
        args=(copy, root / "out"),
        kwargs={"formats": ("pdf", "docx"), "report": lambda _: done.set(), "stop": stop, "on_html": html},
        daemon=True,
    )
    thread.start()
    samples = Samples()
    try:
        if not done.wait(TIMEOUT):  # the first build
            raise SystemExit("briefing watch did not build the seed")
        for rep in range(reps + 1):  # the first edit warms the rebuild, unrecorded
            shown.clear()
            done.clear()
            time.sleep(0.5)
            saved = time.perf_counter()
            edited = text.replace("\naudience: ", f"\naudience: edit {rep} {time.time_ns()} · ", 1)
            brief.write_text(edited, encoding="utf-8")
            if not shown.wait(TIMEOUT) or not done.wait(TIMEOUT):
                raise SystemExit("briefing watch did not rebuild after an edit")
            if rep:
                samples.add(at[-1] - saved, 0.0)
    finally:
        stop.set()
        thread.join(10)
        shutil.rmtree(root, ignore_errors=True)
    return samples


def cpu(reps: int) -> None:
    """In one process, CPU-seconds of a PDF rebuild after a one-line edit of a copy of the seed,
    alternating a warm engine (as watch keeps it) and a fresh one. CPU time, unlike wall time,
    is little changed by the other jobs of a shared machine."""
    import os
    import statistics
    import tempfile

    from briefing.options import BuildOptions
    from briefing.pdf import engine
    from briefing.workflow.watch import rebuild

    root = Path(tempfile.mkdtemp(prefix="briefing-watch-cpu-"))
    seeds = root / "seeds"
    shutil.copytree(Path(__file__).resolve().parents[1] / "seeds", seeds)
    brief = seeds / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"warm": [], "cold": []}
    loads = []
    with engine.kept() as warm:
        for rep in range(2 * reps + 1):  # the first rebuild fills the caches, unrecorded
            mode = "warm" if rep % 2 else "cold"
            edited = text.replace("\naudience: ", f"\naudience: edit {rep} {time.time_ns()} · ", 1)
            brief.write_text(edited, encoding="utf-8")
            engine._warm = warm if mode == "warm" else None
            start = time.process_time()
            outcome = rebuild(seeds, root / "out", ("pdf",), "a4", BuildOptions())
            took = time.process_time() - start
            engine._warm = warm
            assert outcome.result is not None, outcome.problems
            if rep:
                times[mode].append(took)
                loads.append(os.getloadavg()[0])
                print(f"{mode}: {took:.2f} CPU-s", flush=True)
    shutil.rmtree(root, ignore_errors=True)
    for mode, values in times.items():
        middle, low, high = statistics.median(values), min(values), max(values)
        print(f"{mode} PDF rebuild: median {middle:.2f} CPU-s ({low:.2f}–{high:.2f})")
    print(f"load {min(loads):.1f}–{max(loads):.1f}")


if __name__ == "__main__":
    import sys

    if "--cpu" in sys.argv:
        cpu(int(sys.argv[sys.argv.index("--cpu") + 1]))
    else:
        main()

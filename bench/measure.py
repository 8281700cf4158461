"""Time one cold process and read its peak memory from the kernel, with nothing in between.

``os.wait4`` returns the child's resource usage as it exits: ``ru_maxrss`` is the largest
resident set of the child and of the children it waited for (pandoc's WeasyPrint, say), so
time and peak memory come from the same run, without a wrapper process to subtract.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    output: str = ""


def run_once(argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` once as a fresh process; wall time, peak RSS (MB), exit code and output.

    The working folder defaults to the system's temporary folder: pandoc leaves its html2pdf*
    files in the working folder while WeasyPrint runs, and they must not land in the checkout.
    """
    cwd = cwd or Path(tempfile.gettempdir())
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    # Read before waiting so a chatty child never blocks on a full pipe.
    assert proc.stdout is not None
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, output)


@dataclass
class Samples:
    """Every repetition of one case."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)  # the one-minute load average as each run started

    def add(self, seconds: float, peak_mb: float, load: float | None = None) -> None:
        self.seconds.append(seconds)
        self.peak_mb.append(peak_mb)
        self.loads.append(os.getloadavg()[0] if load is None else load)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    @property
    def peak(self) -> float:
        return max(self.peak_mb)

    @property
    def load(self) -> str:
        """The machine's one-minute load while this case ran, low–high."""
        return f"{min(self.loads):.1f}–{max(self.loads):.1f}" if self.loads else "?"

    def as_dict(self) -> dict[str, object]:
        return {
            "median_s": round(self.median, 4),
            "min_s": round(self.low, 4),
            "max_s": round(self.high, 4),
            "peak_mb": round(self.peak, 1),
            "load": [round(x, 2) for x in self.loads],
            "runs_s": [round(s, 4) for s in self.seconds],
        }


class Busy:
    """One other CPU-bound job beside a timed run: a Python busy-loop, started and ended around it."""

    def __enter__(self) -> Busy:
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL)
        time.sleep(0.05)  # let it reach its loop before the clock starts
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"

"""Issue 25, point 4: a long brief's PDF laid out whole or as two documents joined (briefing/pdf/split.py).

Each size's synthetic brief is built to PDF by a cold process laying it out whole, then by one
laying out the front and the source notes apart and joining them, alternating within every
round; wall time and peak memory (``wait4``) per case, medians, with the load average.

    .venv/bin/python bench/split.py --sizes 20,50,100 --reps 3 [--work /tmp/split-bench]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cases import env  # noqa: E402
from bench.measure import Samples, run_once  # noqa: E402
from bench.synth import Synthetic  # noqa: E402

# One cold build, the split threshold set first: 0 splits every brief, a huge one none.
DRIVER = (
    "import sys; from briefing.pdf import split; split.MIN_SOURCES = int(sys.argv[1]); "
    "sys.argv = ['briefing', *sys.argv[2:]]; from briefing.__main__ import main; main()"
)
MODES = {"whole": 10**9, "split": 0}


def measure(work: Path, sizes: list[int], reps: int) -> dict[tuple[int, str], Samples]:
    jobs = {}
    for n in sizes:
        seeds = Synthetic(n).write(work / f"brief-{n}")
        for mode, threshold in MODES.items():
            out = work / f"out-{n}-{mode}"
            argv = ["build", "--force", "-f", "pdf", str(seeds), "--out", str(out)]
            jobs[n, mode] = [sys.executable, "-c", DRIVER, str(threshold), *argv]
    samples = {key: Samples() for key in jobs}
    keys = list(jobs)
    for rep in range(reps + 1):  # round 0 warms the stage caches, unrecorded
        for key in keys[rep % len(keys) :] + keys[: rep % len(keys)]:
            load = os.getloadavg()[0]
            run = run_once(jobs[key], env=env())
            if run.returncode:
                raise SystemExit(f"{key} exited {run.returncode}:\n{run.output[-2000:]}")
            if rep:
                samples[key].add(run.seconds, run.peak_mb, load)
            n, mode = key
            print(f"round {rep} {n:>4} {mode:<5} {run.seconds:6.1f} s {run.peak_mb:5.0f} MB load {load:.1f}")
    return samples


def table(samples: dict[tuple[int, str], Samples]) -> str:
    rows = [
        "| sources | whole: s (min–max), peak MB | split + join: s (min–max), peak MB | time ratio | load |"
    ]
    rows.append("|---|---|---|---|---|")
    for n in sorted({n for n, _ in samples}):
        whole, split = samples[n, "whole"], samples[n, "split"]
        cell = [f"{s.median:.1f} ({s.low:.1f}–{s.high:.1f}), {s.peak:.0f}" for s in (whole, split)]
        loads = whole.loads + split.loads
        ratio = split.median / whole.median
        rows.append(f"| {n} | {cell[0]} | {cell[1]} | {ratio:.2f} | {min(loads):.1f}–{max(loads):.1f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,50,100")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-split-"))
    print(table(measure(work, [int(n) for n in args.sizes.split(",")], args.reps)))


if __name__ == "__main__":
    main()

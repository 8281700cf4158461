"""Point 5 of issue 25, a desk's week: several briefs built by one ``briefing build A B C …``.

Ten copies of the seed brief, each with its own audience line (so each has its own content and
caches), are built by one process 1, 5 and 10 at a time, alternating, after one unrecorded
warm-up round (as the cases run: ``--force``, caches warm). The target: with 10 briefs the time
per brief is at most 0.6× a one-brief build in its own process.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.cases import BRIEFING, env
from bench.measure import Samples, run_once
from bench.targets import Verdict, shown

SIZES = (1, 5, 10)
TARGET = 0.6


def folders(seeds: Path, work: Path, count: int) -> list[Path]:
    """``count`` copies of the brief, each told apart by its audience line."""
    made = []
    for i in range(1, count + 1):
        folder = work / f"brief-{i:02d}"
        shutil.copytree(seeds, folder)
        brief = folder / "brief.yaml"
        lines = brief.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(n for n, line in enumerate(lines) if line.startswith("audience:"))
        lines[at] = lines[at].rstrip("\n") + f" · desk {i}\n"
        brief.write_text("".join(lines), encoding="utf-8")
        made.append(folder)
    return made


def desk(seeds: Path, work: Path, reps: int) -> tuple[dict[int, Samples], list[Verdict], list[str]]:
    briefs = folders(seeds, work / "desk", max(SIZES))
    jobs = {
        n: [
            BRIEFING,
            "build",
            "--force",
            "-q",
            *map(str, briefs[:n]),
            "--out",
            str(work / "desk-out" / str(n)),
        ]
        for n in SIZES
    }
    samples = {n: Samples() for n in SIZES}
    for rep in range(reps + 1):  # repetition 0 warms the caches, unrecorded
        for n in SIZES[rep % len(SIZES) :] + SIZES[: rep % len(SIZES)]:
            run = run_once(jobs[n], env=env())
            if run.returncode:
                raise SystemExit(f"{' '.join(jobs[n])} exited {run.returncode}:\n{run.output[-2000:]}")
            if rep:
                samples[n].add(run.seconds, run.peak_mb)
        print(f"  desk {'warm-up' if not rep else f'{rep}/{reps}'} done", file=sys.stderr)
    one, top = samples[SIZES[0]], samples[SIZES[-1]]
    ratio = top.median / SIZES[-1] / one.median
    verdicts = [
        Verdict(
            f"desk: {SIZES[-1]} briefs in one `briefing build`",
            f"{shown(top)}; {top.median / SIZES[-1]:.2f} s a brief, {ratio:.2f}× a one-brief build",
            f"≤ {TARGET}× a one-brief build, per brief",
            ratio <= TARGET,
        )
    ]
    rows = ["| briefs in one process | time | per brief | per brief ÷ one-brief build |", "|---|---|---|---|"]
    for n in SIZES:
        s = samples[n]
        rows.append(f"| {n} | {shown(s)} | {s.median / n:.2f} s | {s.median / n / one.median:.2f} |")
    return samples, verdicts, rows

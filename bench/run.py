"""`make bench`: every case of issues 13 and 25 in ONE alternating run, each against its target.

One round runs every case once, as cold processes, in rotating order; the benchmark repeats
rounds (``--reps``, default 9) after one discarded warm-up round, so slow drifts of a shared
machine hit all cases alike. Each case reports its median with min–max and its peak memory;
each target then says met or not. Results also go to bench/results/latest.{json,md}.

    .venv/bin/python bench/run.py [--reps 9] [--no-scale] [--no-desk] [--scale-reps 3] [--sizes 10,50,100,200]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cases as c  # noqa: E402
from bench.environment import describe  # noqa: E402
from bench.measure import Busy, Samples, load_average, run_once  # noqa: E402
from bench.targets import Verdict, judge  # noqa: E402
from bench.watch import WatchCase  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def run_round(active: list[c.Case], samples: dict[str, Samples], offset: int, record: bool) -> None:
    order = active[offset % len(active) :] + active[: offset % len(active)]
    for case in order:
        if case.before_each:
            case.before_each()
        total, peak, steps, load = 0.0, 0.0, [], os.getloadavg()[0]
        with Busy() if case.busy else contextlib.nullcontext():
            runs = [(argv, run_once(argv, env=c.env())) for argv in case.steps]
        for argv, run in runs:
            last = argv is case.steps[-1]
            ok = (
                run.returncode == case.expect and case.expect_output in run.output
                if last
                else not run.returncode
            )
            if not ok:
                raise SystemExit(
                    f"case {case.key} ({case.label}) exited {run.returncode}, expected {case.expect}:\n"
                    f"  {' '.join(argv)}\n{run.output[-2000:]}"
                )
            total += run.seconds
            peak = max(peak, run.peak_mb)
            steps.append(run)
        if record:
            samples.setdefault(case.key, Samples()).add(total, peak, load)
            for i, run in enumerate(steps[:-1] if len(steps) > 1 else []):  # pandoc's DOCX step alone
                samples.setdefault(f"{case.key}.{i}", Samples()).add(run.seconds, run.peak_mb, load)


def measure(scratch: c.Scratch, reps: int) -> tuple[dict[str, Samples], list[c.Case], WatchCase]:
    all_cases = c.cases(scratch)
    active = [case for case in all_cases if not case.missing]
    watch = WatchCase(scratch)
    samples: dict[str, Samples] = {}
    watch.start()
    try:
        for rep in range(reps + 1):
            started = time.perf_counter()
            run_round(active, samples, rep, record=rep > 0)
            watch.edit_and_time(samples, record=rep > 0)
            label = "warm-up" if rep == 0 else f"round {rep}/{reps}"
            print(f"  {label}: {time.perf_counter() - started:.1f} s, load {load_average()}", file=sys.stderr)
    finally:
        watch.stop(samples)
    from bench.watch import html_latency

    samples["f_html"] = html_latency(scratch.seeds, reps)
    return samples, all_cases, watch


def table(verdicts: list[Verdict]) -> list[str]:
    rows = ["| case | figure | target | met |", "|---|---|---|---|"]
    rows += [f"| {v.case} | {v.figure} | {v.target} | {v.met_text} |" for v in verdicts]
    return rows


def readme(lines: list[str]) -> None:
    """Replace the table between README's bench markers with this run's."""
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- bench:table -->", "<!-- /bench:table -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        path.write_text(
            f"{head}{start}\n" + "\n".join(lines) + f"\n{end}{rest.split(end, 1)[1]}", encoding="utf-8"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=9, help="rounds to time after the warm-up (default 9)")
    parser.add_argument("--no-scale", action="store_true", help="skip the scaling run")
    parser.add_argument("--scale-reps", type=int, default=3, help="repetitions per size in the scaling run")
    parser.add_argument("--sizes", default="10,50,100,200", help="synthetic brief sizes (sources)")
    parser.add_argument("--no-scale-warmup", action="store_true", help="record the first scaling round too")
    parser.add_argument("--no-desk", action="store_true", help="skip the desk run (10 briefs in one process)")
    parser.add_argument("--desk-reps", type=int, default=3, help="repetitions per desk size")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print it")
    parser.add_argument("--readme", action="store_true", help="put the table into README.md too")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        env_info = describe()
        print(f"briefing benchmark — {env_info['date']} — {env_info['machine']}", file=sys.stderr)
        print(f"  {env_info['versions']}", file=sys.stderr)
        scratch = c.prepare(work, ROOT / "seeds")
        samples, all_cases, watch = measure(scratch, args.reps)
        verdicts = judge(samples, all_cases, watch, scratch.root / "out" / "a")
        scale_rows: list[str] = []
        scale_data: dict[str, object] = {}
        desk_samples: dict[int, Samples] = {}
        if not args.no_desk:
            from bench.desk import desk

            desk_samples, desk_verdicts, desk_rows = desk(scratch.seeds, work, args.desk_reps)
            verdicts += desk_verdicts
            scale_rows += desk_rows
            scale_data["desk"] = {str(n): s.as_dict() for n, s in desk_samples.items()}
        if not args.no_scale:
            from bench.scale import scaling

            sizes = [int(s) for s in args.sizes.split(",")]
            data, scale_verdicts, rows = scaling(
                work / "scale", sizes, args.scale_reps, not args.no_scale_warmup, desk_samples
            )
            verdicts += scale_verdicts
            scale_rows = [*rows, "", *scale_rows]
            scale_data |= data
        lines = [
            f"Measured {env_info['date']} on {env_info['machine']}; {args.reps} alternating rounds, "
            f"median (min–max) of cold processes, peak RSS; load average at the end {load_average()}.",
            f"Versions: {env_info['versions']}.",
            "",
            *table(verdicts),
        ]
        if scale_rows:
            lines += ["", *scale_rows]
        print("\n".join(lines))
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if args.readme:
            readme(lines)
        data = {
            **env_info,
            "reps": args.reps,
            "cases": {k: v.as_dict() for k, v in samples.items()},
            "targets": [v.as_dict() for v in verdicts],
            "scaling": scale_data,
        }
        (RESULTS / "latest.json").write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"scratch kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Point 2 of issue 13: time and peak memory as briefs grow, against pandoc on the same content.

Synthetic briefs (bench/synth.py) of each size are built by briefing and, from the same content
as Markdown, by pandoc to DOCX and to PDF through WeasyPrint; sizes and tools alternate within
each repetition. The plot goes to bench/scaling.png, which README shows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.cases import BRIEFING, PANDOC, _citing, env, supports
from bench.measure import Samples, run_once
from bench.synth import Synthetic
from bench.targets import Verdict, shown

PLOT = Path(__file__).resolve().parent / "scaling.png"


def _markdown(seeds: Path) -> Path:
    """The brief's own Markdown export when `briefing export` exists, else the generator's."""
    if supports("export"):
        out = seeds.parent / f"{seeds.name}-md"
        run = run_once([BRIEFING, "export", str(seeds), "--format", "md", "--out", str(out)], env=env())
        found = sorted(out.rglob("*.md"))
        if run.returncode == 0 and found:
            return found[0]
    return seeds / "brief.md"


def _run(steps: list[list[str]]) -> tuple[float, float]:
    total, peak = 0.0, 0.0
    for argv in steps:
        run = run_once(argv, env=env())
        if run.returncode:
            raise SystemExit(f"{' '.join(argv)} exited {run.returncode}:\n{run.output[-2000:]}")
        total += run.seconds
        peak = max(peak, run.peak_mb)
    return total, peak


def scaling(
    work: Path, sizes: list[int], reps: int, warmup: bool = True, desk: dict[int, Samples] | None = None
) -> tuple[dict[str, object], list[Verdict], list[str]]:
    jobs: dict[tuple[int, str], list[list[str]]] = {}
    for n in sizes:
        seeds = Synthetic(n).write(work / f"brief-{n}")
        md, out = _markdown(seeds), work / f"out-{n}"
        out.mkdir(parents=True, exist_ok=True)
        jobs[n, "briefing"] = [[BRIEFING, "build", "--force", str(seeds), "--out", str(out / "briefing")]]
        jobs[n, "pandoc"] = [
            [PANDOC, *_citing(str(md)), "-o", str(out / "pandoc.docx")],
            [PANDOC, *_citing(str(md)), "-o", str(out / "pandoc.pdf"), "--pdf-engine=weasyprint"],
        ]
    samples: dict[tuple[int, str], Samples] = {key: Samples() for key in jobs}
    keys = list(jobs)
    for rep in range(0 if warmup else 1, reps + 1):  # repetition 0 warms the caches, unrecorded
        for key in keys[rep % len(keys) :] + keys[: rep % len(keys)]:
            seconds, peak = _run(jobs[key])
            if rep:
                samples[key].add(seconds, peak)
        print(f"  scaling {'warm-up' if not rep else f'{rep}/{reps}'} done", file=sys.stderr)

    rows = ["| sources | briefing | pandoc (DOCX + PDF) | ratio |", "|---|---|---|---|"]
    for n in sizes:
        ours, theirs = samples[n, "briefing"], samples[n, "pandoc"]
        rows.append(f"| {n} | {shown(ours)} | {shown(theirs)} | {ours.median / theirs.median:.2f} |")
    verdicts: list[Verdict] = []
    if 100 in sizes:
        ours, theirs = samples[100, "briefing"], samples[100, "pandoc"]
        ratio = ours.median / theirs.median
        verdicts.append(
            Verdict(
                "scale: 100 sources",
                f"{shown(ours)}; {ratio:.2f}× pandoc",
                "≤ 1.1× pandoc, ≤ 300 MB",
                ratio <= 1.1 and ours.peak <= 300,
            )
        )
    if 100 in sizes and 200 in sizes:
        growth = samples[200, "briefing"].median / samples[100, "briefing"].median
        verdicts.append(
            Verdict(
                "scale: 200 sources",
                f"{shown(samples[200, 'briefing'])}; {growth:.2f}× the 100-source time",
                "≤ 2.1× the 100-source time",
                growth <= 2.1,
            )
        )
    _plot(sizes, samples, desk or {})
    data = {f"{n}/{tool}": s.as_dict() for (n, tool), s in samples.items()}
    return data, verdicts, rows


def _plot(sizes: list[int], samples: dict[tuple[int, str], Samples], desk: dict[int, Samples]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  matplotlib is missing (pip install -e '.[bench]'): no plot", file=sys.stderr)
        return
    fig, axes = plt.subplots(1, 3 if desk else 2, figsize=(13.5 if desk else 9, 3.6), dpi=110)
    left, right = axes[0], axes[1]
    for tool, colour in (("briefing", "#1f4e79"), ("pandoc", "#b35900")):
        runs = [samples[n, tool] for n in sizes]
        label = "briefing build" if tool == "briefing" else "pandoc → DOCX + PDF (WeasyPrint)"
        left.errorbar(
            sizes,
            [s.median for s in runs],
            yerr=[[s.median - s.low for s in runs], [s.high - s.median for s in runs]],
            marker="o",
            color=colour,
            capsize=3,
            label=label,
        )
        right.plot(sizes, [s.peak for s in runs], marker="o", color=colour, label=label)
    left.set(xlabel="sources in the brief", ylabel="seconds (median, min–max)", title="Time")
    right.set(xlabel="sources in the brief", ylabel="peak RSS, MB", title="Peak memory")
    for axis in (left, right):
        axis.set_xticks(sizes)
        axis.grid(alpha=0.3)
        axis.set_ylim(bottom=0)
    left.legend(fontsize=8)
    if desk:
        _plot_desk(axes[2], desk)
    fig.tight_layout()
    fig.savefig(PLOT)
    print(f"  plot written to {PLOT}", file=sys.stderr)


def _plot_desk(axis, desk: dict[int, Samples]) -> None:
    """Issue 25's desk: total time of N briefs in one process against N one-brief processes."""
    counts = sorted(desk)
    one = desk[counts[0]].median
    axis.plot(
        counts,
        [desk[n].median for n in counts],
        marker="o",
        color="#1f4e79",
        label="one `briefing build A B …`",
    )
    axis.plot(counts, [one * n for n in counts], ls="--", color="#777777", label="N one-brief builds")
    axis.plot(
        counts, [0.6 * one * n for n in counts], ls=":", color="#b35900", label="target: 0.6× per brief"
    )
    axis.set(xlabel="briefs (copies of the seed)", ylabel="seconds (median)", title="A desk's week")
    axis.set_xticks(counts)
    axis.grid(alpha=0.3)
    axis.set_ylim(bottom=0)
    axis.legend(fontsize=8)

"""Issue 13's targets, each judged from the measured samples: met, not met, or not measurable yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.cases import Case
from bench.measure import Samples
from bench.watch import WatchCase


@dataclass
class Verdict:
    case: str
    figure: str
    target: str
    met: bool | None  # None: not available yet, or a reference with no target of its own

    @property
    def met_text(self) -> str:
        return {True: "met", False: "**not met**", None: "—"}[self.met]

    def as_dict(self) -> dict[str, object]:
        return {"case": self.case, "figure": self.figure, "target": self.target, "met": self.met}


def shown(s: Samples) -> str:
    return f"{s.median:.2f} s ({s.low:.2f}–{s.high:.2f}), {s.peak:.0f} MB"


def judge(samples: dict[str, Samples], cases: list[Case], watch: WatchCase, built: Path) -> list[Verdict]:
    by_key = {case.key: case for case in cases}
    out: list[Verdict] = []

    def fig(key: str) -> str:
        return shown(samples[key]) if key in samples else by_key[key].missing if key in by_key else "not run"

    def ratio(top: str, bottom: str, limit: float, target: str, label: str) -> None:
        if top in samples and bottom in samples:
            r = samples[top].median / samples[bottom].median
            out.append(Verdict(label, f"{fig(top)}; ratio {r:.2f}", target, r <= limit))
        else:
            out.append(Verdict(label, fig(top) + "; ratio not available yet", target, None))

    def limit(key: str, seconds: float, target: str) -> None:
        figure = fig(key)
        out.append(Verdict(f"{key} {by_key[key].label}", figure, target, samples[key].median <= seconds))

    ratio("a", "b", 1.2, "a/b ≤ 1.2 (aim 1.0)", f"a {by_key['a'].label}")
    out.append(Verdict(f"b {by_key['b'].label}", fig("b"), "reference for a", None))
    ratio("c", "c_ref", 1.05, "c/CLI ≤ 1.05", f"c {by_key['c'].label}")
    out.append(Verdict(f"c_ref {by_key['c_ref'].label}", fig("c_ref"), "reference for c", None))
    d = samples["d"]
    if "b.0" in samples:
        r = d.median / samples["b.0"].median
        out.append(
            Verdict(
                f"d {by_key['d'].label}",
                f"{shown(d)}; {r:.1f}× pandoc",
                "≤ 0.6 s and ≤ 3× pandoc DOCX",
                d.median <= 0.6 and r <= 3,
            )
        )
        out.append(Verdict("d_ref pandoc → DOCX", shown(samples["b.0"]), "reference for d", None))
    else:
        out.append(
            Verdict(
                f"d {by_key['d'].label}",
                shown(d) + "; pandoc ratio not available yet",
                "≤ 0.6 s and ≤ 3× pandoc DOCX",
                d.median <= 0.6 and None,
            )
        )
    limit("e", 0.3, "≤ 0.3 s")
    if "f" in samples:
        out.append(
            Verdict(
                "f rebuild in briefing watch, one-line edit", fig("f"), "≤ 1.0 s", samples["f"].median <= 1.0
            )
        )
    else:
        out.append(Verdict("f rebuild in briefing watch, one-line edit", watch.missing, "≤ 1.0 s", None))
    limit("g", 0.25, "≤ 0.25 s")
    limit("g_typo", 0.3, "≤ 0.3 s")
    if "g_largest" in samples:  # the loader refuses 10 MB before any quote is looked for
        big = samples["g_big"]
        out.append(
            Verdict(
                f"g_big {by_key['g_big'].label}",
                f"refused as over the source limit: {shown(big)}",
                "≤ 3 s (a did-you-mean)",
                None,
            )
        )
        limit("g_largest", 3.0, "≤ 3 s")
    else:
        limit("g_big", 3.0, "≤ 3 s")
    for suffix, cap in (("pdf", 150), ("docx", 100)):
        files = sorted(built.glob(f"*.{suffix}"))
        size = files[0].stat().st_size / 1024 if files else float("nan")
        out.append(Verdict(f"h seed {suffix.upper()} size", f"{size:.0f} KB", f"≤ {cap} KB", size <= cap))
    return out

"""Issues 13 and 25: each target judged from the measured samples: met, not met, or not measurable yet."""

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
    return f"{s.median:.2f} s ({s.low:.2f}–{s.high:.2f}), {s.peak:.0f} MB, load {s.load}"


def judge(samples: dict[str, Samples], cases: list[Case], watch: WatchCase, built: Path) -> list[Verdict]:
    """Every target of issue 25 as a ratio of two cases measured in the same alternating run.

    Absolute seconds and the machine's load stand beside each ratio: on a shared machine they
    say how busy it was, the ratio says how we compare."""
    by_key = {case.key: case for case in cases}
    out: list[Verdict] = []

    def fig(key: str) -> str:
        return shown(samples[key]) if key in samples else by_key[key].missing if key in by_key else "not run"

    def label(key: str) -> str:
        return f"{key} {by_key[key].label}" if key in by_key else key

    def ratio(top: str, bottom: str, limit: float, target: str, name: str | None = None) -> None:
        if top in samples and bottom in samples:
            r = samples[top].median / samples[bottom].median
            out.append(Verdict(name or label(top), f"{fig(top)}; ratio {r:.2f}", target, r <= limit))
        else:
            out.append(Verdict(name or label(top), fig(top) + "; ratio not available yet", target, None))

    def reference(key: str, what: str, name: str | None = None) -> None:
        out.append(Verdict(name or label(key), fig(key), f"reference for {what}", None))

    ratio("a", "b", 1.0, "a/b ≤ 1.0")
    reference("b", "a")
    ratio("a_busy", "b_busy", 1.0, "a_busy/b_busy ≤ 1.0 (goal 0.8)")
    reference("b_busy", "a_busy")
    ratio("c", "c_ref", 1.0, "c/c_ref ≤ 1.0")
    reference("c_ref", "c")
    ratio("d", "b.0", 3.0, "d/d_ref ≤ 3")
    if "b.0" in samples:
        reference("b.0", "d", "d_ref pandoc → DOCX")
    ratio("e", "a", 0.15, "e/a ≤ 0.15")
    for variant in ("a_apa", "a_ua2", "a_house"):  # the seed's pandoc build is their reference too
        ratio(variant, "b", 1.0, f"{variant}/b ≤ 1.0")
    ratio("a_fr", "b_fr", 1.0, "a_fr/b_fr ≤ 1.0")
    reference("b_fr", "a_fr")
    ratio("g_typo", "a", 0.2, "g_typo/a ≤ 0.2")
    if "f" in samples:
        f = samples["f"]
        r = f.median / samples["a"].median
        out.append(
            Verdict(
                "f rebuild in briefing watch, one-line edit",
                f"{shown(f)}; {r:.2f}× a full build",
                "≤ 1.0 s",
                f.median <= 1.0,
            )
        )
    else:
        out.append(Verdict("f rebuild in briefing watch, one-line edit", watch.missing, "≤ 1.0 s", None))
    if "f_html" in samples:  # what preview shows first: the HTML, before any layout
        h = samples["f_html"]
        html_case = "f_html the rebuilt HTML after a one-line edit (preview)"
        out.append(Verdict(html_case, shown(h), "≤ 0.3 s", h.median <= 0.3))
    ratio("g", "a", 0.2, "g/a ≤ 0.2")
    if "g_largest" in samples:  # the loader refuses 10 MB before any quote is looked for
        out.append(Verdict(label("g_big"), f"refused as over the source limit: {fig('g_big')}", "—", None))
        ratio("g_largest", "a", 1.0, "g_largest/a ≤ 1.0")
    else:
        ratio("g_big", "a", 1.0, "g_big/a ≤ 1.0")
    for suffix, cap in (("pdf", 150), ("docx", 100)):
        files = sorted(built.glob(f"*.{suffix}"))
        size = files[0].stat().st_size / 1024 if files else float("nan")
        out.append(Verdict(f"h seed {suffix.upper()} size", f"{size:.0f} KB", f"≤ {cap} KB", size <= cap))
    return out

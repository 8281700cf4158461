"""bench/targets.py judges every case the benchmark measures: a dry run with made-up samples, so a
slip in the judge is found by `make test`, not after ten minutes of `make bench`."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench.cases import Case
from bench.measure import Samples
from bench.targets import judge
from bench.watch import WatchCase

KEYS = ["a", "b", "a_busy", "b_busy", "c", "c_ref", "d", "b.0", "e", "a_apa", "a_ua2", "a_house", "a_fr", "b_fr",
        "g", "g_typo", "g_big", "f", "f_html"]


def _samples(seconds: dict[str, float]) -> dict[str, Samples]:
    out = {}
    for key in KEYS:
        out[key] = Samples()
        out[key].add(seconds.get(key, 1.0), 100.0, 0.5)
    return out


def test_every_measured_case_is_judged_against_its_target(tmp_path: Path):
    watch = WatchCase.__new__(WatchCase)
    watch.missing = ""
    cases = [Case(key, key) for key in KEYS if "." not in key]
    fast = {"a": 10.0, "b": 12.0, "a_busy": 10.0, "b_busy": 12.0, "c": 9.0, "c_ref": 10.0, "d": 2.0, "b.0": 1.0,
            "e": 1.0, "g": 1.0, "g_typo": 1.0, "g_big": 5.0, "f": 0.9, "f_html": 0.2, "a_apa": 11.0,
            "a_ua2": 11.0, "a_house": 11.0, "a_fr": 4.0, "b_fr": 5.0}
    verdicts = {v.target: v.met for v in judge(_samples(fast), cases, watch, tmp_path)}
    for target in ["a/b ≤ 1.0", "a_busy/b_busy ≤ 1.0 (goal 0.8)", "c/c_ref ≤ 1.0", "d/d_ref ≤ 3", "e/a ≤ 0.15",
                   "a_apa/b ≤ 1.0", "a_ua2/b ≤ 1.0", "a_house/b ≤ 1.0", "a_fr/b_fr ≤ 1.0", "g_typo/a ≤ 0.2",
                   "≤ 1.0 s", "≤ 0.3 s", "g/a ≤ 0.2"]:
        assert verdicts[target] is True, target
    slow = {**fast, "a_fr": 6.0, "f_html": 0.4, "d": 4.0}
    verdicts = {v.target: v.met for v in judge(_samples(slow), cases, watch, tmp_path)}
    assert (verdicts["a_fr/b_fr ≤ 1.0"], verdicts["≤ 0.3 s"], verdicts["d/d_ref ≤ 3"]) == (False, False, False)

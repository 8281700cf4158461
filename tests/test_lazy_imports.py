"""Commands load only what they use: check, list and --help never load WeasyPrint or cairosvg,
and a DOCX-only build whose figure was drawn before loads neither."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, SEEDS

HEAVY = ("weasyprint", "cairosvg", "cairocffi", "rapidfuzz")

RUN = r"""
import json, sys
from briefing.cli import app
sys.argv = ["briefing", *json.loads(sys.argv[1])]
try:
    app()
except SystemExit:
    pass
sys.stdout.flush()
print("\nLOADED " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded(args: list[str], cache: Path) -> set[str]:
    env = {**os.environ, "BRIEFING_CACHE": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)], capture_output=True, text=True, env=env, timeout=300
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("LOADED "))
    return set(json.loads(line.removeprefix("LOADED ")))


@pytest.mark.parametrize(
    "args", [["--help"], ["check", str(SEEDS)], ["list", str(SEEDS)], ["check", str(MINI)]]
)
def test_checking_and_listing_load_no_writer(args, tmp_path):
    assert not loaded(args, tmp_path / "cache") & set(HEAVY)


def test_a_docx_only_build_loads_cairosvg_only_to_draw_a_new_figure(tmp_path):
    args = ["build", str(SEEDS), "--out", str(tmp_path / "out"), "-f", "docx", "--force", "-q"]
    first = loaded(args, tmp_path / "cache")
    assert "cairosvg" in first and "weasyprint" not in first  # the figure is drawn once
    again = loaded(args, tmp_path / "cache")
    assert not again & {"weasyprint", "cairosvg", "cairocffi"}

"""The scaling benchmark's synthetic briefs are real briefs: they pass check, at the stated sizes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

from briefing.citations import find_markers
from briefing.load import load_brief

sys.path.insert(0, str(ROOT))
from bench.synth import Synthetic


@pytest.mark.parametrize("n", [3, 10])
def test_synthetic_brief_checks_and_grows_with_its_sources(tmp_path: Path, n: int):
    folder = Synthetic(n).write(tmp_path / f"brief-{n}")
    brief = load_brief(folder)
    assert len(brief.sources) == n
    assert sum(len(s.quotes) for s in brief.sources) == 4 * n
    cells = sum(len(row) for row in brief.matrix.values())
    assert cells == len(brief.actors) * len(brief.issues)
    assert 1.5 * n <= cells <= 4 * n  # about 2 N cells: the matrix grows with the sources


def test_synthetic_markdown_has_one_footnote_per_citation_marker(tmp_path: Path):
    folder = Synthetic(10).write(tmp_path / "brief")
    yaml_text = (folder / "brief.yaml").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((folder / "sources").glob("*.yaml"))
    )
    markers = len(list(find_markers(yaml_text)))
    markdown = (folder / "brief.md").read_text(encoding="utf-8")
    assert markdown.count("^[") == markers
    assert "[@" not in markdown
    brief = load_brief(folder)
    assert markdown.count("\n### ") == len(brief.actors) + len(brief.sources)  # a section each

"""The contents' dotted leaders: one run of dots per line, on the dots WeasyPrint placed."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import SEEDS
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.layout.leader import handle_leader

from briefing.build import build
from briefing.pdf import leaders

TOC = """<html lang="en"><head><style>
  body { font: 9pt sans-serif; width: 120mm; }
  ol { list-style: none; padding: 0; } ol ol { padding-left: 6mm; }
  a::after { content: leader(dotted) " " target-counter(attr(href), page); }
  h2 { break-before: page; }
</style></head><body><ol>
<li><a href="#a">Bottom line up front</a></li>
<li><a href="#b">Key judgments</a><ol><li><a href="#c">United States</a></li></ol></li>
</ol><h2 id="a">A</h2><h2 id="b">B</h2><h2 id="c">C</h2></body></html>"""


def dot_runs(document) -> list[list[tuple[float, str, float]]]:
    """Per leader on the first page: (x, text, width) of each text box it draws."""
    runs = []

    def walk(box) -> None:
        if getattr(box, "is_leader", False):
            assert all(isinstance(child, boxes.TextBox) for child in box.children)
            runs.append(sorted((child.position_x, child.text, child.width) for child in box.children))
        for child in getattr(box, "children", ()):
            walk(child)

    walk(document.pages[0]._page_box)
    return runs


def test_each_leader_is_one_run_on_the_dots_weasyprint_places(monkeypatch):
    monkeypatch.setattr(inline, "handle_leader", handle_leader)  # WeasyPrint's own: a box per dot
    own = dot_runs(HTML(string=TOC).render())
    monkeypatch.setattr(inline, "handle_leader", leaders.merge)
    merged = dot_runs(HTML(string=TOC).render())

    assert len(own) == len(merged) == 3
    for dots, run in zip(own, merged, strict=True):
        assert len(dots) > 20 and {text for _, text, _ in dots} == {"."}
        assert len(run) == 1, run  # one box, so one text object and one tag
        ((x, text, width),) = run
        assert text == "." * len(dots)
        assert x == pytest.approx(dots[0][0], abs=1e-6)
        assert width == pytest.approx(dots[-1][0] + dots[-1][2] - dots[0][0], abs=1e-6)


def test_seed_contents_page_draws_a_leader_as_one_text_object(tmp_path):
    """The seed's contents page: dots still between each title and its page number, but far
    fewer text objects than dots (WeasyPrint alone drew one per dot, about 2,000)."""
    pdf = build(SEEDS, tmp_path, formats=("pdf",)).outputs["pdf"]
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"Key judgments\s*\.{20,}\s*\d+", text), text
    content = PdfReader(pdf).pages[0].get_contents().get_data()
    assert content.count(b"BT") < 200, content.count(b"BT")  # 88 now, 2,151 with a box per dot

"""``build --review``: Word comments say where each pull-quote's words and each cell's coding come from."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator
from openxml_audit.errors import FileFormat

from briefing.build import build
from briefing.load import load_brief
from briefing.load.quotes import normalize
from briefing.workflow.options import BuildOptions

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = ["seeds", "tests/fixtures/mekong"]


def comments(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        xml = z.read("word/comments.xml").decode()
    found = re.findall(r"<w:comment .*?</w:comment>", xml, re.S)
    return [html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c))) for c in found]


@pytest.fixture(scope="module", params=BRIEFS)
def reviewed(request, tmp_path_factory):
    seeds = ROOT / request.param
    out = tmp_path_factory.mktemp("review")
    docx = build(seeds, out, formats=("docx",), options=BuildOptions(review=True), force=True).outputs["docx"]
    return seeds, docx


def test_every_pull_quote_and_cell_carries_a_comment(reviewed):
    seeds, docx = reviewed
    brief = load_brief(seeds)
    found = comments(docx)
    shown = sum(len(brief.quotes_for(a.id)) for a in brief.actors) + sum(len(s.quotes) for s in brief.sources)
    cells = len(brief.actors) * len(brief.issues)
    assert len([c for c in found if c.startswith("Found verbatim in sources/")]) == shown
    assert len([c for c in found if c.startswith(("Coded from ", "No source addresses"))]) == cells


def test_each_quote_comment_names_the_line_where_its_words_begin(reviewed):
    seeds, docx = reviewed
    brief = load_brief(seeds)
    for note in comments(docx):
        m = re.match(r"Found verbatim in sources/(\S+), line (\d+)\.$", note)
        if note.startswith("Found verbatim"):
            assert m, note  # every seed and fixture quote is placed on a line
            lines = (seeds / "sources" / m.group(1)).read_text(encoding="utf-8").splitlines()
            line = normalize(lines[int(m.group(2)) - 1])
            source = next(s for s in brief.sources if s.text_path.name == m.group(1))
            starts = {normalize(q.text).split(" ")[0] for q in source.quotes}
            assert any(word in line for word in starts), (note, line)


def test_cell_comments_name_the_sources_the_cell_cites(reviewed):
    seeds, docx = reviewed
    refs = {s.short_ref for s in load_brief(seeds).sources}
    coded = [c for c in comments(docx) if c.startswith("Coded from ")]
    assert coded
    for note in coded:
        assert set(note.removeprefix("Coded from ").rstrip(".").split("; ")) <= refs, note


def test_the_reviewed_docx_is_valid_ooxml(reviewed):
    _, docx = reviewed
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=20).validate(docx)
    assert [e.description for e in result.errors] == []


def test_no_comments_without_the_flag(tmp_path):
    docx = build(ROOT / "seeds", tmp_path, formats=("docx",), force=True).outputs["docx"]
    assert comments(docx) == []

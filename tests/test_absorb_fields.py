"""`briefing absorb` beyond the prose paragraphs: every text the analyst wrote that the DOCX
shows comes back, list items, matrix cells, the title, the legend's meanings, and the source
notes' summaries and quotes' reasons (which live in sources/<id>.yaml, not brief.yaml).

Each case is a round trip (build → edit → absorb --apply → build gives the edited text) on the
seed and on the Mekong brief, whose edits are in Chinese; edits made with python-docx, as
hand-written tracked changes, and by LibreOffice itself (test_absorb.py's LibreOffice case).
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from test_absorb import _tracked, built, seeds_copy, text_of

from briefing.absorb import absorb
from briefing.docx.word.bookmarks import field_bookmark
from briefing.errors import BriefingError
from briefing.load import load_brief

pytestmark = pytest.mark.build

INSERTED = {"seeds": "by most accounts", "tests/fixtures/mekong": "（据报道）"}  # per brief, in its script


def field_words(document, name: str):
    """The first w:t of three words or more after the field bookmark ``name`` (in its paragraph)."""
    (start,) = document.element.body.xpath(f".//w:bookmarkStart[@w:name='{name}']")
    started = False
    for child in start.getparent().iter():
        started = started or child is start
        if started and child.tag == qn("w:t") and len((child.text or "").split()) >= 3:
            return child
    raise AssertionError(f"no words after {name}")


def insert_words(document, name: str, words: str) -> None:
    t = field_words(document, name)
    head = t.text.split(" ")
    t.text = " ".join([*head[:2], words, *head[2:]])


def curated(seeds: Path, document) -> tuple[str, str]:
    """(the first source's summary path, the first quote reason the document shows, or "")."""
    sources = load_brief(seeds).sources
    whys = (f"sources/{s.id}.yaml:quotes.{n}.why" for s in sources for n in range(len(s.quotes)))
    why = next((path for path in whys if present(document, field_bookmark(path))), "")
    return f"sources/{sources[0].id}.yaml:summary", why


def present(document, name: str) -> bool:
    return bool(document.element.body.xpath(f".//w:bookmarkStart[@w:name='{name}']"))


@pytest.mark.parametrize("name", ["seeds", "tests/fixtures/mekong"])
def test_lists_matrix_cells_titles_and_source_notes_come_back(tmp_path, name):
    seeds = seeds_copy(name, tmp_path)
    before = {
        p.name: p.read_text(encoding="utf-8")
        for p in [seeds / "brief.yaml", *(seeds / "sources").glob("*.yaml")]
    }
    original = built(seeds, tmp_path / "one")
    document = docx.Document(str(original))
    words = INSERTED[name]
    summary, why = curated(seeds, document)
    matrix = next(
        b.get(qn("w:name"))
        for b in document.element.body.iter(qn("w:bookmarkStart"))
        if (b.get(qn("w:name")) or "").startswith("_F0_matrix_")
    )
    edited_fields = {
        "_F2_convergence": "convergence",  # the second bullet of a Markdown list
        matrix: None,
        "_F0_title": "title",
        "_F0_stances_1_meaning": "stances.1.meaning",
        field_bookmark(summary): summary,
    }
    if why:
        edited_fields[field_bookmark(why)] = why
    for mark in edited_fields:
        insert_words(document, mark, words)
    # a bullet of the editor's own after the last convergence item: a new item of the list
    (last,) = document.element.body.xpath(".//w:bookmarkStart[starts-with(@w:name, '_F3_convergence')]")
    item = last.getparent()
    new = copy.deepcopy(item)
    for child in list(new):
        if child.tag != qn("w:pPr"):
            new.remove(child)
    run = etree.SubElement(new, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "An editor’s point of agreement."
    item.addnext(new)
    # a comment on a matrix cell and on a source summary, printed with their field paths
    cell_run = field_words(document, matrix).getparent()
    document.add_comment(docx.text.run.Run(cell_run, None), text="Check this cell.", author="Desk")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    result = absorb(edited, seeds)
    paths = set(result.fields)
    assert {p for p in edited_fields.values() if p} <= paths
    assert any(p.startswith("matrix.") and p.endswith(".stance") for p in paths)
    assert {c.field for c in result.comments} == {next(p for p in paths if p.startswith("matrix."))}
    assert {f.path.name for f in result.changed} >= {"brief.yaml", summary.split(":")[0].split("/")[1]}
    added = [line for line in result.diff().splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added and all(words in line or "An editor’s" in line for line in added), added  # no other line
    result.write()
    after = {
        p.name: p.read_text(encoding="utf-8")
        for p in [seeds / "brief.yaml", *(seeds / "sources").glob("*.yaml")]
    }
    for file, text in before.items():  # comments and every untouched line as they were
        assert [line for line in text.splitlines() if "#" in line] == [
            line for line in after[file].splitlines() if "#" in line
        ]
        assert len(after[file].splitlines()) - len(text.splitlines()) in range(0, 5)
    assert (
        after["brief.yaml"].count(words) >= 4 and "- An editor’s point of agreement." in after["brief.yaml"]
    )
    assert "[@" in after["brief.yaml"].split("convergence:")[1].split("divergence:")[0]  # markers kept
    rebuilt = built(seeds, tmp_path / "two")
    assert text_of(rebuilt) == text_of(edited)
    assert not absorb(rebuilt, seeds).changed  # nothing left to absorb


@pytest.mark.parametrize("name", ["seeds", "tests/fixtures/mekong"])
def test_tracked_changes_in_a_list_item_and_a_source_summary(tmp_path, name):
    seeds = seeds_copy(name, tmp_path)
    original = built(seeds, tmp_path / "one")
    document = docx.Document(str(original))
    summary, _ = curated(seeds, document)
    words = INSERTED[name]
    olds = {}
    for mark in ("_F1_divergence", field_bookmark(summary)):
        t = field_words(document, mark)
        old = " ".join(t.text.split(" ")[1:3])
        olds[mark] = old
        _tracked(t, old, f"{old} {words}")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    pending = absorb(edited, seeds)
    assert not pending.changed
    assert {(c.field, c.kind) for c in pending.pending} == {
        (f, k) for f in ("divergence", summary) for k in ("deleted", "inserted")
    }
    accepted = absorb(edited, seeds, accept_pending=True)
    assert set(accepted.fields) == {"divergence", summary} and not accepted.pending
    accepted.write()
    assert text_of(built(seeds, tmp_path / "two")) == text_of(edited)


def test_an_edit_inside_a_chinese_pull_quote_is_refused(tmp_path):
    """The Mekong brief's verified quote in Chinese: one character changed is refused, naming the
    quote and its source, from the command line, and nothing is written."""
    seeds = seeds_copy("tests/fixtures/mekong", tmp_path)
    files = [seeds / "brief.yaml", *(seeds / "sources").glob("*.yaml")]
    before = [p.read_bytes() for p in files]
    document = docx.Document(str(built(seeds, tmp_path / "one")))
    t = next(t for t in document.element.body.iter(qn("w:t")) if "梯级水库" in (t.text or ""))
    t.text = t.text.replace("梯级水库", "梯级大坝")
    insert_words(document, "_F2_convergence", "by most accounts")  # an allowed edit beside it
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    with pytest.raises(BriefingError) as caught:
        absorb(edited, seeds)
    (problem,) = caught.value.problems
    assert "wang-store-and-release" in problem.message and "sources/wang-2022.txt" in problem.message
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "absorb", str(edited), str(seeds), "--apply"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr and "wang-store-and-release" in done.stderr
    assert [p.read_bytes() for p in files] == before

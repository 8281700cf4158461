"""`briefing absorb`: a Word editor's changes come back into brief.yaml, and the next build
gives the document they edited.

Round trips (build → edit → absorb --apply → build) on the seed and the Mekong brief, with edits
made three ways: python-docx, hand-written tracked-change XML, and LibreOffice itself (headless,
change recording on). Verified quotations are refused; comments are listed by field.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from office import libreoffice_pdf, libreoffice_replace

from briefing.absorb import absorb
from briefing.absorb.read import read
from briefing.build import build
from briefing.errors import BriefingError
from briefing.output import write_text

ROOT = Path(__file__).resolve().parents[1]
TOC_LINE = re.compile(r"\t\d+$")

pytestmark = pytest.mark.build


def built(seeds: Path, out: Path) -> Path:
    return build(seeds, out, formats=("docx",), force=True).outputs["docx"]


def text_of(path: Path) -> list[str]:
    """Every paragraph's text as a reader sees it (pending changes accepted, footnote references
    as their notes' text), the contents' page numbers left out (they follow the pages)."""
    return [t for _, t in read(path, accept_pending=True).paragraphs if not TOC_LINE.search(t)]


def field_paragraph(document, name: str):
    """The paragraph holding the field bookmark ``name``."""
    for p in document.paragraphs:
        if p._p.xpath(f".//w:bookmarkStart[@w:name='{name}']"):
            return p
    raise AssertionError(f"no bookmark {name}")


def first_words_run(paragraph, after: str | None = None):
    """The first run with three words of text (after the field's bookmarkStart named ``after``)."""
    started = after is None
    for child in paragraph._p.iter():
        if child.tag == qn("w:bookmarkStart") and child.get(qn("w:name")) == after:
            started = True
        if started and child.tag == qn("w:r"):
            t = child.find(qn("w:t"))
            if t is not None and len((t.text or "").split()) >= 3:
                return child, t
    raise AssertionError("no run of words")


def seeds_copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "brief"
    shutil.copytree(ROOT / name, target)
    return target


def apply(edited: Path, seeds: Path, **options) -> str:
    result = absorb(edited, seeds, **options)
    result.write()
    return result.diff()


@pytest.mark.parametrize("name", ["seeds", "tests/fixtures/mekong"])
def test_python_docx_edits_come_back_and_the_rebuild_has_them(tmp_path, name):
    seeds = seeds_copy(name, tmp_path)
    before = (seeds / "brief.yaml").read_text(encoding="utf-8")
    original = built(seeds, tmp_path / "one")
    document = docx.Document(str(original))
    bluf = field_paragraph(document, "_F1_bluf")
    _, t = first_words_run(bluf)
    t.text = "In short, " + t.text  # a direct edit at the start of the BLUF
    judgment = field_paragraph(document, "_F0_key_judgments_0_text")
    _, t = first_words_run(judgment, "_F0_key_judgments_0_text")
    words = t.text.split(" ")
    t.text = " ".join([*words[:3], "by all accounts", *words[3:]])  # words added inside a key judgment
    added = bluf.insert_paragraph_before("An editor’s paragraph of their own, after the bottom line.")  # Word types ’
    bluf._p.addnext(added._p)  # a new paragraph after the BLUF: it joins the BLUF field
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    diff = apply(edited, seeds)
    after = (seeds / "brief.yaml").read_text(encoding="utf-8")
    assert "+bluf:" not in diff and diff.count("\n+") >= 2
    changed = [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert all("[@" not in line or line[1:] in before or "[@" in line for line in changed)
    # comments, key order and untouched lines of brief.yaml are as they were
    assert [line for line in before.splitlines() if "#" in line] == [line for line in after.splitlines() if "#" in line]
    assert len(before.splitlines()) + 3 <= len(after.splitlines()) <= len(before.splitlines()) + 6
    rebuilt = built(seeds, tmp_path / "two")
    assert text_of(rebuilt) == text_of(edited)
    assert absorb(rebuilt, seeds).new == after  # nothing left to absorb


def _tracked(t_element, old: str, new: str, author: str = "Desk Editor") -> None:
    """Replace ``old`` with ``new`` in a w:t's run as a pending tracked change (w:del + w:ins)."""
    run = t_element.getparent()
    head, _, tail = (t_element.text or "").partition(old)
    date = "2026-12-01T10:00:00Z"
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def r(text: str, tag: str = "t"):
        piece = copy.deepcopy(run)
        for child in piece.findall(qn("w:t")):
            piece.remove(child)
        element = etree.SubElement(piece, f"{{{W}}}{tag}")
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return piece

    deleted = etree.Element(f"{{{W}}}del", {f"{{{W}}}id": "901", f"{{{W}}}author": author, f"{{{W}}}date": date})
    deleted.append(r(old, "delText"))
    inserted = etree.Element(f"{{{W}}}ins", {f"{{{W}}}id": "902", f"{{{W}}}author": author, f"{{{W}}}date": date})
    inserted.append(r(new))
    run.addprevious(r(head))
    run.addprevious(deleted)
    run.addprevious(inserted)
    run.addprevious(r(tail))
    run.getparent().remove(run)


def test_tracked_changes_are_listed_and_applied_only_when_accepted(tmp_path):
    seeds = seeds_copy("seeds", tmp_path)
    before = (seeds / "brief.yaml").read_text(encoding="utf-8")
    original = built(seeds, tmp_path / "one")
    document = docx.Document(str(original))
    paragraph = field_paragraph(document, "_F0_key_judgments_3_text")
    _, t = first_words_run(paragraph, "_F0_key_judgments_3_text")
    assert "was unlikely" in t.text
    _tracked(t, "was unlikely", "was highly unlikely")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    pending = absorb(edited, seeds)
    assert pending.new == before  # pending: nothing applied
    assert [(c.field, c.kind, c.author, c.text) for c in pending.pending] == [
        ("key_judgments.3.text", "deleted", "Desk Editor", "was unlikely"),
        ("key_judgments.3.text", "inserted", "Desk Editor", "was highly unlikely"),
    ]
    accepted = absorb(edited, seeds, accept_pending=True)
    assert accepted.fields == ["key_judgments.3.text"] and not accepted.pending
    flat_new, flat_old = " ".join(accepted.new.split()), " ".join(before.split())
    assert flat_new.count("was highly unlikely") == flat_old.count("was highly unlikely") + 1
    assert flat_new.count("was unlikely") == flat_old.count("was unlikely") - 1
    write_text(accepted.path, accepted.new)
    assert text_of(built(seeds, tmp_path / "two")) == text_of(edited)


def test_an_edit_made_in_libreoffice_with_changes_recorded_comes_back(tmp_path):
    """LibreOffice's own tracked edits, in a prose paragraph, a list item, a matrix cell and a
    source's summary (sources/<id>.yaml), one of them in Chinese."""
    from test_absorb_fields import field_words

    from briefing.docx.word.bookmarks import field_bookmark

    seeds = seeds_copy("tests/fixtures/mekong", tmp_path)
    original = built(seeds, tmp_path / "one")
    document = docx.Document(str(original))
    summary = "sources/roe-doe-2023.yaml:summary"
    marks = {"_F1_bluf": "bluf", "_F2_divergence": "divergence"}
    marks |= {"_F0_matrix_data_sharing_china_stance": "matrix.data-sharing.china.stance"}
    marks[field_bookmark(summary)] = summary
    texts = [t for _, t in read(original, accept_pending=False).paragraphs]
    finds = []
    for mark in marks:
        words = field_words(document, mark).text.split()
        windows = (" ".join(words[k : k + 5]) for k in range(len(words) - 4))
        finds.append(next(w for w in windows if sum(t.count(w) for t in texts) == 1))  # once in the brief
    replaces = [f"{finds[0]} and also", f"{finds[1]}（据报道）", f"{finds[2]} reportedly", f"{finds[3]} at length"]
    edited = libreoffice_replace(original, tmp_path / "edited.docx", finds, replaces)
    result = absorb(edited, seeds)
    assert not result.changed and {c.kind for c in result.pending} >= {"inserted"}
    assert {c.field for c in result.pending} == set(marks.values())
    result = absorb(edited, seeds, accept_pending=True)
    assert set(result.fields) == set(marks.values())
    result.write()
    written = " ".join(p.read_text(encoding="utf-8") for p in [seeds / "brief.yaml", *(seeds / "sources").glob("*.yaml")])
    assert all(r in " ".join(written.split()) for r in replaces)
    assert text_of(built(seeds, tmp_path / "two")) == text_of(edited)


def test_comments_are_printed_with_their_field(tmp_path):
    seeds = seeds_copy("seeds", tmp_path)
    document = docx.Document(str(built(seeds, tmp_path / "one")))
    paragraph = field_paragraph(document, "_F1_outlook")
    run = next(r for r in paragraph.runs if len(r.text.split()) >= 3)
    document.add_comment(run, text="Is this still the view?", author="Chief Editor")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "absorb", str(edited), str(seeds)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "outlook: comment by Chief Editor: Is this still the view?" in done.stdout
    assert f"{seeds / 'brief.yaml'}: no changes" in done.stdout


def test_an_edit_inside_a_verified_quote_is_refused_and_nothing_written(tmp_path):
    seeds = seeds_copy("seeds", tmp_path)
    before = (seeds / "brief.yaml").read_text(encoding="utf-8")
    original = built(seeds, tmp_path / "one")
    document = docx.Document(str(original))
    quote = next(p for p in document.paragraphs if p.style.name == "Pull Quote")
    _, t = first_words_run(quote)
    t.text = t.text.replace(t.text.split()[1], "certainly", 1)
    edited = tmp_path / "quote.docx"
    document.save(str(edited))
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "absorb", str(edited), str(seeds), "--apply"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = [x for x in done.stderr.splitlines() if "verified quote" in x]
    assert re.search(r"verified quote qa?-[\w-]+ \(", line) and "Found verbatim in sources/" in line
    assert (seeds / "brief.yaml").read_text(encoding="utf-8") == before

    # a quoted phrase inside a prose field: the key judgment quotes Brown's "in the months to come"
    document = docx.Document(str(original))
    paragraph = field_paragraph(document, "_F0_key_judgments_1_text")
    t = next(t for t in paragraph._p.iter(qn("w:t")) if "months to come" in (t.text or ""))
    t.text = t.text.replace("months to come", "months ahead")
    document.save(str(edited))
    with pytest.raises(BriefingError) as caught:
        absorb(edited, seeds)
    (problem,) = caught.value.problems
    assert "key_judgments.1.text" in problem.message and "months to come" in problem.message
    assert "Found verbatim in sources/brown-2021.txt" in problem.message
    assert (seeds / "brief.yaml").read_text(encoding="utf-8") == before


def test_bookmarks_survive_libreoffice_and_the_edited_file_stays_a_word_file(tmp_path):
    """The field bookmarks (hidden: a leading underscore) come back from LibreOffice's own save,
    and LibreOffice still lays the edited file out."""
    seeds = seeds_copy("tests/fixtures/mekong", tmp_path)
    original = built(seeds, tmp_path / "one")
    marks = set(read(original, accept_pending=False).fields)
    assert len(marks) >= 10
    edited = libreoffice_replace(original, tmp_path / "edited.docx", "zzz-not-there", "x")
    assert set(read(edited, accept_pending=False).fields) == marks
    assert libreoffice_pdf(edited, tmp_path / "pdf").exists()


def test_a_file_that_is_not_a_word_document_is_one_line(tmp_path):
    bad = tmp_path / "edited.docx"
    bad.write_text("not a zip", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "absorb", str(bad), str(ROOT / "tests/fixtures/mini")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == f"{bad}: not a Word document (.docx) this tool can read"
    missing = subprocess.run(
        [sys.executable, "-m", "briefing", "absorb", str(tmp_path / "none.docx")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2


def test_a_field_whose_text_a_source_repeats_builds_unmarked(tmp_path):
    """check passes a brief whose actor position and a source's `positions:` entry say the same
    words; the build must too. Such a paragraph could come from either, so it carries no field
    bookmark, while every other field keeps its one bookmark."""
    from conftest import MINI

    brief = tmp_path / "mini"
    shutil.copytree(MINI, brief)
    curation = brief / "sources" / "demo-2021.yaml"
    position = "Moscow stresses stability on the «Корейский полуостров» [@demo-2021, para. 4]."
    text = curation.read_text(encoding="utf-8")
    old = "  russia: Moscow stresses stability above all [@demo-2021].\n"
    assert text.count(old) == 1 and position in (brief / "brief.yaml").read_text(encoding="utf-8")
    curation.write_text(text.replace(old, f"  russia: {position}\n"), encoding="utf-8")
    document = docx.Document(str(built(brief, tmp_path / "out")))
    names = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    fields = [n for n in names if n.startswith("_F")]
    assert len(fields) == len(set(fields)) > 0, fields
    assert not [n for n in fields if "actors_1_position" in n], fields  # the ambiguous one
    assert [n for n in fields if "actors_0_position" in n], fields  # its neighbour keeps its mark

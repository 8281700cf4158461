"""Page numbers a Word user sees on opening: the contents' cached PAGEREF results, with no field
update, equal the pages where LibreOffice lays each heading out, for the seed and another brief.

The DOCX is built alone (no WeasyPrint); LibreOffice converts it to PDF with a private profile and
pdftotext finds each heading on a line of its own (the contents' own lines carry dot leaders).
"""

from __future__ import annotations

import itertools
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from office import libreoffice_pdf
from pypdf import PdfReader

from briefing.build import build
from briefing.docx.measure import RunFormat, break_lines

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


def page_lines(pdf: Path) -> list[set[str]]:
    pages = len(PdfReader(str(pdf)).pages)
    out = []
    for n in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        out.append({norm(line) for line in text.splitlines() if norm(line)})
    return out


def contents(docx: Path) -> list[tuple[str, int]]:
    """(entry text, cached page number) of each contents entry, in order."""
    document = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    entries = []
    for p in document.xpath("//w:p[w:pPr/w:pStyle[starts-with(@w:val, 'TOC')]][w:hyperlink]", namespaces=NS):
        texts = p.xpath("./w:hyperlink/w:r/w:t/text()", namespaces=NS)
        entries.append((norm("".join(texts[:-1])), int(texts[-1])))
    return entries


@pytest.mark.parametrize(
    ("brief", "paper"), [("seeds", "a4"), ("tests/fixtures/mekong", "a4"), ("seeds", "letter")]
)
def test_cached_page_numbers_are_where_libreoffice_lays_each_heading(tmp_path, brief, paper):
    result = build(ROOT / brief, tmp_path, formats=("docx",), paper=paper)
    docx = result.outputs["docx"]
    settings = zipfile.ZipFile(docx).read("word/settings.xml").decode("utf-8")
    assert "updateFields" not in settings  # nothing to update on opening, so no prompt
    entries = contents(docx)
    assert len(entries) >= 10 and len({page for _, page in entries}) >= 6
    pdf = libreoffice_pdf(docx, tmp_path)
    pages = page_lines(pdf)
    app = etree.fromstring(zipfile.ZipFile(docx).read("docProps/app.xml"))
    (count,) = app.xpath("//*[local-name()='Pages']/text()")
    assert len(pages) == int(count)  # the page count the writer laid out is LibreOffice's
    found = {text: [n for n, lines in enumerate(pages, 1) if text in lines] for text, _ in entries}
    wrong = [(text, cached, found[text]) for text, cached in entries if found[text][:1] != [cached]]
    assert not wrong, wrong  # (heading, the contents' number, the pages LibreOffice shows it on)


def test_lines_are_measured_with_the_substitute_faces():
    """Carlito 10 pt at Word's 1.131 "auto" spacing: LibreOffice sets 13.8 pt lines; a 50 pt
    measure breaks three short words over two lines, a picture takes its own height."""
    calibri = RunFormat(face="Calibri", size=10)
    lines, _ = break_lines([("one two three", calibri)], 45.0, 1.131, 0.0)
    assert [round(h, 1) for h in lines] == [13.8, 13.8]
    assert calibri.width("M") > calibri.width("i") > 0
    assert RunFormat(face="Cambria", size=10).width("M") != calibri.width("M")
    lines, _ = break_lines([("\x02200", calibri)], 400.0, 1.0, 0.0)
    assert lines == [200 + 2.5]
    notes_lines, notes = break_lines(
        [("see", calibri), ("\x015", calibri), (" more words here", calibri)], 60.0, 1.0, 0.0
    )
    assert notes == {0: ["5"]} and len(notes_lines) == 2


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("brief", ["seeds", "tests/fixtures/mekong"])
def test_no_writer_page_break_leaves_a_keep_with_next_paragraph_alone_at_a_page_foot(tmp_path, brief):
    """A page break the writer makes falls before a heading, never between it and what it heads
    (footnotes called in the kept lines count: the Mekong's "Indicators to watch" once stood alone)."""
    docx = build(ROOT / brief, tmp_path, formats=("docx",), force=True).outputs["docx"]
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        styles = etree.fromstring(z.read("word/styles.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def kept(style_id: str | None) -> bool:  # keepNext as Word resolves it: up the basedOn chain
        while style_id in by_id:
            mark = by_id[style_id].find(f"{W}pPr/{W}keepNext")
            if mark is not None:
                return mark.get(f"{W}val", "1") not in ("0", "false", "off")
            based = by_id[style_id].find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return False

    paragraphs = [p for p in body if p.tag == f"{W}p"]
    breaks = 0
    for before, p in itertools.pairwise(paragraphs):
        if p.find(f"{W}pPr/{W}pageBreakBefore") is None or before.find(f"{W}pPr/{W}sectPr") is not None:
            continue
        breaks += 1
        style = before.find(f"{W}pPr/{W}pStyle")
        held = before.find(f"{W}pPr/{W}keepNext") is not None or kept(
            style.get(f"{W}val") if style is not None else "Normal"
        )
        assert not held, "".join(before.itertext())
    assert breaks >= 2  # the test saw the writer's breaks (Key judgments, Source notes at least)

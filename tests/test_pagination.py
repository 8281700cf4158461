"""Page numbers a Word user sees on opening: the contents' cached PAGEREF results, with no field
update, are the pages where LibreOffice lays each heading out (to within one: a prediction, since
no page break is forced), for the seed and another brief.

The DOCX is built alone (no WeasyPrint); LibreOffice converts it to PDF with a private profile and
pdftotext finds each heading on a line of its own (the contents' own lines carry dot leaders).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from office import libreoffice_pdf
from pypdf import PdfReader

from briefing.build import build
from briefing.docx.word.measure import RunFormat, break_lines

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


def contents(docx: Path, styles: tuple[str, ...] = ("TOC",)) -> list[tuple[str, int]]:
    """(entry text, cached page number) of each contents entry, in order (``styles``: the entry
    styles' id prefixes; LibreOffice names the ones it writes "Contents 1", ...)."""
    document = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    entries = []
    styled = " or ".join(f"starts-with(@w:val, '{prefix}')" for prefix in styles)
    for p in document.xpath(f"//w:p[w:pPr/w:pStyle[{styled}]][w:hyperlink]", namespaces=NS):
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
    assert abs(len(pages) - int(count)) <= 1  # the page count the writer predicted, to within one
    found = {text: [n for n, lines in enumerate(pages, 1) if text in lines] for text, _ in entries}
    # (heading, the contents' number, the pages LibreOffice shows it on): a prediction, not a
    # forced break, so one off at most (README), and most exact
    wrong = [(text, cached, found[text]) for text, cached in entries if not found[text] or abs(found[text][0] - cached) > 1]
    assert not wrong, wrong
    exact = [text for text, cached in entries if found[text][:1] == [cached]]
    assert len(exact) >= 0.75 * len(entries), (len(exact), len(entries))


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


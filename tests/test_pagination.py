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

import docx
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
    # forced break, so one off at most (README); measured, every entry is exact
    assert_numbers(entries, found)


def assert_numbers(entries: list[tuple[str, int]], found: dict[str, list[int]]) -> None:
    """No entry more than one page off, and at most one entry off at all."""
    wrong = [(text, cached, found[text]) for text, cached in entries if found[text][:1] != [cached]]
    assert all(pages and abs(pages[0] - cached) <= 1 for _, cached, pages in wrong), wrong
    assert len(wrong) <= 1, wrong


LINES = [("DejaVu Serif", 10, 285), ("DejaVu Sans", 7.5, 256), ("Carlito", 10, 271), ("Caladea", 11.5, 288)]


def test_line_heights_are_those_libreoffice_sets(tmp_path):
    """Word's "auto" spacing as LibreOffice reads it (a whole percent: 285 is 118 %, not 118.75):
    each paragraph's line pitch in LibreOffice's PDF is the measured line, within 0.1 pt, in
    four faces (at the exact multiple, 10 pt DejaVu Serif at 285 was 0.12 pt a line too tall)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from office import word_boxes

    from briefing.docx.word.measure import Styles, measure

    document = docx.Document()
    for n, (family, size, line) in enumerate(LINES):
        paragraph = document.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        if n:
            ppr.append(OxmlElement("w:pageBreakBefore"))
        spacing = OxmlElement("w:spacing")
        for key, value in (("before", "0"), ("after", "0"), ("line", str(line)), ("lineRule", "auto")):
            spacing.set(qn(f"w:{key}"), value)
        ppr.append(spacing)
        run = paragraph.add_run(" ".join(["measured"] * int(1600 / size)))
        run.font.name, run.font.size = family, Pt(size)
        run._r.get_or_add_rPr().rFonts.set(qn("w:hAnsi"), family)
    path = tmp_path / "lines.docx"
    document.save(str(path))
    styles = Styles(document.styles.element, None)
    width = document.sections[0].page_width.pt - 2 * document.sections[0].left_margin.pt
    pages = word_boxes(libreoffice_pdf(path, tmp_path))
    assert len(pages) == len(LINES)
    for (family, size, line), paragraph, (_, _, words) in zip(LINES, document.paragraphs, pages, strict=True):
        tops = sorted({round(w[1], 2) for w in words})
        assert len(tops) >= 8, (family, len(tops))
        pitch = (tops[-1] - tops[0]) / (len(tops) - 1)
        measured = measure(paragraph._p, styles, width).lines
        assert abs(measured[0] - pitch) < 0.1, (family, size, line, measured[0], pitch)


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


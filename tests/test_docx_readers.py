"""Word's peers read the whole DOCX, for the seed and for the Mekong fixture.

pandoc (its docx reader) finds every heading with its text and level and every footnote with
its text (the source it cites, its locator), in the order the HTML has them; LibreOffice lays
the document out on exactly the pages the DOCX declares (docProps/app.xml, from the writer's own
pagination; the contents' page numbers rest on it), within a page of the PDF, and shows every
heading and the opening of every footnote.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from office import libreoffice_pdf
from pdftools import flat, pdf_text
from pypdf import PdfReader

from briefing.build import build

ROOT = Path(__file__).resolve().parents[1]
LEVEL = {"h2": 1, "h3": 2, "h4": 3}  # Heading 1-3 (an actor's h3 is "Actor Heading", on Heading 2)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


@dataclass
class Read:
    root: lxml.html.HtmlElement  # the HTML both writers start from
    docx: Path
    pdf: Path  # WeasyPrint's, from the same HTML
    ast: dict  # pandoc's reading of the DOCX


@pytest.fixture(scope="module", params=["seeds", "tests/fixtures/mekong"])
def read(request, tmp_path_factory) -> Read:
    out = tmp_path_factory.mktemp("readers")
    result = build(ROOT / request.param, out, formats=("pdf", "docx"))
    pandoc = shutil.which("pandoc")
    assert pandoc, "pandoc is not installed: apt-get install pandoc"
    docx = result.outputs["docx"]
    ast = json.loads(
        subprocess.run(
            [pandoc, "-f", "docx", "-t", "json", str(docx)], capture_output=True, text=True, timeout=120, check=True
        ).stdout
    )
    root = lxml.html.document_fromstring(result.html.read_text(encoding="utf-8"))
    return Read(root, docx, result.outputs["pdf"], ast)


def _nodes(value, kind: str) -> list:
    """Every pandoc node of ``kind`` in document order."""
    if isinstance(value, dict):
        return ([value] if value.get("t") == kind else []) + [n for v in value.values() for n in _nodes(v, kind)]
    if isinstance(value, list):
        return [n for v in value for n in _nodes(v, kind)]
    return []


def _plain(value) -> str:
    """The text of pandoc inlines (notes left out, as the reader sees them only at the foot)."""
    if isinstance(value, list):
        return "".join(_plain(v) for v in value)
    if not isinstance(value, dict) or value.get("t") == "Note":
        return ""
    if value.get("t") == "Str":
        return value["c"]
    if value.get("t") in ("Space", "SoftBreak", "LineBreak"):
        return " "
    return _plain(value.get("c", []))


def _headings(root) -> list[tuple[int, str]]:
    found = root.xpath("//body//*[self::h2 or self::h3 or self::h4][not(ancestor::nav)]")
    return [(LEVEL[h.tag], norm(h.text_content())) for h in found]


def _footnotes(root) -> list[str]:
    return [norm(s.text_content()) for s in root.xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]")]


def test_pandoc_reads_every_heading_with_its_text_and_level(read):
    expected = _headings(read.root)
    assert len(expected) >= 10 and {level for level, _ in expected} >= {1, 2}
    headers = [(h["c"][0], norm(_plain(h["c"][2]))) for h in _nodes(read.ast["blocks"], "Header")]
    assert headers == expected
    title = norm(read.root.xpath("//h1")[0].text_content())
    # The title (Word's Title style, after the handling line) is a paragraph of its own.
    assert title in [norm(_plain(b["c"])) for b in read.ast["blocks"] if b["t"] == "Para"]


def test_pandoc_reads_every_footnote_with_its_text(read):
    expected = _footnotes(read.root)
    notes = [norm(_plain(n["c"])) for n in _nodes(read.ast["blocks"], "Note")]
    assert len(expected) >= 20
    assert notes == expected
    # Every note names a source the references list (its author or its title, as the note has it).
    references = [norm(li.text_content()) for li in read.root.xpath("//ol[@class='references']/li")]
    assert references and all(any(_names(note, ref) for ref in references) for note in notes), notes


def _names(note: str, reference: str) -> bool:
    """The note opens with its source's author or title, whose first word opens the reference
    or stands in it ("Roe and Doe" → "Roe, Jane, and Richard Doe"; "王" → "王晓明")."""
    if note.startswith("Ibid."):
        return True
    head = next(part.strip() for part in re.split(r"[,.;“”‘’\"]", note) if part.strip())  # "Brown." too
    return head.split(" ")[0] in reference


@pytest.fixture(scope="module")
def libreoffice(read, tmp_path_factory) -> Path:
    return libreoffice_pdf(read.docx, tmp_path_factory.mktemp("lo"))


def test_libreoffice_lays_it_out_on_the_pages_the_docx_declares(read, libreoffice):
    pages = len(PdfReader(str(libreoffice)).pages)
    app = zipfile.ZipFile(read.docx).read("docProps/app.xml").decode("utf-8")
    (declared,) = re.findall(r"<Pages>(\d+)</Pages>", app)
    assert pages == int(declared)  # the count the writer's pagination expects, and Word shows
    assert abs(pages - len(PdfReader(str(read.pdf)).pages)) <= 1  # and about the PDF's
    text = flat(pdf_text(libreoffice)).replace(" ", "")
    for _, heading in _headings(read.root):
        assert flat(heading).replace(" ", "") in text, heading
    for note in _footnotes(read.root):
        opening = flat(" ".join(note.split(" ")[:6])).replace(" ", "")
        assert opening in text, note

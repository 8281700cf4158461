"""The actor × issue matrix: compact source keys, one landscape page in both formats, long words.

Each brief is built once per module (PDF, DOCX, HTML); every DOCX is laid out by LibreOffice in
one headless run with a private profile, and pages are counted in both PDFs by orientation: the
matrix is the only landscape section of a brief.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from conftest import SEEDS
from pdftools import flat, pdf_text
from pypdf import PdfReader
from ruamel.yaml import YAML

from briefing.build import build
from briefing.citations import find_markers
from briefing.load import load_brief
from briefing.theme import THEME

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherungsanstalt" * 3  # ~230 chars


@dataclass
class Built:
    html: str
    pdf: Path
    docx: Path
    word_pdf: Path | None = None  # the DOCX as LibreOffice lays it out


def rewrite(folder: Path, change) -> None:
    """Edit ``brief.yaml`` as data: ``change(brief)`` mutates the loaded mapping in place."""
    yaml = YAML()
    path = folder / "brief.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def _with_long_word(target: Path) -> Path:
    """The seed with a 230-character word in a cell of the last column, where a word that
    overflowed its cell would cross the page's right edge."""
    shutil.copytree(SEEDS, target)

    def change(brief) -> None:
        cell = brief["matrix"][brief["issues"][-2]["id"]][brief["actors"][-1]["id"]]
        words = cell["stance"].split(" ")
        cell["stance"] = " ".join([*words[:3], LONG_WORD, *words[3:]])

    rewrite(target, change)
    return target


def libreoffice_pdfs(docs: list[Path], out: Path) -> dict[Path, Path]:
    """Every DOCX converted to PDF in one LibreOffice run (headless, private profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    named = []
    out.mkdir(parents=True, exist_ok=True)
    for n, doc in enumerate(docs):  # the briefs share a slug: give each copy its own name
        named.append(out / f"brief-{n}.docx")
        shutil.copyfile(doc, named[-1])
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, named)],
        capture_output=True, text=True, timeout=400, check=False,
    )
    assert result.returncode == 0, result.stderr
    return {doc: path.with_suffix(".pdf") for doc, path in zip(docs, named, strict=True)}


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> dict[str, Built]:
    root = tmp_path_factory.mktemp("matrix")
    folders = {"seed": SEEDS, "long-word": _with_long_word(root / "long-word")}
    built = {}
    for name, folder in folders.items():
        result = build(folder, root / f"out-{name}")
        built[name] = Built(result.html.read_text(encoding="utf-8"), result.outputs["pdf"], result.outputs["docx"])
    word = libreoffice_pdfs([b.docx for b in built.values()], root / "lo")
    for b in built.values():
        b.word_pdf = word[b.docx]
    return built


def landscape_pages(pdf: Path) -> list[int]:
    """1-based numbers of the landscape pages: the matrix section's pages."""
    reader = PdfReader(str(pdf))
    return [n for n, page in enumerate(reader.pages, 1) if page.mediabox.width > page.mediabox.height]


def words_with_boxes(pdf: Path, page: int) -> tuple[float, list[tuple[str, float, float]]]:
    """(page width, [(word, xMin, xMax)]) of one page, as pdftotext places them."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return width, [(w, float(x0), float(x1)) for x0, x1, w in words]


# --- compact citations -----------------------------------------------------------------------


def test_cells_cite_by_source_number_and_the_caption_keys_them(briefs):
    brief = load_brief(SEEDS)
    root = lxml.html.fromstring(briefs["seed"].html)
    table = root.xpath("//table[@class='matrix']")[0]
    assert not table.xpath(".//span[contains(@class, 'footnote')]"), "a matrix cell still makes footnotes"
    references = [li.get("id") for li in root.xpath("//ol[@class='references']/li")]
    number = {ref[len("ref-") :]: n for n, ref in enumerate(references, 1)}
    cells = table.xpath("./tbody/tr/td")
    stances = [brief.cell(i.id, a.id).stance for i in brief.issues for a in brief.actors]
    assert len(cells) == len(stances) == 30
    cited = set()
    for td, stance in zip(cells, stances, strict=True):
        wanted = [sorted(number[c.source] for c in m.cites) for m in find_markers(stance)]
        links = td.xpath(".//a[@class='cite']")
        assert [int(a.text) for a in links] == [n for group in wanted for n in group]
        assert all(a.get("href") == f"#{references[int(a.text) - 1]}" for a in links)
        for group in wanted:  # "[1, 2]" before the closing full stop, never cut from its word
            assert "\u00a0[" + ", ".join(map(str, group)) + "]" in td.text_content()
        cited |= {n for group in wanted for n in group}
    caption = table.xpath("./caption")[0].text_content()
    for n in sorted(cited):
        source = brief.source(references[n - 1][len("ref-") :])
        assert f"[{n}] {source.short_ref}" in caption
    assert len(cited) == 3


def test_a_locator_stays_with_its_number(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)

    def change(brief) -> None:
        cell = brief["matrix"][brief["issues"][1]["id"]][brief["actors"][0]["id"]]
        cell["stance"] = "Two sources agree [@smith-2020; @brown-2021, para. 9]."

    rewrite(seeds, change)
    html = build(seeds, tmp_path / "out", formats=()).html.read_text(encoding="utf-8")
    cell = lxml.html.fromstring(html).xpath("//table[@class='matrix']/tbody/tr[2]/td[1]")[0]
    assert cell.text_content().endswith("agree\u00a0[1; 3, para. 9].")


# --- one landscape page ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed"])
def test_the_matrix_takes_one_landscape_page_in_pdf_and_word(briefs, name):
    b = briefs[name]
    for pdf in (b.pdf, b.word_pdf):
        pages = landscape_pages(pdf)
        assert len(pages) == 1, (pdf.name, pages)
        text = flat(pdf_text(pdf, pages[0], pages[0]))
        root = lxml.html.fromstring(b.html)
        last = root.xpath("//table[@class='matrix']/tbody/tr[last()]/td[last()]")[0].text_content()
        assert flat(" ".join(last.split()[-4:])) in text  # the last cell, too, is on that page


# --- long words ------------------------------------------------------------------------------


def test_a_long_word_breaks_inside_its_cell_in_both_formats(briefs):
    b = briefs["long-word"]
    margin = THEME.page.landscape_margin_side * 72 / 25.4
    for pdf in (b.pdf, b.word_pdf):
        width, words = 0.0, []
        for page in landscape_pages(pdf):
            width, on_page = words_with_boxes(pdf, page)
            words += on_page
        pieces = [(w, x0, x1) for w, x0, x1 in words if w and w in LONG_WORD and len(w) > 8]
        assert "".join(w for w, _, _ in pieces) == LONG_WORD, pdf.name  # all of it, in order
        assert len(pieces) >= 5  # broken over several lines of its cell
        assert max(x1 for _, _, x1 in words) <= width - margin + 1, pdf.name  # nothing past the margin

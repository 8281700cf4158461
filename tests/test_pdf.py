"""Stage 3a: the PDF an analyst prints. Built once per module from the real seeds."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, SEEDS
from pdftools import embedded_fonts, flat, mapped_characters, outline_titles, pdf_text
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from briefing.build import build
from briefing.citations import MARKER
from briefing.load import load_brief

SECTIONS = [
    "Bottom line up front",
    "Key judgments",
    "Positions at a glance",
    "Positions by actor",
    "Convergence and divergence",
    "Outlook as of March 2021",
    "Source notes",
    "References",
]


@pytest.fixture(scope="module")
def brief():
    return load_brief(SEEDS)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    return build(SEEDS, out, formats=("pdf",)).outputs["pdf"]


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return flat(pdf_text(pdf))


def plain(markdown: str) -> str:
    return flat(MARKER.sub("", markdown).replace("**", "").replace("*", "")).rstrip(" .")


def test_file_name_is_a_safe_attachment_name(pdf):
    assert re.fullmatch(r"[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf", pdf.name)
    assert (pdf.parent / pdf.name.replace(".pdf", ".html")).is_file()


def test_every_section_title_in_order(text):
    assert 0 <= text.find(SECTIONS[0]) < text.find("Contents")  # the bottom line comes first
    toc_end = text.find("References") + len("References")  # the contents list ends with it
    order = [text.find(SECTIONS[0]), *(text.find(title, toc_end) for title in SECTIONS[1:])]
    assert all(p >= 0 for p in order), dict(zip(SECTIONS, order, strict=True))
    assert order == sorted(order)


def test_every_pull_quote_verbatim(brief, text):
    for source in brief.sources:
        for quote in source.quotes:
            assert flat(quote.text) in text, quote.id


def test_every_matrix_cell_and_label(brief, text):
    for issue in brief.issues:
        assert flat(issue.name) in text
        for actor in brief.actors:
            cell = brief.cell(issue.id, actor.id)
            assert plain(cell.stance) in text, (issue.id, actor.id)
    for stance in brief.stances:
        assert f"{stance.symbol} {stance.label}" in text


def test_every_citation_is_a_footnote(brief, pdf):
    html = (pdf.parent / pdf.name.replace(".pdf", ".html")).read_text(encoding="utf-8")
    calls = html.count('<span class="footnote">')
    assert calls > 50
    # Chicago notes in British English: "1. Andrei Lankov, ‘Biden’s …’", "7. Lankov, ‘Short Title’.", "8. Lankov."
    names = r"(?:James D\. J\. Brown|Andrei Lankov|Hazel Smith|Lankov|Brown|Smith)"
    notes = re.findall(rf"(?<!\d)(\d{{1,3}})\.\s+{names}[,.;]", pdf_text(pdf))
    assert sorted({int(n) for n in notes}) == list(range(1, calls + 1))


def test_bookmarks_for_every_section_and_actor(brief, pdf):
    titles = outline_titles(PdfReader(pdf))
    for expected in [*SECTIONS, *(a.name for a in brief.actors)]:
        assert expected in titles


def test_metadata_language_and_tags(brief, pdf):
    reader = PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == brief.title
    assert meta.author == brief.author
    assert meta.subject == brief.subtitle
    assert "North Korea" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == brief.lang
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def test_fonts_embedded_and_subset(pdf):
    fonts = embedded_fonts(PdfReader(pdf))
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in fonts)  # subset prefix
    names = " ".join(fonts)
    assert "IBMPlexSerif" in names.replace("-", "") and "IBMPlexSans" in names.replace("-", "")


def test_running_header_footer_and_toc(brief, pdf):
    first = pdf_text(pdf, 1, 1)
    second = pdf_text(pdf, 2, 2)
    pages = len(PdfReader(pdf).pages)
    assert f"Page 1 of {pages}" in first and f"Page 2 of {pages}" in second
    assert brief.short_title in second and brief.handling in second  # running header
    assert first.count(brief.short_title) == 1  # only inside the title: no header on page 1
    toc = re.search(r"Key judgments[\s.]+(\d+)\s", first)  # dotted leader, then its page
    assert toc and "Key judgments" in pdf_text(pdf, int(toc.group(1)), int(toc.group(1)))


def test_matrix_is_on_landscape_pages(pdf):
    reader = PdfReader(pdf)
    landscape = [i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert landscape, "the matrix page should be landscape"
    assert "Positions at a glance" in pdf_text(pdf, landscape[0] + 1, landscape[0] + 1)


def test_figure_is_vector_with_alt_text(pdf):
    html = (pdf.parent / pdf.name.replace(".pdf", ".html")).read_text(encoding="utf-8")
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-label="Timeline of events', html)
    reader = PdfReader(pdf)
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject", {})
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image"


def test_letter_paper(tmp_path):
    out = build(MINI, tmp_path, formats=("pdf",), paper="letter").outputs["pdf"]
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


# --- the three-script brief -------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_pdf(tmp_path_factory) -> Path:
    return build(MINI, tmp_path_factory.mktemp("mini"), formats=("pdf",)).outputs["pdf"]


def test_hangul_cyrillic_and_chinese_have_real_glyphs(mini_pdf):
    samples = "한반도 평화 프로세스 Корейский полуостров 朝鲜半岛 稳定"
    text = pdf_text(mini_pdf)
    for word in samples.split():
        assert word in text
    drawn = mapped_characters(PdfReader(mini_pdf))
    missing = {ch for ch in samples if not ch.isspace() and ch not in drawn}
    assert not missing


def _page_image(pdf: Path, tmp: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp / "p")], check=True)
    return Image.open(next(tmp.glob("p*.png"))).convert("L")


REFERENCE = Path(__file__).parent / "reference" / "mini-page1.png"
TOLERANCE = 2.0  # mean absolute difference on a 0–255 scale


def _difference(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 255.0
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


def test_page_one_looks_like_the_reference(mini_pdf, tmp_path):
    image = _page_image(mini_pdf, tmp_path)
    if os.environ.get("BRIEFING_RECORD_REFERENCE"):  # after a deliberate design change, reviewed by eye
        image.save(REFERENCE)
    assert REFERENCE.exists(), "record it: BRIEFING_RECORD_REFERENCE=1 make test, then look at it"
    assert _difference(image, Image.open(REFERENCE).convert("L")) < TOLERANCE


def test_a_broken_stylesheet_fails_the_visual_check(tmp_path, monkeypatch):
    import briefing.html.render as render

    monkeypatch.setattr(render, "render_css", lambda *args, **kwargs: "")
    pdf = build(MINI, tmp_path, formats=("pdf",)).outputs["pdf"]
    assert _difference(_page_image(pdf, tmp_path), Image.open(REFERENCE).convert("L")) > TOLERANCE


def test_figure_is_tagged_with_its_alt_text(pdf):
    """Screen readers reach the timeline through a tagged /Figure carrying the same alt text."""
    figures: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    assert any(alt.startswith("Timeline of events named in the sources") for alt in figures)

"""The organisation's Word template (--reference-docx, or reference_docx in a theme): its styles,
fonts, page, header and footer, first-page header and theme colours stay; the brief's own styles
are added on top of its styles, and `briefing reference-docx` writes a starting template.

The reference document is made here with python-docx: distinctive fonts, sizes, colours,
margins, paper and header text that no default has.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt, RGBColor
from lxml import etree
from office import libreoffice_pdf, word_boxes
from test_pagination import assert_numbers, contents, page_lines

from briefing.build import build
from briefing.docx.word import styles as st
from briefing.docx.word.house import house_template
from briefing.errors import BriefingError
from briefing.options import BuildOptions
from briefing.theme import THEME
from briefing.theme_file import load_theme, reference_page

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
GREEN = RGBColor(0x12, 0x80, 0x40)

pytestmark = pytest.mark.build


def house(path: Path, *, template: bool = False, side: float = 30) -> Path:
    """An organisation's template: Noto Serif 11 pt, a green 17 pt Heading 1, Letter paper with
    ``side``/28/22 mm margins, its own header, first-page header and footer, a table style and text
    in its body (which must not reach the brief)."""
    document = docx.Document()
    document.styles["Normal"].font.name = "DejaVu Serif"
    document.styles["Normal"].font.size = Pt(11)
    heading = document.styles["Heading 1"]
    heading.font.name, heading.font.size, heading.font.color.rgb = "DejaVu Sans", Pt(17), GREEN
    document.styles["Quote"].font.size = Pt(12.5)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    section.left_margin = section.right_margin = Mm(side)
    section.top_margin, section.bottom_margin = Mm(28), Mm(22)
    section.header.paragraphs[0].text = "ACME INSTITUTE · INTERNAL"
    section.footer.paragraphs[0].text = "acme.example · house footer"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "ACME INSTITUTE LETTERHEAD"
    document.add_paragraph("Template body text that must not reach the brief.")
    document.save(str(path))
    if template:  # the same as a .dotx: only the main part's content type differs
        data = {i.filename: zipfile.ZipFile(path).read(i.filename) for i in zipfile.ZipFile(path).infolist()}
        kind = b"wordprocessingml.document.main+xml"
        data["[Content_Types].xml"] = data["[Content_Types].xml"].replace(kind, b"wordprocessingml.template.main+xml")
        path = path.with_suffix(".dotx")
        with zipfile.ZipFile(path, "w") as out:
            for name, blob in data.items():
                out.writestr(name, blob)
    return path


def style_xml(path: Path, name: str) -> bytes:
    styles = etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))
    (style,) = styles.xpath(f"//w:style[w:name/@w:val='{name}']", namespaces=NS)
    return etree.tostring(style)


@pytest.mark.parametrize(("brief", "template"), [("seeds", False), ("tests/fixtures/mekong", True)])
def test_the_brief_takes_the_organisations_styles_page_and_furniture(tmp_path, brief, template):
    reference = house(tmp_path / "house.docx", template=template)
    options = BuildOptions(reference_docx=reference)
    path = build(ROOT / brief, tmp_path / "out", formats=("docx",), options=options).outputs["docx"]
    theirs = docx.Document(str(tmp_path / "house.docx"))
    ours = docx.Document(str(path))
    # none of their definitions is overwritten: Normal, Heading 1, Quote byte for byte
    for name in ("Normal", "heading 1", "Quote", "footnote text" if "footnote text" in theirs.styles else "Normal"):
        assert style_xml(path, name) == style_xml(tmp_path / "house.docx", name), name
    assert ours.styles["Heading 1"].font.color.rgb == GREEN
    # their document defaults too (python-docx's template spaces every paragraph 10 pt after)
    defaults = "//w:docDefaults"
    assert etree.tostring(etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml")).xpath(defaults, namespaces=NS)[0]) == etree.tostring(
        etree.fromstring(zipfile.ZipFile(tmp_path / "house.docx").read("word/styles.xml")).xpath(defaults, namespaces=NS)[0]
    )
    # our semantic styles are added on theirs, with no font of their own
    assert ours.styles[st.PULL_QUOTE].base_style.name == "Quote"
    assert ours.styles[st.ACTOR_HEADING].base_style.name == "Heading 2"
    assert ours.styles[st.HEADING_PAGE].base_style.name == "Heading 1"
    for name in (st.PULL_QUOTE, st.LEDE, st.ACTOR_HEADING, st.TABLE_TEXT):
        assert ours.styles[name].font.name is None, name
    # page size and margins, in portrait and (turned) in the landscape matrix section
    first = ours.sections[0]
    assert round(first.page_width.mm, 1) == 215.9 and round(first.page_height.mm, 1) == 279.4
    assert round(first.left_margin.mm) == 30 and round(first.top_margin.mm) == 28
    wide = [s for s in ours.sections if s.page_width > s.page_height]
    assert wide and round(wide[0].page_width.mm, 1) == 279.4
    # their header, footer and first-page header; their theme colours; none of their body text
    names = zipfile.ZipFile(path).namelist()
    assert zipfile.ZipFile(path).read("word/theme/theme1.xml") == zipfile.ZipFile(tmp_path / "house.docx").read("word/theme/theme1.xml")
    assert "Template body text" not in zipfile.ZipFile(path).read("word/document.xml").decode()
    assert sum(n.startswith("word/header") for n in names) == 2
    pages = [" ".join(w[4] for w in words) for _, _, words in word_boxes(libreoffice_pdf(path, tmp_path))]
    assert "ACME INSTITUTE LETTERHEAD" in pages[0] and "ACME INSTITUTE · INTERNAL" not in pages[0]
    assert all("ACME INSTITUTE · INTERNAL" in p and "house footer" in p for p in pages[1:])


@pytest.mark.parametrize(("brief", "serif"), [("seeds", "DejaVu Serif"), ("tests/fixtures/mekong", "Noto Serif")])
def test_contents_numbers_hold_in_the_organisations_fonts(tmp_path, brief, serif):
    """The template's fonts and spacing are what pagination measures, its List Number's
    contextual spacing (no space between items) too: without it, the Mekong in Noto Serif had 10
    of 12 entries a page or two late."""
    reference = house(tmp_path / "house.docx")
    document = docx.Document(str(reference))
    document.styles["Normal"].font.name = serif
    document.save(str(reference))
    options = BuildOptions(reference_docx=reference)
    path = build(ROOT / brief, tmp_path / "out", formats=("docx",), options=options).outputs["docx"]
    assert zipfile.ZipFile(path).read("word/styles.xml").count(b"<w:contextualSpacing/>") >= 1
    entries = contents(path)
    pages = page_lines(libreoffice_pdf(path, tmp_path))
    found = {text: [n for n, lines in enumerate(pages, 1) if text in lines] for text, _ in entries}
    assert_numbers(entries, found)


@pytest.mark.parametrize(("brief", "side", "density"), [("seeds", 30, 1), ("tests/fixtures/mekong", 55, 2)])
def test_the_matrix_keeps_one_landscape_page_of_the_organisations_template(tmp_path, brief, side, density):
    """Word keeps the template's page and turns it for the matrix: Letter with ``side`` mm margins
    leaves the turned page 156 mm (96 mm) of text height against the theme's own 186 mm. Fitted
    to the theme's page alone, the seed's matrix ran onto a second landscape page in Word."""
    reference = house(tmp_path / "house.docx", side=side)
    assert reference_page(reference) == pytest.approx((215.9, 279.4, 28, side, 22, side), abs=0.05)
    result = build(ROOT / brief, tmp_path / "out", formats=("docx", "pdf"), options=BuildOptions(reference_docx=reference))
    assert f'id="matrix" data-template="sections/matrix.html.j2" data-page="landscape" data-density="{density}"' in result.html.read_text(encoding="utf-8")
    word = word_boxes(libreoffice_pdf(result.outputs["docx"], tmp_path))
    pdf = word_boxes(result.outputs["pdf"])
    for pages in (word, pdf):
        wide = [" ".join(w[4] for w in words) for width, height, words in pages if width > height]
        assert len(wide) == 1, [page[:80] for page in wide]
    # with no template the brief keeps the theme's roomier setting
    plain = build(ROOT / brief, tmp_path / "plain", formats=("html",)).html.read_text(encoding="utf-8")
    assert 'data-page="landscape" data-density' not in plain


def test_a_theme_file_cannot_set_the_templates_page(tmp_path):
    theme = tmp_path / "theme.toml"
    theme.write_text("[page]\nreference_page = [100, 100, 0, 0, 0, 0]\n", encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        load_theme(theme)
    assert [str(p) for p in caught.value.problems] == [f"{theme}: page.reference_page: unknown key"]
    assert reference_page(theme) == ()  # not a Word file: the writer reports it, naming the file


def test_a_theme_file_names_the_reference_and_may_adjust_on_top(tmp_path):
    house(tmp_path / "house.docx")
    theme = tmp_path / "theme.toml"
    theme.write_text('[brand]\nreference_docx = "house.docx"\n[colours]\naccent = "7A1F5C"\n', encoding="utf-8")
    path = build(ROOT / "seeds", tmp_path / "out", formats=("docx",), options=BuildOptions(theme_file=theme)).outputs["docx"]
    ours = docx.Document(str(path))
    assert round(ours.sections[0].left_margin.mm) == 30  # the template's page
    assert ours.styles[st.LEAD_IN].font.color.rgb == RGBColor.from_string("7A1F5C")  # the theme's accent
    assert ours.styles["Heading 1"].font.color.rgb == GREEN  # and their heading as it was


def test_a_reference_that_is_not_a_word_file_is_one_line(tmp_path):
    bad = tmp_path / "house.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        build(ROOT / "tests/fixtures/mini", tmp_path / "out", formats=("docx",), options=BuildOptions(reference_docx=bad))
    assert [str(p) for p in caught.value.problems] == [f"{bad}: reference_docx: not a Word document (.docx or .dotx)"]
    assert not list((tmp_path / "out").glob("*.docx"))
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(ROOT / "tests/fixtures/mini"), "--out", str(tmp_path / "cli"), "-f", "docx", "--reference-docx", str(bad)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == f"{bad}: reference_docx: not a Word document (.docx or .dotx)"


def test_reference_docx_command_writes_a_template_of_every_style(tmp_path):
    target = tmp_path / "house.docx"
    with target.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "briefing", "reference-docx"], stdout=out, check=False)
    assert done.returncode == 0
    document = docx.Document(str(target))
    shown = {p.style.name for p in document.paragraphs if p.text == p.style.name}
    wanted = {s.name for s in st.specs(THEME, 9000) if s.kind == WD_STYLE_TYPE.PARAGRAPH} - {st.SECTION_END}
    assert wanted <= shown, wanted - shown
    assert document.tables[0].style.name == st.STANCE_MATRIX
    made = zipfile.ZipFile(io.BytesIO(house_template()))
    for part in ("word/styles.xml", "word/document.xml"):  # the command is the function
        assert zipfile.ZipFile(target).read(part) == made.read(part)
    # and it serves as a reference: the brief built on it keeps its styles
    path = build(ROOT / "tests/fixtures/mini", tmp_path / "out", formats=("docx",), options=BuildOptions(reference_docx=target)).outputs["docx"]
    assert style_xml(path, st.PULL_QUOTE) == style_xml(target, st.PULL_QUOTE)

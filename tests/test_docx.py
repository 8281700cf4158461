"""The Word writer: real Word structures, the same text as the HTML, readable by Word's peers.

The seed brief is built once per module; every test reads that one DOCX (python-docx, the raw
package parts, pandoc's docx reader, LibreOffice) and compares it with the HTML it came from.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from briefing.build import build
from briefing.docx import DocxVocabularyError, write_docx
from briefing.html.render import TEMPLATES
from briefing.theme import PAPER, THEME

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SPACE = re.compile(r"\s+")


@dataclass
class Built:
    html: str
    path: Path
    doc: docx.document.Document
    parts: dict[str, etree._Element]  # part name in the zip → parsed XML

    @property
    def body(self):
        return self.doc.element.body

    def xpath(self, part: str, query: str) -> list:
        return self.parts[part].xpath(query, namespaces=NS)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("docx")
    result = build(SEEDS, out, formats=("docx",))
    path = result.outputs["docx"]
    with zipfile.ZipFile(path) as package:
        parts = {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }
    return Built(result.html.read_text(encoding="utf-8"), path, docx.Document(str(path)), parts)


def half_points(size: float) -> float:
    """Word stores type sizes in half points: the nearest size Word can hold."""
    return round(size * 2) / 2


def norm(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def html_root(html: str):
    return lxml.html.document_fromstring(html)


def has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def style_name(doc, paragraph_element) -> str:
    style = paragraph_element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is None:
        return "Normal"
    return doc.styles.element.get_by_id(style.get(qn("w:val"))).name_val


def p_text(p) -> str:
    """Visible text of a w:p: text, breaks and tabs (footnote references carry no text)."""
    out = []
    for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.getparent().tag == qn("w:r"):  # not a tab stop definition
            out.append(" ")
    return norm("".join(out))


# --- styles ----------------------------------------------------------------------------------


def test_paragraphs_use_the_named_styles(built):
    used = {p.style.name for p in built.doc.paragraphs}
    wanted = {
        "Title",
        "Subtitle",
        "Handling",
        "Meta",
        "TOC Heading",
        "Heading 1",
        "Heading 2",
        "Lede",
        "List Number",
        "List Bullet",
        "Note",
        "Legend",
        "Pull Quote",
        "Quote Attribution",
        "Reference",
        "Caption",
        "Body Text",
    }
    assert wanted <= used, wanted - used
    root = html_root(built.html)
    by_text = {norm(p.text): p.style.name for p in built.doc.paragraphs}
    assert by_text[norm(root.xpath("//h1")[0].text_content())] == "Title"
    assert by_text[norm(root.xpath("//section//h2")[0].text_content())] == "Heading 1"
    assert by_text[norm(root.xpath("//section[@class='actor']/h3")[0].text_content())] == "Heading 2"
    assert by_text["Contents"] == "TOC Heading"
    quote = norm(root.xpath("//blockquote[@class='pullquote']/p[not(@class)]")[0].text_content())
    assert by_text[quote] == "Pull Quote"


def test_word_styles_come_from_the_theme(built):
    styles = built.doc.styles
    h1 = styles["Heading 1"]
    assert h1.font.size.pt == half_points(THEME.sizes.h1)
    assert h1.font.color.rgb == docx.shared.RGBColor.from_string(THEME.colours.accent)
    assert h1.paragraph_format.keep_with_next
    outline = h1.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert outline.get(qn("w:val")) == "0"
    h2 = styles["Heading 2"].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert h2.get(qn("w:val")) == "1"
    toc_heading = styles["TOC Heading"].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert toc_heading.get(qn("w:val")) == "9"  # body text level: the TOC does not list itself
    assert styles["Pull Quote"].base_style.name == "Quote"
    assert styles["Body Text"].font.size is None and styles["Normal"].font.size.pt == half_points(
        THEME.sizes.body
    )
    fonts = built.xpath("word/styles.xml", "//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")[0]
    assert fonts.get(f"{{{W}}}ascii") == THEME.fonts.docx_serif
    assert fonts.get(f"{{{W}}}eastAsia") == THEME.fonts.docx_east_asian
    assert fonts.get(f"{{{W}}}asciiTheme") is None  # a theme font would override the named one
    heading_fonts = h1.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert heading_fonts.get(qn("w:ascii")) == THEME.fonts.docx_sans
    assert styles["footnote reference"].font.superscript


def test_language_is_en_us(built):
    lang = built.xpath("word/styles.xml", "//w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert lang and lang[0].get(f"{{{W}}}val") == "en-US"


# --- footnotes -------------------------------------------------------------------------------


def test_every_citation_is_a_real_word_footnote(built):
    spans = html_root(built.html).xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]")
    assert len(spans) > 50
    notes = built.xpath("word/footnotes.xml", "/w:footnotes/w:footnote[not(@w:type)]")
    assert len(notes) == len(spans)
    separators = built.xpath("word/footnotes.xml", "/w:footnotes/w:footnote[@w:type]/@w:type")
    assert separators == ["separator", "continuationSeparator"]
    refs = built.xpath("word/document.xml", "//w:footnoteReference/@w:id")
    assert refs == [n.get(f"{{{W}}}id") for n in notes]  # in document order, each once
    assert [int(r) for r in refs] == sorted(int(r) for r in refs)
    for span, note in zip(spans, notes, strict=True):
        text = norm("".join(note.xpath(".//w:t/text()", namespaces=NS)))
        assert text == norm(span.text_content())
    first = notes[0]
    assert first.xpath(".//w:footnoteRef", namespaces=NS)
    assert first.xpath(".//w:hyperlink/@w:anchor", namespaces=NS)  # its a.cite link
    types = built.xpath("[Content_Types].xml", "//*[@PartName='/word/footnotes.xml']/@ContentType")
    assert types == [FOOTNOTES_CT]
    rels = built.parts["word/_rels/document.xml.rels"]
    assert [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_RT] == ["footnotes.xml"]


def test_internal_links_land_on_bookmarks(built):
    bookmarks = set(built.xpath("word/document.xml", "//w:bookmarkStart/@w:name"))
    anchors = built.xpath("word/document.xml", "//w:hyperlink/@w:anchor")
    anchors += built.xpath("word/footnotes.xml", "//w:hyperlink/@w:anchor")
    assert anchors and set(anchors) <= bookmarks, set(anchors) - bookmarks
    ids = html_root(built.html).xpath("//section[@id] | //li[@id]")
    assert len(bookmarks) >= len(ids)
    starts = built.xpath("word/document.xml", "//w:bookmarkStart/@w:id")
    ends = built.xpath("word/document.xml", "//w:bookmarkEnd/@w:id")
    assert sorted(starts) == sorted(ends) and len(set(starts)) == len(starts)


# --- fields, header and footer ---------------------------------------------------------------


def test_contents_is_a_toc_field_word_updates_on_open(built):
    instructions = built.xpath("word/document.xml", "//w:instrText/text()")
    assert any(re.fullmatch(r'\s*TOC \\o "1-2" \\h \\z \\u\s*', i) for i in instructions)
    chars = built.xpath("word/document.xml", "//w:body//w:fldChar/@w:fldCharType")
    assert chars.count("begin") == chars.count("separate") == chars.count("end") >= 1
    update = built.xpath("word/settings.xml", "/w:settings/w:updateFields/@w:val")
    assert update == ["true"]
    mode = built.xpath("word/settings.xml", "//w:compatSetting[@w:name='compatibilityMode']/@w:val")
    assert mode == ["15"]  # no "[Compatibility Mode]" in Word's title bar


def test_header_footer_page_fields_and_first_page(built):
    section = built.doc.sections[0]
    assert section.different_first_page_header_footer
    assert built.xpath("word/document.xml", "(//w:sectPr)[1]/w:titlePg")
    root = html_root(built.html)
    short = root.xpath("//h1")[0].get("data-short")
    handling = norm(root.xpath("//p[@class='handling']")[0].text_content())
    header = norm(" ".join(p_text(p._p) for p in section.header.paragraphs))
    assert short in header and handling in header
    assert not norm(" ".join(p.text for p in section.first_page_header.paragraphs))
    for footer in (section.footer, section.first_page_footer):
        instructions = [norm(t) for t in footer._element.xpath(".//w:instrText/text()")]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert "Page" in p_text(footer.paragraphs[0]._p)


def test_page_geometry_follows_the_theme_and_the_stylesheet(built):
    _, width, height = PAPER["a4"]
    sections = built.doc.sections
    first = sections[0]
    assert round(first.page_width.mm, 1) == width and round(first.page_height.mm, 1) == height
    assert round(first.left_margin.mm) == THEME.page.margin_inner
    assert round(first.top_margin.mm) == THEME.page.margin_top
    # print.css puts the matrix on a landscape page; so does the Word document
    assert [s.page_width > s.page_height for s in sections] == [False, True, False]


# --- the matrix table ------------------------------------------------------------------------


def test_matrix_is_a_native_table_with_repeating_header_and_stance_shading(built):
    tables = built.doc.tables
    assert len(tables) == 1
    table = tables[0]
    assert table.style.name == "Stance Matrix"
    rows = table._tbl.tr_lst
    assert rows[0].xpath("./w:trPr/w:tblHeader")
    assert all(r.xpath("./w:trPr/w:cantSplit") for r in rows)
    assert not any(r.xpath("./w:trPr/w:tblHeader") for r in rows[1:])
    assert table._tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    widths = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    section = built.doc.sections[1]
    text_width = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    assert sum(widths) <= round(text_width * 1440 / 25.4) + len(widths)

    def fill(tc) -> str | None:
        found = tc.xpath("./w:tcPr/w:shd/@w:fill")
        return found[0] if found else None

    html_rows = html_root(built.html).xpath("//table[@class='matrix']//tr")
    assert len(html_rows) == len(rows)
    assert all(fill(tc) == THEME.colours.accent for tc in rows[0].tc_lst)
    header_runs = rows[0].tc_lst[1].xpath(".//w:p/w:pPr/w:pStyle/@w:val")
    assert built.doc.styles.element.get_by_id(header_runs[0]).name_val == "Table Heading"
    checked = 0
    for tr_html, tr in zip(html_rows[1:], rows[1:], strict=True):
        for td, tc in zip(tr_html.xpath("./td"), tr.tc_lst[1:], strict=True):
            stance = next(c[len("stance-") :] for c in td.get("class").split() if c.startswith("stance-"))
            assert fill(tc) == THEME.colours.stance(stance)
            label = norm(td.xpath(".//span[@class='stance-label']")[0].text_content())
            assert p_text(tc.p_lst[0]).startswith(label)
            checked += 1
    assert checked == len(html_root(built.html).xpath("//table[@class='matrix']//td")) > 0
    white = built.doc.styles["Table Heading"].font.color.rgb
    assert str(white) == "FFFFFF" and built.doc.styles["Table Text"].font.size.pt == half_points(
        THEME.sizes.matrix
    )


# --- figure ----------------------------------------------------------------------------------


def test_chart_is_a_picture_with_its_alt_text(built):
    svg = html_root(built.html).xpath("//figure[@class='chart']/svg")[0]
    descriptions = built.xpath("word/document.xml", "//wp:docPr/@descr")
    assert descriptions == [svg.get("aria-label")]
    assert len(built.doc.inline_shapes) == 1
    shape = built.doc.inline_shapes[0]
    rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    blob = built.doc.part.related_parts[rid].blob
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    width_px = int.from_bytes(blob[16:20], "big")
    assert width_px >= 2 * shape.width.mm * 96 / 25.4 * 0.95  # rasterised at about twice CSS px


# --- list numbering --------------------------------------------------------------------------


def test_each_ordered_list_restarts_its_numbering(built):
    numbered = [
        p
        for p in built.doc.paragraphs
        if p.style.name in ("List Number", "Reference") and p._p.pPr.numPr is not None
    ]
    assert len(numbered) >= 8
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 2  # key judgments, references
    numbering = built.doc.part.numbering_part.element
    for num_id in num_ids:
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]


# --- package properties ----------------------------------------------------------------------


def test_core_properties_come_from_the_html_head(built):
    head = html_root(built.html).find("head")
    meta = {m.get("name"): m.get("content") for m in head.iter("meta") if m.get("name")}
    props = built.doc.core_properties
    assert props.title == norm(head.find("title").text_content())
    assert props.author == meta["author"]
    assert props.keywords == meta["keywords"]
    assert props.subject == meta["description"]
    assert props.language == "en-US"
    assert props.created.date().isoformat() == meta["dcterms.created"]
    assert "python-docx" not in (props.last_modified_by or "")


# --- same text as the HTML -------------------------------------------------------------------


def html_sequence(html: str) -> list[tuple[str, str]]:
    """(kind, text) for headings, paragraphs, quotes and table cells, in reading order.

    Footnote text is left out (it is in the notes); the contents list is a field in Word and
    is skipped.
    """
    root = html_root(html)
    for span in root.xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]"):
        span.drop_tree()
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    out: list[tuple[str, str]] = []
    blocks = {
        "section",
        "header",
        "div",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "figure",
        "figcaption",
        "svg",
    }

    def add(kind: str, text: str) -> None:
        if norm(text):
            out.append((kind, norm(text)))

    def items(listing) -> None:
        for li in listing.xpath("./li"):
            parts = li.xpath("./text()|./*[not(self::ul or self::ol)]")
            add("para", "".join(n if isinstance(n, str) else n.text_content() for n in parts))
            for nested in li.xpath("./ul|./ol"):
                items(nested)

    def walk(element, quote: bool = False) -> None:
        loose = element.text or ""
        for child in element:
            if not isinstance(child.tag, str):
                loose += child.tail or ""
                continue
            if child.tag not in blocks:
                loose += child.text_content() + (child.tail or "")
                continue
            add("quote" if quote else "para", loose)
            loose = child.tail or ""
            tag = child.tag
            if tag in ("h1", "h2", "h3", "h4"):
                add("heading", child.text_content())
            elif tag == "p":
                add("quote" if quote else "para", child.text_content())
            elif tag == "nav":
                for heading in child.xpath("./h2|./h3"):
                    add("heading", heading.text_content())
            elif tag in ("ul", "ol"):
                items(child)
            elif tag == "table":
                for caption in child.xpath("./caption"):
                    add("para", caption.text_content())
                for cell in child.xpath(".//tr/th|.//tr/td"):
                    out.append(("cell", norm(cell.text_content())))
            elif tag == "figure":
                for caption in child.xpath("./figcaption"):
                    add("para", caption.text_content())
            elif tag == "blockquote":
                walk(child, quote=True)
            else:
                walk(child, quote)
        add("quote" if quote else "para", loose)

    walk(root.body)
    return out


def docx_sequence(doc) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for block in doc.element.body:
        if block.tag == qn("w:p"):
            name = style_name(doc, block)
            text = p_text(block)
            if not text or re.fullmatch(r"toc \d", name.lower()):  # entries of the TOC field
                continue
            if name in ("Title", "TOC Heading") or name.lower().startswith("heading"):
                out.append(("heading", text))
            elif name in ("Pull Quote", "Quote Attribution"):
                out.append(("quote", text))
            else:
                out.append(("para", text))
        elif block.tag == qn("w:tbl"):
            for tr in block.tr_lst:
                for tc in tr.tc_lst:
                    out.append(("cell", norm(" ".join(p_text(p) for p in tc.p_lst))))
    return out


def test_docx_has_exactly_the_text_of_the_html(built):
    expected = html_sequence(built.html)
    actual = docx_sequence(built.doc)
    assert len(expected) > 150
    assert {k for k, _ in expected} == {"heading", "para", "quote", "cell"}
    for n, (want, got) in enumerate(zip(expected, actual, strict=False)):
        assert want == got, f"block {n}: HTML {want!r} but DOCX {got!r}"
    assert len(actual) == len(expected)


# --- other readers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_pdf(built, tmp_path_factory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    out = tmp_path_factory.mktemp("lo")
    profile = (out / "profile").as_uri()  # a private profile: no clash with another soffice
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(built.path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out / (built.path.stem + ".pdf")


def test_libreoffice_opens_and_converts_it(libreoffice_pdf):
    assert libreoffice_pdf.is_file()
    head = libreoffice_pdf.read_bytes()
    assert head.startswith(b"%PDF") and len(head) > 20_000


@pytest.fixture(scope="module")
def pandoc_ast(built) -> dict:
    pandoc = shutil.which("pandoc")
    assert pandoc, "pandoc is not installed: apt-get install pandoc"
    result = subprocess.run(
        [pandoc, "-f", "docx", "-t", "json", str(built.path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def _nodes(value, kind: str) -> list:
    found = []
    if isinstance(value, dict):
        if value.get("t") == kind:
            found.append(value)
        for item in value.values():
            found += _nodes(item, kind)
    elif isinstance(value, list):
        for item in value:
            found += _nodes(item, kind)
    return found


def _plain(value) -> str:
    if isinstance(value, dict):
        if value.get("t") == "Str":
            return value["c"]
        if value.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if value.get("t") == "Note":
            return ""
        return _plain(value.get("c", ""))
    if isinstance(value, list):
        return "".join(_plain(v) for v in value)
    return ""


def test_pandoc_reads_headings_quotes_table_notes_and_links(built, pandoc_ast):
    root = html_root(built.html)
    headers = [norm(_plain(h["c"][2])) for h in _nodes(pandoc_ast["blocks"], "Header")]
    h2s = [norm(h.text_content()) for h in root.xpath("//section/h2")]
    assert [h for h in headers if h in h2s] == h2s
    levels = {h["c"][0] for h in _nodes(pandoc_ast["blocks"], "Header")}
    assert levels == {1, 2}
    quotes = norm(" ".join(_plain(q) for q in _nodes(pandoc_ast["blocks"], "BlockQuote")))
    first_quote = norm(root.xpath("//blockquote/p[not(@class)]")[0].text_content())
    assert first_quote in quotes
    assert len(_nodes(pandoc_ast["blocks"], "Table")) == 1
    spans = root.xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]")
    assert len(_nodes(pandoc_ast["blocks"], "Note")) == len(spans)
    links = _nodes(pandoc_ast["blocks"], "Link")
    assert sum(1 for link in links if link["c"][2][0].startswith("#")) >= len(spans)
    assert _nodes(pandoc_ast["blocks"], "Image")


# --- the vocabulary guard and paper -----------------------------------------------------------


STRAY = """<!DOCTYPE html><html lang="en-US"><head><title>T</title></head><body>
<section id="bluf" data-template="sections/bluf.html.j2">
<h2>Bottom line up front</h2>
<aside class="x">Side remark</aside>
<p class="lede">Fine.<span class="fnote">x</span></p>
</section></body></html>"""


def test_an_element_outside_the_vocabulary_names_itself_and_its_template(tmp_path):
    target = tmp_path / "x.docx"
    with pytest.raises(DocxVocabularyError) as caught:
        write_docx(STRAY, target)
    message = str(caught.value)
    lines = message.splitlines()
    assert len(lines) == 2  # every problem of the page in one error
    aside = next(line for line in lines if "<aside" in line)
    assert '<aside class="x"> is not in the element vocabulary (briefing/html/vocabulary.py)' in aside
    assert aside.startswith(str(Path("templates") / "sections" / "bluf.html.j2")) or (
        str(TEMPLATES / "sections" / "bluf.html.j2") in aside
    )
    assert '<span class="fnote">' in message
    assert not target.exists()


def test_an_unknown_element_is_located_on_its_template_line(tmp_path):
    template = TEMPLATES / "sections" / "references.html.j2"
    expected = next(n for n, line in enumerate(template.read_text().splitlines(), 1) if "<ol" in line)
    html = (
        STRAY.replace("sections/bluf.html.j2", "sections/references.html.j2")
        .replace('<aside class="x">Side remark</aside>', '<ol class="bibliography"><li>A</li></ol>')
        .replace('class="fnote"', 'class="footnote"')
    )
    with pytest.raises(DocxVocabularyError) as caught:
        write_docx(html, tmp_path / "x.docx")
    assert f"references.html.j2:{expected}:" in str(caught.value)
    assert '<ol class="bibliography">' in str(caught.value)


def test_letter_paper_from_the_stylesheet_or_the_argument(built, tmp_path):
    letter_css = built.html.replace("size: A4;", "size: letter;", 1)
    assert letter_css != built.html
    write_docx(letter_css, tmp_path / "letter.docx")
    section = docx.Document(str(tmp_path / "letter.docx")).sections[0]
    assert round(section.page_width.mm, 1) == PAPER["letter"][1]
    write_docx(built.html, tmp_path / "forced.docx", paper="letter")
    section = docx.Document(str(tmp_path / "forced.docx")).sections[0]
    assert round(section.page_height.mm, 1) == PAPER["letter"][2]

"""The Word writer: real Word structures, the same text as the HTML, readable by Word's peers.

The seed brief is built once per module; every test reads that one DOCX (python-docx, the raw
package parts, pandoc's docx reader, LibreOffice) and compares it with the HTML it came from
(and, for page flow, with the PDF built from the same HTML).
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
from pdftools import flat, pdf_text
from pypdf import PdfReader

from briefing.build import build
from briefing.docx import DocxVocabularyError, write_docx
from briefing.docx.styles import word_line
from briefing.html.render import TEMPLATES
from briefing.theme import PAPER, THEME

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SPACE = re.compile(r"\s+")
WORD_JOINER = "\u2060"
TOC_FIELD = 'TOC \\h \\z \\t "Heading 1,1,Actor Heading,2"'


@dataclass
class Built:
    html: str
    path: Path
    doc: docx.document.Document
    parts: dict[str, etree._Element]  # part name in the zip → parsed XML
    pdf: Path  # the PDF twin, from the same HTML

    @property
    def body(self):
        return self.doc.element.body

    def xpath(self, part: str, query: str) -> list:
        return self.parts[part].xpath(query, namespaces=NS)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("docx")
    result = build(SEEDS, out, formats=("pdf", "docx"))
    path = result.outputs["docx"]
    with zipfile.ZipFile(path) as package:
        parts = {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }
    html = result.html.read_text(encoding="utf-8")
    return Built(html, path, docx.Document(str(path)), parts, result.outputs["pdf"])


def half_points(size: float) -> float:
    """Word stores type sizes in half points: the nearest size Word can hold."""
    return round(size * 2) / 2


def norm(text: str) -> str:
    """White space collapsed; the word joiner dropped (the HTML has it, Word needs none)."""
    return SPACE.sub(" ", text.replace(WORD_JOINER, "")).strip()


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
    for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:ptab")):
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
        "Actor Heading",
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
    for h3 in root.xpath("//section/h3"):  # the actors are listed in the contents, as in the PDF
        actor = h3.getparent().get("class") == "actor"
        assert by_text[norm(h3.text_content())] == ("Actor Heading" if actor else "Heading 2")
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
    actor = styles["Actor Heading"]
    assert actor.base_style.name == "Heading 2"  # navigation pane level 2; pandoc reads a header
    assert actor.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is None  # inherited


BUILTIN_IDS = {
    "Title": "Title",
    "Subtitle": "Subtitle",
    "heading 1": "Heading1",
    "heading 2": "Heading2",
    "heading 3": "Heading3",
    "toc 1": "TOC1",
    "toc 2": "TOC2",
    "toc 3": "TOC3",
    "footnote text": "FootnoteText",
    "footnote reference": "FootnoteReference",
    "Hyperlink": "Hyperlink",
    "caption": "Caption",
    "Quote": "Quote",
    "List Bullet": "ListBullet",
    "List Number": "ListNumber",
    "Strong": "Strong",
}


def test_word_built_in_styles_have_word_ids_and_no_custom_flag(built):
    styles = {
        s.find(f"{{{W}}}name").get(f"{{{W}}}val"): s
        for s in built.xpath("word/styles.xml", "/w:styles/w:style")
    }
    for name, style_id in BUILTIN_IDS.items():
        assert styles[name].get(f"{{{W}}}styleId") == style_id, name
        assert styles[name].get(f"{{{W}}}customStyle") is None, name
    for name in ("Lede", "Actor Heading", "Handling Mark", "Stance Not Addressed"):
        assert styles[name].get(f"{{{W}}}customStyle") == "1", name
    assert "Source Text" not in styles  # the vocabulary has no <code>
    quick = {name for name, s in styles.items() if s.find(f"{{{W}}}qFormat") is not None}
    assert quick == {
        "Normal",
        "Title",
        "Subtitle",
        "heading 1",
        "heading 2",
        "heading 3",
        "Actor Heading",
        "Body Text",
        "Lede",
        "Pull Quote",
        "Quote Attribution",
        "caption",
        "List Bullet",
        "List Number",
        "Note",
        "Reference",
    }


def _line(style) -> int:
    return int(style.element.find(f"{qn('w:pPr')}/{qn('w:spacing')}").get(qn("w:line")))


def test_line_spacing_is_the_css_line_height_in_word_lines(built):
    """CSS line-height 1.38 is 1.38 em; Word's single line of Cambria is already 1.17 em."""
    assert round(word_line(1.38) * 240) == round(1.38 / 1.17 * 240) == 283
    assert round(word_line(1.3, "Calibri") * 240) == round(1.3 / 1.22 * 240)
    leading = round(THEME.sizes.leading / 1.17 * 240)
    defaults = built.xpath("word/styles.xml", "//w:docDefaults/w:pPrDefault/w:pPr/w:spacing/@w:line")
    assert defaults == [str(leading)]
    styles = built.doc.styles
    assert _line(styles["Normal"]) == leading
    css = re.sub(r"/\*.*?\*/", "", html_root(built.html).find("head/style").text, flags=re.S)

    def line_height(selector: str) -> float:  # as the HTML's own stylesheet says
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            height = re.search(r"(?<![\w-])line-height:\s*([\d.]+)", body)
            if height and selector in [" ".join(s.split()) for s in selectors.split(",")]:
                return float(height.group(1))
        raise AssertionError(f"no line-height for {selector}")

    sans, serif = 1.22, 1.17  # Calibri, Cambria
    assert _line(styles["footnote text"]) == round(line_height(".footnote") / sans * 240)
    assert _line(styles["Pull Quote"]) == round(line_height("blockquote.pullquote p") / serif * 240)
    assert _line(styles["Table Text"]) == round(line_height("table.matrix") / sans * 240)
    assert _line(styles["Legend"]) == round(line_height("ul.legend") / sans * 240)
    assert all(_line(styles[name]) < 1.38 * 240 for name in ("Normal", "Heading 1", "toc 1"))
    assert styles["Lede"].paragraph_format.keep_together  # the BLUF box never splits


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
    instructions = [norm(i) for i in built.xpath("word/document.xml", "//w:instrText/text()")]
    assert instructions.count(TOC_FIELD) == 1  # Heading 1 and the actors only, as in the PDF
    separator = built.xpath("word/settings.xml", "/w:settings/w:listSeparator/@w:val")
    assert separator == [","]  # what separates the \t list
    chars = built.xpath("word/document.xml", "//w:body//w:fldChar/@w:fldCharType")
    assert chars.count("begin") == chars.count("separate") == chars.count("end") >= 1
    update = built.xpath("word/settings.xml", "/w:settings/w:updateFields/@w:val")
    assert update == ["true"]
    mode = built.xpath("word/settings.xml", "//w:compatSetting[@w:name='compatibilityMode']/@w:val")
    assert mode == ["15"]  # no "[Compatibility Mode]" in Word's title bar


def test_cached_contents_match_what_the_toc_field_collects(built):
    """The entries shown before Word updates the field: those the field would list, each a
    TOC 1 / TOC 2 paragraph linking to its heading, with a dotted tab and a PAGEREF field."""
    body = built.body
    levels = {"Heading1": 1, built.doc.styles["Actor Heading"].style_id: 2}
    headings = [
        (levels[_style_id(p)], p_text(p), p) for p in body.iterchildren(qn("w:p")) if _style_id(p) in levels
    ]
    entries = [p for p in body.iterchildren(qn("w:p")) if _style_id(p) in ("TOC1", "TOC2")]
    assert len(entries) == len(headings) > 10
    for entry, (level, text, heading) in zip(entries, headings, strict=True):
        assert _style_id(entry) == f"TOC{level}"
        (link,) = entry.findall(qn("w:hyperlink"))
        anchor = link.get(qn("w:anchor"))
        assert heading.xpath(f"./w:bookmarkStart[@w:name='{anchor}']")
        shown = "".join(link.xpath("./w:r/w:t/text()"))
        assert shown.startswith(text) and shown[len(text) :].isdigit()  # then the PDF's page number
        assert link.xpath("./w:r/w:tab")
        instructions = [norm(i) for i in link.xpath(".//w:instrText/text()")]
        assert instructions == [f"PAGEREF {anchor} \\h"]
    for level in (1, 2):
        tab = built.doc.styles[f"toc {level}"].element.xpath("./w:pPr/w:tabs/w:tab")[0]
        assert (tab.get(qn("w:val")), tab.get(qn("w:leader"))) == ("right", "dot")


def _style_id(p) -> str | None:
    found = p.xpath("./w:pPr/w:pStyle/@w:val")
    return found[0] if found else None


def test_header_footer_page_fields_and_first_page(built):
    section = built.doc.sections[0]
    assert section.different_first_page_header_footer
    assert built.xpath("word/document.xml", "(//w:sectPr)[1]/w:titlePg")
    assert len(built.xpath("word/document.xml", "//w:sectPr/w:titlePg")) == 1
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


def test_one_header_and_footer_serve_portrait_and_landscape(built):
    """Later sections link to the first; a position tab right-aligns on any page width."""
    sections = built.doc.sections
    assert len(sections) == 3
    for later in sections[1:]:
        assert later.header.is_linked_to_previous and later.footer.is_linked_to_previous
        assert not later.different_first_page_header_footer  # the matrix pages show the header
    refs = built.xpath("word/document.xml", "//w:sectPr/w:headerReference | //w:sectPr/w:footerReference")
    assert len(refs) == 4  # default and first page, on the first section only
    handling_id = built.doc.styles["Handling Mark"].style_id
    handling = built.doc.styles["Handling Mark"].font
    assert handling.bold and handling.color.rgb == docx.shared.RGBColor.from_string(THEME.colours.handling)
    first = sections[0]
    for part in (first.header, first.footer):
        p = part.paragraphs[0]._p
        ptab = p.xpath(".//w:r/w:ptab")
        assert len(ptab) == 1
        assert {k.split("}")[1]: v for k, v in ptab[0].attrib.items()} == {
            "relativeTo": "margin",
            "alignment": "right",
            "leader": "none",
        }
        assert p.xpath(".//w:rPr/w:rStyle/@w:val") == [handling_id]
        assert not p.xpath(".//w:rPr/w:b | .//w:rPr/w:color | ./w:pPr/w:tabs")  # styles only
    for sect_pr in built.xpath("word/document.xml", "//w:sectPr"):
        margins = sect_pr.find(f"{{{W}}}pgMar")
        assert int(margins.get(f"{{{W}}}header")) >= 567  # 10 mm: inside what printers print
        assert int(margins.get(f"{{{W}}}footer")) >= 567


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
            wanted = "Stance Not Addressed" if stance == "not-addressed" else "Table Text"
            assert {style_name(built.doc, p) for p in tc.p_lst} == {wanted}
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
    assert width_px >= shape.width.inches * 300 * 0.98  # about 300 pixels per printed inch


def test_captions_number_with_word_seq_fields(built):
    """A leading "Figure 1." / "Table 1." is Word's caption number; the text stays the HTML's."""
    found = {}
    for p in built.body.iter(qn("w:p")):
        if style_name(built.doc, p) != "caption":  # Word's built-in name
            continue
        instructions = [norm(i) for i in p.xpath(".//w:instrText/text()")]
        assert len(instructions) == 1
        label = re.fullmatch(r"SEQ (Figure|Table) \\\* ARABIC", instructions[0]).group(1)
        runs = p.xpath("./w:r")
        begin = next(n for n, r in enumerate(runs) if r.xpath("./w:fldChar[@w:fldCharType='begin']"))
        assert "".join(t for r in runs[:begin] for t in r.xpath("./w:t/text()")) == f"{label} "
        cached = runs[begin + 3].xpath("./w:t/text()")  # begin, instruction, separate, result
        found[label] = cached[0]
        assert p_text(p).startswith(f"{label} {cached[0]}. ")
    assert found == {"Figure": "1", "Table": "1"}


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


def _abstract_of(numbering, num_id) -> etree._Element:
    abstract_id = numbering.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val", namespaces=NS)[0]
    return numbering.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract_id}']", namespaces=NS)[0]


def test_list_styles_have_their_own_definitions_and_nothing_is_unused(built):
    numbering = built.parts["word/numbering.xml"]
    styles = built.parts["word/styles.xml"]
    style_num = {
        name: styles.xpath(f"//w:style[@w:styleId='{name}']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)[0]
        for name in ("ListNumber", "ListBullet")
    }
    list_number = _abstract_of(numbering, style_num["ListNumber"])
    assert list_number.xpath("./w:lvl[@w:ilvl='0']/w:pStyle/@w:val", namespaces=NS) == ["ListNumber"]
    judgments = [
        p for p in built.doc.paragraphs if p.style.name == "List Number" and p._p.pPr.numPr is not None
    ]
    references = [
        p for p in built.doc.paragraphs if p.style.name == "Reference" and p._p.pPr.numPr is not None
    ]
    judgments_abstract = _abstract_of(numbering, judgments[0]._p.pPr.numPr.numId.val)
    references_abstract = _abstract_of(numbering, references[0]._p.pPr.numPr.numId.val)
    assert list_number is not references_abstract  # Word would continue one list in the other

    def indent(abstract) -> str:
        return abstract.xpath("./w:lvl[@w:ilvl='0']/w:pPr/w:ind/@w:left", namespaces=NS)[0]

    assert indent(list_number) == indent(judgments_abstract)
    used_nums = set(built.xpath("word/document.xml", "//w:numPr/w:numId/@w:val"))
    used_nums |= set(styles.xpath("//w:numPr/w:numId/@w:val", namespaces=NS))
    nums = numbering.xpath("./w:num/@w:numId", namespaces=NS)
    assert set(nums) == used_nums  # no list instance of python-docx's template is left
    used_abstracts = set(numbering.xpath("./w:num/w:abstractNumId/@w:val", namespaces=NS))
    assert set(numbering.xpath("./w:abstractNum/@w:abstractNumId", namespaces=NS)) == used_abstracts


# --- direct formatting, stray characters, package parts --------------------------------------


def test_bold_and_colour_come_from_character_styles(built):
    strong_id = built.doc.styles["Strong"].style_id
    lead_in_id = built.doc.styles["Lead-in"].style_id
    root = html_root(built.html)
    bullets = root.xpath("//ul/li/strong[1]")
    assert bullets
    run_styles = built.xpath("word/document.xml", "//w:r/w:rPr/w:rStyle/@w:val")
    assert run_styles.count(strong_id) >= len(bullets)
    assert lead_in_id in run_styles
    direct = built.xpath("word/document.xml", "//w:r/w:rPr/w:b | //w:r/w:rPr/w:color")
    assert direct == []


def test_no_word_joiner_reaches_word(built):
    assert WORD_JOINER in built.html  # the PDF needs it before footnote calls
    with zipfile.ZipFile(built.path) as package:
        for name in ("word/document.xml", "word/footnotes.xml"):
            assert WORD_JOINER not in package.read(name).decode("utf-8"), name


def test_no_template_leftovers_in_the_package(built):
    with zipfile.ZipFile(built.path) as package:
        names = package.namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert not [n for n in names if n.startswith("customXml/")]
    assert "docProps/thumbnail.jpeg" not in names
    assert not built.xpath("word/settings.xml", "//w:proofState")


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
    assert props.last_modified_by == meta["author"]
    application = built.parts["docProps/app.xml"].find(f"{{{EP}}}Application")
    assert application.text == "briefing"


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
            if name in ("Title", "TOC Heading", "Actor Heading") or name.lower().startswith("heading"):
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


def test_word_layout_flows_like_the_pdf(built, libreoffice_pdf):
    """About as many pages as the PDF, and page 1 holds masthead, contents and the whole BLUF."""
    pages = len(PdfReader(str(libreoffice_pdf)).pages)
    pdf_pages = len(PdfReader(str(built.pdf)).pages)
    assert abs(pages - pdf_pages) <= 1, (pages, pdf_pages)
    root = html_root(built.html)
    for span in root.xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]"):
        span.drop_tree()
    bluf = norm(root.xpath("//section[@id='bluf']/p")[0].text_content()).split(" ")
    first, second = (flat(pdf_text(libreoffice_pdf, n, n)) for n in (1, 2))
    assert "Contents" in first and flat(norm(root.xpath("//h1")[0].text_content())) in first
    for words in (bluf[:6], bluf[-4:]):  # the box starts and ends on page 1
        assert flat(" ".join(words)) in first
        assert flat(" ".join(words)) not in second


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
    by_text = {norm(_plain(h["c"][2])): h["c"][0] for h in _nodes(pandoc_ast["blocks"], "Header")}
    actors = [norm(h.text_content()) for h in root.xpath("//section[@class='actor']/h3")]
    assert actors and all(by_text[a] == 2 for a in actors)  # Actor Heading, based on Heading 2
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


def test_line_heights_follow_the_html_stylesheet(built, tmp_path):
    loose, n = re.subn(r"(ul\.legend \{[^}]*?line-height:\s*)[\d.]+", r"\g<1>1.5", built.html)
    assert n == 1
    write_docx(loose, tmp_path / "loose.docx")
    legend = docx.Document(str(tmp_path / "loose.docx")).styles["Legend"]
    assert _line(legend) == round(1.5 / 1.22 * 240)

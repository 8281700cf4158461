"""The Word writer: real Word structures, the same text as the HTML, readable by Word's peers.

The seed brief is built once per module; every test reads that one DOCX (python-docx, the raw
package parts, pandoc's docx reader, LibreOffice) and compares it with the HTML it came from
(and, for page flow, with the PDF built from the same HTML).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree
from office import libreoffice_pdf as lay_out
from pdftools import flat, pdf_text
from pypdf import PdfReader

from briefing.build import build
from briefing.docx import oxml as x
from briefing.docx import write_docx
from briefing.docx.walk.writer import Writer
from briefing.docx.word.fonts import line_em
from briefing.docx.word.styles import specs, word_line
from briefing.errors import BriefingError
from briefing.html.render import TEMPLATES
from briefing.theme import PAGE_LABEL, PAPER, THEME
from briefing.walker import Page, VocabularyError, check

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SPACE = re.compile(r"\s+")
WORD_JOINER = "\u2060"
TOC_FIELD = r'TOC \h \z \t "Heading 1,1,Heading 1 New Page,1,Actor Heading,2"'


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


def page(body: str, *, lang: str = "en-US", label: str | None = PAGE_LABEL, head: str = "<title>T</title>") -> str:
    """A small brief page around ``body``, written (as far as locating goes) by bluf.html.j2."""
    attrs = f' data-page-label="{label}"' if label is not None else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body{attrs}>\n'
        f'<section id="bluf" data-template="sections/bluf.html.j2">\n{body}\n</section></body></html>'
    )


def written(html: str, tmp_path: Path, name: str = "t.docx") -> tuple[docx.document.Document, dict]:
    """Write ``html``; the document and its XML parts."""
    target = tmp_path / name
    write_docx(html, target)
    with zipfile.ZipFile(target) as package:
        parts = {n: etree.fromstring(package.read(n)) for n in package.namelist() if n.endswith(".xml")}
    return docx.Document(str(target)), parts


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
    assert fonts.get(f"{{{W}}}eastAsia") == next(iter(THEME.fonts.cjk.values()))[1]  # an English brief
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


def _css(html: str) -> str:
    return html_root(html).find("head/style").text


def test_line_spacing_is_the_theme_leading_in_word_lines(built):
    """Leading 1.38 is 1.38 em; a single line of Cambria (as Caladea sets it) is already 1.15 em."""
    assert round(word_line(1.38, 1.17) * 240) == 283
    serif, sans = line_em(THEME.fonts.docx_serif), line_em(THEME.fonts.docx_sans)
    assert round(serif, 2) == 1.15 and round(sans, 2) == 1.22  # Caladea and Carlito, read by fontTools
    lh = THEME.leading
    styles = built.doc.styles
    expected = {
        "Normal": THEME.sizes.leading / serif,
        "Title": lh.title / sans,
        "Subtitle": lh.subtitle / sans,
        "footnote text": lh.footnote / sans,
        "Pull Quote": lh.quote / serif,
        "Quote Attribution": lh.quote / sans,
        "Table Text": lh.matrix / sans,
        "Legend": lh.legend / sans,
        "heading 1": THEME.sizes.leading / sans,  # the stylesheet gives headings the body's leading
    }
    for name, lines in expected.items():
        assert _line(styles[name]) == round(lines * 240), name
    # The PDF reads the same theme values: the stylesheet prints each leading the Word styles use.
    css = _css(built.html)
    for value in (THEME.sizes.leading, lh.title, lh.subtitle, lh.footnote, lh.quote, lh.matrix, lh.legend):
        assert f"line-height: {value};" in css, value
    # Spacing is Normal's alone; the document defaults carry none to copy it.
    assert not built.xpath("word/styles.xml", "//w:docDefaults/w:pPrDefault/w:pPr/*")
    assert styles["Lede"].paragraph_format.keep_together  # the BLUF box never splits


def test_language_comes_from_the_html_lang(built):
    lang = html_root(built.html).get("lang")
    assert lang
    found = built.xpath("word/styles.xml", "//w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert found == [lang]
    assert built.doc.core_properties.language == lang


def test_a_british_brief_is_british_in_word(tmp_path):
    doc, parts = written(page("<p>Colour.</p>", lang="en-GB"), tmp_path)
    lang = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")[0]
    assert lang.get(qn("w:val")) == "en-GB"
    assert doc.core_properties.language == "en-GB"
    assert parts["word/settings.xml"].xpath("//w:themeFontLang/@w:val", namespaces=NS) == ["en-GB"]
    assert not parts["word/document.xml"].xpath("//w:r/w:rPr/w:lang", namespaces=NS)  # all the default's


@pytest.mark.parametrize(
    ("lang", "word", "face"),
    [("ko", "ko-KR", "Malgun Gothic"), ("ja", "ja-JP", "Yu Gothic"), ("zh-Hant", "zh-TW", "Microsoft JhengHei")],
)
def test_an_east_asian_brief_takes_its_own_east_asian_language_and_face(tmp_path, lang, word, face):
    assert THEME.fonts.cjk_faces(lang)[1] == face
    doc, parts = written(page("<p>本文。</p>", lang=lang), tmp_path)
    defaults = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr")[0]
    assert defaults.xpath("./w:lang/@w:val") == [word] and defaults.xpath("./w:lang/@w:eastAsia") == [word]
    assert defaults.xpath("./w:rFonts/@w:eastAsia") == [face]
    eastern = parts["word/styles.xml"].xpath("//w:style//w:rFonts/@w:eastAsia", namespaces=NS)
    assert eastern == []  # styles inherit the default's East-Asian face


def test_text_in_another_language_carries_its_own(tmp_path):
    html = page(
        '<blockquote class="pullquote" lang="zh-Hans"><p>中国的援助</p></blockquote>'
        '<p>The French say <em lang="fr">raison d’être</em> here.</p>'
    )
    _, parts = written(html, tmp_path)
    document = parts["word/document.xml"]
    (quote,) = [p for p in document.xpath("//w:p", namespaces=NS) if p_text(p) == "中国的援助"]
    runs = quote.xpath("./w:r", namespaces=NS)
    assert runs and all(r.xpath("./w:rPr/w:lang/@w:val", namespaces=NS) == ["zh-CN"] for r in runs)
    assert all(r.xpath("./w:rPr/w:lang/@w:eastAsia", namespaces=NS) == ["zh-CN"] for r in runs)
    assert all(r.xpath("./w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == ["Microsoft YaHei"] for r in runs)
    tagged = document.xpath("//w:r[w:rPr/w:lang]", namespaces=NS)
    french = [r for r in tagged if r.xpath("./w:rPr/w:lang/@w:val", namespaces=NS) == ["fr"]]
    assert norm("".join(t for r in french for t in r.xpath(".//w:t/text()", namespaces=NS))) == "raison d’être"
    assert len(tagged) == len(runs) + len(french)  # the English text around them carries none


def test_word_tags_from_bcp47():
    from briefing.docx.word.language import word_tag

    assert [word_tag(t) for t in ("en-GB", "en", "zh-Hans", "zh-Hant", "zh-Hans-SG", "ja", "ko", "sr-Latn-RS")] == [
        "en-GB", "en", "zh-CN", "zh-TW", "zh-SG", "ja-JP", "ko-KR", "sr-RS"
    ]


def test_styles_carry_no_theme_fonts_or_colours(built):
    """Theme attributes (asciiTheme, themeColor...) would override the named fonts and colours;
    the template's linked "… Char" styles, which carry them, are gone with every unused style."""
    styles = built.parts["word/styles.xml"]
    by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.xpath("/w:styles/w:style", namespaces=NS)}
    used: set[str] = set()
    for part in built.parts.values():
        used |= set(part.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val", namespaces=NS))
    assert used and used <= set(by_id)
    wanted, seen = set(used), set()
    while wanted:  # the used styles and every style they name: base, next, link
        style_id = wanted.pop()
        seen.add(style_id)
        named = by_id[style_id].xpath("./w:basedOn/@w:val | ./w:next/@w:val | ./w:link/@w:val", namespaces=NS)
        wanted |= set(named) - seen
    for style_id in seen:
        for props in by_id[style_id].xpath(".//w:rPr/*", namespaces=NS):
            themed = [k for k in props.attrib if "theme" in k.split("}")[-1].lower()]
            assert not themed, (style_id, props.tag, themed)
    assert not styles.xpath("//w:style/w:link", namespaces=NS)
    assert not [s for s in by_id if s.endswith("Char")], sorted(by_id)
    brief = {spec.name.lower() for spec in specs(THEME, 9000)}
    names = {e.find(f"{{{W}}}name").get(f"{{{W}}}val").lower(): e.get(f"{{{W}}}default") for e in by_id.values()}
    assert set(names) == brief | {n for n, default in names.items() if default == "1"}  # nothing else


def test_confidence_label_is_the_theme_size(built):
    confidence = built.doc.styles["Confidence"].font
    assert confidence.size.pt == half_points(THEME.sizes.confidence)
    assert confidence.small_caps and confidence.bold
    assert f"font-size: {THEME.sizes.confidence}pt" in _css(built.html)  # as the PDF's


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


def test_contents_is_a_toc_field_with_no_update_prompt(built):
    instructions = [norm(i) for i in built.xpath("word/document.xml", "//w:instrText/text()")]
    assert instructions.count(TOC_FIELD) == 1  # Heading 1 and the actors only, as in the PDF
    separator = built.xpath("word/settings.xml", "/w:settings/w:listSeparator/@w:val")
    assert separator == [","]  # what separates the \t list
    chars = built.xpath("word/document.xml", "//w:body//w:fldChar/@w:fldCharType")
    assert chars.count("begin") == chars.count("separate") == chars.count("end") >= 1
    # The cached page numbers are right (test_pagination.py): no update on open, so no prompt.
    assert not built.xpath("word/settings.xml", "/w:settings/w:updateFields")
    assert not built.xpath("word/document.xml", "//w:fldChar/@w:dirty")
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
    label = root.body.get("data-page-label")
    assert label == PAGE_LABEL
    shown = label.replace("{page}", "1").replace("{pages}", "1")  # the fields' cached results
    for footer in (section.footer, section.first_page_footer):
        instructions = [norm(t) for t in footer._element.xpath(".//w:instrText/text()")]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert p_text(footer.paragraphs[0]._p) == f"{handling} {shown}"


def test_the_footer_says_what_the_page_label_says(tmp_path):
    doc, _ = written(page("<p>Text.</p>", label="Seite {page} von {pages}"), tmp_path)
    footer = doc.sections[0].footer.paragraphs[0]._p
    runs = [r for r in footer.iter(qn("w:r"))]
    pieces = []
    for r in runs:
        pieces += [("text", t) for t in r.xpath("./w:t/text()")]
        pieces += [("field", norm(t)) for t in r.xpath("./w:instrText/text()")]
    assert [p for p in pieces if p[0] == "field"] == [("field", "PAGE"), ("field", "NUMPAGES")]
    texts = "".join(t for kind, t in pieces if kind == "text")
    assert texts == "Seite 1 von 1"
    assert "Page" not in texts and " of " not in texts  # no words but the HTML's
    doc, _ = written(page("<p>Text.</p>", label=None), tmp_path, "nolabel.docx")
    assert not doc.sections[0].footer._element.xpath(".//w:instrText")


def test_each_section_has_a_header_and_footer_reaching_its_right_margin(built):
    """A position tab right-aligns in Word on any page width; LibreOffice reads it as a plain
    tab, so each section's header and footer carry a right stop at that section's text width
    (the landscape matrix's reach the landscape margin, test_docx_reflow.py lays them out)."""
    sections = built.doc.sections
    assert len(sections) == 3
    for later in sections[1:]:
        assert not later.header.is_linked_to_previous and not later.footer.is_linked_to_previous
        assert not later.different_first_page_header_footer  # the matrix pages show the header
    refs = built.xpath("word/document.xml", "//w:sectPr/w:headerReference | //w:sectPr/w:footerReference")
    assert len(refs) == 4 + 2 * 2  # default and first page on the first section, default on the others
    handling_id = built.doc.styles["Handling Mark"].style_id
    handling = built.doc.styles["Handling Mark"].font
    assert handling.bold and handling.color.rgb == docx.shared.RGBColor.from_string(THEME.colours.handling)
    widths = set()
    for section in sections:
        width = round((section.page_width - section.left_margin - section.right_margin) / 635)
        widths.add(width)
        for part in (section.header, section.footer):
            p = part.paragraphs[0]._p
            ptab = p.xpath(".//w:r/w:ptab")
            assert len(ptab) == 1
            assert {k.split("}")[1]: v for k, v in ptab[0].attrib.items()} == {
                "relativeTo": "margin",
                "alignment": "right",
                "leader": "none",
            }
            assert p.xpath(".//w:rPr/w:rStyle/@w:val") == [handling_id]
            assert not p.xpath(".//w:rPr/w:b | .//w:rPr/w:color")  # styles only
            assert p.xpath("./w:pPr/w:tabs/w:tab/@w:pos") == [str(width)]
            assert p.xpath("./w:pPr/w:tabs/w:tab/@w:val") == ["right"]
    assert len(widths) == 2  # portrait and landscape
    for sect_pr in built.xpath("word/document.xml", "//w:sectPr"):
        margins = sect_pr.find(f"{{{W}}}pgMar")
        assert int(margins.get(f"{{{W}}}header")) >= 567  # 10 mm: inside what printers print
        assert int(margins.get(f"{{{W}}}footer")) >= 567


def test_page_geometry_follows_the_theme_and_the_data_attributes(built):
    _, width, height = PAPER["a4"]
    sections = built.doc.sections
    first = sections[0]
    assert round(first.page_width.mm, 1) == width and round(first.page_height.mm, 1) == height
    assert round(first.left_margin.mm) == THEME.page.margin_inner
    assert round(first.top_margin.mm) == THEME.page.margin_top
    # <section data-page="landscape"> is a landscape Word section of its own
    landscape = html_root(built.html).xpath("//section[@data-page='landscape']")
    assert [s.get("id") for s in landscape] == ["matrix"]
    assert [s.page_width > s.page_height for s in sections] == [False, True, False]
    wide = sections[1]
    pg = THEME.page
    assert round(wide.top_margin.mm, 1) == pg.landscape_margin_top
    assert round(wide.bottom_margin.mm, 1) == pg.landscape_margin_bottom
    assert round(wide.left_margin.mm, 1) == round(wide.right_margin.mm, 1) == pg.landscape_margin_side
    assert round(wide.header_distance.mm, 1) >= pg.furniture_min
    # The landscape section holds the matrix: its heading and table end with the first section break.
    body = list(built.body)
    first_break = next(n for n, b in enumerate(body) if b.xpath("./w:pPr/w:sectPr"))
    second_break = next(n for n, b in enumerate(body) if n > first_break and b.xpath("./w:pPr/w:sectPr"))
    matrix = [n for n, b in enumerate(body) if b.tag == qn("w:tbl")]
    assert matrix and first_break < matrix[0] < second_break
    heading = norm(landscape[0].xpath("./h2")[0].text_content())
    assert p_text(body[first_break + 1]) == heading


def test_break_before_page_starts_a_new_page_by_its_headings_style(built, tmp_path):
    """No page break in the flowing text: a section that starts a page (the editorial record,
    build --editorial-record; the source notes flow on) does so by its heading's style, Heading 1
    New Page, unless the page before it would be left more than half empty, where it follows on
    (a page of three lines then a blank is no design)."""
    from briefing.html.render import render_html
    from briefing.load import load_brief

    assert not html_root(built.html).xpath("//section[@data-break-before='page']")
    assert not built.body.xpath(".//w:pageBreakBefore")
    html = render_html(load_brief(Path(__file__).resolve().parents[1] / "seeds"), editorial_record=True)
    breaks = html_root(html).xpath("//section[@data-break-before='page']")
    assert [b.get("id") for b in breaks] == ["editorial-record"]
    write_docx(html, tmp_path / "record.docx")
    record = docx.Document(str(tmp_path / "record.docx"))
    assert not record.element.body.xpath(".//w:pageBreakBefore")
    heading = norm(breaks[0].xpath("./h2")[0].text_content())
    (p,) = [p for p in record.paragraphs if norm(p.text) == heading]
    assert p.style.style_id in ("Heading1NewPage", "Heading1")
    styles = built.doc.styles
    assert styles["Heading 1 New Page"].base_style.name == "Heading 1"
    assert styles["Heading 1 New Page"].paragraph_format.page_break_before
    for filler, expected in ((30, "Heading1NewPage"), (2, "Heading1")):
        html = page(
            "<h2>One</h2>" + "<p>Words enough for a line of body text, and then some more of them.</p>" * filler
        ).replace("</section></body>", '</section><section id="two" data-break-before="page"><h2>Two</h2><p>Text.</p></section></body>')
        document, _ = written(html, tmp_path, f"b{filler}.docx")
        (two,) = [p for p in document.paragraphs if p.text == "Two"]
        assert two.style.style_id == expected, filler


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
    share = THEME.page.matrix_first_column / 100  # the issue column, as wide as in the PDF
    assert abs(widths[0] / sum(widths) - share) < 0.001
    assert f"width: {THEME.page.matrix_first_column}%" in _css(built.html)
    assert len(set(widths[1:])) == 1

    def fill(tc) -> str | None:
        found = tc.xpath("./w:tcPr/w:shd/@w:fill")
        return found[0] if found else None

    html_rows = html_root(built.html).xpath("//table[@class='matrix']//tr")
    assert len(html_rows) == len(rows)
    assert all(fill(tc) == THEME.colours.accent for tc in rows[0].tc_lst)
    header_runs = rows[0].tc_lst[1].xpath(".//w:p/w:pPr/w:pStyle/@w:val")
    assert built.doc.styles.element.get_by_id(header_runs[0]).name_val == "Table Heading"
    checked = 0
    from briefing.load import load_brief

    fills = load_brief(SEEDS).stance_fills(THEME)  # the model's resolved fills, written into the HTML
    for tr_html, tr in zip(html_rows[1:], rows[1:], strict=True):
        for td, tc in zip(tr_html.xpath("./td"), tr.tc_lst[1:], strict=True):
            stance = next(c[len("stance-") :] for c in td.get("class").split() if c.startswith("stance-"))
            assert fill(tc) == td.get("data-fill") == fills[stance]
            label = norm(td.xpath(".//span[@class='stance-label']")[0].text_content())
            assert p_text(tc.p_lst[0]).startswith(label)
            wanted = "Stance Not Addressed" if stance == "not-addressed" else "Table Text"
            assert {style_name(built.doc, p) for p in tc.p_lst} == {wanted}
            checked += 1
    assert checked == len(html_root(built.html).xpath("//table[@class='matrix']//td")) > 0
    on_accent = built.doc.styles["Table Heading"].font.color.rgb
    assert str(on_accent) == THEME.colours.on_accent
    assert built.doc.styles["Table Text"].font.size.pt == half_points(THEME.sizes.matrix)
    rules = built.doc.styles["Stance Matrix"].element.xpath("./w:tblPr/w:tblBorders/*/@w:color")
    assert set(rules) == {THEME.colours.on_accent}
    # One way to the header and row-head look: paragraph styles and cell fills, no conditional parts.
    assert not built.doc.styles["Stance Matrix"].element.xpath("./w:tblStylePr")
    row_head = rows[1].tc_lst[0]
    assert fill(row_head) == THEME.colours.accent_soft
    assert {style_name(built.doc, p) for p in row_head.p_lst} == {"Table Row Heading"}


def test_table_look_value_and_flags_agree(built):
    (look,) = built.doc.tables[0]._tbl.xpath("./w:tblPr/w:tblLook")
    bits = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100, "noHBand": 0x200, "noVBand": 0x400}
    flags = {name: look.get(qn(f"w:{name}")) == "1" for name in bits}
    assert flags == {"firstRow": True, "lastRow": False, "firstColumn": True, "lastColumn": False, "noHBand": True, "noVBand": True}
    assert int(look.get(qn("w:val")), 16) == sum(bit for name, bit in bits.items() if flags[name])


# --- figure ----------------------------------------------------------------------------------


def test_chart_is_an_svg_picture_with_a_png_fallback_and_its_alt_text(built):
    svg = html_root(built.html).xpath("//figure[@class='chart']/svg")[0]
    descriptions = built.xpath("word/document.xml", "//wp:docPr/@descr")
    assert descriptions == [svg.get("aria-label")]
    assert len(built.doc.inline_shapes) == 1
    shape = built.doc.inline_shapes[0]
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    fallback = built.doc.part.related_parts[blip.embed].blob
    assert fallback[:8] == b"\x89PNG\r\n\x1a\n"
    width_px = int.from_bytes(fallback[16:20], "big")
    assert width_px >= shape.width.inches * 150 * 0.98  # a modest fallback: 150 pixels per inch
    asvg = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
    (ext,) = blip.xpath("./a:extLst/a:ext")
    assert ext.get("uri") == "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word's svgBlip extension
    (svg_rid,) = etree.ElementBase.xpath(ext, "./asvg:svgBlip/@r:embed", namespaces={"asvg": asvg, "r": docx.oxml.ns.nsmap["r"]})
    part = built.doc.part.related_parts[svg_rid]
    assert part.content_type == "image/svg+xml" and str(part.partname).endswith(".svg")
    drawn = etree.fromstring(part.blob)
    assert drawn.tag == "{http://www.w3.org/2000/svg}svg" and drawn.get("viewBox") == svg.get("viewbox")
    texts = [norm("".join(t.itertext())) for t in drawn.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == [norm(t.text_content()) for t in svg.iter("text")]  # the HTML's drawing, word for word
    assert built.path.stat().st_size <= 100_000  # the seed DOCX stays small


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


def test_one_numbering_scheme_for_every_list_and_nothing_unused(built):
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
    # One numbering scheme: every numbered list is an instance of List Number's definition...
    assert _abstract_of(numbering, judgments[0]._p.pPr.numPr.numId.val) is list_number
    assert _abstract_of(numbering, references[0]._p.pPr.numPr.numId.val) is list_number
    # ...of its own, which restarts at 1 (so Word does not continue one list in the other).
    assert judgments[0]._p.pPr.numPr.numId.val != references[0]._p.pPr.numPr.numId.val
    bullets = [p for p in built.doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None and p.style.name == "List Bullet"]
    assert bullets and {_abstract_of(numbering, b._p.pPr.numPr.numId.val) for b in bullets} == {_abstract_of(numbering, style_num["ListBullet"])}
    assert len(numbering.xpath("./w:abstractNum", namespaces=NS)) == 2  # bullets and numbers, nothing else
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
    assert props.language == html_root(built.html).get("lang")
    assert props.created.date().isoformat() == meta["dcterms.created"]
    assert props.modified == props.created
    assert props.last_modified_by == meta["author"]
    assert props.category == ""  # the HTML names none
    assert props.comments == ""  # not the template's "generated by python-docx"
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
    return lay_out(built.path, tmp_path_factory.mktemp("lo"))


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


def test_an_element_outside_the_vocabulary_names_itself_and_its_template():
    with pytest.raises(VocabularyError) as caught:
        check(STRAY)
    message = str(caught.value)
    lines = message.splitlines()
    assert len(lines) == 2  # every problem of the page in one error
    aside = next(line for line in lines if "<aside" in line)
    assert '<aside class="x"> is not in the element vocabulary (briefing/html/vocabulary.py)' in aside
    assert aside.startswith(str(Path("templates") / "sections" / "bluf.html.j2")) or (
        str(TEMPLATES / "sections" / "bluf.html.j2") in aside
    )
    assert '<span class="fnote">' in message


def test_an_unknown_element_is_located_on_its_template_line(tmp_path):
    template = TEMPLATES / "sections" / "references.html.j2"
    expected = next(n for n, line in enumerate(template.read_text().splitlines(), 1) if "<ol" in line)
    html = (
        STRAY.replace("sections/bluf.html.j2", "sections/references.html.j2")
        .replace('<aside class="x">Side remark</aside>', '<ol class="bibliography"><li>A</li></ol>')
        .replace('class="fnote"', 'class="footnote"')
    )
    with pytest.raises(VocabularyError) as caught:
        check(html)
    assert f"references.html.j2:{expected}:" in str(caught.value)
    assert '<ol class="bibliography">' in str(caught.value)


def test_paper_is_the_argument_not_the_stylesheet(built, tmp_path):
    letter_css = built.html.replace("size: A4;", "size: letter;", 1)
    assert letter_css != built.html
    write_docx(letter_css, tmp_path / "css.docx")  # the stylesheet is the PDF's business only
    section = docx.Document(str(tmp_path / "css.docx")).sections[0]
    assert round(section.page_width.mm, 1) == PAPER["a4"][1]
    write_docx(built.html, tmp_path / "letter.docx", paper="letter")
    sections = docx.Document(str(tmp_path / "letter.docx")).sections
    assert round(sections[0].page_height.mm, 1) == PAPER["letter"][2]
    assert round(sections[1].page_width.mm, 1) == PAPER["letter"][2]  # the landscape matrix
    with pytest.raises(ValueError, match="paper"):
        write_docx(page("<p>x</p>"), tmp_path / "a5.docx", paper="a5")


def test_word_leading_follows_the_theme(tmp_path):
    html = page('<ul class="legend"><li><span class="stance-label stance-mixed">± Mixed</span> Both.</li></ul>')
    theme = replace(THEME, leading=replace(THEME.leading, legend=1.5))
    writer = Writer(Page(html), paper="a4", theme=theme)
    writer.write()
    writer.save(tmp_path / "loose.docx")
    legend = docx.Document(str(tmp_path / "loose.docx")).styles["Legend"]
    assert _line(legend) == round(1.5 / line_em(THEME.fonts.docx_sans) * 240)


# --- settings --------------------------------------------------------------------------------


def test_settings_children_keep_the_schema_order(built):
    """Word 2010+ rejects w:listSeparator after the w14 extensions (docId, defaultImageDpi)."""
    tags = [c.tag for c in built.parts["word/settings.xml"]]
    separator = tags.index(f"{{{W}}}listSeparator")
    extensions = [n for n, tag in enumerate(tags) if tag.startswith(f"{{{W14}}}")]
    assert extensions and separator < min(extensions)
    ranks = [x.SETTINGS[tag] for tag in tags if tag in x.SETTINGS]
    assert ranks == sorted(ranks)


def test_put_replaces_in_place_and_ranks_other_namespaces_by_full_tag():
    settings = parse_xml(
        f'<w:settings {nsdecls("w")} xmlns:w14="{W14}"><w:zoom w:percent="100"/>'
        f'<w:listSeparator w:val=";"/><w14:docId w14:val="1"/></w:settings>'
    )
    x.put(settings, x.val("listSeparator", ","))
    x.put(settings, x.val("decimalSymbol", "."))
    x.put(settings, x.val("updateFields", "true"))
    local = [etree.QName(c).localname for c in settings]
    assert local == ["zoom", "updateFields", "decimalSymbol", "listSeparator", "docId"]
    assert settings.find(qn("w:listSeparator")).get(qn("w:val")) == ","
    rpr = x.box("w:rPr", [x.val("sz", 20), x.on("b"), x.val("rStyle", "Strong")])
    assert [etree.QName(c).localname for c in rpr] == ["rStyle", "b", "sz"]


# --- the vocabulary guard: links, bookmarks, contents -----------------------------------------


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "mailto", "#", "ftp://x"])
def test_a_link_is_internal_or_http(tmp_path, href):
    with pytest.raises(VocabularyError) as caught:
        check(page(f'<p>See <a href="{href}">this</a>.</p>'))
    message = str(caught.value)
    assert f'<a href="{href}">' in message and "bluf.html.j2" in message


def test_http_and_internal_links_pass_the_guard(tmp_path):
    doc, parts = written(page('<p id="top">See <a href="https://example.org/a">this</a> and <a href="#top">that</a>, '
                              'or write to <a href="mailto:desk@example.org">the desk</a>.</p>'), tmp_path)
    assert parts["word/document.xml"].xpath("//w:hyperlink/@w:anchor", namespaces=NS) == ["top"]
    external = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert "https://example.org/a" in external and "mailto:desk@example.org" in external


def test_a_bare_span_or_cell_is_not_in_the_vocabulary(tmp_path):
    html = page(
        '<p>A <span>bare</span> span.</p>'
        '<table class="matrix"><tbody><tr><th>Issue</th><td>no stance</td></tr></tbody></table>'
    )
    with pytest.raises(VocabularyError) as caught:
        check(html)
    message = str(caught.value)
    assert "<span> is not in the element vocabulary" in message
    assert "<td> is not in the element vocabulary" in message


def test_a_link_to_an_id_on_an_inline_element_lands_on_its_bookmark(tmp_path):
    html = page('<p>See <a href="#claim">the claim</a>.</p><p>An <em id="claim">inline claim</em> here.</p>')
    _, parts = written(html, tmp_path)
    document = parts["word/document.xml"]
    assert document.xpath("//w:hyperlink/@w:anchor", namespaces=NS) == ["claim"]
    (start,) = document.xpath("//w:bookmarkStart[@w:name='claim']", namespaces=NS)
    inside = []
    for node in start.itersiblings():
        if node.tag == f"{{{W}}}bookmarkEnd" and node.get(f"{{{W}}}id") == start.get(f"{{{W}}}id"):
            break
        inside.append(node)
    else:
        raise AssertionError("the bookmark is not closed in its paragraph")
    assert norm("".join(t for r in inside for t in r.xpath(".//w:t/text()", namespaces=NS))) == "inline claim"
    assert all(r.xpath("./w:rPr/w:i", namespaces=NS) for r in inside)


def test_an_id_with_nothing_after_it_stops_the_build(tmp_path):
    with pytest.raises(VocabularyError) as caught:
        write_docx(page('<p><a href="#tail">Down</a></p><section id="tail"></section>'), tmp_path / "x.docx")
    assert 'id="tail"' in str(caught.value)
    assert not (tmp_path / "x.docx").exists()


def test_bookmark_names_differ_without_regard_to_case(tmp_path):
    html = page('<p id="Alpha">A</p><p id="alpha">B</p><p><a href="#alpha">b</a> <a href="#Alpha">a</a></p>')
    _, parts = written(html, tmp_path)
    document = parts["word/document.xml"]
    names = document.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert names[0] == "bluf" and len({n.lower() for n in names}) == len(names) == 3
    for anchor, text in zip(document.xpath("//w:hyperlink/@w:anchor", namespaces=NS), ("B", "A"), strict=True):
        (p,) = document.xpath(f"//w:p[w:bookmarkStart/@w:name='{anchor}']", namespaces=NS)
        assert p_text(p) == text


def test_contents_without_links_is_a_vocabulary_error(tmp_path):
    nav = '<nav class="toc" data-template="sections/toc.html.j2"><h2>Contents</h2><ol><li>Nothing</li></ol></nav>'
    html = page("<p>x</p>").replace('<section id="bluf"', f'{nav}\n<section id="bluf"')
    with pytest.raises(VocabularyError) as caught:
        write_docx(html, tmp_path / "x.docx")
    message = str(caught.value)
    assert '<nav class="toc">' in message and "toc.html.j2" in message


def test_page_attributes_belong_on_sections(tmp_path):
    with pytest.raises(VocabularyError) as caught:
        check(page('<p data-page="landscape">x</p><section data-break-before="column"><p>y</p></section>'))
    message = str(caught.value)
    assert 'data-page="landscape" on <p>' in message
    assert 'data-break-before="column"' in message


def test_an_unknown_class_is_located_by_whole_class_names(tmp_path):
    """"pos" is part of "position" on an earlier line; only the line with class "pos" wrote it."""
    template = tmp_path / "part.html.j2"
    template.write_text('<section>\n<p class="position">Where they stand</p>\n<p class="pos">Short</p>\n</section>\n')
    html = (
        '<!DOCTYPE html><html lang="en-US"><head><title>T</title></head><body>'
        f'<section data-template="{template}"><p class="pos">Short</p></section></body></html>'
    )
    with pytest.raises(VocabularyError) as caught:
        check(html)
    assert str(caught.value).startswith(f"{template}:3:1: ")


def test_a_class_made_by_jinja_is_located_on_its_line():
    from briefing.walker.source import _line_in

    matrix = TEMPLATES / "sections" / "matrix.html.j2"
    lines = matrix.read_text().splitlines()
    cell_line = next(n for n, line in enumerate(lines, 1) if "<td" in line)
    assert _line_in(matrix, "td", ["stance-pressure"]) == cell_line
    legend_line = next(n for n, line in enumerate(lines, 1) if "<span" in line)  # legend before cells
    assert _line_in(matrix, "span", ["stance-label", "stance-mixed"]) == legend_line


# --- figures -----------------------------------------------------------------------------------

NESTED_SVG = (
    '<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Two squares" '
    'viewBox="0 0 10 10" width="100" height="100">'
    '<svg x="0" y="0" width="5" height="5"><rect width="5" height="5" fill="#0000FF"/></svg>'
    '<rect x="5" y="5" width="5" height="5" fill="#FF0000"/></svg>'
    "<figcaption>Figure 1. Two squares.</figcaption></figure>"
)


def test_an_svg_keeps_its_viewbox_and_nested_svgs(tmp_path):
    """lxml's HTML parser lowercases viewBox, and a regex stops at the first </svg>."""
    from PIL import Image

    doc, _ = written(page(NESTED_SVG), tmp_path)
    shape = doc.inline_shapes[0]
    rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = Image.open(io.BytesIO(doc.part.related_parts[rid].blob)).convert("RGBA")
    w, h = image.size
    assert image.getpixel((w // 4, h // 4))[:3] == (0, 0, 255)  # the nested svg, scaled by the viewBox
    assert image.getpixel((3 * w // 4, 3 * h // 4))[:3] == (255, 0, 0)  # the rect after it


def test_an_svg_that_cannot_be_drawn_is_a_problem_not_a_traceback(tmp_path):
    broken = '<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="x" width="0" height="0"></svg></figure>'
    with pytest.raises(BriefingError) as caught:
        write_docx(page(broken), tmp_path / "x.docx")
    message = str(caught.value)
    assert "could not be drawn" in message and "bluf.html.j2" in message
    assert not (tmp_path / "x.docx").exists()


# --- package properties without a date ----------------------------------------------------------


def test_a_brief_without_a_date_is_dated_now(tmp_path):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    doc, _ = written(page("<p>x</p>"), tmp_path)
    props = doc.core_properties
    assert before <= props.created <= dt.datetime.now(dt.UTC)  # not the template's 2013
    assert props.modified == props.created


def test_judgment_markers_are_bold_accent_sans(built):
    numbering = built.parts["word/numbering.xml"]
    judgments = [p for p in built.doc.paragraphs if p.style.name == "List Number" and p._p.pPr.numPr is not None]
    abstract = _abstract_of(numbering, judgments[0]._p.pPr.numPr.numId.val)
    levels = abstract.xpath("./w:lvl", namespaces=NS)
    assert len(levels) == 9
    for lvl in levels:  # every level, not just the last one the properties were moved to
        assert lvl.xpath("./w:rPr/w:b", namespaces=NS)
        assert lvl.xpath("./w:rPr/w:color/@w:val", namespaces=NS) == [THEME.colours.accent]
        assert lvl.xpath("./w:rPr/w:rFonts/@w:ascii", namespaces=NS) == [THEME.fonts.docx_sans]


def test_spacing_lives_once_in_the_theme(tmp_path):
    """One edit of the theme moves both outputs: the stylesheet and the Word styles read it."""
    from briefing.docx.oxml import pt
    from briefing.html import render

    theme = replace(THEME, space=replace(THEME.space, paragraph=3.3, h1_before=11.1))
    css = render.render_css(theme=theme)
    assert "p { margin: 0 0 3.3mm;" not in render.render_css(), "the default theme is untouched"
    assert "p { margin: 0 0 3.3mm;" in css and "margin: 11.1mm 0" in css
    html = page("<h2>Head</h2><p>Text.</p>")
    writer = Writer(Page(html), paper="a4", theme=theme)
    writer.write()
    writer.save(tmp_path / "spaced.docx")
    styles = docx.Document(str(tmp_path / "spaced.docx")).styles
    assert styles["Normal"].paragraph_format.space_after.twips == round(pt(3.3) * 20)
    assert styles["Heading 1"].paragraph_format.space_before.twips == round(pt(11.1) * 20)


# Direct formatting the DOCX may carry: only what Word's own UI writes for the same content.
# Everything else (fonts, sizes, colours, spacing, indents, bold) comes from a named style.
ALLOWED_DIRECT = {
    "pPr": {
        "pStyle": "the paragraph's style",
        "numPr": "list membership, as Word's numbering buttons write it",
        "keepNext": "Line and Page Breaks › Keep with next: a table's caption, a kept group",
        "sectPr": "Layout › Breaks › Section break (the landscape matrix)",
        "tabs": "Tabs: a right stop at the section's text width, in its header and footer (page.py)",
        "ind": "right indent of 1 twip: a quote after a quote keeps a bar of its own (writer._blockquote)",
    },
    "rPr": {
        "rStyle": "the run's character style",
        "i": "Italic (Ctrl+I): <em>",
        "iCs": "Italic, complex scripts",
        "shd": "Shading: a stance label's fill",
        "lang": "Review › Language: text in another language than the document's",
        "rFonts": "the East-Asian face Word picks with that language",
    },
}


def test_no_direct_formatting_but_what_words_ui_writes(built):
    checked = 0
    for name, part in built.parts.items():
        if not re.fullmatch(r"word/(document|footnotes|header\d+|footer\d+)\.xml", name):
            continue
        for props in part.xpath("//w:pPr | //w:r/w:rPr", namespaces=NS):
            if props.xpath("ancestor::w:footnote[@w:type]", namespaces=NS):
                continue  # Word's own separator notes, written as Word writes them
            kind = etree.QName(props).localname
            for child in props:
                local = etree.QName(child).localname
                assert local in ALLOWED_DIRECT[kind], (name, kind, local, p_text(props.getparent()))
                if local == "ind":
                    assert dict(child.attrib) == {f"{{{W}}}right": "1"}
                if local == "rFonts":
                    assert set(child.attrib) == {f"{{{W}}}eastAsia"}
                checked += 1
    assert checked > 300

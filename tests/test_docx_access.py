"""The DOCX against the rules of Word's Accessibility Checker that can be read from its XML,
on the seed and on the Chinese fixture: alt text, header rows, no spacing paragraphs, heading
levels, title and language, contrast of every filled cell's text, and no meaning by colour alone."""

from __future__ import annotations

import itertools
import re
import zipfile

import pytest
from conftest import MEKONG, SEEDS
from lxml import etree

from briefing.build import build
from briefing.load import load_brief
from briefing.theme import THEME

pytestmark = pytest.mark.build
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two hex RGB colours."""

    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class Docx:
    def __init__(self, path) -> None:
        with zipfile.ZipFile(path) as z:
            self.body = etree.fromstring(z.read("word/document.xml"))
            self.styles = etree.fromstring(z.read("word/styles.xml"))
            self.core = etree.fromstring(z.read("docProps/core.xml"))
            self.settings = etree.fromstring(z.read("word/settings.xml"))
        self.by_id = {s.get(f"{{{W}}}styleId"): s for s in self.styles.iterfind("w:style", NS)}

    def style_value(self, style_id: str | None, path: str) -> str | None:
        """A property of a paragraph style, following basedOn, then the document defaults."""
        while style_id in self.by_id:
            style = self.by_id[style_id]
            found = style.find(path, NS)
            if found is not None:
                return found.get(f"{{{W}}}val")
            based = style.find("w:basedOn", NS)
            style_id = based.get(f"{{{W}}}val") if based is not None else None
        found = self.styles.find("w:docDefaults/w:rPrDefault/w:rPr/" + path.split("/")[-1], NS)
        return found.get(f"{{{W}}}val") if found is not None else None


@pytest.fixture(scope="module", params=["seed", "mekong"])
def docx(request, tmp_path_factory):
    folder = {"seed": SEEDS, "mekong": MEKONG}[request.param]
    out = tmp_path_factory.mktemp(request.param)
    return Docx(build(folder, out, formats=("docx",)).outputs["docx"]), load_brief(folder)


def test_every_image_has_alt_text(docx):
    doc, _ = docx
    pictures = doc.body.findall(".//wp:docPr", NS)
    assert pictures
    assert all((p.get("descr") or "").strip() for p in pictures)


def test_every_table_has_a_marked_header_row(docx):
    doc, _ = docx
    tables = doc.body.findall(".//w:tbl", NS)
    assert tables
    for table in tables:
        assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_no_empty_paragraphs_for_spacing(docx):
    doc, _ = docx
    empty = []
    for p in doc.body.iterfind(".//w:p", NS):
        if "".join(p.itertext()).strip():
            continue
        if p.find(".//w:drawing", NS) is not None or p.find("w:pPr/w:sectPr", NS) is not None:
            continue
        if p.find(".//w:br[@w:type='page']", NS) is not None or p.find(".//w:fldChar", NS) is not None:
            continue
        if p.getparent().tag == f"{{{W}}}tc" and len(p.getparent().findall("w:p", NS)) == 1:
            continue  # Word requires a paragraph in an empty cell
        empty.append(etree.tostring(p)[:120])
    assert not empty


def test_heading_levels_are_not_skipped(docx):
    doc, _ = docx
    levels = []
    for p in doc.body.iterfind(".//w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        level = doc.style_value(style.get(f"{{{W}}}val") if style is not None else "Normal", "w:pPr/w:outlineLvl")
        if level is not None and int(level) < 9:
            levels.append(int(level))
    assert levels and levels[0] == 0
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_title_and_language_are_set(docx):
    doc, brief = docx
    assert doc.core.findtext("dc:title", namespaces=NS) == brief.title
    lang = brief.lang
    assert doc.core.findtext("dc:language", namespaces=NS) == lang
    assert doc.settings.find("w:themeFontLang", NS).get(f"{{{W}}}val") == lang
    assert doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}val") == lang


def test_stance_fills_hold_ink_at_4_5_to_1():
    fills = [*THEME.colours.stance_palette, THEME.colours.not_addressed]
    assert min(contrast(f, THEME.colours.ink) for f in fills) >= 4.5
    assert contrast(THEME.colours.accent, THEME.colours.on_accent) >= 4.5


def test_every_filled_cells_text_has_contrast(docx):
    doc, _ = docx
    checked = 0
    for cell in doc.body.iterfind(".//w:tc", NS):
        shading = cell.find("w:tcPr/w:shd", NS)
        fill = shading.get(f"{{{W}}}fill") if shading is not None else None
        if not fill or fill == "auto":
            continue
        for p in cell.iterfind("w:p", NS):
            style = p.find("w:pPr/w:pStyle", NS)
            base = doc.style_value(style.get(f"{{{W}}}val") if style is not None else "Normal", "w:rPr/w:color")
            for run in p.iterfind(".//w:r", NS):
                if not "".join(run.itertext()).strip():
                    continue
                own = run.find("w:rPr/w:color", NS)
                colour = own.get(f"{{{W}}}val") if own is not None else base or "000000"
                assert contrast(fill, colour) >= 4.5, (fill, colour, "".join(run.itertext()))
                checked += 1
    assert checked > 20


def test_no_meaning_by_colour_alone(docx):
    """Each stance-filled cell says its stance with a symbol, and the legend names each symbol."""
    doc, brief = docx
    fills = {f.upper(): s for s, f in brief.stance_fills(THEME).items()}
    symbols = {s.id: s.symbol for s in brief.stances}
    cells = 0
    for cell in doc.body.iterfind(".//w:tc", NS):
        shading = cell.find("w:tcPr/w:shd", NS)
        stance = fills.get((shading.get(f"{{{W}}}fill") or "").upper()) if shading is not None else None
        if stance is None or cell.getparent().find("w:trPr/w:tblHeader", NS) is not None:
            continue
        text = "".join(cell.itertext()).strip()
        assert text.startswith(symbols[stance]), (stance, text[:40])
        cells += 1
    assert cells >= len(brief.actors) * len(brief.issues)
    text = " ".join("".join(p.itertext()) for p in doc.body.iterfind(".//w:p", NS))
    for s in brief.stances:
        assert re.search(re.escape(s.symbol) + r"\s*" + re.escape(s.label), text), s.label

"""Briefs in French, Japanese and Arabic (and every shipped language): the tool's words, dates and
quotation marks are the brief's, and Arabic lays out right to left in the PDF and in Word."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import edit
from pdftools import pdf_text

from briefing.build import build
from briefing.catalogue import catalogue, message_ids
from briefing.html.render import render_html
from briefing.load import load_brief

FIXTURES = Path(__file__).parent / "fixtures"
FR, JA, AR = FIXTURES / "fr", FIXTURES / "ja", FIXTURES / "ar"
MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

pytestmark = pytest.mark.build


def english_fragments(tag: str) -> set[str]:
    """The English words of every message the catalogue of ``tag`` translates differently: each
    stretch between placeholders, of two letters or more, that the translation does not share
    (French keeps "Page" and "ICD 203"); the lists of likelihood terms aside."""
    table = catalogue(tag)
    out = set()
    for msgid in message_ids():
        if " / " in msgid:
            continue
        stretches = {f.strip(" .:;,()") for f in PLACEHOLDER.split(msgid)}
        out |= {f for f in stretches if len(f) > 2 and f not in table.get(msgid, msgid)}
    return out


def leaks(text: str, tag: str) -> list[str]:
    """English fixed strings (and month names) found in ``text``."""
    found = [f for f in english_fragments(tag) if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
    return found + [m for m in MONTHS if re.search(rf"\b{m}\b", text)]


def docx_text(path: Path) -> str:
    """Every w:t of the body, the notes, the headers and the footers, paragraph by paragraph."""
    from lxml import etree

    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.fullmatch(r"word/(document|footnotes|header\d*|footer\d*)\.xml", name):
                root = etree.fromstring(z.read(name))
                for p in root.iter(f"{W}p"):
                    parts.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(parts)


def docx_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The three fixtures, built once in both formats."""
    out = {}
    for folder in (FR, JA, AR):
        result = build(folder, tmp_path_factory.mktemp(folder.name))
        out[folder.name] = {**result.outputs, "html": result.html}
    return out


@pytest.mark.parametrize("name", ["fr", "ja", "ar"])
def test_no_english_word_of_the_tool_in_the_pdf_or_the_docx(built, name):
    tag = name
    pdf, docx = built[name]["pdf"], built[name]["docx"]
    assert leaks(pdf_text(pdf), tag) == []
    assert leaks(docx_text(docx), tag) == []


@pytest.mark.parametrize("tag", ["de", "es", "ru", "zh-Hans", "zh-Hant", "ko", "en"])
def test_every_shipped_language_speaks_its_own_words_in_word(tmp_path, tag):
    """The French brief switched to each other shipped language: none of the tool's English words
    in the DOCX (English's own run checks the test can fail: its words are all there)."""
    folder = tmp_path / "brief"
    shutil.copytree(FR, folder)
    edit(folder / "brief.yaml", "lang: fr", f"lang: {tag}")
    edit(folder / "sources" / "martin-2025.yaml", "lang: fr", f"lang: {tag}")  # no translations needed
    docx = build(folder, tmp_path / "out", formats=("docx",)).outputs["docx"]
    text = docx_text(docx)
    if tag == "en":
        assert all(s in text for s in ("Contents", "Key judgments", "Bottom line up front", "15 October 2026"))
    else:
        assert leaks(text, tag) == []
        assert catalogue(tag)["Key judgments"] in text


def test_dates_and_quotation_marks_are_the_briefs(built):
    fr = pdf_text(built["fr"]["pdf"])
    assert "Publiée le 15 octobre 2026" in fr
    # the analyst's straight quotes, French: « » (with narrow no-break spaces, which pdftotext drops)
    assert re.search("«\u202f?un bien commun qui ne se divise pas\u202f?»", fr)
    html = built["fr"]["html"].read_text(encoding="utf-8")
    assert "«\u202fun bien commun qui ne se divise pas\u202f»" in html
    ja = pdf_text(built["ja"]["pdf"])
    assert "2026年11月2日発行" in ja
    assert "「資源管理は科学的根拠に基づいて行うべきだ」" in ja
    assert "صدر في 20 نوفمبر 2026" in built["ar"]["html"].read_text(encoding="utf-8")
    first = words(built["ar"]["pdf"], 1)
    line = [w for w in first if abs(w[3] - find(first, "صدر")[3]) < 2]
    assert {"20", "2026"} <= {w[0] for w in line} and find(line, "نوفمبر")  # as printed, not just tagged


def test_a_two_name_list_follows_the_language():
    brief = load_brief(FR)
    assert brief.actor_names(["senegal", "mauritanie"]) == "Sénégal et Mauritanie"
    assert load_brief(JA).actor_names(["japan", "korea"]) == "日本、韓国"


def test_likelihood_lint_speaks_french(tmp_path):
    folder = tmp_path / "brief"
    shutil.copytree(FR, folder)
    edit(folder / "brief.yaml", "des\n  débits est probable", "des\n  débits est peut-être acquis")
    warnings = []
    load_brief(folder, warnings)
    text = "\n".join(str(w) for w in warnings)
    assert 'likelihood word "peut-être" is not on the scale (ICD 203: quasiment aucune chance' in text
    assert "probable" not in [w.split('"')[1] for w in text.splitlines() if "likelihood word" in w]


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, yMin) on one page, from pdftotext's bounding boxes."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return [(w, float(a), float(b), float(y)) for a, y, b, w in found]


def find(found: list, word: str) -> tuple[str, float, float, float]:
    """A word of a page as pdftotext gives it: right-to-left words may come in visual order."""
    return next(w for w in found if w[0] in (word, word[::-1]))


def page_width(pdf: Path) -> float:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"Page size:\s+([\d.]+)", info).group(1))


def test_the_arabic_brief_is_laid_out_right_to_left_in_the_pdf(built):
    """Measured on the rendered pages: headings and paragraphs end at the right margin, the page
    label sits at the left, the matrix's issue column at the right."""
    pdf = built["ar"]["pdf"]
    width = page_width(pdf)
    first = words(pdf, 1)
    heading = find(first, "الرئيسية")  # "Key judgments"
    assert max(w[2] for w in first if abs(w[3] - heading[3]) < 2) > width - 70  # ends at the right margin (22 mm)
    label = find(first, "الصفحة")  # "Page 1 of N"
    assert label[2] < width / 2
    fr_heading = next(w for w in words(built["fr"]["pdf"], 1) if w[0] == "L’essentiel")
    assert fr_heading[1] < 70  # the French brief, as a control: starts at the left margin
    matrix_page = next(p for p in range(1, 8) if any(w[0] in ("القضية", "ةيضقلا") for w in words(pdf, p)))
    row = words(pdf, matrix_page)
    issue_head = find(row, "القضية")
    egypt_head = find(row, "مصر")
    assert issue_head[1] > egypt_head[2]  # the first column is the rightmost


def test_the_arabic_brief_is_right_to_left_in_word(built):
    docx = built["ar"]["docx"]
    styles = docx_part(docx, "word/styles.xml")
    document = docx_part(docx, "word/document.xml")
    assert re.search(r"<w:pPrDefault><w:pPr>.*?<w:bidi/>", styles)
    assert 'w:cs="Arial"' in styles and "<w:szCs " in styles
    tracked = r"<w:rPr>(?:(?!</w:rPr>).)*<w:spacing w:val"  # letter spacing breaks Arabic's joins
    assert not re.search(tracked, styles) and re.search(tracked, docx_part(built["fr"]["docx"], "word/styles.xml"))
    assert "<w:bidiVisual/>" in document  # the matrix runs from the right
    assert re.search(r"<w:sectPr[^>]*>.*?<w:bidi/>", document, re.S)
    arabic_runs = re.findall(r"<w:r>(<w:rPr>.*?</w:rPr>)?<w:t[^>]*>[^<]*[\u0600-\u06ff][^<]*</w:t>", document)
    assert arabic_runs and all("<w:rtl/>" in (props or "") for props in arabic_runs)
    english = re.search(r"<w:p>(?:(?!</w:p>).)*a binding agreement must come before any new filling", document, re.S)
    assert english and '<w:bidi w:val="0"/>' in english.group(0)  # the English quote stays left to right


def test_an_arabic_quote_in_an_english_brief_stays_right_to_left(tmp_path):
    folder = tmp_path / "brief"
    shutil.copytree(AR, folder)
    edit(folder / "brief.yaml", "lang: ar", "lang: en")
    hassan = folder / "sources" / "hassan-2025.yaml"  # its Arabic quotes now need English translations
    for why, meaning in (
        ("شرط القاهرة الأساسي.", "Any new project on the river must be preceded by a binding agreement"),
        ("موقف الخرطوم المشروط.", "The dam could protect our farms from floods if we shared information"),
        ("نقطة الاتفاق الوحيدة.", "And the two sides agree that operating data must be shared"),
    ):
        edit(hassan, f"why: {why}", f"why: {why}\n    translation: {meaning}")
    html = render_html(load_brief(folder))
    assert '<html lang="en">' in html
    assert '<p lang="ar" dir="rtl">' in html
    result = build(folder, tmp_path / "out")
    document = docx_part(result.outputs["docx"], "word/document.xml")
    quote = re.search(r"<w:p>(?:(?!</w:p>).)*السد يمكن أن يحمي", document, re.S)
    assert quote and "<w:bidi/>" in quote.group(0)
    assert "<w:bidiVisual/>" not in document  # the English brief's tables stay left to right
    pdf = result.outputs["pdf"]
    width = page_width(pdf)
    for page in range(1, 9):
        on_page = words(pdf, page)
        anchor = next((w for w in on_page if w[0] in ("مزارعنا", "مزارعنا"[::-1])), None)
        if anchor:
            line = [w for w in on_page if abs(w[3] - anchor[3]) < 2]
            assert max(w[2] for w in line) > width - 80  # the quote's line is set from the right margin
            assert min(w[1] for w in line) > 80  # and does not start at the left one
            break
    else:
        pytest.fail("the Arabic quote is not in the PDF")


def test_latin_text_in_the_arabic_brief_keeps_its_direction(built):
    """An English citation (a note, a source-note heading, a quote's attribution), the English item
    of a note citing both sources, and an English summary run left to right inside the Arabic
    brief: ``dir`` in the HTML, LRE … PDF embeddings in Word, and on the page their closing
    quotation marks and stops stay at their own end (they jumped to the front before)."""
    html = built["ar"]["html"].read_text(encoding="utf-8")
    assert '<span class="lang" lang="en" dir="ltr">Baker, &#34;The Nile' in html
    assert re.search(r'2025; <span class="dir" dir="ltr">Tom Baker, [^<]*2024\.</span>', html)
    assert re.search(r'<p lang="en" dir="ltr">(<span [^>]*>)?A short English-language note', html)
    assert '<p lang="en" dir="ltr">“Cairo’s position has not moved.”</p>' in html  # its own marks
    text = docx_text(built["ar"]["docx"])
    assert '\u202aBaker, "The Nile After the Dam: What Cairo and Khartoum Want".\u202c' in text  # a note
    assert re.search('— \u202aBaker, "The Nile After the Dam: What Cairo and Khartoum Want"(, para. \\d+)?\u202c', text)
    assert "2025; \u202aTom Baker, " in text
    assert "\u202b" not in text  # nothing Arabic is embedded in its own Arabic brief
    document = docx_part(built["ar"]["docx"], "word/document.xml")
    summary = re.search(r"<w:p>(?:(?!</w:p>).)*A short English-language note", document, re.S)
    assert summary and '<w:bidi w:val="0"/>' in summary.group(0)
    pdf = built["ar"]["pdf"]
    lines = []
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    for page in range(1, pages + 1):
        on_page = words(pdf, page)
        for y in sorted({round(w[3]) for w in on_page if "Want" in w[0]}):
            lines.append([w[0].replace("&quot;", '"') for w in sorted(on_page, key=lambda w: w[1]) if abs(w[3] - y) < 2])
    assert len(lines) >= 8  # notes, timeline, attributions, the heading, references
    for line in lines:
        assert not any(w.startswith('"Baker') for w in line), line
        assert any(re.fullmatch(r'Want"[.,]?', w) for w in line), line
    attributions = [line for line in lines if line[-1] == "—"]
    assert len(attributions) == 3 and all(line[0] == "Baker," for line in attributions)

"""Quotation marks and spacing per language in the analyst's prose: French « » with narrow
no-break spaces inside and before ; : ! ?, German „ “, Japanese 「」; a phrase typed in any of these
marks is checked against its source like one typed in "…"; quoted words keep the source's spacing.
Read back from the DOCX's text and the PDF's (where the narrow space is measured on the page)."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import statistics
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import edit
from lxml import etree

from briefing.build import build
from briefing.html.markdown import Prose, typographic
from briefing.html.render import pullquote, render_html
from briefing.load import load_brief
from briefing.load.phrases import runs
from briefing.typography import NNBSP, spaced

pytestmark = [pytest.mark.load, pytest.mark.prose]

FR = Path(__file__).parent / "fixtures" / "fr"
JA = Path(__file__).parent / "fixtures" / "ja"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dakar voit « un bien commun » et", [" un bien commun "]),
        (f"Dakar voit «{NNBSP}un bien commun{NNBSP}» et", [f"{NNBSP}un bien commun{NNBSP}"]),
        ("Dakar voit «\u00a0un bien\u00a0» et ‹ le mot › ici", ["\u00a0un bien\u00a0", " le mot "]),
        ("Er sagte »nein danke« und „vielleicht“.", ["nein danke", "vielleicht"]),
        ("Hon sa »ja tack» nu", ["ja tack"]),
        ("« a « b » c » d", [" a « b » c "]),
        ("東京は「資源管理」とした", ["資源管理"]),
        ("a » b", []),  # a closing mark alone, spaced as French sets it, opens nothing
        ("قال ”نعم للاتفاق“ هنا", ["نعم للاتفاق"]),  # Arabic opens with ” (CLDR), at the right
        ("אמר ”כן לזה” כאן", ["כן לזה"]),  # Hebrew ” ”
        ("he said”. then", []),  # a stray closing mark after a word opens nothing
    ],
)
def test_quoted_runs_in_every_languages_marks(text, expected):
    assert [r.phrase for r in runs(text) if not isinstance(r, int)] == expected


def test_a_german_opening_mark_left_open_is_reported():
    assert [r for r in runs("Er sagte »nein und ging.") if isinstance(r, int)] == [9]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("barrages ; Nouakchott", f"barrages{NNBSP}; Nouakchott"),
        ("barrages;\u00a0x et y: z", f"barrages{NNBSP};\u00a0x et y{NNBSP}: z"),
        ("Quoi ?! vraiment?", f"Quoi{NNBSP}?! vraiment{NNBSP}?"),
        ('il dit « bonjour » et "salut" !', f"il dit «{NNBSP}bonjour{NNBSP}» et «{NNBSP}salut{NNBSP}»{NNBSP}!"),
        ("**Note**: ceci", f"<strong>Note</strong>{NNBSP}: ceci"),
        # URLs, times, ratios and code are not punctuation to set off
        ("à 10:30, 3:1, voir https://x.org/a:b", "à 10:30, 3:1, voir https://x.org/a:b"),
        ("le code `a ; b` ici", "le code <code>a ; b</code> ici"),
    ],
)
def test_french_prose_sets_off_its_punctuation_with_narrow_spaces(text, expected):
    assert Prose(SimpleNamespace(lang="fr")).inline(text) == expected


def test_right_to_left_languages_get_their_cldr_marks():
    """Arabic ” “ and ’ ‘, Hebrew ” ”, Persian « »: the opening mark stands at the right."""
    assert Prose(SimpleNamespace(lang="ar")).inline('قال "نعم" هنا') == "قال ”نعم“ هنا"
    assert Prose(SimpleNamespace(lang="ar-EG")).inline('قال "نعم" هنا') == "قال ”نعم“ هنا"
    assert Prose(SimpleNamespace(lang="he")).inline('אמר "כן" כאן') == "אמר ”כן” כאן"
    assert Prose(SimpleNamespace(lang="fa")).inline('گفت "بله" اینجا') == "گفت «بله» اینجا"
    assert pullquote("نعم للاتفاق.", "ar") == "”نعم للاتفاق.“"
    assert pullquote("”نعم للاتفاق“", "ar") == "”نعم للاتفاق“"  # its own marks, not doubled
    assert pullquote("It has not moved.", "ar", "en") == "“It has not moved.”"  # set left to right
    assert pullquote("نعم للاتفاق.", "en", "ar") == "”نعم للاتفاق.“"
    assert pullquote("Il a dit non.", "ar", "fr") == "«\u202fIl a dit non.\u202f»"


def test_other_languages_keep_their_spacing():
    assert Prose(SimpleNamespace(lang="de")).inline('a ; b "c"') == "a ; b „c“"
    assert Prose(SimpleNamespace(lang="en")).inline("a: b; c!") == "a: b; c!"
    assert spaced("a; b: c!", "fr-CA") == f"a; b{NNBSP}: c!"  # Canadian French: the colon only
    assert typographic("Le fleuve Sénégal : deux", "fr") == f"Le fleuve Sénégal{NNBSP}: deux"
    assert typographic("Le fleuve Sénégal : deux", "es") == "Le fleuve Sénégal : deux"


def _french_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "fr"
    shutil.copytree(FR, folder)
    return folder


def test_a_phrase_typed_in_guillemets_is_checked(tmp_path):
    folder = _french_copy(tmp_path)
    edit(folder / "brief.yaml", '"un bien commun qui ne se divise pas"', "« un bien commun partagé »")
    with pytest.raises(Exception, match=r"brief.yaml:11:\d+: bluf: quoted phrase «un bien commun partagé» is not"):
        load_brief(folder)


def test_a_phrase_typed_in_german_or_japanese_marks_is_checked(tmp_path):
    german = _french_copy(tmp_path)
    edit(german / "brief.yaml", '"un bien commun qui ne se divise pas"', "„un bien partagé“")
    with pytest.raises(Exception, match="quoted phrase „un bien partagé“ is not in the cited source"):
        load_brief(german)
    japanese = tmp_path / "ja"
    shutil.copytree(JA, japanese)
    edit(japanese / "brief.yaml", "「資源管理は科学的根拠に基づいて行うべきだ」", "「資源管理は政治的判断に基づいて行うべきだ」")
    with pytest.raises(Exception, match="quoted phrase 「資源管理は政治的判断に基づいて行うべきだ」 is not"):
        load_brief(japanese)


def test_quoted_words_keep_the_sources_spacing(tmp_path):
    """The source writes « sur un point : les données » with a plain space before the colon: the
    quoted words keep it; the guillemets around them are the brief's, with narrow spaces."""
    folder = _french_copy(tmp_path)
    edit(
        folder / "brief.yaml",
        "outlook: Le différend sur le financement devrait durer [@martin-2025].",
        "outlook: \"Elles s'accordent « sur un point : les données de débit » ; le différend sur le"
        " financement devrait durer [@martin-2025].\"",
    )
    html = render_html(load_brief(folder))
    assert f"«{NNBSP}sur un point : les données de débit{NNBSP}»</span>{NNBSP}; le différend" in html


def gaps(pdf: Path, left: str, right: str) -> list[tuple[float, float]]:
    """Where ``left`` is followed by ``right`` on a line of the PDF: the gap between the two, and
    the median gap between the other words of that line (a full word space)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    words = [(html.unescape(w), float(a), float(b), float(y)) for a, y, b, w in found]
    result = []
    for i, (word, _, end, y) in enumerate(words[:-1]):
        after = words[i + 1]
        if word == left and after[0] == right and after[3] == y:
            line = [w for w in words if w[3] == y]
            spaces = [b[1] - a[2] for a, b in itertools.pairwise(line) if b[1] > a[2]]
            result.append((after[1] - end, statistics.median(spaces)))
    return result


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it: it drops U+202F, which the gaps above measure."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


@pytest.mark.build
def test_french_and_german_marks_and_spacing_in_the_pdf_and_the_docx(tmp_path):
    french = _french_copy(tmp_path)
    result = build(french, tmp_path / "fr-out")
    german = tmp_path / "de"
    shutil.copytree(FR, german)
    edit(german / "brief.yaml", "lang: fr", "lang: de")
    edit(german / "sources" / "martin-2025.yaml", "lang: fr", "lang: de")
    edit(german / "brief.yaml", '"un bien commun qui ne se divise pas"', "„un bien commun qui ne se divise pas“")
    edit(german / "brief.yaml", "outlook: Le", "outlook: >-\n  \"prouver qu'il ne prive personne\" ; le")
    german_result = build(german, tmp_path / "de-out")
    text = docx_text(result.outputs["docx"])
    assert f"«{NNBSP}un bien commun qui ne se divise pas{NNBSP}»" in text
    assert f"barrages{NNBSP}; Nouakchott" in text  # typed "barrages ;"
    assert f"Sénégal{NNBSP}: deux capitales" in text  # the title, a plain-text field
    assert f"Sénégal{NNBSP}: Dakar souhaite" in text  # the source notes' positions
    assert not re.search(r"(?<=\w)[ \u00a0][;!?]", text)
    pdf = result.outputs["pdf"]
    text = pdf_text(pdf)
    assert "«un bien commun qui ne se divise pas»" in text and "barrages; Nouakchott" in text
    assert "Sénégal: deux capitales" in text and "Sénégal: Dakar souhaite" in text
    for left, right in (("barrages", ";"), ("«", "un"), ("pas", "»")):
        measured = gaps(pdf, left, right)
        assert measured and all(0 < gap < 0.75 * space for gap, space in measured), (left, measured)
    for text in (pdf_text(german_result.outputs["pdf"]), docx_text(german_result.outputs["docx"])):
        assert "„un bien commun qui ne se divise pas“" in text  # typed „ “, verified, kept
        assert "„prouver qu’il ne prive personne“ ; le différend" in text  # typed "…": German marks
        assert NNBSP not in text and "«" not in text

"""CJK typography on the Mekong brief (a Chinese source): Han in the timeline figure takes the
source language's own face, in the PDF and in the DOCX's PNG fallback; Chinese stays upright in
italic contexts (pull-quotes, an <em> title), as CJK has no italic."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from briefing.build import BuildResult, build
from briefing.docx.walk.figures import _draw_png
from briefing.html.figure import _svg_text
from briefing.theme import THEME

MEKONG = Path(__file__).parent / "fixtures" / "mekong"
HAN = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    return build(MEKONG, tmp_path_factory.mktemp("mekong-cjk"))


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout


def test_timeline_han_is_tagged_with_its_sources_language(built):
    svg = zipfile.ZipFile(built.outputs["docx"]).read("word/media/image1.svg").decode()
    sc = THEME.fonts.cjk_faces("zh-Hans")[0]
    assert f'font-family="{sc}, ' in svg and 'xml:lang="zh-Hans"' in svg
    assert ">王</" in svg  # the CJK stretch alone, the " (2022)" stays in the Latin face


def test_pdf_embeds_no_japanese_face_for_chinese(built):
    fonts = _fonts(built.outputs["pdf"])
    assert "Noto-Sans-CJK-SC" in fonts
    assert "Noto-Sans-CJK-JP" not in fonts


def _png_of(text: str, lang: str) -> bytes:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20" font-size="12" '
        f'font-family="{THEME.fonts.pdf_sans}, sans-serif"><text x="2" y="15">'
        f"{_svg_text(text, lang, THEME)}</text></svg>"
    )
    return _draw_png(svg.encode(), 20.0)


def test_png_fallback_draws_han_glyphs_not_boxes():
    """cairosvg draws with the first family only; a missing glyph is the same box for every
    character, so two different Han characters drawing the same picture means tofu."""
    assert _png_of("王", "zh-Hans") != _png_of("水", "zh-Hans")
    assert _png_of("王", "en") != _png_of("水", "en")  # Han quoted in an English brief


def test_pdf_draws_chinese_upright_in_pull_quotes(built):
    """CJK has no italic: no synthetic oblique copy of a CJK face, while the Latin italics stay."""
    fonts = _fonts(built.outputs["pdf"])
    assert "IBM-Plex-Serif-Italic" in fonts  # the English pull-quotes are still italic
    assert not re.search(r"CJK\S*(Oblique|Italic)", fonts), fonts


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _italic(run) -> bool | None:
    i = run.find(f"{W}rPr/{W}i")
    return None if i is None else i.get(f"{W}val", "1") not in ("0", "false")


def test_docx_chinese_pull_quotes_are_upright(built):
    document = Document(str(built.outputs["docx"]))
    style = document.styles["Pull Quote East Asian"]
    assert style.base_style.name == "Pull Quote" and style.font.italic is False
    assert document.styles["Pull Quote"].font.italic is True
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert any("多项中方研究表明" in t for t in by_style["Pull Quote East Asian"])
    assert not any(HAN.search(t) for t in by_style["Pull Quote"])  # English quotes stay italic
    assert by_style["Pull Quote"]
    body = document.element.body
    for run in body.iter(f"{W}r"):  # no Han run is made italic directly (an <em> title)
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if HAN.search(text):
            assert _italic(run) is not True, text

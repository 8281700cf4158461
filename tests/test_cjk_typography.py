"""CJK typography on the Mekong brief (a Chinese source): Han in the timeline figure takes the
source language's own face, in the PDF and in the DOCX's PNG fallback; the seed is untouched."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from briefing.build import BuildResult, build
from briefing.docx.figures import _draw_png
from briefing.html.figure import _svg_text
from briefing.theme import THEME

MEKONG = Path(__file__).parent / "fixtures" / "mekong"


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
        f"{_svg_text(text, lang)}</text></svg>"
    )
    return _draw_png(svg.encode(), 20.0)


def test_png_fallback_draws_han_glyphs_not_boxes():
    """cairosvg draws with the first family only; a missing glyph is the same box for every
    character, so two different Han characters drawing the same picture means tofu."""
    assert _png_of("王", "zh-Hans") != _png_of("水", "zh-Hans")
    assert _png_of("王", "en") != _png_of("水", "en")  # Han quoted in an English brief

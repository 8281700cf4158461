"""Plex Sans as static faces: instanced once into the cache, used when there, never waited for."""

from __future__ import annotations

from pathlib import Path

import fontpkg
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from briefing import fonts
from briefing.html.render import render_css
from briefing.theme import THEME

SANS = THEME.fonts.pdf_sans
INSTANCE = fonts.instance  # the real one, for the stand-in below


def _small_instance(source: Path, weight: int, target: Path) -> None:
    """fonts.instance on a few glyphs of the variable font: the same code path, in milliseconds."""
    options = subset.Options()
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="Hamburgefonts")
    subsetter.subset(font)
    small = target.with_suffix(".var.ttf")
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(small)
    INSTANCE(small, weight, target)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    fonts.face_files.cache_clear()
    yield tmp_path / "cache"
    fonts.face_files.cache_clear()


def test_without_static_faces_the_variable_font_serves_every_weight(cache: Path):
    sans = [f for f in fonts.font_faces() if f["family"] == SANS]
    assert [f["weight"] for f in sans] == ["", ""]  # upright and italic, one variable file each
    assert all("%5B" in f["url"] for f in sans)  # IBMPlexSans[wdth,wght].ttf


def test_prepare_writes_static_faces_that_the_stylesheet_then_uses(cache: Path, monkeypatch):
    monkeypatch.setattr(fonts, "instance", _small_instance)
    written = fonts.prepare()
    assert len(written) == 4  # 400 and 600, upright and italic
    assert all(p.is_relative_to(cache) for p in written)
    css = render_css()
    for path in written:
        assert path.as_uri() in css
    sans = [f for f in fonts.font_faces() if f["family"] == SANS]
    assert sorted((f["weight"], f["style"]) for f in sans) == [
        ("400", "italic"),
        ("400", "normal"),
        ("600", "italic"),
        ("600", "normal"),
    ]
    assert all(p.parent in fonts.font_dirs() for p in written)  # the PDF writer may read them
    assert fonts.prepare() == []  # once only


def test_instance_is_a_static_face_at_its_weight(tmp_path: Path):
    source = fontpkg.path(SANS, 400, "normal")
    regular, semibold = tmp_path / "r.ttf", tmp_path / "b.ttf"
    _small_instance(source, 400, regular)
    _small_instance(source, 600, semibold)
    r, b = TTFont(regular), TTFont(semibold)
    for font in (r, b):
        assert "fvar" not in font and "gvar" not in font
    assert (r["OS/2"].usWeightClass, b["OS/2"].usWeightClass) == (400, 600)
    assert b["hmtx"]["H"][0] > r["hmtx"]["H"][0]  # semibold is wider: the weight was applied


@pytest.mark.parametrize("face", ["serif", "sans", "cjk"])
def test_the_word_processors_face_metrics_are_kept_and_a_damaged_entry_is_read_again(cache: Path, face: str):
    """The DOCX's pagination measures in the faces LibreOffice uses; their widths are kept in the
    cache by font file, equal to the file's own, and a damaged entry falls back to the file."""
    from fontTools.ttLib import TTFont

    from briefing.docx.word import fonts as word_fonts

    family = {"serif": THEME.fonts.docx_serif, "sans": THEME.fonts.docx_sans}.get(face)
    family = family or next(iter(THEME.fonts.cjk.values()))[1]
    path = word_fonts.font_file(family)
    if path is None:
        pytest.fail(f"fontconfig finds no file for {family} (make system installs the fonts)")
    word_fonts._read.cache_clear()
    kept = word_fonts._read(path)
    font = TTFont(path, fontNumber=0)
    upem, cmap, hmtx = font["head"].unitsPerEm, font.getBestCmap(), font["hmtx"].metrics
    sample = "Aé–中" if face == "cjk" else "Aé–W"
    for ch in sample:
        if ord(ch) in cmap:
            assert kept.width(ch) == hmtx[cmap[ord(ch)]][0] / upem
    entries = list((cache / "face-metrics").rglob("*"))
    files = [e for e in entries if e.is_file()]
    assert len(files) == 1
    files[0].write_bytes(b"{not json")
    word_fonts._read.cache_clear()
    again = word_fonts._read(path)
    assert again is not None and again.advances == kept.advances and again.line == kept.line
    word_fonts._read.cache_clear()

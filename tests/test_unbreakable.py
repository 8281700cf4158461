"""Unbreakable text: a 200-character word breaks instead of leaving the page or the figure."""

from __future__ import annotations

import re

import pytest
from conftest import edit

from briefing.html.figure import LABEL_EM, LABEL_LINES, alt_text, timeline_svg, wrap
from briefing.html.matrix_fit import text_width
from briefing.html.render import render_html
from briefing.load import load_brief

WORD = "Rechtsschutzversicherungsgesellschaften" * 3 + "https://example.org/" + "a1b2c3" * 10  # 197 chars


def test_a_word_wider_than_a_line_is_broken_inside_it():
    lines = wrap(f"Talks on {WORD} resume", max_lines=10)
    assert len(lines) > 2
    assert all(text_width(line) <= LABEL_EM for line in lines)
    assert "".join(lines).replace(" ", "") == f"Talks on {WORD} resume".replace(" ", "")  # nothing lost


def test_a_label_longer_than_its_lines_is_shortened_with_an_ellipsis():
    lines = wrap("word " * 200)
    assert len(lines) == LABEL_LINES and lines[-1].endswith("…")
    assert all(text_width(line) <= LABEL_EM for line in lines)
    assert wrap("Trump–Kim summits begin (2018–19)") == ["Trump–Kim summits begin (2018–19)"]


@pytest.fixture
def long_words(mini):
    label = f"A label that names {WORD} and goes on for a long while " + "more words " * 30
    edit(mini / "brief.yaml", "label: Fixture text published", f"label: {label}")
    edit(mini / "brief.yaml", "outlook: Little will change soon", f"outlook: Little will change {WORD} soon")
    edit(mini / "brief.yaml", "name: Sanctions", f"name: Sanctions {WORD}")
    edit(mini / "brief.yaml", "stance: Stability above all", f"stance: Stability {WORD} above all")
    return mini, label


def test_the_alt_text_keeps_the_whole_label(long_words):
    mini, label = long_words
    brief = load_brief(mini)
    assert label.strip() in alt_text(brief)
    drawn = "".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", str(timeline_svg(brief))))
    assert drawn.startswith("A label that namesRechtsschutz") and "…" in drawn  # lines join without spaces
    assert label.strip() not in drawn


def test_nothing_is_drawn_outside_the_page(long_words):
    """Every box of every PDF page lies inside the page (prose, matrix cell, figure)."""
    from briefing.pdf import layout

    mini, _ = long_words
    document = layout(render_html(load_brief(mini)))
    checked = 0
    for page in document.pages:
        box = page._page_box
        for child in box.descendants():
            if getattr(child, "width", None) is None or child.position_x is None:
                continue
            right = child.position_x + child.margin_width()
            assert right <= page.width + 0.5, (type(child).__name__, getattr(child, "text", ""), right, page.width)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("folder", ["seeds", "tests/fixtures/mekong"])
def test_the_figure_takes_its_type_sizes_and_paper_from_the_theme(folder):
    """The timeline's label and source sizes and the paper its marks are knocked out of are theme
    values ([sizes] figure, figure_source; [colours] paper), like every other style value."""
    from dataclasses import replace
    from pathlib import Path

    from briefing.theme import THEME

    brief = load_brief(Path(__file__).resolve().parents[1] / folder)
    plain = str(timeline_svg(brief, theme=THEME))
    assert 'font-size="8.5"' in plain and 'font-size="7.5"' in plain and 'stroke="#FFFFFF"' in plain
    theme = replace(
        THEME,
        sizes=replace(THEME.sizes, figure=9.5, figure_source=8.0),
        colours=replace(THEME.colours, paper="FFFDF5"),
    )
    svg = str(timeline_svg(brief, theme=theme))
    assert 'font-size="9.5"' in svg and 'font-size="8.0"' in svg and 'font-size="8.5"' not in svg
    assert 'stroke="#FFFDF5"' in svg and "#FFFFFF" not in svg
    longest = max(len(re.findall(r"<tspan", t)) for t in re.findall(r"<text .*?</text>", svg))
    assert longest >= max(len(re.findall(r"<tspan", t)) for t in re.findall(r"<text .*?</text>", plain))

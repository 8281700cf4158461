"""The shared HTML walker: one parse, one rule for unknown elements, one vocabulary check per build."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS

from briefing.build import build
from briefing.docx import write_docx
from briefing.html.render import TEMPLATES
from briefing.markdown import to_markdown
from briefing.options import BuildOptions
from briefing.walker import Page, VocabularyError, check

STRAY = """<!DOCTYPE html><html lang="{lang}"><head><title>T</title></head><body>
<section id="bluf" data-template="sections/bluf.html.j2">
<h2>{heading}</h2>
<aside class="x">Side remark</aside>
</section></body></html>"""


@pytest.mark.parametrize(("lang", "heading"), [("en-US", "Bottom line"), ("zh-Hans", "要点")])
def test_every_writer_stops_on_an_element_it_cannot_map_with_the_same_line(tmp_path, lang, heading):
    """The one rule: the DOCX and the Markdown writer refuse alike, naming element and template."""
    html = STRAY.format(lang=lang, heading=heading)
    messages = []
    for write in (lambda: write_docx(html, tmp_path / "x.docx"), lambda: to_markdown(html, figure_prefix="x")):
        with pytest.raises(VocabularyError) as caught:
            write()
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert '<aside class="x"> cannot stand inside <section>' in messages[0] and "bluf.html.j2" in messages[0]
    assert not (tmp_path / "x.docx").exists()


def test_an_unknown_inline_element_stops_the_markdown_writer_too():
    html = STRAY.format(lang="en-US", heading="B").replace(
        '<aside class="x">Side remark</aside>', "<p>Text with <code>code</code>.</p>"
    )
    with pytest.raises(VocabularyError, match=r"<code> cannot stand inside <p>"):
        to_markdown(html, figure_prefix="x")


def _stray_templates(tmp_path: Path) -> Path:
    """A user's template folder whose BLUF holds an element outside the vocabulary."""
    folder = tmp_path / "templates" / "sections"
    folder.mkdir(parents=True)
    bluf = (TEMPLATES / "sections" / "bluf.html.j2").read_text(encoding="utf-8")
    (folder / "bluf.html.j2").write_text(bluf.replace("</h2>", "</h2>\n<aside>aside</aside>"), encoding="utf-8")
    return folder.parent


@pytest.mark.build
@pytest.mark.parametrize("brief", [SEEDS, MEKONG], ids=["seed", "mekong"])
@pytest.mark.parametrize("formats", [("md",), ("html",)])
def test_the_vocabulary_is_checked_for_every_format(tmp_path, brief, formats):
    """Not only the DOCX checks the page: a Markdown-only or HTML-only build refuses it too."""
    options = BuildOptions(template_dir=_stray_templates(tmp_path))
    with pytest.raises(VocabularyError) as caught:
        build(brief, tmp_path / "out", formats=formats, options=options)
    assert "<aside> is not in the element vocabulary" in str(caught.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.build
@pytest.mark.parametrize("brief", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_the_writers_share_the_pages_drawings(tmp_path, brief):
    """Each outermost <svg> is one drawing; the Markdown's figure files are the walker's documents."""
    result = build(brief, tmp_path / "out", formats=("md",))
    html = result.html.read_text(encoding="utf-8")
    check(html)  # what the build wrote passes the check it ran
    page = Page(html)
    assert len(page.svgs) == len(page.outermost_svgs()) >= 1
    assert all("viewBox" in svg for svg in page.svgs)  # the HTML5 parser keeps SVG's names
    drawn = {p.read_bytes().split(b"\n", 1)[1] for p in (tmp_path / "out").glob("*.svg")}
    assert drawn == {svg.encode() for svg in page.svgs}

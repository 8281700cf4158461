"""``export --format md``: pandoc Markdown that survives pandoc → DOCX → Markdown, its citations
``[@key]`` with a CSL-JSON bibliography beside it, so pandoc's citeproc restyles the brief."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS
from typer.testing import CliRunner

from briefing.build import build
from briefing.cli import app
from briefing.markdown.writer import escape

pytestmark = pytest.mark.prose

runner = CliRunner()
HEADING = re.compile(r"^(#{1,6}) (.+?)(?: \{#[^}]*\})?$", re.M)
NOTE_DEF = re.compile(r"^\[\^(\d+)\]: ", re.M)
NOTE_REF = re.compile(r"\[\^(\d+)\](?!:)")
CITATION = re.compile(r"\[(@[a-z0-9-]+(?:, [^;\]]+)?(?:; @[a-z0-9-]+(?:, [^;\]]+)?)*)\]")


def _pandoc(src: Path, *args: str) -> str:
    done = subprocess.run(["pandoc", str(src), *args], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def _words(text: str) -> str:
    """Text with markup and line wrapping removed, for comparing what a reader sees."""
    text = re.sub(r"\[\^\d+\]", " ", text)
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text)  # a span's attributes ({lang=…}) are not text
    text = re.sub(r"[\\*_|]", " ", text)
    return " ".join(text.split())


def _matrix_cells(md: str) -> list[str]:
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Issue |"))
    rows = [line for line in lines[start + 2 :] if line.startswith("|")]
    rows = rows[: next((i for i, r in enumerate(rows) if not r.startswith("| ")), len(rows))]
    return [c.strip() for r in rows for c in r.strip("|").split(" | ")]


@pytest.mark.build
@pytest.mark.parametrize("which", ["seed", "fresh", "mini", "mekong"])
def test_markdown_round_trips_through_pandoc_docx(which, tmp_path, fresh, mini):
    seeds = {"seed": SEEDS, "fresh": fresh, "mini": mini, "mekong": MEKONG}[which]
    result = build(seeds, tmp_path / "out", formats=("md",))
    md_path = result.outputs["md"]
    md = md_path.read_text(encoding="utf-8")
    assert set(result.outputs) == {"md"}, "md alone: no PDF or DOCX is laid out"

    headings = [h[1] for h in HEADING.findall(md)]
    notes = NOTE_DEF.findall(md)
    cited = CITATION.findall(md)
    assert headings[:2] == ["Bottom line up front", "Key judgments"]
    assert notes == [str(n) for n in range(1, len(notes) + 1)]
    assert sorted(set(NOTE_REF.findall(md)), key=int) == notes, "every note called, every call defined"
    assert len(cited) > 5 and "csl: \"chicago-notes-bibliography.csl\"" in md  # each brief's style: Chicago notes
    cells = _matrix_cells(md)

    docx = tmp_path / "round.docx"
    subprocess.run(["pandoc", str(md_path), "--citeproc", "-o", str(docx)], cwd=md_path.parent, check=True,
                   capture_output=True, timeout=120)
    back = _pandoc(docx, "-t", "markdown-smart", "--wrap=none")
    back_headings = [h[1] for h in HEADING.findall(back)]
    assert [_words(h) for h in back_headings] == [_words(h) for h in headings]
    assert len(NOTE_DEF.findall(back)) == len(notes) + len(cited), "citeproc makes each citation a note"
    flat = _words(back)
    for cell in cells:
        assert _words(cell) in flat, cell


@pytest.mark.sweep
def test_markdown_elements_on_the_seed(tmp_path):
    result = runner.invoke(app, ["export", str(SEEDS), "--format", "md", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md_path = next(tmp_path.glob("*.md"))
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("---\n") and '\ntitle: "Five Capitals, One Peninsula' in md
    # pull-quotes are block quotes with their attribution
    assert "\n> “…the John Kerry-led diplomacy succeeded" in md
    assert "\n>\n> — [Smith, ‘Joe Biden Should Learn from History’, para. 11](#ref-smith-2020)" in md
    # the matrix: a pipe table, one row per issue, with its caption
    assert "| Issue | United States | Russia | China | South Korea | North Korea |" in md
    assert "\n: Table 1." in md
    # the timeline: an image with the SVG's alt text, written beside the Markdown
    image = re.search(r"!\[(Timeline of events[^\]]+)\]\(([^)]+\.svg)\)", md)
    assert image, "timeline image"
    svg = (tmp_path / image.group(2)).read_bytes()
    assert b"viewBox" in svg and b"<svg" in svg
    # citations stay data: the markers as written, the sources as CSL-JSON beside, the style too
    assert "[@lankov-2020, para. 17]" in md and "\n::: {#refs}\n:::\n" in md
    items = json.loads((tmp_path / f"{md_path.stem}-references.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == ["brown-2021", "lankov-2020", "smith-2020"]  # the bibliography's order
    assert (tmp_path / "chicago-notes-bibliography.csl").is_file()
    # the pandoc HTML of it keeps the image's alt text and every heading; citeproc writes the notes
    html = subprocess.run(["pandoc", md_path.name, "--citeproc", "-t", "html"], cwd=tmp_path, check=True,
                          capture_output=True, text=True, timeout=120).stdout
    assert 'alt="Timeline of events' in html
    assert html.count('class="footnote-ref"') == len(NOTE_DEF.findall(md)) + len(CITATION.findall(md))


def test_markdown_escapes_what_pandoc_would_read_as_markup():
    text = "a *b* [c](d) @cite <x> $5 ^up~ |pipe|"
    assert escape(text) == r"a \*b\* \[c\](d) \@cite \<x\> \$5 \^up\~ \|pipe\|"


def test_markdown_keeps_languages_for_pandoc():
    from briefing.markdown import to_markdown

    html = ('<html lang="en-US"><body><section id="s"><h2>S</h2>'
            '<p>Beijing says <span lang="zh-Hans">稳定</span> first.</p>'
            '<p lang="ko">평화 프로세스</p></section></body></html>')
    md = to_markdown(html, figure_prefix="x").text
    assert 'lang: "en-US"' in md
    assert 'Beijing says [稳定]{lang="zh-Hans"} first.' in md
    assert '::: {lang="ko"}\n평화 프로세스\n:::' in md


@pytest.mark.build
@pytest.mark.parametrize(("which", "style", "in_text"), [
    ("seed", "apa.csl", "(Lankov, 2020, para. 17)"),
    ("seed", "oscola.csl", "Andrei Lankov"),
    ("mekong", "chicago-author-date.csl", "王 2022, para. 9)"),
])  # fmt: skip
def test_pandoc_citeproc_resolves_every_citation_of_the_export_in_any_style(which, style, in_text, tmp_path):
    from briefing.cite.styles import FOLDER

    seeds = {"seed": SEEDS, "mekong": MEKONG}[which]
    md_path = build(seeds, tmp_path, formats=("md",)).outputs["md"]
    md = md_path.read_text(encoding="utf-8")
    keys = {c.split(",")[0].strip("@ ") for group in CITATION.findall(md) for c in group.split(";")}
    items = json.loads((tmp_path / f"{md_path.stem}-references.json").read_text(encoding="utf-8"))
    assert keys == {i["id"] for i in items}, "every source cited, every citation's item written"
    done = subprocess.run(["pandoc", md_path.name, "--citeproc", "--csl", str(FOLDER / style), "-t", "plain",
                           "--wrap=none"], cwd=tmp_path, check=True, capture_output=True, text=True, timeout=120)
    assert "not found" not in done.stderr and "???" not in done.stdout, done.stderr
    assert "[@" not in done.stdout and "@lankov" not in done.stdout and "@wang" not in done.stdout
    assert in_text in done.stdout


@pytest.mark.build
def test_an_in_text_brief_exports_its_citations_and_its_style(mini, tmp_path):
    brief = mini / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "citation_style: apa\n", encoding="utf-8")
    md_path = build(mini, tmp_path / "out", formats=("md",)).outputs["md"]
    md = md_path.read_text(encoding="utf-8")
    assert 'csl: "apa.csl"' in md and "[@demo-2021" in md and "Test Author" not in md.split("# ")[1]
    out = subprocess.run(["pandoc", md_path.name, "--citeproc", "-t", "plain", "--wrap=none"], cwd=md_path.parent,
                         check=True, capture_output=True, text=True, timeout=120).stdout
    assert "(Author, 2021" in out and "[@" not in out

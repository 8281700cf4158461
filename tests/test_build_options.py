"""``briefing build`` options: marking, date, formats, user templates, a theme file, JSON, quiet."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import MEKONG, SEEDS
from typer.testing import CliRunner

from briefing.build import build
from briefing.cli import app
from briefing.errors import BriefingError
from briefing.html.render import TEMPLATES
from briefing.options import BuildOptions
from briefing.stages import Stages
from briefing.theme import THEME
from briefing.theme_file import load_theme

runner = CliRunner()


def _docx_xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def test_marking_and_date_replace_the_briefs_own_for_this_build(fresh, tmp_path):
    before = (fresh / "brief.yaml").read_bytes()
    result = runner.invoke(
        app,
        ["build", str(fresh), "--out", str(tmp_path), "-f", "docx", "-f", "md",
         "--marking", "DRAFT — NOT FOR RELEASE", "--date", "2031-01-15"],
    )
    assert result.exit_code == 0, result.output
    html = next(tmp_path.glob("*-2031-01-15.html")).read_text(encoding="utf-8")
    assert '<p class="handling">DRAFT — NOT FOR RELEASE</p>' in html
    assert "15 January 2031" in html
    docx = next(tmp_path.glob("*-2031-01-15.docx"))
    assert "DRAFT — NOT FOR RELEASE" in _docx_xml(docx, "word/document.xml")
    md = next(tmp_path.glob("*-2031-01-15.md")).read_text(encoding="utf-8")
    assert "**DRAFT — NOT FOR RELEASE**" in md and 'date: "2031-01-15"' in md
    assert (fresh / "brief.yaml").read_bytes() == before, "the brief's files are never edited"


def test_html_alone_lays_out_nothing_else(mini, tmp_path):
    result = build(mini, tmp_path / "out", formats=("html",))
    assert result.outputs == {}
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".html"]


def test_json_reports_outputs_pages_sizes_warnings_and_timings(mini, tmp_path):
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "-f", "pdf", "-f", "md", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True
    rows = {row["format"]: row for row in data["outputs"]}
    assert set(rows) == {"pdf", "md", "html"}
    for row in rows.values():
        assert Path(row["path"]).stat().st_size == row["bytes"]
    from pypdf import PdfReader

    assert rows["pdf"]["pages"] == len(PdfReader(rows["pdf"]["path"]).pages)
    assert set(data["timings"]) == {"check", "cite", "html", "md", "pdf", "pdf-structure"}  # each stage, new ones too
    assert isinstance(data["warnings"], list)


def test_json_failure_is_json_too(mini, tmp_path):
    (mini / "brief.yaml").write_text((mini / "brief.yaml").read_text(encoding="utf-8").replace(
        "confidence: low", "confidence: lowish"), encoding="utf-8")
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and "key_judgments[1].confidence" in data["problems"][0]


def test_quiet_prints_nothing_and_the_closing_table_names_every_file(mini, tmp_path):
    quiet = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path / "q"), "-f", "docx", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    loud = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path / "l"), "-f", "docx"],
                         env={"COLUMNS": "200"})
    assert loud.exit_code == 0, loud.output
    for name in ("fixture-brief-2021-03-02.docx", "fixture-brief-2021-03-02.html"):
        assert name in loud.output
    assert "path" in loud.output and "pages" in loud.output and "size" in loud.output and "KB" in loud.output


def test_usage_errors_exit_2(mini, tmp_path):
    for args in (["--date", "2021-13-01"], ["--theme", str(tmp_path / "none.toml")],
                 ["--template-dir", str(tmp_path / "none")]):
        result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), *args])
        assert result.exit_code == 2, (args, result.output)
    assert not list(tmp_path.glob("*.html"))


def test_user_templates_override_by_name_and_the_vocabulary_still_guards_the_docx(tmp_path):
    mine = tmp_path / "templates" / "sections"
    mine.mkdir(parents=True)
    bluf = (TEMPLATES / "sections" / "bluf.html.j2").read_text(encoding="utf-8")
    (mine / "bluf.html.j2").write_text(bluf.replace("Bottom line up front", "The short of it"), encoding="utf-8")
    options = BuildOptions(template_dir=tmp_path / "templates")
    result = build(MEKONG, tmp_path / "out", formats=("docx",), options=options)
    html = result.html.read_text(encoding="utf-8")
    assert "<h2>The short of it</h2>" in html and "Bottom line up front" not in html.split("<nav")[0] + html.split("</nav>")[1]
    assert "Key judgments" in html, "the other templates still apply"
    assert "The short of it" in _docx_xml(result.outputs["docx"], "word/document.xml")
    # the built-in templates are untouched for the next build
    assert "Bottom line up front" in build(MEKONG, tmp_path / "plain", formats=("html",)).html.read_text(encoding="utf-8")

    (mine / "bluf.html.j2").write_text(bluf.replace("<h2>", "<marquee>hi</marquee><h2>"), encoding="utf-8")
    out = runner.invoke(app, ["build", str(MEKONG), "--out", str(tmp_path / "bad"), "-f", "docx",
                              "--template-dir", str(tmp_path / "templates")])
    assert out.exit_code == 1, out.output
    assert "marquee" in out.output and "Traceback" not in out.output


def test_theme_file_reaches_both_formats_and_is_put_back(fresh, tmp_path):
    theme = tmp_path / "house.toml"
    theme.write_text('[colours]\naccent = "7A1F5C"\n\n[fonts]\ndocx_serif = "Georgia"\n\n[sizes]\nbody = 10.5\n',
                     encoding="utf-8")
    result = runner.invoke(app, ["build", str(fresh), "--out", str(tmp_path / "out"), "-f", "docx",
                                 "--theme", str(theme)])
    assert result.exit_code == 0, result.output
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "#7A1F5C" in html
    styles = _docx_xml(next((tmp_path / "out").glob("*.docx")), "word/styles.xml")
    assert "7A1F5C" in styles and "Georgia" in styles
    assert THEME.colours.accent == "1F4E79" and THEME.fonts.docx_serif == "Cambria", "theme put back"
    plain = build(fresh, tmp_path / "plain", formats=("html",)).html.read_text(encoding="utf-8")
    assert "#7A1F5C" not in plain


THEMES = {
    "plum": '[colours]\naccent = "7A1F5C"\n\n[fonts]\ndocx_serif = "Georgia"\n\n[sizes]\nbody = 10.5\n',
    "moss": '[colours]\naccent = "2E5E3A"\n\n[fonts]\ndocx_serif = "DejaVu Serif"\n\n[sizes]\nbody = 9.5\n',
}


@pytest.mark.parametrize("brief_dir", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_two_themes_in_one_process_stay_apart(brief_dir, tmp_path):
    """The theme is an argument, never a swapped global: two builds in one process with different
    theme files each get their own colours, faces and sizes in the HTML and the DOCX, the default
    theme is the same object with the same values during and after both, and building the first
    theme again gives the same HTML byte for byte."""
    default = (THEME.colours.accent, THEME.fonts.docx_serif, THEME.sizes.body)
    seen: list[tuple[str, str, float]] = []

    def listener(stage: str, seconds: float | None) -> None:  # mid-build: the global never moves
        seen.append((THEME.colours.accent, THEME.fonts.docx_serif, THEME.sizes.body))

    built = {}
    for name, text in THEMES.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
        options = BuildOptions(theme_file=tmp_path / f"{name}.toml")
        result = build(brief_dir, tmp_path / name, formats=("docx",), options=options, stages=Stages(listener))
        built[name] = (result.html.read_text(encoding="utf-8"), _docx_xml(result.outputs["docx"], "word/styles.xml"))
    (plum_html, plum_styles), (moss_html, moss_styles) = built["plum"], built["moss"]
    assert "#7A1F5C" in plum_html and "#2E5E3A" not in plum_html and "font-size: 10.5pt" in plum_html
    assert "#2E5E3A" in moss_html and "#7A1F5C" not in moss_html and "font-size: 9.5pt" in moss_html
    assert "7A1F5C" in plum_styles and "Georgia" in plum_styles and "2E5E3A" not in plum_styles
    assert "2E5E3A" in moss_styles and "DejaVu Serif" in moss_styles
    assert "7A1F5C" not in moss_styles and "Georgia" not in moss_styles
    assert seen and set(seen) == {default}, "the default theme changed during a build"
    again = build(brief_dir, tmp_path / "plum-again", formats=("html",), options=BuildOptions(
        theme_file=tmp_path / "plum.toml"), force=True)
    assert again.html.read_text(encoding="utf-8") == plum_html, "the second theme leaked into the first"
    plain = build(brief_dir, tmp_path / "plain", formats=("html",)).html.read_text(encoding="utf-8")
    assert f"#{THEME.colours.accent}" in plain and "#7A1F5C" not in plain and "#2E5E3A" not in plain


def test_render_html_takes_the_theme_as_an_argument(mini):
    """html/ reads the theme it is given: stylesheet, stance fills, figure and matrix alike."""
    from dataclasses import replace

    from briefing.html.render import render_html
    from briefing.load import load_brief

    brief = load_brief(mini)
    palette = ("0B3C5D", "5C2A0B", "3B0B5C", "0B5C2A", "5C0B3B", "2A5C0B", "0B2A5C", "5C5C0B")
    other = replace(THEME, colours=replace(THEME.colours, accent="123456", stance_palette=palette))
    before = render_html(brief)
    themed = render_html(brief, theme=other)
    assert "#123456" in themed and "#123456" not in before
    fills = brief.stance_fills(other)
    assert set(fills.values()) & set(palette) and set(fills.values()) <= set(palette) | {
        s.colour for s in brief.stances if s.colour} | {THEME.colours.not_addressed}
    assert all(f'data-fill="{fill}"' in themed for fill in fills.values())
    assert render_html(brief) == before, "rendering with another theme changed the default's output"


def test_theme_file_errors_name_the_key(tmp_path, mini):
    theme = tmp_path / "bad.toml"
    theme.write_text('[colours]\naccnt = "7A1F5C"\nink = "black"\n[colour]\nx = 1\n[sizes]\nbody = "big"\n',
                     encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        load_theme(theme)
    lines = [str(p) for p in err.value.problems]
    assert any("colours.accnt: unknown key — did you mean accent?" in line for line in lines)
    assert any("colours.ink: expected a hex colour" in line for line in lines)
    assert any("colour: unknown table — did you mean [colours]?" in line for line in lines)
    assert any("sizes.body: expected a number from 4 to 72" in line for line in lines)
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path / "o"), "--theme", str(theme)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_build_options_on_the_seed(tmp_path):
    result = build(SEEDS, tmp_path, formats=("md",), options=BuildOptions(marking="SEED DRAFT"))
    assert "**SEED DRAFT**" in result.outputs["md"].read_text(encoding="utf-8")


def test_theme_logo_reaches_every_format(fresh, tmp_path):
    from PIL import Image

    logo = tmp_path / "brand" / "logo.png"
    logo.parent.mkdir()
    Image.new("RGB", (120, 40), (122, 31, 92)).save(logo)
    theme = tmp_path / "brand" / "house.toml"
    theme.write_text('[brand]\nlogo = "logo.png"\nlogo_width = 40\nlogo_alt = "River Institute"\n',
                     encoding="utf-8")
    result = build(fresh, tmp_path / "out", formats=("pdf", "docx", "md"), options=BuildOptions(theme_file=theme))
    html = result.html.read_text(encoding="utf-8")
    assert '<img class="logo" src="data:image/png;base64,' in html and 'alt="River Institute"' in html
    with zipfile.ZipFile(result.outputs["docx"]) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        document = z.read("word/document.xml").decode("utf-8")
    assert logo.read_bytes() in media
    assert 'descr="River Institute"' in document
    from pypdf import PdfReader

    first = PdfReader(result.outputs["pdf"]).pages[0]
    assert [img.image.size for img in first.images] == [(120, 40)]
    md = result.outputs["md"].read_text(encoding="utf-8")
    assert "![River Institute](" in md
    assert (result.outputs["md"].parent / md.split("![River Institute](")[1].split(")")[0]).read_bytes() == logo.read_bytes()
    assert THEME.brand.logo == "", "the default theme has no logo"


def test_theme_logo_must_be_an_image(tmp_path):
    theme = tmp_path / "house.toml"
    (tmp_path / "logo.png").write_text("not a picture", encoding="utf-8")
    theme.write_text('[brand]\nlogo = "logo.png"\n', encoding="utf-8")
    with pytest.raises(BriefingError, match=r"brand.logo: .*not a PNG or JPEG"):
        load_theme(theme)

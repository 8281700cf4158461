"""``briefing init`` and ``briefing list``: a new brief that works at once, and coverage at a glance."""

from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import MEKONG, MINI, SEEDS, edit
from typer.testing import CliRunner

from briefing.build import build
from briefing.cli import app
from briefing.load import load_brief
from briefing.options import BuildOptions
from briefing.workflow.init import FolderNotEmpty, init_brief
from briefing.workflow.listing import coverage

runner = CliRunner()


def test_init_makes_a_brief_that_checks(tmp_path):
    folder = tmp_path / "new"
    result = runner.invoke(app, ["init", str(folder), "--title", "Water on the Mekong: 湄公河"])
    assert result.exit_code == 0, result.output
    assert (folder / "brief.yaml").is_file()
    assert (folder / "sources" / "example-source.txt").is_file()
    assert (folder / "sources" / "example-source.yaml").is_file()
    assert "briefing new-source" in (folder / "README.md").read_text(encoding="utf-8")
    brief_yaml = (folder / "brief.yaml").read_text(encoding="utf-8")
    assert brief_yaml.count("\n#") >= 8, "every section carries a short instruction"
    checked = runner.invoke(app, ["check", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert "ok: Water on the Mekong: 湄公河" in checked.output
    brief = load_brief(folder)
    for key in ("bluf", "key_judgments", "stances", "actors", "issues", "matrix", "convergence",
                "divergence", "outlook", "indicators", "timeline"):
        assert getattr(brief, key), key


def test_init_brief_builds_every_format(fresh, tmp_path):
    result = build(fresh, tmp_path / "out", formats=("pdf", "docx", "md"))
    for fmt in ("pdf", "docx", "md"):
        assert result.outputs[fmt].stat().st_size > 1000, fmt
    assert result.html.read_text(encoding="utf-8").count("Water on the Mekong") >= 1


@pytest.mark.parametrize(("lang", "style", "cited"), [
    ("en", None, "Ann Example, “An Example Source Text,” Example Outlet"),  # Chicago: a full note
    ("en", "apa", "(Example, 20"),  # APA: author-date in the text
    ("fr", "apa", "(Exemple, 20"),
])
def test_a_new_brief_builds_in_chicago_and_in_apa(tmp_path, lang, style, cited):
    """A brief made with init builds in the default style and in APA, its own example author
    cited in the form the style gives (issue 19: the seed, the fixtures and an init brief)."""
    folder = tmp_path / "new"
    init_brief(folder, title="A new brief", lang=lang)
    options = BuildOptions(csl=style) if style else None
    result = build(folder, tmp_path / "out", formats=("html", "docx"), options=options)
    text = lxml.html.fromstring(result.html.read_bytes()).text_content()
    assert cited in text
    assert ("(Example, 20" in text or "(Exemple, 20" in text) == (style == "apa")
    assert result.outputs["docx"].stat().st_size > 1000


@pytest.mark.parametrize("content", ["file", "folder"])
def test_init_refuses_a_non_empty_folder(tmp_path, content):
    folder = tmp_path / "taken"
    folder.mkdir()
    if content == "file":
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
    else:
        (folder / "sub").mkdir()
    with pytest.raises(FolderNotEmpty):
        init_brief(folder)
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 2
    assert "not an empty folder" in result.output
    if content == "file":
        assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (folder / "brief.yaml").exists()


def test_init_accepts_an_empty_folder_and_rejects_a_bad_language(tmp_path):
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["init", str(tmp_path / "empty")]).exit_code == 0
    bad = runner.invoke(app, ["init", str(tmp_path / "x"), "--lang", "not a tag"])
    assert bad.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_list_counts_sources_and_cells_on_the_seed():
    cov = coverage(load_brief(SEEDS))
    ids = [s.id for s in cov.sources]
    assert sorted(ids) == ["brown-2021", "lankov-2020", "smith-2020"]
    assert {s.quotes for s in cov.sources} == {6}
    assert all(s.cited > 0 for s in cov.sources)
    assert len(cov.cells) == 30
    # the seed's first matrix cell cites Lankov alone
    assert cov.cell("end-state", "us").sources == ["lankov-2020"]


def test_list_on_the_mekong_fixture():
    result = runner.invoke(app, ["list", str(MEKONG), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["sources"]) == 3 and len(data["actors"]) == 4 and len(data["issues"]) == 4
    assert len(data["cells"]) == 16
    brief_text = (MEKONG / "brief.yaml").read_text(encoding="utf-8")
    for source in data["sources"]:
        assert source["cited"] >= 1 and source["cited"] <= brief_text.count("@" + source["id"])


def test_list_json_on_the_mini_brief(mini):
    result = runner.invoke(app, ["list", str(mini), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sources"] == [
        {"id": "demo-2021", "author": "Author, “Three Scripts on the Peninsula”", "date": "2021-03-01", "quotes": 3, "cited": data["sources"][0]["cited"]}
    ]
    # count by hand: every [@demo-2021] in brief.yaml (markers hold one cite each there)
    assert data["sources"][0]["cited"] == (MINI / "brief.yaml").read_text(encoding="utf-8").count("@demo-2021")
    cells = {(c["issue"], c["actor"]): c for c in data["cells"]}
    assert cells[("sanctions", "rok")]["sources"] == []
    assert cells[("sanctions", "rok")]["category"] == "not-addressed"
    assert cells[("sanctions", "russia")]["sources"] == ["demo-2021"]


def test_list_table_shows_gaps(fresh):
    edit(fresh / "brief.yaml", "      stance: Steady pressure [@example-source].",
         "      stance: Steady pressure [@example-source; @example-source, para. 2].")
    result = runner.invoke(app, ["list", str(fresh)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "example-source" in result.output
    assert "Example, “An Example Source" in result.output  # the Chicago short note
    assert "not addressed" in result.output  # the silent cell is named, not left blank
    assert "Actor A" in result.output and "First issue" in result.output
    cov = coverage(load_brief(fresh))
    assert cov.cell("first-issue", "actor-a").sources == ["example-source"]  # distinct sources


def test_missing_folder_is_a_usage_error_everywhere(tmp_path):
    for command in ("check", "list", "build", "export"):
        result = runner.invoke(app, [command, str(tmp_path / "nope")], env={"COLUMNS": "300"})
        assert result.exit_code == 2, (command, result.output)
        assert "does not exist" in " ".join(result.output.replace("│", " ").split())


def test_list_shows_sources_still_marked_todo(fresh, tmp_path):
    from briefing.workflow.newsource import new_source

    text = tmp_path / "notes.txt"
    text.write_text("Notes on the river\n\nBy Jane Roe\n\nThe river is low.\n", encoding="utf-8")
    new_source(str(text), "roe-2023", fresh)
    assert runner.invoke(app, ["check", str(fresh)]).exit_code == 1, "check still stops on it"
    result = runner.invoke(app, ["list", str(fresh), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["id"] for s in data["sources"]] == ["example-source"]
    assert data["incomplete"]["roe-2023"].startswith("publisher, issued, summary")
    table = runner.invoke(app, ["list", str(fresh)], env={"COLUMNS": "200"})
    assert "roe-2023" in table.output and "incomplete" in table.output


@pytest.mark.parametrize("lang", ["en", "en-GB", "fr", "de", "es", "ru", "ar", "zh-Hans", "zh-Hant-TW", "ja", "ko", "pt"])
def test_init_in_any_language_checks_with_no_problem_and_no_warning(tmp_path, lang):
    """What init writes, check passes without a word to fix: where the example source (English
    unless the language has an example of its own) is in another language than the brief, each
    quote carries its translation (the English words again, marked to replace, where the
    language has no catalogue); and no prose copies the example source without quotation marks."""
    folder = tmp_path / "new"
    init_brief(folder, title="A new brief", lang=lang)
    checked = runner.invoke(app, ["check", str(folder)])
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if "warning" in line]
    expected = [f"no catalogue for {lang}"] if lang == "pt" else []  # the tool's own words stay English
    assert [w for w in warnings if not any(e in w for e in expected)] == [], checked.output
    assert len(warnings) == len(expected), checked.output
    curation = (folder / "sources" / "example-source.yaml").read_text(encoding="utf-8")
    if lang.startswith(("en", "fr")) or lang in OWN_EXAMPLE:
        assert "translation:" not in curation  # the example source is in the brief's language
    else:
        assert curation.count("translation:") == 3
        assert ("write its meaning in" in curation) == (lang == "pt")


OWN_EXAMPLE = {  # the example's first actor, as each language's example brief names it
    "de": "Akteur A", "es": "Actor A", "ru": "Актор A", "ar": "الطرف أ", "zh-Hans": "行为体A", "ja": "アクターA",
    "ko": "행위자 A",
}  # fmt: skip
ENGLISH_EXAMPLE = ("Actor A favours", "Both actors expect", "Talks without preconditions", "First issue")


@pytest.mark.parametrize("lang", sorted(OWN_EXAMPLE))
def test_init_writes_the_example_in_the_briefs_language(tmp_path, lang):
    """The example text of brief.yaml, the example source and its curation are the language's:
    none of the English example's words, the actor named in the language, and the brief builds
    its HTML with the language's words (the source needs no translation)."""
    folder = tmp_path / "new"
    init_brief(folder, title="x", lang=lang)
    for name in ("brief.yaml", "sources/example-source.txt", "sources/example-source.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        assert not [w for w in ENGLISH_EXAMPLE if w in text], name
    brief = load_brief(folder)
    assert brief.actors[0].name == OWN_EXAMPLE[lang] and brief.sources[0].lang == lang
    assert OWN_EXAMPLE[lang].casefold() in brief.sources[0].text.casefold()

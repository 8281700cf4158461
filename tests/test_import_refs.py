"""``briefing import-refs``: a Zotero CSL-JSON export and a BibTeX file become curation files.

The fixtures (tests/fixtures/refs) are on a topic of their own (Andean and Himalayan water):
a journal article by "Leal Filho" and "van der Berg", an organisation, a Spanish newspaper
article by a two-word family name, a Chinese article, a web page with no author or date, a
report with its number, a chapter with LaTeX accents, particles and an editor.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import BriefingError
from briefing.load import load_brief
from briefing.refs import ImportError_, import_refs
from briefing.refs.curation import make_id

REFS = Path(__file__).parent / "fixtures" / "refs"
TODAY = dt.date(2026, 12, 7)
runner = CliRunner()


def _data(folder: Path, source_id: str) -> dict:
    return yaml.safe_load((folder / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8"))


def test_a_zotero_export_becomes_one_curation_file_per_item(fresh):
    planned = import_refs(REFS / "zotero.json", fresh, today=TODAY)
    assert [p.source_id for p in planned] == [
        "leal-filho-van-der-berg-2021",
        "unesco-world-water-assessment-2023",
        "quispe-mamani-2019",
        "zhang-2022",  # 张 has no Latin form: the manager's key gives the name
        "andes-water-atlas-nd",  # no author, no date: the title's first words, "nd"
    ]
    article = _data(fresh, "leal-filho-van-der-berg-2021")
    assert article["author"] == [
        {"family": "Leal Filho", "given": "Walter"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
    ]
    assert {k: article[k] for k in ("type", "container-title", "volume", "issue", "page", "DOI")} == {
        "type": "article-journal", "container-title": "Water Resources Research", "volume": "57",
        "issue": "3", "page": "e2020WR028511", "DOI": "10.1029/2020WR028511",
    }  # fmt: skip
    assert str(article["issued"]) == "2021-03-02" and str(article["accessed"]) == "2026-11-30"
    assert article["title-short"] == "Glacier Retreat" and article["lang"] == "en"
    assert "abstract" not in article and "ISSN" not in article  # not curation fields
    assert article["summary"].startswith("TODO") and article["quotes"][0]["text"].startswith("TODO")
    assert _data(fresh, "unesco-world-water-assessment-2023")["author"] == [
        {"literal": "UNESCO World Water Assessment Programme"}
    ]
    assert _data(fresh, "zhang-2022")["author"] == [{"family": "张", "given": "伟"}]
    atlas = _data(fresh, "andes-water-atlas-nd")
    assert atlas["issued"].startswith("TODO") and "author" not in atlas  # never invented


def test_a_bibtex_file_keeps_particles_several_word_names_and_organisations(fresh):
    planned = import_refs(REFS / "library.bib", fresh, today=TODAY)
    assert [p.source_id for p in planned] == [
        "leal-filho-van-der-berg-2021", "international-centre-for-integrated-2020", "muller-2018",
    ]  # fmt: skip
    article = _data(fresh, "leal-filho-van-der-berg-2021")
    assert article["author"][0] == {"family": "Leal Filho", "given": "Walter"}
    assert article["author"][1] == {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}
    assert article["container-title"] == "Water Resources Research"  # an @string resolved
    assert article["title"] == "Glacier Retreat and Irrigation Demand in the Andes"  # braces gone
    assert (article["issue"], article["page"], article["DOI"]) == ("3", "1–18", "10.1029/2020WR028511")
    assert str(article["issued"]) == "2021-03"  # year and month, no day invented
    report = _data(fresh, "international-centre-for-integrated-2020")
    assert report["author"] == [{"literal": "International Centre for Integrated Mountain Development"}]
    assert (report["type"], report["number"], report["genre"]) == ("report", "12", "Working Paper")
    assert (report["publisher"], report["publisher-place"]) == ("ICIMOD", "Kathmandu")
    chapter = _data(fresh, "muller-2018")
    assert chapter["author"] == [
        {"family": "Müller", "given": "Jörg"},
        {"family": "García Márquez", "given": "Ana"},
        {"family": "Cruz", "given": "Luis", "non-dropping-particle": "de la"},
    ]
    assert chapter["editor"] == [{"family": "Dupont", "given": "Marie"}]
    assert (chapter["type"], chapter["container-title"]) == ("chapter", "Handbook of Mountain Hydrology")
    assert chapter["title"] == "Mountain Water Towers – a Review"


def test_an_imported_source_is_incomplete_until_its_text_and_words_are_written_then_it_cites(fresh):
    import_refs(REFS / "library.bib", fresh, today=TODAY)
    result = runner.invoke(app, ["check", str(fresh)])
    assert result.exit_code == 1
    assert (
        "muller-2018.yaml: source is incomplete; still TODO: the text muller-2018.txt, summary"
        in result.output
    )
    listed = json.loads(runner.invoke(app, ["list", str(fresh), "--json"]).output)
    assert set(listed["incomplete"]) == {
        "leal-filho-van-der-berg-2021",
        "international-centre-for-integrated-2020",
        "muller-2018",
    }
    # the analyst's part, for one source: the others are set aside
    for other in ("leal-filho-van-der-berg-2021", "international-centre-for-integrated-2020"):
        (fresh / "sources" / f"{other}.yaml").unlink()
    (fresh / "sources" / "muller-2018.txt").write_text(
        "Mountain Water Towers\n\nMountains store water as snow and ice.\n\nThey release it in the dry season.\n\n"
        "Downstream farms depend on that release.\n",
        encoding="utf-8",
    )
    path = fresh / "sources" / "muller-2018.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("summary:")] + (
        "summary: >-\n  " + "Müller and co-authors review how mountains store and release water. " * 8 + "\n"
        "quotes:\n"
        + "".join(
            f"  - id: muller-{n}\n    text: {words}\n    locator: para. {n}\n    actors: [actor-a]\n    why: Premise.\n"
            for n, words in (
                (2, "Mountains store water"),
                (3, "They release it"),
                (4, "Downstream farms depend"),
            )
        )
    )
    path.write_text(text, encoding="utf-8")
    brief_yaml = fresh / "brief.yaml"
    text = brief_yaml.read_text(encoding="utf-8")
    brief_yaml.write_text(
        text.replace("[@example-source]", "[@example-source; @muller-2018]", 1), encoding="utf-8"
    )
    brief = load_brief(fresh)
    source = brief.source("muller-2018")
    item = source.csl()
    assert item["author"][2] == {"family": "Cruz", "given": "Luis", "non-dropping-particle": "de la"}
    from briefing.cite.forms import Citations

    entry = Citations(brief).reference(source).striptags()
    assert entry.startswith("Müller, Jörg, Ana García Márquez, and Luis de la Cruz."), entry
    assert "Handbook of Mountain Hydrology" in entry and "45–67" in entry


def test_duplicates_by_doi_url_or_title_are_refused_and_nothing_is_written(fresh, tmp_path):
    import_refs(REFS / "zotero.json", fresh, today=TODAY)
    before = sorted(p.name for p in (fresh / "sources").iterdir())
    with pytest.raises(BriefingError) as err:
        import_refs(REFS / "library.bib", fresh, today=TODAY)  # its first entry is the same article
    lines = [str(p) for p in err.value.problems]
    assert lines == [
        f"{REFS / 'library.bib'}:6:1: lealfilho2021.title: duplicate: the same title as"
        " sources/leal-filho-van-der-berg-2021.yaml (Glacier Retreat and Irrigation Demand in the Andes)",
        f"{REFS / 'library.bib'}:13:1: lealfilho2021.DOI: duplicate: the same DOI as"
        " sources/leal-filho-van-der-berg-2021.yaml (10.1029/2020WR028511)",
    ]
    assert sorted(p.name for p in (fresh / "sources").iterdir()) == before  # nor the two new ones
    # within one file: the same URL (its scheme, www. and final slash aside)
    items = json.loads((REFS / "zotero.json").read_text(encoding="utf-8"))
    first = {**items[1], "title": "One title", "URL": "https://www.example.org/wwdr/2024"}
    copy = {**items[1], "title": "Another title", "URL": "http://example.org/wwdr/2024/"}
    export = tmp_path / "twice.json"
    export.write_text(json.dumps([first, copy], indent=2), encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        import_refs(export, fresh, today=TODAY)
    assert any("[1].URL: duplicate: the same URL as [0]" in str(p) for p in err.value.problems)


def test_ids_follow_author_and_year_and_never_collide(fresh, tmp_path):
    assert make_id({"author": [{"family": "Roe"}], "issued": "2023"}) == "roe-2023"
    assert make_id({"author": [{"family": "Roe"}, {"family": "Doe"}], "issued": "2023-04"}) == "roe-doe-2023"
    ten = [{"family": f"Author{n}"} for n in range(10)]
    assert make_id({"author": [{"family": "Şahin"}, *ten], "issued": "2020"}) == "sahin-2020"
    assert (
        make_id({"author": [{"family": "王"}], "title": "澜湄合作", "issued": "2022"}, "wang2022")
        == "wang-2022"
    )
    assert make_id({"author": [{"family": "王"}], "title": "澜湄合作", "issued": "2022"}) == "source-2022"
    items = [
        {"type": "report", "title": f"Report {n}", "author": [{"family": "Roe"}], "issued": "2023"}
        for n in range(3)
    ]
    export = tmp_path / "roe.json"
    export.write_text(json.dumps(items), encoding="utf-8")
    assert [p.source_id for p in import_refs(export, fresh, today=TODAY)] == [
        "roe-2023",
        "roe-2023b",
        "roe-2023c",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.json", '[\n  {"title": "A"},\n  {"title": }\n]', "broken.json:3:13: not JSON: Expecting value"),
        ("date.json", '[\n  {\n    "title": "A",\n    "issued": {"raw": "Spring 2021"}\n  }\n]',
         "date.json:4:1: [0].issued: not a date the tool reads"),
        ("type.json", '[{"title": "A",\n "type": "blogpost"}]', "type.json:2:1: [0].type: "),
        ("untitled.json", '[{"type": "book"}]', "untitled.json:1:1: [0].title: an item needs a title"),
        ("name.json", '[{"title": "A",\n "author": [{"given": "Ann"}]}]', "name.json:2:1: [0].author: a name needs family"),
        ("item.json", '[1]', "item.json:1:1: [0]: expected a CSL item"),
        ("year.bib", "@book{a,\n title = {A},\n year = {circa 1900}\n}", "year.bib:3:1: a.year: expected a year such as 2021"),
        ("broken.bib", "@book{a,\n title = {A\n\n@book{b, title={B}}", "broken.bib:1:1: BibTeX that does not parse: @book{a,"),
    ],
)  # fmt: skip
def test_bad_input_is_one_located_line_and_exit_1_with_nothing_written(
    fresh, tmp_path, name, content, expected
):
    export = tmp_path / name
    export.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["import-refs", str(export), str(fresh)])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path}/{expected}" in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (fresh / "sources").iterdir()) == [
        "example-source.txt",
        "example-source.yaml",
    ]


def test_usage_errors_exit_2(fresh, tmp_path):
    other = tmp_path / "refs.ris"
    other.write_text("TY  - JOUR\n", encoding="utf-8")
    result = runner.invoke(app, ["import-refs", str(other), str(fresh)])
    assert (
        result.exit_code == 2
        and "expected a CSL-JSON export (.json) or a BibTeX file (.bib)" in result.output
    )
    result = runner.invoke(app, ["import-refs", str(tmp_path / "none.json"), str(fresh)])
    assert result.exit_code == 2 and "no such file" in result.output
    with pytest.raises(ImportError_, match=r"has no brief\.yaml"):
        import_refs(REFS / "zotero.json", tmp_path)


def test_the_cli_names_each_file_written(fresh):
    result = runner.invoke(app, ["import-refs", str(REFS / "zotero.json"), str(fresh)])
    assert result.exit_code == 0, result.output
    assert result.output.count("wrote ") == 5
    assert f"wrote {fresh}/sources/quispe-mamani-2019.yaml (from [2])" in result.output

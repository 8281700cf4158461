"""Stage 1: the seeds load into the model, and every class of bad input is located exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, edit, failures, line_of

from briefing.errors import BriefingError, Problem
from briefing.load import load_brief
from briefing.model import NOT_ADDRESSED

pytestmark = pytest.mark.load


def problems(seeds: Path) -> list[str]:
    with pytest.raises(BriefingError) as info:
        load_brief(seeds)
    return [str(p) for p in info.value.problems]


def test_real_seeds_load_with_every_quote_and_cell():
    brief = load_brief(SEEDS)
    assert {s.id for s in brief.sources} == {"lankov-2020", "brown-2021", "smith-2020"}
    assert [a.id for a in brief.actors] == ["us", "russia", "china", "rok", "dprk"]
    issue_ids = [i.id for i in brief.issues]
    for needed in ("end-state", "sanctions", "exercises", "format", "leverage", "outlook"):
        assert needed in issue_ids
    for source in brief.sources:
        assert 3 <= len(source.quotes) <= 6
        assert 80 <= len(source.summary.split()) <= 150
        assert source.url is None  # none of the supplied texts gives one
    for issue in brief.issues:
        for actor in brief.actors:
            cell = brief.cell(issue.id, actor.id)
            assert cell.stance
            if cell.category == NOT_ADDRESSED:
                assert re.search(r"\bnot?\b", cell.stance.lower())
    assert 3 <= len(brief.key_judgments) <= 5


def test_source_texts_are_the_supplied_bytes():
    shared = SEEDS.parents[1] / "shared" / "seeds"
    import hashlib

    ours = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (SEEDS / "sources").glob("*.txt")}
    assert len(ours) == 3
    if shared.is_dir():  # beside the project on the team's machines and in CI
        theirs = {hashlib.sha256(p.read_bytes()).hexdigest() for p in shared.glob("*.txt")}
        assert ours == theirs


def test_yaml_syntax_error_has_line_and_column(mini):
    edit(mini / "brief.yaml", "short_title: Fixture brief", "short_title: [unclosed")
    found = problems(mini)
    assert len(found) == 1
    line = line_of(mini / "brief.yaml", "short_title:")
    assert found[0].startswith(f"{mini}/brief.yaml:{line + 1}:")
    assert "YAML syntax" in found[0]


def test_missing_required_field(mini):
    edit(mini / "sources" / "demo-2021.yaml", "published: 2021-03-01\n", "")
    assert f"{mini}/sources/demo-2021.yaml:1:1: issued: required field is missing" in problems(mini)


def test_unknown_key_points_at_the_key(mini):
    edit(mini / "sources" / "demo-2021.yaml", "outlet: Fixture Review", "outlet: Fixture Review\ncolour: red")
    line = line_of(mini / "sources" / "demo-2021.yaml", "colour:")
    assert f"{mini}/sources/demo-2021.yaml:{line}:1: colour: unknown key" in problems(mini)


def test_bad_iso_date(mini):
    edit(mini / "sources" / "demo-2021.yaml", "published: 2021-03-01", "published: 2021-13-01")
    found = problems(mini)
    assert len(found) == 1
    assert found[0] == f"{mini}/sources/demo-2021.yaml:4:12: published: month 13 does not exist (01–12)"


def test_wrong_type_and_bad_enum(mini):
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    edit(mini / "brief.yaml", "keywords: [fixture, scripts]", "keywords: 12")
    found = problems(mini)
    kj_line = line_of(mini / "brief.yaml", "lowish")
    assert any(p.startswith(f"{mini}/brief.yaml:{kj_line}:17: key_judgments[1].confidence:") for p in found)
    kw_line = line_of(mini / "brief.yaml", "keywords:")
    assert any(p.startswith(f"{mini}/brief.yaml:{kw_line}:11: keywords: expected a list (lines starting with -, or [a, b]), e.g. [water, Mekong] (got 12)") for p in found)


def test_quote_with_one_word_changed_is_located_with_did_you_mean(mini):
    path = mini / "sources" / "demo-2021.yaml"
    edit(path, "needs stability above all", "needs calm above all")
    found = problems(mini)
    line = line_of(path, "needs calm above all")
    assert found == [
        f"{path}:{line}:11: quotes[1].text: not found in {_shown(mini)}/sources/demo-2021.txt — did you mean "
        '"In Moscow the phrase is «Корейский полуостров», and diplomats there say the region needs '
        'stability above all."?'
    ]


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def test_unknown_citation_is_located_inside_the_text(mini):
    path = mini / "brief.yaml"
    edit(path, "outlook: Little will change soon [@demo-2021].", "outlook: Little will change soon [@demo-2012].")
    line = line_of(path, "@demo-2012")
    col = (mini / "brief.yaml").read_text().splitlines()[line - 1].index("[@demo-2012]") + 1
    assert problems(mini) == [
        f"{path}:{line}:{col}: outlook: citation @demo-2012 does not match any source — did you mean @demo-2021?"
    ]


def test_malformed_citation(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: Soon [@Demo 2021].")
    assert any("outlook: malformed citation [@Demo 2021]" in p for p in problems(mini))


def test_claim_without_citation(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: Little will change soon.")
    line = line_of(mini / "brief.yaml", "outlook:")
    assert problems(mini) == [f"{mini}/brief.yaml:{line}:10: outlook: makes a claim but cites no source ([@source-id])"]


def test_missing_matrix_cell(mini):
    edit(
        mini / "brief.yaml",
        "    russia:\n      stance: Sanctions remain in force [@demo-2021].\n      category: pressure\n",
        "",
    )
    line = _key_line(mini / "brief.yaml", "  sanctions:")
    assert problems(mini) == [
        f"{mini}/brief.yaml:{line + 1}:5: matrix.sanctions: missing cell matrix.sanctions.russia (Sanctions × Russia)"
    ]


def _key_line(path: Path, exact: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line == exact:
            return number
    raise AssertionError(exact)


def test_cell_needs_a_citation_and_a_known_category(mini):
    edit(mini / "brief.yaml", "stance: Stability above all [@demo-2021].", "stance: Stability above all.")
    edit(mini / "brief.yaml", "      category: pressure", "      category: pressures")
    found = problems(mini)
    assert any("matrix.end-state.russia.stance: cites no source" in p for p in found)
    assert any("matrix.sanctions.russia.category: unknown stance 'pressures' — did you mean 'pressure'?" in p for p in found)


def test_duplicate_ids(mini):
    edit(mini / "brief.yaml", "  - id: engagement", "  - id: pressure")
    edit(mini / "sources" / "demo-2021.yaml", "  - id: demo-moscow", "  - id: demo-seoul")
    found = problems(mini)
    assert any(p.endswith("stances[1].id: duplicate id 'pressure'") for p in found)
    assert any("quotes[1].id: duplicate id 'demo-seoul'" in p for p in found)


def test_unknown_actor_on_a_quote(mini):
    edit(mini / "sources" / "demo-2021.yaml", "actors: [russia]", "actors: [rusia]")
    line = line_of(mini / "sources" / "demo-2021.yaml", "actors: [rusia]")
    assert problems(mini) == [
        f"{mini}/sources/demo-2021.yaml:{line}:14: quotes[1].actors[0]: unknown actor 'rusia' — did you mean 'russia'?"
    ]


def test_every_problem_of_a_run_is_reported(mini):
    edit(mini / "sources" / "demo-2021.yaml", "needs stability above all", "needs calm above all")
    edit(mini / "sources" / "demo-2021.yaml", "outlet: Fixture Review", "outlet: Fixture Review\ncolour: red")
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: Soon [@nobody].")
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    found = problems(mini)
    assert len(found) == 4
    keys = [(p.split(":")[0], int(p.split(":")[1])) for p in found]
    assert keys == sorted(keys)  # reported in file and line order


def test_source_text_without_curation_and_vice_versa(mini):
    (mini / "sources" / "orphan.txt").write_text("text", encoding="utf-8")
    assert f"{mini}/sources/orphan.txt: source text has no curation file orphan.yaml" in problems(mini)


def test_source_file_name_must_be_an_id(mini):
    (mini / "sources" / "demo-2021.yaml").rename(mini / "sources" / "Demo 2021.yaml")
    (mini / "sources" / "demo-2021.txt").rename(mini / "sources" / "Demo 2021.txt")
    found = problems(mini)
    assert f"{mini}/sources/Demo 2021.yaml: file name must be a source id: lowercase letters, digits, hyphens" in found


def test_a_broken_source_does_not_cascade_into_citation_errors(mini):
    (mini / "sources" / "demo-2021.yaml").write_text("title:\t[x\n", encoding="utf-8")
    found = problems(mini)
    assert len(found) == 1 and "YAML syntax" in found[0]


def problems_of(folder: Path, **options) -> list[Problem]:
    with pytest.raises(BriefingError) as info:
        load_brief(folder, **options)
    return info.value.problems


def about(problems: list[Problem], *paths: Path) -> list[Problem]:
    return [p for p in problems if p.path in paths]


def test_a_missing_folder_is_one_problem_of_the_folder(tmp_path):
    assert problems_of(tmp_path / "nope") == [Problem(tmp_path / "nope", 0, 0, "", "no such folder")]


def test_every_misnamed_or_unpaired_source_file_is_reported(mini):
    sources = mini / "sources"
    named = [sources / "Bad_Name.yaml", sources / "also bad.yaml"]
    orphans = [sources / "orphan-a.yaml", sources / "orphan-b.yaml"]
    lonely = [sources / "lonely-a.txt", sources / "lonely-b.txt"]
    for path in named + orphans:
        path.write_text("title: A source\n", encoding="utf-8")
    for path in lonely:
        path.write_text("Some text.\n", encoding="utf-8")
    found = problems_of(mini)
    bad_name = "file name must be a source id: lowercase letters, digits, hyphens"
    reported = about(found, *named, *orphans, *lonely)
    assert sorted(reported) == sorted(
        [Problem(p, 0, 0, "", bad_name) for p in named]
        + [Problem(p, 0, 0, "", f"no source text {p.stem}.txt beside it") for p in orphans]
        + [Problem(p, 0, 0, "", f"source text has no curation file {p.stem}.yaml") for p in lonely]
    )
    # a source that cannot load (no text beside its curation) is reported before the rest
    assert [p.path for p in reported[: len(orphans)]] == orphans


def test_every_unreadable_source_text_is_reported(mini):
    sources = mini / "sources"
    texts = [sources / "binary-a.txt", sources / "binary-b.txt"]
    for text in texts:
        text.with_suffix(".yaml").write_text("title: A source\n", encoding="utf-8")
        text.write_bytes(b"PK\x00\x03 not text")
    message = "contains NUL bytes: a binary file, not UTF-8 text"
    assert about(problems_of(mini), *texts) == [Problem(t, 0, 0, "", message) for t in texts]


def test_every_source_still_marked_todo_is_listed(mini):
    sources = mini / "sources"
    for name in ("todo-a", "todo-b"):
        (sources / f"{name}.yaml").write_text("title: A source\nsummary: TODO\n", encoding="utf-8")
        (sources / f"{name}.txt").write_text("Some text.\n", encoding="utf-8")
    left: list[Problem] = []
    load_brief(mini, incomplete_out=left)
    headlines = [p for p in left if p.line == 0]
    assert headlines == [
        Problem(sources / f"{name}.yaml", 0, 0, "", "source is incomplete; still TODO: summary")
        for name in ("todo-a", "todo-b")
    ]


def test_an_empty_sources_folder_is_a_problem_of_the_folder(mini):
    for path in (mini / "sources").iterdir():
        path.unlink()
    assert about(problems_of(mini), mini / "sources") == [
        Problem(mini / "sources", 0, 0, "", "no sources (expected <id>.yaml with <id>.txt)")
    ]


def test_a_source_file_may_link_to_a_file_elsewhere_in_the_brief_folder(mini):
    # The brief folder is the boundary, not the sources folder: shared curation files are fine.
    shared = mini / "shared"
    shared.mkdir()
    original = mini / "sources" / "demo-2021.yaml"
    (shared / "demo-2021.yaml").write_bytes(original.read_bytes())
    original.unlink()
    original.symlink_to(Path("..") / "shared" / "demo-2021.yaml")
    assert [s.id for s in load_brief(mini).sources] == ["demo-2021"]


def test_a_key_of_the_wrong_type_is_located_at_the_key(mini):
    path = mini / "sources" / "demo-2021.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n  russia: Moscow" in text
    path.write_text(text.replace("\n  russia: Moscow", "\n  Russia: Moscow"), encoding="utf-8")
    line = text[: text.index("\n  russia: Moscow")].count("\n") + 2
    found = [str(p) for p in about(problems_of(mini), path)]
    assert (
        f"{path}:{line}:3: positions.Russia: invalid key (String should match pattern '^[a-z0-9][a-z0-9-]*$')"
        in found
    )


# --- a schema error in the analyst's terms (brief.py's _message) ---------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("sources/demo-2021.yaml", "author: [{given: Test, family: Author}]", "author:",
         "author: expected a list (lines starting with -, or [a, b]), e.g. [{family: Roe, given: Jane}] (it is empty)"),
        ("brief.yaml", "keywords: [fixture, scripts]", "keywords:",
         "keywords: expected a list (lines starting with -, or [a, b]), e.g. [water, Mekong] (it is empty)"),
        ("brief.yaml", "keywords: [fixture, scripts]", "keywords: !!binary aGVsbG8=",
         "keywords: expected a list (lines starting with -, or [a, b]), e.g. [water, Mekong] (got bytes)"),
        # the example is for the list: an item of the wrong type gets none
        ("brief.yaml", "keywords: [fixture, scripts]", "keywords: [fixture, 3]", "keywords[1]: expected text (got 3)"),
        ("sources/demo-2021.yaml", "title: Three Scripts on the Peninsula", "title: 12.5", "title: expected text (got 12.5)"),
        ("brief.yaml", "confidence: moderate", "confidence: certain",
         "key_judgments[0].confidence: expected 'high', 'moderate' or 'low' (got 'certain')"),
        ("brief.yaml", "confidence: moderate", f"confidence: {'c' * 100}",  # the value cut at 80 characters
         f"key_judgments[0].confidence: expected 'high', 'moderate' or 'low' (got '{'c' * 79})"),
        ("brief.yaml", "date: 2021-03-02", "date: 2021-03-02\nlang: en_GB",
         "lang: expected a value such as en, ko or zh-Hans (got 'en_GB')"),
        ("brief.yaml", "date: 2021-03-02", f"date: 2021-03-02\nlang: en-{'-'.join(['abcdefgh'] * 4)}",
         "lang: has 38 characters; at most 35, e.g. en, ko or zh-Hans"),
    ],
)
def test_a_schema_error_says_what_the_field_expects_and_what_it_holds(mini, file, old, new, message):
    """The one problem is this line, whole (where a value is located is pinned in test_yaml.py)."""
    edit(mini / file, old, new)
    found = failures(mini)
    assert len(found) == 1 and re.fullmatch(rf"{re.escape(file)}:\d+:\d+: {re.escape(message)}", found[0]), found


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("lang: ja_JP", "lang: expected a value such as en, ko or zh-Hans (got 'ja_JP')"),
        ("lang: 日本語", "lang: expected a value such as en, ko or zh-Hans (got '日本語')"),
        (f"lang: ja-{'-'.join(['abcdefgh'] * 4)}", "lang: has 38 characters; at most 35, e.g. en, ko or zh-Hans"),
    ],
)
def test_a_language_tag_that_is_no_tag_gets_an_example_in_a_japanese_brief(tmp_path, new, message):
    import shutil

    ja = tmp_path / "ja"
    shutil.copytree(SEEDS.parent / "tests/fixtures/ja", ja)
    edit(ja / "brief.yaml", "lang: ja", new)
    line = line_of(ja / "brief.yaml", new)
    assert failures(ja) == [f"brief.yaml:{line}:7: {message}"]


# --- the package, citation_style, incomplete sources, a broken source first (load/brief.py) ---


def test_the_package_fetches_load_brief_and_names_what_it_lacks():
    import briefing.load as package
    from briefing.load.brief import load_brief as direct

    assert package.load_brief is direct
    with pytest.raises(AttributeError, match=r"^module 'briefing\.load' has no attribute 'nothing'$"):
        package.nothing  # noqa: B018


def _add_style(brief: Path, value: str) -> int:
    path = brief / "brief.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"citation_style: {value}\n", encoding="utf-8")
    return line_of(path, "citation_style:")


@pytest.mark.parametrize("name", ["mini", "mekong"])
def test_a_bundled_style_is_kept_by_its_id_and_a_file_by_its_full_path(request, name):
    from briefing.cite import styles

    brief = request.getfixturevalue(name)
    assert load_brief(brief).citation_style is None
    _add_style(brief, "modern-language-association")
    assert load_brief(brief).citation_style == "modern-language-association"
    (brief / "house.csl").write_bytes(styles.resolve("apa").read_bytes())
    edit(brief / "brief.yaml", "citation_style: modern-language-association", "citation_style: house.csl")
    assert load_brief(brief).citation_style == str((brief / "house.csl").resolve())  # what the build reads


@pytest.mark.parametrize("name", ["mini", "mekong"])
def test_an_unknown_or_unreadable_style_is_one_located_line(request, name):
    brief = request.getfixturevalue(name)
    line = _add_style(brief, "chicago")
    assert problems(brief) == [
        f"{brief}/brief.yaml:{line}:17: citation_style: unknown citation style 'chicago'; bundled: apa, "
        "chicago-author-date, chicago-notes-bibliography, harvard-cite-them-right, "
        "modern-language-association, oscola, or a .csl file"
    ]
    edit(brief / "brief.yaml", "citation_style: chicago", "citation_style: gone.csl")
    assert problems(brief) == [
        f"{brief}/brief.yaml:{line}:17: citation_style: cannot read citation style {brief}/gone.csl: "
        "No such file or directory"
    ]


def test_a_source_still_to_write_stops_check_and_is_listed_apart_for_list(mekong):
    """``import-refs`` writes the curation before the text exists: ``check`` stops on it (naming
    the text to save first); ``briefing list`` receives the same lines apart and loads the rest."""
    path = mekong / "sources" / "baker-partners-2024.yaml"
    edit(path, "summary: >-\n", 'summary: "TODO: in your own words"\nwas: >-\n')
    path.with_suffix(".txt").unlink()
    todo = [
        f"{path}: source is incomplete; still TODO: the text baker-partners-2024.txt, summary",
        f"{path}:1:1: still TODO: save the source text, byte for byte, as baker-partners-2024.txt",
    ]
    assert problems(mekong)[:2] == todo
    apart: list[Problem] = []
    with pytest.raises(BriefingError) as caught:  # the prose still quotes the missing source
        load_brief(mekong, incomplete_out=apart)
    assert [str(p) for p in apart][:2] == todo
    assert not any("still TODO" in str(p) for p in caught.value.problems)


def test_a_broken_source_is_reported_first_and_prose_quoting_it_says_so(mekong):
    path = mekong / "sources" / "baker-partners-2024.yaml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    found = problems(mekong)
    assert found[0].startswith(f"{path}:2:1: YAML syntax:")
    line = line_of(mekong / "brief.yaml", "little room to pause")
    assert found[1:] == [
        f"{mekong}/brief.yaml:{line}:7: key_judgments[2].text: quoted phrase \"little room to pause\" cites a "
        "source that failed to load (baker-partners-2024)"
    ]


def test_only_the_broken_sources_own_lines_go_first(mini):
    """A source may be called ``brief``: its failure goes first, brief.yaml's own problem (read
    before any source) stays where it was found."""
    (mini / "sources" / "brief.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (mini / "sources" / "brief.txt").write_text("A text.\n", encoding="utf-8")
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-13-02")
    found = problems(mini)
    assert found[0].startswith(f"{mini}/sources/brief.yaml:2:1: YAML syntax:")
    assert found[1].startswith(f"{mini}/brief.yaml:") and ": date: " in found[1]

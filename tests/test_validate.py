"""The rules that span a brief and its sources (briefing/load/validate.py): claims must cite,
markers resolve, a source's URL is one its text gives, ids are unique, matrix rows and cells name
known issues, actors and stances, and malformed data after a schema error is reported, not a
crash. Each with the exact file:line:col of its error, in process."""

from __future__ import annotations

import pytest
from conftest import DEMO, edit, failures, line_of, located

from briefing.load import load_brief

pytestmark = pytest.mark.load


# --- citations and claims (briefing/load/validate.py) ------------------------------------------

CLAIM = "makes a claim but cites no source ([@source-id])"


@pytest.mark.parametrize(
    ("old", "new", "field", "at"),
    [
        ("patience [@demo-2021].\nkey_judgments", "patience.\nkey_judgments", "bluf", "Seoul's"),
        ("stability [@demo-2021].", "stability.", "key_judgments[0].text", "Both"),
        ("same way [@demo-2021, para. 4].", "same way.", "key_judgments[1].text", "Beijing"),
        ("- Both stress patience [@demo-2021].", "- Both stress patience.", "convergence", "- Both"),
        ("- Only one text was read [@demo-2021].", "- Only one text was read.", "divergence", "- Only"),
        ("outlook: Little will change soon [@demo-2021].", "outlook: Little will change soon.", "outlook", "Little"),
        ("freeze-for-freeze [@demo-2021].", "freeze-for-freeze.", "indicators[0].text", "New talk"),
        ('cite: "[@demo-2021]"', 'cite: "the fixture text"', "timeline[0].cite", '"the'),
        ("process, 평화 프로세스 [@demo-2021].", "process, 평화 프로세스.", "actors[0].position", "Seoul"),
        ("aims: Stability above all [@demo-2021].", "aims: Stability above all.", "actors[1].aims", "Stability"),
        ("concerns: The sources do not address Russia's concerns.", "concerns: Russia fears change.",
         "actors[1].concerns", "Russia fears"),
        ("leverage: The sources do not address South Korea's leverage.", "leverage: Seoul has money.",
         "actors[0].leverage", "Seoul has"),
    ],
)
def test_every_claim_making_field_must_cite(mini, old, new, field, at):
    edit(mini / "brief.yaml", old, new)
    assert failures(mini) == [located(mini, "brief.yaml", new.splitlines()[0], field, CLAIM, at=at)]


def test_saying_the_sources_are_silent_needs_no_citation_in_any_case(mini):
    edit(mini / "brief.yaml", "concerns: The sources do not address Russia's concerns.",
         "concerns: These sources DO NOT ADDRESS it.")
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: The texts do Not Address this.")
    assert load_brief(mini).outlook == "The texts do Not Address this."


def test_fields_that_make_no_claim_need_no_citation(mini):
    edit(mini / "brief.yaml", "    meaning: Favours pressure", "    meaning: Favours pressure, says who")
    edit(mini / "brief.yaml", "    label: Fixture text published", "    label: Something happened")
    load_brief(mini)


def test_a_source_position_must_cite_and_its_markers_must_resolve(mini):
    edit(mini / DEMO, "  rok: Seoul speaks of 평화 프로세스, a patient peace process [@demo-2021].",
         "  rok: Seoul speaks of 평화 프로세스, a patient peace process.")
    assert failures(mini) == [located(mini, DEMO, "  rok: Seoul", "positions.rok", CLAIM, at="Seoul")]


def test_markers_are_checked_in_every_field_after_the_quotes(mini):
    edit(mini / DEMO, "    why: Chinese in a pull-quote.", "    why: Chinese in a pull-quote [@demo-2012].")
    assert failures(mini) == [
        located(mini, DEMO, "why: Chinese", "quotes[2].why",
                "citation @demo-2012 does not match any source — did you mean @demo-2021?", at="[@demo-2012]")
    ]


def test_a_marker_inside_a_pull_quote_is_the_sources_words(mini):
    (mini / "sources" / "demo-2021.txt").write_text(
        (mini / "sources" / "demo-2021.txt").read_text(encoding="utf-8") + "\nAs cited [@nobody] here.\n", encoding="utf-8"
    )
    edit(mini / DEMO, "positions:", "  - id: demo-cited\n    text: As cited [@nobody] here.\n    actors: [rok]\n"
         "    why: A marker in the source.\npositions:")
    assert load_brief(mini).sources[0].quotes[3].text == "As cited [@nobody] here."


def test_a_malformed_and_an_unknown_marker_in_one_field(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].",
         "outlook: Little [@demo-2021; junk] will change [@zzz-1999].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook",
                "malformed citation [@demo-2021; junk] (expected [@id] or [@id, locator])", at="[@demo-2021; junk]"),
        located(mini, "brief.yaml", "outlook:", "outlook", "citation @zzz-1999 does not match any source",
                at="[@zzz-1999]"),
    ]


# --- a source's own rules (validate.check_source, check_url) -----------------------------------


@pytest.mark.parametrize(
    ("url", "text_gives", "message"),
    [
        ("https://example.org/a", "https://example.org/a", None),
        ("https://example.org/a/", "https://example.org/a", None),  # a trailing slash aside
        ("  http://example.org/a  ", "http://example.org/a", None),
        ("HTTPS://example.org/a", "HTTPS://example.org/a", None),
        ("https://example.org/a", "https://example.org/b", "does not appear in {text}, and new-source did not read it from there (no url_sha256); "
         "give a URL only where the text gives it or new-source fetched it"),
        ("mailto:a@example.org", "mailto:a@example.org", "must start with http:// or https://"),
    ],
)
def test_a_source_url_is_http_and_given_by_the_text(mini, url, text_gives, message):
    text = mini / "sources" / "demo-2021.txt"
    text.write_text(text.read_text(encoding="utf-8") + f"\n{text_gives}\n", encoding="utf-8")
    edit(mini / DEMO, "published: 2021-03-01", f"published: 2021-03-01\nurl: '{url}'")
    if message is None:
        assert load_brief(mini).sources[0].url is not None
    else:
        shown = message.format(text="sources/demo-2021.txt")
        assert failures(mini) == [located(mini, DEMO, "url:", "url", shown, at="'")]


def test_the_page_a_text_was_read_from_need_not_appear_in_it_but_retrieved_alone_is_no_record(mini):
    from briefing.load.record import url_seal

    edit(mini / DEMO, "published: 2021-03-01", "published: 2021-03-01\nurl: https://example.org/page\nretrieved: 2021-03-02")
    (only,) = failures(mini)  # retrieved: alone no longer vouches for it
    assert " url: does not appear in sources/demo-2021.txt, and new-source did not read it" in only
    data = (mini / "sources" / "demo-2021.txt").read_bytes()
    seal = url_seal("https://example.org/page", data)
    edit(mini / DEMO, "retrieved: 2021-03-02", f"retrieved: 2021-03-02\nurl_sha256: {seal}")
    assert load_brief(mini).sources[0].url == "https://example.org/page"
    edit(mini / DEMO, "url: https://example.org/page", "url: https://example.org/other")
    (only,) = failures(mini)
    assert " url: is not the URL new-source read sources/demo-2021.txt from (url_sha256 differs);" in only
    edit(mini / DEMO, "url: https://example.org/other", "url: https://example.org/page")
    (mini / "sources" / "demo-2021.txt").write_bytes(data + b"More.\n")  # another text, same URL
    assert any("(url_sha256 differs)" in p for p in failures(mini))


def test_a_blank_url_is_refused_once_by_the_schema_and_the_text_rule(mini):
    edit(mini / DEMO, "published: 2021-03-01", "published: 2021-03-01\nurl: '  '")
    assert failures(mini) == [
        located(mini, DEMO, "url:", "url", "not a web address (http, https, mailto:)", at="'"),
        located(mini, DEMO, "url:", "url", "string should have at least 1 character (got '  ')", at="'"),
    ]


def test_actors_of_quotes_and_positions_are_checked_only_against_a_brief_that_loaded(mini):
    edit(mini / DEMO, "    actors: [russia]", "    actors: [nobody]")
    edit(mini / DEMO, "  rok: Seoul", "  nobody: Seoul")
    found = failures(mini)
    assert located(mini, DEMO, "[nobody]", "quotes[1].actors[0]", "unknown actor 'nobody' (known: rok, russia)",
                   at="nobody") in found
    assert located(mini, DEMO, "  nobody: Seoul", "positions.nobody", "unknown actor 'nobody' (known: rok, russia)",
                   at="nobody") in found
    edit(mini / "brief.yaml", "short_title: Fixture brief", "short_title: [unclosed")
    assert [f for f in failures(mini) if "unknown actor" in f] == []  # no actors known: not guessed


# --- brief.yaml's own rules (validate.check_brief, check_quote_ids) -----------------------------


@pytest.mark.parametrize(("kind", "old", "value"), [
    ("stances", "  - id: engagement", "pressure"),
    ("actors", "  - id: russia", "rok"),
    ("issues", "  - id: sanctions", "end-state"),
])
def test_duplicate_ids_of_every_list(mini, kind, old, value):
    edit(mini / "brief.yaml", old, f"  - id: {value}")
    lines = (mini / "brief.yaml").read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines, 1) if line == f"  - id: {value}"][1]
    assert f"brief.yaml:{second}:9: {kind}[1].id: duplicate id {value!r}" in failures(mini)


def test_a_quote_id_used_in_two_sources(mini):
    sources = mini / "sources"
    (sources / "spare-2020.txt").write_bytes((sources / "demo-2021.txt").read_bytes())
    (sources / "spare-2020.yaml").write_text((mini / DEMO).read_text(encoding="utf-8").replace("demo-2021", "spare-2020")
                                             .replace("id: demo-moscow", "id: spare-moscow")
                                             .replace("id: demo-beijing", "id: spare-beijing"), encoding="utf-8")
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021]", "outlook: Soon [@demo-2021; @spare-2020]")
    assert failures(mini) == [
        located(mini, "sources/spare-2020.yaml", "id: demo-seoul", "quotes[0].id",
                f"duplicate id 'demo-seoul' (also in {DEMO})", at="demo-seoul")
    ]


def test_a_whole_missing_matrix_row_points_at_the_matrix(mini):
    text = (mini / "brief.yaml").read_text(encoding="utf-8")
    start = text.index("  sanctions:\n    rok:")
    end = text.index("convergence:")
    (mini / "brief.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    row = line_of(mini / "brief.yaml", "matrix:")
    assert failures(mini) == [
        f"brief.yaml:{row + 1}:3: matrix: missing cell matrix.sanctions.rok (Sanctions × South Korea)",
        f"brief.yaml:{row + 1}:3: matrix: missing cell matrix.sanctions.russia (Sanctions × Russia)",
    ]


def test_a_missing_cell_in_a_row_points_at_the_row(mini):
    edit(mini / "brief.yaml", "    rok:\n      stance: Not addressed in these sources.\n      category: not-addressed\n", "")
    row = line_of(mini / "brief.yaml", "      stance: Sanctions remain")
    assert failures(mini) == [
        f"brief.yaml:{row - 1}:5: matrix.sanctions: missing cell matrix.sanctions.rok (Sanctions × South Korea)"
    ]


def test_an_unknown_issue_row_is_not_also_checked_cell_by_cell(mini):
    edit(mini / "brief.yaml", "  sanctions:\n    rok:", "  nothing-alike:\n    rok:")
    found = failures(mini)
    assert located(mini, "brief.yaml", "  nothing-alike:", "matrix.nothing-alike",
                   "unknown issue 'nothing-alike' (known: end-state, sanctions)", at="nothing-alike") in found
    assert not any("matrix.nothing-alike." in f for f in found)


def test_a_not_addressed_cell_needs_no_citation_but_a_coded_one_does(mini):
    edit(mini / "brief.yaml", "      stance: Sanctions remain in force [@demo-2021].", "      stance: Sanctions remain in force.")
    assert failures(mini) == [
        located(mini, "brief.yaml", "stance: Sanctions remain in force.", "matrix.sanctions.russia.stance",
                "cites no source ([@source-id])", at="Sanctions")
    ]


def test_an_unknown_stance_in_a_cell(mini):
    edit(mini / "brief.yaml", "      category: pressure", "      category: presure")
    assert failures(mini)[0] == located(mini, "brief.yaml", "category: presure", "matrix.sanctions.russia.category",
                                        "unknown stance 'presure' — did you mean 'pressure'?", at="presure")


def test_every_unknown_row_and_every_cell_after_an_unknown_one_is_checked(mini):
    edit(mini / "brief.yaml", "  end-state:\n    rok:", "  end-stat:\n    rok:")
    edit(mini / "brief.yaml", "  sanctions:\n    rok:", "  sanctionz:\n    nobody:")
    found = failures(mini)
    for issue in ("end-stat", "sanctionz"):
        assert any(f"matrix.{issue}: unknown issue {issue!r}" in f for f in found), found


def test_the_cells_after_an_unknown_actor_are_still_checked(mini):
    edit(mini / "brief.yaml", "  end-state:\n    rok:", "  end-state:\n    nobody:")
    edit(mini / "brief.yaml", "      category: engagement\n  sanctions:", "      category: presure\n  sanctions:")
    found = failures(mini)
    assert any("matrix.end-state.nobody: unknown actor 'nobody'" in f for f in found), found
    assert any("matrix.end-state.russia.category: unknown stance 'presure'" in f for f in found), found


# --- malformed data: the raw-data rules run after a schema error and must not crash -------------


def test_empty_quotes_actors_and_matrix_are_schema_errors_not_crashes(mini):
    edit(mini / DEMO, "    actors: [russia]\n", "    actors:\n")
    edit(mini / "brief.yaml", "matrix:\n  end-state:", "matrix2:\n  end-state:")
    (mini / "brief.yaml").write_text((mini / "brief.yaml").read_text(encoding="utf-8") + "matrix:\n", encoding="utf-8")
    found = failures(mini)
    assert any(": quotes[1].actors: " in f for f in found), found
    assert any(": matrix: " in f for f in found), found


def test_a_quote_that_is_not_a_mapping_does_not_stop_the_next_being_checked(mini):
    edit(mini / DEMO, "quotes:\n  - id: demo-seoul", "quotes:\n  - just words\n  - id: demo-seoul")
    edit(mini / DEMO, "needs stability above all.", "needs calm above all.")
    found = failures(mini)
    assert any(": quotes[2].text: not found in" in f for f in found), found


def test_empty_quotes_are_a_schema_error_not_a_crash(mini):
    text = (mini / DEMO).read_text(encoding="utf-8")
    start, end = text.index("quotes:\n"), text.index("positions:")
    (mini / DEMO).write_text(text[:start] + "quotes:\n" + text[end:], encoding="utf-8")
    assert any(": quotes: " in f for f in failures(mini))


def test_a_url_longer_than_the_one_the_text_gives_is_refused(mini):
    text = mini / "sources" / "demo-2021.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nhttps://example.org/a\n", encoding="utf-8")
    edit(mini / DEMO, "published: 2021-03-01", "published: 2021-03-01\nurl: https://example.org/aX")
    assert failures(mini) == [
        located(mini, DEMO, "url:", "url", "does not appear in sources/demo-2021.txt, and new-source did not read it "
                "from there (no url_sha256); give a URL only where the text gives it or new-source fetched it",
                at="https")
    ]

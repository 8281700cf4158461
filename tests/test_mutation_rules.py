"""Rules the mutation run (``make mutation``) found unpinned: each tried in process, on both
sides of its limit where it has one, with the exact file:line:col of its error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, edit, failures, line_of

from briefing.citations import MARKER, Cite, Marker, find_markers, parse_group
from briefing.errors import BriefingError, Problem
from briefing.html.markdown import Prose
from briefing.load import load_brief
from briefing.load.analytic import off_scale
from briefing.load.text import check_text, link_allowed
from briefing.load.usage import CELL_WORDS as USAGE_CELL_WORDS
from briefing.load.yamlfile import read_yaml

# --- citation markers (briefing/citations.py) ------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "cites", "bad"),
    [
        ("@a", (Cite("a"),), False),
        ("@a, para. 4", (Cite("a", "para. 4"),), False),
        ("  @a-1 ,  p. 3  ", (Cite("a-1", "p. 3"),), False),
        ("@a; @b, p. 3", (Cite("a"), Cite("b", "p. 3")), False),
        ("@a;@b", (Cite("a"), Cite("b")), False),
        ("@a; junk", (Cite("a"),), True),
        ("junk; @a", (Cite("a"),), True),
        ("@a;", (Cite("a"),), True),
        ("@A", (), True),
        ("@-a", (), True),
        ("@a b", (), True),
        ("@a,", (), True),
        ("@", (), True),
    ],
)
def test_a_marker_group_parses_into_sources_and_locators(inner, cites, bad):
    assert parse_group(inner) == (cites, bad)


def test_markers_are_found_in_order_with_their_spans():
    text = "One [@a, para. 4]. Two [x] [@b; @c] and [@Bad]."
    found = list(find_markers(text))
    assert found == [
        Marker(4, 17, "[@a, para. 4]", (Cite("a", "para. 4"),), False),
        Marker(27, 35, "[@b; @c]", (Cite("b"), Cite("c")), False),
        Marker(40, 46, "[@Bad]", (), True),
    ]
    assert [text[m.start : m.end] for m in found] == [m.raw for m in found]
    assert MARKER.search("[@a [@b]]").group(0) == "[@b]"  # no brackets inside a marker
    assert list(find_markers("no markers, [a] or @a")) == []


def test_a_locator_reaches_the_footnote():
    brief = load_brief(MINI)
    prose = Prose(brief)
    note = prose.citations.resolve(str(prose.inline("Patience [@demo-2021, para. 4].")))
    assert note.count('class="footnote"') == 1
    assert "para. 4" in note
    prose = Prose(brief)
    assert "para. 4" not in prose.citations.resolve(str(prose.inline("Patience [@demo-2021].")))
    judgment = next(k for k in brief.key_judgments if "稳定" in k.text)
    assert "[@demo-2021, para. 4]" in judgment.text  # the model keeps the marker whole


# --- helpers: a copy of the mini brief, edited, and what check says about it -------------------

DEMO = "sources/demo-2021.yaml"


def located(brief: Path, file: str, needle: str, field: str, message: str, *, at: str | None = None) -> str:
    """``file:line:col: field: message`` where ``needle``'s line is, the column that of ``at``."""
    line = line_of(brief / file, needle)
    text = (brief / file).read_text(encoding="utf-8").splitlines()[line - 1]
    col = text.index(at if at is not None else needle) + 1
    return f"{file}:{line}:{col}: {field}: {message}"



def warnings_of(brief: Path) -> list[str]:
    found: list[Problem] = []
    load_brief(brief, warnings=found)
    return [str(p).replace(f"{brief}/", "") for p in found]


# --- warnings (briefing/load/usage.py) ---------------------------------------------------------


def test_the_mini_brief_has_no_warnings():
    assert warnings_of(MINI) == []


def test_cell_length_both_sides_markers_not_counted(mini):
    marker = "[@demo-2021, para. 4; @demo-2021]"
    edit(mini / "brief.yaml", "stance: Stability above all [@demo-2021].", f"stance: {'word ' * USAGE_CELL_WORDS}{marker}")
    assert warnings_of(mini) == []
    edit(mini / "brief.yaml", "stance: word ", "stance: word word ")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "stance: word", "matrix.end-state.russia.stance",
                f"warning: has {USAGE_CELL_WORDS + 1} words; a cell holds at most {USAGE_CELL_WORDS}", at="word")
    ]


def _hide_the_beijing_quote(brief: Path) -> None:
    """Each actor shows one quote of its own: demo-beijing is in no actor section."""
    edit(brief / "brief.yaml", "    short: ROK\n", "    short: ROK\n    quotes: [demo-seoul]\n")
    edit(brief / "brief.yaml", "    short: RU\n", "    short: RU\n    quotes: [demo-moscow]\n")


def test_a_quote_no_section_shows_and_no_prose_quotes_is_a_warning(mini):
    _hide_the_beijing_quote(mini)
    assert warnings_of(mini) == [
        located(mini, DEMO, "id: demo-beijing", "quotes[2].id",
                "warning: quote demo-beijing is in no actor section and the brief's prose never quotes it"
                " (add it to an actor's quotes:)", at="demo-beijing")
    ]


def test_prose_quoting_three_words_of_a_quote_uses_it_two_do_not(mini):
    _hide_the_beijing_quote(mini)
    edit(mini / "brief.yaml", "outlook: Little will change soon", "outlook: Sanctions “remain in force”")
    assert warnings_of(mini) == []
    edit(mini / "brief.yaml", "“remain in force”", "remain “in force”")
    assert len(warnings_of(mini)) == 1
    edit(mini / "brief.yaml", "remain “in force”", "“remain in … force”")  # the parts, two words and one
    assert len(warnings_of(mini)) == 1


def test_every_quoted_run_of_the_prose_counts_not_only_the_last(mini):
    _hide_the_beijing_quote(mini)
    edit(mini / "brief.yaml", "framing both favour patience [@demo-2021].", "framing: sanctions “remain in force” [@demo-2021].")
    assert warnings_of(mini) == []  # the actors' «Корейский полуостров» comes later in the file


def test_a_shown_quote_needs_no_prose(mini):
    edit(mini / "brief.yaml", "    short: ROK\n", "    short: ROK\n    quotes: [demo-seoul, demo-beijing]\n")
    edit(mini / "brief.yaml", "    short: RU\n", "    short: RU\n    quotes: [demo-moscow]\n")
    assert warnings_of(mini) == []


def test_an_actor_no_source_gives_a_position_is_a_warning(mini):
    edit(mini / DEMO, "  russia: Moscow stresses stability above all [@demo-2021].\n", "")
    edit(mini / "brief.yaml", "      category: engagement\n  sanctions:", "      category: not-addressed\n  sanctions:")
    edit(mini / "brief.yaml", "      category: pressure\n", "      category: not-addressed\n")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "  - id: russia", "actors[1].id",
                "warning: no source gives russia a position (positions.russia in no source file)", at="russia")
    ]


def test_a_source_the_brief_never_cites_is_a_warning(mini):
    sources = mini / "sources"
    (sources / "spare-2020.txt").write_bytes((sources / "demo-2021.txt").read_bytes())
    text = (mini / DEMO).read_text(encoding="utf-8").replace("demo-2021", "spare-2020")
    (sources / "spare-2020.yaml").write_text(text.replace("id: demo-", "id: spare-"), encoding="utf-8")
    found: list[Problem] = []
    load_brief(mini, warnings=found)
    assert found == [Problem(mini / "sources" / "spare-2020.yaml", 0, 0, "",
                             "warning: source spare-2020 is cited nowhere in brief.yaml")]  # the file, no line
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021]", "outlook: Soon [@demo-2021; @spare-2020]")
    assert warnings_of(mini) == []


# --- what new-source records (briefing/load/record.py) -----------------------------------------

SHA = "3f61c02bbe7ca2007570e7495480a874261046f9aca44e1e71eeb9e6a7692a61"  # of demo-2021.txt


def test_a_recorded_sha256_that_matches_passes(mini):
    edit(mini / DEMO, "outlet: Fixture Review", f"outlet: Fixture Review\nsha256: {SHA}")
    assert load_brief(mini).sources[0].id == "demo-2021"
    edit(mini / DEMO, SHA, SHA.upper())  # the schema wants lower case; the digest still matches
    (only,) = failures(mini)
    assert only.startswith(located(mini, DEMO, "sha256:", "sha256", "string should match pattern", at=SHA[:8].upper()))


def test_a_recorded_sha256_that_differs_names_the_text(mini):
    edit(mini / DEMO, "outlet: Fixture Review", f"outlet: Fixture Review\nsha256: {SHA[:-1]}0")
    assert failures(mini) == [
        located(mini, DEMO, "sha256:", "sha256", "demo-2021.txt has changed since it was added (SHA-256 differs)",
                at=SHA[:8])
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("TODO", "still TODO"), ("'TODO: the outlet'", "still TODO: the outlet"),
     ("'  TODO — the outlet  '", "still TODO: the outlet"), ("TODO-ish", "still TODO: ish"),
     ("'TODO: X-ray Review'", "still TODO: X-ray Review")],
)
def test_a_field_still_marked_todo_is_named(mini, value, shown):
    edit(mini / DEMO, "outlet: Fixture Review", f"outlet: {value}")
    edit(mini / DEMO, "    why: Cyrillic in a pull-quote.", "    why: TODO why")
    found = failures(mini)
    assert found[:3] == [
        f"{DEMO}: source is incomplete; still TODO: outlet, quotes[1].why",
        located(mini, DEMO, "outlet:", "outlet", shown, at=value[:1]),
        located(mini, DEMO, "why: TODO why", "quotes[1].why", "still TODO: why", at="TODO"),
    ]


def test_the_incomplete_headline_names_the_file_alone(mini):
    edit(mini / DEMO, "outlet: Fixture Review", "outlet: TODO")
    with pytest.raises(BriefingError) as info:
        load_brief(mini)
    assert Problem(mini / DEMO, 0, 0, "", "source is incomplete; still TODO: outlet") in info.value.problems


def test_incomplete_sources_can_be_set_aside(mini):
    edit(mini / DEMO, "outlet: Fixture Review", "outlet: TODO")
    aside: list[Problem] = []
    with pytest.raises(BriefingError) as info:  # the only source set aside: nothing left to brief
        load_brief(mini, incomplete_out=aside)
    assert [str(p).replace(f"{mini}/", "") for p in info.value.problems] == ["sources: no sources (expected <id>.yaml with <id>.txt)"]
    assert [p.message for p in aside] == ["source is incomplete; still TODO: outlet", "still TODO"]
    edit(mini / DEMO, "outlet: TODO", "outlet: A TODO list")  # TODO inside a value is not the marker
    assert load_brief(mini).sources[0].outlet == "A TODO list"


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
        ("https://example.org/a", "https://example.org/b", "does not appear in {text}; give a URL only where the text itself gives it"),
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


def test_the_page_a_text_was_fetched_from_need_not_appear_in_it(mini):
    edit(mini / DEMO, "published: 2021-03-01", "published: 2021-03-01\nurl: https://example.org/page\nretrieved: 2021-03-02")
    assert load_brief(mini).sources[0].url == "https://example.org/page"


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


# --- likelihood words (briefing/load/analytic.py) ----------------------------------------------

ICD = ("ICD 203: almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, "
       "almost certain")


def test_an_off_scale_word_names_the_scale_it_is_off(mini):
    edit(mini / "brief.yaml", "Both capitals stress patience", "Both capitals may stress patience")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "may stress", "key_judgments[0].text",
                f'warning: likelihood word "may" is not on the scale ({ICD})', at="may")
    ]
    edit(mini / "brief.yaml", "keywords: [fixture, scripts]",
         "keywords: [fixture, scripts]\nlikelihood_scale: [remote / slim, even / toss-up, near-certain]")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "may stress", "key_judgments[0].text",
                'warning: likelihood word "may" is not on the scale (the brief: remote, even, near-certain)', at="may")
    ]


def test_each_off_scale_word_once_per_field_and_the_bluf_too(mini):
    edit(mini / "brief.yaml", "framing both favour patience", "framing may favour patience, or may not, possibly")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "framing may", "bluf", f'warning: likelihood word "may" is not on the scale ({ICD})',
                at="may"),
        located(mini, "brief.yaml", "framing may", "bluf",
                f'warning: likelihood word "possibly" is not on the scale ({ICD})', at="possibly"),
    ]


@pytest.mark.parametrize(("text", "found"), [
    ("a remote chance", ["remote chance"]),  # the longer term wins where both end on a word boundary
    ("It is highly\nlikely", ["highly likely"]),  # any white space between a term's words
    ("Possibly so", ["Possibly"]),  # in any case
    ("It may[@x-1]be so", ["may"]),  # a citation marker is blanked, not deleted
    ("He said “it may”.", []),  # the source's words, to the closing mark
    ("He said “it may” and may.", ["may"]),
    ("He said “it”may.", ["may"]),  # blanked to the closing mark, not past it
    ("He said “so” and “it may”.", []),  # every quotation blanked where it is
    ("It will possibly 3 times", ["possibly"]),  # only May before a number is the month
    ("In May 2021 it may rain", ["may"]),  # and the words after the month are still read
])
def test_likelihood_words_found_as_the_reader_reads_them(text, found):
    assert list(off_scale(text, None)) == found


# --- what text may hold (briefing/load/text.py) -------------------------------------------------


@pytest.mark.parametrize("url", ["http://[unclosed", "https://exa mple.org", "https://e.org/\x7f", "ftp://e.org", "//e.org", ""])
def test_links_outside_the_allow_list(url):
    assert not link_allowed(url)


@pytest.mark.parametrize("url", ["http://e.org", " https://e.org/a?b=c ", "HTTPS://E.ORG", "mailto:desk@e.org"])
def test_links_inside_the_allow_list(url):
    assert link_allowed(url)


def test_an_unparseable_source_url_is_one_line_not_a_traceback(mini):
    edit(mini / DEMO, "published: 2021-03-01", 'published: 2021-03-01\nurl: "http://[oops"')
    assert failures(mini) == [located(mini, DEMO, "url:", "url", "not a web address (http, https, mailto:)", at='"')]


def test_a_link_in_prose_is_judged_as_markdown_normalises_it(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon", "outlook: Little [will](http://[oops) change soon")
    brief = load_brief(mini)  # the bracket is percent-encoded: an http link like any other
    assert '<a href="http://%5Boops">will</a>' in str(Prose(brief).inline(brief.outlook))


def test_inline_code_in_a_literal_block_is_located_by_its_text(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].",
         "outlook: |-\n  Little will change soon [@demo-2021].\n  Then `zz-code` again [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "`zz-code`", "outlook", "prose may not hold inline code (`…`); write plain text",
                at="zz-code")
    ]


def test_a_heading_on_the_last_line_of_the_file(mini):
    text = (mini / "brief.yaml").read_text(encoding="utf-8").replace(
        "outlook: Little will change soon [@demo-2021].\n", "")
    (mini / "brief.yaml").write_text(text + "outlook: |-\n  Little will change [@demo-2021].\n\n  # Heading", encoding="utf-8")
    last = len((mini / "brief.yaml").read_text(encoding="utf-8").splitlines())
    assert failures(mini) == [f"brief.yaml:{last}:3: outlook: prose may not hold a heading (# …); write plain text"]


def test_a_construct_that_folds_over_two_lines_is_found_by_its_first_thirty_characters(mini):
    code = "a" * 30
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].",
         f"outlook: >-\n  Little will change soon [@demo-2021] `{code}\n  bbb`.")
    assert failures(mini) == [
        located(mini, "brief.yaml", code, "outlook", "prose may not hold inline code (`…`); write plain text", at=code)
    ]


@pytest.mark.parametrize(("code", "kind"), [
    (0x00, "NUL"), (0x01, "a control character"), (0x1F, "a control character"), (0x7F, "a control character"),
    (0x9F, "a control character"), (0xD800, "a lone surrogate"), (0xDFFF, "a lone surrogate"),
    (0xFDD0, "a noncharacter"), (0xFDEF, "a noncharacter"), (0xFFFF, "a noncharacter"), (0x10FFFE, "a noncharacter"),
])
def test_a_refused_character_is_named_by_its_class(tmp_path, code, kind):
    escaped = f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    (tmp_path / "brief.yaml").write_text(f'title: x\nsubtitle: "ab{escaped}c"\n', encoding="utf-8")
    doc = read_yaml(tmp_path / "brief.yaml")
    assert [str(p) for p in check_text(doc)] == [
        f"{tmp_path}/brief.yaml:2:11: subtitle: contains U+{code:04X} ({kind}); delete it"  # an escape: the value
    ]


def test_a_construct_with_no_text_of_its_own_points_at_the_field(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: Little ` ` change [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook", "prose may not hold inline code (`…`); write plain text",
                at="Little")
    ]


# --- quoted phrases: what the message says (briefing/load/phrases.py) -------------------------

SPARE_TEXT = "A second text that says something else entirely about fishing quotas in the lower river.\n"


def _source(brief: Path, sid: str, text: str = SPARE_TEXT) -> None:
    """Another source: ``sid``.txt holding ``text``, three of its word triples as quotes."""
    (brief / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    words = text.split()
    quotes = "".join(f"  - id: {sid}-q{i}\n    text: {' '.join(words[i * 3:i * 3 + 3])}\n    actors: [rok]\n"
                     "    why: x\n" for i in range(3))
    (brief / "sources" / f"{sid}.yaml").write_text(
        "title: Spare\nauthor: [{given: Spare, family: Author}]\noutlet: Spare Outlet\npublished: 2020-01-01\n"
        f"summary: {' '.join(['word'] * 80)}\nquotes:\n{quotes}positions:\n  rok: Seoul waits [@{sid}].\n",
        encoding="utf-8",
    )


def _outlook(brief: Path, text: str) -> None:
    edit(brief / "brief.yaml", "outlook: Little will change soon [@demo-2021].", f"outlook: '{text}'")


def test_a_quoted_phrase_that_cites_nothing(mini):
    _outlook(mini, "Nothing cited, “stability above all” here.")
    assert located(mini, "brief.yaml", "outlook:", "outlook",
                   "quoted phrase “stability above all” cites no source in the same paragraph; cite one, or mark a "
                   "scare quote or title as [“…”]{.scare} or [“…”]{.title}", at="“stability") in failures(mini)


def test_a_phrase_in_none_of_two_cited_sources_suggests_the_closest_passage(mini):
    _source(mini, "spare-2020")
    _outlook(mini, "Seoul wants “a peace process that needs patients” [@spare-2020; @demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook",
                "quoted phrase “a peace process that needs patients” is not in the cited sources spare-2020, demo-2021"
                ' — did you mean "a peace process that needs patience." (demo-2021)?', at="“a peace")
    ]


def test_a_phrase_found_in_sources_the_paragraph_does_not_cite(mini):
    _source(mini, "spare-2020", "Officials said calm comes first, twice, and then they said it once again today.\n")
    _source(mini, "third-2019", "Before that, calm comes first was the line they all used in the spring talks.\n")
    _outlook(mini, "They want “calm comes first” [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook",
                "quoted phrase “calm comes first” is not in the cited source demo-2021; it is in spare-2020, "
                "third-2019, which this paragraph does not cite", at="“calm")
    ]


def test_a_long_phrase_is_shown_shortened_to_a_hundred_characters(mini):
    phrase = " ".join(f"word{i}" for i in range(30))
    _outlook(mini, f"They said “{phrase}” [@demo-2021].")
    (problem,) = failures(mini)
    shown = problem.split("quoted phrase ")[1].split(" is not in")[0]
    assert len(shown) == 100 and shown.startswith("“word0 word1") and "…" in shown


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
        located(mini, DEMO, "url:", "url", "does not appear in sources/demo-2021.txt; give a URL only where the text "
                "itself gives it", at="https")
    ]


def test_a_citation_followed_by_parentheses_is_no_link(mini):
    _outlook(mini, "Little [@demo-2021](javascript:x) change.")
    assert load_brief(mini).outlook == "Little [@demo-2021](javascript:x) change."


def test_an_inline_field_is_read_inline(mini):
    edit(mini / "brief.yaml", "aims: Stability above all [@demo-2021].", "aims: '# 1 is stability [@demo-2021].'")
    edit(mini / "brief.yaml", "aims: Peace on the 한반도 [@demo-2021].", "aims: '> Peace on the 한반도 [@demo-2021].'")
    assert load_brief(mini).actors[1].aims == "# 1 is stability [@demo-2021]."


@pytest.mark.parametrize(("lists", "problem"), [
    ("- a\n  - b\n- c\n  - d", None),  # two lists two deep, one after the other
    ("- a\n  - b\n- c\n  - d\n    - e", "lists nest deeper than 2 levels"),
    ("1. a\n   1. b\n      1. c", "lists nest deeper than 2 levels"),  # numbered lists count too
    ("1. a\n   1. b\n1. c\n   1. d", None),
])
def test_list_depth_counts_every_list_open_and_close(tmp_path, lists, problem):
    body = "".join(f"  {line} [@x]\n" for line in lists.splitlines())
    (tmp_path / "brief.yaml").write_text(f"bluf: |-\n{body}", encoding="utf-8")
    assert [p.message for p in check_text(read_yaml(tmp_path / "brief.yaml"))] == ([problem] if problem else [])


def test_a_link_without_a_target_is_refused_at_its_field(mini):
    _outlook(mini, "Little [will]() change [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook", "link to '' not allowed (only http, https, mailto)", at="'")
    ]

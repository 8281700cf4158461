"""What new-source records and the loader checks (briefing/load/record.py): the sha256 of a text,
fields still marked TODO, and sources set aside as incomplete."""

from __future__ import annotations

import pytest
from conftest import DEMO, edit, failures, located

from briefing.errors import BriefingError, Problem
from briefing.load import load_brief

pytestmark = pytest.mark.load


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


# --- the values new-source guessed (unconfirmed:) and the URL it read (url_sha256) ---------------


def test_each_unconfirmed_guess_is_a_warning_at_its_line_until_deleted(mini):
    edit(mini / DEMO, "outlet: Fixture Review", "outlet: Fixture Review\nunconfirmed:\n"
         "  title: the page's <title>\n  author: the byline «Тест»")
    warnings: list[Problem] = []
    load_brief(mini, warnings)
    assert [str(w).replace(f"{mini}/", "") for w in warnings] == [
        located(mini, DEMO, "  title: the page's", "unconfirmed.title",
                "warning: guessed by new-source from the page's <title>; confirm title, then delete this line", at="the page"),
        located(mini, DEMO, "  author: the byline", "unconfirmed.author",
                "warning: guessed by new-source from the byline «Тест»; confirm author, then delete this line", at="the byline"),
    ]
    edit(mini / DEMO, "  title: the page's <title>\n", "")
    warnings = []
    load_brief(mini, warnings)
    assert [w.field for w in warnings] == ["unconfirmed.author"]


def test_the_url_record_is_the_sha256_of_the_url_a_newline_and_the_bytes(mini):
    """Curation files written by earlier versions keep passing: the record's form is fixed."""
    import hashlib

    data = (mini / "sources" / "demo-2021.txt").read_bytes()
    url = "https://example.org/한반도"
    seal = hashlib.sha256(url.encode() + b"\n" + data).hexdigest()
    edit(mini / DEMO, "published: 2021-03-01", f"published: 2021-03-01\nurl: {url}\nurl_sha256: {seal}")
    assert load_brief(mini).sources[0].url == url


def test_the_curation_todo_lines_are_each_named_until_written(mini):
    """new-source's and import-refs' TODO lines, in place of the mini source's summary, quotes
    and positions: check names each field, with what the line asks for."""
    import json

    from briefing.load.record import curation_todos

    lines = curation_todos("demo-2021.txt", "demo-2021", lambda v: json.dumps(v, ensure_ascii=False))
    assert lines == [
        'summary: "TODO: 80–150 words in your own words, neutral, keeping the source’s hedges"',
        "quotes:  # 3–6 excerpts copied verbatim from demo-2021.txt, each with its locator",
        '  - id: "TODO: an id unique in the brief, e.g. demo-2021-topic"',
        '    text: "TODO: paste an excerpt of demo-2021.txt, word for word"',
        '    actors: ["TODO: the ids of the actors it speaks to"]',
        '    why: "TODO: one line on why it matters for the comparison"',
        "# positions:   # optional: what this source attributes to each actor, cited",
        "#   actor-id: ... [@demo-2021]",
    ]
    text = (mini / DEMO).read_text(encoding="utf-8")
    (mini / DEMO).write_text(text[: text.index("summary:")] + "\n".join(lines) + "\n", encoding="utf-8")
    found = failures(mini)
    assert found[:6] == [
        f"{DEMO}: source is incomplete; still TODO: summary, quotes[0].id, quotes[0].text, quotes[0].actors[0], quotes[0].why",
        located(mini, DEMO, "summary:", "summary",
                "still TODO: 80–150 words in your own words, neutral, keeping the source’s hedges", at='"'),
        located(mini, DEMO, "  - id:", "quotes[0].id", "still TODO: an id unique in the brief, e.g. demo-2021-topic", at='"'),
        located(mini, DEMO, "    text:", "quotes[0].text", "still TODO: paste an excerpt of demo-2021.txt, word for word", at='"'),
        located(mini, DEMO, "    actors:", "quotes[0].actors[0]", "still TODO: the ids of the actors it speaks to", at='"'),
        located(mini, DEMO, "    why:", "quotes[0].why", "still TODO: one line on why it matters for the comparison", at='"'),
    ]

"""Chicago notes-bibliography (17th ed.) forms, one test per rule, examples built from CMOS 14."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from markupsafe import Markup

from briefing import chicago
from briefing.dates import PartialDate
from briefing.names import Name, migration_hint


def person(given: str, family: str) -> Name:
    return Name(given=given, family=family)


ROE, DOE, POE, LOE = (person("Jane", "Roe"), person("Richard", "Doe"), person("Ann", "Poe"), person("Li", "Loe"))
FIRM = Name(literal="Baker & Partners")


@dataclass
class Work:
    author: list[Name] = field(default_factory=list)
    title: str = "Upstream, Downstream: What the Dry Seasons Tell Us"
    outlet: str = "River Review"
    series: str | None = None
    published: PartialDate = field(default_factory=lambda: PartialDate(2021, 5))
    url: str | None = None
    lang: str = "en"


def text(markup: Markup) -> str:
    """The words a reader sees (tags dropped)."""
    return Markup(markup).striptags()


@pytest.mark.parametrize(
    ("names", "short"),
    [
        ([ROE], "Roe (2021)"),
        ([ROE, DOE], "Roe and Doe (2021)"),
        ([FIRM], "Baker & Partners (2023)"),
        ([ROE, DOE, POE], "Roe, Doe, and Poe (2021)"),
        ([ROE, DOE, POE, LOE], "Roe et al. (2021)"),
    ],
)
def test_short_form_readers_see(names, short):
    year = 2023 if names == [FIRM] else 2021
    assert chicago.short_ref(Work(author=names, published=PartialDate(year))) == short


def test_no_author_short_form_is_the_short_title():
    work = Work(title="The Mekong in Numbers: Flows, Dams and Data")
    assert chicago.short_ref(work) == "“Mekong in Numbers” (2021)"  # CMOS 14.79, ≤ 4 words


def test_full_note_one_two_three_and_four_authors():
    assert text(chicago.full_note(Work(author=[ROE]))).startswith("Jane Roe, “Upstream, Downstream")
    assert text(chicago.full_note(Work(author=[ROE, DOE]))).startswith("Jane Roe and Richard Doe, “")
    three = text(chicago.full_note(Work(author=[ROE, DOE, POE])))
    assert three.startswith("Jane Roe, Richard Doe, and Ann Poe, “")
    assert text(chicago.full_note(Work(author=[ROE, DOE, POE, LOE]))).startswith("Jane Roe et al., “")


def test_full_note_punctuation_and_partial_date():
    note = chicago.full_note(Work(author=[ROE], series="Basin Notes"), "para. 9")
    assert text(note) == (
        "Jane Roe, “Upstream, Downstream: What the Dry Seasons Tell Us,” River Review, Basin Notes, "
        "May 2021, para. 9."
    )
    assert "<em>River Review</em>" in note


def test_a_question_title_takes_no_added_comma():
    note = text(chicago.full_note(Work(author=[ROE], title="Who Owns the River?")))
    assert "“Who Owns the River?” River Review" in note


def test_short_notes():
    assert text(chicago.short_note(Work(author=[ROE, DOE]), "para. 4")) == "Roe and Doe, “Upstream, Downstream,” para. 4."
    assert text(chicago.short_note(Work(author=[ROE]))) == "Roe, “Upstream, Downstream.”"
    assert text(chicago.short_note(Work(author=[ROE]), end=";")) == "Roe, “Upstream, Downstream”;"
    assert text(chicago.short_note(Work())) == "“Upstream, Downstream.”"


def test_bibliography_inverts_the_first_author_only():
    assert text(chicago.bibliography(Work(author=[ROE]))).startswith("Roe, Jane. “Upstream")
    assert text(chicago.bibliography(Work(author=[ROE, DOE]))).startswith("Roe, Jane, and Richard Doe. “")
    assert text(chicago.bibliography(Work(author=[ROE, DOE, POE]))).startswith("Roe, Jane, Richard Doe, and Ann Poe. “")
    four = text(chicago.bibliography(Work(author=[ROE, DOE, POE, LOE])))
    assert four.startswith("Roe, Jane, Richard Doe, Ann Poe, and Li Loe. “")  # up to ten listed
    many = [person(f"A{i}", f"F{i}") for i in range(11)]
    eleven = text(chicago.bibliography(Work(author=many)))
    assert eleven.startswith("F0, A0, A1 F1, A2 F2, A3 F3, A4 F4, A5 F5, A6 F6, et al. “")  # seven + et al.


def test_bibliography_organisation_and_no_author():
    assert text(chicago.bibliography(Work(author=[FIRM]))).startswith("Baker & Partners. “Upstream")
    entry = text(chicago.bibliography(Work(published=PartialDate(2021, 5, 17))))
    assert entry == "“Upstream, Downstream: What the Dry Seasons Tell Us.” River Review, 17 May 2021."


def test_bibliography_order_is_by_author_then_title_without_article():
    works = [Work(author=[DOE]), Work(title="The Zambezi"), Work(author=[FIRM]), Work(title="A Nile")]
    ordered = sorted(works, key=chicago.bibliography_key)
    assert [w.author[0].short if w.author else w.title for w in ordered] == [
        "Baker & Partners", "Doe", "A Nile", "The Zambezi",
    ]


def test_chinese_names_family_first_without_space():
    wang = Name(family="王", given="晓明")
    assert wang.display() == "王晓明"
    assert wang.inverted() == "王晓明"
    note = chicago.full_note(Work(author=[wang], title="澜湄合作与下游国家的水资源关切"), lang="zh-Hans")
    assert text(note).startswith("王晓明, “澜湄合作与下游国家的水资源关切,”")
    assert '<span class="lang" lang="zh-Hans">澜湄合作与下游国家的水资源关切</span>' in note
    assert chicago.short_ref(Work(author=[wang], published=PartialDate(2022))) == "王 (2022)"


def test_a_romanised_name_serves_prose_and_short_forms_the_original_stays_beside_it():
    wang = Name(family="王", given="晓明", romanized={"family": "Wang", "given": "Xiaoming"})
    assert chicago.short_ref(Work(author=[wang], published=PartialDate(2022))) == "Wang (2022)"
    assert wang.display() == wang.inverted() == "Wang Xiaoming (王晓明)"
    assert wang.sort_key() < Name(family="Zhou").sort_key()  # alphabetized as romanised
    assert "romanized" not in wang.csl()  # not a CSL-JSON field


def test_a_name_is_a_person_or_an_organisation_not_both():
    with pytest.raises(ValueError, match="not both"):
        Name(literal="Baker & Partners", family="Baker")
    with pytest.raises(ValueError, match="needs family"):
        Name(given="Jane")


def test_free_text_author_gets_the_new_form_in_its_message():
    hint = migration_hint("Jane Roe and Richard Doe")
    assert "author: [{given: Jane, family: Roe}, {given: Richard, family: Doe}]" in hint
    assert '{literal: "Baker & Partners"}' in migration_hint("Baker & Partners")
    assert "{family: 王, given: 晓明}" in migration_hint("王晓明")


def test_csl_json_names():
    assert ROE.csl() == {"given": "Jane", "family": "Roe"}
    assert FIRM.csl() == {"literal": "Baker & Partners"}


def test_ibid_repeats_the_one_source_of_the_note_before():
    assert text(chicago.ibid()) == "Ibid."
    assert text(chicago.ibid("para. 4")) == "Ibid., para. 4."
    trail = chicago.NoteTrail()
    trail.add([chicago.Cite("a")])
    assert trail.last == "a"
    trail.add([chicago.Cite("a"), chicago.Cite("b")])
    assert trail.last is None and trail.seen == {"a", "b"}

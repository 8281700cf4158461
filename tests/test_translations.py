"""A quote in another language than the brief's carries a translation, printed with it; names in
a non-Latin script have a romanised form for prose, short forms and the timeline."""

from __future__ import annotations

import lxml.html
import pytest
from conftest import MEKONG, MINI, SEEDS, edit, failures, line_of

from briefing.html.render import render_html
from briefing.load import load_brief

pytestmark = pytest.mark.load  # load/translations.py: joins `make mutation` (tests/README.md)

WANG = "sources/wang-2022.yaml"


def test_a_chinese_quote_without_translation_is_an_error(mekong):
    edit(
        mekong / WANG,
        "    translation: >-\n      Since 2020 China has shared Lancang hydrological data with the Mekong countries all\n"
        "      year round; before that it provided them only in the flood season.\n",
        "",
    )
    line = line_of(mekong / WANG, "id: wang-year-round-data")
    assert failures(mekong) == [
        f"{WANG}:{line}:9: quotes[1].id: quote wang-year-round-data is in zh-Hans, the brief in en; add translation:"
    ]


def test_a_chinese_phrase_in_english_prose_needs_a_translation(mekong):
    edit(mekong / "brief.yaml", "  水库调度信息: reservoir operating information\n", "  其他: other\n")
    (problem,) = failures(mekong)
    line = line_of(mekong / "brief.yaml", "水库调度信息")
    assert problem.startswith(f"brief.yaml:{line}:")
    assert "key_judgments[0].text: quoted phrase “水库调度信息” is in zh-Hans, the brief in en" in problem


def test_a_source_in_the_briefs_language_needs_none():
    for folder in (SEEDS, MINI):
        brief = load_brief(folder)
        assert not any(q.translation for s in brief.sources for q in s.quotes)


def test_original_and_translation_are_printed_together_the_original_tagged():
    brief = load_brief(MEKONG)
    root = lxml.html.fromstring(render_html(brief))
    wang = brief.source("wang-2022")
    for quote in wang.quotes:
        (block,) = root.xpath(f"//blockquote[@id='q-{quote.id}' or substring(@id, string-length(@id) - {len(quote.id) - 1})='{quote.id}']")
        original, translation = block.xpath("./p")[:2]
        assert original.get("lang") == "zh-Hans" and quote.text.strip()[:10] in original.text_content()
        assert translation.get("lang") is None
        assert translation.text_content().startswith("Translation: “" + quote.translation.split()[0])
    judgment = root.xpath("//ol[@class='judgments']/li")[0]
    assert "“水库调度信息” (reservoir operating information)" in " ".join(judgment.text_content().split())
    assert judgment.xpath(".//span[@class='phrase']//span[@lang='zh-Hans']/text()") == ["水库调度信息"]


def test_the_romanised_name_is_kept_and_citations_print_the_name_in_its_own_script():
    """CSL-JSON has no variable for a romanised form (and pandoc's citeproc ignores
    static-ordering), so every citation form prints 王晓明, family name first, as the source does."""
    brief = load_brief(MEKONG)
    wang = brief.source("wang-2022")
    assert wang.author[0].romanized is not None and wang.author[0].romanized.family == "Wang"
    root = lxml.html.fromstring(render_html(brief))
    timeline = "".join(root.get_element_by_id("fig-timeline").itertext())
    assert "王, “澜湄合作与下游国家的水资源关切”" in timeline  # the Chicago short note, as a label
    reference = root.get_element_by_id("ref-wang-2022").text_content()
    assert reference.startswith("王晓明. “澜湄合作与下游国家的水资源关切.”")

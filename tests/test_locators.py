"""Pinpoint locators of direct quotations: computed from the source text, checked by ``check``.

The seed's and the Mekong fixture's locators are compared with paragraphs found here by a
separate, plain reading of the text (split at blank lines, each paragraph searched for the
quote), so a mistake in briefing/load/locators.py cannot hide itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import MINI, SEEDS, edit, line_of

from briefing.citations import find_markers
from briefing.errors import Problem
from briefing.load import load_brief, locators
from briefing.load.quotes import normalize

pytestmark = pytest.mark.load  # load/locators.py: joins `make mutation` (tests/README.md)

MEKONG = Path(__file__).parent / "fixtures" / "mekong"
DEMO = "sources/demo-2021.yaml"


def paragraphs_holding(text: str, quote: str) -> list[int]:
    """1-based numbers of the blank-line-separated blocks whose words hold ``quote``."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return [n for n, block in enumerate(blocks, 1) if normalize(quote) in normalize(block)]


def quotes_of(folder: Path) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((folder / "sources").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(path.stem, q) for q in data["quotes"]]
    return out


@pytest.mark.parametrize("folder", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_every_pull_quote_carries_the_paragraph_its_text_is_in(folder):
    quotes = quotes_of(folder)
    assert len(quotes) >= 10
    for source, quote in quotes:
        text = (folder / "sources" / f"{source}.txt").read_text(encoding="utf-8")
        found = paragraphs_holding(text, quote["text"])
        assert len(found) == 1, (source, quote["id"], found)
        assert quote.get("locator") == f"para. {found[0]}", (source, quote["id"])


@pytest.mark.parametrize("folder", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_every_quoted_phrase_of_the_prose_is_cited_at_its_paragraph(folder):
    warnings: list[Problem] = []
    brief = load_brief(folder, warnings=warnings)
    assert [str(w) for w in warnings if "locator" in w.message] == []
    # and the prose's locators are there to check: one per quoted source at least
    text = (folder / "brief.yaml").read_text(encoding="utf-8")
    located = [c for m in find_markers(text) for c in m.cites if c.locator]
    assert len(located) >= 5
    for cite in located:
        assert re.fullmatch(r"paras?\. \d+(, \d+)*", cite.locator), cite
        assert cite.source in {s.id for s in brief.sources}


def test_the_chinese_source_is_located_by_its_own_paragraphs():
    text = (MEKONG / "sources" / "wang-2022.txt").read_text(encoding="utf-8")
    # full-width punctuation typed half-width still places the quote
    assert locators.locate(text, "自2020年起,中方开始向湄公河国家全年分享澜沧江水文数据") == "para. 9"
    assert locators.locate(text, "越南更倚重湄委会") == "para. 13"


def test_paragraphs_are_blocks_between_blank_lines_counted_from_the_top():
    text = "\n\nTitle\n\nFirst line\nsecond line of one block\n \t\nNext block, quoted here.\r\n\r\nLast"
    assert locators.locate(text, "Title") == "para. 1"
    assert locators.locate(text, "second line") == "para. 2"
    assert locators.locate(text, "First line second line") == "para. 2"  # a line break is a space
    assert locators.locate(text, "quoted here") == "para. 3"
    assert locators.locate(text, "Last") == "para. 4"
    assert locators.locate(text, "not there") is None


def test_a_text_with_form_feeds_is_cited_by_page():
    text = "Cover\n\nIntro words\f\nPage two words\n\nmore\fThird page words"
    assert locators.locate(text, "Intro words") == "p. 1"
    assert locators.locate(text, "more") == "p. 2"
    assert locators.locate(text, "Third page") == "p. 3"


@pytest.mark.parametrize(
    ("written", "wanted", "holds"),
    [
        ("para. 9", "para. 9", True),
        ("para. 8", "para. 9", False),
        ("paras. 4, 9", "para. 9", True),
        ("paras. 8–10", "para. 9", True),
        ("paras. 10-12", "para. 9", False),
        ("p. 4", "p. 4", True),
        ("pp. 3–5", "p. 4", True),
        ("p. 4", "para. 4", None),  # a page for a text of paragraphs: not judged
        ("sec. 2", "para. 9", None),
    ],
)
def test_a_written_locator_holds_the_place_or_not(written, wanted, holds):
    assert locators.holds(written, wanted) is holds


def _warnings(folder: Path) -> list[str]:
    found: list[Problem] = []
    load_brief(folder, warnings=found)
    return [str(p).replace(f"{folder}/", "") for p in found]


def test_a_pull_quote_without_locator_is_one_located_warning_naming_its_paragraph(mini):
    path = mini / DEMO
    edit(path, "    locator: para. 5\n", "")
    line = line_of(path, "id: demo-beijing")
    assert _warnings(mini) == [
        f"{DEMO}:{line}:5: quotes[2]: warning: pull-quote demo-beijing has no locator; it is in"
        " para. 5 of demo-2021.txt: add locator: para. 5"
    ]


def test_a_pull_quote_locator_that_misses_the_quote_is_a_warning(mini):
    path = mini / DEMO
    edit(path, "    locator: para. 5\n", "    locator: para. 2\n")
    line = line_of(path, "locator: para. 2")
    assert _warnings(mini) == [
        f"{DEMO}:{line}:14: quotes[2].locator: warning: locator para. 2 does not hold the quote:"
        " it is in para. 5 of demo-2021.txt"
    ]
    edit(path, "    locator: para. 2\n", "    locator: sec. 2\n")  # another kind: not judged
    assert _warnings(mini) == []


def test_a_quoted_phrase_cited_without_locator_is_a_warning_that_suggests_one(mini, mekong):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].",
         "outlook: Sanctions “remain in force” [@demo-2021].")  # fmt: skip
    line = line_of(mini / "brief.yaml", "outlook:")
    assert [w for w in _warnings(mini) if "locator" in w] == [
        f"brief.yaml:{line}:20: outlook: warning: quoted phrase “remain in force” cites demo-2021 without"
        " a locator; it is in para. 5: write [@demo-2021, para. 5]"
    ]
    edit(mini / "brief.yaml", "[@demo-2021].\nindicators", "[@demo-2021, para. 4].\nindicators")
    assert [w for w in _warnings(mini) if "locator" in w] == [
        f"brief.yaml:{line}:20: outlook: warning: quoted phrase “remain in force” is in para. 5 of"
        " demo-2021.txt, not at its locator para. 4"
    ]
    # in Chinese, in a matrix cell of the fixture
    brief = mekong / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    assert "[@roe-doe-2023; @wang-2022, para. 9]" in text
    edit(brief, "[@roe-doe-2023; @wang-2022, para. 9]", "[@roe-doe-2023; @wang-2022]")
    found = [w for w in _warnings(mekong) if "locator" in w]
    assert len(found) == 1 and found[0].endswith("cites wang-2022 without a locator; it is in para. 9:"
                                                 " write [@wang-2022, para. 9]"), found  # fmt: skip


def test_a_summary_quoting_its_own_source_has_no_marker_to_carry_a_locator(mini):
    path = mini / DEMO
    data = path.read_text(encoding="utf-8")
    assert "summary:" in data
    edit(path, "summary: >-\n", "summary: >-\n  The source says sanctions “remain in force”.\n")
    assert [w for w in _warnings(mini) if "locator" in w] == []


def test_the_locator_reaches_the_attribution_in_two_styles():
    from briefing.cite.forms import Citations

    brief = load_brief(MINI)
    source = brief.sources[0]
    for style in ("chicago-notes-bibliography", "apa"):
        short = Citations(brief, style).short(source, "para. 5").striptags()
        assert "para. 5" in short, (style, short)


@pytest.mark.parametrize(
    ("written", "numbers"),
    [
        ("para. 9", ("para", {9})),
        ("paras. 4, 6–7", ("para", {4, 6, 7})),
        ("p. 2", ("p", {2})),
        ("pp. 3-4", ("p", {3, 4})),
        ("pp. 500-600", ("p", set(range(500, 601)))),
        ("pp. 1–1000", ("p", set(range(1, 1001)))),  # a range of 999 more: read whole
        ("pp. 1–1001", ("p", {1})),  # 1,000 more: taken as its first number only
        ("sec. 2", None),
    ],
)
def test_the_numbers_a_locator_names(written, numbers):
    assert locators.numbers(written) == numbers


@pytest.mark.parametrize(
    ("phrase", "shown"),
    [
        ("and stress 稳定 and dialogue, while sanctions remain in force.",  # 60 characters: whole
         "“and stress 稳定 and dialogue, while sanctions remain in force.”"),
        ("to 朝鲜半岛 and stress 稳定 and dialogue, while sanctions remain in",  # 61: cut at 60
         "“to 朝鲜半岛 and stress 稳定 and dialogue, while sanctions remain i…”"),
    ],
)
def test_a_long_phrase_is_shown_cut_at_sixty_characters(mini, phrase, shown):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", f"outlook: Beijing “{phrase}” [@demo-2021].")
    line = line_of(mini / "brief.yaml", "outlook:")
    assert [w for w in _warnings(mini) if "locator" in w] == [
        f"brief.yaml:{line}:18: outlook: warning: quoted phrase {shown} cites demo-2021 without"
        " a locator; it is in para. 5: write [@demo-2021, para. 5]"
    ]
    edit(mini / "brief.yaml", "[@demo-2021].\nindicators", "[@demo-2021, para. 3; @demo-2021, para. 4].\nindicators")
    assert [w for w in _warnings(mini) if "locator" in w] == [
        f"brief.yaml:{line}:18: outlook: warning: quoted phrase {shown} is in para. 5 of"
        " demo-2021.txt, not at its locator para. 3; para. 4"
    ]


def test_every_pull_quote_of_every_source_is_judged_past_one_check_refuses(mini):
    """A quote that is no mapping or not verbatim (check's errors) is passed over, not the end
    of the list; a quote without an id is named by its number; a second source's warnings add
    to the first's."""
    from briefing.load.quotes import SourceText
    from briefing.load.yamlfile import read_yaml

    path = mini / DEMO
    text = path.read_text(encoding="utf-8")
    other = mini / "sources/other-2021.yaml"
    other.write_text(text.replace("    locator: para. 4\n", ""), encoding="utf-8")
    edit(path, "  - id: demo-seoul\n    text: Officials", "  - just a line\n  - id: demo-seoul\n    text: Officers")
    edit(path, "  - id: demo-beijing\n    text:", "  - text:")
    edit(path, "    locator: para. 5\n", "")
    source = SourceText((mini / "sources/demo-2021.txt").read_text(encoding="utf-8"))
    curated = [(read_yaml(p), None, p.with_suffix(".txt"), source) for p in (path, other)]
    assert [str(w).replace(f"{mini}/", "") for w in locators.check_all(None, curated)] == [
        f"{DEMO}:{line_of(path, 'text: Beijing')}:5: quotes[3]: warning: pull-quote 3 has no locator; it is in"
        " para. 5 of demo-2021.txt: add locator: para. 5",
        f"sources/other-2021.yaml:{line_of(other, 'id: demo-moscow')}:5: quotes[1]: warning: pull-quote demo-moscow"
        " has no locator; it is in para. 4 of other-2021.txt: add locator: para. 4",
    ]


def test_a_text_opening_with_a_form_feed_starts_on_page_two():
    """pdftotext ends each page with a form feed: one before any words is an empty first page."""
    assert locators.locate("\fSecond page words\fThird", "Second page") == "p. 2"
    assert locators.locate("\fSecond page words\fThird", "Third") == "p. 3"


@pytest.mark.parametrize("quotes", ["", "quotes: 3\n", "quotes: {a: b}\n"])
def test_a_curation_whose_quotes_are_no_list_gives_no_locator_warning(mini, quotes):
    """Its schema error is check's; the locator check passes it over instead of failing on it."""
    from briefing.load.quotes import SourceText
    from briefing.load.yamlfile import read_yaml

    path = mini / DEMO
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("quotes:")] + quotes + text[text.index("positions:") :], encoding="utf-8")
    source = SourceText((mini / "sources/demo-2021.txt").read_text(encoding="utf-8"))
    assert locators.check_all(None, [(read_yaml(path), None, path.with_suffix(".txt"), source)]) == []

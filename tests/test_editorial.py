"""What an editor sends back: a quote printed twice, a production note on the page, contents
before the bottom line. Each rule is pinned on the seed and on the Mekong fixture."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from briefing.html.render import render_html
from briefing.load import load_brief
from briefing.load.quotes import normalize

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = ["seeds", "tests/fixtures/mekong"]


@pytest.fixture(scope="module", params=BRIEFS)
def rendered(request):
    brief = load_brief(ROOT / request.param)
    return brief, lxml.html.fromstring(render_html(brief))


def _reader_text(root) -> str:
    """What a reader sees: the text, without the stylesheet or attributes."""
    for style in root.xpath("//style"):
        style.drop_tree()
    return root.text_content()


def test_each_pull_quote_is_printed_once(rendered):
    brief, root = rendered
    printed = Counter(normalize(p.text_content().strip("“”…")) for p in root.xpath("//blockquote/p[1]"))
    assert printed and max(printed.values()) == 1, printed.most_common(3)
    assert sum(printed.values()) == sum(len(s.quotes) for s in brief.sources)  # and none is lost


def test_source_notes_name_the_section_that_prints_a_quote(rendered):
    brief, root = rendered
    shown = brief.shown_quotes()
    assert shown
    for source in brief.sources:
        section = root.get_element_by_id(f"src-{source.id}")
        in_notes = {b.get("id") for b in section.xpath(".//blockquote")}
        assert in_notes == {f"q-{q.id}" for q in source.quotes if q.id not in shown}
        refs = section.xpath(".//a[@class='pageref']")
        assert {a.text_content() for a in refs} == {shown[q.id].name for q in source.quotes if q.id in shown}
        for a in refs:  # each points at the quote in its actor section
            assert root.xpath(f"//section[@class='actor']//blockquote[@id='{a.get('href')[1:]}']")


def test_no_production_note_in_the_readers_document(rendered):
    brief, root = rendered
    text = _reader_text(root)
    for word in ("Text on file", "Speaks to", "no URL given", "On the date", ".txt", "as supplied"):
        assert word not in text, word
    for source in brief.sources:
        if source.note:
            assert normalize(source.note)[:50] not in normalize(text)
    labels = [e.label for e in brief.timeline]
    assert not [x for x in labels if re.search(r"\b(writes|text dated|published)\b", x)], labels


def test_bottom_line_comes_before_the_contents(rendered):
    _, root = rendered
    body = [e for e in root.xpath("/html/body/*") if e.tag in ("section", "nav", "header")]
    order = [e.get("id") or e.get("class") for e in body]
    assert order.index("bluf") < order.index("toc") < order.index("judgments")


@pytest.mark.parametrize("where", ["page-2", "none"])
def test_contents_can_move_to_page_2_or_go(where):
    brief = load_brief(ROOT / "tests/fixtures/mekong").model_copy(update={"contents": where})
    root = lxml.html.fromstring(render_html(brief))
    toc = root.xpath("//nav[@class='toc']")
    if where == "none":
        assert not toc
    else:
        assert toc[0].get("data-break-before") == "page"
        assert toc[0].getprevious().get("id") == "bluf"


def test_the_editorial_record_is_an_appendix_on_request():
    brief = load_brief(ROOT / "tests/fixtures/mekong")
    root = lxml.html.fromstring(render_html(brief, editorial_record=True))
    record = root.get_element_by_id("editorial-record").text_content()
    for source in brief.sources:
        assert f"sources/{source.text_path.name}" in record
    assert "editorial-record" not in render_html(brief)


def test_seed_stance_categories_discriminate():
    """No category codes more than a third of the matrix, and none is a catch-all "mixed"."""
    brief = load_brief(ROOT / "seeds")
    used = Counter(c.category for row in brief.matrix.values() for c in row.values())
    cells = sum(used.values())
    assert cells == len(brief.actors) * len(brief.issues)
    assert max(used.values()) <= cells / 3, used
    assert "mixed" not in {s.id for s in brief.stances}
    assert len([c for c in used if c != "not-addressed"]) >= 5


@pytest.mark.parametrize("folder", ["seeds", "tests/fixtures/mekong"])
def test_stance_categories_discriminate_in_the_seed_and_the_mekong(folder):
    """Both briefs pass the spread rule check applies: no coded category over a third of the cells."""
    brief = load_brief(ROOT / folder)
    used = Counter(c.category for row in brief.matrix.values() for c in row.values())
    used.pop("not-addressed", None)
    assert max(used.values()) <= sum(len(row) for row in brief.matrix.values()) / 3, used


def test_seed_quotes_no_fragment_against_its_meaning():
    """Smith's visits were "well-received in Pyongyang and Washington, D.C.": cut after
    Pyongyang, the fragment would say the opposite of her point."""
    text = (ROOT / "seeds/brief.yaml").read_text(encoding="utf-8")
    assert '"well-received in Pyongyang and Washington, D.C."' in " ".join(text.split())


# --- typography ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "printed"),
    [
        ("« La France soutient le dialogue »", "« La France soutient le dialogue »"),  # its own marks
        ("“Whole, as the source quotes it.”", "“Whole, as the source quotes it.”"),
        ("„Ja“", "„Ja“"),
        ("“A” and “B” agree.", "“‘A’ and ‘B’ agree.”"),  # not one quotation: ours around, inner single
        ("the Kremlin was pleased", "“…the Kremlin was pleased…”"),
    ],
)
def test_a_quote_that_is_a_quotation_keeps_its_marks_undoubled(quote, printed):
    from briefing.html.render import pullquote

    assert pullquote(quote) == printed


def test_initials_are_spaced_per_chicago(rendered):
    brief, root = rendered
    text = _reader_text(root)
    assert not re.search(r"\b[A-Z]\.[A-Z]\.(?: [A-Z][a-z]|$)", text, re.M)  # "D.J. Brown", "Brown, James D.J."
    if any(a.given and "D.J." in a.given for s in brief.sources for a in s.author):
        assert "Brown, James D. J." in text  # the reference list (CSL: initialize-with ". ")
        assert "James D. J. Brown" in text or brief.notes == "short"  # a full note, if the brief has them


def test_prose_pairs_get_en_dashes_quotes_keep_their_hyphens(rendered):
    brief, root = rendered
    for p in root.xpath("//section[@class='source']//li | //section[@class='actor']/p | //td"):
        outside = "".join(t for t in p.xpath(".//text()[not(ancestor::span[@class='phrase'])]"))
        assert not re.search(r"\b[A-Z]{2,}-[A-Z]", outside), outside
    if brief.lang.startswith("en") and "seed" in str(brief.sources[0].text_path):
        brown = root.get_element_by_id("src-brown-2021").text_content()
        assert "US–ROK" in brown and "US-ROK" not in brown  # the curator typed hyphens
    ranged = [q for s in brief.sources for q in s.quotes if re.search(r"\d{4}-\d{4}", q.text)]
    printed = [b.text_content() for b in root.xpath("//blockquote/p[1]")]
    for quote in ranged:  # a quote keeps the source's characters: Smith's "(1950-1953)"
        assert any(re.search(r"\d{4}-\d{4}", p) and quote.text.split()[0] in p for p in printed)


# --- full pages ---------------------------------------------------------------------------------


def _synth_8_actors(target: Path) -> Path:
    """bench/synth.py's brief with eight actors (26 sources: actors ≈ √(2.5 N))."""
    from bench.synth import Synthetic

    Synthetic(26).write(target)
    return target


FULL_PAGE_BRIEFS = [
    "seeds", "tests/fixtures/mekong", "synth-8",
    # short briefs of two actors, whose matrix flows with the text instead of leaving the page
    # before a landscape break nearly empty
    "tests/fixtures/fr", "tests/fixtures/ar", "tests/fixtures/ja", "tests/fixtures/reefs", "tests/fixtures/mini",
]


@pytest.mark.build
@pytest.mark.parametrize("folder", FULL_PAGE_BRIEFS)
def test_no_portrait_page_but_the_last_is_more_than_a_quarter_empty(folder, tmp_path):
    """Before a designed break (the landscape matrix) a page may be half empty, no more."""
    from pdftools import page_emptiness

    from briefing.build import build

    seeds = _synth_8_actors(tmp_path / "synth") if folder == "synth-8" else ROOT / folder
    if folder == "synth-8":
        assert len(load_brief(seeds).actors) == 8
    pdf = build(seeds, tmp_path / "out", formats=("pdf",)).outputs["pdf"]
    pages = page_emptiness(pdf)
    for n, ((landscape, empty), following) in enumerate(zip(pages, [*pages[1:], (False, 0.0)], strict=True), 1):
        if landscape or n == len(pages):
            continue
        limit = 0.5 if following[0] else 0.25
        assert empty <= limit, f"page {n} of {len(pages)} is {empty:.0%} empty"

"""Issue 8, "any brief": authors, partial dates, languages, stance fills, warnings — each tested on
the seed, on the Mekong fixture and on the mini fixture bent to the case."""

from __future__ import annotations

import re
import subprocess
import zipfile

import lxml.html
import pytest
from conftest import MEKONG, SEEDS, edit, line_of
from typer.testing import CliRunner

from briefing.build import build
from briefing.cite.forms import Citations
from briefing.cli import app
from briefing.errors import BriefingError
from briefing.load import load_brief
from briefing.theme import THEME

runner = CliRunner()
DEMO = "sources/demo-2021.yaml"


def problems(seeds) -> list[str]:
    with pytest.raises(BriefingError) as caught:
        load_brief(seeds)
    return [str(p) for p in caught.value.problems]


def warnings_of(seeds) -> list[str]:
    found: list = []
    load_brief(seeds, found)
    return [str(w) for w in found]


# --- authors ------------------------------------------------------------------------------------


def test_free_text_author_is_one_located_line_showing_the_new_form(mini):
    edit(mini / DEMO, "author: [{given: Test, family: Author}]", "author: Jane Roe and Richard Doe")
    found = problems(mini)
    assert len(found) == 1
    assert found[0].startswith(f"{mini}/{DEMO}:2:9: author: author is now a list of names")
    assert "author: [{given: Jane, family: Roe}, {given: Richard, family: Doe}]" in found[0]


def notes_of(html: str) -> list[str]:
    return [n.text_content() for n in lxml.html.fromstring(html).xpath("//span[@class='footnote']")]


def test_a_source_without_author_is_cited_by_title_and_its_outlet_once(mini, tmp_path):
    edit(mini / DEMO, "author: [{given: Test, family: Author}]\n", "")
    brief = load_brief(mini)
    assert Citations(brief).text(brief.sources[0]) == "Fixture Review, “Three Scripts on the Peninsula”"  # the site as author
    html = build(mini, tmp_path, formats=()).html.read_text(encoding="utf-8")
    assert "Fixture Review. “Three Scripts on the Peninsula.” March 1, 2021." in html  # the site as author
    assert notes_of(html)[0] == "“Three Scripts on the Peninsula,” Fixture Review, March 1, 2021."
    assert "Fixture Review, Fixture Review" not in html


def test_four_authors_are_et_al_in_notes_and_listed_in_the_references(mini, tmp_path):
    names = "[{given: Ann, family: Roe}, {given: Bo, family: Doe}, {given: Cy, family: Poe}, {given: Di, family: Loe}]"
    edit(mini / DEMO, "author: [{given: Test, family: Author}]", f"author: {names}")
    brief = load_brief(mini)
    assert Citations(brief).text(brief.sources[0]) == "Roe et al., “Three Scripts on the Peninsula”"
    html = build(mini, tmp_path, formats=()).html.read_text(encoding="utf-8")
    assert notes_of(html)[0].startswith("Ann Roe et al., “Three Scripts")  # CMOS 14.76: four or more
    assert "Roe, Ann, Bo Doe, Cy Poe, and Di Loe. “Three Scripts" in html  # the bibliography lists all


def test_short_notes_throughout_when_the_brief_asks(mini, tmp_path):
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\nnotes: short")
    notes = notes_of(build(mini, tmp_path, formats=()).html.read_text(encoding="utf-8"))
    assert notes[0] == "Author, “Three Scripts on the Peninsula.”"
    assert "Author, para. 4." in notes  # the source just cited again: the author alone (CMOS 17 14.34)


def test_mekong_notes_are_chicago_notes(tmp_path):
    notes = notes_of(build(MEKONG, tmp_path, formats=()).html.read_text(encoding="utf-8"))
    assert notes[0] == (
        "Jane Roe and Richard Doe, Upstream, Downstream: What the Mekong’s Dry Seasons Do and Do Not Tell Us, "
        "Basin Notes (Halvard Institute for River Basin Studies, 2023); "
        "王晓明, “澜湄合作与下游国家的水资源关切,” 东方流域评论, September 15, 2022."
    )
    assert notes[1] == "Roe and Doe, Upstream, Downstream; 王, “澜湄合作与下游国家的水资源关切.”"
    assert "Baker & Partners, “Financing the Lower Mekong.”" in notes


def test_the_old_author_date_notes_mean_chicago_author_date_in_the_text(mini, tmp_path):
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\nnotes: author-date")
    html = build(mini, tmp_path, formats=()).html.read_text(encoding="utf-8")
    assert not notes_of(html)
    assert ">(Author 2021, para. 4)</a>" in html


def test_mekong_bylines_two_authors_a_firm_and_a_chinese_name(tmp_path):
    brief = load_brief(MEKONG)
    citations = Citations(brief)
    assert {s.id: citations.text(s) for s in brief.sources} == {
        "wang-2022": "王, “澜湄合作与下游国家的水资源关切”",
        "roe-doe-2023": "Roe and Doe, Upstream, Downstream",
        "baker-partners-2024": "Baker & Partners, “Financing the Lower Mekong”",
    }
    refs = [s.id for s in citations.references]
    assert refs == ["baker-partners-2024", "roe-doe-2023", "wang-2022"]  # alphabetical (Chicago)
    html = build(MEKONG, tmp_path, formats=()).html.read_text(encoding="utf-8")
    root = lxml.html.fromstring(html)
    entries = [" ".join(li.text_content().split()) for li in root.xpath("//ol[@class='references']/li")]
    assert entries[0].startswith("Baker & Partners. “Financing the Lower Mekong Cascade")
    assert entries[1].startswith("Roe, Jane, and Richard Doe. Upstream, Downstream")
    assert entries[2].startswith("王晓明. “澜湄合作与下游国家的水资源关切.” 东方流域评论, September 15, 2022.")


# --- dates --------------------------------------------------------------------------------------


def test_month_and_year_dates_print_as_given_and_sort(mini, tmp_path):
    edit(mini / DEMO, "published: 2021-03-01", "published: 2021-05")
    edit(mini / "brief.yaml", '  - date: "2021-03-01"', "  - date: 2021")
    brief = load_brief(mini)
    assert brief.sources[0].published.long() == "May 2021"
    html = build(mini, tmp_path, formats=()).html.read_text(encoding="utf-8")
    assert "Peninsula.” Fixture Review, May 2021." in html  # a web page (no type given): roman
    assert ">2021</text>" in html  # the timeline label, as given


@pytest.mark.parametrize(
    ("where", "old", "new", "message"),
    [
        (DEMO, "published: 2021-03-01", "published: 2021-13", "published: month 13 does not exist (01–12)"),
        (DEMO, "published: 2021-03-01", "published: 2021-02-30", "published: day 30 does not exist in February 2021"),
        ("brief.yaml", "date: 2021-03-02", "date: 2021-04-00", "date: day 00 does not exist in April 2021"),
        ("brief.yaml", '  - date: "2021-03-01"', '  - date: "2021-00"', "timeline[0].date: month 00 does not exist"),
    ],
)
def test_impossible_dates_are_located(mini, where, old, new, message):
    edit(mini / where, old, new)
    line = line_of(mini / where, new.strip())
    found = problems(mini)
    assert any(p.startswith(f"{mini}/{where}:{line}:") and message in p for p in found), found


# --- languages ----------------------------------------------------------------------------------


def test_chinese_source_is_tagged_in_the_html(tmp_path):
    html = build(MEKONG, tmp_path, formats=()).html.read_text(encoding="utf-8")
    root = lxml.html.fromstring(html)
    assert root.get("lang") == "en"
    quotes = root.xpath("//blockquote[contains(@id, 'q-wang-') or contains(@id, '-wang-')]/p[1]")
    assert quotes and all(q.get("lang") == "zh-Hans" for q in quotes)
    entry = root.xpath("//li[@id='ref-wang-2022']/span[@lang='zh-Hans']")  # the whole entry, in its language
    assert "澜湄合作与下游国家的水资源关切" in entry[0].text_content()
    assert not root.xpath("//*[@lang and @lang!='zh-Hans' and @lang!='en']")
    assert ':lang(zh-Hans) { font-family: "IBM Plex Serif", "Noto Sans CJK SC"' in html


@pytest.mark.parametrize(
    ("lang", "face"), [("zh-Hans", "CJK-SC"), ("zh-Hant", "CJK-TC"), ("ja", "CJK-JP"), ("ko", "CJK-KR")]
)
def test_each_east_asian_language_gets_its_own_face(mini, tmp_path, lang, face):
    """A quote of Han characters only: the PDF font that sets it is the language's Noto CJK face."""
    edit(mini / DEMO, "published: 2021-03-01", f"published: 2021-03-01\nlang: {lang}")
    for why in ("Hangul", "Cyrillic", "Chinese"):  # a source in another language is translated
        edit(mini / DEMO, f"    why: {why} in a pull-quote.", f"    why: {why} in a pull-quote.\n    translation: The same.")
    edit(mini / "brief.yaml", "timeline:", "translations:\n  Корейский полуостров: Korean peninsula\ntimeline:")
    pdf = build(mini, tmp_path, formats=("pdf",)).outputs["pdf"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Noto-Sans-{face}" in fonts


def test_word_count_of_chinese_is_two_characters_to_the_word(mini):
    edit(mini / "brief.yaml", "stance: Stability above all [@demo-2021].", "stance: " + "稳" * 52 + " [@demo-2021].")
    found = warnings_of(mini)
    assert any("matrix.end-state.russia.stance: warning: has 26 words; a cell holds at most 25" in w for w in found)


# --- stances ------------------------------------------------------------------------------------


def test_stance_fills_are_the_analysts_or_the_palette_and_reach_both_writers(mini, tmp_path):
    edit(mini / "brief.yaml", "    meaning: Favours engagement\n", '    meaning: Favours engagement\n    colour: "#12ab9F"\n')
    edit(mini / "brief.yaml", """  - id: not-addressed
    label: Not addressed
    symbol: "○"
    meaning: The sources are silent
""", "")
    brief = load_brief(mini)
    assert [s.id for s in brief.stances] == ["pressure", "engagement", "not-addressed"]  # built in
    assert brief.stance_fills(THEME) == {
        "pressure": THEME.colours.stance_palette[0],
        "engagement": "12AB9F",
        "not-addressed": THEME.colours.not_addressed,
    }
    result = build(mini, tmp_path, formats=("docx",))
    html = result.html.read_text(encoding="utf-8")
    assert ".stance-engagement { background: #12AB9F; }" in html
    root = lxml.html.fromstring(html)
    fills = [td.get("data-fill") for td in root.xpath("//table[@class='matrix']//td")]
    document = zipfile.ZipFile(result.outputs["docx"]).read("word/document.xml").decode()
    shaded = re.findall(r'<w:tc>.*?</w:tc>', document, re.S)
    assert fills and all(f'w:fill="{f}"' in "".join(shaded) for f in fills)


def test_mekong_stances_take_the_palette_in_order():
    brief = load_brief(MEKONG)
    palette = THEME.colours.stance_palette
    assert [brief.stance_fills(THEME)[s] for s in ("cooperative", "selective", "own-channels")] == list(palette[:3])


# --- warnings -----------------------------------------------------------------------------------


def test_unused_curation_and_long_cells_are_warnings_then_errors_under_strict(mini):
    edit(mini / "brief.yaml", "    short: ROK\n", "    short: ROK\n    quotes: [demo-seoul]\n")
    edit(mini / "brief.yaml", "    short: RU\n", "    short: RU\n    quotes: [demo-moscow]\n")
    long_cell = " ".join(["word"] * 33)
    edit(mini / "brief.yaml", "stance: A patient peace process [@demo-2021].", f"stance: {long_cell} [@demo-2021].")
    edit(mini / DEMO, "  russia: Moscow stresses stability above all [@demo-2021].\n", "")
    for old in ("Stability above all [@demo-2021].", "Sanctions remain in force [@demo-2021]."):
        edit(mini / "brief.yaml", f"stance: {old}", "stance: Not addressed in these sources.")
    edit(mini / "brief.yaml", "      category: engagement\n  sanctions:", "      category: not-addressed\n  sanctions:")
    edit(mini / "brief.yaml", "      category: pressure\n", "      category: not-addressed\n")
    found = warnings_of(mini)
    assert f"{mini}/{DEMO}:" in next(w for w in found if "quote demo-beijing is in no actor section" in w)
    assert any("actors[1].id: warning: no source gives russia a position" in w for w in found)
    assert any("matrix.end-state.rok.stance: warning: has 33 words; a cell holds at most 25" in w for w in found)
    result = runner.invoke(app, ["check", str(mini)])
    assert result.exit_code == 0, result.output
    strict = runner.invoke(app, ["check", "--strict", str(mini)])
    assert strict.exit_code == 1


def test_a_source_nothing_cites_is_a_warning(mini):
    sources = mini / "sources"
    (sources / "spare-2020.txt").write_bytes((sources / "demo-2021.txt").read_bytes())
    text = (mini / DEMO).read_text(encoding="utf-8").replace("demo-2021", "spare-2020")
    (sources / "spare-2020.yaml").write_text(text.replace("id: demo-", "id: spare-"), encoding="utf-8")
    found = [w for w in warnings_of(mini) if "cited nowhere" in w]
    assert found == [f"{mini}/sources/spare-2020.yaml: warning: source spare-2020 is cited nowhere in brief.yaml"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/x", "url: must start with http:// or https://"),
        ("https://example.org/not-in-the-text", "url: does not appear in"),
    ],
)
def test_url_rules(mini, url, message):
    edit(mini / DEMO, "published: 2021-03-01", f"published: 2021-03-01\nurl: {url}")
    assert any(message in p for p in problems(mini))


def test_a_url_the_text_gives_is_accepted(mini):
    text = mini / "sources" / "demo-2021.txt"
    assert "https://" not in text.read_text(encoding="utf-8")
    with text.open("a", encoding="utf-8") as f:
        f.write("Online at https://example.org/three-scripts\n")
    edit(mini / DEMO, "published: 2021-03-01", "published: 2021-03-01\nurl: https://example.org/three-scripts")
    assert load_brief(mini).sources[0].url == "https://example.org/three-scripts"


# --- no seed assumption -------------------------------------------------------------------------


def test_seed_and_mekong_check_without_errors():
    for folder in (SEEDS, MEKONG):
        assert load_brief(folder).sources


def test_mekong_pdf_docx_and_html_carry_no_seed_word_or_count(tmp_path):
    from test_fixture_mekong import SEED_WORDS

    result = build(MEKONG, tmp_path)
    pdf = subprocess.run(["pdftotext", str(result.outputs["pdf"]), "-"], capture_output=True, text=True).stdout
    with zipfile.ZipFile(result.outputs["docx"]) as package:
        xml = " ".join(package.read(n).decode() for n in ("word/document.xml", "word/footnotes.xml"))
    docx = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    html = lxml.html.fromstring(result.html.read_text(encoding="utf-8"))
    for element in html.xpath("//style"):
        element.drop_tree()
    seed = load_brief(SEEDS)
    shared = {a.name for a in load_brief(MEKONG).actors}  # China is an actor in both briefs
    words = {*SEED_WORDS, *(n.family or n.literal for s in seed.sources for n in s.author), *(a.name for a in seed.actors)}
    words -= shared
    words |= {"five", "six"}  # the seed's counts of actors and issues (Mekong: three, four, four)
    for name, text in (("pdf", pdf), ("docx", docx), ("html", html.text_content())):
        assert "Mekong" in text, name
        leaked = [w for w in sorted(words) if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
        assert not leaked, (name, leaked)


def test_quotes_forgive_full_and_half_width_punctuation():
    from briefing.load.quotes import SourceText

    source = SourceText("中方认为，双方应当加强合作：共同监测。")
    assert source.contains("中方认为,双方应当加强合作:共同监测。")  # half-width typed
    assert SourceText("中方认为,双方应当加强合作").contains("中方认为，双方应当加强合作")  # and back
    assert not source.contains("中方认为，双方应当加强协作")  # a different word still fails


def test_a_quote_the_prose_quotes_is_used_though_no_actor_section_shows_it(mini):
    edit(mini / "brief.yaml", "    short: ROK\n", "    short: ROK\n    quotes: [demo-seoul]\n")
    edit(mini / "brief.yaml", "    short: RU\n", "    short: RU\n    quotes: [demo-moscow]\n")
    unused = "quote demo-beijing is in no actor section"
    assert any(unused in w for w in warnings_of(mini))
    edit(
        mini / "brief.yaml",
        "framing both favour patience [@demo-2021].",
        "framing both favour patience, and Beijing's statements \u201cstress 稳定 and dialogue\u201d [@demo-2021].",
    )
    found = warnings_of(mini)
    assert not any(unused in w for w in found), found
    load_brief(mini)  # no problem: the phrase itself is verified against the cited source

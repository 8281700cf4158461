"""The citation processor (briefing/cite) against Chicago 17th-edition rules.

The table was how the processor was chosen: pandoc 3.9's citeproc (the ``pypandoc-binary`` wheel)
gives every row below; citeproc-py 0.11.1 on the same items and style printed initials for given
names ("H. Smith"), put commas outside the quotation marks, added a stray "Edition", broke the
Chinese name (". 晓明 . 王") and left the bibliography unsorted. Expected strings follow the
manual: CMOS 14.76 (authors in notes and bibliography), 14.70 and 14.84 (organisations, in roman),
14.79 (no author), 14.171–175 (journals: volume, issue, pages, DOI), 14.191 (newspapers),
14.116 (reports), 14.206 (web pages), 14.88 (translators), 14.84 (particles) and CJK names.
"""

from __future__ import annotations

import pytest
from conftest import MEKONG, SEEDS, edit

from briefing.cite import inlines, pandoc, styles
from briefing.cite.forms import Citations
from briefing.cite.pandoc import Request
from briefing.load import load_brief

SMITH = {"given": "Hazel", "family": "Smith"}
ITEMS = [
    {"id": "one", "type": "article-magazine", "title": "Joe Biden Should Learn from History When Dealing With North Korea",
     "title-short": "Joe Biden Should Learn from History", "container-title": "The National Interest",
     "author": [SMITH], "issued": {"date-parts": [[2020, 11, 23]]}, "URL": "https://nationalinterest.org/x"},
    {"id": "two", "type": "article-journal", "title": "Sediment Flux in the Lower Mekong",
     "container-title": "Journal of Marine Science and Engineering", "volume": "9", "issue": "5", "page": "521",
     "DOI": "10.3390/jmse9050521", "author": [{"given": "Jane", "family": "Roe"}, {"given": "Richard", "family": "Doe"}],
     "issued": {"date-parts": [[2021, 5]]}},
    {"id": "three", "type": "report", "title": "Water Governance", "publisher": "Mekong River Commission",
     "number": "12", "author": [{"given": "Ann", "family": "Alpha"}, {"given": "Bo", "family": "Beta"},
                                {"given": "Cy", "family": "Gamma"}], "issued": {"date-parts": [[2019]]}},
    {"id": "four", "type": "article-newspaper", "title": "Dams and Drought", "container-title": "The Guardian",
     "author": [{"given": g, "family": f} for g, f in (("Ann", "Alpha"), ("Bo", "Beta"), ("Cy", "Gamma"), ("Di", "Delta"))],
     "issued": {"date-parts": [[2019, 3, 20]]}},
    {"id": "org", "type": "report", "title": "The Mekong: Risks", "publisher": "International Crisis Group",
     "author": [{"literal": "International Crisis Group"}], "genre": "Asia Report", "number": "302",
     "issued": {"date-parts": [[2019, 3, 20]]}},
    {"id": "noauth", "type": "webpage", "title": "Why China, Not the US, Holds the Key", "container-title": "WION",
     "issued": {"date-parts": [[2024, 1, 10]]}, "URL": "https://wionews.com/x"},
    {"id": "cjk", "type": "article-journal", "title": "澜湄合作的进展", "container-title": "国际问题研究",
     "author": [{"family": "王", "given": "晓明"}], "issued": {"date-parts": [[2020]]}, "language": "zh-Hans",
     "volume": "3", "page": "1-20"},
    {"id": "tr", "type": "article-newspaper", "title": "La France favorable à un accord", "container-title": "Le Monde",
     "author": [{"given": "Marie", "family": "Dupont"}], "translator": [{"given": "John", "family": "Smith"}],
     "issued": {"date-parts": [[2022, 6, 1]]}, "language": "fr-FR"},
    {"id": "van", "type": "book", "title": "Rivers", "publisher": "Routledge", "publisher-place": "London",
     "author": [{"given": "Jan", "family": "Berg", "non-dropping-particle": "van der"},
                {"given": "Walter", "family": "Leal Filho"}], "issued": {"date-parts": [[2018]]}},
    {"id": "ten", "type": "article-journal", "title": "Many Hands", "container-title": "Water", "volume": "2",
     "author": [{"given": f"G{n}", "family": f"F{n}"} for n in range(1, 12)], "issued": {"date-parts": [[2021]]}},
]  # fmt: skip

# (id, locator) → (first note, bibliography entry), en-US
TABLE = {
    ("one", "para. 9"): (
        "Hazel Smith, “Joe Biden Should Learn from History When Dealing With North Korea,” The National "
        "Interest, November 23, 2020, para. 9, https://nationalinterest.org/x.",
        "Smith, Hazel. “Joe Biden Should Learn from History When Dealing With North Korea.” The National "
        "Interest, November 23, 2020. https://nationalinterest.org/x.",
    ),
    ("two", "523"): (
        "Jane Roe and Richard Doe, “Sediment Flux in the Lower Mekong,” Journal of Marine Science and "
        "Engineering 9, no. 5 (May 2021): 523, https://doi.org/10.3390/jmse9050521.",
        "Roe, Jane, and Richard Doe. “Sediment Flux in the Lower Mekong.” Journal of Marine Science and "
        "Engineering 9, no. 5 (May 2021): 521. https://doi.org/10.3390/jmse9050521.",
    ),
    ("three", None): (
        "Ann Alpha, Bo Beta, and Cy Gamma, Water Governance, no. 12 (Mekong River Commission, 2019).",
        "Alpha, Ann, Bo Beta, and Cy Gamma. Water Governance. No. 12. Mekong River Commission, 2019.",
    ),
    ("four", None): (
        "Ann Alpha et al., “Dams and Drought,” The Guardian, March 20, 2019.",
        "Alpha, Ann, Bo Beta, Cy Gamma, and Di Delta. “Dams and Drought.” The Guardian, March 20, 2019.",
    ),
    ("org", None): (
        "International Crisis Group, The Mekong: Risks, Asia Report no. 302 (International Crisis Group, 2019).",
        "International Crisis Group. The Mekong: Risks. Asia Report No. 302. International Crisis Group, 2019.",
    ),
    ("noauth", None): (
        "“Why China, Not the US, Holds the Key,” WION, January 10, 2024, https://wionews.com/x.",
        "WION. “Why China, Not the US, Holds the Key.” January 10, 2024. https://wionews.com/x.",
    ),
    ("cjk", None): ("王晓明, “澜湄合作的进展,” 国际问题研究 3 (2020): 1–20.", "王晓明. “澜湄合作的进展.” 国际问题研究 3 (2020): 1–20."),
    ("tr", None): (
        "Marie Dupont, “La France favorable à un accord,” trans. John Smith, Le Monde, June 1, 2022.",
        "Dupont, Marie. “La France favorable à un accord.” Translated by John Smith. Le Monde, June 1, 2022.",
    ),
    ("van", "p. 4"): (
        "Jan van der Berg and Walter Leal Filho, Rivers (London: Routledge, 2018), 4.",
        "Berg, Jan van der, and Walter Leal Filho. Rivers. London: Routledge, 2018.",
    ),
    ("ten", None): (
        "G1 F1 et al., “Many Hands,” Water 2 (2021).",
        "F1, G1, G2 F2, G3 F3, G4 F4, G5 F5, G6 F6, G7 F7, et al. “Many Hands.” Water 2 (2021).",
    ),
}


@pytest.fixture(scope="module")
def chicago() -> pandoc.Output:
    requests = [Request(((i, loc),)) for i, loc in TABLE]
    return pandoc.run(ITEMS, requests, styles.resolve(None), "en-US")


@pytest.mark.parametrize("n", range(len(TABLE)), ids=[i for i, _ in TABLE])
def test_chicago_17_first_note_and_bibliography(chicago, n):
    key = list(TABLE)[n]
    note, entry = TABLE[key]
    assert inlines.plain(chicago.cites[n]) == note
    assert inlines.plain(chicago.bibliography[key[0]]) == entry


def test_periodicals_are_italic_organisations_and_websites_roman(chicago):
    html = {k: str(inlines.html(v)) for k, v in chicago.bibliography.items()}
    assert "<em>The Guardian</em>" in html["four"] and "<em>Journal of Marine" in html["two"]
    assert "<em>" not in html["noauth"]  # a website's name is roman (CMOS 14.206)
    assert "<em>International Crisis Group" not in html["org"]  # an organisation as author: roman
    assert '<a href="https://doi.org/10.3390/jmse9050521">' in html["two"]


def test_the_bibliography_is_alphabetical_with_particles_and_organisations(chicago):
    assert list(chicago.bibliography) == ["three", "four", "van", "tr", "ten", "org", "two", "one", "noauth", "cjk"]


def test_short_notes_and_the_source_just_cited():
    out = pandoc.run(ITEMS, [Request((("one", None),)), Request((("two", None),)), Request((("one", "para. 3"),)),
                             Request((("one", "para. 4"),))], styles.resolve(None), "en-US")  # fmt: skip
    assert [inlines.plain(c) for c in out.cites[2:]] == [
        "Smith, “Joe Biden Should Learn from History,” para. 3.",  # the short title the item gives
        "Smith, para. 4.",  # CMOS 17 14.34: the author alone for the source of the note just before
    ]


def test_french_terms_dates_and_quotation_marks():
    out = pandoc.run(ITEMS, [Request((("four", None),)), Request((("tr", None),))], styles.resolve(None), "fr-FR")
    assert inlines.plain(out.cites[0]) == "Ann Alpha et al., « Dams and Drought », The Guardian, 20 mars 2019."
    assert "trad. par John Smith" in inlines.plain(out.cites[1]) or "trad. John Smith" in inlines.plain(out.cites[1])


@pytest.mark.parametrize("style", styles.BUNDLED)
def test_every_bundled_style_formats_the_seed(style):
    brief = load_brief(SEEDS)
    citations = Citations(brief, style)
    assert [s.id for s in citations.references] and all(citations.reference(s) for s in brief.sources)
    assert all(citations.text(s) for s in brief.sources)
    assert citations.note_style == (style in ("chicago-notes-bibliography", "oscola"))


def test_apa_in_text_and_labels_on_the_mekong_fixture():
    brief = load_brief(MEKONG)
    citations = Citations(brief, "apa")
    assert {s.id: citations.text(s) for s in brief.sources} == {
        "wang-2022": "王 (2022)",
        "roe-doe-2023": "Roe & Doe (2023)",  # pandoc's APA narrative form keeps the ampersand
        "baker-partners-2024": "Baker & Partners (2024)",
    }


def test_oscola_labels_are_first_notes_not_pointers_to_a_note_number():
    brief = load_brief(SEEDS)
    citations = Citations(brief, "oscola")
    assert all("(n " not in citations.text(s) for s in brief.sources)


def test_a_style_is_an_id_or_a_csl_file(tmp_path):
    assert styles.resolve("apa").name == "apa.csl"
    own = tmp_path / "mine.csl"
    own.write_bytes(styles.resolve("apa").read_bytes())
    assert styles.resolve("mine.csl", tmp_path) == own
    with pytest.raises(styles.StyleError, match="unknown citation style 'chicago'"):
        styles.resolve("chicago")
    with pytest.raises(styles.StyleError, match="cannot read citation style"):
        styles.resolve("missing.csl", tmp_path)


def test_the_mini_brief_in_apa_cites_in_the_text(mini, tmp_path):
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\ncitation_style: apa")
    from briefing.build import build

    html = build(mini, tmp_path, formats=()).html.read_text(encoding="utf-8")
    assert '<span class="footnote">' not in html
    assert ">(Author, 2021, para. 4)</a>" in html
    assert "Author, T. (2021, March 1). <em>Three Scripts on the Peninsula</em>. Fixture Review." in html


def test_cached_by_content(monkeypatch):
    requests = [Request((("one", None),))]
    pandoc.run(ITEMS, requests, styles.resolve(None), "en-US")
    monkeypatch.setattr(pandoc, "_pandoc", lambda *a: pytest.fail("pandoc ran again for the same input"))
    assert pandoc.run(ITEMS, requests, styles.resolve(None), "en-US").cites



def test_a_bad_style_in_brief_yaml_is_one_located_line(mini):
    edit(mini / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\ncitation_style: chicago")
    from briefing.errors import BriefingError

    with pytest.raises(BriefingError) as caught:
        load_brief(mini)
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(f"{mini}/brief.yaml:") and "citation_style: unknown citation style 'chicago'" in line


def test_build_csl_restyles_and_a_bad_one_is_a_usage_error(mini, tmp_path):
    from typer.testing import CliRunner

    from briefing.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "--csl", "nope"])
    assert bad.exit_code == 2 and "unknown citation style 'nope'" in bad.output
    own = mini / "house.csl"
    own.write_bytes(styles.resolve("apa").read_bytes())
    done = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "--format", "html", "--csl", str(own)])
    assert done.exit_code == 0, done.output
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert ">(Author, 2021, para. 4)</a>" in html and '<span class="footnote">' not in html


def test_the_matrix_cites_in_the_text_in_an_author_date_style():
    import lxml.html

    from briefing.html.render import render_html

    brief = load_brief(MEKONG).model_copy(update={"citation_style": "apa"})
    root = lxml.html.fromstring(render_html(brief))
    cells = [td.text_content() for td in root.xpath("//table[@class='matrix']//td")]
    assert any("(Roe & Doe, 2023" in c for c in cells)
    assert "Sources by number" not in root.xpath("//table[@class='matrix']/caption")[0].text_content()
    notes = load_brief(MEKONG)
    caption = lxml.html.fromstring(render_html(notes)).xpath("//table[@class='matrix']/caption")[0].text_content()
    assert "[3] 王, “澜湄合作与下游国家的水资源关切”" in caption  # a note style keys its short notes


def test_a_one_character_han_given_name_is_no_initial():
    """pandoc's citeproc stops a one-letter given name as an initial ("田中浩., "); Han has none."""
    item = {"id": "jp", "type": "article-newspaper", "title": "太平洋のサンゴ礁保全と資金", "container-title": "海洋新聞",
            "author": [{"family": "田中", "given": "浩"}], "translator": [{"given": "Emma", "family": "Hill"}],
            "issued": {"date-parts": [[2020, 6, 5]]}, "language": "ja"}  # fmt: skip
    latin = {"id": "s", "type": "book", "title": "Rivers", "author": [{"family": "Truman", "given": "Harry S"}],
             "issued": {"date-parts": [[1950]]}}  # fmt: skip
    out = pandoc.run([item, latin], [Request((("jp", "para. 3"),)), Request((("s", None),))], styles.resolve(None),
                     "en-US")  # fmt: skip
    assert inlines.plain(out.cites[0]) == "田中浩, “太平洋のサンゴ礁保全と資金,” trans. Emma Hill, 海洋新聞, June 5, 2020, para. 3."
    assert inlines.plain(out.cites[1]).startswith("Harry S. Truman, "), "a Latin initial keeps its stop"

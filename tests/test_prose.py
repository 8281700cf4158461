"""The prose renderer (briefing/html/markdown.py) in process: where a citation's footnote call
lands, what a locator and a source key become, scare quotes, typographic quotes per language,
and which values the templates' ``finalize`` leaves alone. Fast enough for ``make mutation``."""

from __future__ import annotations

import functools
import re
import shutil

import pytest
from conftest import MEKONG, MINI, SEEDS, edit, line_of
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from briefing.citations import Cite
from briefing.html.markdown import (
    NO_BREAK_SPACE,
    QUOTES,
    WORD_JOINER,
    Prose,
    en_dashes,
    finalize,
    quotes_for,
    typographic,
)
from briefing.load import load_brief
from briefing.model import Brief

pytestmark = pytest.mark.prose


@functools.cache
def brief() -> Brief:
    """Loaded on first use, not at import: ``make mutation`` forks each mutant from a process that
    has imported the tests, and a load there would build the loader's caches with unmutated code."""
    return load_brief(MINI)

NOTE = (
    '<span class="footnote"><a class="cite" href="#ref-demo-2021" data-cite="[@demo-2021]">Test Author, '
    '“Three Scripts on the '
    'Peninsula,” Fixture Review, March 1, 2021.</a></span>'
)  # the first note of a source is the style's full note (Chicago 17, CMOS 14.20)


def rendered(prose: Prose, text: str, **kw) -> str:
    """A line as the brief prints it: the notes filled in by the processor."""
    return prose.citations.resolve(str(prose.inline(text, **kw)))


def inline(text: str, **kw) -> str:
    return rendered(Prose(brief()), text, **kw)


def test_the_joining_characters():
    assert (WORD_JOINER, NO_BREAK_SPACE) == ("\u2060", "\u00a0")


@pytest.mark.parametrize("mark", [".", ",", ";", ":"])
def test_a_punctuation_mark_after_a_marker_moves_before_the_call(mark):
    assert inline(f"Claim [@demo-2021]{mark} more") == f"Claim{mark}{WORD_JOINER}{NOTE} more"


@pytest.mark.parametrize("after", ["!", "?", ")", " and"])
def test_other_characters_stay_after_the_call(after):
    assert inline(f"Claim [@demo-2021]{after}") == f"Claim{WORD_JOINER}{NOTE}{after}"


def test_the_space_before_a_marker_is_swallowed_and_a_marker_may_end_the_text():
    assert inline("Claim   [@demo-2021]") == f"Claim{WORD_JOINER}{NOTE}"
    assert inline("[@demo-2021] opens") == f"{WORD_JOINER}{NOTE} opens"


def test_a_marker_on_its_own_source_line_joins_the_word_before():
    assert inline("Claim\n[@demo-2021] next") == f"Claim{WORD_JOINER}{NOTE} next"
    assert inline("*a* b\n[@demo-2021]") == f"<em>a</em> b{WORD_JOINER}{NOTE}"
    assert inline("*a* [@demo-2021]") == f"<em>a</em>{WORD_JOINER}{NOTE}"
    assert inline("a\nb") == "a\nb"  # a line break without a marker stays


def test_what_only_looks_like_a_marker_stays_text():
    assert inline("see [@a [b]] and [@") == "see [@a [b]] and [@"
    assert inline("mail me@example.org [x]") == "mail me@example.org [x]"


def test_a_locator_and_several_sources_in_one_note():
    first = inline("A [@demo-2021, para. 4].")
    assert first == (
        f'A.{WORD_JOINER}<span class="footnote"><a class="cite" href="#ref-demo-2021" '
        'data-cite="[@demo-2021, para. 4]">'
        "Test Author, “Three Scripts on the Peninsula,” Fixture Review, March 1, 2021, para. 4.</a></span>"
    )
    both = inline("B [@demo-2021; @demo-2021, p. 3]")  # two cites, one note, linked to the first
    assert both.endswith("; Author, 3.</a></span>") and both.count('<a class="cite"') == 1


def test_later_notes_are_short_and_the_same_source_again_keeps_its_locator():
    prose = Prose(brief())
    text = "A [@demo-2021]. B [@demo-2021]. C [@demo-2021, para. 4]. D [@demo-2021; @demo-2021, p. 3]"
    notes = rendered(prose, text).split('<span class="footnote">')[1:]
    assert "Fixture Review" in notes[0]
    assert ">Author.</a>" in notes[1]  # CMOS 17 14.34: the author alone for the source just cited
    assert ">Author, para. 4.</a>" in notes[2]
    assert ">Author, “Three Scripts on the Peninsula”; Author, 3.</a>" in notes[3]


def test_short_notes_throughout_when_the_brief_asks():
    short = brief().model_copy(update={"notes": "short"})
    first = rendered(Prose(short), "A [@demo-2021, para. 2].")
    assert "Fixture Review" not in first and "Author, “Three Scripts on the Peninsula,” para. 2." in first


def test_a_source_key_replaces_the_footnote_and_keeps_the_punctuation_after_it():
    seen = []

    def key(cites):
        seen.append(cites)
        return Markup("[<b>{}</b>]").format(len(cites))

    assert inline("Claim [@demo-2021, p. 2].", citation=key) == f"Claim{NO_BREAK_SPACE}[<b>1</b>]."
    assert seen == [(Cite("demo-2021", "p. 2"),)]
    assert inline("Claim [@demo-2021].") == f"Claim.{WORD_JOINER}{NOTE}"  # no key: a footnote


def test_a_marked_scare_quote_prints_its_words_with_their_markdown():
    assert inline("see [“*big* words”]{.scare} here") == "see “<em>big</em> words” here"
    assert inline("the [“Same Dream”]{.title} book") == "the “Same Dream” book"
    assert inline("[“x”]{.other}") == "[“x”]{.other}"
    assert inline("[“x”]{.scare}") == "“x”"  # the span may end the text
    assert inline("[“x”]{.scare}*y*") == "“x”<em>y</em>"  # and every rule reads what follows it


def test_prose_sets_the_briefs_quotation_marks():
    assert inline('"x" it\'s') == "“x” it’s"
    german = Prose(brief().model_copy(update={"lang": "de-CH"}))
    assert str(german.inline('"x" \'y\'')) == "„x“ ‚y‘"
    assert str(german.block('"x"')) == "<p>„x“</p>"


def test_plain_text_fields_get_the_briefs_marks_and_no_markdown():
    german = Prose(brief().model_copy(update={"lang": "de"}))
    assert str(german.plain('"x" \'y\' *z* [a](https://e.org)')) == "„x“ ‚y‘ *z* [a](https://e.org)"
    assert str(Prose(brief()).plain("it's <b>")) == "it’s &lt;b&gt;"


def test_a_hard_line_break_in_a_block():
    assert str(Prose(brief()).block("a  \nb")) == "<p>a<br />\nb</p>"


def test_blocks_mark_their_first_paragraph_only():
    prose = Prose(brief())
    assert str(prose.block("one\n\ntwo", first_class="lede")) == '<p class="lede">one</p>\n<p>two</p>'
    assert str(prose.block("one\n\ntwo")) == "<p>one</p>\n<p>two</p>"
    assert str(prose.block("", first_class="lede")) == ""
    assert prose.citations.resolve(str(prose.block("- a [@demo-2021]\n- b"))) == f"<ul>\n<li>a{WORD_JOINER}{NOTE}</li>\n<li>b</li>\n</ul>"


def test_prose_escapes_html_and_refuses_links_outside_the_allow_list():
    assert inline("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert inline("[a](https://e.org) [b](javascript:x)") == '<a href="https://e.org">a</a> [b](javascript:x)'
    assert "<img" not in inline("![i](https://e.org/i.png)")  # no images


@pytest.mark.parametrize(
    ("lang", "text", "out"),
    [
        ("en", '"x" it\'s', "“x” it’s"),
        ("en", "it's", "it’s"),
        ("en", '"x"', "“x”"),
        ("de", '"x" \'y\'', "„x“ ‚y‘"),
        ("fr", '"x"', "«\u202fx\u202f»"),
        ("ja", '"x" \'y\'', "「x」 『y』"),
        ("zh-Hant", '"x"', "「x」"),
        ("zh-Hans", '"x"', "“x”"),
        ("zh-TW", '"x"', "「x」"),
        ("de-AT", '"x"', "„x“"),
        ("DE", '"x"', "„x“"),
        ("xx", '"x"', "“x”"),
        ("", '"x"', "“x”"),
    ],
)
def test_typographic_quotes_per_language(lang, text, out):
    assert str(typographic(text, lang)) == out


def test_typographic_text_without_quote_marks_is_only_escaped():
    assert str(typographic("a\r\nb & <c>")) == "a\r\nb &amp; &lt;c&gt;"
    assert str(typographic('"<c>"')) == "“&lt;c&gt;”"
    assert str(typographic('"x"')) == "“x”"  # English by default


def test_typographic_text_in_french_is_only_escaped_without_a_mark_to_space():
    """French spaces its high punctuation and guillemets; a value with none of them (an ``X``, a
    line break) is escaped as it is, not run through the typographer, which joins ``\r\n``."""
    assert str(typographic("Xa\r\nb", "fr")) == "Xa\r\nb"
    assert str(typographic("a\r\nb : c", "fr")) == "a\nb\u202f: c"
    assert str(typographic("‹a›\r\n", "fr")) == "‹\u202fa\u202f›\n"
    assert str(typographic("‹a›\r\n", "de")) == "‹a›\r\n"  # German spaces nothing


def test_quote_marks_of_a_tag_longest_prefix_first():
    assert quotes_for("zh-Hant-HK") == QUOTES["zh-Hant"]
    assert quotes_for("zh-hant") == QUOTES["zh-Hant"]
    assert quotes_for("zh-CN") == QUOTES["zh"]
    assert quotes_for("pt-BR") == QUOTES["pt"] == "«»“”"
    assert quotes_for("") == quotes_for("und") == QUOTES["en"]


def render(source: str, name: str = "t.html.j2", **context) -> str:
    env = Environment(loader=DictLoader({name: source}), autoescape=True, finalize=finalize)
    return env.get_template(name).render(**context)


def test_finalize_sets_quotes_in_html_templates_only():
    assert render("{{ v }}", v='say "hi"') == "say “hi”"
    assert render("{{ v }}", v='say "hi"', brief=brief().model_copy(update={"lang": "de"})) == "say „hi“"
    assert render("{{ v }}", name="t.txt.j2", v='say "hi"') == "say &#34;hi&#34;"
    assert render("{{ v }}", v=Markup('<i>"x"</i>')) == '<i>"x"</i>'
    assert render("{{ v }}", v=3) == "3"


@pytest.mark.parametrize("value", ["https://e.org/a'b", "mailto:a@b.org", "#ref-a'b", "/tmp/it's", "./it's"])
def test_finalize_leaves_urls_paths_and_fragments_alone(value):
    assert render("{{ v }}", v=value) == str(Markup.escape(value))


# --- verified quoted phrases (span.phrase, for the review comments) ----------------------------

FOUND = 'data-provenance="Found verbatim in sources/demo-2021.txt, line {}."'
SEOUL = "“a peace process that needs patience”"


def _phrased(mini, outlook: str, label: str = "Fixture text published") -> Prose:
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", f"outlook: '{outlook}'")
    edit(mini / "brief.yaml", "label: Fixture text published", f"label: '{label}'")
    return Prose(load_brief(mini))


def test_a_verified_phrase_is_wrapped_marks_and_all(mini):
    text = f"a-b: Seoul wants {SEOUL} and c_d [@demo-2021]."
    prose = _phrased(mini, text)
    assert prose.citations.resolve(str(prose.inline(text))) == (
        f'a-b: Seoul wants <span class="phrase" {FOUND.format(5)}>{SEOUL}</span> and c_d.{WORD_JOINER}{NOTE}'
    )


def test_two_phrases_one_with_emphasis_inside_and_one_ending_the_text(mini):
    text = "Seoul: «Корейский *полуостров*», then “stability above all” [@demo-2021]"
    prose = _phrased(mini, text)
    korea = f'<span class="phrase" {FOUND.format(7)}>«Корейский <em>полуостров</em>»</span>'
    calm = f'<span class="phrase" {FOUND.format(7)}>“stability above all”</span>'
    assert prose.citations.resolve(str(prose.inline(text))) == f"Seoul: {korea}, then {calm}{WORD_JOINER}{NOTE}"
    assert str(prose.inline("the «Корейский *полуостров*»")) == f"the {korea}"  # a phrase may end the text


def test_an_unverified_run_in_marks_is_not_wrapped(mini):
    prose = _phrased(mini, f"Seoul wants {SEOUL} [@demo-2021].")
    assert str(prose.inline("“not in any source” here")) == "“not in any source” here"
    assert 'class="phrase"' in str(prose.block(f"Seoul wants {SEOUL}."))


def test_a_plain_text_field_marks_its_phrases_too(mini):
    prose = _phrased(mini, "Little will change [@demo-2021].", label=f"Seoul asks for {SEOUL}")
    assert str(prose.plain('Seoul asks for "a peace process that needs patience"')) == (
        f'Seoul asks for <span class="phrase" {FOUND.format(5)}>{SEOUL}</span>'
    )
    assert str(prose.plain("no phrase, it's plain")) == "no phrase, it’s plain"


def test_words_from_a_source_in_another_language_carry_its_tag():
    mekong = load_brief(MEKONG)
    text = next(k.text for k in mekong.key_judgments if "水库调度信息" in k.text)
    assert (  # and its translation (brief.yaml's translations:) follows it, in the brief's language
        'treats <span class="phrase" data-provenance="Found verbatim in sources/wang-2022.txt, line 18.">'
        '“<span class="lang" lang="zh-Hans">水库调度信息</span>”</span> (reservoir operating information) as'
    ) in str(Prose(mekong).inline(text))


# --- en dashes (CMOS 6.78, 6.80): pairs with an abbreviation, year ranges -----------------------


@pytest.mark.parametrize(
    ("prose", "printed"),
    [
        ("US-ROK drills", "US–ROK drills"),
        ("Russian-US talks in 2018-19", "Russian–US talks in 2018–19"),
        ("US-Japan talks", "US–Japan talks"),  # either side an abbreviation
        ("Six-Party Talks, Nunn-Lugar, Moon Jae-in, 2021-03", "Six-Party Talks, Nunn-Lugar, Moon Jae-in, 2021-03"),
        ("the war (1950-1953)", "the war (1950–1953)"),
        ("1953-1950, 2019-18, 2018-18, 2018-2018", "1953-1950, 2019-18, 2018-18, 2018-2018"),  # no later year
        ("1999-00 and 1899-1900", "1999-00 and 1899–1900"),  # two digits stay in the first's century
        ("x-US-ROK, US-ROK-x, 2018-19x", "x-US-ROK, US-ROK-x, 2018-19x"),  # part of a longer word
    ],
)
def test_en_dashes_for_pairs_and_ranges(prose, printed):
    assert en_dashes(prose) == printed


def test_prose_gets_en_dashes_code_keeps_its_hyphens():
    prose = Prose(brief())
    assert inline("US-ROK drills in 2018-19") == "US–ROK drills in 2018–19"
    assert str(prose.block("- US-ROK\n\n  Nunn-Lugar")) == "<ul>\n<li>\n<p>US–ROK</p>\n<p>Nunn-Lugar</p>\n</li>\n</ul>"
    assert str(prose.plain("US-ROK, 2018-19")) == "US–ROK, 2018–19"
    assert inline("`US-ROK` and US-ROK") == "<code>US-ROK</code> and US–ROK"


@functools.cache
def seed() -> Brief:
    return load_brief(SEEDS)


def test_the_seeds_prose_gets_en_dashes():
    """The curator typed "US-ROK" in Brown's Russian position; the brief prints an en dash."""
    brown = next(s for s in seed().sources if s.id == "brown-2021")
    html = str(Prose(seed()).block(brown.positions["russia"]))
    assert html.count("US–ROK") == 2 and "US-ROK" not in html


def test_a_quoted_phrase_keeps_its_hyphens_the_prose_around_it_gets_en_dashes(mini):
    """Quoted words are the source's characters: "US-ROK" inside the phrase stays as the source
    has it, before and after it the analyst's prose gets its dashes."""
    with (mini / "sources/demo-2021.txt").open("a", encoding="utf-8") as text:
        text.write("\nSeoul said US-ROK drills in 2018-19 were scaled down.\n")
    quoted = "“US-ROK drills in 2018-19”"
    prose = _phrased(mini, f"US-ROK: {quoted}, and US-ROK in 2020-21 [@demo-2021].")
    note = FOUND.format(line_of(mini / "sources/demo-2021.txt", "US-ROK drills"))
    assert str(prose.inline(f"US-ROK: {quoted}, and US-ROK in 2020-21")) == (
        f'US–ROK: <span class="phrase" {note}>{quoted}</span>, and US–ROK in 2020–21'
    )
    assert str(prose.plain(f"{quoted} US-ROK")) == f'<span class="phrase" {note}>{quoted}</span> US–ROK'


# --- the field marks absorb reads back from Word ----------------------------------------------


def test_a_block_marks_each_paragraph_with_its_field_and_number():
    """A tight list's item carries the mark (its paragraph prints no tag); a loose list's
    paragraphs carry their own; numbers run on through the whole field."""
    prose = Prose(brief())
    html = prose.block("one\n\n- a\n- b\n\ntwo\n\n- c\n\n  d", field="outlook")
    assert str(html) == (
        '<p data-field="outlook" data-part="1">one</p>\n'
        '<ul>\n<li data-field="outlook" data-part="2">a</li>\n<li data-field="outlook" data-part="3">b</li>\n</ul>\n'
        '<p data-field="outlook" data-part="4">two</p>\n'
        '<ul>\n<li>\n<p data-field="outlook" data-part="5">c</p>\n<p data-field="outlook" data-part="6">d</p>\n</li>\n</ul>'
    )
    assert str(prose.block("one", "lede", field="bluf")) == '<p class="lede" data-field="bluf" data-part="1">one</p>'
    assert str(prose.block("one\n\n- a")) == "<p>one</p>\n<ul>\n<li>a</li>\n</ul>"  # no field: no marks


def test_inline_and_plain_fields_are_wrapped_in_a_field_span():
    prose = Prose(brief())
    assert str(prose.inline("*x*", field="actors[0].aims")) == (
        '<span class="field" data-field="actors[0].aims"><em>x</em></span>'
    )
    assert str(prose.plain("x", field="timeline[0].label")) == '<span class="field" data-field="timeline[0].label">x</span>'
    assert str(prose.inline("*x*")) == "<em>x</em>" and str(prose.plain("x")) == "x"


def test_the_seeds_fields_keep_their_marks_with_footnotes():
    prose = Prose(seed())
    html = prose.citations.resolve(str(prose.block(seed().outlook, field="outlook")))
    parts = [int(n) for n in re.findall(r'data-field="outlook" data-part="(\d+)"', html)]
    assert parts == list(range(1, len(seed().outlook.split("\n\n")) + 1))
    assert 'class="footnote"' in html


def test_a_nested_tight_item_keeps_its_own_number():
    """The mark of a tight list's paragraph goes to the item open around it, not to an item
    nested before it that has closed."""
    html = str(Prose(brief()).block("- a\n  - b\n  ***\n  c", field="f"))
    assert '<li data-field="f" data-part="2">b</li>' in html  # c (part 3) is the outer item's


def test_blocks_in_an_in_text_style_cite_in_the_line_and_keep_the_punctuation_after():
    """APA cites "(Author, 2021)." in the line, a no-break space before it, in blocks as in
    lines (the block's parse and render both see the in-text key)."""
    apa = Prose(brief().model_copy(update={"citation_style": "apa"}))
    html = apa.citations.resolve(str(apa.block("Claim [@demo-2021].\n\nMore [@demo-2021, p. 2], too.", field="x")))
    assert html == (
        f'<p data-field="x" data-part="1">Claim{NO_BREAK_SPACE}<a class="cite" href="#ref-demo-2021" '
        'data-cite="[@demo-2021]">(Author, 2021)</a>.</p>\n'
        f'<p data-field="x" data-part="2">More{NO_BREAK_SPACE}<a class="cite" href="#ref-demo-2021" '
        'data-cite="[@demo-2021, p. 2]">(Author, 2021, p. 2)</a>, too.</p>'
    )


# --- the direction of words from a source in another script ------------------------------------


def test_english_words_in_an_arabic_brief_run_left_to_right(tmp_path):
    ar = tmp_path / "ar"
    shutil.copytree(MINI.parent / "ar", ar)
    outlook = "يستمر الخلاف: «Cairo's position has not moved» [@hassan-2025; @baker-2024]."
    edit(ar / "brief.yaml", "outlook: يستمر الخلاف حول الاتفاق الملزم [@hassan-2025; @baker-2024].",
         f"outlook: '{outlook.replace(chr(39), chr(39) * 2)}'")
    edit(ar / "brief.yaml", "indicators:\n", "translations:\n  \"Cairo's position has not moved\": موقف القاهرة لم يتغير\nindicators:\n")
    brief = load_brief(ar)
    assert str(Prose(brief).inline(outlook.removesuffix(" [@hassan-2025; @baker-2024]."))) == (
        'يستمر الخلاف: <span class="phrase" data-provenance="ورد حرفيًا في sources/baker-2024.txt، السطر 5.">'
        '«<span class="lang" lang="en" dir="ltr">Cairo’s position has not moved</span>»</span> (موقف القاهرة لم يتغير)'
    )


def test_arabic_words_in_an_english_brief_run_right_to_left(mini):
    """The mini brief (English) with the Arabic fixture's Hassan article as a second source."""
    arabic = (MINI.parent / "ar/sources/hassan-2025.yaml").read_text(encoding="utf-8")
    arabic = arabic[: arabic.index("positions:")]
    arabic = re.sub(r"    actors: \[[a-z, ]+\]\n    why: .*\n", "    actors: [rok]\n    why: Arabic in an English brief.\n", arabic)
    arabic = re.sub(r"(  - id: \S+\n    text: .*\n)", r"\1    translation: the source's words, in English\n", arabic)
    (mini / "sources/hassan-2025.yaml").write_text(arabic, encoding="utf-8")
    shutil.copy(MINI.parent / "ar/sources/hassan-2025.txt", mini / "sources/hassan-2025.txt")
    edit(mini / "brief.yaml", "timeline:", "translations:\n  اتفاق ملزم: a binding agreement\ntimeline:")
    prose = _phrased(mini, "Cairo insists on “اتفاق ملزم” [@hassan-2025, para. 3].")
    assert str(prose.inline("Cairo insists on “اتفاق ملزم”")) == (
        'Cairo insists on <span class="phrase" data-provenance="Found verbatim in sources/hassan-2025.txt, line 5.">'
        '“<span class="lang" lang="ar" dir="rtl">اتفاق ملزم</span>”</span> (a binding agreement)'
    )


def test_prose_registers_its_notes_with_the_citations_it_is_given():
    """The templates and the prose share one processor, so notes number on through the brief."""
    from briefing.cite.forms import Citations

    shared = Citations(brief())
    prose = Prose(brief(), shared)
    assert prose.citations is shared
    assert shared.resolve(str(prose.inline("Claim [@demo-2021]."))) == f"Claim.{WORD_JOINER}{NOTE}"

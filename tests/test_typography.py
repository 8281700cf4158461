"""Typographic quotes and apostrophes in prose, in the language's marks, in both formats; URLs
and code untouched. Both formats are written from the HTML, so the HTML and the DOCX are read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
from jinja2 import Environment
from lxml import etree

from briefing.build import build
from briefing.html.markdown import Prose, finalize, quotes_for, typographic

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRAIGHT = re.compile(r"[\"']")


@pytest.fixture(scope="module", params=["seeds", "tests/fixtures/mekong"])
def docx_build(request, tmp_path_factory):
    result = build(ROOT / request.param, tmp_path_factory.mktemp("typo"), formats=("docx",))
    return result


def test_no_straight_quote_in_the_text_of_either_format(docx_build):
    root = lxml.html.parse(str(docx_build.html)).getroot()
    for element in root.xpath("//style"):
        element.drop_tree()
    text = root.body.text_content()
    assert "’" in text or "“" in text  # the brief has quotes and apostrophes to set
    assert not STRAIGHT.findall(text), re.findall(r".{0,25}[\"'].{0,25}", text)
    with zipfile.ZipFile(docx_build.outputs["docx"]) as package:
        for name in ("word/document.xml", "word/footnotes.xml"):
            words = "".join(t.text or "" for t in etree.fromstring(package.read(name)).iter(f"{W}t"))
            assert not STRAIGHT.findall(words), (name, re.findall(r".{0,25}[\"'].{0,25}", words))


def test_plain_text_values_get_the_languages_quotes():
    assert typographic("Moon's \"aim\" & <b>", "en-GB") == "Moon’s “aim” &amp; &lt;b&gt;"
    assert typographic('"Ja", sagt er', "de-DE") == "„Ja“, sagt er"
    assert typographic('"Oui"', "fr") == "«\u202fOui\u202f»"
    assert typographic('"はい"', "ja") == "「はい」"
    assert quotes_for("zh-Hant-TW") == "「」『』" and quotes_for("xx") == quotes_for("en")


def test_markdown_prose_takes_the_briefs_language():
    german = Prose(SimpleNamespace(lang="de"))
    assert german.inline('Er sagte "nein" und ging.') == "Er sagte „nein“ und ging."
    english = Prose(SimpleNamespace(lang="en-GB"))
    assert english.inline("the North's `don't` [link](https://example.org/it's)") == (
        'the North’s <code>don\'t</code> <a href="https://example.org/it\'s">link</a>'
    )


def test_urls_and_stylesheets_are_left_alone():
    env = Environment(autoescape=True, finalize=finalize)
    env.globals["brief"] = SimpleNamespace(lang="en")
    html = env.from_string('<a href="{{ u }}">{{ t }}</a>{{ p }}')
    html.name = "x.html.j2"
    out = html.render(u="https://example.org/it's", t="Smith's", p="/a/b'c")
    assert out == '<a href="https://example.org/it&#39;s">Smith’s</a>/a/b&#39;c'
    css = env.from_string('font-family: "{{ f }}"')
    css.name = "print.css.j2"
    assert css.render(f="O'Neil Sans") == 'font-family: "O&#39;Neil Sans"'

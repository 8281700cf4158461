"""The seed declares British English: Word proofs it as en-GB and the PDF says so too."""

import re
import zipfile
from pathlib import Path

import pytest

from briefing.build import build

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(SEEDS, tmp_path_factory.mktemp("lang"), formats=("docx",))


def test_html_and_word_styles_carry_the_briefs_language(built):
    assert '<html lang="en-GB">' in built.html.read_text(encoding="utf-8")
    styles = zipfile.ZipFile(built.outputs["docx"]).read("word/styles.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert 'w:val="en-GB"' in defaults
    settings = zipfile.ZipFile(built.outputs["docx"]).read("word/settings.xml").decode()
    assert "en-US" not in styles + settings


def test_english_sources_are_not_tagged_foreign_in_a_british_brief(built):
    html = built.html.read_text(encoding="utf-8")
    assert 'lang="en"' not in html  # the sources say "en": the brief's en-GB covers them


def test_a_more_specific_or_other_language_is_tagged():
    from briefing.load import load_brief

    brief = load_brief(SEEDS)
    assert brief.foreign("en") is None and brief.foreign("EN-gb") is None
    assert brief.foreign("en-US") == "en-US" and brief.foreign("zh-Hans") == "zh-Hans"

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

"""Property tests: arbitrary Unicode in text fields. ``check`` either passes and ``build`` then
succeeds with the text in every output, or ``check`` fails with located one-line problems —
never a traceback, never ``check`` passing and ``build`` failing."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from briefing.build import build
from briefing.errors import BriefingError
from briefing.html.render import render_html
from briefing.load import load_brief
from briefing.load.quotes import normalize

# Any code point, surrogates and controls included: what a paste from a PDF or a web page can hold.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=40)

# (file, the line in mini, the line with {} where the text goes)
FIELDS = [
    ("brief.yaml", "subtitle: A tiny brief in three scripts for the tests", "subtitle: {}"),
    ("brief.yaml", "    name: South Korea", "    name: {}"),
    ("brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: {} [@demo-2021]"),
    ("brief.yaml", "      stance: Stability above all [@demo-2021].", "      stance: {} [@demo-2021]"),
    ("brief.yaml", "    label: Fixture text published", "    label: {}"),
    ("sources/demo-2021.yaml", "    why: Hangul in a pull-quote.", "    why: {}"),
]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``: what YAML cannot hold raw is escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) \
                or code == 0xFEFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def brief_with(folder: Path, field: int, text: str) -> Path:
    brief = folder / "brief"
    shutil.rmtree(brief, ignore_errors=True)
    shutil.copytree(MINI, brief)
    file, old, new = FIELDS[field]
    path = brief / file
    content = path.read_text(encoding="utf-8")
    assert content.count(old + "\n") == 1
    path.write_text(content.replace(old + "\n", new.format(quoted(text)) + "\n"), encoding="utf-8")
    return brief


def same(text: str) -> str:
    """Text as the outputs may set it: curly quotes and dashes folded, whitespace runs as one space."""
    return normalize(text)


def load_or_problems(brief: Path):
    try:
        return load_brief(brief)
    except BriefingError as err:
        assert err.problems
        for problem in err.problems:
            line = str(problem)
            assert "\n" not in line and line.startswith(str(brief)), line
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.integers(0, len(FIELDS) - 1), text=ANY_TEXT)
def test_check_passes_or_names_the_problem_and_the_html_renders(field, text):
    with tempfile.TemporaryDirectory() as tmp:
        brief = brief_with(Path(tmp), field, text)
        loaded = load_or_problems(brief)
        if loaded is not None:
            html = render_html(loaded)  # the stage every writer starts from
            # plain text fields: escaped, otherwise as written (typography aside). A quote's `why`
            # (field 5) is printed only in Source notes, and the mini brief's one quote is shown in
            # an actor section, so each quote is printed once and its `why` is not printed at all.
            if field in (0, 1):
                assert same(text.strip()) in same(unescape(html))


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        root = etree.fromstring(docx.read("word/document.xml"))
        core = docx.read("docProps/core.xml").decode("utf-8")
    texts = root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    return "".join(t.text or "" for t in texts) + unescape(core)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.build
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT)
def test_what_check_accepts_builds_with_the_text_in_every_output(text):
    with tempfile.TemporaryDirectory() as tmp:
        brief = brief_with(Path(tmp), 0, text)  # the subtitle: masthead and document properties
        loaded = load_or_problems(brief)
        if loaded is None:
            return
        result = build(brief, Path(tmp) / "out")
        value = loaded.subtitle
        assert same(value) in same(unescape(result.html.read_text(encoding="utf-8")))
        assert _squash(same(value)) in _squash(same(_docx_text(result.outputs["docx"])))
        pdf = subprocess.run(["pdftotext", str(result.outputs["pdf"]), "-"], capture_output=True, text=True)
        letters = re.sub(r"[^A-Za-z0-9]", "", value)
        assert letters in re.sub(r"[^A-Za-z0-9]", "", pdf.stdout)

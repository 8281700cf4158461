"""The Mekong fixture: a whole brief that is not the seed loads, builds and carries none of it."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEEDS
from docx import Document
from pdftools import flat, pdf_text

from briefing.build import BuildResult, build
from briefing.load import load_brief
from briefing.model import NOT_ADDRESSED, Brief

MEKONG = Path(__file__).parent / "fixtures" / "mekong"

# Words of the seed's topic that must not leak into another brief's output (templates, defaults).
SEED_WORDS = (
    "Korea", "Pyongyang", "Biden", "Lankov", "Brown", "Smith", "Carnegie", "denuclearization",
    "DPRK", "ROK", "Russia", "Moscow", "Seoul", "Washington", "Trump", "Peninsula", "sanctions",
)  # fmt: skip


class _Text(HTMLParser):
    """The text a reader sees: everything outside <style> and <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(MEKONG)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    return build(MEKONG, tmp_path_factory.mktemp("mekong"))


@pytest.fixture(scope="module")
def html_text(built) -> str:
    parser = _Text()
    parser.feed(built.html.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def test_counts_and_own_categories(brief):
    assert [s.id for s in brief.sources] == ["wang-2022", "roe-doe-2023", "baker-partners-2024"]
    assert [a.id for a in brief.actors] == ["china", "laos", "thailand", "vietnam"]
    assert [i.id for i in brief.issues] == ["data-sharing", "flows", "finance", "mrc-role"]
    cells = [brief.cell(i.id, a.id) for i in brief.issues for a in brief.actors]
    assert len(cells) == 16
    stance_ids = [s.id for s in brief.stances]
    assert stance_ids == ["cooperative", "selective", "own-channels", "opposed", NOT_ADDRESSED]
    seed_ids = {s.id for s in load_brief(SEEDS).stances} - {NOT_ADDRESSED}
    assert not seed_ids & set(stance_ids)
    assert {c.category for c in cells} == set(stance_ids)  # every category is used
    assert 3 <= len(brief.key_judgments) <= 5
    assert 4 <= len(brief.timeline) <= 6


def test_bylines_and_scripts_survive_loading(brief):
    authors = {s.id: [n.csl() for n in s.author] for s in brief.sources}
    assert authors == {
        "roe-doe-2023": [{"given": "Jane", "family": "Roe"}, {"given": "Richard", "family": "Doe"}],
        "baker-partners-2024": [{"literal": "Baker & Partners"}],
        "wang-2022": [{"family": "王", "given": "晓明"}],
    }
    chinese = brief.source("wang-2022")
    assert re.search(r"[\u4e00-\u9fff]", chinese.title)
    assert all(re.search(r"[\u4e00-\u9fff]", q.text) for q in chinese.quotes)
    assert "Hà Nội" in brief.matrix["data-sharing"]["vietnam"].stance


def test_builds_a_pdf_and_a_docx(built):
    pdf, docx = built.outputs["pdf"], built.outputs["docx"]
    assert pdf.name.startswith("sharing-the-river-")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert zipfile.ZipFile(docx).read("word/document.xml")


def test_no_seed_word_in_the_built_text(html_text):
    assert "Lancang–Mekong Cooperation" in html_text  # the text was read, not an empty page
    words = set(SEED_WORDS)
    for source in load_brief(SEEDS).sources:  # the seed's bylines and outlets, whatever they become
        words |= {n.family or n.literal for n in source.author} | {source.outlet or source.title}
    leaked = [w for w in sorted(words) if re.search(rf"\b{re.escape(w)}\b", html_text, re.IGNORECASE)]
    assert not leaked


def _squeezed(text: str) -> str:
    """Folded and without whitespace: a line break inside Chinese text is not a space."""
    return re.sub(r"\s", "", flat(text))


def test_every_quote_and_byline_reaches_both_outputs(brief, built, html_text):
    pdf = _squeezed(pdf_text(built.outputs["pdf"]))
    docx = _squeezed("\n".join(p.text for p in Document(str(built.outputs["docx"])).paragraphs))
    for expected in ("Baker & Partners", "Roe, Jane, and Richard Doe", "王晓明", "Hà Nội"):  # references
        assert expected in html_text
        assert _squeezed(expected) in pdf, expected
        assert _squeezed(expected) in docx, expected
    for source in brief.sources:
        for quote in source.quotes:
            assert _squeezed(quote.text) in pdf, quote.id
            assert _squeezed(quote.text) in docx, quote.id

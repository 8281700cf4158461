"""The seed brief as an analyst sends it: short, verified, on the scale, codings backed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import SEEDS

from briefing.build import build
from briefing.load import load_brief
from briefing.load.analytic import addressed, check_coding, check_likelihood, off_scale, scale_terms
from briefing.load.phrases import BRIEF_PROSE, SOURCE_PROSE, verify
from briefing.load.quotes import SourceText
from briefing.load.yamlfile import read_yaml
from briefing.model import NOT_ADDRESSED

BODY_WORDS = 3000


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(SEEDS, tmp_path_factory.mktemp("seed"), formats=("pdf",))


@pytest.fixture(scope="module")
def pdf_text(built) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(built.outputs["pdf"]), "-"], check=True, capture_output=True, text=True
    ).stdout


def body(text: str) -> str:
    """Page 1 up to the Source notes heading: contents, footnotes and running heads included."""
    headings = [m.start() for m in re.finditer(r"^Source notes\s*$", text, re.M)]
    assert headings  # the heading itself (the contents entry carries a page number)
    return text[: headings[-1]]


def test_body_is_at_most_3000_words(pdf_text, built):
    """The notes are apparatus: Chicago short notes ("Lankov, ‘Biden’s Foreign Policy’.") are not
    counted against the body, whose prose alone keeps to the budget."""
    words = [w for w in body(pdf_text).split() if re.search(r"\w", w)]  # dot leaders are not words
    html = built.html.read_text(encoding="utf-8")
    notes = re.findall(r'<span class="footnote">(.*?)</span>(?=[^<]*<)', html)
    in_notes = sum(len(re.sub(r"<[^>]+>", "", n).split()) for n in notes)
    assert 1500 < len(words) - in_notes <= BODY_WORDS, (len(words), in_notes)


def test_decisive_is_no_crutch(pdf_text):
    assert body(pdf_text).lower().count("decisive") <= 2


def test_cover_says_when_the_brief_stands(pdf_text):
    first = " ".join(pdf_text.split("\f")[0].split())
    assert (
        "Issued 22 November 2026 · As of March 2021 · Sources published November 2020 – March 2021" in first
    )


def _texts() -> dict[str, SourceText]:
    return {p.stem: SourceText(p.read_text(encoding="utf-8")) for p in (SEEDS / "sources").glob("*.txt")}


def test_every_quoted_phrase_is_verified():
    texts = _texts()
    checked = list(verify(read_yaml(SEEDS / "brief.yaml").data, texts, BRIEF_PROSE))
    for path in (SEEDS / "sources").glob("*.yaml"):
        checked += verify(read_yaml(path).data, texts, SOURCE_PROSE, own=path.stem)
    assert len(checked) >= 40
    assert [c for c in checked if not c.ok] == []


def test_judgments_and_bluf_use_only_the_scale_and_each_judgment_has_a_likelihood():
    doc = read_yaml(SEEDS / "brief.yaml")
    assert check_likelihood(doc, None) == []
    brief = load_brief(SEEDS)
    terms = scale_terms(brief.likelihood_scale)
    for kj in brief.key_judgments:
        assert list(off_scale(kj.text, None)) == []
        assert any(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", kj.text.lower()) for t in terms), kj.text
        assert kj.confidence in ("high", "moderate", "low")


def test_every_coded_cell_is_backed_by_a_position():
    brief = load_brief(SEEDS)
    positions = {s.id: addressed(s.positions) for s in brief.sources}
    assert check_coding(read_yaml(SEEDS / "brief.yaml"), positions) == []
    for issue in brief.issues:
        for actor in brief.actors:
            cell = brief.cell(issue.id, actor.id)
            cited = set(re.findall(r"@([a-z0-9-]+)", cell.stance))
            if cell.category == NOT_ADDRESSED:
                assert not cited & {s for s, actors in positions.items() if actor.id in actors}
            else:
                assert any(actor.id in positions[s] for s in cited), (issue.id, actor.id)


def test_editorial_record_accounts_for_every_claim():
    record = (SEEDS.parent / "docs" / "editorial-record.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+\d+) \| (.+?) \| (.+?) \|$", record, re.M)
    by_source = {prefix: [r for r in rows if r[0].startswith(prefix)] for prefix in ("S", "L", "B")}
    assert all(len(claims) >= 15 for claims in by_source.values()), {k: len(v) for k, v in by_source.items()}
    for claim_id, _claim, where in rows:
        assert where.startswith(("Carried:", "Left out:")), claim_id
    assert len({r[0] for r in rows}) == len(rows)  # claim ids are unique
    assert Path(SEEDS / "brief.yaml").is_file()

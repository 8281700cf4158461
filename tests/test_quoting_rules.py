"""Quoting as an editor applies the rules: a quotation's first letter may change case to fit the
sentence (CMOS 13.19) and an editor may insert words in brackets; both still pass the verbatim
check, and --review names the change."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import MEKONG, SEEDS, edit, failures

from briefing.html.render import render_html
from briefing.load import load_brief

OUTLOOK = "expect better data to narrow, though not end, the dispute over the river [@roe-doe-2023],"


@pytest.fixture(params=["seed", "mekong"])
def case(request, tmp_path: Path):
    """A brief copy and a sentence of its prose to rewrite, with a capitalised source sentence."""
    if request.param == "seed":
        target = tmp_path / "seeds"
        shutil.copytree(SEEDS, target)
        old = "Brown expected the next\n  provocation \"in the months to come\""
        lowered = 'Brown wrote "under the Biden administration, these irreconcilable differences" with the next\n  provocation'
        inserted = 'Brown wrote "[US–Russian] irreconcilable differences will come to the fore again" with the next\n  provocation'
        wrong = 'Brown wrote "under the Biden administration, those irreconcilable differences" with the next\n  provocation'
    else:
        target = tmp_path / "mekong"
        shutil.copytree(MEKONG, target)
        old = OUTLOOK
        lowered = 'judge that "better data will not end the dispute over the river" [@roe-doe-2023],'
        inserted = 'judge that "[b]etter data will not end the dispute [over water] over the river" [@roe-doe-2023],'
        wrong = 'judge that "better data would not end the dispute over the river" [@roe-doe-2023],'
    return target, old, lowered, inserted, wrong


def _outlook_note(folder: Path) -> list[str]:
    root = lxml.html.fromstring(render_html(load_brief(folder)))
    return [s.get("data-provenance") for s in root.xpath("//section[@id='outlook']//span[@class='phrase']")]


def test_a_first_letter_may_change_case_and_review_says_so(case):
    folder, old, lowered, _, _ = case
    edit(folder / "brief.yaml", old, lowered)
    load_brief(folder)  # loads: the phrase verifies
    assert any("first letter's case changed" in n for n in _outlook_note(folder))


def test_a_bracketed_insertion_passes_and_review_names_it(case):
    folder, old, _, inserted, _ = case
    edit(folder / "brief.yaml", old, inserted)
    load_brief(folder)
    assert any("editor's insertion [" in n for n in _outlook_note(folder))


def test_a_changed_word_is_still_refused(case):
    folder, old, _, _, wrong = case
    edit(folder / "brief.yaml", old, wrong)
    (problem,) = failures(folder)
    assert "is not in the cited source" in problem

"""Marks of omission on pull-quotes: added only where an excerpt stops mid-sentence."""

import pytest

from briefing.html.render import elide


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("the talks may resume", "…the talks may resume…"),
        ("The talks may resume.", "The talks may resume."),
        ("Will they talk?", "Will they talk?"),
        ("数据共享仍然有限。", "数据共享仍然有限。"),
        ("下游国家是否会受益？", "下游国家是否会受益？"),
        ("上游水库的调度", "上游水库的调度…"),
        ("He said \"no\" twice.", "He said \u2018no\u2019 twice."),
    ],
)
def test_elide_marks_only_cut_sentences(quote: str, shown: str) -> None:
    assert elide(quote) == shown

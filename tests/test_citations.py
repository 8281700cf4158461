"""Citation markers (briefing/citations.py): how a group of sources and locators parses, where
markers are found, and that a locator reaches the footnote. In process, for ``make mutation``."""

from __future__ import annotations

import pytest
from conftest import MINI

from briefing.citations import MARKER, Cite, Marker, find_markers, parse_group
from briefing.html.markdown import Prose
from briefing.load import load_brief

pytestmark = pytest.mark.citations


# --- citation markers (briefing/citations.py) ------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "cites", "bad"),
    [
        ("@a", (Cite("a"),), False),
        ("@a, para. 4", (Cite("a", "para. 4"),), False),
        ("  @a-1 ,  p. 3  ", (Cite("a-1", "p. 3"),), False),
        ("@a; @b, p. 3", (Cite("a"), Cite("b", "p. 3")), False),
        ("@a;@b", (Cite("a"), Cite("b")), False),
        ("@a; junk", (Cite("a"),), True),
        ("junk; @a", (Cite("a"),), True),
        ("@a;", (Cite("a"),), True),
        ("@A", (), True),
        ("@-a", (), True),
        ("@a b", (), True),
        ("@a,", (), True),
        ("@", (), True),
    ],
)
def test_a_marker_group_parses_into_sources_and_locators(inner, cites, bad):
    assert parse_group(inner) == (cites, bad)


def test_markers_are_found_in_order_with_their_spans():
    text = "One [@a, para. 4]. Two [x] [@b; @c] and [@Bad]."
    found = list(find_markers(text))
    assert found == [
        Marker(4, 17, "[@a, para. 4]", (Cite("a", "para. 4"),), False),
        Marker(27, 35, "[@b; @c]", (Cite("b"), Cite("c")), False),
        Marker(40, 46, "[@Bad]", (), True),
    ]
    assert [text[m.start : m.end] for m in found] == [m.raw for m in found]
    assert MARKER.search("[@a [@b]]").group(0) == "[@b]"  # no brackets inside a marker
    assert list(find_markers("no markers, [a] or @a")) == []


def test_a_locator_reaches_the_footnote():
    brief = load_brief(MINI)
    prose = Prose(brief)
    note = prose.citations.resolve(str(prose.inline("Patience [@demo-2021, para. 4].")))
    assert note.count('class="footnote"') == 1
    assert "para. 4" in note
    prose = Prose(brief)
    assert "para. 4" not in prose.citations.resolve(str(prose.inline("Patience [@demo-2021].")))
    judgment = next(k for k in brief.key_judgments if "稳定" in k.text)
    assert "[@demo-2021, para. 4]" in judgment.text  # the model keeps the marker whole

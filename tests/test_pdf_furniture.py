"""The running header and footer: half-line margin boxes set their text where auto widths did."""

from __future__ import annotations

import pytest
from conftest import MEKONG, SEEDS
from weasyprint.formatting_structure import boxes

from briefing.html.render import render_html
from briefing.load import load_brief
from briefing.pdf import layout

HALF = "width: 50%;"


def furniture(html: str) -> list[tuple]:
    """(page, margin box, text, x, y, width) of every line of text in a margin box."""
    found = []
    for number, page in enumerate(layout(html).pages, 1):
        for margin in page._page_box.children:
            if not isinstance(margin, boxes.MarginBox):
                continue
            for box in margin.descendants():
                if isinstance(box, boxes.TextBox):
                    place = (round(box.position_x, 6), round(box.position_y, 6), round(box.width, 6))
                    found.append((number, margin.at_keyword, box.text, *place))
    return found


@pytest.mark.parametrize("folder", [SEEDS, MEKONG], ids=["seed", "mekong"])
def test_header_and_footer_text_where_auto_widths_put_it(folder):
    html = render_html(load_brief(folder))
    assert html.count(HALF) == 4  # the four margin boxes the stylesheet fills
    ours = furniture(html)
    auto = furniture(html.replace(HALF, ""))
    assert ours == auto
    kinds = {row[1] for row in ours}
    assert kinds == {"@top-left", "@top-right", "@bottom-left", "@bottom-right"}, kinds
    assert len({row[0] for row in ours}) > 3  # on every page but the first's header

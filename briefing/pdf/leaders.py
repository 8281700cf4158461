"""The contents' dotted leaders as one run of dots per line, not one text object per dot.

WeasyPrint lays a ``leader(dotted)`` out as one text box per dot, and every box becomes its
own text object, marked-content sequence and structure-tree reference in the PDF: the seed's
contents page alone drew about 2,000 of them, a ninth of the file (17 KB of 157 KB) and a fifth
of WeasyPrint's time writing it. After WeasyPrint has placed the dots, :func:`merge` puts them
back together as one box that draws the same dots at the same places: the dots sit on a grid
of one dot's width counted from the line's end, so a run of n dots starting at the leftmost one
lands on those positions (to within WeasyPrint's rounding of glyph advances in the PDF, under
0.05 pt at the end of a line). Screen readers meet one run of dots instead of hundreds.

WeasyPrint's own ``handle_leader`` does the layout; if its internals change and the merge
cannot be made, the dots stay as WeasyPrint placed them (the same look, only bigger).
"""

from __future__ import annotations

import copy
from typing import Any

from weasyprint.layout import inline
from weasyprint.layout.leader import handle_leader, leader_index


def merge(context: Any, line: Any, containing_block: Any) -> None:
    """WeasyPrint's leader layout, then its dot boxes as one box (see the module docstring).

    Every line is laid out from the document's own boxes, whose leader holds one dot, so a
    merged box is never laid out again (WeasyPrint's own code relies on that too).
    """
    handle_leader(context, line, containing_block)
    _, leader = leader_index(line)
    if leader is None or len(leader.children) < 2:
        return
    try:
        dots = sorted(leader.children, key=lambda box: box.position_x)
        first = dots[0]
        if any(box.text != first.text for box in dots):
            return
        merged = first.copy_with_text(first.text * len(dots))
        merged.pango_layout = copy.copy(first.pango_layout)  # drawing re-shapes from its text
        merged.pango_layout.text = merged.text
        merged.width = dots[-1].position_x + dots[-1].width - first.position_x
    except (AttributeError, TypeError):  # WeasyPrint's boxes changed: keep its dots
        return
    leader.children = (merged,)


def install() -> None:
    """Make WeasyPrint's line layout call :func:`merge` instead of its own ``handle_leader``."""
    inline.handle_leader = merge

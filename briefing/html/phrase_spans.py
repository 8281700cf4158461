"""``span.phrase`` is for the DOCX's review comments; the PDF lays the text out without it.

WeasyPrint shapes each inline box apart, so a span around a quoted phrase would drop the
kerning at its edges (between ” and a following comma the line moved by 0.7 pt): the PDF writer
unwraps the spans first and lays out exactly the text it laid out before they existed.
"""

from __future__ import annotations

import re

_OPEN = re.compile(r'<span class="phrase"[^>]*>')  # attribute values are escaped: no ">" inside
_SPAN = re.compile(r"<(/?)span\b[^>]*>")


def unwrap_phrases(html: str) -> str:
    """``html`` with each ``span.phrase`` tag pair removed and its content kept."""
    cuts: list[tuple[int, int]] = []
    for start in _OPEN.finditer(html):
        cuts.append(start.span())
        depth = 1
        for tag in _SPAN.finditer(html, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                cuts.append(tag.span())
                break
    if not cuts:
        return html
    out, at = [], 0
    for a, b in sorted(cuts):
        out.append(html[at:a])
        at = b
    out.append(html[at:])
    return "".join(out)

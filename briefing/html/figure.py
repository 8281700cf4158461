"""The timeline figure, drawn from ``brief.timeline`` as inline SVG.

Vector in the PDF (WeasyPrint draws inline SVG), rasterised from the very same SVG for the DOCX.
Events are evenly spaced, not to scale: the sources span 1950 to 2021 and a linear axis would
crush the recent events together. A break mark shows where years are skipped.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from briefing.citations import find_markers
from briefing.model import Brief, Event
from briefing.theme import THEME

WIDTH = 480.0
ROW = 21.0
TOP = 8.0
LINE_X = 92.0
GAP_YEARS = 4  # a longer jump between neighbours gets a break mark

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def shown_date(event: Event) -> str:
    """``2020-10-10`` → ``10 Oct 2020``; ``2021-03`` → ``Mar 2021``; ``2017`` stays."""
    parts = event.date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _sources(event: Event, brief: Brief) -> str:
    refs = [brief.source(c.source).short_ref for m in find_markers(event.cite) for c in m.cites]
    return "; ".join(refs)


def alt_text(brief: Brief) -> str:
    """What a screen reader (and Word's alt text) says instead of the picture."""
    items = "; ".join(f"{shown_date(e)}: {e.label}" for e in _ordered(brief))
    return f"Timeline of events named in the sources, earliest first. {items}."


def _ordered(brief: Brief) -> list[Event]:
    return sorted(brief.timeline, key=lambda e: e.date)


def timeline_svg(brief: Brief) -> Markup:
    """The figure as an ``<svg>`` element, every text escaped."""
    c = THEME.colours
    font = f"{THEME.fonts.pdf_sans}, {THEME.fonts.docx_sans}, Carlito, Noto Sans, sans-serif"
    events = _ordered(brief)
    alt = escape(alt_text(brief))
    height = TOP * 2 + ROW * len(events)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" aria-label="{alt}" '
        f'font-family="{escape(font)}" font-size="8.5">',
        f"<title>{alt}</title>",
        f'<line x1="{LINE_X}" y1="{TOP}" x2="{LINE_X}" y2="{height - TOP}" '
        f'stroke="#{c.rule}" stroke-width="1.2"/>',
    ]
    previous: Event | None = None
    for i, event in enumerate(events):
        y = TOP + ROW * i + ROW / 2
        if previous and event.year - previous.year > GAP_YEARS:
            gy = y - ROW / 2
            out.append(
                f'<rect x="{LINE_X - 5}" y="{gy - 2.5}" width="10" height="5" fill="#FFFFFF"/>'
                f'<path d="M{LINE_X - 5} {gy - 1} l10 -3 M{LINE_X - 5} {gy + 3} l10 -3" '
                f'stroke="#{c.muted}" stroke-width="0.8"/>'
            )
        out.append(
            f'<text x="{LINE_X - 10}" y="{y + 3}" text-anchor="end" font-weight="600" '
            f'fill="#{c.accent}">{escape(shown_date(event))}</text>'
            f'<circle cx="{LINE_X}" cy="{y}" r="3.6" fill="#{c.accent}" stroke="#FFFFFF" stroke-width="1"/>'
            f'<text x="{LINE_X + 12}" y="{y + 3}" fill="#{c.ink}">{escape(event.label)}'
            f'<tspan fill="#{c.muted}" font-size="7.5">  {escape(_sources(event, brief))}</tspan></text>'
        )
        previous = event
    out.append("</svg>")
    return Markup("".join(out))

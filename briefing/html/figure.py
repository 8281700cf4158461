"""The timeline figure, drawn from ``brief.timeline`` as inline SVG.

Vector in the PDF (WeasyPrint draws inline SVG), rasterised from the very same SVG for the DOCX.
Events are evenly spaced, not to scale: the sources span 1950 to 2021 and a linear axis would
crush the recent events together. A break mark shows where years are skipped. SVG text does not
wrap, so labels are wrapped here (by the PDF sans face's metrics), a word too long for a line is
broken inside, and a label longer than ``LABEL_LINES`` lines is shortened with "…": the alt text
always carries it in full. Nothing is drawn outside the figure.
"""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from briefing.citations import find_markers
from briefing.cite.forms import Citations
from briefing.html.matrix_fit import SANS, text_width
from briefing.lang import CJK_RUN, RTL_LETTERS, direction
from briefing.model import Brief, Event
from briefing.theme import THEME, Theme

WIDTH = 480.0
ROW = 21.0
TOP = 8.0
LINE_X = 92.0
GAP_YEARS = 4  # a longer jump between neighbours gets a break mark
LINE = 10.0  # the distance between the lines of one label
LABEL_X = LINE_X + 12
# A label line's width in em. Measured with the PDF's sans; the DOCX picture is drawn by cairosvg
# with whatever sans fontconfig finds (DejaVu Sans is 13 % wider), hence the slack.


def label_em(theme: Theme) -> float:
    """A label line's width in em at the theme's figure size."""
    return (WIDTH - LABEL_X - 4) / theme.sizes.figure * 0.86


LABEL_EM = label_em(THEME)
LABEL_LINES = 3  # a longer label is shortened in the picture (never in the alt text)


def shown_date(event: Event, lang: str | None = None) -> str:
    """``2020-10-10`` → ``10 Oct 2020``; ``2021-03`` → ``Mar 2021``; ``2017`` stays (in ``lang``)."""
    return event.date.short(lang)


def _sources(event: Event, brief: Brief, citations: Citations) -> list[tuple[str, str]]:
    """Each cited source's label in the brief's style, with the source's language."""
    cited = [brief.source(c.source) for m in find_markers(event.cite) for c in m.cites]
    return [(citations.text(s), s.lang) for s in cited]


def visual(text: str) -> str:
    """Arabic and Hebrew in the order and the joined letter forms they are seen in. SVG text is
    drawn glyph by glyph from left to right by both WeasyPrint and cairosvg (the DOCX picture),
    neither joining Arabic letters nor reordering right-to-left words; the alt text keeps the
    words as written."""
    if not RTL_LETTERS.search(text):
        return text
    import arabic_reshaper  # only a brief with Arabic or Hebrew in its timeline needs these
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def _svg_text(text: str, lang: str, theme: Theme) -> str:
    """``text`` escaped, each CJK stretch in a ``<tspan>`` with its language and that language's
    East-Asian face first: the figure's sans has no Han, WeasyPrint would otherwise pick some
    CJK face (Japanese glyph shapes for Chinese text) and cairosvg (the DOCX picture) draws with
    the first family only, a box for every missing glyph. A language that is not East-Asian
    (an English brief quoting Han) takes the theme's first East-Asian face."""
    faces = theme.fonts.cjk_faces(lang) or next(iter(theme.fonts.cjk.values()))
    family = escape(f"{faces[0]}, {theme.fonts.pdf_sans}, sans-serif")
    text = visual(text)
    out, at = [], 0
    for run in CJK_RUN.finditer(text):
        out.append(escape(text[at : run.start()]))
        out.append(
            f'<tspan font-family="{family}" xml:lang="{escape(lang)}" lang="{escape(lang)}">'
            f"{escape(run.group())}</tspan>"
        )
        at = run.end()
    out.append(escape(text[at:]))
    return "".join(out)


def alt_text(brief: Brief) -> str:
    """What a screen reader (and Word's alt text) says instead of the picture."""
    items = "; ".join(f"{shown_date(e, brief.lang)}: {e.label}" for e in _ordered(brief))
    msgs = brief.messages
    return msgs("Timeline of events named in the sources, earliest first. %(events)s.", events=items)


def _ordered(brief: Brief) -> list[Event]:
    return sorted(brief.timeline, key=lambda e: e.date)


def wrap(
    text: str, width_em: float = LABEL_EM, max_lines: int = LABEL_LINES, family: str = SANS
) -> list[str]:
    """Greedy lines of at most ``width_em`` in ``family``; a word wider than a line is broken
    inside; more than ``max_lines`` lines end the last one with "…"."""
    width = functools.partial(text_width, family=family)
    space, ellipsis = width(" "), width("…")
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split():
        size = width(word)
        if current and used + space + size <= width_em:
            current, used = f"{current} {word}", used + space + size
            continue
        if current:
            lines.append(current)
        current, used = "", 0.0
        if size <= width_em:
            current, used = word, size
            continue
        for ch in word:  # wider than a line: break the word itself
            step = width(ch)
            if current and used + step > width_em:
                lines.append(current)
                current, used = "", 0.0
                if len(lines) > max_lines:
                    break  # the rest would be cut anyway
            current, used = current + ch, used + step
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and width(last) + ellipsis > width_em:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def _label(event: Event, brief: Brief, y: float, citations: Citations, theme: Theme) -> tuple[str, int]:
    """The label's ``<text>`` (its lines as ``<tspan>``, the sources after it) and its line count."""
    c, family, z = theme.colours, theme.fonts.pdf_sans, theme.sizes
    line_em = label_em(theme)
    lines = wrap(event.label, line_em, family=family)
    cited = _sources(event, brief, citations)
    sources = "; ".join(ref for ref, _ in cited)
    ratio = z.figure_source / z.figure
    width = functools.partial(text_width, family=family)
    if sources and width(lines[-1]) + (width(sources) + 2 * width(" ")) * ratio > line_em:
        lines.append("")  # the sources go on a line of their own
    rtl = direction(brief.lang) == "rtl"
    x, anchor = (WIDTH - LABEL_X, ' text-anchor="end"') if rtl else (LABEL_X, "")
    parts = [f'<text x="{x}" y="{y + 3}" fill="#{c.ink}"{anchor}>']
    for i, line in enumerate(lines):
        dy = f' x="{x}" dy="{LINE}"' if i else ""
        parts.append(f"<tspan{dy}>{_svg_text(line, brief.lang, theme)}</tspan>")
    if sources:
        gap = "  " if lines[-1] else ""
        refs = "; ".join(_svg_text(ref, lang, theme) for ref, lang in cited)
        parts.append(f'<tspan fill="#{c.muted}" font-size="{z.figure_source}">{gap}{refs}</tspan>')
    parts.append("</text>")
    return "".join(parts), len(lines)


def timeline_svg(brief: Brief, citations: Citations | None = None, theme: Theme = THEME) -> Markup:
    """The figure as an ``<svg>`` element, every text escaped; sources labelled in the brief's
    style; colours and faces from ``theme``."""
    citations = citations if citations is not None else Citations(brief)
    c = theme.colours
    font = f"{theme.fonts.pdf_sans}, {theme.fonts.docx_sans}, Carlito, Noto Sans, sans-serif"
    events = _ordered(brief)
    alt = escape(alt_text(brief))
    rows: list[tuple[Event, str, float, float]] = []  # event, label, row top, row height
    top = TOP
    for event in events:
        label, count = _label(event, brief, 0.0, citations, theme)
        height = ROW + LINE * (count - 1)
        rows.append((event, label, top, height))
        top += height
    height = top + TOP
    rtl = direction(brief.lang) == "rtl"  # mirrored: dates right of the line, labels to its left
    line_x = WIDTH - LINE_X if rtl else LINE_X
    date_x, date_anchor = (line_x + 10, "start") if rtl else (line_x - 10, "end")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" aria-label="{alt}" '
        f'font-family="{escape(font)}" font-size="{theme.sizes.figure}">',
        f"<title>{alt}</title>",
        f'<line x1="{line_x}" y1="{TOP}" x2="{line_x}" y2="{height - TOP}" '
        f'stroke="#{c.rule}" stroke-width="1.2"/>',
    ]
    previous: Event | None = None
    for event, _, row_top, _ in rows:
        y = row_top + ROW / 2
        if previous and event.year - previous.year > GAP_YEARS:
            gy = row_top
            out.append(
                f'<rect x="{line_x - 5}" y="{gy - 2.5}" width="10" height="5" fill="#{c.paper}"/>'
                f'<path d="M{line_x - 5} {gy - 1} l10 -3 M{line_x - 5} {gy + 3} l10 -3" '
                f'stroke="#{c.muted}" stroke-width="0.8"/>'
            )
        out.append(
            f'<text x="{date_x}" y="{y + 3}" text-anchor="{date_anchor}" font-weight="600" '
            f'fill="#{c.accent}">{escape(visual(shown_date(event, brief.lang)))}</text>'
            f'<circle cx="{line_x}" cy="{y}" r="3.6" fill="#{c.accent}" '
            f'stroke="#{c.paper}" stroke-width="1"/>'
            + _label(event, brief, y, citations, theme)[0]
        )
        previous = event
    out.append("</svg>")
    return Markup("".join(out))

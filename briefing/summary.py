"""The one-paragraph report ``briefing check`` prints on success."""

from __future__ import annotations

from briefing.citations import find_markers
from briefing.cite.forms import Citations
from briefing.load.yamlfile import strings
from briefing.model import NOT_ADDRESSED, Brief


def summarize(brief: Brief, phrases: int | None = None) -> str:
    """Counts a user can eyeball: sources, quotes verified, cells filled, citations resolved.

    ``phrases`` is the number of quoted phrases the load verified (else those it left on the brief).
    """
    quotes = sum(len(s.quotes) for s in brief.sources)
    cells = [brief.cell(i.id, a.id) for i in brief.issues for a in brief.actors]
    silent = sum(c.category == NOT_ADDRESSED for c in cells)
    prose = brief.model_dump(exclude={"sources": {"__all__": {"text"}}})
    markers = [m for _, text in strings(prose) for m in find_markers(text)]
    cites = sum(len(m.cites) for m in markers)
    lines = [f"ok: {brief.title}"]
    citations = Citations(brief)
    for s in brief.sources:
        lines.append(f"  source {s.id}: {citations.text(s)} — {len(s.quotes)} quotes verified")
    lines.append(f"  {quotes} pull-quotes verified verbatim against {len(brief.sources)} source texts")
    phrases = len(brief.phrases) if phrases is None else phrases
    lines.append(f"  {phrases} quoted phrases in prose verified against the sources they cite")
    lines.append(
        f"  {len(cells)} of {len(cells)} matrix cells filled "
        f"({len(brief.actors)} actors × {len(brief.issues)} issues; {silent} not addressed by the sources)"
    )
    lines.append(f"  {cites} citations in {len(markers)} markers, all resolved")
    return "\n".join(lines)

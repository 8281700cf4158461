"""Warnings, not silence: curation that nothing in the brief uses, cells over their length, and a
stance category that codes too much of the matrix to tell actors apart.

These never stop a build (``check`` exits 0 and prints them); ``check --strict`` treats them as
problems. They run on the loaded brief, so every reference in it has already resolved.
"""

from __future__ import annotations

from briefing.citations import MARKER, find_markers
from briefing.errors import Problem
from briefing.lang import shown_count, word_count
from briefing.load.phrases import Run, parts, runs
from briefing.load.quotes import SourceText
from briefing.load.yamlfile import Loc, YamlFile, field_name, strings
from briefing.model import Brief
from briefing.stances import NOT_ADDRESSED

CELL_WORDS = 25  # a matrix cell's stance, citation markers not counted (docs/seed-format.md)
# A coded category holding more than this share of the cells no longer discriminates: "mixed",
# or "guarded" covering selective disclosure, conditions and a preference for own channels alike.
CATEGORY_SHARE = 1 / 3
CATEGORY_MIN_CELLS = 9  # a 2 × 2 or 2 × 4 matrix is too small to judge




def check_usage(brief: Brief, brief_doc: YamlFile, source_docs: dict[str, YamlFile]) -> list[Problem]:
    """A source nothing cites, a quote neither shown in an actor section nor quoted in the
    brief's prose, an actor no source gives a position, a matrix cell over :data:`CELL_WORDS` words.

    Every quote also appears in its source's notes, so "unused" means the body never draws on it.
    """
    warnings: list[Problem] = []
    cited = {c.source for _, text in strings(brief_doc.data) for m in find_markers(text) for c in m.cites}
    shown = {q.id for a in brief.actors for _, q in brief.quotes_for(a.id)}
    quoted = _quoted_parts(brief_doc)
    for source in brief.sources:
        doc = source_docs[source.id]
        if source.id not in cited:
            warnings.append(_warn(doc, (), f"source {source.id} is cited nowhere in brief.yaml"))
        for i, quote in enumerate(source.quotes):
            if quote.id not in shown and not _draws_on(quote.text, quoted):
                message = (
                    f"quote {quote.id} is in no actor section and the brief's prose never quotes it"
                    " (add it to an actor's quotes:)"
                )
                warnings.append(_warn(doc, ("quotes", i, "id"), message))
    for i, actor in enumerate(brief.actors):
        if not brief.positions_for(actor.id):
            message = f"no source gives {actor.id} a position (positions.{actor.id} in no source file)"
            warnings.append(_warn(brief_doc, ("actors", i, "id"), message))
    for issue_id, row in brief.matrix.items():
        for actor_id, cell in row.items():
            words = word_count(MARKER.sub("", cell.stance))
            if words > CELL_WORDS:
                loc = ("matrix", issue_id, actor_id, "stance")
                message = f"has {shown_count(words)} words; a cell holds at most {CELL_WORDS}"
                warnings.append(_warn(brief_doc, loc, message))
    return warnings + check_spread(brief, brief_doc)


def check_spread(brief: Brief, brief_doc: YamlFile) -> list[Problem]:
    """A stance category (``not-addressed`` aside: silence is the sources', not a coding) that
    codes more than a third of the matrix's cells: split it into what a reader can act on."""
    cells = [c.category for row in brief.matrix.values() for c in row.values()]
    if len(cells) < CATEGORY_MIN_CELLS:
        return []
    warnings = []
    for i, stance in enumerate(brief.stances):
        used = cells.count(stance.id)
        if stance.id != NOT_ADDRESSED and used > len(cells) * CATEGORY_SHARE:
            message = (
                f"stance {stance.id} codes {used} of {len(cells)} matrix cells, more than a third: "
                "split it so the matrix tells the actors apart"
            )
            warnings.append(_warn(brief_doc, ("stances", i, "id"), message))
    return warnings


def _quoted_parts(doc: YamlFile) -> list[str]:
    """Every quoted part of brief.yaml's prose (ellipses split), as the phrase checker reads it."""
    found = []
    for _, text in strings(doc.data):
        for run in runs(text):
            if isinstance(run, Run):
                found += parts(run.phrase)
    return found


def _draws_on(quote: str, quoted: list[str]) -> bool:
    """True when some quoted phrase of the prose (three words or more) lies inside ``quote``."""
    text = SourceText(quote)
    return any(word_count(part) >= 3 and text.contains(part) for part in quoted)


def _warn(doc: YamlFile, loc: Loc, message: str) -> Problem:
    line, col = doc.locate(loc) if loc else (0, 0)
    return Problem(doc.path, line, col, field_name(loc), f"warning: {message}")

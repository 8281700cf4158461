"""Analytic standards: codings backed by positions, likelihood said in one scale's words.

A matrix cell coded with a stance is a claim that some cited source attributes a position to
that actor, so it must cite a source whose ``positions:`` names the actor; a cell coded "not
addressed" must not cite one that does. Key judgments and the BLUF express likelihood only in
the words of one declared scale (by default the seven terms of US Intelligence Community
Directive 203), so "may", "possibly" or "highly likely" do not blur what the analyst means.
Likelihood words inside a verified quotation are the source's, not the analyst's. The scale
and the hedging words are messages of the tool's catalogue, so a brief in French is held to
ICD 203's terms in French ("probable", "très probable") and warned of "peut-être".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from briefing.catalogue import ENGLISH, N_, Messages
from briefing.citations import MARKER, find_markers
from briefing.errors import Problem
from briefing.lang import unspaced
from briefing.load.phrases import runs
from briefing.load.yamlfile import Loc, YamlFile, field_name, matches, strings
from briefing.model import NOT_ADDRESSED, BriefMeta
from briefing.roles import Role, paths

ICD_203: tuple[str, ...] = (
    N_("almost no chance / remote"),
    N_("very unlikely / highly improbable"),
    N_("unlikely / improbable / improbably"),
    N_("roughly even chance / roughly even odds"),
    N_("likely / probable / probably"),
    N_("very likely / highly probable"),
    N_("almost certain / almost certainly / nearly certain"),
)
"""ICD 203's seven likelihood terms, lowest first; each line lists its equivalents."""

HEDGES = N_(
    "may / might / could / possibly / possible / possibility / perhaps / maybe / conceivably / "
    "conceivable / plausibly / presumably / certainly / surely / definitely / doubtful / highly "
    "likely / highly unlikely / most likely / more likely / less likely / realistic possibility / "
    "real possibility / in all likelihood / likelihood / good chance / fair chance / little chance / "
    "slim chance / some chance / no chance / even chance / odds / remote chance / probability / "
    "unlikelihood"
)
"""Other words that express how likely something is; any not on the declared scale draws a warning."""


def icd_203(msgs: Messages = ENGLISH) -> tuple[str, ...]:
    """ICD 203's levels in the brief's language."""
    return tuple(msgs(level) for level in ICD_203)


def likelihood_words(msgs: Messages = ENGLISH) -> tuple[str, ...]:
    """Every likelihood word the lint knows in the brief's language: the scale's and the hedges."""
    words = [t.strip() for level in icd_203(msgs) for t in level.split("/")]
    return tuple(w for w in [*words, *(t.strip() for t in msgs(HEDGES).split("/"))] if w)


LIKELIHOOD_FIELDS: tuple[Loc, ...] = paths(BriefMeta, where=lambda r: Role.LIKELIHOOD in r)


def scale_terms(scale: list[str] | None, msgs: Messages = ENGLISH) -> list[str]:
    """Every term of a declared scale (``a / b`` lists equivalents), or ICD 203's."""
    levels = scale or list(icd_203(msgs))
    return [t.strip().lower() for level in levels for t in level.split("/") if t.strip()]


def scale_name(scale: list[str] | None, msgs: Messages = ENGLISH) -> str:
    levels = scale or list(icd_203(msgs))
    shown = ", ".join(level.split("/")[0].strip() for level in levels)
    return f"{'the brief' if scale else 'ICD 203'}: {shown}"


def scale_label(scale: list[str] | None, msgs: Messages = ENGLISH) -> str:
    """``ICD 203 (almost no chance … almost certain)``: the scale named for the reader."""
    levels = scale or list(icd_203(msgs))
    ends = f"{levels[0].split('/')[0].strip()} … {levels[-1].split('/')[0].strip()}"
    return msgs("the brief’s scale (%(ends)s)", ends=ends) if scale else msgs("ICD 203 (%(ends)s)", ends=ends)


def _pattern(terms: list[str]) -> re.Pattern[str]:
    """Any of ``terms`` as whole words; a term in Han or Kana (no spaces between words) anywhere."""
    ordered = sorted(set(terms), key=len, reverse=True)  # "very likely" before "likely"

    def term(t: str) -> str:
        escaped = re.escape(t).replace(r"\ ", r"\s+")
        return escaped if unspaced(t) else rf"(?<![\w-]){escaped}(?![\w-])"

    return re.compile("|".join(term(t) for t in ordered), re.IGNORECASE)


def _blank_quotations(text: str) -> str:
    """Citation markers and quoted runs become spaces: their words are not the analyst's."""
    text = MARKER.sub(lambda m: " " * len(m.group(0)), text)
    for run in runs(text):
        if not isinstance(run, int):
            end = run.start + len(run.phrase) + 2
            text = text[: run.start] + " " * (end - run.start) + text[end:]
    return text


def off_scale(text: str, scale: list[str] | None, msgs: Messages = ENGLISH) -> Iterator[str]:
    """Likelihood words in ``text`` that are not terms of the scale, in order."""
    terms = scale_terms(scale, msgs)
    on_scale = _pattern(terms)
    anything = _pattern([*likelihood_words(msgs), *terms])
    plain = _blank_quotations(text)
    covered = [m.span() for m in on_scale.finditer(plain)]
    for m in anything.finditer(plain):
        if m.group(0) == "May" and re.match(r"\s+\d", plain[m.end() :]):
            continue  # the month
        if not any(a <= m.start() and m.end() <= b for a, b in covered):
            yield " ".join(m.group(0).split())


def check_likelihood(doc: YamlFile, scale: list[str] | None, msgs: Messages = ENGLISH) -> list[Problem]:
    """Warnings: likelihood words off the declared scale in the fields the model declares
    Role.LIKELIHOOD (the BLUF and the key judgments)."""
    warnings: list[Problem] = []
    for loc, text in strings(doc.data):
        if not any(matches(loc, p) for p in LIKELIHOOD_FIELDS):
            continue
        for word in dict.fromkeys(off_scale(text, scale, msgs)):
            line, col = doc.locate_text(loc, word)
            message = f'warning: likelihood word "{word}" is not on the scale ({scale_name(scale, msgs)})'
            warnings.append(Problem(doc.path, line, col, field_name(loc), message))
    return warnings


def addressed(positions: dict[str, Any]) -> dict[str, set[str] | None]:
    """A source's ``positions:`` as actor → the issues it gives that actor a position on (None:
    every issue, when the position is one text)."""
    return {actor: None if isinstance(value, str) else set(value) for actor, value in positions.items()}


def check_coding(doc: YamlFile, positions: dict[str, dict[str, set[str] | None]]) -> list[Problem]:
    """Each coded cell cites a source with a position for its actor; a silent cell cites none.

    ``positions`` maps each loaded source id to :func:`addressed`: the actors its ``positions:``
    names and, when given per issue, on which issues. A not-addressed cell may cite a source
    whose silence it notes, unless that source gives the actor a position on that issue. A cell
    citing a source that failed to load is left to that source's own error.
    """
    problems: list[Problem] = []
    matrix = doc.data.get("matrix")
    for issue_id, row in (matrix if isinstance(matrix, dict) else {}).items():
        for actor_id, cell in (row if isinstance(row, dict) else {}).items():
            if not isinstance(cell, dict) or not isinstance(cell.get("stance"), str):
                continue
            cited = list(dict.fromkeys(c.source for m in find_markers(cell["stance"]) for c in m.cites))
            if any(s not in positions for s in cited):
                continue
            backing = [s for s in cited if _speaks(positions[s], actor_id, issue_id)]
            category = cell.get("category")
            loc = ("matrix", issue_id, actor_id, "category")
            if category == NOT_ADDRESSED and backing:
                problems.append(
                    doc.problem(
                        loc,
                        f"coded {NOT_ADDRESSED} but cites {', '.join(backing)}, whose positions: "
                        f"address {actor_id} on {issue_id}; code the stance, or cite only sources silent "
                        f"on it (positions: may be given per issue)",
                    )
                )
            elif category != NOT_ADDRESSED and cited and not backing:
                problems.append(
                    doc.problem(
                        loc,
                        f"coded {category} but no cited source ({', '.join(cited)}) gives {actor_id} a "
                        f"position on {issue_id} in its positions:; cite one that does, or code it "
                        f"{NOT_ADDRESSED}",
                    )
                )
    return problems


def _speaks(addressed: dict[str, set[str] | None], actor_id: str, issue_id: str) -> bool:
    if actor_id not in addressed:
        return False
    issues = addressed[actor_id]
    return issues is None or issue_id in issues

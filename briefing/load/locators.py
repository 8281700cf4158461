"""Pinpoint locators: where in its source text a direct quotation stands.

A direct quotation (a pull-quote, or a quoted phrase in prose citing a source) should say where
the reader finds it (CMOS 14.156, APA 8.28). The place is computed, never guessed: a paragraph
is a block of the supplied text between blank lines, counted from the top of the ``.txt`` as it
stands (a heading, byline or line of page furniture counts as a block too), so anyone holding
the text finds the same number. A text whose pages are marked by form feeds (pdftotext writes
one between pages) is cited by page instead: page n begins after the (n-1)th form feed.

``check`` warns when a quotation is cited without a locator (and names the one to write), or
when a ``para.``/``p.`` locator does not hold the quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.citations import find_markers
from briefing.errors import Problem
from briefing.load.phrases import (
    _PAIRS,
    BRIEF_PROSE,
    SOURCE_PROSE,
    Run,
    _problem,
    _variants,
    found_in,
    parts,
    runs,
    scopes,
)
from briefing.load.quotes import SourceText, folded, normalize
from briefing.load.yamlfile import Loc, YamlFile, field_name

_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")  # one or more blank lines
_NUMBERS = re.compile(r"(\d+)(?:\s*[–—-]\s*(\d+))?")
_LABEL = re.compile(r"^\s*(paras?|pp?)\.\s*(\d.*)$")


def offset(text: str, quote: str) -> int | None:
    """Where ``quote`` starts in ``text``, forgiving what quote matching forgives (whitespace,
    curly quotes, dashes, width); None when it is not there."""
    words = normalize(quote).split(" ")
    if not words or not words[0]:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), folded(text))
    return found.start() if found else None


def paragraph(text: str, at: int) -> int:
    """The 1-based paragraph (block between blank lines) of ``text`` holding offset ``at``."""
    first = len(text) - len(text.lstrip())
    return 1 + sum(1 for m in _BREAK.finditer(text, first, at) if m.start() >= first and m.end() <= at)


def page(text: str, at: int) -> int:
    """The 1-based page holding offset ``at``, pages separated by form feeds."""
    return 1 + text.count("\f", 0, at)


def locator_at(text: str, at: int) -> str:
    """The locator for offset ``at``: ``p. 4`` in a text with pages, else ``para. 9``."""
    return f"p. {page(text, at)}" if "\f" in text else f"para. {paragraph(text, at)}"


def locate(text: str, quote: str) -> str | None:
    """The locator of ``quote`` in ``text``, or None when the quote is not there."""
    at = offset(text, quote)
    return None if at is None else locator_at(text, at)


def numbers(locator: str) -> tuple[str, set[int]] | None:
    """``para. 9`` → ("para", {9}); ``paras. 4, 6–7`` → ("para", {4, 6, 7}); ``pp. 3-4`` →
    ("p", {3, 4}); None for a locator of another kind (``sec. 2``), which is not checked."""
    m = _LABEL.match(locator)
    if m is None:
        return None
    found: set[int] = set()
    for a, b in _NUMBERS.findall(m.group(2)):
        found.update(range(int(a), int(b or a) + 1) if int(b or a) - int(a) < 1000 else {int(a)})
    return ("p" if m.group(1).startswith("p") and not m.group(1).startswith("para") else "para"), found


def holds(locator: str, wanted: str) -> bool | None:
    """Whether ``locator`` (as written) covers ``wanted`` (as :func:`locator_at` gives it); None
    when it is of a kind not checked."""
    given, at = numbers(locator), numbers(wanted)
    if given is None or at is None or given[0] != at[0]:
        return None
    return at[1] <= given[1]


def check_all(brief_doc: YamlFile | None, curated: Iterable[tuple]) -> list[Problem]:
    """Warnings for every direct quotation of the brief cited without a locator, or with a
    paragraph or page locator that does not hold it. ``curated``: (doc, meta, text path, text)."""
    curated = list(curated)
    texts = {path.stem: text for _, _, path, text in curated}
    warnings: list[Problem] = []
    for doc, _, path, text in curated:
        warnings += _pull_quotes(doc, path.stem, text)
        warnings += _prose(doc, texts, SOURCE_PROSE, path.stem)
    if brief_doc is not None:
        warnings += _prose(brief_doc, texts, BRIEF_PROSE, None)
    return warnings


def _pull_quotes(doc: YamlFile, source: str, text: SourceText) -> list[Problem]:
    out = []
    quotes = doc.data.get("quotes") if isinstance(doc.data, dict) else None
    for i, quote in enumerate(quotes if isinstance(quotes, list) else []):
        if not isinstance(quote, dict) or not isinstance(quote.get("text"), str):
            continue
        wanted = locate(text.text, quote["text"])
        if wanted is None:
            continue  # not verbatim: check reports that as an error
        given = quote.get("locator")
        if not given:
            message = f"pull-quote {quote.get('id', i)} has no locator; it is in {wanted} of {source}.txt"
            out.append(_warn(doc, ("quotes", i), f"{message}: add locator: {wanted}"))
        elif isinstance(given, str) and holds(given, wanted) is False:
            message = f"locator {given} does not hold the quote: it is in {wanted} of {source}.txt"
            out.append(_warn(doc, ("quotes", i, "locator"), message))
    return out


def _prose(doc: YamlFile, texts: dict[str, SourceText], prose: tuple, own: str | None) -> list[Problem]:
    """Quoted phrases in prose: the markers of the phrase's scope that cite the source holding it
    must carry a locator that covers it. A phrase in a source file's own prose cited by no marker
    (a summary) has nothing to carry one."""
    out = []
    for scope in scopes(doc.data, prose, own):
        given: dict[str, list[str | None]] = {}
        for _, value in scope.fields:
            for marker in find_markers(value):
                for cite in marker.cites:
                    given.setdefault(cite.source, []).append(cite.locator)
        for loc, value in scope.fields:
            for run in runs(value):
                if isinstance(run, Run):
                    out += _phrase(doc, loc, run, texts, given)
    return out


def _phrase(
    doc: YamlFile, loc: Loc, run: Run, texts: dict[str, SourceText], given: dict[str, list[str | None]]
) -> list[Problem]:
    words = parts(run.phrase)
    holders = [s for s in given if s in texts and words and found_in(texts[s], words)]
    if not holders:
        return []  # unverified phrases are check's errors; a phrase only its own source holds is a summary's
    wanted = {s: _where(texts[s].text, words[0]) for s in holders}
    for source in holders:
        written = [g for g in given[source] if g]
        at = wanted[source]
        if written and (at is None or any(holds(g, at) is not False for g in written)):
            return []  # a locator that holds it (or one of a kind not checked)
    phrase = " ".join(run.phrase.split())
    shown = run.opener + (phrase if len(phrase) <= 60 else phrase[:60] + "…") + _PAIRS[run.opener][0]
    source = next((s for s in holders if any(given[s])), holders[0])
    at, written = wanted[source], [g for g in given[source] if g]
    if written:
        message = f"quoted phrase {shown} is in {at} of {source}.txt, not at its locator {'; '.join(written)}"
    else:
        where = f"; it is in {at}: write [@{source}, {at}]" if at else ""
        message = f"quoted phrase {shown} cites {source} without a locator{where}"
    problem = _problem(doc, loc, run.opener + run.phrase, message)
    return [Problem(problem.path, problem.line, problem.col, problem.field, f"warning: {message}")]


def _where(text: str, first: str) -> str | None:
    """The locator of a phrase's first part, its first letter's case as written or changed."""
    for variant in _variants(first):
        if (found := locate(text, variant)) is not None:
            return found
    return None


def _warn(doc: YamlFile, loc: Loc, message: str) -> Problem:
    line, col = doc.locate(loc)
    return Problem(doc.path, line, col, field_name(loc), f"warning: {message}")

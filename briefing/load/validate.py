"""Cross-file rules that keep the curation honest.

Each rule appends located problems and never stops early, so one run reports everything.
"""

from __future__ import annotations

import functools
from difflib import get_close_matches
from urllib.parse import urlsplit

from briefing.catalogue import N_, catalogue, shipped
from briefing.citations import find_markers
from briefing.errors import Problem
from briefing.lang import shown_count, word_count
from briefing.load.quotes import SourceText, shorten
from briefing.load.record import check_url_record
from briefing.load.yamlfile import Loc, YamlFile, field_name, matches, strings
from briefing.model import NOT_ADDRESSED, BriefMeta, SourceMeta
from briefing.roles import Role, paths, yaml_keys

SUMMARY_WORDS = (80, 150)
URL_SCHEMES = ("http", "https")
QUOTES_PER_SOURCE = (3, 6)
KEY_JUDGMENTS = (3, 5)
# "The sources do not address …" needs no citation; the words that say so are a message of the
# catalogue ("a / b" for several), understood in every shipped language.
SILENCE = N_("not address")

# Prose fields that make claims and so must cite (loc patterns; "*" is any index or key): the
# fields the model declares Role.CITES, in brief.yaml and in a source's curation (its positions).
MUST_CITE_BRIEF: tuple[Loc, ...] = paths(BriefMeta, where=lambda r: Role.CITES in r)
MUST_CITE_SOURCE: tuple[Loc, ...] = paths(SourceMeta, where=lambda r: Role.CITES in r)






@functools.cache
def _silence_words() -> tuple[str, ...]:
    """How each shipped catalogue says the sources are silent (a brief's prose may not be in its
    own ``lang``: a French note on an English brief is still understood)."""
    found = {SILENCE, *(catalogue(tag).get(SILENCE, SILENCE) for tag in shipped())}
    return tuple(w.strip().lower().replace("’", "'") for text in found for w in text.split("/") if w.strip())


def says_silence(text: str) -> bool:
    """Whether ``text`` says the sources are silent, in a language the tool has a catalogue for."""
    plain = text.lower().replace("’", "'")
    return any(w in plain for w in _silence_words())


def check_citations(doc: YamlFile, source_ids: set[str], must_cite: tuple[Loc, ...]) -> list[Problem]:
    """Every marker well-formed and resolving; every claim-making field citing something."""
    problems: list[Problem] = []
    for loc, text in strings(doc.data):
        if loc[-1:] == ("text",) and loc[:1] == ("quotes",):
            continue  # pull-quotes are the source's words, checked elsewhere
        markers = list(find_markers(text))
        for marker in markers:
            line, col = doc.locate_text(loc, marker.raw)
            field = field_name(loc)
            if marker.malformed:
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        col,
                        field,
                        f"malformed citation {marker.raw} (expected [@id] or [@id, locator])",
                    )
                )
            for cite in marker.cites:
                if cite.source not in source_ids:
                    hint = get_close_matches(cite.source, sorted(source_ids), n=1)
                    tail = f" — did you mean @{hint[0]}?" if hint else ""
                    problems.append(
                        Problem(
                            doc.path,
                            line,
                            col,
                            field,
                            f"citation @{cite.source} does not match any source{tail}",
                        )
                    )
        wants = any(matches(loc, p) for p in must_cite)
        if wants and not markers and not says_silence(text):
            problems.append(doc.problem(loc, "makes a claim but cites no source ([@source-id])"))
    return problems


def check_source(
    doc: YamlFile, text: SourceText, text_name: str, actor_ids: set[str], issue_ids: set[str] | None = None
) -> list[Problem]:
    """Quotes verbatim, counts in range, actors (and the issues of per-issue positions) known.

    Works on the raw YAML data, so these checks still run when the schema check failed.
    """
    problems: list[Problem] = []
    data = doc.data
    summary = data.get("summary")
    if isinstance(summary, str):
        words = word_count(summary)  # Chinese and Japanese: two characters to the word
        low, high = SUMMARY_WORDS
        if not low <= words <= high:
            problems.append(doc.problem(("summary",), f"has {shown_count(words)} words; write {low}–{high}"))
    problems += check_url(doc, text, text_name)
    quotes = data.get("quotes")
    quotes = quotes if isinstance(quotes, list) else []  # not a list: the schema check says so
    low, high = QUOTES_PER_SOURCE
    if isinstance(data.get("quotes"), list) and not low <= len(quotes) <= high:
        problems.append(doc.problem(("quotes",), f"has {len(quotes)} quotes; curate {low}–{high}"))
    for i, quote in enumerate(quotes):
        if not isinstance(quote, dict):
            continue
        if isinstance(quote.get("text"), str) and not text.contains(quote["text"]):
            guess = shorten(text.closest(quote["text"]))
            problems.append(
                doc.problem(("quotes", i, "text"), f'not found in {text_name} — did you mean "{guess}"?')
            )
        actors = quote.get("actors")
        for j, actor in enumerate(actors if isinstance(actors, list) else []):
            if actor_ids and actor not in actor_ids:
                problems.append(doc.problem(("quotes", i, "actors", j), _unknown("actor", actor, actor_ids)))
    positions = data.get("positions")
    for actor in positions if isinstance(positions, dict) else {}:
        if actor_ids and actor not in actor_ids:
            problems.append(doc.problem(("positions", actor), _unknown("actor", actor, actor_ids), key=True))
        per_issue = positions[actor]
        for issue in per_issue if isinstance(per_issue, dict) and issue_ids else {}:
            if issue not in issue_ids:  # type: ignore[operator]
                message = _unknown("issue", issue, issue_ids)  # type: ignore[arg-type]
                problems.append(doc.problem(("positions", actor, issue), message, key=True))
    return problems


def check_url(doc: YamlFile, text: SourceText, text_name: str) -> list[Problem]:
    """``url`` is http(s) and appears in the source text, unless new-source read the text from it
    (``url_sha256`` records it with the text; ``accessed:`` alone does not): never a URL the
    analyst looked up or guessed. The CSL name ``URL`` is read as the older ``url`` is."""
    key = next((k for k in yaml_keys(SourceMeta, "url") if k in doc.data), "url")
    url = doc.data.get(key)
    if not isinstance(url, str) or not url.strip():
        return []
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # "http://[oops": the text rules already call it not a web address
        return []
    if scheme not in URL_SCHEMES:
        return [doc.problem((key,), "must start with http:// or https://")]
    if url.rstrip("/") not in text.text:
        return check_url_record(doc, key, url, text.text.encode("utf-8"), text_name)
    return []


def check_brief(doc: YamlFile, meta: BriefMeta) -> list[Problem]:
    """Unique ids, every actor × issue cell present, categories known, cells cited."""
    problems: list[Problem] = []
    for name in ("stances", "actors", "issues"):
        problems += _duplicates(doc, name, [x.id for x in getattr(meta, name)])
    low, high = KEY_JUDGMENTS
    if not low <= len(meta.key_judgments) <= high:
        problems.append(doc.problem(("key_judgments",), f"has {len(meta.key_judgments)}; write {low}–{high}"))

    actors = {a.id for a in meta.actors}
    issues = {i.id for i in meta.issues}
    stances = {s.id for s in meta.stances}
    for issue_id, row in meta.matrix.items():
        if issue_id not in issues:
            problems.append(doc.problem(("matrix", issue_id), _unknown("issue", issue_id, issues), key=True))
            continue
        for actor_id, cell in row.items():
            loc = ("matrix", issue_id, actor_id)
            if actor_id not in actors:
                problems.append(doc.problem(loc, _unknown("actor", actor_id, actors), key=True))
                continue
            if cell.category not in stances:
                problems.append(doc.problem((*loc, "category"), _unknown("stance", cell.category, stances)))
            if cell.category != NOT_ADDRESSED and not list(find_markers(cell.stance)):
                problems.append(doc.problem((*loc, "stance"), "cites no source ([@source-id])"))
    for issue in meta.issues:
        row = meta.matrix.get(issue.id)
        for actor in meta.actors:
            if row is None or actor.id not in row:
                where = ("matrix", issue.id) if row is not None else ("matrix",)
                problems.append(
                    doc.problem(
                        where, f"missing cell matrix.{issue.id}.{actor.id} ({issue.name} × {actor.name})"
                    )
                )
    return problems


def check_quote_ids(docs: list[YamlFile]) -> list[Problem]:
    """Quote ids are unique across the whole brief (they become anchors)."""
    seen: dict[str, YamlFile] = {}
    problems: list[Problem] = []
    for doc in docs:
        quotes = doc.data.get("quotes")
        for i, quote in enumerate(quotes if isinstance(quotes, list) else []):
            qid = quote.get("id") if isinstance(quote, dict) else None
            if not isinstance(qid, str):
                continue
            if qid in seen:
                problems.append(
                    doc.problem(("quotes", i, "id"), f"duplicate id {qid!r} (also in {seen[qid].path})")
                )
            else:
                seen[qid] = doc
    return problems


def _duplicates(doc: YamlFile, name: str, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, item in enumerate(ids):
        if item in seen:
            problems.append(doc.problem((name, i, "id"), f"duplicate id {item!r}"))
        seen.add(item)
    return problems


def _unknown(kind: str, value: str, known: set[str]) -> str:
    hint = get_close_matches(value, sorted(known), n=1)
    tail = f" — did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(sorted(known))})"
    return f"unknown {kind} {value!r}{tail}"

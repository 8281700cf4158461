"""CSL items → one curation file each, the bibliographic data filled, TODO where only the
analyst can write (the source text, the summary, the quotes).

Every item is checked before anything is written (a bad date, an unknown type, a name that is
neither a person nor an organisation, a duplicate), so an import writes all its files or none.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from briefing.dates import PartialDate
from briefing.errors import BriefingError, Problem
from briefing.load.record import curation_todos
from briefing.refs.read import Entry

# The CSL variables a curation file holds (docs/seed-format.md), in the order it writes them.
KEPT = ("type", "title", "title-short", "author", "editor", "translator", "container-title",
        "collection-title", "publisher", "publisher-place", "genre", "number", "volume", "issue",
        "page", "DOI", "URL", "issued", "accessed")  # fmt: skip
_NAME_KEYS = ("family", "given", "suffix", "literal", "non-dropping-particle", "dropping-particle")
@dataclass
class Planned:
    """A curation file to write: its id, its text, and the entry it came from."""

    source_id: str
    text: str
    entry: Entry


def plan(entries: list[Entry], seeds: Path, *, today: dt.date, origin: str) -> list[Planned]:
    """Every entry as a curation file, or :class:`BriefingError` naming each bad entry."""
    problems: list[Problem] = []
    taken = {p.stem for p in (seeds / "sources").glob("*.yaml")} | {
        p.stem for p in (seeds / "sources").glob("*.txt")
    }
    seen = _existing(seeds)
    planned = []
    for entry in entries:
        fields, bad = _fields(entry)
        problems += bad
        for kind, key in _keys(fields):
            if key in seen:
                problems.append(
                    entry.problem(kind, f"duplicate: the same {kind} as {seen[key]} ({_shown(fields, kind)})")
                )
                bad = [None]
            seen.setdefault(key, f"{entry.label} ({entry.path.name}:{entry.line})")
        if bad:
            continue
        source_id = _unique(make_id(fields, entry.key), taken)
        taken.add(source_id)
        planned.append(
            Planned(source_id, curation(source_id, fields, entry, today=today, origin=origin), entry)
        )
    if problems:
        raise BriefingError(problems)
    return planned


def _fields(entry: Entry) -> tuple[dict[str, Any], list[Problem]]:
    """The item's kept variables in curation form; what cannot be read, as problems."""
    from briefing.model import SourceMeta

    csl, out, problems = entry.csl, {}, []
    for key in KEPT:
        value = csl.get(key)
        if value in (None, "", []):
            continue
        if key in ("author", "editor", "translator"):
            value = [_name(n) for n in value] if isinstance(value, list) else value
        elif key in ("issued", "accessed"):
            date = _date(value)
            if isinstance(date, str) and date.startswith("!"):
                problems.append(entry.problem(key, date[1:]))
                continue
            value = date
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        out[key] = value
    if isinstance(csl.get("language"), str) and csl["language"].strip():
        out["lang"] = csl["language"].strip()
    if "title" not in out:
        problems.append(entry.problem("title", "an item needs a title"))
        return out, problems
    trial = {**out, "issued": out.get("issued", "2000"), "summary": "-", "quotes": []}
    try:
        SourceMeta.model_validate(trial)
    except ValidationError as err:
        for e in err.errors():
            variable = next((str(p) for p in e["loc"] if isinstance(p, str)), "")
            alias = {"outlet": "container-title", "series": "collection-title", "doi": "DOI", "url": "URL",
                     "published": "issued", "retrieved": "accessed", "title_short": "title-short",
                     "publisher_place": "publisher-place"}.get(variable, variable)  # fmt: skip
            problems.append(
                entry.problem(alias, f"{e['msg'].removeprefix('Value error, ')} (got {e.get('input')!r:.60})")
            )
    return out, problems


def _name(name: Any) -> Any:
    if not isinstance(name, dict):
        return name
    return {k: name[k] for k in _NAME_KEYS if isinstance(name.get(k), str) and name[k].strip()}


def _date(value: Any) -> str | None:
    """A CSL date as the partial ISO date a curation file holds; ``"!message"`` when unreadable."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return '!expected a CSL date ({"date-parts": [[2021, 5]]})'
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(p) for p in parts[0][:3]]
        except (TypeError, ValueError):
            return f"!date-parts must be numbers (got {parts[0]!r})"
        text = "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    else:
        text = str(value.get("raw") or value.get("literal") or "").strip()
    try:
        return PartialDate.parse(text).isoformat()
    except (ValueError, TypeError) as err:
        return f"!not a date the tool reads ({err}; expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r})"


def _keys(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """What makes two items the same work: the DOI, the URL, the title (case and punctuation aside)."""
    out = []
    if isinstance(doi := fields.get("DOI"), str):
        out.append(("DOI", "doi:" + doi.strip().lower()))
    if isinstance(url := fields.get("URL"), str):
        bare = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.I).rstrip("/")
        out.append(("URL", "url:" + bare.lower()))
    if isinstance(title := fields.get("title"), str):
        out.append(("title", "title:" + " ".join(re.findall(r"\w+", title.casefold()))))
    return out


def _shown(fields: dict[str, Any], kind: str) -> str:
    value = str(fields.get(kind, ""))
    return value if len(value) <= 60 else value[:59] + "…"


def _existing(seeds: Path) -> dict[str, str]:
    """The DOIs, URLs and titles of the brief's sources already there."""
    seen: dict[str, str] = {}
    for path in sorted((seeds / "sources").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # check reports it
        if isinstance(data, dict):
            known = {"DOI": data.get("DOI", data.get("doi")), "URL": data.get("URL", data.get("url")),
                     "title": data.get("title")}  # fmt: skip
            for _, key in _keys({k: v for k, v in known.items() if isinstance(v, str)}):
                seen.setdefault(key, f"sources/{path.name}")
    return seen


# -- ids ---------------------------------------------------------------------------------------


def make_id(fields: dict[str, Any], key: str = "") -> str:
    """``leal-filho-2020``, ``roe-doe-2023`` (two authors), ``van-der-berg-2019``,
    ``international-crisis-group-2019``; a work without author by its title's first words; the
    year ``nd`` when there is no date. Accents dropped; a name in another script gives way to
    the reference manager's key when it reads as a name and a year (``zhang2022``), then to the
    title's first words, then to ``source``."""
    names = fields.get("author") or fields.get("editor") or []
    names = names if isinstance(names, list) else []
    heads = [_slug(_family(n)) for n in names[: 2 if len(names) == 2 else 1]]
    head = "-".join(h for h in heads if h) if heads and all(heads) else ""
    if not head and (named := re.match(r"[a-z]+(?=[-_:]?\d{4})", key.lower())):
        head = named.group()  # a name in another script: the reference manager's key ("zhang2022")
    if not head:
        words = _slug(str(fields.get("title", ""))).split("-")
        head = "-".join([w for w in words if w and w not in _ARTICLES][:3]) or "source"
    issued = fields.get("issued")
    year = str(issued)[:4] if issued else "nd"
    return f"{head}-{year}"


_ARTICLES = {"a", "an", "the", "of", "on", "in", "and", "le", "la", "les", "l", "der", "die", "das"}


def _family(name: Any) -> str:
    if not isinstance(name, dict):
        return ""
    if name.get("literal"):
        return " ".join(str(name["literal"]).split()[:4])
    return " ".join(str(name[k]) for k in ("non-dropping-particle", "family") if name.get(k))


def _slug(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    bare = bare.replace("ß", "ss").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")


def _unique(source_id: str, taken: set[str]) -> str:
    """``roe-2023``, then ``roe-2023b``, ``roe-2023c``… (the author-date convention)."""
    if source_id not in taken:
        return source_id
    letter = ord("b")
    while f"{source_id}{chr(letter)}" in taken:
        letter += 1
    return f"{source_id}{chr(letter)}"


# -- the file ----------------------------------------------------------------------------------


def curation(source_id: str, fields: dict[str, Any], entry: Entry, *, today: dt.date, origin: str) -> str:
    """The curation file's text: the reference manager's data, then the analyst's TODOs."""
    text_name = f"{source_id}.txt"
    lines = [
        f"# Curation of sources/{text_name}, imported by `briefing import-refs` on {today.isoformat()}",
        f"# from {origin} ({entry.label}, line {entry.line}). The bibliographic data are your",
        "# reference manager's: check them. Save the source text, byte for byte, beside this file",
        f"# as {text_name}, then write every field marked TODO (`briefing check` lists them).",
        '# Reference: docs/seed-format.md ("sources/<id>.yaml").',
    ]
    for key, value in fields.items():
        if key in ("author", "editor", "translator"):
            lines.append(f"{key}:")
            lines += [f"  - {_flow(n)}" for n in value]
        elif key in ("issued", "accessed"):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_q(value)}")
    if "issued" not in fields:
        lines.append(
            f"issued: {_q('TODO: the date the source gives (YYYY, YYYY-MM or YYYY-MM-DD); never invent one')}"
        )
    lines += curation_todos(text_name, source_id, _q)
    return "\n".join(lines) + "\n"


def _q(value: Any) -> str:
    """A YAML scalar: a JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(str(value), ensure_ascii=False)


def _flow(name: Any) -> str:
    """A name as a YAML flow mapping, values quoted: ``{family: "Leal Filho", given: "Walter"}``."""
    if not isinstance(name, dict):
        return _q(name)
    return "{" + ", ".join(f"{k}: {_q(v)}" for k, v in name.items()) + "}"

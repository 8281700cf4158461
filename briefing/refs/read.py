"""A reference manager's export read into CSL-JSON items, each with the lines it came from.

Two formats: CSL-JSON (Zotero's "CSL JSON" export, Better BibTeX's "Better CSL JSON") and
BibTeX/BibLaTeX (``.bib``, parsed by bibtexparser 2, LaTeX accents decoded by pylatexenc, which
bibtexparser brings). A BibTeX entry is mapped to the CSL variables a curation file holds, as
citeproc-js and pandoc map them. Anything wrong is a :class:`Problem` at its file and line.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, Problem


@dataclass
class Entry:
    """One item of the export: its CSL data, where it starts and where each field is."""

    csl: dict[str, Any]
    path: Path
    line: int  # 1-based
    label: str  # how messages name it: "[3]" (JSON) or the BibTeX key
    lines: dict[str, int] = field(default_factory=dict)  # CSL variable → 1-based line
    key: str = ""  # the reference manager's own key (CSL "id", BibTeX key)

    def problem(self, variable: str, message: str) -> Problem:
        return Problem(self.path, self.lines.get(variable, self.line), 0, f"{self.label}.{variable}", message)


def read(path: Path) -> list[Entry]:
    """The entries of a ``.json`` or ``.bib`` export (raises :class:`BriefingError`)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise BriefingError(
            [Problem(path, 0, 0, "", f"not UTF-8 text ({err.reason} at byte {err.start})")]
        ) from None
    if path.suffix.lower() == ".bib":
        return read_bibtex(text, path)
    return read_csl_json(text, path)


# -- CSL-JSON ----------------------------------------------------------------------------------


def read_csl_json(text: str, path: Path) -> list[Entry]:
    """A JSON array of CSL items (a single item is taken as a list of one)."""
    decoder = json.JSONDecoder()
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise BriefingError([Problem(path, err.lineno, err.colno, "", f"not JSON: {err.msg}")]) from None
    at = _skip(text, 0)
    single = text[at : at + 1] == "{"
    if not single and text[at : at + 1] != "[":
        raise BriefingError([Problem(path, 1, 1, "", "expected a CSL-JSON list of items ([{...}, ...])")])
    entries: list[Entry] = []
    problems: list[Problem] = []
    at = at if single else _skip(text, at + 1)
    n = 0
    while at < len(text) and text[at] != "]":
        item, end = decoder.raw_decode(text, at)
        line = text.count("\n", 0, at) + 1
        label = f"[{n}]"
        if not isinstance(item, dict):
            problems.append(Problem(path, line, 0, label, "expected a CSL item ({...})"))
        else:
            lines = {k: line + _line_in(text[at:end], k) for k in item}
            entries.append(Entry(item, path, line, label, lines, str(item.get("id", ""))))
        n += 1
        at = _skip(text, end)
        if single:
            break
        if text[at : at + 1] == ",":
            at = _skip(text, at + 1)
    if problems:
        raise BriefingError(problems)
    return entries


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _line_in(chunk: str, key: str) -> int:
    """Lines from the item's start to its key ``"key":`` (0 if not found)."""
    found = re.search(re.escape(json.dumps(key)) + r"\s*:", chunk)
    return chunk.count("\n", 0, found.start()) if found else 0


# -- BibTeX ------------------------------------------------------------------------------------

_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "inbook": "chapter",
    "incollection": "chapter", "bookinbook": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "proceedings": "book", "collection": "book",
    "techreport": "report", "report": "report", "manual": "report", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "unpublished": "manuscript",
    "booklet": "pamphlet", "online": "webpage", "electronic": "webpage", "www": "webpage",
    "misc": "document", "newsarticle": "article-newspaper", "dataset": "dataset",
    "software": "software", "patent": "patent", "periodical": "periodical",
}  # fmt: skip
# BibTeX field → CSL variable; "number" is an issue in a journal, a report's number elsewhere.
_FIELDS = {
    "title": "title", "shorttitle": "title-short", "journal": "container-title",
    "journaltitle": "container-title", "booktitle": "container-title", "series": "collection-title",
    "publisher": "publisher", "institution": "publisher", "school": "publisher",
    "organization": "publisher", "address": "publisher-place", "location": "publisher-place",
    "volume": "volume", "pages": "page", "doi": "DOI", "url": "URL", "type": "genre",
    "langid": "language", "language": "language", "issue": "issue",
}  # fmt: skip
_NAMES = {"author": "author", "editor": "editor", "translator": "translator"}
_MONTHS = {
    m: n
    for n, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def read_bibtex(text: str, path: Path) -> list[Entry]:
    """Every entry of a BibTeX/BibLaTeX file; a block that does not parse is a located problem."""
    import bibtexparser
    from bibtexparser import middlewares as mw

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures are ours to report
    stack = [mw.ResolveStringReferencesMiddleware(True), mw.RemoveEnclosingMiddleware(),
             mw.SeparateCoAuthors(), mw.SplitNameParts()]  # fmt: skip
    library = bibtexparser.parse_string(text, parse_stack=stack)
    problems = [
        Problem(path, b.start_line + 1, 0, "", f"BibTeX that does not parse: {_first_line(b.raw)}")
        for b in library.failed_blocks
    ]
    entries = []
    for entry in library.entries:
        item, lines, bad = _entry(entry, path)
        problems += bad
        entries.append(Entry(item, path, entry.start_line + 1, entry.key, lines, entry.key))
    if problems:
        raise BriefingError(problems)
    return entries


def _first_line(raw: str) -> str:
    line = raw.strip().splitlines()[0] if raw.strip() else ""
    return line[:60] + ("…" if len(line) > 60 else "")


def _entry(entry: Any, path: Path) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    kind = entry.entry_type.lower()
    item: dict[str, Any] = {"type": _TYPES.get(kind, "document")}
    lines: dict[str, int] = {"type": entry.start_line + 1}
    problems: list[Problem] = []
    fields = {f.key.lower(): f for f in entry.fields}
    for key, f in fields.items():
        line = f.start_line + 1
        if key in _NAMES:
            item[_NAMES[key]] = [_name(n) for n in f.value]
            lines[_NAMES[key]] = line
        elif key in _FIELDS and isinstance(f.value, str) and f.value.strip():
            variable = _FIELDS[key]
            if key == "number" or (variable == "container-title" and variable in item):
                continue
            item[variable] = _latex(f.value)
            lines[variable] = line
    if "number" in fields:
        variable = "issue" if item["type"] in ("article-journal", "article-magazine") else "number"
        item[variable] = _latex(fields["number"].value)
        lines[variable] = fields["number"].start_line + 1
    if "doi" in fields:
        item["DOI"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", item.get("DOI", ""), flags=re.I)
    for key, variable in (("date", "issued"), ("urldate", "accessed")):
        if key in fields:
            item[variable] = {"raw": fields[key].value.strip()}
            lines[variable] = fields[key].start_line + 1
    if "issued" not in item and "year" in fields:
        year, month = fields["year"].value.strip(), fields.get("month")
        lines["issued"] = fields["year"].start_line + 1
        if not re.fullmatch(r"\d{4}", year):
            problems.append(
                Problem(
                    path,
                    lines["issued"],
                    0,
                    f"{entry.key}.year",
                    f"expected a year such as 2021 (got {year!r})",
                )
            )
        else:
            parts = [int(year)]
            if month is not None and (m := _month(month.value)) is not None:
                parts.append(m)
            item["issued"] = {"date-parts": [parts]}
    return item, lines, problems


def _month(value: Any) -> int | None:
    text = str(value).strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTHS.get(text[:3])


def _latex(value: str) -> str:
    """LaTeX accents and commands decoded (``{\\"u}`` → ü, ``--`` → –), braces dropped."""
    from pylatexenc.latex2text import LatexNodes2Text

    if not re.search(r"[\\{}$~-]", value):
        return " ".join(value.split())
    return " ".join(LatexNodes2Text(math_mode="verbatim").latex_to_text(value).split())


def _name(parts: Any) -> dict[str, str]:
    """bibtexparser's name parts as a CSL name: a name in one brace group (``{World Bank}``) is
    an organisation, kept whole; "von" parts are the particle ("van der" Berg); a family name of
    several words ("Leal Filho") stays whole."""
    last = " ".join(parts.last)
    if not parts.first and not parts.von and not parts.jr and last.startswith("{") and last.endswith("}"):
        return {"literal": _latex(last)}
    name = {"family": _latex(last)}
    if parts.first:
        name["given"] = _latex(" ".join(parts.first))
    if parts.von:
        name["non-dropping-particle"] = _latex(" ".join(parts.von))
    if parts.jr:
        name["suffix"] = _latex(" ".join(parts.jr))
    return name

"""What a file or page says about itself, read as a librarian would, for ``new-source`` to pre-fill.

Values become CSL variables (``title``, ``author``, ``container-title``, ``publisher``, ``issued``,
``DOI``, ``URL``...). A web page's JSON-LD, Highwire ``citation_*`` tags and Open Graph tags come
first, its ``<title>`` (minus the site's suffix) last; an ``Organization`` author is an
organisation, never split into given and family names; a PDF's "Published" date wins over its
"Received" or "Accepted" date; a labelled line ("Source: https://...") is never a title. Every value
is a guess the analyst confirms: the curation file lists it under ``unconfirmed:``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from briefing.names import suggest

Found = dict[str, tuple[str, str]]  # CSL variable -> (value, where it was read)

HEAD_LINES = 25  # metadata sits at the top of a text
# JSON-LD @types that are organisations (schema.org's Organization and its subtypes in use).
ORGANIZATIONS = {
    "Organization", "NewsMediaOrganization", "GovernmentOrganization", "NGO", "Corporation",
    "EducationalOrganization", "CollegeOrUniversity", "ResearchOrganization", "Project",
    "FundingAgency", "PoliticalParty", "Consortium", "OnlineBusiness", "LocalBusiness",
}  # fmt: skip
# JSON-LD @type of the work → CSL type.
_WORK_TYPES = {
    "NewsArticle": "article-newspaper", "ReportageNewsArticle": "article-newspaper",
    "AnalysisNewsArticle": "article-newspaper", "OpinionNewsArticle": "article-newspaper",
    "ScholarlyArticle": "article-journal", "BlogPosting": "post-weblog", "Report": "report",
    "Article": "article", "Book": "book", "Chapter": "chapter", "WebPage": "webpage",
}  # fmt: skip
_HIGHWIRE = (("volume", "citation_volume"), ("issue", "citation_issue"), ("page", "citation_firstpage"))
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


# --- names ----------------------------------------------------------------------------------


def names(people: list[tuple[str, bool]]) -> str:
    """A YAML flow list of CSL names: ``(name, is_organisation)`` pairs, organisations literal."""
    flows = [_literal(name) if org else suggest(name)[1:-1] for name, org in people]
    return f"[{', '.join(flows)}]"


def _literal(name: str) -> str:
    return "{literal: " + json.dumps(name, ensure_ascii=False) + "}"


# --- dates ----------------------------------------------------------------------------------

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)}  # fmt: skip
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_M = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_M},?\s+(?P<year>\d{{4}})\b"),
]
# A date a journal prints but that is not when the work appeared.
_NOT_ISSUED = re.compile(r"\b(received|revised|accepted|submitted|updated|last modified)\b[^.;]{0,12}$", re.I)
_PUBLISHED = re.compile(r"\b(published( online)?|first published|date of publication)\b[^.;]{0,12}$", re.I)
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def iso(value: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from the start of a date or date-time, if valid."""
    value = value.strip()[:10]
    m = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", value)
    if not m or not PARTIAL_DATE.match(m.group(0)):
        return None
    with_day = m.group(0) + "-01" * (2 - m.group(0).count("-"))
    try:
        dt.date.fromisoformat(with_day)
    except ValueError:
        return None
    return m.group(0)


def _dates(line: str) -> Iterator[tuple[str, str, str]]:
    """Each full date in a line: (ISO date, the words it was read from, the words before it)."""
    for pattern in _DATES:
        for m in pattern.finditer(line):
            month = int(m["mnum"]) if m.groupdict().get("mnum") else _MONTHS.get(m["month"].lower())
            try:
                day = dt.date(int(m["year"]), month or 0, int(m["day"]))
            except (ValueError, TypeError):
                continue
            yield day.isoformat(), m.group(0), line[: m.start()]


def find_date(text: str, head: int = HEAD_LINES) -> tuple[str, str] | None:
    """The date the text was published, from its first lines: (ISO date, the words it was read
    from). A date labelled "Published" wins; one labelled "Received", "Accepted" or "Revised" is
    never taken; otherwise the first date."""
    first = None
    for line in text.splitlines()[:head]:
        for found, words, before in _dates(line):
            if _PUBLISHED.search(before):
                return found, words
            if first is None and not _NOT_ISSUED.search(before):
                first = (found, words)
    return first


# --- the text's first lines -------------------------------------------------------------------

_BYLINE = re.compile(r"^\s*(?:by|written by|author:)\s+(?P<name>[^\n,|]{2,80})", re.I)
# "Source: https://...", "URL: ...", "Published: ...": a labelled line, never a title.
_LABELS = r"source|url|link|original|retrieved from|published|date|updated|author|doi|received|accepted"
_LABELLED = re.compile(rf"^\s*(?:{_LABELS})\s*:|^\s*https?://|^\s*(?:by|written by)\s", re.I)
_URL_LINE = re.compile(r"^\s*(?:source|url|link|original|retrieved from)\s*:?\s*<?(https?://[^\s>]+)", re.I)


def from_text(text: str, have: set[str], head: int = HEAD_LINES) -> Found:
    """Title, byline, date, URL and DOI from a text's first lines, for what ``have`` lacks; the
    date and DOI from its first ``head`` lines (a PDF's first page)."""
    found: Found = {}
    text = text.removeprefix("\ufeff")
    lines = [line.strip() for line in text.splitlines()[:HEAD_LINES] if line.strip()]
    if "title" not in have:
        title = next((line for line in lines if not _LABELLED.match(line)), None)
        if title and len(title) <= 200:
            found["title"] = (title, "the text's first line" if title == lines[0] else "a line near the top")
    if "author" not in have:
        for line in lines:
            if m := _BYLINE.match(line):
                found["author"] = (suggest(m["name"].strip()), f"the byline ({line[:60]})")
                break
    if "issued" not in have and (date := find_date(text, head)):
        found["issued"] = (date[0], f"the date {date[1]} in the text")
    if "URL" not in have:
        for line in lines:
            if m := _URL_LINE.match(line):
                found["URL"] = (m.group(1).rstrip(".,;)"), "a line of the text")
                break
    if "DOI" not in have and (m := DOI.search("\n".join(text.splitlines()[:head]))):
        found["DOI"] = (m.group(1).rstrip(".,;)"), "the text")
    return found


# --- web pages ---------------------------------------------------------------------------------


def from_html(raw: bytes) -> Found:
    """What a page declares: JSON-LD, Highwire ``citation_*``, Open Graph, ``<link rel=canonical>``,
    ``<title>``; the first that gives a value wins."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(raw.decode("utf-8"))
    except UnicodeDecodeError:
        root = lxml.html.document_fromstring(raw)  # lxml reads the page's own charset declaration
    except (ValueError, lxml.etree.ParserError):
        return {}
    meta = _meta_tags(root)
    work = _work(root)
    found: Found = {}

    def take(key: str, value: Any, where: str) -> None:
        if key not in found and isinstance(value, str) and value.strip():
            found[key] = (" ".join(value.split()), where)

    site = meta.get("og:site_name") or _name(work.get("publisher")) or _name(work.get("isPartOf"))
    if work:
        kind = next((_WORK_TYPES[t] for t in _types(work) if t in _WORK_TYPES), None)
        take("type", kind, "the page's JSON-LD @type")
        take("title", work.get("headline") or work.get("name"), "the page's JSON-LD headline")
        if people := _people(work.get("author")):
            kind = " (an organisation)" if all(org for _, org in people) else ""
            found["author"] = (names(people), f"the page's JSON-LD author{kind}")
        take("issued", iso(str(work.get("datePublished") or "")), "the page's JSON-LD datePublished")
    if meta.get("citation_journal_title"):
        take("type", "article-journal", "the page's citation_journal_title")
    take("title", meta.get("citation_title"), "the page's citation_title")
    if "author" not in found and (authors := meta.get_all("citation_author")):
        inverted = [" ".join(reversed(a.split(",", 1))) if "," in a else a for a in authors]  # "Roe, Jane"
        people = [(" ".join(a.split()), False) for a in inverted]
        found["author"] = (names(people), "the page's citation_author")
    take("container-title", meta.get("citation_journal_title"), "the page's citation_journal_title")
    take("container-title", site, "the page's og:site_name or publisher")
    for key, tag in _HIGHWIRE:
        take(key, meta.get(tag), f"the page's {tag}")
    cited = meta.get("citation_publication_date", "").replace("/", "-")
    take("issued", iso(cited), "the page's citation_publication_date")
    take("issued", iso(meta.get("article:published_time", "")), "the page's article:published_time")
    doi = meta.get("citation_doi") or meta.get("dc.identifier") or ""
    if m := DOI.search(doi):
        take("DOI", m.group(1), "the page's citation_doi")
    take("title", _without_site(meta.get("og:title", ""), site), "the page's og:title")
    title = root.findtext(".//title") or ""
    take("title", _without_site(title, site), "the page's <title>, the site's name removed")
    if "author" not in found and meta.get("author"):
        found["author"] = (suggest(meta["author"]), "the page's author meta tag")
    canonical = root.xpath("//link[@rel='canonical']/@href")
    take("URL", _http(canonical[0] if canonical else meta.get("og:url", "")), "the page's canonical URL")
    if found.get("container-title", ("",))[0].casefold() == found.get("title", ("-",))[0].casefold():
        del found["container-title"]  # a site name that is the title is no outlet
    return found


class _Meta(dict):
    """``<meta>`` tags by lower-case name or property; the first value, or all of them."""

    def __init__(self) -> None:
        super().__init__()
        self.all: dict[str, list[str]] = {}

    def get_all(self, key: str) -> list[str]:
        return self.all.get(key, [])


def _meta_tags(root: Any) -> _Meta:
    meta = _Meta()
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        value = (tag.get("content") or "").strip()
        if key and value:
            meta.setdefault(key, value)
            meta.all.setdefault(key, []).append(value)
    return meta


def _work(root: Any) -> dict[str, Any]:
    """The JSON-LD object describing the page's work: the first with a headline, else a name."""
    objects: list[dict[str, Any]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        objects += _objects(data)
    works = [o for o in objects if not set(_types(o)) & ORGANIZATIONS and o.get("@type") != "Person"]
    return next((o for o in works if o.get("headline")), next((o for o in works if o.get("name")), {}))


def _objects(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [o for item in data for o in _objects(item)]
    if isinstance(data, dict):
        return [data, *_objects(data.get("@graph", []))]
    return []


def _types(obj: Any) -> list[str]:
    kind = obj.get("@type", []) if isinstance(obj, dict) else []
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _name(obj: Any) -> str | None:
    if isinstance(obj, list):
        obj = obj[0] if obj else None
    value = obj.get("name") if isinstance(obj, dict) else obj
    return value.strip() if isinstance(value, str) and value.strip() else None


def _people(value: Any) -> list[tuple[str, bool]]:
    """JSON-LD authors as (name, is_organisation): an ``Organization`` is a literal name."""
    items = value if isinstance(value, list) else [value] if value else []
    people = []
    for item in items:
        if (name := _name(item)) is not None:
            people.append((" ".join(name.split()), bool(set(_types(item)) & ORGANIZATIONS)))
    return people


_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")


def _without_site(title: str, site: str | None) -> str:
    """A ``<title>`` without the site's name after (or before) a separator."""
    title = " ".join(title.split())
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        first, _, rest = title.partition(sep)
        if site and tail.casefold() == site.casefold():
            return head
        if site and first.casefold() == site.casefold():
            return rest
        if not site and len(tail.split()) <= 4 < len(head.split()):
            return head
    return title


def _http(url: str) -> str | None:
    return url.strip() if url.strip().lower().startswith(("http://", "https://")) else None


# --- PDFs ---------------------------------------------------------------------------------------

_JUNK_TITLE = re.compile(r"^(microsoft word - |untitled)|\.(docx?|pdf|indd|tex)$", re.I)


def from_pdf(info: dict[str, Any], xmp_doi: str | None) -> Found:
    """The PDF's document properties (a title that is a file name is none) and a DOI it declares."""
    found: Found = {}
    title, author = info.get("/Title"), info.get("/Author")
    if isinstance(title, str) and title.strip() and not _JUNK_TITLE.search(title.strip()):
        found["title"] = (title.strip(), "the PDF's properties")
    if isinstance(author, str) and author.strip():
        found["author"] = (suggest(author.strip()), "the PDF's properties")
    for value, where in ((info.get("/doi"), "the PDF's properties"), (xmp_doi, "the PDF's XMP metadata")):
        if isinstance(value, str) and (m := DOI.search(value)) and "DOI" not in found:
            found["DOI"] = (m.group(1), where)
    return found

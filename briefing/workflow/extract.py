"""Text out of the files analysts are given: .txt kept as is; .md, .html, .docx and .pdf extracted.

Every extractor is a maintained library (markdown-it-py, trafilatura, python-docx, pypdf); the
extracted text becomes the source of record that quotes are checked against, and the curation
file says how it was made. Metadata (title, author, date, outlet) comes from the file where it
has any, and from the text's first lines otherwise; everything pre-filled is for the analyst
to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


class ExtractError(Exception):
    """The file cannot be read as a source text (unknown kind, not UTF-8, no text in it)."""


@dataclass
class Extracted:
    data: bytes  # what sources/<id>.txt will hold, byte for byte
    how: str  # one sentence for the curation file: copied, or extracted with what
    meta: dict[str, str] = field(default_factory=dict)  # title, author, published, outlet, url
    found: dict[str, str] = field(default_factory=dict)  # where each pre-filled value came from

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def _paragraphs(parts: list[str]) -> bytes:
    """Paragraphs one blank line apart, lines stripped, a final newline."""
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    if not text:
        raise ExtractError("no text found in it")
    return (text + "\n").encode("utf-8")


def from_txt(path: Path) -> Extracted:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ExtractError(f"{path.name} is not UTF-8 text ({err.reason}); convert it first") from err
    return Extracted(data, f"{path.name} copied byte-for-byte")


def from_markdown(path: Path) -> Extracted:
    import lxml.html
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(path.read_text(encoding="utf-8"))
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = [
        " ".join(el.text_content().split()) for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "pre")
    ]
    return Extracted(
        _paragraphs(blocks), f"text extracted from {path.name} with markdown-it-py (markup removed)"
    )


def from_html(raw: bytes, name: str, url: str | None = None) -> Extracted:
    """The main text of a web page (trafilatura) and what its meta tags and JSON-LD say."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        raise ExtractError(f"no main text found in {name}")
    extracted = Extracted(
        _paragraphs(doc.text.split("\n")),
        f"main text extracted from {name} with trafilatura {version('trafilatura')}",
    )
    for key, value in (
        ("title", doc.title),
        ("author", doc.author),
        ("published", doc.date),
        ("outlet", doc.sitename),
    ):
        if value and str(value).strip():
            extracted.meta[key] = str(value).strip()
            extracted.found[key] = "the page's metadata"
    return extracted


def from_docx(path: Path) -> Extracted:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(c.text.strip() for c in row.cells) for row in table.rows]
    extracted = Extracted(_paragraphs(parts), f"text extracted from {path.name} with python-docx")
    props = document.core_properties
    for key, value in (("title", props.title), ("author", props.author)):
        if value and value.strip():
            extracted.meta[key] = value.strip()
            extracted.found[key] = "the document's properties"
    return extracted


def from_pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as err:
        raise ExtractError(f"cannot read {path.name} as PDF ({err})") from err
    extracted = Extracted(
        _paragraphs(pages), f"text extracted from {path.name} with pypdf {version('pypdf')}"
    )
    info = reader.metadata or {}
    for key, value in (("title", info.get("/Title")), ("author", info.get("/Author"))):
        if isinstance(value, str) and value.strip():
            extracted.meta[key] = value.strip()
            extracted.found[key] = "the PDF's properties"
    return extracted


def extract_file(path: Path) -> Extracted:
    """The source text of a local file, by its suffix; then guesses from its first lines."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        extracted = from_txt(path)
    elif suffix in {".md", ".markdown"}:
        extracted = from_markdown(path)
    elif suffix in {".html", ".htm"}:
        extracted = from_html(path.read_bytes(), path.name)
    elif suffix == ".docx":
        extracted = from_docx(path)
    elif suffix == ".pdf":
        extracted = from_pdf(path)
    else:
        raise ExtractError(f"{path.name}: unknown kind of file (use one of {', '.join(SUFFIXES)})")
    guess_from_text(extracted)
    return extracted


# --- what the first lines of a text say -----------------------------------------------------

_MONTHS = {
    m.lower(): i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_M = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_M},?\s+(?P<year>\d{{4}})\b"),
]
_BYLINE = re.compile(r"^\s*(?:by|written by|author:)\s+(?P<name>[^\n,|]{2,80})", re.I)
HEAD_LINES = 25  # metadata sits at the top of a text


def find_date(text: str) -> tuple[str, str] | None:
    """The first full date in a text's first lines: (ISO date, the words it was read from)."""
    for line in text.splitlines()[:HEAD_LINES]:
        for pattern in _DATES:
            m = pattern.search(line)
            if not m:
                continue
            month = int(m["mnum"]) if m.groupdict().get("mnum") else _MONTHS.get(m["month"].lower())
            try:
                return dt.date(int(m["year"]), month or 0, int(m["day"])).isoformat(), m.group(0)
            except (ValueError, TypeError):
                continue
    return None


def guess_from_text(extracted: Extracted) -> None:
    """Fill title, byline and date from the text's first lines where the file's metadata had none."""
    lines = [line.strip() for line in extracted.text.splitlines()[:HEAD_LINES] if line.strip()]
    if "title" not in extracted.meta and lines and len(lines[0]) <= 200 and not _BYLINE.match(lines[0]):
        extracted.meta["title"] = lines[0]
        extracted.found["title"] = "the text's first line"
    if "author" not in extracted.meta:
        for line in lines:
            if m := _BYLINE.match(line):
                extracted.meta["author"] = m["name"].strip()
                extracted.found["author"] = f'the byline "{line[:60]}"'
                break
    if "published" not in extracted.meta and (found := find_date(extracted.text)):
        extracted.meta["published"], words = found
        extracted.found["published"] = f'"{words}" in the text'

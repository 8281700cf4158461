"""Text out of the files analysts are given: .txt kept as is; .md, .html, .docx and .pdf extracted.

Every extractor is a maintained library (markdown-it-py, trafilatura, python-docx, pypdf); the
extracted text becomes the source of record that quotes are checked against, and the curation
file says how it was made. What the file says about itself is read by
:mod:`briefing.workflow.metadata`; everything pre-filled is for the analyst to confirm.
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from briefing.errors import Problem
from briefing.load.files import SOURCE_BYTES
from briefing.workflow import metadata

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
INPUT_BYTES = 50_000_000  # a file given to new-source; a long report as PDF runs to a few MB
MAX_PAGES = 2_000  # of a PDF
MAX_PARTS = 5_000  # entries in a DOCX
UNZIPPED_BYTES = 200_000_000  # a DOCX's parts together, unpacked: a zip bomb stops here
SECONDS = 60  # wall clock per file, for every extractor


class ExtractError(Exception):
    """The file cannot be read as a source text: one line naming the file and what is wrong."""


@dataclass
class Extracted:
    data: bytes  # what sources/<id>.txt will hold, byte for byte
    how: str  # one sentence for the curation file: copied, or extracted with what
    meta: dict[str, str] = field(default_factory=dict)  # CSL variables: title, author, issued, URL...
    found: dict[str, str] = field(default_factory=dict)  # where each pre-filled value came from
    redirects: list[str] = field(default_factory=list)  # for a URL: each hop followed
    head: int = metadata.HEAD_LINES  # lines of the text where a date or DOI may be (a PDF: page 1)
    kind: str = "document"  # the CSL type its kind of file suggests: webpage, report
    fetched: str | None = None  # for a URL: the address the text was fetched from

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    def take(self, found: metadata.Found) -> None:
        """Keep each value not already found, with where it was read."""
        for key, (value, where) in found.items():
            if key not in self.meta:
                self.meta[key], self.found[key] = value, where


def _paragraphs(parts: list[str], name: str = "it") -> bytes:
    """Paragraphs one blank line apart, lines stripped, a final newline; within the loader's limit."""
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    if not text:
        raise ExtractError(f"{name}: no text found in it")
    data = (text + "\n").encode("utf-8")
    if len(data) > SOURCE_BYTES:
        limit = f"a source text has at most {SOURCE_BYTES:,}"
        raise ExtractError(f"{name}: its text is {len(data):,} bytes; {limit}")
    return data


def decode(data: bytes, name: str, charset: str | None = None) -> tuple[str, str]:
    """Text and the sentence saying how it was decoded: UTF-8 as is; else the declared charset
    (an HTTP header), else what charset-normalizer detects. Binary is refused."""
    if b"\x00" in data:
        raise ExtractError(f"{name}: contains NUL bytes; a binary file, not text")
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"), ""
    except UnicodeDecodeError:
        pass
    if charset:
        try:
            return data.decode(charset), f" (decoded from {charset}, as the server declared)"
        except (LookupError, UnicodeDecodeError):
            pass
    best = _detect(data)
    if best is None:
        raise ExtractError(f"{name}: not UTF-8, and no text encoding fits it; convert it to UTF-8 first")
    detector = f"charset-normalizer {version('charset-normalizer')}"
    return str(best), f" (decoded from {best.encoding}, detected by {detector})"


# Encodings the web and office software write most, preferred among equally likely guesses.
_COMMON = ("cp1252", "latin_1", "iso8859_15", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "cp1251")


def _detect(data: bytes):  # type: ignore[no-untyped-def]
    """charset-normalizer's guess; among guesses about as clean as its best (short texts in one
    Latin code page read cleanly in several), the most coherent, then the most common."""
    from charset_normalizer import from_bytes as detect

    results = list(detect(data))
    if not results:
        return None
    low = min(r.chaos for r in results)
    close = [r for r in results if r.chaos <= low + 0.05]
    return max(close, key=lambda r: (r.coherence, r.encoding in _COMMON, -_rank(r.encoding)))


def _rank(encoding: str) -> int:
    return _COMMON.index(encoding) if encoding in _COMMON else len(_COMMON)


def from_text(data: bytes, name: str, charset: str | None = None) -> Extracted:
    """A .txt: byte for byte when it is UTF-8; otherwise decoded, converted, and said so."""
    text, how = decode(data, name, charset)
    if not how:  # UTF-8, with or without a byte-order mark: the bytes are the record
        if not text.strip():
            raise ExtractError(f"{name}: no text found in it")
        return Extracted(data, f"{name} copied byte-for-byte")
    return Extracted(_paragraphs([text], name), f"{name} converted to UTF-8{how}")


def from_markdown(data: bytes, name: str) -> Extracted:
    import lxml.html
    from markdown_it import MarkdownIt

    text, how = decode(data, name)
    html = MarkdownIt("commonmark").render(text)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = [
        " ".join(el.text_content().split()) for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "pre")
    ]
    return Extracted(
        _paragraphs(blocks, name), f"text extracted from {name}{how} with markdown-it-py (markup removed)"
    )


def from_html(raw: bytes, name: str, url: str | None = None, charset: str | None = None) -> Extracted:
    """The main text of a web page (trafilatura) and what its meta tags and JSON-LD say."""
    import trafilatura

    if charset and b"charset" not in raw[:2048].lower():  # the header's charset, for trafilatura
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            raw = raw.decode(charset).encode("utf-8")
    doc = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        raise ExtractError(f"{name}: no main text found in it")
    extracted = Extracted(
        _paragraphs(doc.text.split("\n"), name),
        f"main text extracted from {name} with trafilatura {version('trafilatura')}",
    )
    extracted.take(metadata.from_html(raw))
    fallback: metadata.Found = {}  # trafilatura's guesses, where the page declares nothing
    if doc.date and (issued := metadata.iso(str(doc.date))):
        fallback["issued"] = (issued, "the page's dates, as trafilatura reads them")
    if doc.author and str(doc.author).strip():
        fallback["author"] = (metadata.suggest(str(doc.author).strip()), "the page's byline")
    extracted.take(fallback)
    extracted.kind = "webpage"
    return extracted


def _check_docx_zip(data: bytes, name: str) -> None:
    """A Word document is a zip with [Content_Types].xml and word/document.xml, of bounded size
    unpacked (python-docx unpacks every part; a zip bomb would fill the memory)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise ExtractError(f"{name}: not a Word document (not a readable zip: {err})") from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise ExtractError(f"{name}: not a Word document (no [Content_Types].xml)")
    if "word/document.xml" not in names:
        raise ExtractError(f"{name}: not a Word document (no word/document.xml)")
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > UNZIPPED_BYTES:
        raise ExtractError(f"{name}: unpacks to more than {UNZIPPED_BYTES:,} bytes or {MAX_PARTS:,} parts")


def from_docx(data: bytes, name: str) -> Extracted:
    import docx

    _check_docx_zip(data, name)
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(c.text.strip() for c in row.cells) for row in table.rows]
    extracted = Extracted(_paragraphs(parts, name), f"text extracted from {name} with python-docx")
    props = document.core_properties
    where = "the document's properties"
    if props.title and props.title.strip():
        extracted.take({"title": (props.title.strip(), where)})
    if props.author and props.author.strip():
        extracted.take({"author": (metadata.suggest(props.author.strip()), where)})
    return extracted


def from_pdf(data: bytes, name: str) -> Extracted:
    """pypdf, within its own decompression limits; an encrypted PDF is read when it opens
    without a password (the `cryptography` package decrypts AES)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    how = ""
    if reader.is_encrypted:
        if not reader.decrypt(""):
            raise ExtractError(f"{name}: encrypted with a password; save an unprotected copy first")
        how = " (encrypted; opened without a password)"
    if len(reader.pages) > MAX_PAGES:
        raise ExtractError(f"{name}: has {len(reader.pages):,} pages; new-source reads at most {MAX_PAGES:,}")
    pages, size = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        size += len(pages[-1])
        if size > SOURCE_BYTES:
            raise ExtractError(f"{name}: its text is over {SOURCE_BYTES:,} characters; excerpt it first")
    extracted = Extracted(
        _paragraphs(pages, name), f"text extracted from {name}{how} with pypdf {version('pypdf')}"
    )
    extracted.head = max(metadata.HEAD_LINES, len(pages[0].splitlines()) if pages else 0)
    extracted.take(metadata.from_pdf(dict(reader.metadata or {}), _xmp_doi(reader)))
    extracted.kind = "report"
    return extracted


def _xmp_doi(reader) -> str | None:  # type: ignore[no-untyped-def]
    """A DOI the PDF's XMP metadata gives (prism:doi or a dc:identifier), if any."""
    try:
        xmp = reader.xmp_metadata
    except Exception:  # a broken XMP packet says nothing
        return None
    if xmp is None:
        return None
    values = [getattr(xmp, "dc_identifier", None)]
    with contextlib.suppress(Exception):
        values.append(xmp.rdf_root.toxml())  # prism:doi has no accessor; it is in the packet
    return next((v for v in values if isinstance(v, str) and metadata.DOI.search(v)), None)


_LIBRARIES = {".txt": "", ".md": "markdown-it-py", ".markdown": "markdown-it-py", ".html": "trafilatura",
              ".htm": "trafilatura", ".docx": "python-docx", ".pdf": "pypdf"}  # fmt: skip


def from_bytes(data: bytes, name: str, *, charset: str | None = None) -> Extracted:
    """The source text of a file's bytes, by the suffix of ``name``, within :data:`SECONDS`.

    Whatever a library raises on a hostile file becomes one line naming the file."""
    suffix = Path(name).suffix.lower()
    if suffix not in _LIBRARIES:
        raise ExtractError(f"{name}: unknown kind of file (use one of {', '.join(SUFFIXES)})")
    try:
        with _time_limit(SECONDS), _libraries_quiet():
            if suffix == ".txt":
                return from_text(data, name, charset)
            if suffix in {".md", ".markdown"}:
                return from_markdown(data, name)
            if suffix in {".html", ".htm"}:
                return from_html(data, name, charset=charset)
            if suffix == ".docx":
                return from_docx(data, name)
            return from_pdf(data, name)
    except ExtractError:
        raise
    except _TimeUp:
        raise ExtractError(f"{name}: extracting took more than {SECONDS} s; stopped") from None
    except (MemoryError, RecursionError) as err:
        kind = type(err).__name__
        raise ExtractError(f"{name}: too large or too deeply nested to extract ({kind})") from None
    except Exception as err:  # a third-party parser on a hostile file: any failure is one line
        raise ExtractError(f"{name}: {_failure(err, suffix)}") from None


def _failure(err: Exception, suffix: str) -> str:
    """What a library's exception means, in words."""
    kind, text = type(err).__name__, " ".join(str(err).split())[:200]
    if kind == "LimitReachedError":
        return f"a compressed stream unpacks past pypdf's limit (a decompression bomb?): {text}"
    if kind == "DependencyError":
        return f"needs a library that is not installed: {text}"
    if kind in {"FileNotDecryptedError", "WrongPasswordError"}:
        return "encrypted with a password; save an unprotected copy first"
    if kind == "PackageNotFoundError":
        return "not a Word document"
    if kind == "XMLSyntaxError":
        return f"its XML is malformed or too deep ({text})"
    if kind in {"PdfReadError", "PdfStreamError", "ParseError", "EmptyFileError"}:
        return f"not a readable PDF ({text})"
    if kind == "UnicodeDecodeError":
        return "not UTF-8 text; convert it first"
    library = _LIBRARIES[suffix]
    return f"{library} cannot read it ({kind}: {text})" if text else f"{library} cannot read it ({kind})"


@contextlib.contextmanager
def _libraries_quiet() -> Iterator[None]:
    """pypdf and trafilatura log what they repair or give up on; the one line is ours to say."""
    import logging

    before = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(before)


class _TimeUp(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """SIGALRM after ``seconds`` in the main thread (where the command runs); elsewhere no limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_input(path: Path) -> bytes:
    """A file given to new-source: a regular file (no FIFO, no device), read once, bounded."""
    from briefing.load.files import read_bytes

    data = read_bytes(path, path.resolve().parent, limit=INPUT_BYTES)
    if isinstance(data, Problem):
        raise ExtractError(f"{path}: {data.message}")
    return data


def extract_file(path: Path) -> Extracted:
    """The source text of a local file, by its suffix; then guesses from its first lines."""
    if path.suffix.lower() not in _LIBRARIES:
        raise ExtractError(f"{path.name}: unknown kind of file (use one of {', '.join(SUFFIXES)})")
    extracted = from_bytes(read_input(path), path.name)
    guess_from_text(extracted)
    return extracted


def guess_from_text(extracted: Extracted) -> None:
    """Fill what the file's metadata lacked from the text's first lines (a PDF: its first page)."""
    extracted.take(metadata.from_text(extracted.text, set(extracted.meta), extracted.head))

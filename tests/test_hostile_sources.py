"""``new-source`` against the worst a file or a server can be: every case is made here by the
test (hostile PDFs, DOCX packages and encodings; a raw-socket HTTP server on 127.0.0.1 that
breaks the protocol in one way per path) and must end in one line or a good source text —
never a traceback, never a hang, never a write or a connection beyond what was asked."""

from __future__ import annotations

import io
import os
import socketserver
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from conftest import free_port
from typer.testing import CliRunner

from briefing.cli import app
from briefing.workflow.extract import ExtractError, extract_file
from briefing.workflow.fetch import FetchError, extract_url
from briefing.workflow.newsource import NewSourceError, new_source

runner = CliRunner()
PARAGRAPH = "Upstream dams hold back water in the wet season and release it in the dry season."


# --- hostile files ------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1-based), catalogue first, with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _page_pdf(content: bytes, *, compress: bool = False) -> bytes:
    stream = zlib.compress(content, 9) if compress else content
    filters = b" /Filter /FlateDecode" if compress else b""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _text_pdf() -> bytes:
    return _page_pdf(b"BT /F1 12 Tf 72 720 Td (" + PARAGRAPH.encode() + b") Tj ET")


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph(PARAGRAPH)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_with(document_xml: bytes) -> bytes:
    """A real package with word/document.xml replaced."""
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, document_xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
          + b"]><w:document " + W + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
DEEP = (b"<w:document " + W + b"><w:body>" + b"<w:tbl><w:tr><w:tc>" * 256 + b"<w:p/>"
        + b"</w:tc></w:tr></w:tbl>" * 256 + b"</w:body></w:document>")


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


BAD_FILES = [
    ("bomb.pdf", lambda: _page_pdf(b"0" * 120_000_000, compress=True), "bomb.pdf: "),
    ("locked.pdf", lambda: _encrypted("secret"), "locked.pdf: encrypted with a password"),
    ("empty.pdf", lambda: b"", "empty.pdf: "),
    ("garbage.pdf", lambda: b"%PDF-1.7\n" + os.urandom(2000), "garbage.pdf: "),
    ("empty.docx", lambda: b"", "empty.docx: not a Word document"),
    ("truncated.docx", lambda: _docx_bytes()[:3000], "truncated.docx: not a Word document"),
    ("plain.docx", lambda: _zip({"hello.txt": b"hi"}), "plain.docx: not a Word document (no [Content_Types].xml)"),
    ("nobody.docx", lambda: _zip({"[Content_Types].xml": b"<Types/>"}), "nobody.docx: not a Word document (no word/document.xml)"),
    ("laughs.docx", lambda: _docx_with(LAUGHS), "laughs.docx: "),
    ("deep.docx", lambda: _docx_with(DEEP), "deep.docx: "),
    ("malformed.docx", lambda: _docx_with(b"<w:document " + W + b"><w:body><w:p>"), "malformed.docx: its XML is malformed"),
    ("zipbomb.docx", lambda: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * 210_000_000}),
     "zipbomb.docx: unpacks to more than 200,000,000 bytes"),
    ("binary.txt", lambda: b"\x00\x01\x02" * 100, "binary.txt: contains NUL bytes"),
    ("blank.md", lambda: b"   \n\n", "blank.md: no text found"),
]


@pytest.mark.parametrize(("name", "make", "words"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_hostile_file_is_one_line(tmp_path, mini, name, make, words):
    path = tmp_path / name
    path.write_bytes(make())
    start = time.monotonic()
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    assert time.monotonic() - start < 30
    message = str(err.value)
    assert message.startswith(words) and "\n" not in message, message
    result = runner.invoke(app, ["new-source", str(path), "--id", "bad-2020", str(mini)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: " + words) and "Traceback" not in result.output
    assert not list((mini / "sources").glob("bad-2020.*")), "nothing written"


def test_an_encrypted_pdf_that_opens_without_a_password_is_read(tmp_path):
    path = tmp_path / "open.pdf"
    path.write_bytes(_encrypted(""))
    extracted = extract_file(path)
    assert PARAGRAPH in extracted.text
    assert "open.pdf (encrypted; opened without a password) with pypdf" in extracted.how


FRENCH = ("Les barrages en amont retiennent l'eau à la saison des pluies et la relâchent à la saison sèche. "
          "Les agriculteurs en aval disent que le calendrier des débits compte davantage que le volume total.")
TEXTS = {
    "latin-1": FRENCH,
    "cp1252": FRENCH.replace("l'eau", "l’eau") + " Déjà en été — les pêcheurs le constatent.",
    "shift_jis": "河川の水位は乾季に下がる。上流のダムが雨季に水を貯め、乾季に放流する。下流の農家は流量の時期が重要だと言う。",
    "cp1251": "Плотины в верховьях задерживают воду в сезон дождей и сбрасывают её в сухой сезон.",
}


@pytest.mark.parametrize(("suffix", "encoding"), [(".md", "latin-1"), (".txt", "cp1252"), (".txt", "shift_jis"),
                                                  (".md", "cp1251")])
def test_a_text_in_another_encoding_is_decoded_and_the_choice_recorded(tmp_path, mini, suffix, encoding):
    words = TEXTS[encoding]
    text = words + "\n\n" + words + "\n"
    path = tmp_path / f"report{suffix}"
    path.write_bytes(text.encode(encoding))
    added = new_source(str(path), "roe-2023", mini)
    assert words in added.text_path.read_text(encoding="utf-8")
    curation = added.yaml_path.read_text(encoding="utf-8")
    assert "decoded from" in curation and "detected by charset-normalizer" in curation


def test_a_fifo_is_refused_without_waiting(tmp_path, mini):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ExtractError, match="is not a regular file"):
        extract_file(fifo)


def test_a_link_planted_at_the_text_is_never_written_through(tmp_path, mini):
    outside = tmp_path / "outside.txt"
    (mini / "sources" / "roe-2023.txt").symlink_to(outside)  # dangling: exists() says False
    source = tmp_path / "a.txt"
    source.write_text(PARAGRAPH + "\n", encoding="utf-8")
    with pytest.raises(NewSourceError, match="is a symbolic link"):
        new_source(str(source), "roe-2023", mini)
    assert not outside.exists() and not (mini / "sources" / "roe-2023.yaml").exists()
    (mini / "sources" / "roe-2023.txt").unlink()
    (mini / "sources" / "roe-2023.yaml").symlink_to(outside)
    result = runner.invoke(app, ["new-source", str(source), "--id", "roe-2023", str(mini)])
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert not outside.exists() and not (mini / "sources" / "roe-2023.txt").exists()


# --- a hostile HTTP server ----------------------------------------------------------------------

PAGE = (b"<!DOCTYPE html><html><head><title>Dams</title></head><body><article><h1>Dams and drought</h1><p>"
        + PARAGRAPH.encode() + b" The commission's report says so, and this is long enough to be main text.</p>"
        + b"<p>Downstream farmers say the timing of the flows matters more than the total volume.</p>"
        + b"</article></body></html>")


def _ok(body: bytes, kind: bytes = b"text/html; charset=utf-8") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s" % (kind, len(body), body)


def _redirect(status: int, location: str) -> bytes:
    return b"HTTP/1.1 %d Moved\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % (status, location.encode())


class Hostile(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), HostileHandler)
        self.port = self.server_address[1]
        self.requests: list[str] = []
        self.other_port = 0


class HostileHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: Hostile = self.server  # type: ignore[assignment]
        try:
            request_line = self.rfile.readline(65537).decode("latin-1").strip()
            while self.rfile.readline(65537).strip():
                pass
        except OSError:
            return
        path = request_line.split(" ")[1] if request_line.count(" ") >= 2 else "/"
        server.requests.append(path)
        base = f"http://127.0.0.1:{server.port}"
        replies = {
            "/article": _ok(PAGE),
            "/bad%20path/%C3%BC": _ok(PAGE),
            "/latin1": _ok(PAGE.replace(b"long enough", "l\u2019eau d\u00e9j\u00e0 long enough".encode("cp1252")),
                           b"text/html; charset=windows-1252"),
            "/badstatus": b"HTTP/1.1 abc OK\r\n\r\n",
            "/nothttp": b"SSH-2.0-OpenSSH_9.6\r\n",
            "/longheader": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
            "/manyheaders": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n",
            "/brokenchunk": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhi\r\n",
            "/superscript": "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ²\r\n\r\nhi".encode(),
            "/short": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<p>cut",
            "/hop": _redirect(301, "/article"),
            "/hop2": _redirect(302, f"{base}/hop"),
            "/loop": _redirect(302, "/loop"),
            "/other-port": _redirect(302, f"http://127.0.0.1:{server.other_port}/article"),
            "/ftp": _redirect(302, "ftp://127.0.0.1/file.txt"),
            "/nowhere": b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n",
            "/file-scheme": _redirect(302, "file:///etc/passwd"),
            "/big-declared": b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 999999999\r\n\r\n",
            "/zip": _ok(b"PK\x03\x04", b"application/zip"),
        }
        try:
            if path == "/drip":
                for byte in _ok(PAGE):
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
                return
            self.wfile.write(replies.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
        except OSError:
            pass


@pytest.fixture
def hostile() -> Iterator[tuple[Hostile, Hostile]]:
    """Two servers: the hostile one, and another on a second port (redirect targets)."""
    other, main = Hostile(), Hostile()
    main.other_port = other.port
    for server in (main, other):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield main, other
    for server in (main, other):
        server.shutdown()
        server.server_close()


PROTOCOL = [
    ("/badstatus", "the server's reply is not HTTP"),
    ("/nothttp", "the server's reply is not HTTP"),
    ("/longheader", "a header line longer than 64 KB"),
    ("/manyheaders", "not valid HTTP (got more than 100 headers)"),
    ("/brokenchunk", ""),
    ("/superscript", ""),
    ("/short", "closed the connection before the end of the page"),
    ("/loop", "more than 5 redirects"),
    ("/ftp", "not followed: redirect 'ftp://127.0.0.1/file.txt': only http and https"),
    ("/file-scheme", "only http and https"),
    ("/nowhere", "answered 302 Found without saying where to"),
    ("/big-declared", "999,999,999 bytes is over the"),
    ("/zip", "a application/zip document is not a text briefing can extract"),
    ("/missing", "the server answered 404 Not Found"),
]


@pytest.mark.parametrize(("path", "words"), PROTOCOL, ids=[p for p, _ in PROTOCOL])
def test_a_protocol_failure_is_one_line_naming_the_url(hostile, mini, path, words):
    server, _ = hostile
    url = f"http://127.0.0.1:{server.port}{path}"
    with pytest.raises(FetchError) as err:
        extract_url(url, timeout=10)
    message = str(err.value)
    assert message.startswith(f"{url}: ") and words in message and "\n" not in message, message
    assert "Errno" not in message and "Error" not in message.replace("FetchError", ""), message
    result = runner.invoke(app, ["new-source", url, "--id", "bad-2020", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert not list((mini / "sources").glob("bad-2020.*"))


@pytest.mark.parametrize(
    ("url", "words"),
    [("http://[::1", "is not a valid URL"), ("http://127.0.0.1:abc/", "is not a valid URL"),
     ("http://127.0.0.1:99999/", "is not a valid URL"), ("http://exa mple.org/", "")],
)
def test_a_malformed_url_is_one_line_before_any_connection(mini, url, words):
    result = runner.invoke(app, ["new-source", url, "--id", "bad-2020", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output and words in result.output, result.output


def test_the_deadline_counts_the_whole_transfer(hostile):
    server, _ = hostile
    start = time.monotonic()
    with pytest.raises(FetchError) as err:
        extract_url(f"http://127.0.0.1:{server.port}/drip", timeout=2)
    assert time.monotonic() - start < 6, "a byte every 0.2 s must not keep the fetch alive"
    assert str(err.value).endswith("not fetched within 2 s; nothing was kept")


def test_redirects_on_the_same_host_are_followed_shown_and_recorded(hostile, mini):
    server, _ = hostile
    url = f"http://127.0.0.1:{server.port}/hop2"
    result = runner.invoke(app, ["new-source", url, "--id", "roe-2023", str(mini)])
    assert result.exit_code == 0, result.output
    assert f"redirected: 302 → http://127.0.0.1:{server.port}/hop" in result.output
    assert f"redirected: 301 → http://127.0.0.1:{server.port}/article" in result.output
    curation = (mini / "sources" / "roe-2023.yaml").read_text(encoding="utf-8")
    assert f'URL:       "http://127.0.0.1:{server.port}/article"' in curation
    assert f"# redirected: 302 → http://127.0.0.1:{server.port}/hop" in curation
    assert f"after 2 redirects from {url}" in curation
    assert server.requests == ["/hop2", "/hop", "/article"]


def test_a_redirect_to_another_port_is_not_followed_unless_asked(hostile, mini):
    server, other = hostile
    url = f"http://127.0.0.1:{server.port}/other-port"
    result = runner.invoke(app, ["new-source", url, "--id", "roe-2023", str(mini)])
    assert result.exit_code == 1 and "another host or port; not followed (pass --follow-redirects" in result.output
    assert other.requests == [], "no connection to the second address"
    result = runner.invoke(app, ["new-source", url, "--id", "roe-2023", str(mini), "--follow-redirects"])
    assert result.exit_code == 0, result.output
    assert other.requests == ["/article"]
    assert f'URL:       "http://127.0.0.1:{other.port}/article"' in (mini / "sources" / "roe-2023.yaml").read_text(
        encoding="utf-8")


def test_a_path_with_spaces_and_non_ascii_is_encoded_and_the_charset_header_is_used(hostile, mini):
    server, _ = hostile
    extracted = extract_url(f"http://127.0.0.1:{server.port}/bad path/ü")
    assert PARAGRAPH in extracted.text and server.requests == ["/bad%20path/%C3%BC"]
    latin = extract_url(f"http://127.0.0.1:{server.port}/latin1")
    assert "l’eau déjà long enough" in latin.text


def test_a_refused_connection_is_said_in_words():
    port = free_port()
    with pytest.raises(FetchError) as err:
        extract_url(f"http://127.0.0.1:{port}/")
    assert str(err.value) == f"http://127.0.0.1:{port}/: the server refused the connection (nothing listens on that port)"


def test_nothing_is_fetched_when_the_target_is_taken(hostile, mini):
    server, _ = hostile
    result = runner.invoke(app, ["new-source", f"http://127.0.0.1:{server.port}/article", "--id", "demo-2021",
                                 str(mini)])
    assert result.exit_code == 2 and server.requests == []
    assert Path(mini / "sources" / "demo-2021.txt").read_bytes()  # untouched


def test_an_extractor_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    """The per-file wall clock (SIGALRM in the command's thread) stops a parser stuck in a loop."""
    from briefing.workflow import extract

    def stuck(data: bytes, name: str) -> None:
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(extract, "SECONDS", 1)
    monkeypatch.setattr(extract, "from_markdown", stuck)
    path = tmp_path / "stuck.md"
    path.write_text("# A text\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(ExtractError, match=r"stuck\.md: extracting took more than 1 s; stopped"):
        extract_file(path)
    assert time.monotonic() - start < 10

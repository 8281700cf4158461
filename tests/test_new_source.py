"""``briefing new-source``: texts copied or extracted, curation scaffolded, URLs fetched once (locally)."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from conftest import MEKONG, MINI, edit
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import BriefingError
from briefing.load import load_brief
from briefing.workflow.fetch import FetchError, extract_url
from briefing.workflow.newsource import NewSourceError, new_source

runner = CliRunner()
PARAGRAPH = "Upstream dams hold back water in the wet season and release it in the dry season."
PAGE = f"""<!DOCTYPE html><html><head><title>Dams and Drought | River Review</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="River Review">
<script type="application/ld+json">{json.dumps({
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Dams and Drought on the Mekong",
    "datePublished": "2023-05-04T10:00:00Z", "author": {"@type": "Person", "name": "Jane Roe"},
    "publisher": {"@type": "Organization", "name": "River Review"}})}</script>
</head><body><nav>Home | About | Subscribe</nav><article><h1>Dams and Drought on the Mekong</h1>
<p>{PARAGRAPH} The commission's 2022 report says so, and this paragraph is long enough to count as main text.</p>
<p>Downstream farmers say the timing of the flows matters more than the total volume, and officials agree
that data sharing must improve before the next dry season begins in the lower basin.</p>
</article><footer>Copyright River Review. Subscribe to our newsletter.</footer></body></html>"""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/missing":
            self.send_error(404, "Not Found")
            return
        body = PAGE.encode() if self.path != "/big" else b"<p>" + b"x" * 50_000 + b"</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: as tested
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _problems(seeds: Path) -> list[str]:
    with pytest.raises(BriefingError) as err:
        load_brief(seeds)
    return [str(p) for p in err.value.problems]


def test_txt_is_copied_byte_for_byte_and_check_names_what_is_missing(mini, tmp_path):
    original = tmp_path / "notes.txt"
    data = "\ufeffEU Water Policy Review\r\n\r\nBy Jane Roe, River Desk\r\nPublished 4 May 2023\r\n\r\nText.\r\n"
    original.write_bytes(data.encode("utf-8"))
    result = runner.invoke(app, ["new-source", str(original), "--id", "roe-2023", str(mini)])
    assert result.exit_code == 0, result.output
    copied = mini / "sources" / "roe-2023.txt"
    assert copied.read_bytes() == original.read_bytes()
    curation = (mini / "sources" / "roe-2023.yaml").read_text(encoding="utf-8")
    assert "author:    [{given: Jane, family: Roe}]\n" in curation  # CSL-JSON names
    assert 'author: "the byline (By Jane Roe, River Desk)"' in curation  # listed to confirm
    assert 'title:     "EU Water Policy Review"' in curation  # no byte-order mark
    assert "issued:    2023-05-04" in curation
    assert hashlib.sha256(data.encode("utf-8")).hexdigest() in curation
    assert "copied byte-for-byte" in curation
    problems = _problems(mini)
    assert problems[0].endswith(
        "source is incomplete; still TODO: publisher, summary, quotes[0].id, quotes[0].text, "
        "quotes[0].actors[0], quotes[0].why"
    )
    assert any(" publisher: still TODO: the organisation that published it" in p for p in problems)
    assert not any("required" in p or "valid" in p for p in problems), "no schema noise"
    assert all("roe-2023.yaml" in p for p in problems), "the rest of the brief is fine"


def test_filled_scaffold_passes_check_and_a_changed_text_is_caught(fresh, tmp_path):
    text = tmp_path / "statement.txt"
    text.write_text(
        "Joint statement on river data\n\nPublished 2024-02-01\n\n"
        "Actor A will share dry-season flow data every week.\n"
        "Actor B will publish its dam release schedule a month ahead.\n"
        "Both will meet again in the autumn to review the arrangement.\n",
        encoding="utf-8",
    )
    new_source(str(text), "statement-2024", fresh)
    path = fresh / "sources" / "statement-2024.yaml"
    yaml_text = path.read_text(encoding="utf-8")
    yaml_text = yaml_text.replace(
        '"TODO: the author as the source gives it: [{given: Ann, family: Roe}] or [{literal: Org}]"',
        "[{literal: Joint Committee}]",
    )
    yaml_text = yaml_text.replace('"TODO: the organisation that published it"', "Joint Committee")
    summary = " ".join(["The statement sets out how the two actors will share river data."] * 9)
    yaml_text = yaml_text.replace(
        '"TODO: 80–150 words in your own words, neutral, keeping the source’s hedges"', json.dumps(summary)
    )
    quotes = [
        ("st-a", "Actor A will share dry-season flow data every week.", "actor-a"),
        ("st-b", "Actor B will publish its dam release schedule a month ahead.", "actor-b"),
        ("st-both", "Both will meet again in the autumn", "actor-a"),
    ]
    block = "".join(f"  - id: {i}\n    text: {t}\n    actors: [{a}]\n    why: It matters.\n" for i, t, a in quotes)
    start = yaml_text.index("  - id:")
    end = yaml_text.index("# positions:")
    path.write_text(yaml_text[:start] + block + yaml_text[end:], encoding="utf-8")
    edit(fresh / "brief.yaml", "Actor B prefers dialogue on both issues [@example-source].",
         "Actor B prefers dialogue on both issues [@example-source; @statement-2024].")
    brief = load_brief(fresh)
    assert brief.source("statement-2024").sha256
    # the source of record is never edited: a changed text is caught
    with (fresh / "sources" / "statement-2024.txt").open("a", encoding="utf-8") as f:
        f.write("An added line.\n")
    assert any("statement-2024.txt has changed since it was added" in p for p in _problems(fresh))


@pytest.mark.parametrize("kind", ["md", "html", "docx", "pdf"])
def test_other_files_are_extracted_and_say_so(kind, tmp_path):
    seeds = tmp_path / "mekong"
    import shutil

    shutil.copytree(MEKONG, seeds)
    src = tmp_path / f"report.{kind}"
    if kind == "md":
        src.write_text(f"# River Report\n\nBy Jane Roe\n\n*{PARAGRAPH}*\n\n- One point.\n", encoding="utf-8")
    elif kind == "html":
        src.write_text(PAGE, encoding="utf-8")
    elif kind == "docx":
        document = docx.Document()
        document.core_properties.title = "River Report"
        document.core_properties.author = "Jane Roe"
        document.add_heading("River Report", 1)
        document.add_paragraph(PARAGRAPH)
        document.save(str(src))
    else:
        from weasyprint import HTML

        HTML(string=f"<html><head><title>River Report</title><meta name=author content='Jane Roe'></head>"
                    f"<body><h1>River Report</h1><p>{PARAGRAPH}</p></body></html>").write_pdf(str(src))
    added = new_source(str(src), "roe-2023", seeds)
    text = added.text_path.read_text(encoding="utf-8")
    assert " ".join(PARAGRAPH.split()) in " ".join(text.split())
    assert "*" not in text and "<" not in text, "markup removed"
    curation = added.yaml_path.read_text(encoding="utf-8")
    assert "is the source of record" in curation and f"report.{kind}" in curation
    assert "author:    [{given: Jane, family: Roe}]\n" in curation  # CSL-JSON names
    title = curation.split("title:")[1].splitlines()[0]
    assert ("Dams and Drought on the Mekong" if kind == "html" else "River Report") in title
    problems = _problems(seeds)
    fields = "summary, quotes[0].id, quotes[0].text, quotes[0].actors[0], quotes[0].why"
    if kind != "html":  # a web page declares its site and date; the files here do not
        fields = "publisher, issued, " + fields
    assert problems[0].endswith(f"source is incomplete; still TODO: {fields}")


def test_url_is_fetched_once_with_metadata(server, mini):
    result = runner.invoke(app, ["new-source", f"{server}/article", "--id", "roe-2023", str(mini)])
    assert result.exit_code == 0, result.output
    text = (mini / "sources" / "roe-2023.txt").read_text(encoding="utf-8")
    assert PARAGRAPH in text
    assert "Subscribe" not in text and "Home | About" not in text, "boilerplate left out"
    curation = (mini / "sources" / "roe-2023.yaml").read_text(encoding="utf-8")
    assert 'title:     "Dams and Drought on the Mekong"' in curation
    assert "author:    [{given: Jane, family: Roe}]\n" in curation  # CSL-JSON names
    assert 'container-title: "River Review"' in curation
    assert "issued:    2023-05-04" in curation
    assert f'URL:       "{server}/article"' in curation
    assert "accessed:  " in curation
    sha = hashlib.sha256((mini / "sources" / "roe-2023.txt").read_bytes()).hexdigest()
    assert f"sha256:    {sha}" in curation
    assert "trafilatura" in curation


def test_url_failures_are_one_line_errors(server, mini):
    with pytest.raises(FetchError, match="404"):
        extract_url(f"{server}/missing")
    with pytest.raises(FetchError, match="limit"):
        extract_url(f"{server}/big", max_bytes=10_000)
    with pytest.raises(FetchError, match=r"not fetched within 0\.3 s"):
        extract_url(f"{server}/slow", timeout=0.3)
    result = runner.invoke(app, ["new-source", f"{server}/missing", "--id", "x-2020", str(mini)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "404" in result.output
    assert not (mini / "sources" / "x-2020.txt").exists()


def test_usage_errors(mini, tmp_path):
    (tmp_path / "a.txt").write_text("A text\n", encoding="utf-8")
    for args in (["--id", "Bad Id"], ["--id", "demo-2021"]):
        result = runner.invoke(app, ["new-source", str(tmp_path / "a.txt"), *args, str(mini)])
        assert result.exit_code == 2, result.output
    with pytest.raises(NewSourceError, match="no such file"):
        new_source(str(tmp_path / "nope.txt"), "nope-2020", mini)
    assert (mini / "sources" / "demo-2021.txt").read_bytes() == (MINI / "sources" / "demo-2021.txt").read_bytes()
    (tmp_path / "a.odt").write_bytes(b"PK")
    result = runner.invoke(app, ["new-source", str(tmp_path / "a.odt"), "--id", "odt-2020", str(mini)])
    assert result.exit_code == 1 and "unknown kind of file" in result.output


def test_new_source_on_the_seed(seeds_copy, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    added = new_source(str(page), "roe-2023", seeds_copy)
    assert PARAGRAPH in added.text_path.read_text(encoding="utf-8")
    problems = _problems(seeds_copy)
    assert all("roe-2023.yaml" in p for p in problems), "the seed itself stays valid"
    assert problems[0].endswith("still TODO: summary, quotes[0].id, quotes[0].text, quotes[0].actors[0], "
                                "quotes[0].why")

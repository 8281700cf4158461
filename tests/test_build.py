"""build(): content is text, nothing is fetched, and outputs are replaced atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit
from typer.testing import CliRunner

from briefing import writers
from briefing.build import build
from briefing.cli import app
from briefing.errors import BriefingError
from briefing.html.render import TEMPLATES
from briefing.pdf.writer import SafeFetcher


def test_fetcher_serves_only_the_project_own_files():
    fetcher = SafeFetcher()
    response = fetcher.fetch((TEMPLATES / "brief.html.j2").as_uri())
    assert b"<!DOCTYPE html>" in response.read()
    response.close()
    for url in ("http://example.com/x.png", "https://example.com/", "file:///etc/passwd",
                "ftp://example.com/f", (TEMPLATES / ".." / "pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_hostile_content_is_escaped_and_never_fetched(mini, tmp_path, monkeypatch):
    hostile = (
        'Seoul <img src="http://example.com/track.png"> <script>alert(1)</script> '
        '![x](http://example.com/i.png) <link rel="stylesheet" href="file:///etc/passwd"> [@demo-2021].'
    )
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", f"outlook: '{hostile}'")
    edit(mini / "brief.yaml", "short_title: Fixture brief", "short_title: 'Fixture </style><b>brief'")
    fetched: list[str] = []
    original = SafeFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(SafeFetcher, "fetch", spy)
    result = build(mini, tmp_path, formats=("pdf",))
    html = result.html.read_text(encoding="utf-8")
    assert "<img" not in html and "<script" not in html and '<link rel="stylesheet"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Fixture &lt;/style&gt;&lt;b&gt;brief" in html
    assert all(url.startswith("file://") for url in fetched)
    assert not [u for u in fetched if "example.com" in u or "passwd" in u]


def test_failed_build_keeps_the_last_good_output(mini, tmp_path):
    good = build(mini, tmp_path, formats=("pdf",)).outputs["pdf"]
    before = good.read_bytes()
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    with pytest.raises(BriefingError):
        build(mini, tmp_path, formats=("pdf",))
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [good.name.replace(".pdf", ".html"), good.name]


def test_a_writer_crash_leaves_no_partial_file(mini, tmp_path, monkeypatch):
    good = build(mini, tmp_path, formats=("pdf",)).outputs["pdf"]
    before = good.read_bytes()

    def half_write(html: str, target: Path, **_: object) -> None:
        target.write_bytes(b"%PDF-1.7 half")
        raise OSError("disk full")

    import briefing.pdf

    monkeypatch.setattr(briefing.pdf, "write_pdf", half_write)
    with pytest.raises(OSError):
        build(mini, tmp_path, formats=("pdf",), force=True)  # nothing changed: only --force renders
    assert good.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_docx_failure_keeps_the_last_good_pdf_too(mini, tmp_path, monkeypatch):
    first = build(mini, tmp_path)
    before = {fmt: path.read_bytes() for fmt, path in first.outputs.items()}
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: Much will change [@demo-2021].")

    def broken(*_: object, **__: object) -> None:
        raise OSError("disk full")

    import briefing.docx

    monkeypatch.setattr(briefing.docx, "write_docx", broken)
    with pytest.raises(OSError):
        build(mini, tmp_path)
    assert {fmt: path.read_bytes() for fmt, path in first.outputs.items()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_cli_build_writes_the_pdf_and_reports_errors_in_one_line(mini, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fixture-brief-2021-03-02.pdf").is_file()
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "-f", "pdf"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "key_judgments[1].confidence" in result.output.splitlines()[0]


def test_slug_keeps_every_script_and_is_dated(mini):
    """Latin loses its accents; Cyrillic, Hangul and Han stay (an all-Chinese title is not emptied)."""
    from briefing.load import load_brief

    edit(mini / "brief.yaml", "short_title: Fixture brief", "short_title: 'Brief: Корея / 한반도 & “Talks” — déjà'")
    assert load_brief(mini).slug == "brief-корея-한반도-talks-déjà-2021-03-02".replace("é", "e").replace("à", "a")
    edit(mini / "brief.yaml", "short_title: 'Brief: Корея / 한반도 & “Talks” — déjà'", "short_title: 澜湄合作")
    assert load_brief(mini).slug == "澜湄合作-2021-03-02"
    edit(mini / "brief.yaml", "short_title: 澜湄合作", "short_title: '—/—'")
    assert load_brief(mini).slug == "brief-2021-03-02"
    assert writers.default() == ("pdf", "docx")


def test_docx_page_numbers_are_its_own_not_the_pdfs(tmp_path):
    """The DOCX breaks its own pages: its contents' numbers do not depend on a PDF being built."""
    import re
    import zipfile

    from conftest import MINI

    def cached(docx_path):
        xml = zipfile.ZipFile(docx_path).read("word/document.xml").decode("utf-8")
        return re.findall(r"PAGEREF (\w+) \\h </w:instrText>.*?<w:t[^>]*>(\d+)</w:t>", xml)

    both = build(MINI, tmp_path / "both")
    alone = build(MINI, tmp_path / "alone", formats=("docx",))
    assert len(cached(both.outputs["docx"])) >= 8
    assert cached(both.outputs["docx"]) == cached(alone.outputs["docx"])

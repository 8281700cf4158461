"""``--pdf-standard`` and the theme's ``pdf_standard``: WeasyPrint's variant, combined where the
standards allow, and XMP that names exactly what was asked for."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from briefing.build import build
from briefing.cli import app
from briefing.errors import BriefingError
from briefing.options import BuildOptions
from briefing.pdfstandard import PDF_STANDARDS, Standard, parse
from briefing.theme_file import load_theme

runner = CliRunner()
UAID = "{http://www.aiim.org/pdfua/ns/id/}"
AID = "{http://www.aiim.org/pdfa/ns/id/}"


def test_every_single_name_parses_to_a_weasyprint_variant():
    from weasyprint.pdf import VARIANTS

    for name in PDF_STANDARDS:
        assert parse(name).variant in VARIANTS, name


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ua-1", Standard(1, None)), ("UA-2", Standard(2, None)), ("a-3a", Standard(None, "pdf/a-3a")),
     ("ua-1,a-3a", Standard(1, "pdf/a-3a")), ("a-2b+ua-1", Standard(1, "pdf/a-2b")),
     ("ua-2, a-4f", Standard(2, "pdf/a-4f"))],
)
def test_names_and_pairs(value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [("ua-3", "unknown PDF standard 'ua-3'"), ("", "unknown PDF standard"),
     ("ua-1,a-4f", "PDF/UA-1 combines with PDF/A-2 or PDF/A-3 only"),
     ("ua-2,a-3a", "PDF/UA-2 combines with PDF/A-4 only"), ("ua-1,a-1b", "PDF/UA-1 combines"),
     ("ua-1,ua-2", "at most one PDF/UA and one PDF/A"), ("a-2b,a-3b", "at most one")],
)
def test_what_cannot_be_claimed_is_refused(value, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        parse(value)


def test_cli_refuses_a_bad_standard_as_a_usage_error(mini, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(mini), "--out", str(out), "--pdf-standard", "ua-1,a-4u"])
    assert result.exit_code == 2
    assert "PDF/UA-1 combines with PDF/A-2 or PDF/A-3 only" in " ".join(result.output.replace("│", " ").split())
    assert not out.exists(), "nothing written"


def test_theme_names_its_bad_standard(tmp_path):
    theme = tmp_path / "bad.toml"
    theme.write_text('[page]\npdf_standard = "pdf/ua"\n', encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        load_theme(theme)
    assert "page.pdf_standard" in str(err.value) and "unknown PDF standard" in str(err.value)


def _xmp(path: Path) -> tuple[pikepdf.Pdf, dict[str, str], bytes]:
    pdf = pikepdf.open(path)
    raw = pdf.Root.Metadata.read_bytes()
    with pdf.open_metadata() as meta:
        found = {k: str(v) for k, v in meta.items() if k.startswith((UAID, AID))}
    return pdf, found, raw


@pytest.mark.build
def test_a_3a_declares_pdf_a_3_and_nothing_else(mini, tmp_path):
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path), "-f", "pdf", "--pdf-standard", "a-3a"])
    assert result.exit_code == 0, result.output
    pdf, found, _ = _xmp(next(tmp_path.glob("*.pdf")))
    assert found == {f"{AID}part": "3", f"{AID}conformance": "A"}
    assert pdf.pdf_version == "1.7" and "/OutputIntents" in pdf.Root
    assert "/StructTreeRoot" in pdf.Root, "PDF/A-3a is tagged"


@pytest.mark.build
def test_pairs_and_ua_2_identify_each_standard(mini, tmp_path):
    from briefing import pdf as writer

    html = build(mini, tmp_path / "html", formats=("html",)).html.read_text(encoding="utf-8")
    document = writer.layout(html)
    expected = {
        "ua-1": ({f"{UAID}part": "1"}, "1.7"),
        "ua-2": ({f"{UAID}part": "2", f"{UAID}rev": "2024"}, "2.0"),
        "ua-1,a-3u": ({f"{UAID}part": "1", f"{AID}part": "3", f"{AID}conformance": "U"}, "1.7"),
        "ua-1,a-2b": ({f"{UAID}part": "1", f"{AID}part": "2", f"{AID}conformance": "B"}, "1.7"),
        "ua-2,a-4f": ({f"{UAID}part": "2", f"{UAID}rev": "2024", f"{AID}part": "4", f"{AID}rev": "2020"}, "2.0"),
    }
    for value, (xmp, version) in expected.items():
        target = tmp_path / f"{value}.pdf"
        writer.write_pdf(document, target, standard=value)
        pdf, found, raw = _xmp(target)
        assert {k: v for k, v in found.items() if k != f"{AID}conformance" or "a-4" not in value} == xmp, value
        assert pdf.pdf_version == version, value
        assert b"pdfuaid:conformance" not in raw  # ISO 14289-2 defines none; WeasyPrint wrote one
        declares = b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in raw
        assert declares == (value in ("ua-1,a-3u", "ua-1,a-2b")), value  # PDF/A-2/3 need the schema
        assert "/StructTreeRoot" in pdf.Root


@pytest.mark.build
def test_theme_standard_applies_and_the_option_overrides_it(mini, tmp_path):
    theme = tmp_path / "house.toml"
    theme.write_text('[page]\npdf_standard = "ua-2"\n', encoding="utf-8")
    by_theme = build(mini, tmp_path / "a", formats=("pdf",), options=BuildOptions(theme_file=theme))
    assert pikepdf.open(by_theme.outputs["pdf"]).pdf_version == "2.0"
    options = BuildOptions(theme_file=theme, pdf_standard="ua-1")
    by_option = build(mini, tmp_path / "a", formats=("pdf",), options=options)
    assert not by_option.cached, "another standard is another build"
    assert pikepdf.open(by_option.outputs["pdf"]).pdf_version == "1.7"

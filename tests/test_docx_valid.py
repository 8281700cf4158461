"""The DOCX is valid OOXML as Microsoft's Open XML SDK checks it (openxml-audit, its pure-Python
port, offline), for the seed and another brief; the validator is shown to catch a broken file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator
from openxml_audit.errors import FileFormat

from briefing.build import build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=100)


def findings(validator: OpenXmlValidator, path: Path) -> list[str]:
    result = validator.validate(path)
    return [f"{getattr(e, 'part_uri', '')} {getattr(e, 'path', '')}: {e.description}" for e in result.errors]


@pytest.mark.parametrize("brief", ["seeds", "tests/fixtures/mekong", "tests/fixtures/mini"])
def test_the_docx_has_no_schema_findings(tmp_path, validator, brief):
    docx = build(ROOT / brief, tmp_path, formats=("docx",)).outputs["docx"]
    assert findings(validator, docx) == []


def test_the_validator_catches_a_misplaced_element(tmp_path, validator):
    docx = build(ROOT / "tests" / "fixtures" / "mini", tmp_path, formats=("docx",)).outputs["docx"]
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":  # a run property where a paragraph's belongs
                data = data.replace(b"<w:pPr>", b"<w:pPr><w:b/>", 1)
            target.writestr(item, data)
    assert findings(validator, broken)


def _nodes(value, kind: str) -> list:
    if isinstance(value, dict):
        return ([value] if value.get("t") == kind else []) + [n for v in value.values() for n in _nodes(v, kind)]
    if isinstance(value, list):
        return [n for v in value for n in _nodes(v, kind)]
    return []


@pytest.mark.parametrize("brief", ["tests/fixtures/mini"])  # the seed and Mekong: test_docx_readers.py
def test_pandoc_reads_every_heading_and_footnote(tmp_path, brief):
    import json
    import subprocess

    import lxml.html

    result = build(ROOT / brief, tmp_path, formats=("docx",))
    pandoc = shutil.which("pandoc")
    assert pandoc, "pandoc is not installed: apt-get install pandoc"
    ast = json.loads(
        subprocess.run([pandoc, "-f", "docx", "-t", "json", str(result.outputs["docx"])],
                       capture_output=True, text=True, check=True, timeout=120).stdout
    )
    html = lxml.html.parse(str(result.html)).getroot()
    spans = html.xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]")
    assert spans and len(_nodes(ast["blocks"], "Note")) == len(spans)
    headings = html.xpath("//body//h2[not(ancestor::nav)] | //body//h3 | //body//h4")
    assert len(_nodes(ast["blocks"], "Header")) == len(headings) > 5

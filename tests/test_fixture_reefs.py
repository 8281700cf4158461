"""The reefs fixture: a brief on a new topic whose sources are an organisation's numbered report,
an unsigned web page, a journal article by ten authors with a DOI, and a Japanese newspaper
article read in translation. Every citation form is printed right in the PDF, the DOCX, the
Markdown (through pandoc's citeproc), the e-mail and check's summary, in Chicago notes (the
default, CMOS 17 14.20-14.34, 14.76, 14.88, 14.116, 14.171, 14.206), and in APA.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pdftools import flat, pdf_text

from briefing.build import BuildResult, build
from briefing.load import load_brief
from briefing.summary import summarize
from briefing.workflow.mail import plain_body
from briefing.workflow.mail import summarize as mail_summary

REEFS = Path(__file__).parent / "fixtures" / "reefs"

FIRST = {  # a source's first note: the full form, with the pinpoint the prose gives
    "org": "Pacific Reef Institute, Reef Resilience Outlook 2023, Policy Report no. 14 (Pacific Reef Institute, "
    "2023), para. 4.",
    "translated": "田中浩, “太平洋のサンゴ礁保全と資金,” trans. Emma Hill, 海洋新聞, June 5, 2020, para. 3.",
    "ten": "Ana Aho et al., “Heat Stress and Coral Recovery Across Ten Pacific Sites,” Journal of Reef Science 12, "
    "no. 3 (2021): para. 5, https://doi.org/10.5555/jrs.2021.045.",
    "no-author": "“Fiji Widens Marine Protected Areas,” ReefWatch News, August 12, 2022.",
}
LATER = [  # shortened notes (CMOS 14.29-14.34)
    "Aho et al., “Heat Stress and Coral Recovery Across Ten Pacific Sites,” para. 6.",
    "田中, “太平洋のサンゴ礁保全と資金,” para. 4.",
    "ReefWatch News, “Fiji Widens Marine Protected Areas.”",
]
BIBLIOGRAPHY = [  # all ten authors (CMOS 14.76: up to ten are listed)
    "Aho, Ana, Ben Baro, Cara Cole, Dan Dura, Eva Eno, Finn Faro, Gia Gale, Hal Hoku, Ida Iona, and Jon Jura. "
    "“Heat Stress and Coral Recovery Across Ten Pacific Sites.” Journal of Reef Science 12, no. 3 (2021): 45–67. "
    "https://doi.org/10.5555/jrs.2021.045.",
    "Pacific Reef Institute. Reef Resilience Outlook 2023. Policy Report No. 14. Pacific Reef Institute, 2023.",
    "ReefWatch News. “Fiji Widens Marine Protected Areas.” August 12, 2022.",
    "田中浩. “太平洋のサンゴ礁保全と資金.” Translated by Emma Hill. 海洋新聞, June 5, 2020.",
]


def squeezed(text: str) -> str:
    """Folded and without whitespace: a line break inside Japanese text is not a space."""
    return re.sub(r"\s", "", flat(text))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    return build(REEFS, tmp_path_factory.mktemp("reefs"), formats=("pdf", "docx", "md"))


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        xml = " ".join(package.read(n).decode() for n in ("word/document.xml", "word/footnotes.xml"))
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).replace("&amp;", "&")


def test_check_names_each_source_once_in_the_style():
    lines = summarize(load_brief(REEFS)).splitlines()
    assert "  source reefwatch-2022: ReefWatch News, “Fiji Widens Marine Protected Areas” — 3 quotes verified" in lines
    assert "  source pacific-reef-2023: Pacific Reef Institute, Reef Resilience Outlook 2023 — 3 quotes verified" in lines
    assert "  source aho-2021: Aho et al., “Heat Stress and Coral Recovery Across Ten Pacific Sites” — 3 quotes verified" in lines


@pytest.mark.build
@pytest.mark.parametrize("output", ["pdf", "docx"])
def test_every_form_in_the_pdf_and_the_docx(built, output):
    text = squeezed(pdf_text(built.outputs["pdf"]) if output == "pdf" else _docx_text(built.outputs["docx"]))
    for form in [*FIRST.values(), *LATER, *BIBLIOGRAPHY]:
        assert squeezed(form) in text, form
    assert "田中浩.," not in text and "ReefWatchNews,ReefWatchNews" not in text


@pytest.mark.build
def test_every_form_through_pandoc_citeproc_from_the_markdown(built):
    md = built.outputs["md"]
    import pypandoc  # the pandoc the project installs (pypandoc-binary), not an older system one

    out = subprocess.run([pypandoc.get_pandoc_path(), md.name, "--citeproc", "-t", "plain", "--wrap=none"], cwd=md.parent,
                         check=True, capture_output=True, text=True, timeout=120).stdout  # fmt: skip
    text = squeezed(out)
    # pandoc's own citeproc still stops a one-character Han given name ("田中浩., "): the tail only
    forms = [FIRST["org"], FIRST["ten"], FIRST["no-author"], FIRST["translated"].removeprefix("田中浩"), *LATER]
    for form in [*forms, *BIBLIOGRAPHY]:
        assert squeezed(form) in text, form


@pytest.mark.build
def test_the_email_body_cites_as_the_notes_do(built):
    body = squeezed(plain_body(mail_summary(built), ["brief.pdf"]))
    assert squeezed(f"[{FIRST['org'].removesuffix('.')}]") in body
    assert squeezed(f"[{FIRST['no-author'].removesuffix('.')}]") in body


@pytest.mark.build
def test_in_apa_every_citation_is_author_date(tmp_path):
    seeds = tmp_path / "reefs"
    shutil.copytree(REEFS, seeds)
    with (seeds / "brief.yaml").open("a", encoding="utf-8") as f:
        f.write("citation_style: apa\n")
    html = build(seeds, tmp_path / "out", formats=("md",)).html.read_text(encoding="utf-8")
    words = squeezed(re.sub(r"<[^>]+>", "", html))
    for cited in ("(Pacific Reef Institute, 2023, para. 4)", "(Aho et al., 2021, para. 5)", "(田中, 2020, para. 3)"):
        assert squeezed(cited) in words, cited
    assert "(<em>Fiji Widens Marine Protected Areas</em>, 2022)" in html  # APA 7 8.14: no author, the title
    assert 'class="footnote"' not in html

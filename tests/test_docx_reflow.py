"""An editable Word document: pages break only where the design says (the landscape matrix, a
heading whose style starts a page), so they re-flow when an editor adds text; the contents'
cached numbers are LibreOffice's pages, to within one, in any font.

Each DOCX is laid out by LibreOffice (private profile) and read back with pdftotext -bbox: the
largest stretch of a page's text block holding no text is its empty part.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from office import libreoffice_pdf, libreoffice_replace, word_boxes
from test_pagination import assert_numbers, contents, page_lines

from briefing.build import build
from briefing.docx.word import styles as st
from briefing.options import BuildOptions

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
QUARTER, HALF = 0.25, 0.5

pytestmark = pytest.mark.build


def eight_by_eight(folder: Path) -> Path:
    """A synthetic brief of 8 actors and 8 issues (bench/synth.py)."""
    sys.path.insert(0, str(ROOT))
    from bench.synth import Synthetic

    brief = Synthetic(26)
    brief.issues = [f"issue-{i:02d}" for i in range(1, 9)]
    assert len(brief.actors) == 8
    return brief.write(folder)


def brief_folder(name: str, tmp_path: Path) -> Path:
    return eight_by_eight(tmp_path / "synth") if name == "synth-8x8" else ROOT / name


def margins(document_xml: bytes) -> dict[bool, tuple[float, float]]:
    """(top, bottom) margin in points of the portrait (False) and landscape (True) sections."""
    out = {}
    for sect in etree.fromstring(document_xml).iter(f"{{{W}}}sectPr"):
        size, mar = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
        landscape = int(size.get(f"{{{W}}}w")) > int(size.get(f"{{{W}}}h"))
        out[landscape] = (int(mar.get(f"{{{W}}}top")) / 20, int(mar.get(f"{{{W}}}bottom")) / 20)
    return out


def emptiness(docx_path: Path, pdf: Path) -> list[tuple[float, bool, str]]:
    """Per page: the largest empty share of its text block, whether a designed break follows it
    (a change of orientation, a page-starting heading at the top of the next page, or a figure
    there, which cannot split), and its first line of text (to name it in a failure)."""
    with zipfile.ZipFile(docx_path) as z:
        body = z.read("word/document.xml")
    edges = margins(body)
    starters = {
        "".join(p.itertext()).strip()
        for p in etree.fromstring(body).iter(f"{{{W}}}p")
        if p.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Heading1NewPage"]
    }
    pages = word_boxes(pdf)
    found = []
    for n, (width, height, words) in enumerate(pages):
        top, bottom = edges[width > height]
        low, high = top - 2, height - bottom + 2
        lines = sorted({(round(y0), round(y1)) for _, y0, _, y1, _ in words if y0 >= low and y1 <= high})
        gaps, edge = [], top
        for y0, y1 in lines:
            gaps.append(y0 - edge)
            edge = max(edge, y1)
        gaps.append(height - bottom - edge)
        empty = max(gaps) / (height - top - bottom)
        following = _first_line(pages[n + 1], edges) if n + 1 < len(pages) else ""
        designed = n + 1 < len(pages) and (
            (pages[n + 1][0] > pages[n + 1][1]) != (width > height)
            or following in starters
            or following.startswith("Figure")  # a figure (it cannot split) that did not fit here
        )
        found.append((empty, designed, _first_line(pages[n], edges)))
    return found


def _first_line(page, edges) -> str:
    width, height, words = page
    top, _ = edges[width > height]
    body = [w for w in words if w[1] >= top - 2]
    if not body:
        return ""
    first = min(w[1] for w in body)
    return " ".join(w[4] for w in body if abs(w[1] - first) < 2)


def too_empty(docx_path: Path, out: Path) -> list[str]:
    pdf = libreoffice_pdf(docx_path, out)
    pages = emptiness(docx_path, pdf)
    assert len(pages) >= 3
    # A figure cannot split: one that no longer fits beside the text before it may stand alone
    # on the page before a designed break (its caption is then the page's first line of text).
    return [
        f"page {n} ({first!r}) {empty:.0%} empty"
        for n, (empty, designed, first) in enumerate(pages[:-1], 1)
        if empty > (HALF if designed else QUARTER) and not (designed and first.startswith("Figure"))
    ]


def add_two_paragraphs_on_page_one(path: Path, out: Path, repeat: int = 1) -> Path:
    """What an editor does first: two paragraphs after the opening Body Text paragraph
    (``repeat`` times as long)."""
    document = docx.Document(str(path))
    anchor = next(p for p in document.paragraphs if p.style.name in (st.BODY, st.LEDE) and p.text.strip())
    for text in reversed(
        [
            "An editor's first added paragraph, which sets the brief in the context of the reader's "
            "own work and says why it matters now, in two or three lines of ordinary prose.",
            "And a second one, a caveat about what the sources could not know at the time they "
            "were written, which pushes everything after it further down the pages.",
        ]
    ):
        added = anchor.insert_paragraph_before(" ".join([text] * repeat), style=st.BODY)
        anchor._p.addnext(added._p)  # moved after the anchor
    edited = out / "edited.docx"
    document.save(str(edited))
    return edited


@pytest.mark.parametrize(
    "name", ["seeds", "tests/fixtures/mekong", "synth-8x8", "tests/fixtures/fr", "tests/fixtures/ar", "tests/fixtures/reefs"]
)
def test_pages_break_only_where_designed_and_reflow_when_edited(tmp_path, name):
    result = build(brief_folder(name, tmp_path), tmp_path / "out", formats=("docx",))
    path = result.outputs["docx"]
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    assert not document.xpath("//w:pPr/w:pageBreakBefore", namespaces=NS)  # no direct page break
    assert not document.xpath("//w:br[@w:type='page' or @w:type='column']", namespaces=NS)
    breaking = styles.xpath("//w:style[w:pPr/w:pageBreakBefore]/@w:styleId", namespaces=NS)
    assert breaking == ["Heading1NewPage"]  # the one style that starts a page
    assert not too_empty(path, tmp_path / "lo")
    edited = add_two_paragraphs_on_page_one(path, tmp_path)
    assert len(docx.Document(str(edited)).paragraphs) == len(docx.Document(str(path)).paragraphs) + 2
    assert not too_empty(edited, tmp_path / "lo-edited")


def test_the_landscape_header_and_footer_reach_the_landscape_right_margin(tmp_path):
    path = build(ROOT / "seeds", tmp_path / "out", formats=("docx",)).outputs["docx"]
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml")
    sections = etree.fromstring(body).xpath("//w:sectPr", namespaces=NS)
    right_margin = {}
    for sect in sections:
        size, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        width = int(size.get(qn("w:w")))
        right_margin[width > int(size.get(qn("w:h")))] = (width - int(mar.get(qn("w:right")))) / 20
    assert set(right_margin) == {False, True}
    pages = word_boxes(libreoffice_pdf(path, tmp_path))
    checked = 0
    for width, height, words in pages[1:]:  # the first page has no header
        landscape = width > height
        header = [w for w in words if w[3] < 60]
        footer = [w for w in words if w[1] > height - 50]
        for furniture in (header, footer):
            assert furniture
            rightmost = max(w[2] for w in furniture)
            assert abs(rightmost - right_margin[landscape]) < 3, (landscape, rightmost, right_margin)
            checked += landscape
    assert checked >= 2  # the landscape page's header and footer were among them


THEME_FONT = '[fonts]\ndocx_serif = "DejaVu Serif"\ndocx_sans = "DejaVu Sans"\n'


@pytest.mark.parametrize(
    ("name", "theme"),
    [
        ("synth-8x8", None),  # the seed and the Mekong with default fonts: test_pagination.py
        ("seeds", THEME_FONT),
        ("tests/fixtures/mekong", THEME_FONT),
    ],
)
def test_contents_numbers_are_libreoffices_pages_to_within_one(tmp_path, name, theme):
    """README: the cached numbers are a prediction, never forced; at most one off."""
    options = BuildOptions()
    if theme:
        (tmp_path / "theme.toml").write_text(theme, encoding="utf-8")
        options = BuildOptions(theme_file=tmp_path / "theme.toml")
    path = build(brief_folder(name, tmp_path), tmp_path / "out", formats=("docx",), options=options).outputs["docx"]
    if theme:
        fonts = zipfile.ZipFile(path).read("word/styles.xml").decode()
        assert "DejaVu Serif" in fonts and "Cambria" not in fonts
    entries = contents(path)
    assert len(entries) >= 8
    pages = page_lines(libreoffice_pdf(path, tmp_path))
    found = {text: [n for n, lines in enumerate(pages, 1) if text in lines] for text, _ in entries}
    assert_numbers(entries, found)


def test_updating_the_contents_after_an_edit_gives_right_numbers(tmp_path):
    """After an edit the cached numbers are stale, as in any Word document; updating the contents
    (F9 in Word; here LibreOffice updates its indexes and fields) gives every entry its page,
    since no break is left over from the writer. Bookmarks and the contents' links survive."""
    path = build(ROOT / "seeds", tmp_path / "out", formats=("docx",)).outputs["docx"]
    names = [text for text, _ in contents(path)]
    edited = add_two_paragraphs_on_page_one(path, tmp_path, repeat=5)  # half a page: numbers move
    updated = libreoffice_replace(edited, tmp_path / "updated.docx", "zz-nothing-zz", "", update=True)
    entries = contents(updated, styles=("TOC", "Contents"))
    assert [text for text, _ in entries] == names  # every entry, the actors' included
    pages = page_lines(libreoffice_pdf(updated, tmp_path / "lo"))
    wrong = [(t, n, [k for k, lines in enumerate(pages, 1) if t in lines]) for t, n in entries]
    assert all(found[:1] == [n] for _, n, found in wrong), wrong
    assert sum(n != m for (_, n), (_, m) in zip(entries, contents(path), strict=True)) >= 3  # they moved
    with zipfile.ZipFile(updated) as z:
        body = z.read("word/document.xml").decode()
    assert body.count('w:name="_F') >= 30  # absorb's field bookmarks are still there

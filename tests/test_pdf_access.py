"""PDF/UA: what a screen reader meets, on the seed, both fixtures (Chinese; three scripts) and an 8 × 8 brief.

Each brief is laid out once and written as PDF/UA-1 and as PDF/UA-2. The independent checker
from PyPI (``pdfua``) must find nothing; the project's own pikepdf walks cover the Matterhorn
Protocol checkpoints the README's accessibility section claims (named in each test).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from conftest import MEKONG, MINI, ROOT, SEEDS
from lxml import html as lxml_html
from pdfua import validate
from pypdf import PdfReader

from briefing.build import build

sys.path.insert(0, str(ROOT))
import itertools

from bench.synth import Synthetic

pytestmark = pytest.mark.build
STANDARDS = ("ua-1", "ua-2")
BRIEFS = ("seed", "mekong", "mini", "grid", "seed-split", "mekong-split")  # -split: notes laid out apart, joined
PDFUA_BUG = {"UA-14-001"}  # pdfua 0.1.3 crashes on a heading whose /K is an array: see README


def grid(folder: Path) -> Path:
    """A synthetic brief with 8 actors and 8 issues (bench/synth.py sizes them from N)."""
    synthetic = Synthetic(26)  # round(√(2.5 × 26)) = 8 actors
    synthetic.issues = [f"issue-{i:02d}" for i in range(1, 9)]
    return synthetic.write(folder)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, str]]:
    """(brief, standard) → (the PDF, the HTML it was laid out from)."""
    from briefing import pdf
    from briefing.pdf import split

    root = tmp_path_factory.mktemp("access")
    folders = {"seed": SEEDS, "mekong": MEKONG, "mini": MINI, "grid": grid(root / "grid-brief")}
    made = {}
    for name in BRIEFS:
        folder = folders[name.removesuffix("-split")]
        html = build(folder, root / name, formats=("html",)).html.read_text(encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch:
            if name.endswith("-split"):
                patch.setattr(split, "MIN_SOURCES", 1)
            document = pdf.layout(html)
            assert isinstance(document, split.Split) == name.endswith("-split")
            for standard in STANDARDS:
                target = root / f"{name}-{standard}.pdf"
                pdf.write_pdf(document, target, standard=standard)
                made[name, standard] = (target, html)
    return made


CASES = [(b, s) for b in BRIEFS for s in STANDARDS]


@pytest.fixture(params=CASES, ids=[f"{b}-{s}" for b, s in CASES])
def case(request, made):
    brief, standard = request.param
    path, html = made[brief, standard]
    with pikepdf.open(path) as pdf:
        yield Case(brief, standard, path, html, pdf)


class Case:
    def __init__(self, brief: str, standard: str, path: Path, html: str, pdf: pikepdf.Pdf) -> None:
        self.brief, self.standard, self.path, self.pdf = brief, standard, path, pdf
        self.dom = lxml_html.fromstring(html.encode("utf-8"))
        self.root = pdf.Root.StructTreeRoot
        self.note = "/FENote" if standard == "ua-2" else "/Note"

    def elements(self, node=None):
        node = self.root if node is None else node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                yield from self.elements(kid)

    def of(self, kind: str) -> list[pikepdf.Object]:
        return [e for e in self.elements() if kind == e.S]


def marked_text(page) -> dict[object, str]:
    """The text of each marked-content sequence of a page: by MCID, "artifact", or "unmarked"."""
    stack: list[object] = []
    texts: dict[object, str] = {}

    def before(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            mcid = args[1].get("/MCID") if op == b"BDC" and hasattr(args[1], "get") else None
            stack.append("artifact" if args[0] == "/Artifact" else mcid)
        elif op == b"EMC":
            stack.pop()

    def text(t, cm, tm, font, size):
        key = stack[-1] if stack else "unmarked"
        texts[key] = texts.get(key, "") + t

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def test_independent_checker_finds_nothing(case):
    report = validate(str(case.path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert {o.rule_id for o in report.skipped} <= PDFUA_BUG


def test_the_checker_fails_what_weasyprint_writes_alone(made, tmp_path, monkeypatch):
    """Without the post-processing, the same layout fails the checker (TH without /Scope)."""
    from briefing import pdf
    from briefing.pdf import writer

    monkeypatch.setattr(writer, "finish", lambda target, standard: None)
    monkeypatch.setattr(writer.tagging, "annotate", lambda box, element, pdf: None)
    html = made["seed", "ua-1"][1]
    pdf.write_pdf(pdf.layout(html), tmp_path / "raw.pdf")
    assert "UA-15-003" in {f.rule_id for f in validate(str(tmp_path / "raw.pdf")).findings}


def test_content_is_tagged_or_artifact_01_005(case):
    """Matterhorn 01-005: every text is in marked content, and every MCID belongs to an element
    of the tree (the running header and footer are artifacts, not orphans)."""
    reachable = {e.objgen for e in case.elements()}
    nums = case.root.ParentTree.Nums
    parents = {int(k): v for k, v in zip(nums[::2], nums[1::2], strict=True)}
    reader = PdfReader(case.path)
    for number, page in enumerate(reader.pages):
        texts = marked_text(page)
        assert not texts.get("unmarked", "").strip(), (number, texts.get("unmarked"))
        for mcid, text in texts.items():
            if isinstance(mcid, int) and text.strip():
                owner = parents[number][int(mcid)]
                assert owner.objgen in reachable, (number, mcid, text)


def test_running_header_and_footer_are_artifacts(case):
    reader = PdfReader(case.path)
    pages = len(reader.pages)
    for number in range(1, pages):
        texts = marked_text(reader.pages[number])
        label = f"{number + 1} of {pages}"
        assert label in texts.get("artifact", ""), number
        assert not any(label in t for k, t in texts.items() if k != "artifact")


def test_contents_one_link_per_entry_leaders_artifacts(case):
    entries = case.dom.xpath("//nav[contains(@class,'toc')]//a")
    links = case.of("/Link")
    assert not [e for e in links if e.P.S == "/Link" or any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Link" for k in _kids(e))]
    reader = PdfReader(case.path)
    first = marked_text(reader.pages[0])
    assert "....." in first.get("artifact", "")
    assert not any("..." in t for k, t in first.items() if k != "artifact")
    targets = Counter(str(a.get_object().get("/Dest", "")) for a in reader.pages[0].get("/Annots", []))
    assert all(targets[a.get("href").removeprefix("#")] == 1 for a in entries)


def _kids(element):
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def test_link_annotations_tagged_with_contents_28_011_28_012(case):
    """Matterhorn 28-011 (a link annotation sits in a Link element) and 28-012 (it has /Contents)."""
    owners = Counter()
    for link in case.of("/Link"):
        for kid in _kids(link):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                owners[kid.Obj.objgen] += 1
    for page in case.pdf.pages:
        assert page.obj.get("/Tabs") == "/S" or "/Annots" not in page.obj
        for annotation in page.obj.get("/Annots", []):
            if annotation.Subtype == "/Link":
                assert owners[annotation.objgen] == 1, (annotation.get("/Contents"), annotation.get("/Dest"), annotation.get("/A"))
                assert str(annotation.get("/Contents", "")).strip()
                assert not str(annotation.Contents).startswith("#")


def test_table_header_cells_have_scope_15_003(case):
    """Matterhorn 15-003: each TH has /Scope; the column heads Column, the issue names Row."""
    cells = case.of("/TH")
    table = case.dom.xpath("//table[contains(@class,'matrix')]")[0]
    assert len(cells) == len(table.xpath(".//th"))
    scopes = Counter(str(c.A.Scope) for c in cells)
    assert scopes == {"/Column": len(table.xpath(".//thead//th")), "/Row": len(table.xpath(".//tbody//th"))}
    if case.brief == "grid":
        assert scopes == {"/Column": 1 + 8, "/Row": 8}, "8 actors × 8 issues"


def test_notes_tagged_linked_and_in_reading_order_19_003_19_004(case):
    """Matterhorn 19-003/19-004: every note has a unique /ID; notes are read in their order,
    each after the paragraph that calls it, and the call links to it (UA-2: /Ref too)."""
    notes = case.of(case.note)
    assert len(notes) == len(case.dom.xpath("//span[contains(concat(' ',@class,' '),' footnote ')]"))
    ids = [str(n.ID) for n in notes]
    assert len(set(ids)) == len(ids)
    assert [int(i.removeprefix("note-")) for i in ids] == list(range(1, len(ids) + 1))
    assert not case.of("/FENote" if case.note == "/Note" else "/Note")
    calls = {}
    for link in case.of("/Link"):
        for kid in _kids(link):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                text = str(kid.Obj.get("/Contents", ""))
                if re.fullmatch(r"Note \d+", text):
                    calls[f"note-{text.split()[1]}"] = link
    assert set(calls) == set(ids)
    order = {e.objgen: i for i, e in enumerate(case.elements())}
    for note in notes:
        call = calls[str(note.ID)]
        if case.standard == "ua-2":
            assert note.NS.NS == "http://iso.org/pdf2/ssn" and call.Ref[0].objgen == note.objgen
        assert order[note.objgen] > order[call.objgen]
        holders = set()
        holder = call
        while "/S" in holder:
            holders.add(holder.objgen)
            holder = holder.P
        siblings = _kids(note.P)
        index = next(i for i, k in enumerate(siblings) if k.objgen == note.objgen)
        before = [k for k in siblings[:index] if k.get("/S") != case.note]
        assert note.P.objgen in holders or (before and before[-1].objgen in holders), str(note.ID)


def test_foreign_language_has_lang_11_001(case):
    """Matterhorn 11-001: text in another language than the document's carries /Lang."""
    assert str(case.pdf.Root.Lang) == case.dom.get("lang")
    marked = [e for e in case.dom.xpath("//body//*[@lang]") if "svg" not in e.tag and e.tag != "tspan"]
    langs = Counter(str(e.Lang) for e in case.elements() if "/Lang" in e)
    assert set(langs) == {e.get("lang") for e in marked}
    for lang in set(langs):  # each element in another language has at least one tagged piece
        assert langs[lang] >= sum(1 for e in marked if e.get("lang") == lang), lang
    if case.brief.startswith("mekong"):
        assert langs["zh-Hans"] > 0


def test_stance_symbols_read_as_their_labels(case):
    labels = [s.get("aria-label") for s in case.dom.xpath("//span[contains(@class,'stance-label')]")]
    assert labels and all(labels)
    spoken = Counter(str(e.ActualText) for e in case.of("/Span") if "/ActualText" in e)
    assert spoken == Counter(labels)


def test_figures_have_alt_13_004(case):
    figures = case.of("/Figure")
    assert len(figures) == len(case.dom.xpath("//img | //*[local-name()='svg']"))
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


def test_sections_whole_and_headings_not_skipped_14_002_14_003(case):
    """Each HTML section is one Sect (not split at page breaks); headings start at H1 and never
    skip a level going down (Matterhorn 14-002, 14-003)."""
    assert len(case.of("/Sect")) == len(case.dom.xpath("//section"))
    levels = [int(str(e.S)[2]) for e in case.elements() if re.fullmatch(r"/H\d", str(e.S))]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    for heading in case.elements():
        if re.fullmatch(r"/H\d", str(heading.S)):
            assert _kids(heading)


def test_identification_06_002_07_001(case):
    """Matterhorn 06-002 (PDF/UA identifier in XMP), 06-003 (dc:title), 07-001 (DisplayDocTitle)."""
    part = case.standard[-1]
    with case.pdf.open_metadata() as meta:
        assert meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == part
        assert meta.get("dc:title")
    assert case.pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert case.pdf.pdf_version == ("2.0" if part == "2" else "1.7")

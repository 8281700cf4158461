"""A long brief's PDF laid out as two documents and joined (briefing/pdf/split.py, join.py).

The joined PDF must read as the one-document layout would, with the notes starting a page: the
same text on every page ("Page N of M" and the contents' and "p. N" page numbers included), the
same bookmarks, named destinations and link targets, the same metadata and the same structure
elements. Compared on the seed and a generated 26-source brief, the threshold lowered so that
each is split. The Mekong brief (Chinese) is split in test_pdf_access's PDF/UA checks instead:
laid out whole with its notes on a new page, WeasyPrint sets its footnote 3 a second time in
the footnote area of the last page before the notes, which the split layout does not.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, SEEDS
from pypdf import PdfReader

from briefing.build import build

sys.path.insert(0, str(ROOT))
from bench.synth import Synthetic

pytestmark = pytest.mark.build
BRIEFS = ("seed", "synthetic")


@pytest.fixture(scope="module", params=BRIEFS)
def pair(request, tmp_path_factory) -> tuple[Path, Path, str]:
    """(laid out whole with the notes on a new page, laid out in two and joined, the brief)."""
    from briefing import pdf
    from briefing.pdf import split

    root = tmp_path_factory.mktemp(request.param)
    folder = SEEDS if request.param == "seed" else Synthetic(26).write(root / "brief")
    html = build(folder, root / "html", formats=("html",)).html.read_text(encoding="utf-8")
    assert not split.wanted(html), "below the threshold a brief is laid out whole"
    whole_html = html.replace(split.START, f'{split.START} style="break-before: page"', 1)
    pdf.write_pdf(pdf.layout(whole_html), root / "whole.pdf")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "MIN_SOURCES", 1)
        document = pdf.layout(html)
        assert isinstance(document, split.Split)
        pdf.write_pdf(document, root / "split.pdf")
    assert len(document.pages) == len(pikepdf.open(root / "split.pdf").pages)
    return root / "whole.pdf", root / "split.pdf", request.param


def _pages(path: Path) -> list[str]:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")


def test_every_page_reads_as_laid_out_whole(pair):
    whole, joined, brief = pair
    a, b = _pages(whole), _pages(joined)
    assert len(a) == len(b) and len(a) > 3
    for number, (x, y) in enumerate(zip(a, b, strict=True), 1):
        assert x == y, f"{brief}: page {number}"
    total = len(a) - 1  # pdftotext ends with a form feed
    assert f"Page {total} of {total}" in b[-2]


def _outline(path: Path) -> list[tuple[int, str, int]]:
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_bookmarks_go_to_the_same_pages(pair):
    whole, joined, _ = pair
    titles = _outline(joined)
    assert titles == _outline(whole)
    assert any(t == "Source notes" for _, t, _ in titles)


def _links(path: Path) -> tuple[list[tuple[int, str, int | None, str]], dict[str, int]]:
    """Each link annotation's (page, target name or URI, target page, text: "Note 52"), and
    name → page."""
    with pikepdf.open(path) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        names = {str(k): index[v[0].objgen] for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        links = []
        for i, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A", pikepdf.Dictionary())
                dest = annotation.get("/Dest", action.get("/D"))
                text = str(annotation.get("/Contents", ""))
                if isinstance(dest, pikepdf.Array):
                    links.append((i, "explicit", index[dest[0].objgen], text))
                elif dest is not None:
                    links.append((i, str(dest), names[str(dest)], text))
                else:
                    links.append((i, str(action.get("/URI")), None, text))
        return links, names


def test_links_and_destinations_land_on_the_same_pages(pair):
    whole, joined, _ = pair
    links, names = _links(joined)
    assert (links, names) == _links(whole)
    annex = min(p for n, p in names.items() if n == "sources")
    targets = [(page, target) for page, _, target, _ in links if target is not None]
    assert any(page < annex <= target for page, target in targets), "front → notes"
    assert any(page >= annex and target < annex for page, target in targets), "notes → front"
    assert any(page >= annex and text.startswith("Note ") for page, _, _, text in links), "the notes' own notes"


def test_metadata_and_structure_kept(pair):
    whole, joined, _ = pair
    with pikepdf.open(whole) as a, pikepdf.open(joined) as b:
        assert dict(a.docinfo) == dict(b.docinfo)
        with a.open_metadata() as x, b.open_metadata() as y:
            assert dict(x) == dict(y)
        assert a.Root.Lang == b.Root.Lang
        assert _kinds(a) == _kinds(b)
        assert _note_ids(a) == _note_ids(b)
        keys = [int(k) for k in b.Root.StructTreeRoot.ParentTree.Nums[::2]]
        assert keys == sorted(set(keys)) and int(b.Root.StructTreeRoot.ParentTreeNextKey) == keys[-1] + 1


def _note_ids(pdf: pikepdf.Pdf) -> list[str]:
    """The notes' IDs in reading order: the annex's go on from the front's (note-52, not note-1)."""
    ids: list[str] = []

    def walk(element: pikepdf.Object) -> None:
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S in ("/Note", "/FENote"):
                    ids.append(str(kid.ID))
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    assert len(set(ids)) == len(ids) > 0
    return ids


def _kinds(pdf: pikepdf.Pdf) -> Counter[str]:
    """The structure elements by type, every one reachable from the root."""
    kinds: Counter[str] = Counter()
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        kids = stack.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kinds[str(kid.S)] += 1
                stack.append(kid)
    return kinds


def test_only_a_long_brief_is_split():
    """The split pays from about MIN_SOURCES sources (bench/split.py); a shorter brief is laid out whole."""
    from briefing.pdf import split

    one = '<section class="source" id="src-x"><h3>x</h3></section>'
    head = '<!doctype html><html><head></head><body><h1>t</h1><section id="sources">'
    assert not split.wanted(head + one * (split.MIN_SOURCES - 1) + "</section></body></html>")
    assert split.wanted(head + one * split.MIN_SOURCES + "</section></body></html>")
    assert not split.wanted("<html><body>" + one * split.MIN_SOURCES + "</body></html>")  # no annex

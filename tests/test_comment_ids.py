"""Comment ids never share a number with a footnote id: LibreOffice 7.4 otherwise drops the text
of every footnote in a reviewed DOCX (found by laying the seed's --review DOCX out)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from office import libreoffice_pdf

from briefing.build import build
from briefing.options import BuildOptions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["seeds", "tests/fixtures/mekong"])
def reviewed(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ids")
    done = build(ROOT / request.param, out, formats=("docx",), options=BuildOptions(review=True), force=True)
    return done.outputs["docx"]


def _ids(xml: str, tag: str) -> list[int]:
    return [int(i) for i in re.findall(rf"<w:{tag} [^>]*?w:id=\"(\d+)\"", xml)]


def test_comment_ids_come_after_every_footnote_id_and_still_pair_up(reviewed):
    with zipfile.ZipFile(reviewed) as z:
        body, notes, comments = (
            z.read(f"word/{p}.xml").decode() for p in ("document", "footnotes", "comments")
        )
    footnote_ids, comment_ids = _ids(notes, "footnote"), _ids(comments, "comment")
    assert len(footnote_ids) > 2 and comment_ids  # separators plus real notes; some comments
    assert min(comment_ids) > max(footnote_ids)
    assert len(set(comment_ids)) == len(comment_ids)
    for mark in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(_ids(body + notes, mark)) == sorted(comment_ids), mark  # each comment anchored once


def test_libreoffice_shows_every_footnote_of_a_reviewed_docx(reviewed, tmp_path):
    laid_out = libreoffice_pdf(reviewed, tmp_path)
    laid = subprocess.run(
        ["pdftotext", str(laid_out), "-"], capture_output=True, text=True
    )
    text = re.sub(r"\s+", "", laid.stdout)
    with zipfile.ZipFile(reviewed) as z:
        notes = z.read("word/footnotes.xml").decode()
    bodies = re.findall(r"<w:footnote w:id=\"\d+\">(.*?)</w:footnote>", notes, re.S)
    assert len(bodies) > 10
    for note in bodies:
        words = re.sub(r"\s+", "", "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", note)))
        words = words.replace("&amp;", "&")
        assert words[:20] in text, words  # the note's text, not just its number

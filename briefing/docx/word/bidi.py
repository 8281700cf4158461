"""Right to left in Word: paragraph direction, right-to-left runs, complex-script faces, tables.

Word keeps what HTML says with ``dir`` in four places (ECMA-376 Part 1): ``w:bidi`` on a
paragraph sets its base direction (17.3.1.6), ``w:rtl`` on a run marks its text as right to left
(17.3.2.30), the complex-script face and size (``w:rFonts/@w:cs``, ``w:szCs``) are the ones
Arabic and Hebrew letters are set in, and ``w:bidiVisual`` lays a table out from the right
(17.4.1). A brief in a right-to-left language gets them document-wide (defaults, tables, the
sections); in any brief, a paragraph in the other direction than the document's gets its own
``w:bidi``, and every run holding Arabic or Hebrew letters its ``w:rtl``.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from briefing.docx import oxml as x
from briefing.lang import RTL_LETTERS, direction
from briefing.theme import Theme

# HTML's ``dir`` on a span (a Latin citation in Arabic, an Arabic name in English): Word reads
# the Unicode embedding characters, LRE or RLE before the span's text and PDF after it, so the
# span's own quotes, brackets and final stop stay with it, and its words run its way.
EMBEDDINGS = {"ltr": ("\u202a", "\u202c"), "rtl": ("\u202b", "\u202c")}


def embedding(element) -> tuple[str, str]:
    """The characters that open and close an inline element with a ``dir`` of its own."""
    return EMBEDDINGS.get((element.get("dir") or "").lower(), ("", ""))


def paragraph_direction(p, lang: str, document_lang: str) -> None:
    """``w:bidi`` on a paragraph whose language runs the other way than the document's."""
    mine = direction(lang)
    if mine != direction(document_lang):
        x.put(p.get_or_add_pPr(), x.on("bidi", mine == "rtl"))


def mark_runs(root) -> None:
    """``w:rtl`` on every run with Arabic or Hebrew letters, so Word orders and shapes them as such."""
    for run in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if RTL_LETTERS.search(text):
            rpr = run.rPr
            if rpr is None:
                rpr = x.el("w:rPr")
                run.insert(0, rpr)
            x.put(rpr, x.on("rtl"))


def complex_script_face(lang: str, theme: Theme) -> str | None:
    """The Word face for the letters of a right-to-left language, or None."""
    faces = theme.fonts.rtl_faces(lang) if lang else None
    return faces[1] if faces else None


def right_to_left_document(document, lang: str, theme: Theme) -> None:
    """A brief in a right-to-left language: its paragraphs, sections and tables run from the right,
    every style's complex-script face is the language's, and no style tracks its letters (the
    confidence label's and the handling mark's letter spacing broke Arabic's joins in Word)."""
    face = complex_script_face(lang, theme)
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        if face:
            fonts.set(qn("w:cs"), face)
    for rpr in styles.iter(qn("w:rPr")):  # tracking pulls joined Arabic letters apart
        for tracking in rpr.findall(qn("w:spacing")):
            rpr.remove(tracking)
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if defaults is not None:
        x.put(defaults, x.on("bidi"))
    body = document.element.body
    for sect in body.iter(qn("w:sectPr")):
        x.put(sect, x.on("bidi"))
    for tbl_pr in body.iter(qn("w:tblPr")):
        x.put(tbl_pr, x.on("bidiVisual"))


def finish(document, lang: str, theme: Theme) -> None:
    """The last pass: runs everywhere marked, and the whole document turned when ``lang`` is RTL."""
    if direction(lang) == "rtl":
        right_to_left_document(document, lang, theme)
    for part in [document.part, *_parts(document)]:
        mark_runs(part.element)


def _parts(document) -> list:
    """Headers, footers and footnotes: the parts with paragraphs besides the body."""
    wanted = ("/header", "/footer", "/footnotes")
    return [rel.target_part for rel in document.part.rels.values()
            if not rel.is_external and any(w in rel.reltype for w in wanted)]  # fmt: skip

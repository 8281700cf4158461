"""``build --review``: Word comments say where each pull-quote's and each quoted phrase's words,
and each cell's coding, come from; pandoc (an independent reader) finds each on the right words."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from conftest import verified_in
from openxml_audit import OpenXmlValidator
from openxml_audit.errors import FileFormat

from briefing.build import build
from briefing.cite.forms import Citations
from briefing.html.markdown import phrase_rule
from briefing.html.provenance import Found
from briefing.load import load_brief
from briefing.load.phrases import verify
from briefing.load.quotes import SourceText, normalize
from briefing.options import BuildOptions

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = ["seeds", "tests/fixtures/mekong"]


def comments(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        xml = z.read("word/comments.xml").decode()
    found = re.findall(r"<w:comment .*?</w:comment>", xml, re.S)
    return [html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c))) for c in found]


@pytest.fixture(scope="module", params=BRIEFS)
def reviewed(request, tmp_path_factory):
    seeds = ROOT / request.param
    out = tmp_path_factory.mktemp("review")
    docx = build(seeds, out, formats=("docx",), options=BuildOptions(review=True), force=True).outputs["docx"]
    return seeds, docx


def test_every_pull_quote_phrase_and_cell_carries_a_comment(reviewed):
    seeds, docx = reviewed
    brief = load_brief(seeds)
    found = comments(docx)
    shown = sum(len(s.quotes) for s in brief.sources)  # each pull-quote printed once
    # the loader's count of verified quoted phrases in the prose, less those of production notes,
    # which the reader's document does not print
    phrases = verified_in(brief) - _in_production_notes(brief)
    cells = len(brief.actors) * len(brief.issues)
    assert phrases >= 5
    assert len([c for c in found if c.startswith("Found verbatim in sources/")]) == shown + phrases
    assert len([c for c in found if c.startswith(("Coded from ", "No source addresses"))]) == cells


def test_production_notes_are_review_comments_not_text(reviewed):
    """File names, curation and date notes, and "Speaks to" tags: comments for the reviewer only."""
    seeds, docx = reviewed
    brief = load_brief(seeds)
    found = comments(docx)
    for source in brief.sources:
        note = next(c for c in found if c.startswith(f"Text on file: sources/{source.text_path.name}"))
        if source.note:
            assert normalize(source.note)[:40] in normalize(note)
    assert any(" Speaks to " in c for c in found)
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
    assert "Text on file" not in body and "Speaks to" not in body


def _in_production_notes(brief) -> int:
    texts = {s.id: SourceText(s.text) for s in brief.sources}
    prose = ((("note",),), (("date_note",),))
    return sum(c.ok for s in brief.sources for c in verify(s.model_dump(exclude={"text", "text_path"}), texts, prose, own=s.id))


def test_each_pull_quote_comment_names_the_line_where_its_words_begin(reviewed):
    seeds, docx = reviewed
    brief = load_brief(seeds)
    for note in comments(docx):
        m = re.match(r"Found verbatim in sources/(\S+), line (\d+)\.(?: Speaks to [^.]+\.)?$", note)
        if note.startswith("Found verbatim"):
            assert m, note  # every seed and fixture quote is placed on a line
            lines = (seeds / "sources" / m.group(1)).read_text(encoding="utf-8").splitlines()
            line = normalize(lines[int(m.group(2)) - 1])
            source = next(s for s in brief.sources if s.text_path.name == m.group(1))
            starts = {normalize(q.text).split(" ")[0] for q in source.quotes}
            phrases = _phrase_words(seeds)
            assert any(word in line for word in starts | phrases), (note, line)


def test_cell_comments_name_the_sources_the_cell_cites(reviewed):
    seeds, docx = reviewed
    brief = load_brief(seeds)
    refs = {Citations(brief).text(s) for s in brief.sources}
    coded = [c for c in comments(docx) if c.startswith("Coded from ")]
    assert coded
    for note in coded:
        assert set(note.removeprefix("Coded from ").rstrip(".").split("; ")) <= refs, note


def test_the_reviewed_docx_is_valid_ooxml(reviewed):
    _, docx = reviewed
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=20).validate(docx)
    assert [e.description for e in result.errors] == []


def test_no_comments_without_the_flag(tmp_path):
    docx = build(ROOT / "seeds", tmp_path, formats=("docx",), force=True).outputs["docx"]
    assert comments(docx) == []


# --- quoted phrases in the prose ----------------------------------------------------------------

QUOTE_MARKS = "“”‘’\"'«»„「」『』"


def _phrase_words(seeds: Path) -> set[str]:
    """The first words of each phrase the HTML marks (without its marks), normalised."""
    words = set()
    for span in _phrase_spans(seeds):
        words.add(normalize(span.text_content().strip(QUOTE_MARKS + "…")).split(" ")[0])
    return words


def _phrase_spans(seeds: Path) -> list:
    from briefing.html.render import render_html

    return lxml.html.document_fromstring(render_html(load_brief(seeds))).xpath("//span[@class='phrase']")


def commented_words(docx: Path) -> list[tuple[str, str]]:
    """(comment, the text it is anchored on) for every comment, as pandoc reads them."""
    pandoc = shutil.which("pandoc")
    assert pandoc, "pandoc is not installed: apt-get install pandoc"
    out = subprocess.run(
        [pandoc, "--track-changes=all", "-f", "docx", "-t", "json", str(docx)],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    notes: dict[str, str] = {}
    anchored: dict[str, list[str]] = {}
    found: list[tuple[str, str]] = []

    def text(node) -> str:
        if isinstance(node, list):
            return "".join(text(n) for n in node)
        if not isinstance(node, dict) or node.get("t") == "Note":
            return ""
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return text(node.get("c", []))

    def walk(node) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
            return
        if not isinstance(node, dict) or node.get("t") == "Note":
            return
        kind = node.get("t")
        if kind == "Span" and {"comment-start", "comment-end"} & set(node["c"][0][1]):
            (ident, classes, attrs), inner = node["c"]
            key = ident or dict(attrs)["id"]
            if "comment-start" in classes:
                notes[key], anchored[key] = text(inner), []
            else:
                found.append((notes[key], "".join(anchored.pop(key))))
            return
        if kind in ("Str", "Space", "SoftBreak", "LineBreak"):
            for words in anchored.values():
                words.append(text(node))
            return
        walk(node.get("c", []))

    walk(json.loads(out)["blocks"])
    return found


def test_each_phrase_comment_is_on_its_words_and_names_its_line(reviewed):
    """pandoc finds a comment on exactly each marked phrase (its marks and words, no more), and
    the line it names holds the phrase's first words."""
    seeds, docx = reviewed
    spans = _phrase_spans(seeds)
    phrases = {" ".join(s.text_content().split()): s.get("data-provenance") for s in spans}
    on_phrases = [(note, words) for note, words in commented_words(docx) if words in phrases]
    assert sorted(words for _, words in on_phrases) == sorted(" ".join(s.text_content().split()) for s in spans)
    for note, words in on_phrases:
        assert note == phrases[words]
        m = re.fullmatch(r"Found verbatim in sources/(\S+), line (\d+)\.", note)
        assert m, note
        lines = (seeds / "sources" / m.group(1)).read_text(encoding="utf-8").splitlines()
        first = normalize(words.strip(QUOTE_MARKS + "…")).split(" ")[0].rstrip(".,;:")
        assert first in normalize(lines[int(m.group(2)) - 1]), (words, note)


def test_a_chinese_phrase_is_commented_with_its_line_and_tagged_with_its_language(reviewed):
    seeds, docx = reviewed
    if seeds.name != "mekong":
        return  # the seed has no Chinese source
    lines = (seeds / "sources" / "wang-2022.txt").read_text(encoding="utf-8").splitlines()
    (line,) = [n for n, text in enumerate(lines, 1) if "水库调度信息" in text]
    assert ("Found verbatim in sources/wang-2022.txt, line " + str(line) + ".", "“水库调度信息”") in commented_words(docx)
    (span,) = [s for s in _phrase_spans(seeds) if "水库调度信息" in s.text_content()]
    # The words take their source's language; the quotation marks stay the brief's.
    assert span.text == "“" and span[0].get("lang") == "zh-Hans" and span[0].tail == "”"
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
    run = re.search(r"<w:r>(?:(?!</w:r>).)*水库调度信息", body, re.S)
    assert run and 'w:eastAsia="zh-CN"' in run.group(0)


def test_phrase_markup_stays_out_of_the_markdown(tmp_path):
    for seeds in (ROOT / "seeds", ROOT / "tests/fixtures/mekong"):
        md = build(seeds, tmp_path / seeds.name, formats=("md",)).outputs["md"].read_text(encoding="utf-8")
        assert "phrase" not in md and "provenance" not in md and "Found verbatim" not in md
        for span in _phrase_spans(seeds):
            words = span.text_content().strip(QUOTE_MARKS)
            assert words.split(" ")[0] in md
    assert '“[水库调度信息]{lang="zh-Hans"}”' in md  # the Chinese words keep their language


def test_the_stylesheet_leaves_phrases_alone():
    """The PDF looks as before: no rule styles the phrase span."""
    from briefing.html.render import render_css

    assert ".phrase" not in render_css()


class _Phrases:
    def __init__(self, note: str) -> None:
        self.note = note

    def spans(self, text: str) -> dict[int, tuple[int, Found]]:
        start = text.index("“")
        return {start: (text.index("”") + 1, Found("x", None, self.note))}


def test_phrase_words_and_notes_are_escaped_text():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("smartquotes")
    md.inline.ruler.before("text", "phrase", phrase_rule(_Phrases('a "note" <b>&amp;</b>')))  # type: ignore[arg-type]
    out = md.renderInline("He said “<i>x</i> & *y*” today.")
    assert out == (
        'He said <span class="phrase" data-provenance="a &quot;note&quot; &lt;b&gt;&amp;amp;&lt;/b&gt;">'
        "“&lt;i&gt;x&lt;/i&gt; &amp; <em>y</em>”</span> today."
    )


def _word_boxes(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if "<word " in line]


def test_the_pdf_lays_a_phrase_out_exactly_as_plain_text(tmp_path):
    """WeasyPrint shapes each inline box apart: a span left in would drop the kerning between
    a closing mark and the comma after it. Every word stands where it stood without the span."""
    from briefing.html.render import render_css
    from briefing.pdf.writer import layout, write_pdf

    span = '<span class="phrase" data-provenance="Found verbatim in sources/x.txt, line 1.">'
    text = "Brown judged a test {}“likely”{}, and said it would {}“surely”{}; come “AV” {}“To”{}."
    boxes = []
    for open_, close in ((span, "</span>"), ("", "")):
        html = (
            f'<!DOCTYPE html><html lang="en-GB"><head><title>T</title><style>{render_css()}</style>'
            f"</head><body><p>{text.format(*(open_, close) * 3)}</p></body></html>"
        )
        pdf = tmp_path / f"{len(boxes)}.pdf"
        write_pdf(layout(html), pdf)
        boxes.append(_word_boxes(pdf))
    assert len(boxes[0]) > 10 and boxes[0] == boxes[1]


def test_unwrapping_keeps_what_a_phrase_holds():
    from briefing.html.phrase_spans import unwrap_phrases

    inner = '“<span class="lang" lang="zh-Hans">字</span><span class="footnote"><a class="cite">n</a></span>”'
    html = f'<p>a <span class="phrase" data-provenance="&lt;x&gt;">{inner}</span>, <span class="lang">b</span></p>'
    assert unwrap_phrases(html) == f'<p>a {inner}, <span class="lang">b</span></p>'
    assert unwrap_phrases("<p>none</p>") == "<p>none</p>"


def _commented_text(document_xml: bytes) -> dict[str, str]:
    """Comment id → the text between its range marks (footnote references shown as ^)."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for node in etree.fromstring(document_xml).iter(f"{w}commentRangeStart", f"{w}commentRangeEnd", f"{w}t",
                                                      f"{w}footnoteReference"):
        key = node.get(f"{w}id")
        if node.tag == f"{w}commentRangeStart":
            open_[key] = []
        elif node.tag == f"{w}commentRangeEnd":
            done[key] = "".join(open_.pop(key))
        else:
            for words in open_.values():
                words.append("^" if node.tag == f"{w}footnoteReference" else node.text or "")
    return done


def test_a_comment_spans_emphasis_links_and_notes_inside_a_phrase_and_no_more(tmp_path):
    from briefing.docx import write_docx

    note = "Found verbatim in sources/x.txt, line 3."
    body = (
        f'<p>He called aid <span class="phrase" data-provenance="{note}">“<em>very</em> '
        '<a href="https://example.org/">large</a><span class="footnote">Roe, “T.”</span>”</span>, '
        f'then <a href="#bluf"><span class="phrase" data-provenance="{note}">“linked”</span></a>.</p>'
    )
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>T</title></head><body data-page-label="Page {page}">'
        f'<section id="bluf" data-template="sections/bluf.html.j2"><h2>B</h2>{body}</section></body></html>'
    )
    for review in (True, False):
        target = tmp_path / f"{review}.docx"
        write_docx(html, target, review=review)
        with zipfile.ZipFile(target) as z:
            ranges = _commented_text(z.read("word/document.xml"))
        assert sorted(ranges.values()) == (["“linked”", "“very large^”"] if review else [])
        assert comments(target) == ([note, note] if review else [])
        result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=20).validate(target)
        assert [e.description for e in result.errors] == []  # a range inside a hyperlink is valid


@pytest.mark.parametrize("brief_dir", BRIEFS)
def test_the_renderer_marks_the_phrases_the_loader_verified_without_verifying_again(brief_dir, monkeypatch):
    """html/ reads Brief.phrases, what check verified; it runs no verification of its own."""
    import briefing.load.phrases as phrases
    from briefing.html.render import render_html

    brief = load_brief(ROOT / brief_dir)
    assert brief.phrases and all(p.source in {s.id for s in brief.sources} for p in brief.phrases)
    assert len(brief.phrases) == verified_in(brief)

    def refused(*args, **kwargs):
        raise AssertionError("the renderer verified a phrase again")

    monkeypatch.setattr(phrases, "verify", refused)
    monkeypatch.setattr(phrases, "check_phrases", refused)
    notes = {
        " ".join(r.phrase.split())
        for s in brief.sources
        for r in phrases.runs(" ".join([s.note or "", s.date_note or ""]))
        if not isinstance(r, int)
    }  # production notes: verified, never printed
    marked = lxml.html.document_fromstring(render_html(brief)).find_class("phrase")
    shown = {" ".join(e.text_content().split())[1:-1] for e in marked}
    assert shown == {" ".join(p.phrase.split()) for p in brief.phrases} - notes
    found = {(" ".join(p.phrase.split()), p.source) for p in brief.phrases}
    for e in marked:
        source = e.get("data-provenance").split("sources/")[1].split(".txt")[0]
        assert (" ".join(e.text_content().split())[1:-1], source) in found
    # a brief whose loader verified nothing has nothing marked: the phrases come only from there
    bare = render_html(brief.model_copy(update={"phrases": []}))
    assert not lxml.html.document_fromstring(bare).find_class("phrase")

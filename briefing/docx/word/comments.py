"""Word comments: provenance notes a reviewer sees beside the text (``build --review``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefing.docx import oxml as x
from briefing.docx.word.runs import Fmt, Runs
from briefing.theme import Theme


def add(document, paragraph, note: str, theme: Theme) -> None:
    """A comment by "briefing" on all the runs of ``paragraph`` (a ``w:p``), if it has any."""
    runs = Paragraph(paragraph, None).runs
    if runs:
        _comment_styles(document, theme)
        document.add_comment(runs, text=note, author="briefing", initials="BR")


@contextlib.contextmanager
def around(document, runs: Runs, fmt: Fmt, note: str | None, theme: Theme) -> Iterator[None]:
    """A comment on just the runs written inside the ``with`` (a quoted phrase's words), if
    ``note`` says something and runs were written; the space before them stays outside."""
    if not note:
        yield
        return
    runs.flush_space(fmt)
    paragraph = runs.targets[0]
    before = sum(1 for _ in paragraph.iter(qn("w:r")))
    yield
    new = list(paragraph.iter(qn("w:r")))[before:]  # appended last in document order, links too
    if new:
        _comment_styles(document, theme)
        runs_ = [Run(new[0], None), Run(new[-1], None)]
        document.add_comment(runs_, text=note, author="briefing", initials="BR")


def _comment_styles(document, theme: Theme) -> None:
    """Word's own comment styles (python-docx's comments refer to them), added once, on first use."""
    styles = document.styles.element
    if styles.find(qn("w:style") + "[@" + qn("w:styleId") + "='CommentText']") is not None:
        return
    size = str(round(theme.sizes.footnote * 2))  # half-points, as the footnotes
    for kind, ident, name, based in (
        ("paragraph", "CommentText", "annotation text", "Normal"),
        ("character", "CommentReference", "annotation reference", "DefaultParagraphFont"),
    ):
        styles.append(
            x.el(
                "w:style",
                {"type": kind, "styleId": ident},
                x.el("w:name", {"val": name}),
                x.el("w:basedOn", {"val": based}),
                x.el("w:uiPriority", {"val": "99"}),
                x.el("w:unhideWhenUsed"),
                x.el("w:rPr", None, x.el("w:sz", {"val": size})),
            )
        )


def clear_of_footnotes(document, notes) -> None:
    """Number the comments after the last footnote (``notes``: the footnotes part).

    OOXML keeps comment and footnote ids apart and Word reads them so, but LibreOffice (7.4)
    drops the text of every footnote when a comment's id is also a footnote's id, which with
    both counted from 0 happens in any reviewed brief with notes; disjoint ids cost nothing.
    """
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.COMMENTS), None)
    if part is None:
        return
    first = 1 + max((int(n.get(qn("w:id"))) for n in notes.element.iter(qn("w:footnote"))), default=-1)
    new = {c.get(qn("w:id")): str(first + i) for i, c in enumerate(part.element.iter(qn("w:comment")))}
    for comment in part.element.iter(qn("w:comment")):
        comment.set(qn("w:id"), new[comment.get(qn("w:id"))])
    for root in (document.element.body, notes.element):  # a quoted phrase may sit in a note
        for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
            for mark in root.iter(qn(tag)):
                mark.set(qn("w:id"), new[mark.get(qn("w:id"))])

"""Runs: the text of a paragraph, with HTML's white-space collapsing and inherited formatting."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.docx import oxml as x
from briefing.docx.oxml.fields import Field, field
from briefing.walker.source import SPACE

WORD_JOINER = "\u2060"  # the HTML's no-break before footnote calls; Word's references need none


@dataclass(frozen=True)
class Fmt:
    """Run formatting inherited down the inline tree."""

    italic: bool | None = None
    style: str | None = None  # character style id
    shade: str | None = None
    nowrap: bool = False  # an inline-block in the stylesheet: no line break inside
    language: tuple = ()  # w:lang (and East-Asian face) of text in another language

    def props(self) -> list:
        out = []
        if self.style:
            out.append(x.val("rStyle", self.style))
        if self.italic is not None:
            out += [x.on("i", self.italic), x.on("iCs", self.italic)]
        if self.shade:
            out.append(x.shading(self.shade))
        return [*out, *self.language]


class Runs:
    """Appends runs to a paragraph (or a hyperlink in it), collapsing white space as HTML does."""

    def __init__(self, paragraph, part) -> None:
        self.part = part  # owner of the relationships of external links
        self.targets = [paragraph]  # the paragraph, or the hyperlink being filled
        self.space = False  # a collapsed space waits for the next content
        self.at_line_start = True

    @property
    def target(self):
        return self.targets[-1]

    def text(self, text: str | None, fmt: Fmt) -> None:
        if not text:
            return
        text = SPACE.sub(" ", text.replace(WORD_JOINER, ""))
        if text.startswith(" "):
            self.space = self.space or not self.at_line_start
            text = text.lstrip(" ")
        if not text:
            return
        trailing = text.endswith(" ")
        text = text.rstrip(" ")
        if fmt.nowrap:
            text = text.replace(" ", "\u00a0")
        if self.space:
            text = " " + text
        self.target.append(x.text_run(text, fmt.props()))
        self.space = trailing
        self.at_line_start = False

    def flush_space(self, fmt: Fmt) -> None:
        if self.space:
            self.target.append(x.text_run(" ", fmt.props()))
            self.space = False

    def line_break(self, fmt: Fmt) -> None:
        self.target.append(x.break_run(fmt.props()))
        self.space = False
        self.at_line_start = True

    def append(self, run) -> None:
        self.target.append(run)
        self.at_line_start = False

    def mark(self, element) -> None:
        """A bookmark boundary: no text, so the waiting space and line start stay as they are."""
        self.target.append(element)

    def field(self, field_: Field, fmt: Fmt) -> None:
        self.flush_space(fmt)
        for run in field(field_.instruction, field_.result, fmt.props()):
            self.append(run)

    def open(self, hyperlink, fmt: Fmt) -> None:
        """Later runs go into ``hyperlink`` until :meth:`close`."""
        self.flush_space(fmt)
        self.target.append(hyperlink)
        self.targets.append(hyperlink)

    def close(self) -> None:
        self.targets.pop()

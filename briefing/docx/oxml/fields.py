"""Word fields: complex fields (TOC, PAGE, NUMPAGES, PAGEREF, SEQ) as begin/instruction/separate/
result/end runs, showing their cached result until Word updates them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.oxml.ns import qn

from briefing.docx.oxml import el, run, text_run


@dataclass(frozen=True)
class Field:
    """A Word field in an inline group, shown as ``result`` until Word updates it."""

    instruction: str
    result: str


def field_begin(instruction: str, props: Sequence = (), *, dirty: bool = False) -> list:
    """Begin, instruction and separate runs; for a field whose result may span paragraphs."""
    begin = el("w:fldChar", {"fldCharType": "begin"})
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = el("w:instrText")
    instr.text = f" {instruction.strip()} "
    instr.set(qn("xml:space"), "preserve")
    return [run(begin, props), run(instr, props), run(el("w:fldChar", {"fldCharType": "separate"}), props)]


def field_end(props: Sequence = ()):
    return run(el("w:fldChar", {"fldCharType": "end"}), props)


def field(instruction: str, result: str = "", props: Sequence = ()) -> list:
    """The runs of a complex field in one paragraph, showing ``result`` until Word updates it."""
    shown = [text_run(result, props)] if result else []
    return [*field_begin(instruction, props), *shown, field_end(props)]

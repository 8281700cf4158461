"""One run of pandoc's citeproc over a list of citation requests, kept by content.

The input is a Markdown document of one paragraph per request, each holding one citation group
(``[@{id}, locator]``), the sources as a CSL-JSON bibliography and ``nocite: @*`` so every
source gets its entry. pandoc (the ``pypandoc-binary`` wheel: no system package) returns its
JSON AST; each paragraph's citation, turned into a footnote in a note style, and each
bibliography entry come back as pandoc inlines. The output is cached under the hash of the
whole input (items, requests, style file, language, pandoc version): a rebuild that changes
no citation never starts pandoc.
"""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing import cache
from briefing.stages import timed

Group = tuple[tuple[str, str | None], ...]  # (source id, locator) per cite, in order
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+!|~^$@;"})


@dataclass(frozen=True)
class Request:
    """One paragraph of the document: a citation group, or (``in_text``) ``Roe (2021)``."""

    group: Group
    in_text: bool = False


@dataclass(frozen=True)
class Output:
    """What the processor wrote: per request its inlines; the bibliography in its order."""

    cites: list[list[dict[str, Any]]]
    bibliography: dict[str, list[dict[str, Any]]]


class ProcessorError(RuntimeError):
    """pandoc failed: its own message, for one line to the user."""


@functools.cache
def executable() -> str:
    """The pandoc of the ``pypandoc-binary`` wheel (a system pandoc only if the wheel has none)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def markdown(requests: Sequence[Request]) -> str:
    """The document: a paragraph per request, citations in pandoc's Markdown syntax."""
    paragraphs = ['---\nnocite: "@*"\n---\n']
    for n, request in enumerate(requests):
        parts = []
        for source, locator in request.group:
            loc = f", {locator.translate(_MD_SPECIAL)}" if locator else ""
            parts.append(f"@{{{source}}}{loc}")
        cite = f"@{{{request.group[0][0]}}}" if request.in_text else f"[{'; '.join(parts)}]"
        gap = " " if request.in_text else ""  # "word@key" would read as an e-mail address
        paragraphs.append(f"R{n}{gap}{cite}\n")  # a word first: no note opens a paragraph
    return "\n".join(paragraphs)


def run(items: list[dict[str, Any]], requests: Sequence[Request], style: Path, lang: str) -> Output:
    """Format ``requests`` against ``items`` in ``style`` for ``lang``: one pandoc run, or none
    when this exact input was formatted before."""
    doc = markdown(requests)
    bib = json.dumps(items, ensure_ascii=False, sort_keys=True)
    csl = style.read_bytes()
    key = b"\0".join([doc.encode(), bib.encode(), hashlib.sha256(csl).digest(), lang.encode()])

    def make() -> bytes:
        return _pandoc(doc, bib, csl, lang)

    with timed("cite"):  # a stage in --json timings (each run of a build adds up)
        data = cache.stored("citeproc", key, make, libraries=("pypandoc-binary",))
    return _read(json.loads(data), len(requests))


def _pandoc(doc: str, bib: str, csl: bytes, lang: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="briefing-cite-") as tmp:
        folder = Path(tmp)
        (folder / "refs.json").write_text(bib, encoding="utf-8")
        (folder / "style.csl").write_bytes(csl)
        command = [
            executable(), "--from=markdown", "--to=json", "--citeproc",
            "--bibliography=refs.json", "--csl=style.csl", f"--metadata=lang:{lang}",
        ]  # fmt: skip
        done = subprocess.run(command, input=doc.encode(), capture_output=True, cwd=folder, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise ProcessorError(f"citation processor (pandoc --citeproc) failed: {message[-1]}")
    return done.stdout


def _read(ast: dict[str, Any], count: int) -> Output:
    cites: list[list[dict[str, Any]]] = []
    bibliography: dict[str, list[dict[str, Any]]] = {}
    for block in ast["blocks"]:
        if block["t"] == "Para" and len(cites) < count:
            cite = next(i for i in block["c"] if i["t"] == "Cite")
            inlines = cite["c"][1]
            if len(inlines) == 1 and inlines[0]["t"] == "Note":  # a note style: the note's words
                inlines = [i for b in inlines[0]["c"] for i in b["c"]]
            cites.append(inlines)
        elif block["t"] == "Div" and block["c"][0][0] == "refs":
            for entry in block["c"][1]:
                source = entry["c"][0][0].removeprefix("ref-")
                bibliography[source] = [i for b in entry["c"][1] for i in b["c"]]
    return Output(cites, bibliography)

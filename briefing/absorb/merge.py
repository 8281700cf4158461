"""Carrying a field's Word edits back into its Markdown, and brief.yaml through ruamel's round trip.

The field's text as built (``rendered``) and as edited differ by the editor's changes; the
rendered text and the Markdown (``source``) differ by what rendering did (typographic quotes,
a citation marker that became a footnote and moved after the punctuation, emphasis marks). Two
alignments (difflib) carry each change of the first pair onto the Markdown at the place the
second maps it to, so everything the editor left alone stays byte for byte, markers included.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from briefing.absorb.read import NOTE, NOTE_END
from briefing.citations import MARKER

NOTE_RE = re.compile(f"{NOTE}(.*?){NOTE_END}", re.S)
INVISIBLE = str.maketrans({"\u2060": None, "\u00ad": None})
LONE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")  # a folded block holds paragraph breaks, not lines
FOLD_WIDTH = 88  # brief.yaml's folded prose lines, as the seed writes them


@dataclass(frozen=True)
class Edit:
    """One change between the built and the edited text: [start, end) of the built text."""

    start: int
    end: int
    text: str


def with_markers(rendered: str, source: str) -> tuple[str, list[tuple[str, str]]]:
    """``rendered`` with its k-th footnote written as the k-th citation marker of ``source``;
    and (note text, marker) pairs, in order, to restore the editor's footnotes with."""
    markers = [m.group(0) for m in MARKER.finditer(source)]
    pairs: list[tuple[str, str]] = []

    def marker(match: re.Match) -> str:
        k = len(pairs)
        text = markers[k] if k < len(markers) else ""
        pairs.append((match.group(1), text))
        return text

    return NOTE_RE.sub(marker, rendered.translate(INVISIBLE)), pairs


def restore_markers(
    edited: str, pairs: list[tuple[str, str]], everywhere: dict[str, str]
) -> tuple[str, list[str]]:
    """The edited text with each footnote as its marker: the field's own note of the same text
    first (in order), then any note of the brief with that text; notes of no known text are
    dropped and named."""
    unused = list(pairs)
    lost: list[str] = []

    def marker(match: re.Match) -> str:
        text = match.group(1)
        for n, (note, mark) in enumerate(unused):
            if note == text:
                del unused[n]
                return mark
        if text in everywhere:
            return everywhere[text]
        lost.append(text)
        return ""

    return NOTE_RE.sub(marker, edited.translate(INVISIBLE)), lost


def edits(built: str, edited: str) -> list[Edit]:
    matcher = difflib.SequenceMatcher(None, built, edited, autojunk=False)
    return [Edit(i1, i2, edited[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def transplant(source: str, built: str, changes: list[Edit]) -> str:
    """Apply ``changes`` (to ``built``) to ``source``, where the alignment of the two places them."""
    where: dict[int, int] = {}  # index in built → index in source, for the characters they share
    matcher = difflib.SequenceMatcher(None, built, source, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            where[block.a + k] = block.b + k

    def start_of(i: int) -> int:
        if i in where:
            return where[i]
        before = [where[k] for k in range(i - 1, -1, -1) if k in where][:1]
        return before[0] + 1 if before else 0

    def end_of(i: int) -> int:  # exclusive
        if i - 1 in where:
            return where[i - 1] + 1
        after = [where[k] for k in range(i, len(built)) if k in where][:1]
        return after[0] if after else len(source)

    out = source
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        if change.start == change.end:  # added at the end: after all of the source (its moved
            at = len(source) if change.start == len(built) else end_of(change.start)  # punctuation)
            out = out[:at] + change.text + out[at:]
        else:
            s1, s2 = start_of(change.start), end_of(change.end)
            out = out[:s1] + change.text + out[max(s1, s2) :]
    return out


def touched(changes: list[Edit], start: int, end: int) -> bool:
    """Whether a change falls inside [start, end) (an insertion at either edge does not)."""
    for c in changes:
        if c.start == c.end and start < c.start < end:
            return True
        if c.start != c.end and c.start < end and c.end > start:
            return True
    return False


# --- brief.yaml ---------------------------------------------------------------------------------


def yaml_round_trip() -> YAML:
    """ruamel's round trip as brief.yaml is written: comments, order, quotes and folding kept."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the author wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    # a null as the seeds and new-source write it (``URL: null``), not ruamel's empty value
    null = "tag:yaml.org,2002:null"
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar(null, "null"))
    return yaml


def node_at(data, path: str):
    """(container, key) of the value at a dotted ``path`` (list items by number)."""
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, int(last) if isinstance(node, list) else last


def _lines(old: str, positions: list[int]) -> list[str]:
    """The lines a folded scalar was written in (ruamel keeps where it folded)."""
    lines, at = [], 0
    for pos in sorted(positions):
        lines.append(old[at:pos])
        at = pos + 1
    return [*lines, old[at:]]


def fold_like(old_lines: list[str], new: str) -> list[int]:
    """Where to fold ``new``: after the same words as the old lines where the words are the
    same, so the diff shows only the lines an edit touched; a line grown a few characters past
    the longest old line wraps."""
    width = max(FOLD_WIDTH, *(len(line) for line in old_lines)) + 12
    old_words: list[str] = []
    ends: set[int] = set()
    for line in old_lines:
        old_words += line.split(" ")
        ends.add(len(old_words) - 1)
    words = new.split(" ")
    matcher = difflib.SequenceMatcher(None, old_words, words, autojunk=False)
    breaks = {b + k for a, b, size in matcher.get_matching_blocks() for k in range(size) if a + k in ends}
    positions, line, at = [], "", 0
    for n, word in enumerate(words):
        if line and len(line) + 1 + len(word) > width and n - 1 not in breaks:
            positions.append(at - 1)
            line = ""
        line = f"{line} {word}" if line else word
        at += len(word) + 1
        if n in breaks and n < len(words) - 1 and len(line) >= width // 3:  # a short rest runs on
            positions.append(at - 1)
            line = ""
    return positions


def styled(old, new: str):
    """``new`` in the scalar style of ``old``: a folded block stays folded where it was."""
    if isinstance(old, FoldedScalarString) and not LONE_BREAK.search(new) and "  " not in new:
        folded = FoldedScalarString(new)
        old_lines = _lines(str(old), getattr(old, "fold_pos", []))
        folded.fold_pos = fold_like(old_lines, new)  # type: ignore[attr-defined]
        return folded
    if isinstance(old, LiteralScalarString | FoldedScalarString):
        return LiteralScalarString(new)
    return new


@dataclass
class Rewritten:
    """One YAML file of the seeds, as it is and as the edits make it."""

    path: Path
    old: str
    new: str

    def diff(self) -> str:
        name = str(self.path)
        old, new = self.old.splitlines(keepends=True), self.new.splitlines(keepends=True)
        lines = difflib.unified_diff(old, new, name, name)
        return "".join(lines)


class YamlFiles:
    """The seeds' YAML files a field path names, each read once: ``key_judgments.0.text`` is in
    brief.yaml, ``sources/brown-2021.yaml:summary`` in that curation."""

    def __init__(self, seeds: Path) -> None:
        self.seeds = seeds
        self.texts: dict[str, str] = {}
        self.data: dict[str, object] = {}

    @staticmethod
    def locate(path: str) -> tuple[str, str]:
        """(file, dotted path in it) of a field path."""
        name, _, key = path.rpartition(":")
        return name or "brief.yaml", key

    def value(self, path: str):
        name, key = self.locate(path)
        if name not in self.data:
            self.texts[name] = (self.seeds / name).read_text(encoding="utf-8")
            self.data[name] = yaml_round_trip().load(self.texts[name])
        node, last = node_at(self.data[name], key)
        return node[last]

    def rewritten(self, changes: dict[str, str]) -> list[Rewritten]:
        """brief.yaml, then each file a change is in, with its fields set to their new text."""
        by_file: dict[str, dict[str, str]] = {"brief.yaml": {}}
        for path, text in changes.items():
            name, key = self.locate(path)
            by_file.setdefault(name, {})[key] = text
        out = []
        for name, keys in by_file.items():
            if name not in self.texts:
                self.texts[name] = (self.seeds / name).read_text(encoding="utf-8")
            old = self.texts[name]
            out.append(Rewritten(self.seeds / name, old, rewrite(old, keys) if keys else old))
        return out


def rewrite(text: str, changes: dict[str, str]) -> str:
    """brief.yaml's ``text`` with each field path set to its new value, all else as it was."""
    yaml = yaml_round_trip()
    data = yaml.load(text)
    for path, value in changes.items():
        node, key = node_at(data, path)
        node[key] = styled(node[key], value)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()

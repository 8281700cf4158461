"""YAML with positions: a safe round-trip load that remembers where every value sits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from briefing.errors import Problem

Loc = tuple[str | int, ...]


def field_name(loc: Loc) -> str:
    """``('quotes', 2, 'text')`` → ``quotes[2].text``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class YamlFile:
    """A parsed YAML file: plain data for the model, the node tree for locations."""

    path: Path
    root: Any
    lines: list[str]

    @cached_property
    def data(self) -> Any:
        """Converted once: the schema check and every rule read it."""
        return _plain(self.root)

    def node(self, loc: Loc) -> Any:
        node = self.root
        for part in loc:
            node = node[part]
        return node

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at ``loc`` (or of its key).

        Falls back to the nearest enclosing node that exists, so a missing field points
        at the mapping it is missing from.
        """
        loc = tuple(loc)
        while loc:
            parent_loc, last = loc[:-1], loc[-1]
            try:
                parent = self.node(parent_loc)
                if isinstance(parent, CommentedMap) and last in parent:
                    line, col = parent.lc.key(last) if key else parent.lc.value(last)
                    return self._content_start(line, col)
                if isinstance(parent, CommentedSeq) and isinstance(last, int) and last < len(parent):
                    line, col = parent.lc.item(last)
                    return line + 1, col + 1
            except (KeyError, IndexError, TypeError):
                pass
            loc = parent_loc
            if isinstance(self.node(loc) if loc else self.root, CommentedMap | CommentedSeq):
                node = self.node(loc) if loc else self.root
                return node.lc.line + 1, node.lc.col + 1
        return 1, 1

    def _content_start(self, line: int, col: int) -> tuple[int, int]:
        """0-based position → 1-based, stepping past a block scalar's ``>-`` or ``|`` indicator."""
        row = self.lines[line] if line < len(self.lines) else ""
        if row[col : col + 1] in (">", "|") and line + 1 < len(self.lines):
            following = self.lines[line + 1]
            return line + 2, len(following) - len(following.lstrip()) + 1
        return line + 1, col + 1

    def locate_text(self, loc: Loc, needle: str) -> tuple[int, int]:
        """Line/column of ``needle`` inside the (possibly multi-line) value at ``loc``."""
        line, col = self.locate(loc)
        for i in range(line - 1, len(self.lines)):
            start = self.lines[i].find(needle, col - 1 if i == line - 1 else 0)
            if start >= 0:
                return i + 1, start + 1
        return line, col

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(self.path, line, col, field_name(loc), message)


def read_yaml(path: Path) -> YamlFile | Problem:
    """Parse ``path`` safely, or return the syntax error as a located problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return Problem(path, 0, 0, "", f"not UTF-8 text ({err.reason} at byte {err.start})")
    except OSError as err:
        return Problem(path, 0, 0, "", f"cannot read: {err.strerror}")
    yaml = YAML(typ="rt")
    # Dates stay strings here: the model parses them, so a bad one is a located error, not a crash.
    constructors = yaml.constructor.yaml_constructors
    constructors["tag:yaml.org,2002:timestamp"] = constructors["tag:yaml.org,2002:str"]
    try:
        root = yaml.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(str(x) for x in (err.context, err.problem) if x)
        return Problem(path, line, col, "", f"YAML syntax: {what}")
    if not isinstance(root, CommentedMap):
        return Problem(path, 1, 1, "", "expected a mapping of keys at the top level")
    return YamlFile(path, root, text.splitlines())


def _plain(node: Any) -> Any:
    """ruamel's round-trip nodes → plain dicts, lists, str, date."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.datetime):
        return node.date() if (node.hour, node.minute, node.second) == (0, 0, 0) else node
    if isinstance(node, str):
        return str(node)
    return node

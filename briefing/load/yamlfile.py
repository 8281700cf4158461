"""YAML with positions: a safe round-trip load that remembers where every value sits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.reader import ReaderError

from briefing.errors import Problem
from briefing.load.files import YAML_BYTES, read_text

Loc = tuple[str | int, ...]


def strings(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string in nested dicts and lists, with where it sits: what every text rule walks."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, (*loc, i))
    elif isinstance(node, str):
        yield loc, node


def matches(loc: Loc, pattern: Loc) -> bool:
    """``loc`` fits ``pattern``, where ``"*"`` stands for any index or key."""
    return len(loc) == len(pattern) and all(p in ("*", x) for x, p in zip(loc, pattern, strict=True))


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


MAX_DEPTH = 32  # a brief nests five levels; deeper is a mistake or an attack
MAX_ALIASES = 100  # anchors and aliases are allowed, a "billion laughs" is not
MAX_NODES = 200_000  # values after expanding aliases; the seed brief has about 1,500


def read_yaml(path: Path, root: Path | None = None) -> YamlFile | Problem:
    """Parse ``path`` safely, or return what is wrong with it as one located problem.

    ``root`` is the brief folder the file must lie in (default: its own folder). Nesting depth,
    aliases and the size after expanding aliases are limited before anything recurses.
    """
    text = read_text(path, root if root is not None else path.parent, limit=YAML_BYTES)
    if isinstance(text, Problem):
        return text
    yaml = YAML(typ="rt")
    # Dates stay strings here: the model parses them, so a bad one is a located error, not a crash.
    constructors = yaml.constructor.yaml_constructors
    constructors["tag:yaml.org,2002:timestamp"] = constructors["tag:yaml.org,2002:str"]
    try:
        limited, first_alias = _limits(path, yaml, text)
        if limited:
            return limited
        root_node = yaml.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(str(x) for x in (err.context, err.problem) if x)
        return Problem(path, line, col, "", f"YAML syntax: {what}")
    except ReaderError as err:
        line, col = _position(text, err.position)
        return Problem(path, line, col, "", f"YAML cannot hold character U+{err.character:04X}; delete it")
    except (YAMLError, RecursionError) as err:  # anything else the parser refuses: still one line
        first = (str(err).splitlines() or [type(err).__name__])[0]
        return Problem(path, 0, 0, "", f"YAML: {first}")
    if not isinstance(root_node, CommentedMap):
        return Problem(path, 1, 1, "", "expected a mapping of keys at the top level")
    if _expanded_size(root_node, {}) > MAX_NODES:
        line, col = first_alias
        return Problem(path, line, col, "", f"aliases expand to more than {MAX_NODES:,} values")
    return YamlFile(path, root_node, text.splitlines())


def _limits(path: Path, yaml: YAML, text: str) -> tuple[Problem | None, tuple[int, int]]:
    """Walk the event stream (flat, no recursion) for nesting depth and alias count.

    Also returns where the first alias is, to locate an alias expansion that is too large.
    """
    depth = aliases = 0
    first = (0, 0)
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                return Problem(path, *where, "", f"nested deeper than {MAX_DEPTH} levels"), first
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, AliasEvent):
            aliases += 1
            where = (event.start_mark.line + 1, event.start_mark.column + 1)
            first = first if aliases > 1 else where
            if aliases > MAX_ALIASES:
                return Problem(path, *where, "", f"more than {MAX_ALIASES} aliases (*name)"), first
    return None, first


def _expanded_size(node: Any, seen: dict[int, int]) -> int:
    """How many values ``node`` becomes once aliases are copied; shared nodes are counted once each
    time they are used but computed once, so a "billion laughs" costs milliseconds to measure."""
    key = id(node)
    if key in seen:
        return seen[key]
    seen[key] = MAX_NODES + 1  # a self-referencing alias is infinite
    if isinstance(node, dict):
        size = 1 + sum(_expanded_size(v, seen) for v in node.values())
    elif isinstance(node, list):
        size = 1 + sum(_expanded_size(v, seen) for v in node)
    else:
        size = 1
    seen[key] = size
    return size


def _position(text: str, index: int) -> tuple[int, int]:
    """A character index → 1-based line and column."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


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

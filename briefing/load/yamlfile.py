"""YAML with positions: a safe load that remembers where every value sits.

Every file is parsed once. libyaml's events build the plain data and its marks
(:mod:`briefing.load.yamlcompose`, fast, with the depth and alias limits counted as it goes);
a document it leaves to ruamel.yaml (any syntax error, explicit tags, floats, merge keys …) is
loaded by ruamel's round-trip loader exactly as before, limits first, and put in the same shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from briefing.errors import Problem
from briefing.load.files import YAML_BYTES, read_text
from briefing.load.yamlcompose import Fallback, Limit, Marks, compose, from_ruamel

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


_MISSING = object()


@dataclass
class YamlFile:
    """A parsed YAML file: plain data for the model, marks for locations."""

    path: Path
    root: Any  # plain dicts (string keys), lists and scalars
    lines: list[str]
    marks: dict[int, Marks]  # by id() of each mapping and sequence in ``root``

    @cached_property
    def data(self) -> Any:
        """A copy, converted once: the schema check and every rule read it."""
        return _copy(self.root)

    def node(self, loc: Loc) -> Any:
        node = self.root
        for part in loc:
            node = node[part]
        return node

    def _find(self, loc: Loc) -> Any:
        try:
            return self.node(loc)
        except (KeyError, IndexError, TypeError):
            return _MISSING

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at ``loc`` (or of its key).

        Falls back to the nearest enclosing node that exists, so a missing field points
        at the mapping it is missing from.
        """
        loc = tuple(loc)
        while loc:
            parent_loc, last = loc[:-1], loc[-1]
            parent = self._find(parent_loc)
            own = self.marks.get(id(parent)) if isinstance(parent, dict | list) else None
            if own is not None and isinstance(parent, dict) and last in parent:
                where = (own.keys if key else own.values).get(last)
                if where is not None:
                    return self._content_start(*where)
            elif own is not None and isinstance(last, int) and 0 <= last < len(parent):
                where = own.values.get(last)
                if where is not None:
                    return where[0] + 1, where[1] + 1
            loc = parent_loc
            node = self._find(loc)
            if isinstance(node, dict | list) and id(node) in self.marks:
                line, col = self.marks[id(node)].start
                return line + 1, col + 1
        return 1, 1

    def literal(self, loc: Loc) -> bool:
        """Whether the value at ``loc`` is a literal (``|``) block, whose lines are the file's."""
        parent = self._find(loc[:-1]) if loc else _MISSING
        own = self.marks.get(id(parent)) if isinstance(parent, dict | list) else None
        return own is not None and loc[-1] in own.literal

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
    marks: dict[int, Marks] = {}
    try:
        composed = compose(text, MAX_DEPTH, MAX_ALIASES)
        tree, first, marks = composed.root, composed.first_alias, composed.marks
    except Limit as over:
        line, col = over.where[0] + 1, over.where[1] + 1
        if over.kind == "depth":
            return Problem(path, line, col, "", f"nested deeper than {MAX_DEPTH} levels")
        return Problem(path, line, col, "", f"more than {MAX_ALIASES} aliases (*name)")
    except Fallback:
        loaded = _ruamel_load(path, text)
        if isinstance(loaded, Problem):
            return loaded
        tree, where = loaded
        first = None if where is None else (where[0] - 1, where[1] - 1)
    if not isinstance(tree, dict):
        return Problem(path, 1, 1, "", "expected a mapping of keys at the top level")
    if _expanded_size(tree, {}) > MAX_NODES:
        if first is None:  # no alias: the file itself is that big
            return Problem(
                path, 0, 0, "", f"holds more than {MAX_NODES:,} values; a brief holds a few thousand"
            )
        message = f"aliases expand to more than {MAX_NODES:,} values"
        return Problem(path, first[0] + 1, first[1] + 1, "", message)
    if not marks:  # ruamel's tree (the fast path marks its root at least), small enough to copy
        tree = from_ruamel(tree, marks)
    return YamlFile(path, tree, text.splitlines(), marks)


def _ruamel_load(path: Path, text: str) -> tuple[Any, tuple[int, int] | None] | Problem:
    """The exact loader for what the fast path leaves: ruamel's round trip, limits first.

    Returns its tree and where its first alias is (1-based; None without one), or the problem.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="rt")
    # Dates stay strings here: the model parses them, so a bad one is a located error, not a crash.
    constructors = yaml.constructor.yaml_constructors
    constructors["tag:yaml.org,2002:timestamp"] = constructors["tag:yaml.org,2002:str"]
    try:
        limited, first_alias = _limits(path, yaml, text)
        if limited:
            return limited
        return yaml.load(text), first_alias
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
    except _BUILD_ERRORS as err:  # ``!!int x``, ``!!bool x``, ``!!set x``: plain Python errors
        return _untyped(path, text, err)


# What ruamel's constructors raise, unmarked, for a tagged value its type cannot hold.
_BUILD_ERRORS = (ValueError, TypeError, ArithmeticError, LookupError, AttributeError)


def _untyped(path: Path, text: str, err: Exception) -> Problem:
    """The tagged value its type could not be built from, located: ruamel's constructors raise
    Python's own errors (``int("x")``) without a mark, so each tagged scalar is built alone."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import ScalarEvent

    for event in YAML(typ="rt").parse(text):
        if isinstance(event, ScalarEvent) and event.tag:
            written = text[event.start_mark.index : event.end_mark.index]
            try:
                YAML(typ="rt").load(written)
            except _BUILD_ERRORS:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                message = f"YAML: {written}: the value does not fit its tag; drop the tag or fix the value"
                return Problem(path, line, col, "", message)
    return Problem(path, 0, 0, "", f"YAML: a tagged value could not be read ({err})")


def _limits(path: Path, yaml: Any, text: str) -> tuple[Problem | None, tuple[int, int] | None]:
    """Walk ruamel's event stream (flat, no recursion) for nesting depth and alias count.

    Also returns where the first alias is, to locate an alias expansion that is too large.
    """
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

    depth = aliases = 0
    first: tuple[int, int] | None = None
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


def _copy(node: Any) -> Any:
    """A deep copy of the plain tree; shared (aliased) parts become separate copies."""
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node

"""YAML text → plain data plus where every value sits, in one pass over libyaml's events.

ruamel.yaml's round-trip loader is pure Python and was most of ``briefing check``'s time.
libyaml (PyYAML's C parser) yields the same events with the same line and column marks about
fifty times faster; this module builds plain dicts, lists and scalars from them, counts nesting
and aliases as it goes (so nothing recurses before the limits are checked), and records each
value's position in :class:`Marks`.

It only takes the documents whose meaning is plain and certain: everything that ruamel resolves
in a way worth keeping exact — explicit tags, directives, floats, ints other than plain
decimals, anchored numbers and booleans, merge keys, complex or duplicate keys, undefined
aliases, every syntax or reader error, line breaks other than LF and CRLF, a byte-order mark
after the start — raises :class:`Fallback`, and :mod:`briefing.load.yamlfile` loads that file
with ruamel as before (so every message stays ruamel's). :func:`from_ruamel` turns ruamel's
result into the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

Pos = tuple[int, int]  # 0-based line and column, as the parsers mark them


@dataclass(slots=True)
class Marks:
    """Where one mapping or sequence sits, and where its keys and values (or items) start."""

    start: Pos
    keys: dict[Any, Pos] = field(default_factory=dict)
    values: dict[Any, Pos] = field(default_factory=dict)
    literal: set[Any] = field(default_factory=set)  # keys/indexes whose value is a ``|`` block


class Fallback(Exception):
    """This document needs ruamel's exact treatment (see the module docstring)."""


class Limit(Exception):
    """Nesting or alias count over a limit, at ``where`` (0-based line and column)."""

    def __init__(self, kind: str, where: Pos) -> None:
        super().__init__(kind)
        self.kind = kind
        self.where = where


@dataclass
class Composed:
    """The plain tree, the marks of every container in it (by ``id``), and the first alias."""

    root: Any
    marks: dict[int, Marks]
    first_alias: Pos | None


# YAML 1.2 implicit types as ruamel.yaml resolves a plain scalar (its resolver's table, in its
# order, by first character). Only booleans, nulls, plain decimal ints and dates (kept as text
# by the loader) are built here; the rest go to ruamel.
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)")
_FLOAT = re.compile(
    r"""(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))""",
    re.X,
)
_INT = re.compile(r"(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)")
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_TIMESTAMP = re.compile(
    r"""(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)""",
    re.X,
)
_PLAIN_INT = re.compile(r"[-+]?[1-9][0-9]*")  # ruamel returns these as plain ints
_RESOLVERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("bool", _BOOL, "tTfF"),
    ("float", _FLOAT, "-+0123456789."),
    ("int", _INT, "-+0123456789"),
    ("merge", re.compile("<<"), "<"),
    ("null", _NULL, "~nN"),
    ("timestamp", _TIMESTAMP, "0123456789"),
    ("value", re.compile("="), "="),
)
# Characters ruamel's reader refuses, and line breaks the two parsers might count differently.
# ruamel's is the complement, [^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff];
# written positively it compiles in a fraction of the time.
NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_ODD_TEXT = re.compile("[\t\x85\u2028\u2029\ufeff]|\r(?!\n)")  # libyaml takes tabs ruamel refuses


def _scalar(value: str, style: str, anchor: str | None) -> Any:
    """A scalar's value as ruamel's round-trip constructor gives it (after ``_plain``)."""
    if style:  # quoted, literal or folded: always a string
        return value
    if not value:
        return _EMPTY
    kind = next((n for n, pattern, first in _RESOLVERS if value[0] in first and pattern.fullmatch(value)), "")
    if kind in ("", "timestamp"):  # dates stay text: the model parses them
        return value
    if kind == "null":
        return None
    if anchor is None and kind == "bool":
        return value.lower() == "true"
    if anchor is None and kind == "int" and _PLAIN_INT.fullmatch(value):
        return int(value)
    raise Fallback(kind)


def compose(text: str, max_depth: int, max_aliases: int) -> Composed:
    """Build the document in ``text``; raise :class:`Limit`, or :class:`Fallback` for ruamel."""
    body = text.removeprefix("\ufeff")  # ruamel too starts column 0 after a byte-order mark
    if NON_PRINTABLE.search(body) or _ODD_TEXT.search(body):
        raise Fallback("characters")
    try:
        from yaml import YAMLError
        from yaml._yaml import CParser
    except ImportError as missing:  # PyYAML built without libyaml: ruamel does it all
        raise Fallback("no libyaml") from missing

    parser = CParser(body)
    try:
        return _walk(parser, body, max_depth, max_aliases)
    except YAMLError as err:
        raise Fallback("syntax") from err
    finally:
        parser.dispose()


_NO_KEY = object()
_EMPTY = object()  # an empty plain scalar: null, placed where ruamel places it (see _walk)
_BLOCK_HEADER = re.compile(r"(?:&\S+[ ]+)?[|>](?:[-+][1-9]?|[1-9][-+]?)?(?:[ ]+(?:#[^\r\n]*)?)?\r?(?:\n|$)")
_NAME_ENDS = " \r\n,[]{}"  # what ends an anchor or alias name for ruamel (libyaml stops earlier)


def _name_ends(text: str, index: int, name: str) -> bool:
    """The ``&name`` or ``*name`` at ``index`` ends where ruamel's would (not at a ``:``, say)."""
    end = index + 1 + len(name)
    return text.startswith(name, index + 1) and (end >= len(text) or text[end] in _NAME_ENDS)


_EXPLICIT_KEY = re.compile(r"^[ \t]*(?:- +)*\?(?:[ \t]|$)", re.M)


def _walk(parser: Any, text: str, max_depth: int, max_aliases: int) -> Composed:
    """One pass over the events: containers on a stack, each value added where it belongs.

    An empty value of a block mapping (``url:`` and nothing) is null; ruamel marks it where the
    next key (or the mapping's end) starts, while libyaml marks it just after the colon, so its
    place is filled in when the next event arrives. Empty values anywhere else, or with a comment
    or an explicit ``?`` key near them, go to ruamel.
    """
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    marks: dict[int, Marks] = {}
    anchors: dict[str, Any] = {}
    stack: list[list[Any]] = []  # [container, its Marks, pending key, key's mark, keys seen, flow?]
    root: Any = None
    documents = aliases = 0
    first_alias: Pos | None = None

    def add(value: Any, literal: bool = False, *, where: Pos) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container, own = frame[0], frame[1]
        if isinstance(container, list):
            own.values[len(container)] = where
            if literal:
                own.literal.add(len(container))
            container.append(value)
        elif frame[2] is _NO_KEY:
            if isinstance(value, dict | list) or value in frame[4]:
                raise Fallback("key")  # a complex or duplicate key: ruamel says what it makes of it
            frame[4].add(value)
            frame[2], frame[3] = value, where
        else:
            key = str(frame[2])
            container[key] = value
            own.keys[key], own.values[key] = frame[3], where
            if literal:
                own.literal.add(key)
            frame[2] = _NO_KEY

    empty: tuple[Marks, str, int] | None = None  # an empty value waiting for its place
    while (event := parser.get_event()) is not None:
        kind = type(event)
        if empty is not None:
            own, key, after = empty
            mark = event.start_mark
            if kind not in (ScalarEvent, MappingEndEvent) or "#" in text[after : mark.index]:
                raise Fallback("empty")
            if mark.index >= len(text) and not text.endswith("\n"):
                raise Fallback("empty")  # libyaml ends an unterminated last line, ruamel does not
            own.values[key] = (mark.line, mark.column)
            empty = None
        if kind is ScalarEvent:
            if event.tag is not None:
                raise Fallback("tag")
            value = _scalar(event.value, event.style, event.anchor)
            mark = event.start_mark
            if event.style in ("|", ">") and not _BLOCK_HEADER.match(text, mark.index):
                raise Fallback("block header")  # libyaml takes headers ruamel refuses (">#x")
            if value is _EMPTY:
                frame = stack[-1] if stack else None
                if frame is None:
                    value = None
                elif not isinstance(frame[0], dict) or frame[2] is _NO_KEY or frame[5]:
                    raise Fallback("empty")  # an empty key, item, or flow value
                else:
                    if event.anchor is not None or _EXPLICIT_KEY.search(text):
                        raise Fallback("empty")
                    empty = (frame[1], str(frame[2]), mark.index)
                    value = None
            add(value, event.style == "|", where=(mark.line, mark.column))
            if event.anchor in anchors or (event.anchor and not _name_ends(text, mark.index, event.anchor)):
                raise Fallback("anchor")  # used twice (ruamel warns on stderr), or named differently
            if event.anchor is not None:
                anchors[event.anchor] = (value, event.style == "|", (mark.line, mark.column))
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            if event.anchor in anchors or (event.anchor and not _name_ends(text, mark.index, event.anchor)):
                raise Fallback("anchor")  # used twice (ruamel warns on stderr), or named differently
            if len(stack) >= max_depth:
                raise Limit("depth", (mark.line, mark.column))
            if event.tag is not None:
                raise Fallback("tag")
            container: Any = {} if kind is MappingStartEvent else []
            add(container, where=(mark.line, mark.column))
            marks[id(container)] = Marks((mark.line, mark.column))
            stack.append([container, marks[id(container)], _NO_KEY, None, set(), event.flow_style])
            if event.anchor is not None:
                anchors[event.anchor] = (container, False, (mark.line, mark.column))
        elif kind is AliasEvent:
            aliases += 1
            mark = event.start_mark
            if not _name_ends(text, mark.index, event.anchor):
                raise Fallback("alias")  # ruamel reads another name
            if first_alias is None:
                first_alias = (mark.line, mark.column)
            if aliases > max_aliases:
                raise Limit("aliases", (mark.line, mark.column))
            if event.anchor not in anchors or any(anchors[event.anchor][0] is f[0] for f in stack):
                raise Fallback("alias")  # undefined, or a node inside itself
            value, literal, where = anchors[event.anchor]
            add(value, literal, where=where)  # as ruamel: an alias is the anchored node, marks and all
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags:
                raise Fallback("document")
    return Composed(
        root, marks, first_alias
    )  # an empty value is placed by the next event, at worst StreamEnd


def from_ruamel(node: Any, marks: dict[int, Marks]) -> Any:
    """ruamel's round-trip tree → the same plain tree and marks the fast path makes.

    Called only once the size after expanding aliases is known to be small: shared nodes are
    copied, as the plain data always was.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(node, CommentedMap | CommentedSeq):
        own = Marks((node.lc.line, node.lc.col))
        if isinstance(node, CommentedMap):
            out: Any = {}
            for key, value in node.items():
                name = str(key)
                out[name] = from_ruamel(value, marks)
                if key in (node.lc.data or {}):
                    line, col, vline, vcol = node.lc.data[key]
                    own.keys[name], own.values[name] = (line, col), (vline, vcol)
                if isinstance(value, LiteralScalarString):
                    own.literal.add(name)
        else:
            out = []
            for i, value in enumerate(node):
                out.append(from_ruamel(value, marks))
                if i in (node.lc.data or {}):
                    own.values[i] = tuple(node.lc.data[i][:2])
                if isinstance(value, LiteralScalarString):
                    own.literal.add(i)
        marks[id(out)] = own
        return out
    if isinstance(node, list):  # a ``!!pairs`` list: plain, of (key, value) tuples
        return [from_ruamel(v, marks) for v in node]
    if isinstance(node, AbstractSet):  # ``!!set {a, b}``: a list in the order written, never hash order
        return [from_ruamel(v, marks) for v in node]
    if isinstance(node, str):
        return str(node)
    return node

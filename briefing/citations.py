"""Pandoc-style citation markers: ``[@id]``, ``[@id, locator]``, ``[@a; @b, p. 3]``.

One marker is one citation group and becomes one footnote. The loader uses this to check
that every id resolves; the HTML stage uses it to turn markers into footnotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MARKER = re.compile(r"\[(@[^\[\]]+)\]")
_ITEM = re.compile(r"^\s*@([a-z0-9][a-z0-9-]*)\s*(?:,\s*(?P<loc>.+?))?\s*$")


@dataclass(frozen=True)
class Cite:
    """One source cited, with an optional locator such as ``para. 9``."""

    source: str
    locator: str | None = None


@dataclass(frozen=True)
class Marker:
    """A whole ``[@…]`` marker as found in text."""

    start: int
    end: int
    raw: str
    cites: tuple[Cite, ...]
    malformed: bool = False


def parse_group(inner: str) -> tuple[tuple[Cite, ...], bool]:
    """Parse the inside of a marker; the flag is True if any item is malformed."""
    cites: list[Cite] = []
    bad = False
    for item in inner.split(";"):
        m = _ITEM.match(item)
        if m is None:
            bad = True
            continue
        cites.append(Cite(m.group(1), m.group("loc")))
    return tuple(cites), bad or not cites


def find_markers(text: str) -> Iterator[Marker]:
    """Yield every citation marker in ``text`` in order."""
    for m in MARKER.finditer(text):
        cites, bad = parse_group(m.group(1))
        yield Marker(m.start(), m.end(), m.group(0), cites, bad)

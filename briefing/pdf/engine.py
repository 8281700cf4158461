"""The warm PDF engine: what WeasyPrint may keep between layouts in one process.

A layout parses the stylesheet, builds a fontconfig configuration (its font map and caches) and
copies every ``@font-face`` file into a temporary folder. ``watch``, ``preview`` and a build of
several briefs lay out again and again in one process, so inside :func:`kept` they share one
:class:`Engine`: one ``FontConfiguration`` whose fonts' folder lives as long as the engine, the
parsed stylesheet per distinct CSS text (a brief's stance colours change it), and WeasyPrint's
image cache. A one-shot build takes the same path with a fresh engine whose fonts land in the
build's private temporary folder, so a warm layout gives the bytes a cold one gives.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

STYLE = re.compile(r"<style>(.*?)</style>", re.S)  # our template's one stylesheet, in the <head>
KEEP_SHEETS = 8  # distinct stylesheets kept (a desk's briefs differ only in their stance colours)


class Engine:
    """One font configuration and the stylesheets parsed with it."""

    def __init__(self, folder: Path | None = None) -> None:
        self.fonts = FontConfiguration()
        if folder is not None:  # WeasyPrint makes its folder lazily in tempfile's; this one outlives builds
            self.fonts._folder = folder  # the attribute FontConfiguration.__del__ removes
        self.sheets: OrderedDict[str, tuple[CSS, CounterStyle]] = OrderedDict()
        self.images: dict[str, Any] = {}  # WeasyPrint's image cache, by URL
        self.layouts = 0

    def stylesheet(self, css: str, base_url: str, fetcher: Any) -> tuple[CSS, CounterStyle]:
        """The parsed CSS (and its counter styles) for this text, parsed once."""
        digest = hashlib.sha256(css.encode()).hexdigest()
        if digest in self.sheets:
            self.sheets.move_to_end(digest)
            return self.sheets[digest]
        counters = CounterStyle()
        sheet = CSS(
            string=css, base_url=base_url, url_fetcher=fetcher, font_config=self.fonts, counter_style=counters
        )
        self.sheets[digest] = (sheet, counters)
        while len(self.sheets) > KEEP_SHEETS:
            self.sheets.popitem(last=False)
        return sheet, counters

    def layout(self, html: str, base_url: str, fetcher: Any, **options: Any) -> Document:
        """Lay out ``html``; its first ``<style>`` is taken out and passed parsed, from the cache."""
        found = STYLE.search(html)
        sheets: list[CSS] = []
        counters: CounterStyle | None = None
        if found:  # its @counter-style rules, if any, live in ``counters``; the UA's are added again
            sheet, counters = self.stylesheet(found.group(1), base_url, fetcher)
            html = html[: found.start()] + html[found.end() :]
            sheets = [sheet]
        self.layouts += 1
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=self.fonts, counter_style=counters, stylesheets=sheets, cache=self.images, **options
        )
        return document


_warm: Engine | None = None


def current() -> Engine:
    """The warm engine inside :func:`kept`, else a fresh (cold) one."""
    return _warm if _warm is not None else Engine()


@contextlib.contextmanager
def kept() -> Iterator[Engine]:
    """Share one engine across every layout inside; its fonts' folder is removed on the way out."""
    global _warm
    if _warm is not None:  # nested (preview runs watch): the outer one owns it
        yield _warm
        return
    folder = Path(tempfile.mkdtemp(prefix="briefing-fonts-", dir=_system_tempdir()))
    _warm = Engine(folder)
    try:
        yield _warm
    finally:
        _warm = None
        shutil.rmtree(folder, ignore_errors=True)


def _system_tempdir() -> str:
    """The system's temporary folder, not a build's private one (which is removed after it)."""
    saved = tempfile.tempdir
    tempfile.tempdir = None
    try:
        return tempfile.gettempdir()
    finally:
        tempfile.tempdir = saved

"""Stage 1 — load: ``seeds/`` → a validated :class:`~briefing.model.Brief` (:mod:`.brief`).

The package itself imports nothing: ``load_brief`` is fetched from :mod:`briefing.load.brief`
on first use, so a module that needs only the character rules (:mod:`.chars`, which
``briefing.values`` shares for command-line values) does not import the content model, the
Markdown parser and every check with them (a third of a second of every build that reuses its
rendered HTML).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.load.brief import load_brief

__all__ = ["load_brief"]


def __getattr__(name: str) -> object:
    if name == "load_brief":
        from briefing.load.brief import load_brief

        return load_brief
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

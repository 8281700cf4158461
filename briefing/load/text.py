"""What text may contain: the one place that decides, at ``check`` time.

Every string of every YAML file passes through :func:`check_text`, so a brief that passes
``check`` cannot fail in ``build`` on its content. Three kinds of rule live here:

* characters: XML 1.0 (and so PDF tags and DOCX) cannot hold C0 controls other than tab, line
  feed and carriage return, lone surrogates or the noncharacters U+FFFE/U+FFFF (in any plane);
  DEL, the C1 controls and U+FDD0–U+FDEF are refused too — pasted from a PDF they are invisible
  garbage, and Word rejects some of them;
* lengths the writers limit (Word's document properties hold 255 characters) and lengths that keep
  the checks fast (a pull-quote is an excerpt);
* Markdown: prose fields hold paragraphs, lists, emphasis, links and citations, the vocabulary the
  DOCX writer maps to Word styles; a heading, block quote or code span is reported naming the
  field, and links must use an allowed scheme.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from briefing.citations import MARKER
from briefing.errors import Problem
from briefing.load.chars import FORBIDDEN, HANDLING_CHARS, describe
from briefing.load.yamlfile import Loc, YamlFile, field_name, matches, strings
from briefing.model import BriefMeta, SourceMeta
from briefing.roles import Role, paths

PROPERTY_CHARS = 255  # python-docx (and Word) refuse longer core properties
QUOTE_CHARS = 1_000  # pull-quotes are excerpts; longer ones also make "did you mean" slow
LINK_SCHEMES = ("http", "https", "mailto")

# The roles declared on the model (briefing/roles.py): fields that become Word document
# properties (title, author, subject; keywords below), prose rendered as Markdown blocks
# (paragraphs, lists) or inline (one paragraph's runs), as the templates render them, and links.
_MODELS = (BriefMeta, SourceMeta)
PROPERTIES: tuple[Loc, ...] = paths(*_MODELS, where=lambda r: Role.PROPERTY in r)
BLOCK_PROSE: tuple[Loc, ...] = paths(*_MODELS, where=lambda r: r.markdown == "block")
INLINE_PROSE: tuple[Loc, ...] = paths(*_MODELS, where=lambda r: r.markdown == "inline")
URLS: tuple[Loc, ...] = paths(*_MODELS, where=lambda r: Role.URL in r)

# Markdown tokens a prose field may produce, and how to name the ones it may not.
_ALLOWED = {
    "paragraph_open", "paragraph_close", "inline", "text", "softbreak", "hardbreak",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "em_open", "em_close", "strong_open", "strong_close",
    "link_open", "link_close", "citation",
}  # fmt: skip
_NAMES = {
    "heading_open": "a heading (# …)",
    "blockquote_open": "a block quote (> …)",
    "code_inline": "inline code (`…`)",
    "code_block": "an indented code block (four spaces)",
    "fence": "a code block (```)",
    "hr": "a horizontal rule (---)",
}
MAX_LIST_DEPTH = 2  # a list inside a list; Word numbering and the reader both stop there


def link_allowed(url: str) -> bool:
    """Links in content are an allow-list: http, https, mailto. (Internal ``#id`` links are the
    templates' to make: an id in prose could name an anchor that does not exist.)"""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in LINK_SCHEMES and not FORBIDDEN.search(url) and not any(c.isspace() for c in url)






def check_text(doc: YamlFile) -> list[Problem]:
    """Every string of ``doc`` against the rules above; one problem per field and rule."""
    problems: list[Problem] = []
    for loc, text in strings(doc.data):
        bad = FORBIDDEN.search(text)
        if bad:
            line, col = doc.locate_text(loc, bad.group())
            problems.append(
                Problem(doc.path, line, col, field_name(loc), f"contains {describe(bad.group())}; delete it")
            )
            continue  # the other rules would only repeat the same field
        if any(matches(loc, p) for p in PROPERTIES) and len(text) > PROPERTY_CHARS:
            message = f"has {len(text)} characters; Word allows {PROPERTY_CHARS} in a document property"
            problems.append(doc.problem(loc, message))
        if loc == ("handling",) and len(text) > HANDLING_CHARS:
            message = f"has {len(text):,} characters; a handling line has at most {HANDLING_CHARS}"
            problems.append(doc.problem(loc, message))
        if loc[:1] == ("quotes",) and loc[-1:] == ("text",) and len(text) > QUOTE_CHARS:
            message = f"has {len(text)} characters; a pull-quote has at most {QUOTE_CHARS}"
            problems.append(doc.problem(loc, message))
        if any(matches(loc, p) for p in URLS) and not link_allowed(text):
            problems.append(doc.problem(loc, f"not a web address ({', '.join(LINK_SCHEMES)}:)"))
        if any(matches(loc, p) for p in BLOCK_PROSE):
            problems += _markdown(doc, loc, text, block=True)
        elif any(matches(loc, p) for p in INLINE_PROSE):
            problems += _markdown(doc, loc, text, block=False)
    keywords = doc.data.get("keywords") if doc.path.name == "brief.yaml" else None
    if isinstance(keywords, list) and all(isinstance(k, str) for k in keywords):
        joined = len(", ".join(keywords))
        if joined > PROPERTY_CHARS:
            message = f"have {joined} characters together; Word allows {PROPERTY_CHARS} in a property"
            problems.append(doc.problem(("keywords",), message))
    return problems


def _parser() -> MarkdownIt:
    """The prose parser configured as :class:`briefing.html.markdown.Prose` configures it, but
    keeping every link (so a refused scheme is reported, not silently left as text)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.disable(["image", "html_inline", "html_block"])
    md.inline.ruler.before("link", "citation", _skip_citation)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _skip_citation(state: StateInline, silent: bool) -> bool:
    """A ``[@id]`` marker is a citation, never a link (the citation rules check it)."""
    match = MARKER.match(state.src, state.pos) if state.src.startswith("[@", state.pos) else None
    if match is None:
        return False
    if not silent:
        state.push("citation", "", 0)
    state.pos = match.end()
    return True


_PARSER: list[MarkdownIt] = []


def _markdown(doc: YamlFile, loc: Loc, text: str, *, block: bool) -> list[Problem]:
    if not _PARSER:
        _PARSER.append(_parser())
    md = _PARSER[0]
    tokens = md.parse(text) if block else [Token("inline", "", 0, children=md.parseInline(text)[0].children)]
    problems: list[Problem] = []
    depth = deepest = 0
    for token in _flatten(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth > MAX_LIST_DEPTH >= deepest:
                problems.append(doc.problem(loc, f"lists nest deeper than {MAX_LIST_DEPTH} levels"))
            deepest = max(deepest, depth)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "link_open" and not link_allowed(str(token.attrGet("href") or "")):
            href = str(token.attrGet("href") or "")
            line, col = doc.locate_text(loc, href[:20]) if href else doc.locate(loc)
            message = f"link to {href[:40]!r} not allowed (only {', '.join(LINK_SCHEMES)})"
            problems.append(Problem(doc.path, line, col, field_name(loc), message))
        elif token.type not in _ALLOWED and token.nesting != -1:
            name = _NAMES.get(token.type, f"Markdown {token.type.removesuffix('_open')}")
            line, col = _where(doc, loc, token)
            problems.append(
                Problem(doc.path, line, col, field_name(loc), f"prose may not hold {name}; write plain text")
            )
    return problems


def _where(doc: YamlFile, loc: Loc, token: Token) -> tuple[int, int]:
    """Where a Markdown construct starts: by its line in a literal (``|``) block, whose lines are
    the file's lines; else by searching for its text."""
    if token.map and doc.literal(loc):
        first, _ = doc.locate(loc)
        row = first + token.map[0]
        if row <= len(doc.lines):
            text = doc.lines[row - 1]
            return row, len(text) - len(text.lstrip()) + 1
    needle = (token.content or token.markup).strip().splitlines()[:1]
    return doc.locate_text(loc, needle[0][:30]) if needle else doc.locate(loc)


def _flatten(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _flatten(token.children)

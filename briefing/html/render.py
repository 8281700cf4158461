"""Stage 2 — html: the model rendered by Jinja into ONE semantic HTML document.

Both writers start from this string: WeasyPrint lays it out as the PDF, the DOCX writer walks
it element by element. Autoescaping is on for every template; prose reaches the templates only
through :class:`~briefing.html.markdown.Prose`, which escapes it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from briefing.catalogue import N_, Messages
from briefing.citations import find_markers
from briefing.cite.forms import Citations
from briefing.dates import speaking
from briefing.fonts import font_faces
from briefing.html.figure import timeline_svg
from briefing.html.markdown import Prose, brief_language, finalize, quotes_for, typographic
from briefing.html.matrix import Matrix
from briefing.html.provenance import production_note, quote_note
from briefing.html.sandbox import Sandbox, TemplateLoader, render
from briefing.html.stands import stands
from briefing.lang import CJK_RUN, direction, format_list, other_direction, primary
from briefing.load.analytic import scale_label
from briefing.model import Actor, Brief, PartialDate, Quote
from briefing.paths import TEMPLATES
from briefing.roles import role_of
from briefing.theme import PAGE_LABEL, PAPER, THEME, Theme
from briefing.theme_file import logo_data_uri


def _cjk_marked(text: str, tag: str) -> Markup:
    """Only the CJK runs of ``text`` marked with ``tag``: the romanised words stay Latin."""
    out, at = Markup(""), 0
    for run in CJK_RUN.finditer(text):
        marked = Markup('<span class="lang" lang="{}">{}</span>').format(tag, run.group())
        out += escape(text[at : run.start()]) + marked
        at = run.end()
    return out + escape(text[at:])


def markup_list(items: list[Markup], lang: str) -> Markup:
    """HTML items (links) joined as CLDR joins a list in ``lang``: ``A, B and C``, ``A、B和C``."""
    tokens = [f"\x00{i}\x00" for i in range(len(items))]
    joined = str(escape(format_list(tokens, lang)))
    for token, item in zip(tokens, items, strict=True):
        joined = joined.replace(token, str(item))
    return Markup(joined)


def pageref(actor: Actor, quote: Quote) -> Markup:
    """A link to where an actor's section prints a quote (the PDF adds its page)."""
    return Markup('<a class="pageref" href="#qa-{}-{}">{}</a>').format(actor.id, quote.id, actor.name)


def other_dir(outer: str, inner: str | None) -> Markup:
    """`` dir="rtl"`` (or ``ltr``) when text in ``inner`` runs the other way than around it."""
    way = other_direction(outer, inner)
    return Markup(' dir="{}"').format(way) if way else Markup("")


@pass_context
def long_date(ctx: Context, value: PartialDate) -> str:
    """``9 December 2020``, ``May 2021``, ``2021``: as precise as the seed gives it, in the
    brief's language (``9 décembre 2020``)."""
    return value.long(brief_language(ctx.get("brief")))


CONFIDENCE = {
    "high": N_("High confidence"),
    "moderate": N_("Moderate confidence"),
    "low": N_("Low confidence"),
}


# Marks after which an excerpt ends a sentence: Latin and full-width (CJK) stops and closing quotes.
_SENTENCE_END = frozenset(".?!…\"'”’。！？｡」』）")
_INNER_QUOTES = re.compile(r"[\"\u201c]([^\"\u201c\u201d]*)[\"\u201d]")


def elide(quote: str, lang: str = "en") -> str:
    """Mark an excerpt that starts or stops mid-sentence with an ellipsis, as editors do.

    The words stay verbatim; only the marks of omission are added for display. In a brief that
    quotes with “ ”, double marks nested inside become single (the English convention); other
    languages keep the source's own marks.
    """
    text = " ".join(quote.split())
    if quotes_for(lang)[0] == "“":
        text = _INNER_QUOTES.sub(lambda m: f"\u2018{m.group(1)}\u2019", text)  # nested: double → single
    if text[:1].islower():
        text = "…" + text
    if text[-1:] not in _SENTENCE_END:
        text += "…"
    return text


def pullquote(quote: str, lang: str = "en", quote_lang: str | None = None) -> str:
    """A pull-quote in the brief's quotation marks (“ ”, « », 「 」), elided as :func:`elide` marks
    it; a quote that is itself one whole quotation (« … », “ … ”) keeps its source's marks and
    gets none of ours around them. A quote set the other way than the brief (English in Arabic)
    takes the marks of its own language ``quote_lang``: Arabic ” “ read wrong left to right."""
    text = " ".join(quote.split())
    if quote_lang and other_direction(lang, quote_lang):
        lang = quote_lang
    marks = quotes_for(lang)
    return text if _whole_quotation(text) else f"{marks[0]}{elide(text, lang)}{marks[1]}"


_OWN_MARKS = {  # opening mark → its closers
    "\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019", "\u300c": "\u300d",
    "\u201d": "\u201c",  # Arabic ” “
}  # fmt: skip


def _whole_quotation(text: str) -> bool:
    """True when ``text`` is one quotation in its own marks: its opening mark is closed only at
    the end (a stop or comma may follow), so ``“A” and “B”`` is not one."""
    closers = _OWN_MARKS.get(text[:1])
    body = text.rstrip(" .,;:")
    if not closers or body[-1:] not in closers:
        return False
    depth = 0
    for i, ch in enumerate(body):
        if ch == text[0] and (i == 0 or ch not in closers):
            depth += 1
        elif ch in closers:
            depth -= 1
            if depth == 0 and i < len(body) - 1:
                return False
    return depth == 0


@pass_context
def _template_name(ctx: Context) -> str:
    return ctx.name or ""


@functools.cache
def environment(template_dir: Path | None = None) -> Sandbox:
    """One Jinja environment per process: templates are compiled once, not per render.

    A user's ``template_dir`` is searched first, so its templates override the built-in ones by name.
    """
    env = Sandbox(  # user templates are someone else's code: see briefing.html.sandbox
        loader=TemplateLoader([template_dir, TEMPLATES] if template_dir else TEMPLATES),
        extensions=["jinja2.ext.i18n"],  # _("…"): the tool's words, from briefing/catalogue
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,  # typographic quotes in every plain-text value
    )
    english = Messages()
    env.install_gettext_callables(english.gettext, english.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["long_date"] = long_date
    env.filters["elide"] = elide
    env.filters["pullquote"] = pullquote
    env.globals["template_name"] = _template_name
    return env


def page_label_css(label: str = PAGE_LABEL) -> str:
    """``Page {page} of {pages}`` → ``"Page " counter(page) " of " counter(pages)``."""
    parts = re.split(r"\{(pages?)\}", label)
    quoted = [
        part.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
        for part in parts
    ]  # CSS strings: the label is the analyst's text, never CSS, and never ends the <style>
    out = [f'"{part}"' if i % 2 == 0 else f"counter({part})" for i, part in enumerate(quoted)]
    return " ".join(p for p in out if p != '""')


def render_css(
    paper: str = "a4",
    template_dir: Path | None = None,
    fills: dict[str, str] | None = None,
    page_label: str = PAGE_LABEL,
    lang: str = "en",
    theme: Theme = THEME,
) -> str:
    """The stylesheet, every value from ``theme``; ``fills`` maps each stance id to its resolved
    fill (one rule each); ``page_label`` is the footer's words in the brief's language ``lang``,
    whose direction mirrors the page when it is right to left."""
    faces = theme.fonts.rtl_faces(lang) or theme.fonts.cjk_faces(lang)
    size = PAPER[paper][0]
    return render(
        environment(template_dir),
        "print.css.j2",
        theme=theme,
        paper=size,
        paper_key=paper,
        faces=font_faces(),
        page_label_css=Markup(page_label_css(page_label)),
        fills=fills or {},
        cjk=sorted(theme.fonts.cjk.items(), key=lambda kv: len(kv[0])),  # general tags first
        rtl_faces=sorted(theme.fonts.rtl.items(), key=lambda kv: len(kv[0])),
        rtl=direction(lang) == "rtl",
        script_face=faces[0] if faces else None,
    )


def source_path(source_id: str, key: str = "") -> str:
    """A curation file's field path, ``sources/brown-2021.yaml:quotes.0.why``: the file, then
    the path inside it (``briefing absorb`` writes an edit there)."""
    return f"sources/{source_id}.yaml:{key}"


def field_paths(brief: Brief) -> dict[str, str]:
    """Each text the analyst wrote → its path (``key_judgments.0.text`` in brief.yaml,
    ``sources/<id>.yaml:summary`` in a curation), for the texts that occur once: the DOCX marks
    where each paragraph came from (``briefing absorb``). A text written twice, a curation's
    ``positions:`` entry repeating a brief field word for word, say, could come from either, so
    neither is marked."""
    found: dict[str, list[str]] = {}

    def walk(value: object, path: str) -> None:
        if isinstance(value, str):
            found.setdefault(value, []).append(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list | tuple):
            for n, item in enumerate(value):
                walk(item, f"{path}.{n}")

    data = brief.model_dump(exclude={"sources"}) if hasattr(brief, "model_dump") else {}
    walk(data, "")
    for source in getattr(brief, "sources", ()):
        curation = source.model_dump(by_alias=True, exclude={"id", "text", "text_path"})
        for key, value in curation.items():
            walk(value, source_path(source.id, key))
    return {text: paths[0] for text, paths in found.items() if len(paths) == 1 and text.strip()}


def render_html(
    brief: Brief,
    *,
    paper: str = "a4",
    template_dir: Path | None = None,
    editorial_record: bool = False,
    style: str | None = None,
    theme: Theme = THEME,
) -> str:
    """The whole brief as one HTML document, stylesheet inline so the preview is self-contained.

    ``theme`` gives the stylesheet, the matrix's fills and density, the figure and the logo: a
    build's ``--theme`` arrives here as an argument, nothing global is swapped.

    ``editorial_record`` adds an appendix of production notes (files, how each text was obtained,
    date notes); without it they reach only the HTML's data attributes and ``--review`` comments.
    ``style``: a CSL style (id or path) in place of the brief's ``citation_style``. The notes are
    filled in after the templates ran, so the processor sees them in document order.
    """
    citations = Citations(brief, style)
    prose = Prose(brief, citations)
    msgs = brief.messages
    fills = brief.stance_fills(theme)

    def lang_attr(lang: str | None) -> Markup:
        """`` lang="zh-Hans"`` on an element whose text is in another language than the brief's
        (and `` dir="rtl"`` when it runs the other way)."""
        tag = brief.foreign(lang)
        return Markup(' lang="{}"{}').format(tag, other_dir(brief.lang, tag)) if tag else Markup("")

    def cell_provenance(text: str) -> str:
        """The sources behind a matrix cell's coding (``build --review`` comments)."""
        ids = dict.fromkeys(c.source for m in find_markers(text) for c in m.cites)
        refs = "; ".join(citations.text(brief.source(i)) for i in ids)
        return msgs("Coded from %(refs)s.", refs=refs) if refs else msgs("No source addresses this cell.")

    def in_lang(text: str, lang: str | None) -> Markup:
        """Words in a source's language; in an East Asian language mixed with a romanised form,
        only the CJK runs are marked ("Wang Xiaoming (王晓明)")."""
        tag = brief.foreign(lang)
        if not tag:
            return escape(text)
        if primary(tag) in ("zh", "ja", "ko") and re.search(r"[A-Za-z]", text):
            return _cjk_marked(text, tag)
        span = Markup('<span class="lang" lang="{}"{}>{}</span>')
        return span.format(tag, other_dir(brief.lang, tag), text)

    paths = field_paths(brief)
    marked: set[str] = set()

    def field(text: str) -> str:
        """The field path to mark ``text`` with, once: a template that prints a field twice
        marks its first appearance, as a Word bookmark name can be written only once."""
        path = paths.get(text, "")
        if path in marked:
            return ""
        marked.add(path)
        return path

    def md(text: str, first_class: str | None = None) -> Markup:
        return prose.block(text, first_class, field=field(text) or None)

    def mdi(text: str, citation=None) -> Markup:
        return prose.inline(text, citation, field="" if citation else field(text))

    def plain(text: str) -> Markup:
        return prose.plain(text, field=field(text))

    def shown(owner, name: str | tuple, first_class: str | None = None, text: str | None = None) -> Markup:
        """A field of the model rendered as its declared roles say (:mod:`briefing.roles`): block
        or inline Markdown, or plain text. ``name`` is the attribute, or a path under it
        (``("positions", actor.id)``) with ``text`` the value printed for it."""
        loc = (name,) if isinstance(name, str) else tuple(name)
        role = role_of(type(owner), loc)
        value = getattr(owner, str(loc[0])) if text is None else text
        if role.markdown == "block":
            return md(value, first_class)
        if role.markdown == "inline":
            return mdi(value)
        if role.prose:
            return plain(value)
        raise ValueError(f"{type(owner).__name__}.{'.'.join(map(str, loc))} is not a prose field")

    def as_written(text: str, lang: str | None = None) -> Markup:
        """A text printed as the analyst wrote it (no Markdown), with the quotation marks and
        spacing of its language ``lang`` (the brief's by default), marked with its field path."""
        path = field(text)
        shown = typographic(text, lang or brief.lang)
        return Markup('<span class="field" data-field="{}">{}</span>').format(path, shown) if path else shown

    with speaking(brief.lang):  # dates in notes and references too, in the brief's language
        html = render(
            environment(template_dir),
            "brief.html.j2",
            require="<body",
            brief=brief,
            cite=citations,
            prose=shown,  # every field of the brief: rendered as its roles say
            md=md,  # any other text, as block or inline Markdown (a user's template may use them)
            mdi=mdi,
            plain=plain,
            as_written=as_written,
            matrix=Matrix(brief, prose, citations, paper=paper, field=field, theme=theme),
            # our stylesheet, from the theme
            css=Markup(
                render_css(
                    paper,
                    template_dir,
                    fills,
                    page_label=msgs(PAGE_LABEL),
                    lang=brief.lang,
                    theme=theme,
                )
            ),
            lang_attr=lang_attr,
            dir_attr=lambda lang: other_dir("en", lang),
            in_lang=in_lang,
            provenance=lambda source, quote: quote_note(
                source, quote.text, brief.actor_names(quote.actors), msgs
            ),
            production_note=lambda source: production_note(source, msgs),
            pagerefs=lambda under: markup_list([pageref(actor, quote) for actor, quote in under], brief.lang),
            editorial_record=editorial_record,
            cell_provenance=cell_provenance,
            timeline=timeline_svg(brief, citations, theme) if brief.timeline else None,
            logo=logo_data_uri(theme.brand),  # a theme file's logo, carried in the HTML itself
            stands=stands(brief, msgs),
            likelihood_scale=scale_label(brief.likelihood_scale, msgs),
            theme=theme,
            fills=fills,
            page_label=msgs(PAGE_LABEL),
            confidence_label=lambda level: msgs(CONFIDENCE[level]),
            **msgs.jinja(),
        )
        return citations.resolve(html)

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

from briefing.citations import find_markers
from briefing.cite.forms import Citations
from briefing.fonts import font_faces
from briefing.html.figure import timeline_svg
from briefing.html.markdown import Prose, finalize
from briefing.html.matrix import Matrix
from briefing.html.provenance import production_note, quote_note
from briefing.html.sandbox import Sandbox, TemplateLoader, render
from briefing.html.stands import stands
from briefing.lang import CJK_RUN, primary
from briefing.load.analytic import scale_label
from briefing.model import Brief, PartialDate
from briefing.paths import TEMPLATES
from briefing.theme import PAGE_LABEL, PAPER, THEME, logo_data_uri


def _cjk_marked(text: str, tag: str) -> Markup:
    """Only the CJK runs of ``text`` marked with ``tag``: the romanised words stay Latin."""
    out, at = Markup(""), 0
    for run in CJK_RUN.finditer(text):
        marked = Markup('<span class="lang" lang="{}">{}</span>').format(tag, run.group())
        out += escape(text[at : run.start()]) + marked
        at = run.end()
    return out + escape(text[at:])


def long_date(value: PartialDate) -> str:
    """``9 December 2020``, ``May 2021``, ``2021``: as precise as the seed gives it."""
    return value.long()


# Marks after which an excerpt ends a sentence: Latin and full-width (CJK) stops and closing quotes.
_SENTENCE_END = frozenset(".?!…\"'”’。！？｡」』）")
_INNER_QUOTES = re.compile(r"[\"\u201c]([^\"\u201c\u201d]*)[\"\u201d]")


def elide(quote: str) -> str:
    """Mark an excerpt that starts or stops mid-sentence with an ellipsis, as editors do.

    The words stay verbatim; only the marks of omission are added for display.
    """
    text = " ".join(quote.split())
    text = _INNER_QUOTES.sub(lambda m: f"\u2018{m.group(1)}\u2019", text)  # nested: double → single
    if text[:1].islower():
        text = "…" + text
    if text[-1:] not in _SENTENCE_END:
        text += "…"
    return text


def pullquote(quote: str) -> str:
    """A pull-quote in quotation marks, elided as :func:`elide` marks it; a quote that is itself
    one whole quotation (« … », “ … ”) keeps its source's marks and gets none of ours around them."""
    text = " ".join(quote.split())
    return text if _whole_quotation(text) else f"\u201c{elide(text)}\u201d"


_OWN_MARKS = {  # opening mark → its closers
    "\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019", "\u300c": "\u300d"
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
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,  # typographic quotes in every plain-text value
    )
    env.filters["long_date"] = long_date
    env.filters["elide"] = elide
    env.filters["pullquote"] = pullquote
    env.globals["template_name"] = _template_name
    return env


def page_label_css(label: str = PAGE_LABEL) -> str:
    """``Page {page} of {pages}`` → ``"Page " counter(page) " of " counter(pages)``."""
    parts = re.split(r"\{(pages?)\}", label)
    out = [f'"{part}"' if i % 2 == 0 else f"counter({part})" for i, part in enumerate(parts)]
    return " ".join(p for p in out if p != '""')


def render_css(
    paper: str = "a4", template_dir: Path | None = None, fills: dict[str, str] | None = None
) -> str:
    """The stylesheet; ``fills`` maps each stance id to its resolved fill (one rule each)."""
    size = PAPER[paper][0]
    return render(
        environment(template_dir),
        "print.css.j2",
        theme=THEME,
        paper=size,
        faces=font_faces(),
        page_label_css=Markup(page_label_css()),
        fills=fills or {},
        cjk=sorted(THEME.fonts.cjk.items(), key=lambda kv: len(kv[0])),  # general tags first
    )


def field_paths(brief: Brief) -> dict[str, str]:
    """Each prose text of brief.yaml → its path there (``key_judgments.0.text``), for the texts
    that occur once: the DOCX marks where each paragraph came from (``briefing absorb``)."""
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
    return {text: paths[0] for text, paths in found.items() if len(paths) == 1 and text.strip()}


def render_html(
    brief: Brief,
    *,
    paper: str = "a4",
    template_dir: Path | None = None,
    editorial_record: bool = False,
    style: str | None = None,
) -> str:
    """The whole brief as one HTML document, stylesheet inline so the preview is self-contained.

    ``editorial_record`` adds an appendix of production notes (files, how each text was obtained,
    date notes); without it they reach only the HTML's data attributes and ``--review`` comments.
    ``style``: a CSL style (id or path) in place of the brief's ``citation_style``. The notes are
    filled in after the templates ran, so the processor sees them in document order.
    """
    citations = Citations(brief, style)
    prose = Prose(brief, citations)

    def lang_attr(lang: str | None) -> Markup:
        """`` lang="zh-Hans"`` on an element whose text is in another language than the brief's."""
        tag = brief.foreign(lang)
        return Markup(' lang="{}"').format(tag) if tag else Markup("")

    def cell_provenance(text: str) -> str:
        """The sources behind a matrix cell's coding (``build --review`` comments)."""
        ids = dict.fromkeys(c.source for m in find_markers(text) for c in m.cites)
        refs = "; ".join(citations.text(brief.source(i)) for i in ids)
        return f"Coded from {refs}." if refs else "No source addresses this cell."

    def in_lang(text: str, lang: str | None) -> Markup:
        """Words in a source's language; in an East Asian language mixed with a romanised form,
        only the CJK runs are marked ("Wang Xiaoming (王晓明)")."""
        tag = brief.foreign(lang)
        if not tag:
            return escape(text)
        if primary(tag) in ("zh", "ja", "ko") and re.search(r"[A-Za-z]", text):
            return _cjk_marked(text, tag)
        return Markup('<span class="lang" lang="{}">{}</span>').format(tag, text)

    paths = field_paths(brief)

    def md(text: str, first_class: str | None = None) -> Markup:
        return prose.block(text, first_class, field=paths.get(text))

    def mdi(text: str, citation=None) -> Markup:
        return prose.inline(text, citation, field="" if citation else paths.get(text, ""))

    html = render(
        environment(template_dir),
        "brief.html.j2",
        require="<body",
        brief=brief,
        cite=citations,
        md=md,
        mdi=mdi,
        plain=prose.plain,
        matrix=Matrix(brief, prose, citations, paper=paper),
        css=Markup(render_css(paper, template_dir, brief.stance_fills)),  # our stylesheet, from the theme
        lang_attr=lang_attr,
        in_lang=in_lang,
        provenance=lambda source, quote: quote_note(source, quote.text, brief.actor_names(quote.actors)),
        production_note=production_note,
        editorial_record=editorial_record,
        cell_provenance=cell_provenance,
        timeline=timeline_svg(brief, citations) if brief.timeline else None,
        logo=logo_data_uri(THEME.brand),  # a theme file's logo, carried in the HTML itself
        stands=stands(brief),
        likelihood_scale=scale_label(brief.likelihood_scale),
        theme=THEME,
        page_label=PAGE_LABEL,
    )
    return citations.resolve(html)

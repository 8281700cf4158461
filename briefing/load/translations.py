"""Quotes in another language than the brief's carry a translation.

A reader of an English brief cannot weigh a Chinese quotation: every pull-quote of a source whose
language (its primary subtag: ``zh`` of ``zh-Hans``) differs from the brief's needs
``translation:``, and every quoted phrase of the prose found in such a source needs an entry in
brief.yaml's ``translations:`` (the phrase as quoted → its meaning). Both are printed beside the
original, which keeps its language tag.
"""

from __future__ import annotations

from briefing.errors import Problem
from briefing.lang import primary
from briefing.load.phrases import Checked
from briefing.load.phrases import _problem as phrase_problem
from briefing.load.quotes import normalize, shorten
from briefing.load.yamlfile import YamlFile
from briefing.model import BriefMeta


def key(phrase: str) -> str:
    """A phrase as translations are looked up: width, typography and spacing folded."""
    return normalize(phrase)


def other_language(brief_lang: str, lang: str | None) -> bool:
    return bool(lang) and primary(lang) != primary(brief_lang)  # type: ignore[arg-type]


def check_translations(
    brief_meta: BriefMeta | None, curated: list, verified: list[tuple[YamlFile, Checked]]
) -> list[Problem]:
    """A located problem for each foreign-language quote or quoted phrase without a translation;
    ``verified`` are the phrases the loader verified (:func:`briefing.load.phrases.check_phrases`),
    each with the file it stands in, read here rather than verified again."""
    if brief_meta is None:
        return []
    problems: list[Problem] = []
    langs = {path.stem: meta.lang for _, meta, path, _ in curated if meta is not None}
    for doc, meta, _, _ in curated:
        if meta is None or not other_language(brief_meta.lang, meta.lang):
            continue
        for i, quote in enumerate(meta.quotes):
            if not quote.translation:
                message = f"quote {quote.id} is in {meta.lang}, the brief in {brief_meta.lang}"
                message += "; add translation:"
                problems.append(doc.problem(("quotes", i, "id"), message))
    translated = {key(k) for k in brief_meta.translations}
    for doc, item in verified:
        if not item.ok or isinstance(item.run, int):
            continue
        lang = langs.get(item.source or "")
        if other_language(brief_meta.lang, lang) and key(item.run.phrase) not in translated:
            shown = shorten(item.run.phrase, 60)
            message = (
                f"quoted phrase “{shown}” is in {lang}, the brief in {brief_meta.lang}; add it to "
                "translations: in brief.yaml with its meaning"
            )
            problems.append(phrase_problem(doc, item.loc, item.run.opener + item.run.phrase, message))
    return problems

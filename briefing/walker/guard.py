"""The vocabulary guard: run once on the rendered HTML of every build, before any writer.

Whatever ``check`` passes, every writer can map; so a brief that builds one format builds all.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefing.errors import Problem
from briefing.html.vocabulary import allowed
from briefing.walker.page import Page
from briefing.walker.source import VocabularyError, classes, describe, elements, problem

VOCABULARY = "briefing/html/vocabulary.py"
EXTERNAL_LINK = re.compile(r"(?:https?://|mailto:)\S", re.I)  # the allow-list of briefing.load.text
# Page structure the templates mark on sections: attribute → the one value it may have.
PAGE_ATTRIBUTES = {"data-page": "landscape", "data-break-before": "page"}


def check(html: str | Page) -> None:
    """Raise :class:`VocabularyError` listing every problem of the page, if there is any."""
    page = html if isinstance(html, Page) else Page(html)
    problems = vocabulary_problems(page.body)
    if problems:
        raise VocabularyError(problems)


def _element_problem(element) -> str | None:
    if not allowed(element.tag, classes(element)):
        return f"{describe(element)} is not in the element vocabulary ({VOCABULARY})"
    if element.tag == "a" and element.get("href") is not None:
        href = element.get("href").strip()
        if not (re.fullmatch(r"#\S+", href) or EXTERNAL_LINK.match(href)):
            return f'<a href="{href}">: a link is "#id", http(s) or mailto, not this ({VOCABULARY})'
    for attribute, value in PAGE_ATTRIBUTES.items():
        given = element.get(attribute)
        if given is None:
            continue
        if element.tag != "section" or given != value:
            return f'{attribute}="{given}" on {describe(element)}: only <section {attribute}="{value}">'
    return None


def vocabulary_problems(body) -> list[Problem]:
    """Every element of ``body`` that the vocabulary does not list (SVG internals excepted),
    and every link or page attribute a writer cannot honour.

    The same problem written by the same template line is reported once, with a count.
    """
    found: dict[Problem, int] = {}
    for element in elements(body):
        message = _element_problem(element)
        if message:
            key = problem(element, message)
            found[key] = found.get(key, 0) + 1
    return [key if n == 1 else replace(key, message=f"{key.message}; {n} times") for key, n in found.items()]

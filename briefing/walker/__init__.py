"""The HTML walker every writer shares: the brief's HTML parsed once, read the same way.

The DOCX and Markdown writers (and any future one) walk the same HTML; what they share lives
here, so they cannot drift apart: parsing (:class:`Page`), element helpers (``classes``,
``is_element``, ``children``), the outermost SVGs as standalone documents (:mod:`.svg`), where an
element came from (:mod:`.source`), and ONE rule for an element a writer has no mapping for:
:func:`unknown` stops the build naming it and its template. The element vocabulary
(:mod:`briefing.html.vocabulary`) is checked once, right after render, for every build
(:func:`check`), so a writer meets an unknown element only when its own walk has a gap.
"""

from briefing.walker.guard import check, vocabulary_problems
from briefing.walker.page import Page, children
from briefing.walker.source import (
    VocabularyError,
    classes,
    describe,
    elements,
    fail,
    is_element,
    normalise,
    problem,
    stance_of,
    unknown,
)

__all__ = [
    "Page",
    "VocabularyError",
    "check",
    "children",
    "classes",
    "describe",
    "elements",
    "fail",
    "is_element",
    "normalise",
    "problem",
    "stance_of",
    "unknown",
    "vocabulary_problems",
]

"""The tool's own words in the brief's language: gettext catalogues, kept as Babel ``.po`` files.

Every fixed string the tool prints (headings, the masthead's lines, captions, page furniture,
confidence labels, the built-in "not addressed" stance, the e-mail's wording) is a gettext
message whose id is its English text. ``locale/<tag>/LC_MESSAGES/briefing.po`` beside this module
holds one language each; they are read at run time with :func:`babel.messages.pofile.read_po`
(no compile step), so an edited catalogue is live at once. ``docs/languages.md`` says how to add
one. The analyst's ``labels:`` in ``brief.yaml`` override any string; a string no catalogue gives
prints in English, and ``check`` says so.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import escape

from briefing.translatable import N_

LOCALE_DIR = Path(__file__).with_name("locale")
__all__ = ["ENGLISH", "N_", "Messages", "catalogue", "catalogue_tag", "locale_of", "message_ids", "shipped"]
DOMAIN = "briefing"
SOURCE = "en"  # the language of the message ids themselves
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def shipped() -> list[str]:
    """The catalogues beside this module (``en``, ``fr``, ``zh-Hans``, …), sorted."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def locale_of(lang: str | None) -> Locale | None:
    """Babel's locale for a BCP 47 tag, or None when CLDR does not know the language."""
    try:
        return Locale.parse((lang or SOURCE).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse((lang or SOURCE).split("-")[0])
        except (UnknownLocaleError, ValueError, TypeError):
            return None


def catalogue_tag(lang: str | None) -> str | None:
    """The catalogue a brief in ``lang`` reads: ``fr-CA`` → ``fr``, ``zh-TW`` → ``zh-Hant``,
    ``zh`` → ``zh-Hans``; None when no catalogue is shipped for the language."""
    available = {t.lower(): t for t in shipped()}
    locale = locale_of(lang)
    primary = (lang or SOURCE).split("-")[0].lower()
    candidates = [(lang or SOURCE).lower()]
    if locale is not None:
        script = locale.script or ("Hans" if locale.language == "zh" else None)
        if script:
            candidates.append(f"{locale.language}-{script}".lower())
        candidates.append(locale.language.lower())
    candidates.append(primary)
    return next((available[c] for c in candidates if c in available), None)


@functools.cache
def catalogue(tag: str) -> dict[str, str]:
    """One catalogue's translated messages (empty and fuzzy entries left out)."""
    path = LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as fh:
        cat = read_po(fh, locale=None)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


@functools.cache
def message_ids() -> tuple[str, ...]:
    """Every message id of the template (``briefing.pot``), in its order."""
    with TEMPLATE.open("rb") as fh:
        return tuple(m.id for m in read_po(fh) if m.id and isinstance(m.id, str))


class Messages:
    """The tool's words for one brief: its ``labels:``, then its language's catalogue, then English.

    ``missing`` collects the ids that fell back to English, for ``check``'s warning.
    """

    def __init__(self, lang: str | None = None, labels: Mapping[str, str] | None = None) -> None:
        self.lang = lang or SOURCE
        self.tag = catalogue_tag(self.lang)
        self.labels = dict(labels or {})
        self.table = catalogue(self.tag) if self.tag else {}
        self.missing: set[str] = set()

    def gettext(self, message: str) -> str:
        if message in self.labels:
            return self.labels[message]
        found = self.table.get(message)
        if found is None:
            if self.tag != SOURCE:
                self.missing.add(message)
            return message
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def __call__(self, message: str, **values: Any) -> str:
        """``msgs("Issued %(date)s", date=…)``: translated, then formatted."""
        text = self.gettext(message)
        return text % values if values else text

    def jinja(self) -> dict[str, Any]:
        """``gettext``/``ngettext`` for a template render, new-style: ``_("Page %(n)s", n=2)``
        formats after translating; the words and the values are both escaped (labels are content)."""

        @pass_context
        def gettext(ctx: Context, message: str, **values: Any) -> str:
            text = self.gettext(message)
            rv: str = escape(text) if ctx.eval_ctx.autoescape else text
            return rv % values if values else rv

        @pass_context
        def ngettext(ctx: Context, singular: str, plural: str, n: int, **values: Any) -> str:
            text = self.ngettext(singular, plural, n)
            rv: str = escape(text) if ctx.eval_ctx.autoescape else text
            return rv % {"num": n, **values}

        return {"gettext": gettext, "ngettext": ngettext}


ENGLISH = Messages(SOURCE)

"""Proofing language: the brief's BCP 47 tags (from the HTML's ``lang`` attributes) as Word's
``w:lang``, with the East-Asian language and face Word uses for Han, Kana and Hangul.

Word names languages ``ll-CC`` (``zh-CN``, not ``zh-Hans``): a script subtag becomes the region
Word associates with it. The East-Asian faces per language come from
:meth:`briefing.theme.Fonts.cjk_faces`; a language that is not East-Asian takes the theme's first
entry for any Han text it quotes.
"""

from __future__ import annotations

from briefing.docx import oxml as x
from briefing.docx.word import styles as st
from briefing.docx.word.runs import Fmt
from briefing.theme import Theme

SCRIPT_REGIONS = {"zh-hans": "zh-CN", "zh-hant": "zh-TW"}  # script → Word's region
BARE_REGIONS = {"zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}  # East-Asian tags without a region
BIDI = "ar-SA"  # Word's default complex-script language


def word_tag(lang: str) -> str:
    """A BCP 47 tag as Word's ``w:lang`` value (``zh-Hans-CN`` → ``zh-CN``, ``ja`` → ``ja-JP``)."""
    parts = [p for p in lang.replace("_", "-").split("-") if p]
    if not parts:
        return ""
    language = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    if region:
        return f"{language}-{region}"
    script = next((p for p in parts[1:] if len(p) == 4), None)
    if script and f"{language}-{script.lower()}" in SCRIPT_REGIONS:
        return SCRIPT_REGIONS[f"{language}-{script.lower()}"]
    return BARE_REGIONS.get(language, language)


def east_asian(lang: str, theme: Theme) -> tuple[str, str] | None:
    """(Word tag, Word face) when ``lang`` is an East-Asian language, else None."""
    faces = theme.fonts.cjk_faces(lang) if lang else None
    return (word_tag(lang), faces[1]) if faces else None


def default_east_asian(lang: str, theme: Theme) -> tuple[str, str]:
    """The East-Asian language and face of a document in ``lang``: its own, or the theme's first."""
    own = east_asian(lang, theme)
    if own:
        return own
    first, (_, face) = next(iter(theme.fonts.cjk.items()))
    return word_tag(first), face


def document_lang(lang: str, theme: Theme):
    """``w:lang`` of the document defaults: the brief's language, its East-Asian one, Word's bidi."""
    attrs: dict[str, object] = {"val": word_tag(lang)} if lang else {}
    bidi = word_tag(lang) if lang and theme.fonts.rtl_faces(lang) else BIDI  # an RTL brief's own
    attrs.update({"eastAsia": default_east_asian(lang, theme)[0], "bidi": bidi})
    return x.el("w:lang", attrs)


def run_language(lang: str, theme: Theme) -> list:
    """Run properties for text in another language than the document's: ``w:lang``, and for an
    East-Asian language its face (``w:rFonts/@w:eastAsia``) and East-Asian language too."""
    tag = word_tag(lang)
    cjk = east_asian(lang, theme)
    if cjk:
        return [x.el("w:rFonts", {"eastAsia": cjk[1]}), x.el("w:lang", {"val": tag, "eastAsia": tag})]
    rtl = theme.fonts.rtl_faces(lang)
    if rtl:  # Arabic or Hebrew: Word sets those letters in the complex-script face and language
        return [x.el("w:rFonts", {"cs": rtl[1]}), x.el("w:lang", {"val": tag, "bidi": tag})]
    return [x.el("w:lang", {"val": tag})]


def same_language(a: str, b: str) -> bool:
    return word_tag(a).lower() == word_tag(b).lower()


def upright_style(style: str, lang: str, theme: Theme) -> str:
    """A pull-quote in an East-Asian language takes the upright variant: CJK has no italic. A
    paragraph style, as ``w:i`` is a toggle property: a character style's "not italic" leaves the
    italic of an italic paragraph style as it is (ECMA-376 Part 1, 17.7.3)."""
    return st.PULL_QUOTE_EAST_ASIAN if style == st.PULL_QUOTE and east_asian(lang, theme) else style


def upright(fmt: Fmt, lang: str, theme: Theme) -> bool | None:
    """``fmt``'s italic (``<em>``'s) for text in ``lang``: none for an East-Asian language."""
    return None if fmt.italic and east_asian(lang, theme) else fmt.italic

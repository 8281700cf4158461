"""Languages and scripts: BCP 47 tags, CJK detection, and how long a text is.

Length limits in the seed format are stated in words. Space-separated scripts (Latin, Cyrillic,
Hangul — Korean separates words with spaces) count words; Chinese and Japanese do not separate
words, so their Han and Kana characters count at two characters to the word (a common
translation rule of thumb: an 80–150-word summary is 160–300 Chinese characters).
"""

from __future__ import annotations

import re

from babel.lists import format_list as _cldr_list

from briefing.dates import cldr_locale

# BCP 47 language tag, well-formed (RFC 5646 §2.1, without grandfathered and private-only tags):
# language[-script][-region][-variant]*[-extension]*[-privateuse]
_BCP47 = (
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8}"
    r")(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-x(?:-[A-Za-z\d]{1,8})+)?"
)
BCP47 = re.compile(rf"(?:{_BCP47}")
LANG_CHARS = 35  # RFC 5646 §4.4.1: the length every tag in use fits; Word's attributes hold 255
DEFAULT = "en"
WORDS_PER_CJK_CHAR = 0.5

# Han (with extensions and compatibility), Hiragana, Katakana, Hangul syllables and jamo.
_CJK = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff"
    "\U00020000-\U0003134f]"
)
# Characters that are written without spaces between words: Han and Kana (not Hangul).
_UNSPACED = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)
_WORDLIKE = re.compile(r"\w")
# Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic,
# Arabic Supplement and Extended, and the presentation forms.
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# A stretch of CJK letters with the CJK and full-width punctuation among them: text a Latin face
# has no glyphs for (the timeline figure gives it an East-Asian face of its own).
CJK_RUN = re.compile(f"(?:{_CJK.pattern}|[\u3000-\u303f\uff00-\uffef])+")


def is_cjk_text(text: str) -> bool:
    """True if ``text`` has CJK letters and no Latin/other letters (``王晓明``, not ``Wang 晓明``)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(_CJK.match(c) for c in letters)


def primary(tag: str) -> str:
    """``zh-Hans-CN`` → ``zh``."""
    return tag.split("-")[0].lower()


def same_language(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def unspaced(text: str) -> bool:
    """True if ``text`` has Han or Kana: words there are not set off by spaces."""
    return bool(_UNSPACED.search(text))


def word_count(text: str) -> float:
    """Words in ``text``; Han and Kana count two characters to the word (module docstring)."""
    total = 0.0
    for token in text.split():
        unspaced = len(_UNSPACED.findall(token))
        total += unspaced * WORDS_PER_CJK_CHAR
        rest = _UNSPACED.sub(" ", token)
        total += sum(1 for part in rest.split() if _WORDLIKE.search(part))
    return total


def shown_count(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def format_list(items: list[str], lang: str | None = DEFAULT) -> str:
    """``Lankov and Brown``, ``Lankov et Brown``, ``Lankov、Brown和X``: CLDR's list for ``lang``."""
    return _cldr_list(items, locale=cldr_locale(lang)) if items else ""


def direction(lang: str | None) -> str:
    """``rtl`` for a right-to-left language (Arabic, Persian, Hebrew, Urdu: CLDR's character
    order), else ``ltr``."""
    return "rtl" if cldr_locale(lang).character_order == "right-to-left" else "ltr"


def first_strong(text: str) -> str | None:
    """The direction of ``text``'s first letter (HTML's ``dir="auto"``: Unicode bidi rules P2
    and P3): ``rtl`` for Arabic or Hebrew, ``ltr`` for any other letter, None without letters."""
    for char in text:
        if RTL_LETTERS.match(char):
            return "rtl"
        if char.isalpha():
            return "ltr"
    return None


def other_direction(outer: str | None, inner: str | None) -> str | None:
    """``rtl`` (or ``ltr``) when text in ``inner`` runs the other way than the ``outer`` text
    around it: the element then carries ``dir`` so its own neutrals (quotes, brackets, a final
    stop) stay with it; None when both run alike."""
    if inner is None or direction(inner) == direction(outer):
        return None
    return direction(inner)

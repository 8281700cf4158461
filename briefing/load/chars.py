"""The characters and line lengths any text of a brief may hold: the first rules of
:mod:`briefing.load.text`, kept apart so that command-line values (:mod:`briefing.values`) obey
the same rules without importing the content model.

XML 1.0 (and so PDF tags and DOCX) cannot hold C0 controls other than tab, line feed and
carriage return, lone surrogates or the noncharacters U+FFFE/U+FFFF (in any plane); DEL, the C1
controls and U+FDD0–U+FDEF are refused too: pasted from a PDF they are invisible garbage, and
Word rejects some of them.
"""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")
HANDLING_CHARS = 200  # a handling line is a few words, repeated in every page's header and footer


def describe(char: str) -> str:
    """``\\x0b`` → ``U+000B (a control character)``."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code == 0:
        kind = "NUL"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    else:
        kind = "a noncharacter"
    return f"U+{code:04X} ({kind})"

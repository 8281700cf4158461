"""What a theme file may set: each value's type and the range a page can be laid out in.

A theme (``build --theme FILE``) is passed around an organisation and edited by hand; a body size
of ``inf`` or 500 pt, a margin of a kilometre or an empty palette does not make a brief, it makes
WeasyPrint or Word overflow, divide by zero or lay out for ever. Every number has a stated range
(the README's "Safety and failure" lists them), every string the content's character rules, and a
logo is a PNG or JPEG of bounded size and pixels.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from briefing.values import line

_HEX = re.compile(r"[0-9A-Fa-f]{6}")
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
LOGO_BYTES = 5_000_000
LOGO_PIXELS = 40_000_000  # a 6,000 × 6,000 scan is already far beyond print resolution
LOGO_SIDE = 10_000  # pixels, either side
_PIXEL_LIMIT = f"at most {LOGO_SIDE:,} pixels a side and {LOGO_PIXELS:,} in all"
NAME_CHARS = 100  # a font family's name
ALT_CHARS = 255

# (low, high) per table, and per "table.key" where a key differs; both ends included.
RANGES: dict[str, tuple[float, float]] = {
    "sizes": (4, 72),  # points
    "sizes.leading": (0.8, 3),  # em
    "sizes.matrix_head": (0, 4),  # points added to the matrix's cell size for its header row
    "leading": (0.8, 3),  # em
    "page": (0, 80),  # millimetres; A4 is 210 wide, so two 80 mm margins still leave a column
    "page.matrix_first_column": (1, 60),  # percent
    "page.matrix_portrait_column": (0, 300),  # millimetres; 300 is wider than any paper's text
    "space": (0, 50),  # millimetres
    "rules": (0, 10),  # points
    "tracking": (-0.1, 0.5),  # em
    "brand.logo_width": (5, 120),  # millimetres
    "fonts": (0.8, 2),  # Word's line height per em
}


def _number(table: str, key: str, value: object) -> str | None:
    low, high = RANGES.get(f"{table}.{key}", RANGES.get(table, (0, 1000)))
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"expected a number from {low:g} to {high:g}"
    if not math.isfinite(value) or not low <= value <= high:
        return f"{value!r} is out of range: expected a number from {low:g} to {high:g}"
    return None


def check_value(table: str, key: str, current: object, value: object) -> str | None:
    """The problem with setting ``[table] key = value`` over ``current``, or None."""
    if isinstance(current, bool) or isinstance(value, bool):
        return None if type(value) is type(current) else f"expected {type(current).__name__}"
    if isinstance(current, float | int):
        return _number(table, key, value)
    if isinstance(current, str):
        if not isinstance(value, str) or (current and not value.strip()):
            return "expected a non-empty string"
        if table == "colours":
            ok = _HEX.fullmatch(value)
            return None if ok else f"expected a hex colour such as 1F4E79 (got {value[:40]!r})"
        if key == "pdf_standard":
            from briefing.pdfstandard import parse

            try:
                parse(value)
            except ValueError as err:
                return str(err)[:300]
        return _line(value, ALT_CHARS if key == "logo_alt" else 1000 if key == "logo" else NAME_CHARS)
    if isinstance(current, tuple) and current and all(isinstance(c, float | int) for c in current):
        # a fixed group of numbers, such as [space] matrix_cell (top, sides, bottom)
        if not (isinstance(value, list) and len(value) == len(current)):
            return f"expected a list of {len(current)} numbers"
        return next(filter(None, (_number(table, key, v) for v in value)), None)
    if isinstance(current, tuple):
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return "expected a list of strings"
        if not value:
            return "expected at least one value"
        if table == "colours":
            bad = [v[:20] for v in value if not _HEX.fullmatch(v)]
            return f"expected hex colours such as 1F4E79 (check {', '.join(bad)})" if bad else None
        return next(filter(None, (_line(v, NAME_CHARS) for v in value)), None)
    if isinstance(current, dict):
        if not isinstance(value, dict):
            return "expected a table"
        pairs = all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(f, str) for f in v) for v in value.values()
        )
        return None if pairs else "expected a table of [PDF face, Word face] pairs"
    return None


def _line(value: str, limit: int) -> str | None:
    try:
        line(value, "the value", limit=limit)
    except ValueError as err:
        return str(err).removeprefix("the value ")
    return None


def check_logo(path: Path) -> str | None:
    """A PNG or JPEG file of at most 5 MB and 40 million pixels (a decompression bomb is refused
    from its header, before any pixel is decoded)."""
    from PIL import Image, UnidentifiedImageError

    try:
        size = path.stat().st_size
        if not path.is_file():
            return f"{path} is not a file"
        if size > LOGO_BYTES:
            return f"{path} is {size:,} bytes; a logo has at most {LOGO_BYTES:,}"
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        return f"{path} declares more pixels than Pillow will decode; a logo has {_PIXEL_LIMIT}"
    except (OSError, UnidentifiedImageError, ValueError):
        return f"{path} is not a PNG or JPEG file"
    if kind not in LOGO_TYPES:
        return f"{path} is {kind}; use a PNG or JPEG"
    if max(width, height) > LOGO_SIDE or width * height > LOGO_PIXELS or not width or not height:
        return f"{path} is {width:,} × {height:,} pixels; a logo has {_PIXEL_LIMIT}"
    return None

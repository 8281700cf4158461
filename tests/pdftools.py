"""Reading PDFs back the way a reader (or a screen reader) would, for the tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from briefing.load.quotes import normalize


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """Text as pdftotext reads it, with the layout's own hyphenation undone."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    raw = subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout
    raw = raw.replace("\u2010\n", "")  # WeasyPrint's soft hyphens come out as U+2010
    return re.sub(r"(\w[-\u2013\u2014])\n(\w)", r"\1\2", raw)  # a real dash at a line end


def flat(text: str) -> str:
    """Whitespace and typography folded, for containment checks.

    Double quotes fold to single too: pull-quotes set a quotation inside the quote in single marks.
    """
    return normalize(text).replace('"', "'").replace("\u2060", "")


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return titles


_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def mapped_characters(reader: PdfReader) -> set[str]:
    """Every character some embedded font draws with a real glyph (not .notdef)."""
    chars: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in _BFCHAR.findall(cmap):
                values = _HEX.findall(block)
                for gid, uni in zip(values[::2], values[1::2], strict=False):
                    if int(gid, 16) != 0:
                        chars.add(bytes.fromhex(uni).decode("utf-16-be"))
            for block in _BFRANGE.findall(cmap):
                values = _HEX.findall(block)
                for lo, hi, start in zip(values[::3], values[1::3], values[2::3], strict=False):
                    base = int(start, 16)
                    for offset in range(int(hi, 16) - int(lo, 16) + 1):
                        if int(lo, 16) + offset:
                            chars.add(chr(base + offset))
    return chars


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name → whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def page_emptiness(path: Path) -> list[tuple[bool, float]]:
    """Each page as (landscape, the largest empty share of its text area): the tallest vertical
    stretch between the running head and foot that holds no line of text, footnotes included,
    as a fraction of that height (pdftotext's line boxes). A page whose body ends mid-page above
    its footnotes counts the gap between them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    out: list[tuple[bool, float]] = []
    for page in re.findall(r"<page (.*?)</page>", xml, re.S):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        boxes = [(float(a), float(b)) for a, b in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)]
        top, bottom = height * 0.09, height * 0.91  # inside the running header and footer
        gap, reached = 0.0, top
        for a, b in sorted(box for box in boxes if box[0] > top and box[1] < bottom):
            gap, reached = max(gap, a - reached), max(reached, b)
        out.append((width > height, max(gap, bottom - reached) / (bottom - top)))
    return out

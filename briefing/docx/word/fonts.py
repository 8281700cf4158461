"""The font files a word processor sets the DOCX in, and their metrics (fontTools).

Pagination must measure text in the faces LibreOffice (and Word) actually use, whatever the
theme or the organisation's reference document names: fontconfig resolves a family to the file
LibreOffice would take (Calibri to Carlito and Cambria to Caladea, the metric-compatible faces,
through fontconfig's own aliases), and fontTools reads its advance widths and line height.
Where no fontconfig is installed, the IBM Plex faces shipped with the package stand in.
"""

from __future__ import annotations

import functools
import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from briefing.cache import stored

DEFAULT_WIDTH = 0.5  # em: a character the face has no glyph for (rare; the fallback face sets it)


@dataclass(frozen=True, eq=False)  # hashed by identity: one per font file
class FaceMetrics:
    """One face: its single line (em) as LibreOffice sets "auto" spacing, and advance widths."""

    path: str
    line: float
    upem: int
    advances: dict[int, int]  # code point → advance width in font units

    @functools.cache  # noqa: B019 (faces are few and live for the process)
    def width(self, char: str) -> float:
        """The advance width of ``char`` in em."""
        advance = self.advances.get(ord(char))
        return DEFAULT_WIDTH if advance is None else advance / self.upem


def _style(bold: bool, italic: bool) -> str:
    return (":bold" if bold else "") + (":italic" if italic else "")


def _fallback(bold: bool, italic: bool) -> str | None:
    """A shipped IBM Plex face (fontpkg packages), for machines without fontconfig."""
    try:
        import fontpkg_ibm_plex_serif as plex  # type: ignore[import-not-found]
    except ImportError:
        return None
    folder = Path(plex.__file__).parent
    name = ("Bold" if bold else "Regular") if not italic else ("BoldItalic" if bold else "Italic")
    found = sorted(folder.rglob(f"*{name}.[ot]tf"))
    return str(found[0]) if found else None


@functools.cache
def font_file(family: str, bold: bool = False, italic: bool = False) -> str | None:
    """The file fontconfig sets ``family`` in (its metric-compatible substitute when absent)."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        pattern = family + _style(bold, italic)
        done = subprocess.run(
            [fc_match, "-f", "%{file}", pattern], capture_output=True, text=True, check=False, timeout=30
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    return _fallback(bold, italic)


@functools.cache
def _read(path: str) -> FaceMetrics | None:
    """The face's metrics, kept in the cache by the file's path, size and time: decoding a
    font's character map took a tenth of a cold DOCX build."""
    try:
        stat = Path(path).stat()
        key = f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        kept = stored("face-metrics", key, lambda: _metrics(path), libraries=("fonttools",))
        try:
            data = json.loads(kept)
        except ValueError:  # a damaged cache entry: the font file itself says
            data = json.loads(_metrics(path))
    except (OSError, ValueError, TypeError, KeyError, TTLibError, AssertionError):
        return None
    if not data:
        return None
    return FaceMetrics(path, data["line"], data["upem"], {int(c): a for c, a in data["advances"].items()})


def _metrics(path: str) -> bytes:
    """The line, units per em and advance per code point of the font file at ``path``, as JSON."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # not its notes on odd timestamps
    font = TTFont(path, lazy=True, fontNumber=0)
    upem = font["head"].unitsPerEm
    hhea = font["hhea"]
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap() or {}
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
    line = (hhea.ascent - hhea.descent + hhea.lineGap) / upem
    return json.dumps({"line": line, "upem": upem, "advances": advances}, separators=(",", ":")).encode()


# A face no file can be found or read for: Carlito's regular metrics, near any sans.
_NOWHERE = FaceMetrics("", 1.2207, 1000, {})


@functools.cache
def face(family: str, bold: bool = False, italic: bool = False) -> FaceMetrics:
    """The metrics of ``family`` in the given style, as the word processor will set it."""
    path = font_file(family, bold, italic)
    metrics = _read(path) if path else None
    return metrics or _NOWHERE


def line_em(family: str) -> float:
    """The single line of ``family``'s regular face, in em (Word's "auto" spacing multiplies it)."""
    return face(family).line

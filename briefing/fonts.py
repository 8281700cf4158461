"""The PDF's font files: IBM Plex from the fontpkg packages, Plex Sans as static faces.

Plex Sans ships as one variable font, and a PDF cannot embed a variable font, so WeasyPrint
instances it again on every build (about a sixth of writing the PDF). ``python -m
briefing.fonts`` (run by ``make``) instances each face once into a cache folder; builds use
those static faces when they are there and the variable font when they are not, so a build
never waits for the one-off instancing (several CPU-seconds a face) and the output is the same.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

import fontpkg

from briefing.cache import cache_root
from briefing.theme import THEME

WEIGHTS = (400, 600)  # every weight the stylesheet asks of the sans (normal and semibold)
STYLES = ("normal", "italic")
# (family, weight, style) of every face the stylesheet declares.
FACES = [(f, w, s) for f in (THEME.fonts.pdf_serif, THEME.fonts.pdf_sans) for w in WEIGHTS for s in STYLES]


def _variable(path: Path) -> bool:
    return "[" in path.name  # fontpkg names variable fonts after their axes: Name[wdth,wght].ttf


def static_path(source: Path, weight: int) -> Path:
    """The cached static face of ``source`` at ``weight``; keyed by the file it comes from."""
    stat = source.stat()
    key = hashlib.sha256(f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return cache_root() / "fonts" / key / f"{source.stem.split('[')[0]}-{weight}.ttf"


def instance(source: Path, weight: int, target: Path) -> None:
    """Write the static face of a variable font at ``weight`` (normal width), atomically."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = instantiateVariableFont(TTFont(source), {"wght": weight, "wdth": 100}, static=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    font.save(partial)
    os.replace(partial, target)


@functools.cache
def face_files() -> tuple[tuple[str, int, str, Path], ...]:
    """(family, weight, style, file) for each face: a static file wherever one exists."""
    out = []
    for family, weight, style in FACES:
        path = fontpkg.path(family, weight, style)
        if _variable(path) and static_path(path, weight).is_file():
            path = static_path(path, weight)
        out.append((family, weight, style, path))
    return tuple(out)


def font_faces() -> list[dict[str, str]]:
    """The @font-face rules' values; a variable file serves every weight, so it is declared once."""
    faces: list[dict[str, str]] = []
    seen: set[Path] = set()
    for family, weight, style, path in face_files():
        if path in seen:
            continue
        seen.add(path)
        variable = _variable(path)
        faces.append(
            {
                "family": family,
                "weight": "" if variable else str(weight),
                "style": style,
                "url": path.as_uri(),
            }
        )
    return faces


def font_dirs() -> list[Path]:
    """Folders the PDF writer may read fonts from."""
    return sorted({path.parent for *_, path in face_files()})


def prepare() -> list[Path]:
    """Instance every variable face that has no static file yet; return the files written."""
    written = []
    for family, weight, style in FACES:
        source = fontpkg.path(family, weight, style)
        target = static_path(source, weight)
        if _variable(source) and not target.is_file():
            instance(source, weight, target)
            written.append(target)
    face_files.cache_clear()
    return written


if __name__ == "__main__":
    try:
        for path in prepare():
            print(f"briefing: static font face {path}", file=sys.stderr)
    except (OSError, ValueError) as err:  # no cache folder, say: builds use the variable font
        print(f"briefing: no static font faces ({err}); PDFs instance the variable font", file=sys.stderr)

"""The CSL styles a brief may name: a bundled id, or the path of any ``.csl`` file.

The Chicago files are the 17th-edition variants, renamed to the plain ids a brief writes.
"""

from __future__ import annotations

import re
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
DEFAULT = "chicago-notes-bibliography"
BUNDLED = tuple(sorted(p.stem for p in FOLDER.glob("*.csl")))
_CLASS = re.compile(rb"<style\b[^>]*\bclass=\"(note|in-text)\"")


class StyleError(ValueError):
    """A style that is neither bundled nor a readable CSL file: one line for the user."""


def resolve(style: str | None, base: Path | None = None) -> Path:
    """The CSL file of ``style``: a bundled id, else a path (relative to ``base``, the brief)."""
    name = (style or DEFAULT).strip()
    if name in BUNDLED:
        return FOLDER / f"{name}.csl"
    path = Path(name).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    if path.suffix != ".csl":
        raise StyleError(f"unknown citation style {name!r}; bundled: {', '.join(BUNDLED)}, or a .csl file")
    try:
        head = path.read_bytes()[:4096]
    except OSError as err:
        raise StyleError(f"cannot read citation style {path}: {err.strerror or err}") from err
    if _CLASS.search(head) is None:
        raise StyleError(f"{path} is not a CSL style (no <style class=\"note\"|\"in-text\">)")
    return path


def is_note_style(path: Path) -> bool:
    """Whether the style cites in footnotes (``class="note"``) rather than in the text."""
    found = _CLASS.search(path.read_bytes()[:4096])
    return bool(found and found.group(1) == b"note")

"""``briefing export --format md``: the brief as pandoc Markdown, with its figures beside it."""

from __future__ import annotations

from pathlib import Path

from briefing.markdown import to_markdown


def markdown_files(html: str, target: Path) -> dict[Path, bytes]:
    """``target`` (``<slug>.md``) and each SVG figure it refers to, as bytes to write.

    The caller writes them with the other outputs, all or nothing.
    """
    markdown = to_markdown(html, figure_prefix=target.stem)
    files = {target: markdown.text.encode("utf-8")}
    files.update({target.parent / f.name: f.data for f in markdown.figures})
    return files

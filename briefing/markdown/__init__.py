"""The Markdown writer: the brief's HTML as pandoc Markdown (see :mod:`briefing.markdown.writer`)."""

from briefing.markdown.writer import Markdown, to_markdown

__all__ = ["Markdown", "to_markdown"]

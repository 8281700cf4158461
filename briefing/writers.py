"""The table of writers: every output format, once, with all the rest of the code needs to know.

build, the CLI's ``--format`` choices, the progress report, mail's attachments, the cache's key
and the desk read this table; none of them names a format. Adding a format means a writer module
with a ``write(job) -> Written`` function and one :class:`Writer` entry below (the format names
are written here and nowhere else). Nothing heavy is imported: each writer's module is imported
only when it writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.options import BuildOptions


@dataclass(frozen=True)
class Job:
    """What a writer gets: the brief's HTML, where to write, and the build's settings."""

    html: str
    target: Path  # a staged temporary file: write the output here
    name: Path  # the output's final path (its stem names the files written beside it)
    paper: str
    options: BuildOptions
    when: dt.datetime  # the timestamp written into the output
    check: Callable[[], None] = lambda: None  # raises if Ctrl-C came meanwhile (call between steps)


@dataclass
class Written:
    """What a writer reports back: the pages it laid out, and any files beside the output."""

    pages: int | None = None
    beside: dict[Path, bytes] = field(default_factory=dict)  # final path → bytes (figures)


@dataclass(frozen=True)
class Writer:
    """One output format. A writer that ``forks`` runs in a child process while another slow
    writer runs in the build's own; only its file comes back (its :class:`Written` must be empty)."""

    name: str  # the --format value and the key of BuildResult.outputs
    suffix: str
    mime: tuple[str, str]  # (maintype, subtype) of an e-mail attachment
    stage: str  # what the progress line says while it runs
    libraries: tuple[str, ...]  # whose versions change its bytes: they join the cache key
    module: str  # holds ``write(job) -> Written``
    default: bool = False  # written when no --format is given, and attached to the e-mail
    exported: bool = False  # offered by ``briefing export`` (no page layout)
    slow: bool = False  # lays out pages: runs after the quick writers
    forks: bool = False  # may run in a forked child while another slow writer runs here
    session: str | None = None  # "module:function": a context kept open over a batch (desk, watch)

    def write(self, job: Job) -> Written:
        return importlib.import_module(self.module).write(job)

    def kept(self) -> AbstractContextManager[object]:
        """The writer's warm state over several builds (the PDF engine), or nothing."""
        if self.session is None:
            return contextlib.nullcontext()
        module, _, name = self.session.partition(":")
        opener: Callable[[], AbstractContextManager[object]] = getattr(importlib.import_module(module), name)
        return opener()


# The HTML is always written (it is what the others are written from); ``html`` alone skips the rest.
HTML = Writer(
    "html", ".html", ("text", "html"), "rendering the HTML", ("jinja2", "markdown-it-py", "lxml"), __name__
)
WRITERS: list[Writer] = [  # in the order the CLI offers them and the report lists them
    Writer(
        "pdf",
        ".pdf",
        ("application", "pdf"),
        "laying out the PDF",
        ("weasyprint", "pydyf", "fonttools", "pikepdf"),
        "briefing.pdf",
        default=True,
        slow=True,
        session="briefing.pdf.engine:kept",
    ),
    Writer(
        "docx",
        ".docx",
        ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "writing the DOCX",
        ("python-docx", "cairosvg", "fonttools", "tinyhtml5"),
        "briefing.docx",
        default=True,
        slow=True,
        forks=True,
    ),
    HTML,
    Writer(
        "md",
        ".md",
        ("text", "markdown"),
        "writing Markdown",
        ("tinyhtml5",),
        "briefing.markdown",
        exported=True,
    ),
]


def names() -> tuple[str, ...]:
    return tuple(w.name for w in WRITERS)


def named(name: str) -> Writer | None:
    return next((w for w in WRITERS if w.name == name), None)


def default() -> tuple[str, ...]:
    """What ``build`` writes when not told (and what the e-mail attaches)."""
    return tuple(w.name for w in WRITERS if w.default)


def exported() -> tuple[str, ...]:
    return tuple(w.name for w in WRITERS if w.exported)


def libraries() -> tuple[str, ...]:
    """Every writer's libraries, once each: their versions join the cache key."""
    return tuple(dict.fromkeys(lib for w in WRITERS for lib in w.libraries))


def chosen(formats: tuple[str, ...]) -> list[Writer]:
    """The writers a build runs for ``formats`` besides the HTML (always written), in table order."""
    return [w for w in WRITERS if w is not HTML and w.name in formats]


def write(job: Job) -> Written:
    """The HTML writer: the page as rendered."""
    job.target.write_text(job.html, encoding="utf-8")
    return Written()

"""``briefing watch``: rebuild whenever the brief, the templates or the theme change.

The process stays warm: every import (WeasyPrint, python-docx, Jinja's compiled templates) is
paid once, so a rebuild costs layout, not start-up. A failed rebuild reports its problems and
the watching goes on; the last good outputs stay in place (builds are all-or-nothing).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefing.build import BuildResult, build
from briefing.desk import warm
from briefing.errors import BriefingError
from briefing.html.render import TEMPLATES
from briefing.options import BuildOptions
from briefing.stages import Stages

DEBOUNCE_MS = 300  # edits saved within this window make one rebuild


@dataclass
class Outcome:
    """One rebuild: what it wrote, or the problems that stopped it, and how long it took."""

    seconds: float
    result: BuildResult | None = None
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # the files whose change caused it

    @property
    def ok(self) -> bool:
        return self.result is not None


def watched(seeds: Path, options: BuildOptions) -> list[Path]:
    """The brief folder, the built-in templates, and the user's templates and theme if given."""
    paths = [seeds, TEMPLATES]
    if options.template_dir:
        paths.append(options.template_dir)
    if options.theme_file:
        paths.append(options.theme_file)
    return [p.resolve() for p in paths]


def rebuild(
    seeds: Path,
    out: Path,
    formats: tuple[str, ...],
    paper: str,
    options: BuildOptions,
    on_html: Callable[[str], None] | None = None,
) -> Outcome:
    start = time.perf_counter()
    try:
        stages = Stages(on_html=on_html)
        result = build(seeds, out, formats=formats, paper=paper, options=options, stages=stages)
    except BriefingError as err:
        return Outcome(time.perf_counter() - start, problems=[str(p) for p in err.problems])
    except OSError as err:
        return Outcome(time.perf_counter() - start, problems=[f"error: {err}"])
    except Exception as err:  # a bug or a library's failure: shown like any problem; watching goes on
        return Outcome(time.perf_counter() - start, problems=[f"error: {type(err).__name__}: {err}"])
    return Outcome(time.perf_counter() - start, result=result)


def changes(paths: list[Path], out: Path, stop: threading.Event) -> Iterator[list[str]]:
    """Each batch of changed files under ``paths``, ignoring our own outputs in ``out``."""
    import watchfiles

    out = out.resolve()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        p = Path(path)
        if p.name.startswith(".") or p.name.endswith((".part", "~", ".swp")):
            return False
        return out not in p.parents and p != out

    for batch in watchfiles.watch(
        *paths, watch_filter=relevant, debounce=DEBOUNCE_MS, stop_event=stop, raise_interrupt=True
    ):
        yield sorted({path for _, path in batch})


def watch(
    seeds: Path,
    out: Path,
    *,
    formats: tuple[str, ...],
    paper: str = "a4",
    options: BuildOptions | None = None,
    report: Callable[[Outcome], None],
    stop: threading.Event | None = None,
    on_html: Callable[[str], None] | None = None,
) -> None:
    """Build once, then again after every change, until ``stop`` is set (or Ctrl-C).

    The rebuilds share the warm PDF engine (:mod:`briefing.desk`); ``on_html`` gets each
    rebuild's HTML before its PDF is laid out."""
    options = options or BuildOptions()
    stop = stop or threading.Event()
    with warm(formats):
        report(rebuild(seeds, out, formats, paper, options, on_html))
        for changed in changes(watched(seeds, options), out, stop):
            outcome = rebuild(seeds, out, formats, paper, options, on_html)
            outcome.changed = changed
            report(outcome)

"""A build's stages, timed: what ``--json`` timings and the progress lines report.

:func:`timed` may be called from any layer (a citation processor, a PDF post-processor): it
records into the stages of the running build, held in a context variable, so nothing passes a
timer down the layers, and outside a build it does nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

_ACTIVE: contextvars.ContextVar[Stages | None] = contextvars.ContextVar("briefing_stages", default=None)


@contextlib.contextmanager
def timed(name: str) -> Iterator[None]:
    """Time a step of the running build as its own stage (in ``--json`` timings and the progress),
    from wherever it runs: a citation processor, a catalogue, a PDF post-processor. It nests in
    the stage around it (whose time includes it); outside a build it does nothing."""
    stages = _ACTIVE.get()
    if stages is None:
        yield
        return
    with stages(name):
        yield


@dataclass
class Stages:
    """Times each stage of a build and tells a listener when one starts and ends."""

    listener: Callable[[str, float | None], None] | None = None  # (stage, None) then (stage, seconds)
    timings: dict[str, float] = field(default_factory=dict)
    on_html: Callable[[str], None] | None = None  # the HTML as soon as it exists, before any layout

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        if self.listener:
            self.listener(name, None)
        start = time.perf_counter()
        yield
        self.record(name, time.perf_counter() - start)

    @contextlib.contextmanager
    def active(self) -> Iterator[Stages]:
        """Make these the stages :func:`timed` records into, for the length of a build."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)

    def record(self, name: str, seconds: float) -> None:
        """A stage's time, measured here or where it ran (the DOCX in a child process)."""
        self.timings[name] = round(self.timings.get(name, 0.0) + seconds, 3)  # a step run twice adds up
        if self.listener:
            self.listener(name, self.timings[name])

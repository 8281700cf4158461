"""Templates run sandboxed: a house template passed around an organisation is code someone else wrote.

Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` refuses what reaches outside the
template (``cycler.__init__.__globals__``, ``lipsum.__globals__['os']``: no attribute that starts
with an underscore, no function internals, no mutation of the values passed in). Around it:

* templates are read only from the template folders: a file there that is a symbolic link out of
  its folder, not a regular file, over :data:`TEMPLATE_BYTES` or not UTF-8 is refused by name;
* a render has a deadline (:data:`RENDER_SECONDS`) and an output limit (:data:`OUTPUT_CHARS`),
  checked as output is produced, at every call and attribute lookup, and in every ``range()``;
  ``*`` and ``**`` cannot build a huge string or number;
* any error while rendering is one :class:`~briefing.errors.Problem` naming the template file and
  line (what Jinja's rewritten traceback says), never a traceback.
"""

from __future__ import annotations

import functools
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefing.errors import BriefingError, Problem

RENDER_SECONDS = 60.0  # the seed renders in well under a second
OUTPUT_CHARS = 50_000_000  # the seed's HTML is under a megabyte
TEMPLATE_BYTES = 1_000_000
RANGE_ITEMS = 100_000  # Jinja's own sandbox limit for range()
POWER_BITS = 4_096  # ** builds no number wider than this
REPEAT_CHARS = 1_000_000  # "x" * n builds no longer string (or list)


class TemplateLoader(FileSystemLoader):
    """A :class:`FileSystemLoader` that reads only regular files inside its folders."""

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        for folder in self.searchpath:
            path = Path(folder, *template.split("/"))
            if not os.path.lexists(path):
                continue
            root = Path(folder).resolve()
            try:
                real = path.resolve(strict=True)
                info = real.stat()
            except (OSError, RuntimeError) as err:
                raise _problem(path, f"cannot read the template: {err.strerror or err}") from None
            if not real.is_relative_to(root):
                raise _problem(path, f"resolves to {real}, outside the template folder; copy the file in")
            if not stat.S_ISREG(info.st_mode):
                raise _problem(path, "is not a regular file")
            if info.st_size > TEMPLATE_BYTES:
                raise _problem(path, f"is {info.st_size:,} bytes; a template has at most {TEMPLATE_BYTES:,}")
            data = real.read_bytes()
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError as err:
                raise _problem(path, f"is not UTF-8 text ({err.reason} at byte {err.start})") from None
            return source, str(path), functools.partial(_unchanged, real, info.st_mtime)
        raise TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    """Jinja's up-to-date check: a changed or vanished template is read again."""
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


def _problem(path: Path, message: str, line: int = 0) -> BriefingError:
    return BriefingError([Problem(path, line, 0, "", message)])


class _Clock(threading.local):
    end: float = float("inf")
    produced: int = 0


_clock = _Clock()


def _tick() -> None:
    if time.monotonic() > _clock.end:
        raise SecurityError(f"the template ran longer than {RENDER_SECONDS:g} s")


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with a clock at every call and lookup and bounded ``*`` and ``**``."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _range

    def call(self, __context, __obj, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        _tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):  # type: ignore[no-untyped-def,override]
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):  # type: ignore[no-untyped-def,override]
        _tick()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator, left, right):  # type: ignore[no-untyped-def,override]
        _tick()
        if operator == "**":
            ints = isinstance(left, int) and isinstance(right, int)
            if ints and right > 0 and right * max(1, abs(left).bit_length()) > POWER_BITS:
                raise SecurityError(f"{left} ** {right} is too large a number for a template")
            return left**right
        for seq, times in ((left, right), (right, left)):
            repeated = isinstance(seq, str | list | tuple) and isinstance(times, int)
            if repeated and len(seq) * times > REPEAT_CHARS:
                raise SecurityError(f"repeating a value {times:,} times is too much for a template")
        return left * right


def _range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > RANGE_ITEMS:
        raise SecurityError(f"range() of {len(numbers):,} items; a template has at most {RANGE_ITEMS:,}")
    for n in numbers:
        if n % 1000 == 0:
            _tick()
        yield n


def render(env: Sandbox, name: str, *, require: str | None = None, **context: Any) -> str:
    """Render ``name`` under the deadline and output limit; any failure is one located problem.

    ``require``: text the output must hold (``<body``: an empty template makes no document)."""
    _clock.end, _clock.produced = time.monotonic() + RENDER_SECONDS, 0
    parts: list[str] = []
    try:
        template = env.get_template(name)
        for chunk in template.generate(**context):
            parts.append(chunk)
            _clock.produced += len(chunk)
            if _clock.produced > OUTPUT_CHARS:
                raise SecurityError(f"the template wrote more than {OUTPUT_CHARS:,} characters")
            _tick()
    except BriefingError:
        raise
    except TemplateSyntaxError as err:
        where = Path(err.filename) if err.filename else Path(err.name or name)
        raise _problem(where, f"template syntax: {err.message}", err.lineno or 0) from None
    except TemplateNotFound as err:
        raise _problem(Path(name), f"template not found: {err.name}") from None
    except (Exception, RecursionError) as err:  # the template's own code failed: where, and what
        path, line = _where(err, env)
        kind = "" if isinstance(err, SecurityError) else f"{type(err).__name__}: "
        text = " ".join(str(err).split())[:300] or type(err).__name__
        raise _problem(path or Path(name), f"template error: {kind}{text}", line) from None
    finally:
        _clock.end = float("inf")
    output = "".join(parts)
    if require and require not in output:
        message = f"rendered no {require}…> element; it makes no document"
        raise _problem(Path(template.filename or name), message)
    return output


def _where(err: BaseException, env: Sandbox) -> tuple[Path | None, int]:
    """The innermost template frame of the traceback (Jinja rewrites them to the template's file
    and line)."""
    found: tuple[Path | None, int] = (None, 0)
    roots = [str(Path(p)) for p in getattr(env.loader, "searchpath", [])]
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots) and filename.endswith(".j2"):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found

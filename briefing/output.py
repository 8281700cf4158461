"""All-or-nothing output: a failed or interrupted build never costs the user a good file.

Every requested file is rendered to a temporary file beside its target; only when all of them
were written are they renamed into place, together. Anything that goes wrong before or during
that (an exception, a name taken by a folder, Ctrl-C) leaves the previous outputs byte-identical
and no temporary file behind, in the output folder or in the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import stat
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from briefing.errors import BriefingError, Problem


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a supervisor stopping the job): handled exactly as Ctrl-C, exit 143."""


SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """Ctrl-C (and SIGTERM) that cannot be lost: the handler records it before raising
    ``KeyboardInterrupt`` (:class:`Terminated` for SIGTERM).

    WeasyPrint catches ``BaseException`` while it draws SVG images, which swallows the interrupt;
    :meth:`check` after each stage raises it again. While :meth:`deferred` is active (the renames)
    Ctrl-C is only recorded, so the renames finish and are then rolled back as one.
    """

    def __init__(self) -> None:
        self.pending: type[KeyboardInterrupt] | None = None
        self.defer = False

    def handler(self, signum: int, frame: FrameType | None) -> None:
        self.pending = Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        if not self.defer:
            raise self.pending

    def check(self) -> None:
        if self.pending:
            raise self.pending

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self.defer = True
        try:
            yield
        finally:
            self.defer = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[Interrupts]:
        """Handle SIGINT and SIGTERM while the build runs (only the main thread may set handlers)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {signum: signal.signal(signum, self.handler) for signum in SIGNALS}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path]:
    """Point :mod:`tempfile` at a folder of our own for the build and remove it afterwards.

    WeasyPrint keeps its font files in a ``weasyprint-*`` folder that only a garbage-collected
    object removes; an interrupted build would leave it in /tmp. This way nothing stays behind.
    """
    if threading.current_thread() is not threading.main_thread():  # the setting is process-wide:
        yield Path(tempfile.gettempdir())  # a build in a thread (watch, preview) leaves it alone
        return
    previous = tempfile.tempdir
    folder = Path(tempfile.mkdtemp(prefix="briefing-"))
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)


class OutputSet:
    """Temporary files beside their targets, renamed into place together or not at all."""

    def __init__(self, folder: Path, interrupts: Interrupts | None = None) -> None:
        self.folder = folder
        self.interrupts = interrupts or Interrupts()
        self.staged: dict[Path, Path] = {}  # target → temporary file

    def preflight(self, targets: list[Path]) -> None:
        """Refuse before any work: an output folder that is a file, a name taken by a folder."""
        if self.folder.exists() and not self.folder.is_dir():
            raise BriefingError([Problem(self.folder, 0, 0, "", "the output folder is a file")])
        problems = [
            Problem(t, 0, 0, "", "is a folder; remove it or choose another --out")
            for t in targets
            if t.exists() and not stat.S_ISREG(t.stat().st_mode)
        ]
        if problems:
            raise BriefingError(problems)

    def stage(self, target: Path) -> Path:
        """A new empty temporary file for ``target``, in the same folder (so renaming is atomic)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=self.folder)
        os.close(fd)
        self.staged[target] = Path(name)
        return Path(name)

    def commit(self) -> None:
        """Rename every staged file into place; on any failure or Ctrl-C, put the old ones back."""
        backups: dict[Path, Path] = {}
        placed: list[Path] = []
        with self.interrupts.deferred():
            try:
                for target, tmp in self.staged.items():
                    os.chmod(tmp, 0o644)
                    if target.exists():
                        backups[target] = self._keep(target)
                for target, tmp in self.staged.items():
                    os.replace(tmp, target)
                    placed.append(target)
                self.interrupts.check()
            except BaseException:
                for target in placed:
                    if target in backups:
                        os.replace(backups.pop(target), target)
                    else:
                        target.unlink(missing_ok=True)
                raise
            finally:
                for backup in backups.values():
                    backup.unlink(missing_ok=True)
                self.discard()

    def _keep(self, target: Path) -> Path:
        """A second name for the old file (a hard link, or a copy where links are not allowed)."""
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=self.folder)
        os.close(fd)
        backup = Path(name)
        backup.unlink()
        try:
            os.link(target, backup)
        except OSError:
            shutil.copy2(target, backup)
        return backup

    def discard(self) -> None:
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)


def source_date(default: dt.date) -> dt.datetime:
    """The timestamp written into outputs: ``SOURCE_DATE_EPOCH`` if set, else the brief's date."""
    from briefing.values import source_date_epoch

    try:
        epoch = source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH", ""))
    except ValueError as err:
        raise BriefingError([Problem(Path("SOURCE_DATE_EPOCH"), 0, 0, "", str(err))]) from None
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return dt.datetime(default.year, default.month, default.day, tzinfo=dt.UTC)


def normalise_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite a zip (a DOCX) with every entry dated ``when``: same input, same bytes."""
    first, last = dt.datetime(1980, 1, 1, tzinfo=dt.UTC), dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
    stamp = min(max(when, first), last).timetuple()[:6]  # the years a ZIP entry can hold
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for old, data in entries:
            info = zipfile.ZipInfo(old.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, data)


def write_text(target: Path, text: str) -> None:
    """One text file, replaced atomically."""
    outputs = OutputSet(target.parent)
    outputs.preflight([target])
    tmp = outputs.stage(target)
    try:
        tmp.write_text(text, encoding="utf-8")
        outputs.commit()
    finally:
        outputs.discard()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place only on success."""
    outputs = OutputSet(target.parent)
    outputs.preflight([target])
    tmp = outputs.stage(target)
    try:
        yield tmp
        outputs.commit()
    finally:
        outputs.discard()


def create_new(path: Path, data: bytes) -> None:
    """A new file, never one that exists or a link planted in its place (raises FileExistsError,
    which the caller words): ``new-source`` and ``import-refs`` never overwrite the analyst's files."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)

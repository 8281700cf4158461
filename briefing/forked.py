"""One stage of a build in a forked child process while the parent goes on with another.

A build writes the DOCX while WeasyPrint lays out and writes the PDF: on two cores the DOCX then
costs no wall time. The child is forked once the HTML is rendered, so it inherits everything
loaded so far and loads python-docx while the parent loads WeasyPrint. It reports back through
a pipe: its seconds, or the exception that stopped it, raised again in the parent (Ctrl-C
included). The parent owns the temporary files; on any failure it kills and reaps the child
before removing them, so nothing is written after a build gave up.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable

GUARDED = {signal.SIGINT, signal.SIGTERM}  # cannot land between the fork and the child's guard
SWITCH = "BRIEFING_PARALLEL"  # "0": one stage after the other; "1": fork even on a busy machine


def available() -> bool:
    """Whether to fork: a POSIX system, the main thread, and a core to spare.

    A second process only shortens a build when a core would otherwise idle; on a machine busy
    with other work it competes with the parent and adds the fork's cost. So by default it forks
    only while the one-minute load average leaves at least half a core free; ``BRIEFING_PARALLEL``
    set to ``1`` or ``0`` decides instead.
    """
    if not hasattr(os, "fork") or threading.current_thread() is not threading.main_thread():
        return False
    switch = os.environ.get(SWITCH, "")
    if switch in ("0", "1"):
        return switch == "1"
    return _cpus() > 1 and os.getloadavg()[0] <= _cpus() - 0.5


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ChildFailed(RuntimeError):
    """The child's own exception could not be carried over: its type, message and traceback."""


class Forked:
    """A running child; :meth:`wait` for its result, :meth:`stop` to abandon it."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid: int | None = pid
        self.fd: int | None = fd

    @classmethod
    def start(cls, work: Callable[[], object]) -> Forked:
        """Run ``work()`` in a child process; Ctrl-C cannot land between the fork and its guard."""
        read_fd, write_fd = os.pipe()
        signal.pthread_sigmask(signal.SIG_BLOCK, GUARDED)
        parent = os.getpid()
        try:
            pid = os.fork()
            if pid == 0:  # the child never returns into the caller's code
                code = 1
                try:
                    os.close(read_fd)
                    _die_with_parent(parent)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, GUARDED)
                    code = _child(work, write_fd)
                finally:
                    os._exit(code)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, GUARDED)
        os.close(write_fd)
        return cls(pid, read_fd)

    def wait(self) -> float:
        """The child's seconds once it has finished; its exception, raised here, if it failed."""
        assert self.fd is not None and self.pid is not None
        with os.fdopen(self.fd, "rb") as pipe:
            self.fd = None
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        try:
            kind, value = pickle.loads(data)
        except Exception:
            raise ChildFailed(f"the child process ended without a result (wait status {status})") from None
        if kind == "ok":
            return float(value)
        raise value

    def stop(self) -> None:
        """Kill and reap the child if it is still there (the build failed or was interrupted)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel sends the child SIGKILL if the parent dies without reaping it (even by
    SIGKILL, when no cleanup of ours can run), so no child outlives its build."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent was already gone before the request took hold
            os._exit(1)


def _child(work: Callable[[], object], fd: int) -> int:
    """Run ``work`` and write ("ok", seconds) or ("error", exception) to ``fd``; the exit code."""
    start = time.perf_counter()
    try:
        work()
        payload, code = pickle.dumps(("ok", time.perf_counter() - start)), 0
    except BaseException as err:  # Ctrl-C too: the parent decides what it means
        payload, code = pickle.dumps(("error", _portable(err))), 1
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(payload)
    return code


def _portable(err: BaseException) -> BaseException:
    """``err`` itself if it survives pickling as the same type and message, else a ChildFailed."""
    try:
        back = pickle.loads(pickle.dumps(err))
        if type(back) is type(err) and str(back) == str(err):
            return err
    except Exception:
        pass
    text = "".join(traceback.format_exception(err)).rstrip()
    return ChildFailed(f"{type(err).__name__}: {err}\n{text}")

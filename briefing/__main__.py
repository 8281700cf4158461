"""``briefing`` and ``python -m briefing``: run the command line, then leave at once.

A one-shot command creates few reference cycles worth collecting and ends within seconds, yet
the cyclic garbage collector costs a build about a tenth of its time walking WeasyPrint's
objects; it stays off, except for the long-running ``watch`` and ``preview``. Once a command
has finished — its outputs renamed into place, atexit handlers run, stdout and stderr
flushed — the interpreter's teardown (freeing every object) changes nothing the user can see,
so ``os._exit`` skips it. An exception that escapes still exits the ordinary way.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys

LONG_RUNNING = {"watch", "preview"}  # these keep the collector: they rebuild for hours


def main() -> None:
    if not LONG_RUNNING & set(sys.argv[1:]):
        gc.disable()
    from briefing.cli import app

    try:
        app()
        code: object = 0
    except SystemExit as done:
        code = done.code
    except Exception as err:  # a bug, not the input: one line; the traceback only under --debug
        if "--debug" in sys.argv[1:]:
            raise
        print(f"internal error: {type(err).__name__}: {err} (run again with --debug for a traceback, "
              "and report it)", file=sys.stderr)
        code = 1
    if isinstance(code, str):  # as sys.exit("message") would: print it, exit 1
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # what a normal exit runs first (logging flush, temporary folders)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing can reach the reader
            stream.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


if __name__ == "__main__":
    main()

"""The one safe file reader: every file the loader opens is read here.

A brief is a folder someone sent you. Reading must never leave it (a symlink to ``/etc/passwd``
is refused, not printed in the brief), never hang (a FIFO is not read), never read without limit,
and every operating-system error becomes one line naming the file, not a traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing.errors import Problem

YAML_BYTES = 1_000_000  # a brief.yaml is a few dozen KB; a megabyte is already a mistake
SOURCE_BYTES = 16_000_000  # a long report pasted from a PDF runs to several MB; a book belongs in excerpts


def _megabytes(size: int) -> str:
    """Exact either way: ``16.0 MB`` for a multiple of 100 kB, else ``16,000,001 bytes`` (so a size just
    over the limit never reads like the limit itself)."""
    return f"{size / 1_000_000:.1f} MB" if size % 100_000 == 0 else f"{size:,} bytes"


def _reason(err: Exception) -> str:
    """The system's words in lower case ("permission denied"); any other message as written, since
    it may hold a path."""
    strerror = getattr(err, "strerror", None)
    return strerror.lower() if strerror else str(err)


def read_bytes(path: Path, root: Path, *, limit: int) -> bytes | Problem:
    """The bytes of ``path`` if it is a regular file inside ``root`` and at most ``limit`` bytes."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        return Problem(path, 0, 0, "", "missing file")
    except (OSError, RuntimeError) as err:  # a symlink loop, a name too long
        return Problem(path, 0, 0, "", f"cannot read: {_reason(err)}")
    inside = root.resolve()
    if not real.is_relative_to(inside):
        return Problem(path, 0, 0, "", f"resolves to {real}, outside the brief folder; copy the file in")
    try:
        info = real.stat()
        if stat.S_ISDIR(info.st_mode):
            return Problem(path, 0, 0, "", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            return Problem(path, 0, 0, "", "is not a regular file")
        if info.st_size > limit:
            return Problem(path, 0, 0, "", f"is {_megabytes(info.st_size)}; the limit is {_megabytes(limit)}")
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        return Problem(path, 0, 0, "", f"cannot read: {_reason(err)}")
    if len(data) > limit:  # grew while we looked
        return Problem(path, 0, 0, "", f"is larger than the limit of {_megabytes(limit)}")
    return data


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def read_text(path: Path, root: Path, *, limit: int) -> str | Problem:
    """UTF-8 text of ``path`` (see :func:`read_bytes`); binary files are refused by name."""
    data = read_bytes(path, root, limit=limit)
    if isinstance(data, Problem):
        return data
    for mark, encoding in _BOMS:  # a file saved as UTF-16 or UTF-32 is text, in the wrong encoding
        if data.startswith(mark):
            shown = " ".join(f"{b:02X}" for b in mark)
            message = f"is {encoding} text (it starts with the byte-order mark {shown}); save it as UTF-8"
            return Problem(path, 0, 0, "", message)
    if b"\x00" in data:
        return Problem(path, 0, 0, "", "contains NUL bytes: a binary file, not UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return Problem(path, line, col, "", f"not UTF-8 text ({err.reason} at byte {err.start})")

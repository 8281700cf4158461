"""Reading files (briefing/load/files.py): each size limit on both sides, reading stays inside
the brief, what cannot be read or decoded is one line, and a file swapped or grown after it was
checked is refused. In process, for ``make mutation``."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import failures

from briefing.errors import Problem
from briefing.load.files import SOURCE_BYTES, YAML_BYTES, read_bytes, read_text

pytestmark = pytest.mark.load


# --- reading files (briefing/load/files.py) -----------------------------------------------------


@pytest.mark.parametrize(
    ("size", "shown", "limit"),
    [
        (99_999, "99,999 bytes", "99,998 bytes"),
        (100_000, "0.1 MB", "99,999 bytes"),
        (100_001, "100,001 bytes", "0.1 MB"),
        (16_000_000, "16.0 MB", "15,999,999 bytes"),
        (16_000_001, "16,000,001 bytes", "16.0 MB"),
    ],
)
def test_sizes_in_messages(tmp_path, size, shown, limit):
    path = tmp_path / "a.txt"
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: no need to write the bytes
    refused = read_bytes(path, tmp_path, limit=size - 1)
    assert refused == Problem(path, 0, 0, "", f"is {shown}; the limit is {limit}")


def _sparse(path, size: int) -> None:
    """A file of ``size`` NUL bytes without writing them: past the size check, refused as binary."""
    with path.open("wb") as handle:
        handle.truncate(size)


def test_the_source_size_limit_both_sides(mini):
    text = mini / "sources" / "demo-2021.txt"
    _sparse(text, SOURCE_BYTES)
    assert failures(mini) == ["sources/demo-2021.txt: contains NUL bytes: a binary file, not UTF-8 text"]
    _sparse(text, SOURCE_BYTES + 1)
    assert failures(mini) == ["sources/demo-2021.txt: is 16,000,001 bytes; the limit is 16.0 MB"]


def test_the_yaml_size_limit_both_sides(mini):
    for path in (mini / "brief.yaml", mini / "sources" / "demo-2021.yaml"):
        original = path.read_bytes()
        _sparse(path, YAML_BYTES)
        assert f"{path.relative_to(mini)}: contains NUL bytes: a binary file, not UTF-8 text" in failures(
            mini
        )
        _sparse(path, YAML_BYTES + 1)
        assert f"{path.relative_to(mini)}: is 1,000,001 bytes; the limit is 1.0 MB" in failures(mini)
        path.write_bytes(original)


def test_reading_stays_inside_the_brief(tmp_path):
    inside = tmp_path / "brief"
    inside.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (inside / "link.txt").symlink_to(tmp_path / "secret.txt")
    (inside / "ok.txt").write_text("ok", encoding="utf-8")
    (inside / "ok-link.txt").symlink_to(inside / "ok.txt")
    assert read_text(inside / "ok.txt", inside, limit=10) == "ok"
    assert read_text(inside / "ok-link.txt", inside, limit=10) == "ok"
    refused = read_text(inside / "link.txt", inside, limit=10)
    assert refused == Problem(
        inside / "link.txt",
        0,
        0,
        "",
        f"resolves to {tmp_path / 'secret.txt'}, outside the brief folder; copy the file in",
    )


def test_what_cannot_be_read_is_one_line(tmp_path):
    assert read_bytes(tmp_path / "none.txt", tmp_path, limit=10) == Problem(
        tmp_path / "none.txt", 0, 0, "", "missing file"
    )
    assert read_bytes(tmp_path, tmp_path, limit=10) == Problem(tmp_path, 0, 0, "", "is a folder, not a file")
    os.mkfifo(tmp_path / "pipe")
    assert read_bytes(tmp_path / "pipe", tmp_path, limit=10) == Problem(
        tmp_path / "pipe", 0, 0, "", "is not a regular file"
    )
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    refused = read_bytes(loop, tmp_path, limit=10)
    assert isinstance(refused, Problem) and refused.message.startswith("cannot read: ")
    assert "\n" not in refused.message


def test_text_must_be_utf8_without_nul(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("ok é\n".encode())
    assert read_text(path, tmp_path, limit=100) == "ok é\n"
    path.write_bytes(b"line one\nab\xffc\n")
    assert read_text(path, tmp_path, limit=100) == Problem(
        path, 2, 3, "", "not UTF-8 text (invalid start byte at byte 11)"
    )
    path.write_bytes(b"\xff")
    assert read_text(path, tmp_path, limit=100) == Problem(
        path, 1, 1, "", "not UTF-8 text (invalid start byte at byte 0)"
    )
    path.write_bytes(b"text\x00more")
    assert read_text(path, tmp_path, limit=100) == Problem(
        path, 0, 0, "", "contains NUL bytes: a binary file, not UTF-8 text"
    )


# --- reading files: what the operating system says, and a file swapped after it was checked ------


def test_a_name_the_system_cannot_resolve_is_one_line(tmp_path):
    path = tmp_path / ("x" * 300)
    assert read_bytes(path, tmp_path, limit=10) == Problem(path, 0, 0, "", "cannot read: file name too long")


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError("Disk on fire at /Mnt/X"), "Disk on fire at /Mnt/X"),  # not the system's words: as written
    ],
)
def test_an_error_while_reading_is_one_line(tmp_path, monkeypatch, error, shown):
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr("briefing.load.files.os.open", refuse)
    assert read_bytes(path, tmp_path, limit=10) == Problem(path, 0, 0, "", f"cannot read: {shown}")


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 50)
    real_stat = Path.stat

    def small(self, *args, **kwargs):  # the size as it was when checked
        info = real_stat(self, *args, **kwargs)
        return os.stat_result((info.st_mode, *info[1:6], 5, *info[7:]))

    monkeypatch.setattr(Path, "stat", small)
    assert read_bytes(path, tmp_path, limit=10) == Problem(
        path, 0, 0, "", "is larger than the limit of 10 bytes"
    )


def test_a_file_swapped_for_a_symlink_after_the_check_is_not_followed(tmp_path, monkeypatch):
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    link = tmp_path / "brief" / "a.txt"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "secret.txt")
    real_resolve = Path.resolve
    # As if a.txt was a plain file when resolved and became a link before it was opened.
    monkeypatch.setattr(
        Path, "resolve", lambda self, strict=False: self if self == link else real_resolve(self, strict)
    )
    refused = read_bytes(link, link.parent, limit=100)
    assert refused == Problem(link, 0, 0, "", "cannot read: too many levels of symbolic links")


def test_a_file_swapped_for_a_pipe_after_the_check_does_not_hang(tmp_path, monkeypatch):
    import signal

    pipe = tmp_path / "a.txt"
    os.mkfifo(pipe)
    real_stat = Path.stat

    def regular(self, *args, **kwargs):  # as if it was a regular file when checked
        info = real_stat(self, *args, **kwargs)
        return os.stat_result((stat.S_IFREG | 0o644, *info[1:6], 0, *info[7:]))

    def hang(signum, frame):
        raise TimeoutError("the reader waited for a writer")

    monkeypatch.setattr(Path, "stat", regular)
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(5)
    try:
        assert read_bytes(pipe, tmp_path, limit=10) == b""
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_an_invalid_byte_after_a_leading_line_break_is_placed_on_line_two(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\n\xff")
    assert read_text(path, tmp_path, limit=10) == Problem(
        path, 2, 1, "", "not UTF-8 text (invalid start byte at byte 1)"
    )

"""``briefing preview`` under hostile clients: raw sockets for what a browser never sends (foreign
Host headers, early disconnects, resets, idle connections), Playwright with Debian's chromium for
what the analyst sees (a template that fails at render time is shown on the page, and the watch
goes on), and the command's exit codes for Ctrl-C and SIGTERM."""

from __future__ import annotations

import os
import queue
import signal
import socket
import struct
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import as_at_a_terminal
from playwright.sync_api import expect, sync_playwright

from briefing.html.render import TEMPLATES
from briefing.options import BuildOptions
from briefing.workflow.preview import Preview

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
WAIT_MS = 30_000


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def preview(mini, tmp_path):
    logged: list[str] = []
    server = Preview(mini, tmp_path / "out", log=logged.append).start()
    assert server.first.wait(120), "first build"
    server.logged = logged
    yield server
    server.stop()


@pytest.mark.parametrize(
    "host", [b"evil.example", b"evil.example:%d", b"", b"127.0.0.1", b"127.0.0.1:1", b"localhost.evil.example:%d",
             b"127.0.0.1:%d\r\nHost: evil.example"],
)
def test_a_foreign_host_gets_403_and_is_logged_once(preview, host):
    port = preview.server.server_address[1]
    header = host % port if b"%d" in host else host
    for _ in range(3):
        reply = _raw(port, b"GET / HTTP/1.1\r\nHost: " + header + b"\r\nConnection: close\r\n\r\n")
        assert reply.startswith(b"HTTP/1.0 403") and b"Fixture" not in reply, reply[:200]
    assert len(preview.logged) == 1 and "refused a request for Host" in preview.logged[0], preview.logged


def test_no_host_header_at_all_gets_403(preview):
    port = preview.server.server_address[1]
    assert _raw(port, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 403")


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
def test_its_own_names_are_answered(preview, name):
    port = preview.server.server_address[1]
    reply = _raw(port, f"GET / HTTP/1.1\r\nHost: {name}:{port}\r\nConnection: close\r\n\r\n".encode())
    assert reply.startswith(b"HTTP/1.0 200") and b"briefing-preview" in reply
    assert preview.logged == []


PREVIEW_CHILD = r"""
import sys
from briefing.cli import app
sys.argv = ["briefing", "preview", sys.argv[1], "--out", sys.argv[2]]
app()
"""


def _start(mini: Path, out: Path):
    proc = subprocess.Popen([sys.executable, "-c", PREVIEW_CHILD, str(mini), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"},
                            preexec_fn=as_at_a_terminal)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    while "✓ built" not in (line := lines.get(timeout=120)):
        if "preview at" in line:
            url = line.split("preview at ")[1].split()[0]
    return proc, url


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_disconnects_are_silent_and_a_signal_closes_the_server_first(mini, tmp_path, signum, code):
    proc, url = _start(mini, tmp_path / "out")
    port = int(url.rsplit(":", 1)[1].strip("/"))
    try:
        idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(100)]
        for _ in range(20):  # ask for the page, then leave before reading it
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        for _ in range(20):  # ask, then reset the connection (RST, not FIN)
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        for s in idle:
            s.close()
        with urllib.request.urlopen(url, timeout=30) as r:  # still serving
            assert b"Fixture Brief" in r.read()
    finally:
        proc.send_signal(signum)
        proc.wait(timeout=60)
    stderr = proc.stderr.read()
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_template_that_fails_at_render_time_is_shown_and_the_watch_goes_on(mini, tmp_path):
    folder = tmp_path / "templates" / "sections"
    folder.mkdir(parents=True)
    bluf = TEMPLATES / "sections" / "bluf.html.j2"
    mine = folder / "bluf.html.j2"
    mine.write_text(bluf.read_text(encoding="utf-8"), encoding="utf-8")
    server = Preview(mini, tmp_path / "out", options=BuildOptions(template_dir=tmp_path / "templates")).start()
    try:
        assert server.first.wait(120)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(server.url)
            expect(page.locator("h1.title")).to_contain_text("Fixture Brief")
            mine.write_text("{{ 1 // 0 }}\n" + bluf.read_text(encoding="utf-8"), encoding="utf-8")
            errors = page.locator("#briefing-errors")
            expect(errors).to_contain_text(f"{mine}:1:1: template error: ZeroDivisionError", timeout=WAIT_MS)
            mine.write_text("{% for x in 5 %}{% endfor %}\n" + bluf.read_text(encoding="utf-8"), encoding="utf-8")
            expect(errors).to_contain_text("TypeError: 'int' object is not iterable", timeout=WAIT_MS)
            mine.write_text(bluf.read_text(encoding="utf-8"), encoding="utf-8")
            expect(page.locator("h1.title")).to_contain_text("Fixture Brief", timeout=WAIT_MS)
            browser.close()
        assert server.threads[1].is_alive(), "the watch thread survived every failure"
    finally:
        server.stop()

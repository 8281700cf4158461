"""``briefing preview``: the HTML rendering served on 127.0.0.1, reloaded after every rebuild.

The page polls a tiny version endpoint and reloads itself when a rebuild finishes (keeping its
scroll position), as Quarto's preview does. A failed rebuild replaces the page with its problems,
one line each, until the next good build. Nothing is served beyond 127.0.0.1, and only to
requests that name it (``Host: 127.0.0.1:PORT``, ``localhost:PORT`` or ``[::1]:PORT``): a page
on another site whose name resolves to 127.0.0.1 (DNS rebinding) gets 403.
"""

from __future__ import annotations

import contextlib
import html as html_escape
import http.server
import json
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing import writers
from briefing.options import BuildOptions
from briefing.theme import THEME
from briefing.workflow.watch import Outcome, watch

RELOAD = """<script id="briefing-preview">
(() => {
  const key = "briefing-preview-scroll";
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { window.scrollTo(0, Number(saved)); sessionStorage.removeItem(key); }
  let seen = %d;
  async function poll() {
    try {
      const r = await fetch("/__version", {cache: "no-store"});
      const v = (await r.json()).version;
      if (v !== seen) { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); return; }
    } catch (e) { /* the preview stopped or is restarting: keep trying */ }
    setTimeout(poll, 300);
  }
  setTimeout(poll, 300);
})();
</script>"""

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed — briefing preview</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#{ink}}}
h1{{color:#{alarm};font-size:1.3rem}}
pre{{white-space:pre-wrap;padding:1rem;border-left:4px solid #{alarm}}}</style>
</head><body><h1>Build failed: {count} problem(s)</h1>
<p>Fix the brief and save; this page reloads by itself.</p>
<pre id="briefing-errors">{lines}</pre>
{script}</body></html>"""


@dataclass
class Page:
    """What the server shows now: the latest good HTML or the latest failure."""

    version: int = 0
    body: bytes = b"<!DOCTYPE html><title>Building</title><p>Building the brief...</p>"
    shown: str = ""  # the HTML now served, without the reload script
    lock: threading.Lock = field(default_factory=threading.Lock)

    def show_html(self, text: str) -> None:
        """A rebuild's HTML as soon as it is rendered, before its PDF is laid out."""
        with self.lock:
            self._html(text)

    def _html(self, text: str) -> None:
        if text == self.shown:  # already shown by show_html: the browser need not reload again
            return
        self.version += 1
        script = RELOAD % self.version
        self.shown = text
        cut = text.rfind("</body>")
        self.body = (text[:cut] + script + text[cut:] if cut >= 0 else text + script).encode("utf-8")

    def show(self, outcome: Outcome) -> None:
        with self.lock:
            if outcome.ok and outcome.result is not None:
                self._html(outcome.result.html.read_text(encoding="utf-8"))
                return
            self.version += 1
            self.shown = ""
            text = ERROR_PAGE.format(
                count=len(outcome.problems),
                lines="\n".join(html_escape.escape(p) for p in outcome.problems),
                script=RELOAD % self.version,
                ink=THEME.colours.ink,
                alarm=THEME.colours.handling,
            )
            self.body = text.encode("utf-8")


HOSTS = ("127.0.0.1", "localhost", "[::1]")
IDLE_SECONDS = 30  # a connection that sends nothing for this long is closed
REFUSALS_LOGGED = 100  # distinct Host values logged; beyond, refused silently


@dataclass
class Gate:
    """Which ``Host`` headers the preview answers: its own address only. A page on another site
    that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own name, and gets 403."""

    port: int = 0
    log: Callable[[str], None] | None = None
    refused: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def allows(self, host: str | None) -> bool:
        return (host or "").strip().lower() in {f"{name}:{self.port}" for name in HOSTS}

    def refuse(self, host: str | None) -> None:
        """Log each refused Host value once."""
        shown = repr((host or "")[:100])
        with self.lock:
            if shown in self.refused or len(self.refused) >= REFUSALS_LOGGED:
                return
            self.refused.add(shown)
        if self.log:
            self.log(f"preview: refused a request for Host {shown} (403); only 127.0.0.1, localhost "
                     f"and [::1] on port {self.port} are answered")


def handler(page: Page, gate: Gate | None = None) -> type[http.server.BaseHTTPRequestHandler]:
    gate = gate or Gate()

    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = IDLE_SECONDS

        def handle(self) -> None:
            with contextlib.suppress(ConnectionError, TimeoutError):  # the client went away: fine
                super().handle()

        def do_GET(self) -> None:
            hosts = self.headers.get_all("Host") or []
            host = hosts[0] if len(hosts) == 1 else ", ".join(hosts) or None  # two Host lines: refused
            if len(hosts) != 1 or not gate.allows(host):
                gate.refuse(host)
                self.send_error(403, "Forbidden: the preview answers only its own address")
                return
            path = self.path.split("?")[0]
            if path == "/__version":
                with page.lock:
                    body, kind = json.dumps({"version": page.version}).encode(), "application/json"
            elif path in ("/", "/index.html"):
                with page.lock:
                    body, kind = page.body, "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A client that disconnects or resets is no error; anything else is one line, not a traceback."""
        err = sys.exc_info()[1]
        if isinstance(err, ConnectionError | TimeoutError):
            return
        print(f"preview: a request failed: {type(err).__name__}: {err}", file=sys.stderr)


class Preview:
    """A server thread and a watch thread; ``stop()`` ends both."""

    def __init__(
        self,
        seeds: Path,
        out: Path,
        *,
        port: int = 0,
        paper: str = "a4",
        options: BuildOptions | None = None,
        formats: tuple[str, ...] = (writers.HTML.name,),
        report=None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.page = Page()
        self.stop_event = threading.Event()
        self.gate = Gate(log=log)
        self.server = _Server(("127.0.0.1", port), handler(self.page, self.gate))
        self.gate.port = self.server.server_address[1]
        self.server.daemon_threads = True
        self.first = threading.Event()

        def shown(outcome: Outcome) -> None:
            self.page.show(outcome)
            self.first.set()
            if report:
                report(outcome)

        self.threads = [
            threading.Thread(target=self.server.serve_forever, daemon=True),
            threading.Thread(
                target=watch,
                args=(seeds, out),
                kwargs={
                    "formats": formats,
                    "paper": paper,
                    "options": options,
                    "report": shown,
                    "stop": self.stop_event,
                    "on_html": self.page.show_html,
                },
                daemon=True,
            ),
        ]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> Preview:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        """End both threads and close the socket; safe to call twice, or before :meth:`start`."""
        self.stop_event.set()
        if self.threads[0].is_alive():
            self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=10)

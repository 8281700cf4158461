"""What ``new-source`` (HTTP) and ``email`` (SMTP) share: a deadline on a whole exchange, and
network errors said in words.

A socket timeout bounds each read, so a server that sends one byte every few seconds keeps a
client waiting for ever; :class:`Deadline` shuts the socket down when the whole exchange has had
its time, which wakes any blocked read at once. :func:`in_words` turns what the standard library
raises (``[Errno 111]``, ``BadStatusLine``, ``LineTooLong``) into what happened.
"""

from __future__ import annotations

import contextlib
import http.client
import smtplib
import socket
import ssl
import threading
import time
from types import TracebackType


class Deadline:
    """``with Deadline(30) as d: d.watch(sock) …``: every watched socket is shut down at 30 s."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._cut_done = False

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()

    @property
    def passed(self) -> bool:
        return self._cut_done or time.monotonic() >= self.end

    def remaining(self) -> float:
        """Seconds left, at least a tenth (a socket timeout of 0 would mean non-blocking)."""
        return max(0.1, self.end - time.monotonic())

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self._cut_done:
                _shutdown(sock)

    def _cut(self) -> None:
        with self._lock:
            self._cut_done = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing to wake
        sock.shutdown(socket.SHUT_RDWR)


def in_words(err: BaseException) -> str:
    """One clause for a network failure, without errno numbers or exception class names."""
    if isinstance(err, ConnectionRefusedError):
        return "the server refused the connection (nothing listens on that port)"
    if isinstance(err, ConnectionResetError | BrokenPipeError):
        return "the server closed the connection abruptly"
    if isinstance(err, socket.gaierror):
        return "the host name could not be found"
    if isinstance(err, TimeoutError | socket.timeout):
        return "the server did not answer in time"
    if isinstance(err, ssl.SSLCertVerificationError):
        return f"the server's TLS certificate is not trusted ({err.verify_message})"
    if isinstance(err, ssl.SSLError):
        return f"the TLS handshake failed ({err.reason or 'unknown reason'})".lower()
    if isinstance(err, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(err, http.client.LineTooLong):
        return "the server sent a header line longer than 64 KB"
    if isinstance(err, http.client.BadStatusLine):
        return "the server's reply is not HTTP (its first line is not a status line)"
    if isinstance(err, http.client.IncompleteRead):
        return "the server closed the connection before the end of the page"
    if isinstance(err, http.client.HTTPException):
        return "the server's reply is not valid HTTP" + (f" ({err})" if str(err) else "")
    if isinstance(err, smtplib.SMTPAuthenticationError):
        return "the server refused the user name or password (BRIEFING_SMTP_USER, BRIEFING_SMTP_PASSWORD)"
    if isinstance(err, smtplib.SMTPNotSupportedError):
        return f"the server does not offer {'STARTTLS' if 'STARTTLS' in str(err) else 'what was asked'}"
    if isinstance(err, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(err, smtplib.SMTPResponseException):
        said = err.smtp_error
        said = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
        return f"the server answered {err.smtp_code} {' '.join(said.split())}"
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return f"the server refused every recipient ({', '.join(err.recipients)})"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err) or type(err).__name__

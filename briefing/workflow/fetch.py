"""Fetching a source from a URL: once, at that moment, within a deadline and a size limit.

The only network access in briefing, and only when ``new-source`` is given a URL. The URL is
parsed and checked once (:func:`briefing.values.url`); the whole transfer — connecting, every
redirect, every byte — has one deadline; redirects are followed at most five times, only to
http(s), and only on the same host and port (or from http to https on the same host) unless the
person passed ``--follow-redirects``. Each hop is shown and recorded in the curation. What came
back is extracted to text at once; the page itself is not kept.
"""

from __future__ import annotations

import datetime as dt
import http.client
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from briefing import __version__, values
from briefing.workflow.extract import Extracted, ExtractError, from_bytes, from_html, guess_from_text
from briefing.workflow.network import Deadline, in_words

DEADLINE = 30.0  # seconds for the whole fetch, redirects included
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = f"briefing/{__version__} (new-source; one request per source)"


class FetchError(Exception):
    """The URL could not be fetched as a source (network, status, size, kind, redirect)."""


@dataclass
class Fetched:
    body: bytes
    kind: str  # the media type, e.g. text/html
    charset: str | None  # as the Content-Type header gives it
    url: str  # the final URL
    hops: list[str] = field(default_factory=list)  # "301 → URL" for each redirect followed


def _allowed_hop(old: values.Url, new: values.Url) -> bool:
    """Same scheme, host and port; or the usual upgrade of http to https on the same host."""
    upgrade = (old.scheme, old.port, new.scheme, new.port) == ("http", 80, "https", 443)
    return new.same_origin(old) or (upgrade and new.host == old.host)


def fetch(
    url: str,
    *,
    timeout: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    follow_redirects: bool = False,
    on_hop: Callable[[str], None] | None = None,
) -> Fetched:
    """GET ``url`` within ``timeout`` seconds in all; refuses bodies over ``max_bytes``."""
    try:
        current = values.url(url)
    except ValueError as err:
        raise FetchError(str(err)) from None
    hops: list[str] = []
    with Deadline(timeout) as deadline:
        for _ in range(MAX_REDIRECTS + 1):
            status, reason, headers, body = _get(current, deadline, max_bytes, url)
            if status not in REDIRECTS:
                break
            location = headers.get("Location", "").strip()
            if not location:
                raise FetchError(f"{url}: the server answered {status} {reason} without saying where to")
            try:
                target = values.url(urljoin(current.text, location), "redirect")
            except ValueError as err:
                raise FetchError(f"{url}: redirected to {location[:120]!r}, not followed: {err}") from None
            if not follow_redirects and not _allowed_hop(current, target):
                raise FetchError(
                    f"{url}: redirected ({status}) to {target.text}, another host or port; "
                    "not followed (pass --follow-redirects to follow it)"
                )
            hops.append(f"{status} → {target.text}")
            if on_hop:
                on_hop(hops[-1])
            current = target
        else:
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; not followed further")
    if not 200 <= status < 300:
        raise FetchError(f"{url}: the server answered {status} {reason}".rstrip())
    kind, charset = _content_type(headers.get("Content-Type", ""))
    return Fetched(body, kind, charset, current.text, hops)


def _content_type(value: str) -> tuple[str, str | None]:
    message = http.client.HTTPMessage()
    message["Content-Type"] = value or "application/octet-stream"
    return message.get_content_type(), message.get_content_charset()


def _get(
    target: values.Url, deadline: Deadline, max_bytes: int, asked: str
) -> tuple[int, str, http.client.HTTPMessage, bytes]:
    """One GET: (status, reason, headers, body). Any failure of the exchange is one line."""
    kind = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    conn = kind(target.host, target.port, timeout=deadline.remaining())
    parts = urlsplit(target.text)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        conn.connect()
        deadline.watch(conn.sock)
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
        response = conn.getresponse()
        length = response.headers.get("Content-Length", "").strip()
        if length.isascii() and length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{asked}: {int(length):,} bytes is over the {max_bytes:,}-byte limit")
        if response.status in REDIRECTS:
            return response.status, response.reason, response.headers, b""
        body = bytearray()
        while len(body) <= max_bytes and (chunk := response.read1(65536)):
            body += chunk
        if response.length:  # the server declared more than it sent
            raise http.client.IncompleteRead(bytes(body), response.length)
        if len(body) > max_bytes:
            raise FetchError(f"{asked}: more than the {max_bytes:,}-byte limit; nothing was kept")
        return response.status, response.reason, response.headers, bytes(body)
    except FetchError:
        raise
    except (http.client.HTTPException, OSError, ValueError, UnicodeError) as err:
        if deadline.passed:
            message = f"not fetched within {deadline.seconds:g} s; nothing was kept"
            raise FetchError(f"{asked}: {message}") from None
        raise FetchError(f"{asked}: {in_words(err)}") from None
    finally:
        conn.close()


def extract_url(
    url: str,
    *,
    timeout: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    follow_redirects: bool = False,
    on_hop: Callable[[str], None] | None = None,
) -> Extracted:
    """Fetch once and extract: the text, how it was made, and metadata the page declares."""
    got = fetch(url, timeout=timeout, max_bytes=max_bytes, follow_redirects=follow_redirects, on_hop=on_hop)
    retrieved = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        if got.kind in {"text/html", "application/xhtml+xml"}:
            extracted = from_html(got.body, "the page", url=got.url, charset=got.charset)
        elif got.kind in {"application/pdf", "text/plain"}:
            name = "the download" + (".pdf" if got.kind == "application/pdf" else ".txt")
            extracted = from_bytes(got.body, name, charset=got.charset)
            extracted.how = extracted.how.replace(name, "the download")
        else:
            raise FetchError(f"{url}: a {got.kind} document is not a text briefing can extract")
    except ExtractError as err:
        raise FetchError(f"{url}: {err}") from err
    extracted.fetched = got.url
    if extracted.meta.get("URL", got.url) != got.url:  # the page names its canonical address
        extracted.found["URL"] += f" (fetched from {got.url})"
    extracted.take({"URL": (got.url, "the URL fetched")})
    guess_from_text(extracted)
    extracted.redirects = got.hops
    hops = f" (after {len(got.hops)} redirect{'s' * (len(got.hops) > 1)} from {url})" if got.hops else ""
    extracted.how = f"fetched from {got.url}{hops} on {retrieved}; {extracted.how}"
    return extracted

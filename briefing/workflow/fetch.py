"""Fetching a source from a URL: once, at that moment, with a timeout and a size limit.

The only network access in briefing, and only when ``new-source`` is given a URL. What came
back is extracted to text at once (HTML with trafilatura, PDF with pypdf, plain text as is);
the page itself is not kept.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from briefing import __version__
from briefing.workflow.extract import Extracted, ExtractError, extract_file, from_html, guess_from_text

TIMEOUT = 20.0  # seconds, for connecting and for each read
MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = f"briefing/{__version__} (new-source; one request per source)"


class FetchError(Exception):
    """The URL could not be fetched as a source (network, status, size, kind)."""


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[bytes, str, str]:
    """GET ``url``: (body, content type, final URL). Refuses bodies over ``max_bytes``."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"{url}: {int(length)} bytes is over the {max_bytes}-byte limit")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"{url}: more than the {max_bytes}-byte limit")
            kind = response.headers.get_content_type()
            return body, kind, response.geturl()
    except urllib.error.HTTPError as err:
        raise FetchError(f"{url}: the server answered {err.code} {err.reason}") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise FetchError(f"{url}: could not fetch ({reason})") from err


def extract_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Extracted:
    """Fetch once and extract: the text, how it was made, and metadata the page declares."""
    body, kind, final = fetch(url, timeout=timeout, max_bytes=max_bytes)
    retrieved = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        if kind in {"text/html", "application/xhtml+xml"}:
            extracted = from_html(body, "the page", url=final)
            guess_from_text(extracted)
        elif kind in {"application/pdf", "text/plain"}:
            suffix = ".pdf" if kind == "application/pdf" else ".txt"
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"download{suffix}"
                path.write_bytes(body)
                extracted = extract_file(path)
            extracted.how = extracted.how.replace(f"download{suffix}", "the download")
        else:
            raise FetchError(f"{url}: a {kind} document is not a text briefing can extract")
    except ExtractError as err:
        raise FetchError(f"{url}: {err}") from err
    extracted.meta["url"] = final
    extracted.found["url"] = "the URL fetched"
    extracted.how = f"fetched from {final} on {retrieved}; {extracted.how}"
    return extracted

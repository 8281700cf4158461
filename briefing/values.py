"""Values that come from outside the brief's files: command-line options, URLs, ports, mail headers.

The loader decides what a brief's text may hold (:mod:`briefing.load.text`); these functions
apply the same rules to what a person types on the command line or a server sends back, so a
value ``build``, ``new-source``, ``preview`` or ``email`` accepts can never fail later in a
writer. Each returns the cleaned value or raises :class:`ValueError` with one line a person can
act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.header import decode_header
from urllib.parse import quote, urlsplit, urlunsplit

from briefing.load.chars import FORBIDDEN, HANDLING_CHARS, describe

SUBJECT_CHARS = 500  # RFC 5322 lines are 998 octets; a subject is one line of it
YEARS = (1900, 2199)  # dates a brief may carry, here and in brief.yaml
EPOCH_RANGE = (
    int(dt.datetime(YEARS[0], 1, 1, tzinfo=dt.UTC).timestamp()),
    int(dt.datetime(YEARS[1], 12, 31, 23, 59, 59, tzinfo=dt.UTC).timestamp()),
)
URL_CHARS = 2_000  # what browsers and servers commonly accept
URL_SCHEMES = ("http", "https")
_DIGITS = re.compile(r"[0-9]{1,5}")  # ASCII only: str.isdigit() also takes "²" and "٣"
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]")


def line(value: str, what: str, *, limit: int) -> str:
    """One line of text: no control character, no line break, at most ``limit`` characters."""
    if bad := _LINE_BREAKS.search(value):
        raise ValueError(f"{what} contains a line break (U+{ord(bad.group()):04X}); give one line")
    if bad := FORBIDDEN.search(value):
        raise ValueError(f"{what} contains {describe(bad.group())}; delete it")
    if len(value) > limit:
        raise ValueError(f"{what} has {len(value):,} characters; the limit is {limit:,}")
    return value


def marking(value: str) -> str:
    return line(value, "--marking", limit=HANDLING_CHARS)  # what brief.yaml's handling may hold


def date(value: str, what: str = "--date") -> dt.date:
    """``YYYY-MM-DD`` between 1900 and 2199 (the ZIP format the DOCX is written in ends at 2107,
    and dates are stamped from the brief's; outside that, a brief's date is a typo)."""
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r}: expected YYYY-MM-DD") from None
    check_year(parsed.year, f"{what} {value}")
    return parsed


def check_year(year: int, what: str) -> None:
    low, high = YEARS
    if not low <= year <= high:
        raise ValueError(f"{what}: the year must be between {low} and {high}")


def source_date_epoch(value: str) -> int | None:
    """``SOURCE_DATE_EPOCH`` as the reproducible-builds spec gives it: ASCII digits, and here a
    moment within the years a brief may carry. Empty is unset."""
    value = value.strip()
    if not value:
        return None
    low, high = EPOCH_RANGE
    if not re.fullmatch(r"[0-9]{1,12}", value) or not low <= int(value) <= high:
        raise ValueError(f"{value[:40]!r} is not seconds since 1970 up to {high} (the end of {YEARS[1]})")
    return int(value)


def port(value: str | int, what: str = "port", *, allow_zero: bool = False) -> int:
    """A TCP port, 1–65535 (0 = any free port, where ``allow_zero``); ASCII digits only."""
    text = str(value).strip()
    low = 0 if allow_zero else 1
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= 65535:
        raise ValueError(f"{what} {text[:40]!r}: expected a number from {low} to 65535")
    return int(text)


def host_port(value: str, what: str = "--smtp") -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:25`` for an IPv6 address)."""
    host, sep, number = value.strip().rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not sep or not host or any(c.isspace() or c in "/@[]" for c in host) or FORBIDDEN.search(host):
        raise ValueError(f"{what} {value[:80]!r}: expected HOST:PORT, e.g. mail.example.org:587")
    return host, port(number, f"{what} port")


@dataclass(frozen=True)
class Url:
    """An http(s) URL parsed once: what is fetched and what the curation records."""

    scheme: str
    host: str
    port: int
    text: str  # the URL as fetched: scheme and host lower case, path and query percent-encoded

    def same_origin(self, other: Url) -> bool:
        return (self.scheme, self.host, self.port) == (other.scheme, other.host, other.port)


def url(value: str, what: str = "URL") -> Url:
    """Scheme http or https, a host, a port 1–65535, the path encoded (a space becomes ``%20``)."""
    value = value.strip()
    shown = value[:80]
    if len(value) > URL_CHARS:
        raise ValueError(f"{what} has {len(value):,} characters; the limit is {URL_CHARS:,}")
    if bad := FORBIDDEN.search(value):
        raise ValueError(f"{what} {shown!r} contains {describe(bad.group())}")
    try:
        parts = urlsplit(value)
        number = parts.port  # raises on letters and on numbers past 65535
    except ValueError as err:
        raise ValueError(f"{what} {shown!r} is not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES:
        raise ValueError(f"{what} {shown!r}: only http and https URLs are fetched")
    host = (parts.hostname or "").lower()
    if not host or any(c.isspace() for c in host):
        raise ValueError(f"{what} {shown!r} names no host")
    try:
        host.encode("idna") if not host.startswith("[") else None
    except UnicodeError:
        raise ValueError(f"{what} {shown!r}: the host {host!r} is not a valid name") from None
    if number is not None and number == 0:
        raise ValueError(f"{what} {shown!r}: port 0 is not a port to fetch from")
    number = number or (443 if scheme == "https" else 80)
    netloc = f"[{host}]" if ":" in host else host.encode("idna").decode("ascii")
    if parts.port is not None:
        netloc += f":{number}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=?~-._")
    return Url(scheme, host, number, urlunsplit((scheme, netloc, path, query, "")))


def header(value: str, what: str, *, limit: int = SUBJECT_CHARS) -> str:
    """A mail header value: one line, and no line break hidden in an RFC 2047 encoded word
    (``=?utf-8?q?Hi=0D=0ABcc:…?=`` decodes to a second header line in some readers)."""
    line(value, what, limit=limit)
    if "=?" in value:
        try:
            decoded = "".join(
                part.decode(charset or "ascii", "replace") if isinstance(part, bytes) else part
                for part, charset in decode_header(value)
            )
        except (ValueError, LookupError):
            message = f"{what} holds an encoded word (=?…?=) that cannot be decoded; write it plainly"
            raise ValueError(message) from None
        if decoded != value:
            line(decoded, f"{what} (decoded from its =?…?= encoded word)", limit=limit)
    return value

"""``briefing email``: the brief as a ready-to-send message, PDF and DOCX attached.

Built with Python's email package: multipart/mixed holding a plain-text and an HTML body (the
bottom line and the key judgments, read from the brief's HTML like every other writer) and the
two files under their MIME types, with RFC 2231 names where a name is not ASCII. Written as
``<slug>.eml`` (``X-Unsent: 1`` so mail clients open it as a draft) or sent over SMTP, with the
user name and password taken from the environment, never from the command line.
"""

from __future__ import annotations

import html
import os
import smtplib
import ssl
import textwrap
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import lxml.html

from briefing import writers
from briefing.build import BuildResult, build
from briefing.options import BuildOptions
from briefing.output import atomic_path
from briefing.values import header, host_port
from briefing.workflow.network import Deadline, in_words

USER_ENV, PASSWORD_ENV = "BRIEFING_SMTP_USER", "BRIEFING_SMTP_PASSWORD"
SMTP_TIMEOUT = 60.0  # seconds for the whole conversation: connect, TLS, log in, send


class MailError(Exception):
    """The message could not be addressed or sent (a usage or a delivery problem)."""


@dataclass
class Summary:
    """What the bodies say, read from the brief's HTML."""

    title: str
    marking: str
    bluf_heading: str
    bluf: list[str]
    judgments_heading: str
    judgments: list[str]
    attached: str = "Attached:"  # the brief's word for it (body[data-attached], the catalogue's)


def _with_refs(element) -> str:
    """An element's text with each footnote as a bracketed reference: ``… claim.[Lankov (2020)]``."""
    parts = [element.text or ""]
    for child in element:
        classes = (child.get("class") or "").split()
        if child.tag == "span" and "footnote" in classes:
            parts.append(f" [{' '.join(child.text_content().split()).rstrip('.')}]")
        elif child.tag == "span" and "confidence" in classes:
            parts.append(f"({child.text_content().strip()})")
        else:
            parts.append(_with_refs(child))
        parts.append(child.tail or "")
    return "".join(parts)


def summarize(result: BuildResult) -> Summary:
    root = lxml.html.document_fromstring(result.html.read_text(encoding="utf-8"))
    bluf = root.get_element_by_id("bluf")
    judgments = root.get_element_by_id("judgments")
    handling = root.find_class("handling")
    return Summary(
        title=" ".join((root.findtext(".//title") or "").split()),
        marking=" ".join(handling[0].text_content().split()) if handling else "",
        bluf_heading=" ".join(bluf.find("h2").text_content().split()),
        bluf=[" ".join(_with_refs(p).split()).replace("\u2060", "") for p in bluf.iter("p")],
        judgments_heading=" ".join(judgments.find("h2").text_content().split()),
        judgments=[
            " ".join(_with_refs(li).split()).replace("\u2060", "")
            for li in judgments.xpath(".//ol[contains(@class, 'judgments')]/li")
        ],
        attached=root.body.get("data-attached") or "Attached:",
    )


def plain_body(s: Summary, files: list[str]) -> str:
    wrap = textwrap.TextWrapper(width=72, break_long_words=False, break_on_hyphens=False)
    lines = [s.marking, ""] if s.marking else []
    lines += [s.title, "", s.bluf_heading.upper(), ""]
    for p in s.bluf:
        lines += [wrap.fill(p), ""]
    lines += [s.judgments_heading.upper(), ""]
    for n, j in enumerate(s.judgments, 1):
        lines += [textwrap.fill(j, 72, initial_indent=f"{n}. ", subsequent_indent="   "), ""]
    lines.append(f"{s.attached} " + ", ".join(files))
    return "\n".join(lines) + "\n"


def html_body(s: Summary, files: list[str]) -> str:
    e = html.escape
    marking = f"<p><strong>{e(s.marking)}</strong></p>\n" if s.marking else ""
    bluf = "".join(f"<p>{e(p)}</p>\n" for p in s.bluf)
    items = "".join(f"<li>{e(j)}</li>\n" for j in s.judgments)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{e(s.title)}</title></head><body>\n'
        f"{marking}<h1>{e(s.title)}</h1>\n<h2>{e(s.bluf_heading)}</h2>\n{bluf}"
        f"<h2>{e(s.judgments_heading)}</h2>\n<ol>\n{items}</ol>\n"
        f"<p>{e(s.attached)} {e(', '.join(files))}</p>\n</body></html>\n"
    )


def _addresses(values: list[str], option: str) -> list[Address]:
    found = []
    for value in values:
        for part in (v.strip() for v in value.split(",")):
            if not part:
                continue
            try:
                header(part, option)  # no line break, plain or encoded, before anything is built
            except ValueError as err:
                raise MailError(str(err)) from None
            name, _, address = part.rpartition("<")
            address = address.rstrip(">").strip() if "<" in part else part
            user, at, domain = address.partition("@")
            if not (user and at and "." in domain) or any(c.isspace() for c in address):
                raise MailError(f"{option} {part!r} is not an e-mail address")
            try:
                found.append(Address(display_name=name.strip().strip('"'), username=user, domain=domain))
            except (ValueError, IndexError) as err:
                raise MailError(f"{option} {part!r} is not an e-mail address ({err})") from None
    return found


def _subject(value: str, what: str) -> str:
    try:
        return header(value, what)
    except ValueError as err:
        raise MailError(str(err)) from None


def check_headers(
    to: list[str], cc: list[str] | None = None, sender: str | None = None, subject: str | None = None
) -> None:
    """Every header value the person gave, checked before the build: addresses and one-line values
    (a CR or LF, typed or inside an RFC 2047 encoded word, would start a header of its own)."""
    if subject is not None:
        _subject(subject, "--subject")
    if not _addresses(to, "--to"):
        raise MailError("--to needs at least one address")
    _addresses(cc or [], "--cc")
    _addresses([sender] if sender else [], "--from")


def compose(
    result: BuildResult,
    *,
    to: list[str],
    cc: list[str] | None = None,
    sender: str | None = None,
    subject: str | None = None,
) -> EmailMessage:
    """The message: headers, the two bodies, and every default format's file the build wrote (the
    PDF and the DOCX), under its MIME type from :mod:`briefing.writers`."""
    check_headers(to, cc, sender, subject)
    recipients = _addresses(to, "--to")
    summary = summarize(result)
    attached = [w for w in writers.WRITERS if w.default and w.name in result.outputs]
    attachments = [(w.mime, result.outputs[w.name]) for w in attached]
    names = [path.name for _, path in attachments]
    msg = EmailMessage(policy=policy.SMTP)
    from_ = _addresses([sender], "--from") if sender else []
    if from_:
        msg["From"] = from_[0]
    msg["To"] = recipients
    if cc:
        msg["Cc"] = _addresses(cc, "--cc")
    msg["Subject"] = _subject(subject or summary.title, "--subject" if subject else "the brief's title")
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_[0].domain if from_ else "briefing.invalid")
    if not sender:
        msg["X-Unsent"] = "1"  # open as a draft; the mail client fills in the sender
    msg.set_content(plain_body(summary, names))
    msg.add_alternative(html_body(summary, names), subtype="html")
    for (maintype, subtype), path in attachments:
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def write_eml(msg: EmailMessage, target: Path) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(msg.as_bytes())
    return target


class _SMTP(smtplib.SMTP):
    """smtplib's client with its socket under the deadline from the first byte of the greeting."""

    def __init__(self, deadline: Deadline, host: str, port: int, timeout: float) -> None:
        self.deadline = deadline
        super().__init__(host, port, timeout=timeout)

    def _get_socket(self, host, port, timeout):  # type: ignore[no-untyped-def]
        sock = super()._get_socket(host, port, timeout)
        self.deadline.watch(sock)
        return sock


def send(
    msg: EmailMessage,
    server: str,
    *,
    starttls: bool = False,
    timeout: float = SMTP_TIMEOUT,
    context: ssl.SSLContext | None = None,
) -> list[str]:
    """Send over SMTP to ``HOST:PORT``; log in only if both environment variables are set.

    ``timeout`` bounds the whole conversation, not each read: a server that answers a byte at a
    time is cut off when it runs out."""
    try:
        host, port = host_port(server)
    except ValueError as err:
        raise MailError(str(err)) from None
    if not msg["From"]:
        raise MailError("--from is needed to send (the server must know who sends)")
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    context = context or ssl.create_default_context()
    with Deadline(timeout) as deadline:
        try:
            with _SMTP(deadline, host, port, timeout=timeout) as smtp:
                if starttls:
                    smtp.starttls(context=context)
                    deadline.watch(smtp.sock)  # the TLS socket wraps the first
                if user and password:
                    smtp.login(user, password)
                refused = smtp.send_message(msg)
        except (smtplib.SMTPException, OSError, ValueError) as err:
            if deadline.passed:
                raise MailError(f"sending via {server} failed: no answer within {timeout:g} s") from None
            raise MailError(f"sending via {server} failed: {in_words(err)}") from None
    return [a for a in msg.get_all("To", []) + msg.get_all("Cc", []) if a not in refused]


def email_brief(
    seeds: Path,
    out: Path,
    *,
    to: list[str],
    cc: list[str] | None = None,
    sender: str | None = None,
    subject: str | None = None,
    options: BuildOptions | None = None,
) -> tuple[EmailMessage, BuildResult]:
    """Build the default formats (PDF and DOCX), then compose the message around them."""
    result = build(seeds, out, formats=writers.default(), options=options)
    return compose(result, to=to, cc=cc, sender=sender, subject=subject), result

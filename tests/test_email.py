"""``briefing email``: a MIME message with both files attached, written as .eml or sent (locally)."""

from __future__ import annotations

import email
import socket
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult
from conftest import MEKONG, SEEDS, free_port, invoke

from briefing.workflow.mail import MailError, compose, email_brief, send

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def _attachments(msg: EmailMessage) -> dict[str, tuple[str, bytes]]:
    return {p.get_filename(): (p.get_content_type(), p.get_content()) for p in msg.iter_attachments()}


def _opening_words(brief: Path, field: str, count: int = 6) -> str:
    """The first words of a top-level prose field (or of its first item's text) as written, before
    any markup: the e-mail must carry the field itself, whatever the analyst's current wording."""
    from ruamel.yaml import YAML

    value = YAML(typ="safe").load(brief.read_text(encoding="utf-8"))[field]
    words = str(value[0]["text"] if isinstance(value, list) else value).split()[:count]
    assert words, field
    return " ".join(words)


@pytest.fixture
def smtp_server(smtp):
    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        ok = auth_data.login == b"analyst" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)

    inbox = smtp(authenticator=authenticator, auth_require_tls=False)
    inbox.logins = logins
    return inbox


def test_eml_for_the_seed_is_a_complete_draft(tmp_path):
    result = invoke(["email", str(SEEDS), "--to", "Policy Desk <desk@example.org>",
                                 "--cc", "chief@example.org, deputy@example.org", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    eml = next(tmp_path.glob("*.eml"))
    data = eml.read_bytes()
    assert len(data) < 1024 * 1024, f"{len(data)} bytes"
    msg = _parse(data)
    assert msg["To"] == "Policy Desk <desk@example.org>"
    assert msg["Cc"] == "chief@example.org, deputy@example.org"
    assert msg["Subject"].startswith("Five Capitals, One Peninsula")
    assert msg["Date"] and msg["Message-ID"].startswith("<") and msg["X-Unsent"] == "1"
    assert msg.get_content_type() == "multipart/mixed"
    files = _attachments(msg)
    pdf = next(tmp_path.glob("*.pdf"))
    docx = next(tmp_path.glob("*.docx"))
    assert files[pdf.name] == ("application/pdf", pdf.read_bytes())
    assert files[docx.name] == (DOCX_TYPE, docx.read_bytes())
    plain = msg.get_body(("plain",)).get_content()
    rich = msg.get_body(("html",)).get_content()
    for body in (plain, rich):
        assert _opening_words(SEEDS / "brief.yaml", "bluf") in body  # the bottom line
        assert _opening_words(SEEDS / "brief.yaml", "key_judgments") in body  # the first key judgment
        assert "FOR DISCUSSION" in body
    assert plain.count("confidence)") == 5
    assert "<ol>" in rich and rich.count("<li>") == 5
    assert "[Brown, ‘Russia’s DPRK Policy’; Lankov, ‘Biden’s Foreign Policy’, para. 22; Smith, ‘Joe Biden Should Learn from History’]" in " ".join(plain.split()), "claims keep their sources"


def test_non_ascii_attachment_names_use_rfc_2231(fresh, tmp_path):
    msg, result = email_brief(fresh, tmp_path, to=["desk@example.org"])
    pdf = result.outputs["pdf"]
    named = pdf.with_name("Brief – 湄公河.pdf")
    pdf.rename(named)
    result.outputs["pdf"] = named
    result.outputs.pop("docx")
    msg = compose(result, to=["desk@example.org"], subject="Mekong – 湄公河")
    raw = msg.as_bytes()
    assert b"filename*=utf-8''Brief%20%E2%80%93%20%E6%B9%84%E5%85%AC%E6%B2%B3.pdf" in raw
    parsed = _parse(raw)
    assert parsed["Subject"] == "Mekong – 湄公河"
    assert _attachments(parsed)["Brief – 湄公河.pdf"][1] == named.read_bytes()
    assert "Actor A favours pressure" in parsed.get_body(("plain",)).get_content()


def test_send_over_smtp_with_credentials_from_the_environment(smtp_server, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_SMTP_USER", "analyst")
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "s3cret")
    result = invoke(["email", str(MEKONG), "--to", "desk@example.org", "--from",
                                 "analyst@example.org", "--out", str(tmp_path), "--smtp", smtp_server.address])
    assert result.exit_code == 0, result.output
    assert smtp_server.logins == [("analyst", "s3cret")]
    assert not list(tmp_path.glob("*.eml")), "sent instead of written"
    (mail_from, rcpt, data), = smtp_server.received
    assert mail_from == "analyst@example.org" and rcpt == ["desk@example.org"]
    msg = _parse(data)
    files = _attachments(msg)
    pdf, docx = next(tmp_path.glob("*.pdf")), next(tmp_path.glob("*.docx"))
    assert files[pdf.name] == ("application/pdf", pdf.read_bytes())
    assert files[docx.name] == (DOCX_TYPE, docx.read_bytes())
    bluf_start = " ".join((MEKONG / "brief.yaml").read_text(encoding="utf-8").split("bluf:")[1].split()[1:6])
    assert bluf_start in " ".join(msg.get_body(("plain",)).get_content().split())
    assert "X-Unsent" not in msg


def test_mail_usage_and_delivery_errors(smtp_server, mini, tmp_path, monkeypatch):
    bad = invoke(["email", str(mini), "--to", "not an address", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "not an e-mail address" in bad.output
    assert invoke(["email", str(mini), "--out", str(tmp_path)]).exit_code == 2  # --to is required
    assert "--password" not in invoke(["email", "--help"]).output
    msg, _ = email_brief(mini, tmp_path, to=["desk@example.org"])
    with pytest.raises(MailError, match="--from is needed"):
        send(msg, smtp_server.address)
    msg.add_header("From", "a@example.org")
    monkeypatch.setenv("BRIEFING_SMTP_USER", "analyst")
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "wrong")
    with pytest.raises(MailError, match="failed"):
        send(msg, smtp_server.address)
    with pytest.raises(MailError, match="HOST:PORT"):
        send(msg, "nohost")
    assert smtp_server.received == []


# --- hostile headers, servers and certificates -----------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--subject", "Hi\r\nBcc: evil@example.org", "--subject contains a line break (U+000D)"),
        ("--subject", "=?utf-8?q?Hi=0D=0ABcc:_evil@example.org?=", "decoded from its =?…?= encoded word"),
        ("--to", "Desk\r\nBcc: evil@example.org <desk@example.org>", "--to contains a line break"),
        ("--to", "=?utf-8?q?Desk=0ABcc:_e@example.org?= <desk@example.org>", "encoded word"),
        ("--from", "Me\n <me@example.org>", "--from contains a line break"),
        ("--subject", "Hi\x1b[2J", "--subject contains U+001B"),
        ("--smtp", "127.0.0.1:99999", "--smtp port '99999': expected a number from 1 to 65535"),
        ("--smtp", "127.0.0.1:2⁵", "expected a number from 1 to 65535"),
    ],
)
def test_bad_headers_are_usage_errors_before_the_build(mini, tmp_path, option, value, words):
    args = ["email", str(mini), "--out", str(tmp_path / "o"), "--to", "desk@example.org", option, value]
    if option == "--to":
        args[5] = "chief@example.org"
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists(), "refused before anything was built"


def test_no_encoded_word_becomes_a_header_line(mini, tmp_path):
    """The .eml never carries a Bcc: line, whatever the subject encodes; compose refuses it too."""
    from briefing.build import build

    result = build(mini, tmp_path, formats=("pdf", "docx"))
    for subject in ("=?utf-8?q?Hi=0D=0ABcc:_evil@example.org?=", "=?utf-8?b?SGkKQmNjOiBldmlsQGV4YW1wbGUub3Jn?="):
        with pytest.raises(MailError, match="line break"):
            compose(result, to=["desk@example.org"], subject=subject)
    msg = compose(result, to=["desk@example.org"], subject="=?utf-8?q?Caf=C3=A9?=")
    head = msg.as_bytes().split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc" not in head and b"\nbcc" not in head.lower()


class Dripping:
    """An SMTP 'server' on 127.0.0.1 that greets one byte every half second, for ever."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            for byte in b"220 slow.example ESMTP " * 100:
                if self.stop.wait(0.5):
                    return
                try:
                    conn.send(bytes([byte]))
                except OSError:
                    return


def test_a_dripping_server_is_cut_off_at_the_deadline(mini, tmp_path):
    import time

    msg, _ = email_brief(mini, tmp_path, to=["desk@example.org"], sender="me@example.org")
    server = Dripping()
    start = time.monotonic()
    with pytest.raises(MailError) as err:
        send(msg, server.address, timeout=2)
    elapsed = time.monotonic() - start
    server.stop.set()
    server.sock.close()
    assert elapsed < 6, f"took {elapsed:.1f} s: the timeout was per read, not per conversation"
    assert str(err.value) == f"sending via {server.address} failed: no answer within 2 s"


def test_connection_errors_are_said_in_words(mini, tmp_path):
    msg, _ = email_brief(mini, tmp_path, to=["desk@example.org"], sender="me@example.org")
    with pytest.raises(MailError) as err:
        send(msg, f"127.0.0.1:{free_port()}")
    assert "refused the connection" in str(err.value) and "Errno" not in str(err.value)
    result = invoke(["email", str(mini), "--out", str(tmp_path), "--to", "desk@example.org",
                                 "--from", "me@example.org", "--smtp", f"127.0.0.1:{free_port()}"])
    assert result.exit_code == 1 and "refused the connection" in result.output and "Errno" not in result.output


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1, made now with `cryptography`: (certificate file, key file)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture
def tls_server(smtp, tmp_path):
    import ssl

    cert, key = _self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    inbox = smtp(tls_context=server_context, require_starttls=True)
    inbox.cert = cert
    return inbox


def test_starttls_against_a_local_tls_server(tls_server, mini, tmp_path):
    import ssl

    msg, _ = email_brief(mini, tmp_path, to=["desk@example.org"], sender="me@example.org")
    with pytest.raises(MailError) as plain:  # the server requires TLS: without --starttls, refused
        send(msg, tls_server.address)
    assert "530" in str(plain.value) and "STARTTLS" in str(plain.value)
    with pytest.raises(MailError) as untrusted:  # the default context does not trust a self-signed certificate
        send(msg, tls_server.address, starttls=True)
    assert "certificate is not trusted" in str(untrusted.value) and "Errno" not in str(untrusted.value)
    assert tls_server.received == []
    trusting = ssl.create_default_context(cafile=str(tls_server.cert))
    assert send(msg, tls_server.address, starttls=True, context=trusting) == ["desk@example.org"]
    (mail_from, rcpt, data), = tls_server.received
    assert mail_from == "me@example.org" and rcpt == ["desk@example.org"]
    assert _attachments(_parse(data)).keys() == {p.name for p in tmp_path.glob("*.pdf")} | {
        p.name for p in tmp_path.glob("*.docx")}

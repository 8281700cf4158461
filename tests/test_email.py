"""``briefing email``: a MIME message with both files attached, written as .eml or sent (locally)."""

from __future__ import annotations

import email
import socket
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import MEKONG, SEEDS
from typer.testing import CliRunner

from briefing.cli import app
from briefing.workflow.mail import MailError, compose, email_brief, send

runner = CliRunner()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def _attachments(msg: EmailMessage) -> dict[str, tuple[str, bytes]]:
    return {p.get_filename(): (p.get_content_type(), p.get_content()) for p in msg.iter_attachments()}


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        ok = auth_data.login == b"analyst" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)

    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    inbox.address = f"127.0.0.1:{controller.port}"
    inbox.logins = logins
    yield inbox
    controller.stop()


def test_eml_for_the_seed_is_a_complete_draft(tmp_path):
    result = runner.invoke(app, ["email", str(SEEDS), "--to", "Policy Desk <desk@example.org>",
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
        assert "None of the three analyses" in body  # the bottom line
        assert "North Korean denuclearization in the near term was very unlikely" in body  # the first key judgment
        assert "FOR DISCUSSION" in body
    assert plain.count("confidence)") == 5
    assert "<ol>" in rich and rich.count("<li>") == 5
    assert "[Brown (2021); Lankov (2020); Smith (2020)]" in plain, "claims keep their sources"


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
    result = runner.invoke(app, ["email", str(MEKONG), "--to", "desk@example.org", "--from",
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
    bad = runner.invoke(app, ["email", str(mini), "--to", "not an address", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "not an e-mail address" in bad.output
    assert runner.invoke(app, ["email", str(mini), "--out", str(tmp_path)]).exit_code == 2  # --to is required
    assert "--password" not in runner.invoke(app, ["email", "--help"]).output
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

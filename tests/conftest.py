"""Shared fixtures: the real seeds, and a tiny three-script brief to break on purpose."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MINI = Path(__file__).parent / "fixtures" / "mini"
MEKONG = Path(__file__).parent / "fixtures" / "mekong"

@pytest.fixture(autouse=True)
def private_stage_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps its own rendered HTML: a test that changes the renderer in memory (a
    monkeypatched theme or stylesheet) must not get another test's page back. And builds fork
    their DOCX writer whatever the machine's load (tests of the serial way say so)."""
    monkeypatch.setenv("BRIEFING_STAGE_CACHE", str(tmp_path_factory.mktemp("stages")))
    monkeypatch.setenv("BRIEFING_PARALLEL", "1")  # the DOCX beside the PDF, however busy the machine


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini brief (one source, two actors, two issues)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mekong(tmp_path: Path) -> Path:
    """A writable copy of the Mekong fixture (four actors, a Chinese source)."""
    target = tmp_path / "mekong"
    shutil.copytree(MEKONG, target)
    return target


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A brief made by ``briefing init``, as a new analyst would start one."""
    from briefing.workflow.init import init_brief

    target = tmp_path / "fresh"
    init_brief(target, title="Water on the Mekong", lang="en")
    return target


DEMO = "sources/demo-2021.yaml"  # the mini brief's one source


def located(brief: Path, file: str, needle: str, field: str, message: str, *, at: str | None = None) -> str:
    """``file:line:col: field: message`` where ``needle``'s line is, the column that of ``at``."""
    line = line_of(brief / file, needle)
    text = (brief / file).read_text(encoding="utf-8").splitlines()[line - 1]
    col = text.index(at if at is not None else needle) + 1
    return f"{file}:{line}:{col}: {field}: {message}"


def set_outlook(brief: Path, text: str) -> None:
    """The mini brief's outlook becomes ``text`` (single-quoted in the YAML)."""
    edit(brief / "brief.yaml", "outlook: Little will change soon [@demo-2021].", f"outlook: '{text}'")


def warnings_of(brief: Path) -> list[str]:
    """What loading ``brief`` warns about, one line each, paths relative to the brief."""
    from briefing.load import load_brief

    found: list = []
    load_brief(brief, warnings=found)
    return [str(p).replace(f"{brief}/", "") for p in found]


def failures(brief: Path) -> list[str]:
    """What loading ``brief`` reports, one line each, paths relative to the brief."""
    from briefing.errors import BriefingError
    from briefing.load import load_brief

    with pytest.raises(BriefingError) as info:
        load_brief(brief)
    return [str(p).replace(f"{brief}/", "") for p in info.value.problems]


def as_at_a_terminal() -> None:
    """``preexec_fn`` for a child the test stops with Ctrl-C: SIGINT acts as it does at a terminal.

    A shell without job control starts background jobs with SIGINT ignored, and children inherit
    that; Python then installs no KeyboardInterrupt handler, and the child would ignore Ctrl-C
    only because of how the tests were started.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def invoke(args: list[str], **options):
    """``briefing ARGS`` run in process by typer's CliRunner: its exit code, output and exception."""
    from typer.testing import CliRunner

    from briefing.cli import app

    return CliRunner().invoke(app, args, **options)


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on: the system's pick, released at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives: (sender, recipients, message bytes)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.address = ""

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp():
    """``smtp(**options)`` starts a local SMTP server (aiosmtpd on 127.0.0.1, a free port, the
    Controller's options) and gives its Inbox, ``address`` set to ``host:port``; all stop at the end."""
    from aiosmtpd.controller import Controller

    controllers: list = []

    def start(**options) -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        controllers.append(controller)
        inbox.address = f"127.0.0.1:{controller.port}"
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def verified_in(brief) -> int:
    """How many quoted phrases a loaded brief's prose holds, verified here afresh: the oracle the
    loader's own count (``Brief.phrases``, check's summary) is compared with."""
    from briefing.load.phrases import BRIEF_PROSE, SOURCE_PROSE, verify
    from briefing.load.quotes import SourceText

    texts = {s.id: SourceText(s.text) for s in brief.sources}
    count = sum(c.ok for c in verify(brief.model_dump(exclude={"sources"}), texts, BRIEF_PROSE))
    for source in brief.sources:
        own = source.model_dump(exclude={"text", "text_path"})
        count += sum(c.ok for c in verify(own, texts, SOURCE_PROSE, own=source.id))
    return count

"""A ``--template-dir`` is someone else's code: it renders sandboxed, within a deadline and an
output limit, reads only its own folder, and any error in it is one line naming the template
file and line. The built-in templates render exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MEKONG
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import BriefingError
from briefing.html import sandbox
from briefing.html.render import TEMPLATES, render_html
from briefing.load import load_brief

runner = CliRunner()
BLUF = "sections/bluf.html.j2"


def _mine(tmp_path: Path, body: str, name: str = BLUF) -> Path:
    """A template folder whose ``name`` is the built-in one with ``body`` put before its first line."""
    folder = tmp_path / "templates"
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    built_in = (TEMPLATES / name).read_text(encoding="utf-8") if (TEMPLATES / name).exists() else ""
    target.write_text(body + "\n" + built_in, encoding="utf-8")
    return folder


def _problem(mini: Path, folder: Path) -> str:
    with pytest.raises(BriefingError) as err:
        render_html(load_brief(mini), template_dir=folder)
    (problem,) = err.value.problems
    return str(problem)


ESCAPES = [
    "{{ cycler.__init__.__globals__.__builtins__.open('/etc/hostname').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{% set x = brief.actors.append(1) %}",
]


@pytest.mark.parametrize("body", ESCAPES)
def test_a_template_cannot_reach_outside_itself(mini, tmp_path, body, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = _mine(tmp_path, body)
    line = _problem(mini, folder)
    assert line.startswith(f"{folder / BLUF}:1:1: template error:"), line
    assert not (tmp_path / "PWNED").exists()
    hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip() if Path("/etc/hostname").exists() else "\0"
    assert hostname not in line


RUNTIME = [
    ("{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
    ("{% for x in 5 %}{{ x }}{% endfor %}", "TypeError: 'int' object is not iterable"),
    ("{{ range(10**10) | list }}", "range() of 10,000,000,000 items; a template has at most 100,000"),
    ("{{ 'x' * 10**9 }}", "repeating a value 1,000,000,000 times is too much"),
    ("{{ 10 ** 100000 }}", "10 ** 100000 is too large a number"),
    ("{% include 'sections/bluf.html.j2' %}", "RecursionError"),
    ("{{ brief.nothing_here }}", "has no attribute 'nothing_here'"),
]


@pytest.mark.parametrize(("body", "words"), RUNTIME)
def test_a_run_time_error_is_one_line_naming_the_template_and_line(mini, tmp_path, body, words):
    folder = _mine(tmp_path, "{# a house template #}\n" + body)
    line = _problem(mini, folder)
    assert line.startswith(f"{folder / BLUF}:2:1: template error: "), line
    assert words in line and "\n" not in line


def test_the_cli_says_it_in_one_line_and_writes_nothing(mini, tmp_path):
    folder = _mine(tmp_path, "{{ 1 // 0 }}")
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path / "o"), "--template-dir", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == f"{folder / BLUF}:1:1: template error: ZeroDivisionError: integer division or modulo by zero"
    assert not list((tmp_path / "o").glob("*.pdf")) if (tmp_path / "o").exists() else True


def test_the_deadline_stops_a_loop_that_calls_nothing(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    folder = _mine(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert "the template ran longer than 0.5 s" in _problem(mini, folder)


def test_the_output_limit(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "OUTPUT_CHARS", 10_000)
    folder = _mine(tmp_path, "{% for i in range(2000) %}<p>{{ brief.title }}</p>{% endfor %}")
    assert "the template wrote more than 10,000 characters" in _problem(mini, folder)


def test_templates_are_read_only_from_their_folder(mini, tmp_path):
    folder = tmp_path / "templates" / "sections"
    folder.mkdir(parents=True)
    (folder / "bluf.html.j2").symlink_to("/etc/hostname")
    line = _problem(mini, tmp_path / "templates")
    assert line.startswith(f"{folder / 'bluf.html.j2'}: resolves to /etc/hostname, outside the template folder")


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"\xff\xfe<p>caf\xe9</p>", "is not UTF-8 text (invalid start byte at byte 0)"),
     (b"", "rendered no <body…> element")],
)
def test_a_template_that_is_not_text_or_is_empty(mini, tmp_path, content, words):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "brief.html.j2").write_bytes(content)
    line = _problem(mini, folder)
    assert line.startswith(f"{folder / 'brief.html.j2'}: {words}"), line


def test_a_template_that_is_a_folder_or_fifo_is_refused(mini, tmp_path):
    import os

    folder = tmp_path / "templates"
    (folder / "sections").mkdir(parents=True)
    os.mkfifo(folder / BLUF)
    assert _problem(mini, folder).endswith("bluf.html.j2: is not a regular file")


def test_the_built_in_templates_render_sandboxed_on_the_seed_and_a_fixture():
    for brief in (MEKONG, Path(__file__).parent.parent / "seeds"):
        html = render_html(load_brief(brief))
        assert html.startswith("<!DOCTYPE html>") and "</body>" in html

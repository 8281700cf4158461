"""The bad-input corpus (tests/bad/corpus.py): one clear line, the right exit code, never a
traceback, and ``build`` agrees with ``check``.

The expected line must be among those printed (a broken source also breaks the brief's
codings, which sort first); ``build`` must print the very same first line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bad.corpus import CASES, Case
from conftest import MINI
from typer.testing import CliRunner

from briefing.cli import app

pytestmark = pytest.mark.load

runner = CliRunner()


def _expected(case: Case, brief: Path) -> str:
    if case.at is None:
        return case.expect
    file, needle = case.at
    lines = (brief / file).read_bytes().decode("utf-8", "replace").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if needle in text)
    return re.sub(r"\{L([+-]\d+)?\}", lambda m: str(line + int(m.group(1) or 0)), case.expect)


def _first_line(output: str, brief: Path) -> str:
    return output.replace(f"{brief}/", "").splitlines()[0] if output.strip() else ""


def test_the_corpus_is_large_and_names_are_unique():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    assert sum(case.exit != 0 for case in CASES) >= 60


def _checked(case: Case, tmp_path: Path) -> tuple[Path, str]:
    """The broken brief and what ``check`` printed, with everything ``check`` must do asserted."""
    brief = tmp_path / "brief"
    shutil.copytree(MINI, brief)
    for op in case.ops:
        op(brief)
    checked = runner.invoke(app, ["check", str(brief)])
    assert "Traceback" not in checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.exception
    assert checked.exit_code == case.exit, checked.output
    lines = checked.output.replace(f"{brief}/", "").splitlines()
    assert any(line.startswith(_expected(case, brief)) for line in lines), checked.output
    if case.exit:
        assert checked.output.rstrip().endswith("problem(s) found.")
    return brief, checked.output


# a 10 MB source takes seconds a case; the mini brief tries the same size rule (tests/test_files.py)
@pytest.mark.parametrize("case", [pytest.param(case, id=case.name, marks=[pytest.mark.sweep] if case.name.startswith("source-10-mb") else [])
                                  for case in CASES])
def test_bad_input(case: Case, tmp_path: Path):
    _checked(case, tmp_path)


@pytest.mark.build  # the build half, apart: `make mutation` runs the check half alone
@pytest.mark.parametrize("case", [case for case in CASES if case.exit or "build" in case.tags], ids=lambda case: case.name)
def test_build_agrees_with_check(case: Case, tmp_path: Path):
    brief, output = _checked(case, tmp_path)
    built = runner.invoke(app, ["build", str(brief), "--out", str(tmp_path / "out")])
    if case.exit:
        assert built.exit_code == case.exit
        assert _first_line(built.output, brief) == _first_line(output, brief)
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    else:
        assert built.exit_code == 0, built.output


@pytest.mark.build
def test_a_user_template_with_a_syntax_error_is_one_located_line(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text("<html>\n{% if %}\n</html>\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(MINI), "--out", str(tmp_path / "out"), "--template-dir", str(templates)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"{templates / 'brief.html.j2'}:2:1: template syntax:")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

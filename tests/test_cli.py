"""The command line: summaries, exit codes, no tracebacks."""

from __future__ import annotations

from conftest import SEEDS, edit
from typer.testing import CliRunner

from briefing import __version__
from briefing.cli import app

runner = CliRunner()


def test_check_summarises_the_seed_brief():
    result = runner.invoke(app, ["check", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "3 source texts" in result.output
    assert "18 pull-quotes verified verbatim" in result.output
    assert "30 of 30 matrix cells filled" in result.output
    assert "all resolved" in result.output


def test_check_errors_exit_1_without_traceback(mini):
    edit(mini / "brief.yaml", "confidence: low", "confidence: lowish")
    result = runner.invoke(app, ["check", str(mini)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.splitlines()[0].startswith(f"{mini}/brief.yaml:")


def test_missing_folder_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope")], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "does not exist" in " ".join(result.output.replace("│", " ").split())


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["check", "--bogus"]).exit_code == 2
    assert runner.invoke(app, ["build", "--format", "odt"]).exit_code == 2


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"briefing {__version__}"

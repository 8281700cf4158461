"""Every command explains itself with an example; shell completion is typer's standard option."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()
COMMANDS = ["init", "check", "list", "build", "export", "new-source", "watch", "preview", "email"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert f"briefing {command}" in " ".join(result.output.split())


def test_root_help_lists_every_command_and_completion():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for command in COMMANDS:
        assert f" {command} " in result.output
    assert "--install-completion" in result.output and "--show-completion" in result.output

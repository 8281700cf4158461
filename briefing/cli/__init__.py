"""The command line: a thin typer layer over ``briefing.build`` and ``briefing.workflow``.

Each command parses its options, calls one function the tests also call, and prints. The
commands live by what they do (authoring, output, watching); importing them registers them on
:data:`app`. Exit codes are in :mod:`briefing.cli.base`.
"""

from briefing.cli import authoring, editing, output, watching  # noqa: F401  (each registers its commands)
from briefing.cli.base import app

__all__ = ["app"]

"""The analyst's day on the command line, one module per command's logic.

``briefing.cli`` is a thin typer layer over these functions; the tests call them directly.
"""

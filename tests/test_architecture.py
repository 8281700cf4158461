"""docs/architecture.md kept true: layers import only downwards, the writers never import each
other, and every file the page names exists."""

from __future__ import annotations

import re
from pathlib import Path

from test_imports import import_graph

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"

# The layers of docs/architecture.md, bottom to top: a package or module → its layer.
LAYERS: dict[str, int] = {
    **dict.fromkeys(
        ["briefing", "model", "roles", "schema", "theme", "theme_values", "catalogue", "lang",
         "dates", "names", "citations", "typography", "errors", "cache", "paths", "stances",
         "pdfstandard", "fonts", "values", "load.chars", "stages", "translatable"], 1),
    "cite": 2,
    **dict.fromkeys(["load", "summary", "theme_file"], 3),
    "html": 4,
    **dict.fromkeys(["walker", "writers", "options", "output"], 5),
    **dict.fromkeys(["pdf", "docx", "markdown"], 6),
    **dict.fromkeys(["build", "forked", "desk"], 7),
    **dict.fromkeys(["workflow", "absorb", "refs"], 8),
    **dict.fromkeys(["cli", "__main__"], 9),
}
WRITERS = {"pdf", "docx", "markdown"}


def _unit(module: str) -> str:
    """``briefing.docx.walk.writer`` → ``docx``; ``briefing.load.chars`` → ``load.chars`` (a
    module with a layer of its own); ``briefing`` → ``briefing``."""
    parts = module.split(".")[1:]
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return ".".join(parts[:n])
    return parts[0] if parts else "briefing"


def _edges() -> set[tuple[str, str, str, str]]:
    """(importer's unit, imported unit, importer, imported) for imports across units."""
    return {(_unit(a), _unit(b), a, b) for a, targets in import_graph().items() for b in targets
            if _unit(a) != _unit(b)}


def test_every_package_and_module_has_a_layer():
    units = {_unit(module) for module in import_graph()}
    assert units - LAYERS.keys() == set(), "a new package: give it a layer here and in docs/architecture.md"


def test_layers_import_only_downwards():
    upward = sorted(f"{a} (layer {LAYERS[ua]}) imports {b} (layer {LAYERS[ub]})"
                    for ua, ub, a, b in _edges() if LAYERS[ub] > LAYERS[ua])
    assert upward == []


def test_writers_are_independent_of_each_other():
    crossing = sorted(f"{a} imports {b}" for ua, ub, a, b in _edges() if ua in WRITERS and ub in WRITERS)
    assert crossing == []


def test_the_rule_sees_an_upward_import():
    """The check above can fail: the graph it reads does contain the downward edges it allows."""
    edges = _edges()
    assert any(ua == "docx" and ub == "walker" for ua, ub, _, _ in edges)
    assert any(ua == "cli" and LAYERS[ub] < 9 for ua, ub, _, _ in edges)


def test_every_file_the_page_names_exists():
    named = set(re.findall(r"`((?:briefing|templates|tests|docs)/[\w./<>-]*)`", DOC.read_text(encoding="utf-8")))
    named = {n for n in named if "<" not in n}
    assert len(named) > 20
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert missing == []


def test_the_page_lists_every_layer_unit():
    text = DOC.read_text(encoding="utf-8")
    for unit in LAYERS:
        if unit in {"briefing", "paths", "stances", "pdfstandard", "fonts", "load.chars", "stages", "translatable"}:
            continue  # small helpers of layer 1 / 7 the page does not need to name one by one
        assert re.search(rf"briefing/{re.escape(unit)}(\.py|/)", text) or unit == "__main__", unit


def test_the_character_rules_cost_no_content_model():
    """values.py shares load/chars.py with the loader; importing it must not import the loader's
    package, the model and Markdown with it (load/__init__.py fetches load_brief on first use)."""
    import subprocess
    import sys

    probe = "import sys, briefing.values; print(sorted(m for m in sys.modules if m in {'briefing.model', 'briefing.load.brief', 'markdown_it', 'pydantic'}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
    loaded = subprocess.run(
        [sys.executable, "-c", "import briefing.load as l, sys; l.load_brief; print('briefing.load.brief' in sys.modules)"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    assert loaded.stdout.strip() == "True"
    # the theme defines its page label with N_ (translatable.py) and loads no catalogue or Babel
    probe = "import sys, briefing.theme; print(sorted(m for m in sys.modules if m.split('.')[0] in {'babel', 'pydantic', 'jinja2'}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


def test_the_stylesheet_takes_every_length_and_colour_from_the_theme():
    """print.css.j2 writes no length in pt or mm and no colour of its own (0 aside): each comes
    from briefing/theme.py, where a theme file can change it; percentages and em stay relative."""
    css = (ROOT / "templates" / "print.css.j2").read_text(encoding="utf-8")
    bare = re.sub(r"\{\{.*?\}\}|\{#.*?#\}|/\*.*?\*/", "", css, flags=re.S)
    lengths = re.findall(r"(?<![\w.#-])(?!0(?:pt|mm)\b)\d*\.?\d+(?:pt|mm|px|cm|in)\b", bare)
    colours = re.findall(r"#[0-9A-Fa-f]{3,6}\b", bare)
    assert (lengths, colours) == ([], [])
    assert re.findall(r"\d*\.?\d+mm", "padding: 0.5mm 1.2mm") == ["0.5mm", "1.2mm"]  # the pattern sees them

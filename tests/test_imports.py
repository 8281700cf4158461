"""The package's import structure: no cycles (type-checking and function-level imports
included), and a DOCX-only build never loads WeasyPrint."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "briefing"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports, wherever the import statement stands."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:  # `from pkg import module` names the module itself
                    targets.append(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
            for target in targets:
                while target and target not in modules:  # `import a.b.c` of a non-module tail
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_graph_check_sees_type_checking_imports():
    graph = import_graph()
    assert "briefing.docx.walk.writer" in graph["briefing.docx"]
    assert "briefing.docx.walk.flow" in graph["briefing.docx.walk.lists"]  # under `if TYPE_CHECKING:`
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_package_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or [])


def test_docx_modules_stay_small():
    files = (PACKAGE / "docx").rglob("*.py")
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in files}
    assert len(sizes) > 20  # walk/, word/ and oxml/ all counted
    assert max(sizes.values()) <= 400, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


UPPER = ("briefing.cli", "briefing.workflow")  # the command line and the workflows over build()


def test_the_layers_point_down():
    """Nothing below the command line and the workflows imports them: the build layer owns its
    options (briefing/options.py) and its writers (briefing/writers.py), the Markdown one too."""
    graph = import_graph()
    assert "briefing.options" in graph["briefing.build"]  # the check sees build's imports
    leaks = {
        module: sorted(t for t in targets if t.startswith(UPPER))
        for module, targets in graph.items()
        if not module.startswith(UPPER) and module != "briefing.__main__"
    }
    assert {m: t for m, t in leaks.items() if t} == {}


def test_the_command_line_and_the_build_layer_share_no_private_name():
    """cli/base exports what the commands use under public names (no ``_fail``, ``_build``, ``_state``)."""
    owned = [*UPPER, "briefing.build", "briefing.desk", "briefing.writers", "briefing.options", "briefing.cache"]
    crossing = []
    for name, path in _modules().items():
        if not name.startswith(tuple(owned)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefing"):
                crossing += [f"{name}: {node.module}.{a.name}" for a in node.names if a.name[:1] == "_" != a.name[1:2]]
    assert crossing == []


def test_a_docx_only_build_never_loads_weasyprint(tmp_path):
    script = (
        "import sys; from pathlib import Path; from briefing.build import build\n"
        f"result = build(Path({str(ROOT / 'tests' / 'fixtures' / 'mini')!r}), Path({str(tmp_path)!r}), formats=('docx',))\n"
        "assert result.outputs['docx'].is_file()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'briefing')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout
    assert "briefing.docx.walk.writer" in loaded  # the check saw the modules the build loaded
    assert "weasyprint" not in loaded and "briefing.pdf" not in loaded

"""No import cycles between helpers modules, at module level or inside functions.

The graph is read from the source with ``ast`` (nothing is imported): every ``import helpers.x``,
``from helpers.x import y`` and ``from helpers import x`` anywhere in a module, including inside
functions and ``if TYPE_CHECKING:`` blocks, is an arrow from that module to ``helpers.x``. A
cycle in it means two modules each need the other to be understood (and, at module level,
that importing one half-loads the other).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent.parent / "helpers"


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports anywhere in its source."""
    top = package.name
    modules = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        arrows: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative import: from . import x, from .base import y
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[:len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                # "from helpers import kinds" names a module; "from helpers.x import y" names x
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:  # helpers.kinds.base.Kind -> helpers.kinds.base
                    target = target.rpartition(".")[0]
                # a package's __init__ runs before any of its modules: not an arrow back to it
                if target and target.split(".")[0] == top and not (name + ".").startswith(target + "."):
                    arrows.add(target)
        graph[name] = arrows
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Every cycle as a tuple of module names, found by depth-first search (each cycle once)."""
    found: set[tuple[str, ...]] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                cycle = path[path.index(nxt):]
                k = cycle.index(min(cycle))
                found.add(tuple(cycle[k:] + cycle[:k]))
            elif len(path) < len(graph):
                visit(nxt, path + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    return sorted(found)


def test_helpers_have_no_import_cycles():
    found = cycles(import_graph(HELPERS))
    assert not found, "import cycles in helpers/: " + "; ".join(" -> ".join(c + (c[0],)) for c in found)


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    """A package named helpers in tmp_path holding ``files`` (path -> source) beside an empty __init__.py."""
    pkg = tmp_path / "helpers"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name, source in files.items():
        (pkg / name).parent.mkdir(exist_ok=True)
        (pkg / name).write_text(source)
    return pkg


def test_the_graph_sees_imports_inside_functions(tmp_path):
    pkg = plant(tmp_path, {"a.py": "from helpers.b import f\n", "b.py": "def f():\n    from helpers import a\n    return a\n"})
    assert import_graph(pkg) == {"helpers": set(), "helpers.a": {"helpers.b"}, "helpers.b": {"helpers.a"}}


@pytest.mark.parametrize("files, cycle", [
    ({"a.py": "import helpers.b\n", "b.py": "from helpers.a import x\n"}, ("helpers.a", "helpers.b")),
    ({"a.py": "def f():\n    from helpers.b import g\n", "b.py": "def g():\n    from helpers import a\n"},
     ("helpers.a", "helpers.b")),
    ({"a.py": "from helpers.b import x\n", "b.py": "from helpers.c import y\n", "c.py": "import helpers.a as a\n"},
     ("helpers.a", "helpers.b", "helpers.c")),
    ({"k/__init__.py": "", "k/x.py": "from .y import f\n", "k/y.py": "from . import x\n"},
     ("helpers.k.x", "helpers.k.y")),
])
def test_a_planted_cycle_is_found(tmp_path, files, cycle):
    assert cycles(import_graph(plant(tmp_path, files))) == [cycle]

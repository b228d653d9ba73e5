"""No import cycles between helpers modules, at module level or inside functions.

The graph is read from the source with ``ast`` (nothing is imported): every ``import helpers.x``,
``from helpers.x import y``, ``from helpers import x`` and ``import_module("helpers.x")`` anywhere
in a module, including inside functions and ``if TYPE_CHECKING:`` blocks, is an arrow from that
module to ``helpers.x``. ``from helpers import name`` where ``name`` is not a module is an arrow to
the module the package's ``__init__`` takes ``name`` from (by an import or a lazy name -> module
table), or else to the package itself, whose own imports are arrows too. A cycle in it means two
modules each need the other to be understood (and, at module level, that importing one
half-loads the other).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent.parent / "helpers"


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(name: str, is_package: bool, module: str, level: int) -> str:
    """The absolute module name of ``from <level dots><module> import ...`` written in module ``name``."""
    if not level:
        return module
    anchor = name.split(".") if is_package else name.split(".")[:-1]
    anchor = anchor[:len(anchor) - level + 1]
    return ".".join(anchor + ([module] if module else []))


def exported_names(tree: ast.Module, name: str, modules: set[str]) -> dict[str, str]:
    """What a package's ``__init__`` (``name``) hands on: name -> the module it takes it from,
    by ``from m import x`` or by a lazy table ``{"x": "helpers.m"}`` (PEP 562 ``__getattr__``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = absolute(name, True, node.module or "", node.level)
            names.update({a.asname or a.name: base for a in node.names})
        elif isinstance(node, ast.Dict):
            pairs = [(k.value, v.value) for k, v in zip(node.keys, node.values)
                     if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)]
            names.update({k: v for k, v in pairs if isinstance(k, str) and v in modules})
    return names


def imported(node: ast.AST, name: str, is_package: bool, modules: set[str]) -> list[tuple[str, str | None]]:
    """(module, name taken from it or None) for each import in ``node``: import statements and
    ``import_module``/``__import__`` called with a literal module name (or an f-string such as
    ``f"helpers.kinds.{name}"``: every module whose name starts with its literal beginning)."""
    if isinstance(node, ast.Import):
        return [(a.name, None) for a in node.names]
    if isinstance(node, ast.ImportFrom):
        base = absolute(name, is_package, node.module or "", node.level)
        return [(base, a.name) for a in node.names]
    called = getattr(getattr(node, "func", None), "attr", getattr(getattr(node, "func", None), "id", None))
    if called not in ("import_module", "__import__") or not node.args:
        return []
    first = node.args[0]
    if isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
        start = first.values[0].value
        return [(m, None) for m in sorted(modules) if m.startswith(start) and m != start]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return []
    target = first.value
    package = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "package"), None)
    if target.startswith(".") and isinstance(package, ast.Constant):  # import_module(".text", "helpers")
        dots = len(target) - len(target.lstrip("."))
        target = absolute(package.value, True, target[dots:], dots)
    return [(target, None)]


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports anywhere in its source."""
    top = package.name
    paths = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    trees = {name: ast.parse(path.read_text("utf-8"), str(path)) for name, path in paths.items()}
    exports = {name: exported_names(trees[name], name, set(paths))
               for name, path in paths.items() if path.name == "__init__.py"}
    graph: dict[str, set[str]] = {}
    for name, tree in trees.items():
        arrows: set[str] = set()
        for node in ast.walk(tree):
            for base, taken in imported(node, name, paths[name].name == "__init__.py", set(paths)):
                target = base
                if taken and f"{base}.{taken}" in paths:  # "from helpers import kinds" names a module
                    target = f"{base}.{taken}"
                elif taken and taken in exports.get(base, {}):  # "from helpers import kwic": helpers.text
                    target = exports[base][taken]
                while target and target not in paths:  # helpers.kinds.base.Kind -> helpers.kinds.base
                    target = target.rpartition(".")[0]
                if target and target.split(".")[0] == top and target != name:
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
    # "from helpers import kwic": the module helpers/__init__ takes kwic from
    ({"__init__.py": "from helpers.text import kwic\n", "text.py": "from helpers.segment import tokens\n",
      "segment.py": "def tokens():\n    from helpers import kwic\n"}, ("helpers.segment", "helpers.text")),
    ({"__init__.py": "from .text import kwic as concordance\n", "text.py": "from helpers.segment import tokens\n",
      "segment.py": "from helpers import concordance\n"}, ("helpers.segment", "helpers.text")),
    # a name __init__ defines itself: the package, whose own imports are arrows
    ({"__init__.py": "from helpers.text import kwic\ndef table(): pass\n", "text.py": "from helpers.segment import tokens\n",
      "segment.py": "from helpers import table\n"}, ("helpers", "helpers.text", "helpers.segment")),
    ({"__init__.py": "from helpers.text import kwic\n", "text.py": "from helpers.segment import tokens\n",
      "segment.py": "import helpers\n"}, ("helpers", "helpers.text", "helpers.segment")),
    # a name __init__ loads lazily from a table (PEP 562)
    ({"__init__.py": "_LAZY = {'exercise': 'helpers.widgets'}\n", "widgets.py": "from helpers.segment import tokens\n",
      "segment.py": "def f():\n    from helpers import exercise\n"}, ("helpers.segment", "helpers.widgets")),
    # import_module with a literal name, absolute or relative, or an f-string
    ({"text.py": "from helpers.segment import tokens\n",
      "segment.py": "import importlib\ndef f():\n    return importlib.import_module('helpers.text')\n"},
     ("helpers.segment", "helpers.text")),
    ({"text.py": "from helpers.segment import tokens\n",
      "segment.py": "from importlib import import_module\ntext = import_module('.text', package='helpers')\n"},
     ("helpers.segment", "helpers.text")),
    ({"k/__init__.py": "def get(n):\n    return __import__(f'helpers.k.{n}')\n", "k/x.py": "from helpers.k import get\n"},
     ("helpers.k", "helpers.k.x")),
])
def test_a_planted_cycle_is_found(tmp_path, files, cycle):
    assert cycles(import_graph(plant(tmp_path, files))) == [cycle]

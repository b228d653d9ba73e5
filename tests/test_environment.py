"""One source of truth for versions: pyproject.toml pins, requirements.lock and environment.yml agree."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        deps += extra
    pins = {}
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([\w.]+)", dep)
        assert m, f"pyproject.toml: expected an exact pin 'name==version', found {dep!r}"
        pins[m.group(1).lower()] = m.group(2)
    return pins


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: expected 'name==version', found {line!r}"
            pins[name.lower()] = version
    return pins


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def conda_pins() -> dict[str, str]:
    pins = {}
    for dep in environment()["dependencies"]:
        if isinstance(dep, str) and dep != "pip":
            name, _, version = dep.partition("=")
            pins[name.lower()] = version
    return pins


def test_every_course_package_is_pinned_the_same_in_pyproject_and_environment_yml():
    course = {k: v for k, v in pyproject_pins().items() if k != "playwright"}  # browser tests only
    conda = conda_pins()
    conda.pop("python")
    assert conda == course


def test_lock_agrees_with_pyproject_pins():
    lock = lock_pins()
    for name, version in pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject.toml pins {version}, requirements.lock has {lock.get(name)}"


def test_environment_yml_is_valid_for_binder():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    pip_sections = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [{"pip": ["-e ."]}]


def test_python_pin_agrees_with_requires_python():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11" and conda_pins()["python"] == "3.11"


# Modules the course imports that come with a package environment.yml names.
PROVIDED_BY = {"numpy": "pandas", "IPython": "jupyterlab", "matplotlib_inline": "jupyterlab",
               "nbformat": "jupyterlab", "nbclient": "nbval", "yaml": "jupyterlab"}


def imported_modules() -> set[str]:
    """Top-level modules imported by the notebooks' code cells and by helpers/."""
    import ast
    import json

    sources = [p.read_text("utf-8") for p in (ROOT / "helpers").glob("*.py")]
    for nb in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        cells = json.loads(nb.read_text("utf-8"))["cells"]
        sources += ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    names = set()
    for src in sources:
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_package_the_course_imports_is_in_environment_yml():
    import sys

    third_party = {m for m in imported_modules() if m not in sys.stdlib_module_names and m != "helpers"}
    assert {"pandas", "matplotlib", "ipywidgets"} <= third_party
    conda = set(conda_pins())
    missing = sorted(m for m in third_party if m.lower() not in conda and PROVIDED_BY.get(m) not in conda)
    assert missing == [], f"imported by the course but not in environment.yml: {missing}"

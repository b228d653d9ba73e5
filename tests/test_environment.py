"""One source of truth for versions: pyproject.toml pins, the two locks and environment.yml agree.

requirements.lock is the course (what `make lab` and Binder install); requirements-test.lock adds the test
tools of pyproject's extras on top of it (what `make test` adds)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def pyproject_pins(extras: bool = True) -> dict[str, str]:
    """Exact pins of pyproject.toml: the course's dependencies, and with ``extras`` the test extras too."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values() if extras else ():
        deps += extra
    pins = {}
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([\w.]+)", dep)
        assert m, f"pyproject.toml: expected an exact pin 'name==version', found {dep!r}"
        pins[m.group(1).lower()] = m.group(2)
    return pins


RUNTIME_LOCK, TEST_LOCK = "requirements.lock", "requirements-test.lock"


def lock_pins(lock: str = RUNTIME_LOCK) -> dict[str, str]:
    """The pins of one lock file, by lower-case package name."""
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{lock}: expected 'name==version', found {line!r}"
            assert name.lower() not in pins, f"{lock}: {name} is pinned twice"
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
    course = pyproject_pins(extras=False)  # test tools (pytest-xdist, playwright) are extras, not for students
    conda = conda_pins()
    conda.pop("python")
    assert conda == course


def test_runtime_lock_agrees_with_pyproject_and_environment_yml():
    lock = lock_pins(RUNTIME_LOCK)
    for name, version in pyproject_pins(extras=False).items():
        assert lock.get(name) == version, f"{name}: pyproject.toml pins {version}, requirements.lock has {lock.get(name)}"
    for name, version in conda_pins().items():
        if name != "python":
            assert lock.get(name) == version, f"{name}: environment.yml pins {version}, requirements.lock has {lock.get(name)}"


def test_the_two_locks_together_pin_every_extra_as_pyproject_does():
    both = lock_pins(RUNTIME_LOCK) | lock_pins(TEST_LOCK)
    for name, version in pyproject_pins().items():
        assert both.get(name) == version, f"{name}: pyproject.toml pins {version}, the locks have {both.get(name)}"


def test_no_package_is_pinned_in_both_locks():
    """The test lock holds only what it adds to the course's lock, so the two cannot disagree on a version."""
    twice = sorted(set(lock_pins(RUNTIME_LOCK)) & set(lock_pins(TEST_LOCK)))
    assert twice == [], f"pinned in requirements.lock and again in requirements-test.lock: {twice}"


# The test tools and what only they bring; none of them belongs in a student's environment.
TEST_TOOLS = {"pytest-xdist", "execnet", "playwright", "greenlet", "jupyterhub", "nbgitpuller", "sqlalchemy",
              "alembic", "pydantic", "oauthlib", "pamela", "certipy", "aiohttp"}


def test_runtime_lock_holds_every_course_dependency_and_no_test_tool():
    runtime = lock_pins(RUNTIME_LOCK)
    assert set(pyproject_pins(extras=False)) <= set(runtime)
    assert {"jupyterlab", "nbval", "pytest"} <= set(runtime)  # nbval, which checks the notebooks, needs pytest
    assert sorted(TEST_TOOLS & set(runtime)) == []
    assert sorted(TEST_TOOLS & set(conda_pins())) == []  # Binder installs environment.yml: the course only
    extras = set(pyproject_pins()) - set(pyproject_pins(extras=False)) - {"pytest"}
    assert extras <= set(lock_pins(TEST_LOCK)) and not extras & set(runtime)


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


def test_test_tools_are_extras_not_what_a_student_needs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    student = {re.split(r"[=<>]", d)[0].lower() for d in project["dependencies"]}
    assert not student & {"pytest-xdist", "playwright", "jupyterhub", "nbgitpuller"}
    assert {"pytest-xdist", "playwright", "jupyterhub", "nbgitpuller"} <= set(pyproject_pins()) - set(pyproject_pins(extras=False))


def _version(python: str) -> str:
    import subprocess

    return subprocess.run([python, "-c", "import sys; print(*sys.version_info[:3], sep='.')"],
                          capture_output=True, text=True).stdout.strip()


def _pythons() -> list[str]:
    """Interpreters to resolve the locks for: this one, and the system's own Python where there is one
    (one per version: the same version resolves the same)."""
    import shutil
    import sys

    found = {_version(sys.executable): sys.executable}
    for name in ("/usr/bin/python3", shutil.which("python3.11")):
        if name and Path(name).exists():
            found.setdefault(_version(name), name)
    return list(found.values())


@pytest.mark.parametrize("python", _pythons())
def test_every_pin_of_both_locks_installs_on_this_python(python, tmp_path):
    """The README promises Python 3.11 or newer: each pin must resolve for every 3.11 at hand (Debian 12's
    own is 3.11.2; soupsieve 3.x needs 3.11.5). A dry run asks the index, installs nothing."""
    import subprocess
    import sys

    version = _version(python)
    assert re.fullmatch(r"3\.\d+\.\d+", version), f"{python} did not report its version"
    # This environment's pip resolves each pin as the other interpreter would (Requires-Python).
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps", "--quiet",
         "--disable-pip-version-check", "--python-version", version, "--target", str(tmp_path / "target"),
         "-r", str(ROOT / RUNTIME_LOCK), "-r", str(ROOT / TEST_LOCK)],
        capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    if result.returncode != 0 and any("network" in e.lower() or "connection" in e.lower() for e in errors):
        pytest.skip(f"no package index reachable: {errors[-1]}")
    assert result.returncode == 0, f"the locks do not install on Python {version}:\n" + "\n".join(errors[-3:])


def _pytest(tmp_path, *args: str, stdin: str = "") -> str:
    """Run pytest under the course's configuration (pyproject.toml) on tmp_path's tests, with tmp_path as
    the rootdir, so its cache lands there and not in the course's .pytest_cache/."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("PYTEST_XDIST")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
                             "--rootdir", str(tmp_path), *args, str(tmp_path / "test_two.py")],
                            input=stdin, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    return result.stdout + result.stderr


TWO_TESTS = "def test_passes():\n    assert 1 + 1 == 2\n\n\ndef test_fails():\n    assert 1 + 1 == 3\n"


def test_pytest_last_failed_reruns_only_the_failing_test(tmp_path):
    """`pytest --lf` works with the course's pytest options: the cache is on, nothing in addopts forces a run."""
    (tmp_path / "test_two.py").write_text(TWO_TESTS)
    first = _pytest(tmp_path, "-p", "no:xdist", "-v")
    assert "test_two.py::test_passes PASSED" in first and "test_two.py::test_fails FAILED" in first, first
    second = _pytest(tmp_path, "-p", "no:xdist", "-v", "--lf")
    assert "test_two.py::test_fails FAILED" in second, second
    assert "test_passes" not in second, f"--lf ran the passing test again:\n{second}"
    assert (tmp_path / ".pytest_cache").is_dir()


def test_pytest_pdb_opens_the_debugger_on_a_failure(tmp_path):
    """`pytest --pdb` works with the course's pytest options (xdist workers in addopts would refuse it)."""
    (tmp_path / "test_two.py").write_text(TWO_TESTS)
    out = _pytest(tmp_path, "--pdb", stdin="q\n")
    assert "(Pdb)" in out and "assert 1 + 1 == 3" in out, out

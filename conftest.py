"""Root pytest configuration: every test and every notebook run uses a fresh, temporary journal,
and nbval always uses the course's sanitizer file, whatever the current directory."""
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SANITIZER = ROOT / "tests" / "nbval_sanitize.cfg"


import pytest

_last_notebook = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the first cell of each notebook (whose kernel starts now), point RR_JOURNAL at a
    fresh file: every notebook is checked against an empty journal, whatever ran before it."""
    global _last_notebook
    if item.nodeid.split("::")[0].endswith(".ipynb") and item.parent is not _last_notebook:
        _last_notebook = item.parent
        os.environ["RR_JOURNAL"] = str(Path(tempfile.mkdtemp(prefix="rr-nb-journal-")) / "answers.sqlite")


def pytest_configure(config):
    # A student's journal is never touched by tests: kernels started by nbval inherit this.
    tmp = Path(tempfile.mkdtemp(prefix="rr-test-journal-"))
    os.environ["RR_JOURNAL"] = str(tmp / "answers.sqlite")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if hasattr(config.option, "nbval_sanitize_with") and not config.option.nbval_sanitize_with:
        config.option.nbval_sanitize_with = str(SANITIZER)


NOTEBOOK_HINT = ("A committed notebook's outputs differ from a fresh run of it. If you changed a bank "
                 "(lessons/*.toml), the corpus, helpers/ or a notebook source (notebooks/source/), run "
                 "`make notebooks`, look at the re-executed lessons, commit them, and run `make test` again.")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a notebook cell fails under nbval, say what an instructor should do about it."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and item.nodeid.split("::")[0].endswith(".ipynb"):
        report.sections.append(("what to do", NOTEBOOK_HINT))

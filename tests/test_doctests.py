"""Every example in a helpers docstring runs and gives what it shows (``# doctest: +SKIP`` marks
the few that need a student's journal or a class's files)."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent.parent / "helpers"
MODULES = sorted(".".join(p.relative_to(HELPERS.parent).with_suffix("").parts).removesuffix(".__init__")
                 for p in HELPERS.rglob("*.py"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed (output above)"

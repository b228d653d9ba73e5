"""A notebook whose committed outputs no longer match a fresh run fails nbval with a note that says
what to do (run `make notebooks`), not only "Cell outputs differ"."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def test_a_stale_notebook_fails_with_what_to_do():
    # inside the course (so the root conftest.py applies), in a dot-folder that collection never enters
    folder = ROOT / "tests" / f".stale-notebook-{os.getpid()}"
    folder.mkdir()
    try:
        cell = nbformat.v4.new_code_cell("print(1 + 1)", execution_count=1)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="3\n")]  # as if a bank had changed
        nb = nbformat.v4.new_notebook(cells=[cell])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / "stale.ipynb")
        run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval",
                              "--nbval-current-env", str(folder / "stale.ipynb")],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "Cell outputs differ" in run.stdout
    assert "run `make notebooks`" in run.stdout

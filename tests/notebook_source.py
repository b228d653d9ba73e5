"""Lesson notebooks are written as MyST Markdown notebooks in notebooks/source/ (Jupytext's
`md:myst` format), paired with the executed notebooks/NN_name.ipynb through `[tool.jupytext]` in
pyproject.toml, so instructors edit text, never notebook JSON, and can still open a source in
JupyterLab as a notebook (Open With > Jupytext Notebook) and run it.

Format (https://jupytext.readthedocs.io/en/latest/formats-markdown.html): Markdown text becomes
markdown cells; a line `+++` ends one markdown cell and starts the next; a ```{code-cell} block
is a code cell, with its tags on an option line (`:tags: [nbval-skip]`). Jupytext reads and
writes the format; this module only names the files and gives cells the stable ids
(c000, c001, ...) that `make notebooks` commits.
"""
from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "notebooks" / "source"
FORMAT = "md:myst"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def build(source: Path) -> nbformat.NotebookNode:
    """A fresh, unexecuted notebook from one source file, with stable cell ids."""
    nb = jupytext.read(source, fmt=FORMAT)
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:03d}"
        cell.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return nb


def cells_of(nb: nbformat.NotebookNode) -> list[dict]:
    """The parts of a notebook's cells that come from its source (for the drift test)."""
    return [{"cell_type": c.cell_type, "source": c.source, "tags": c.metadata.get("tags", [])} for c in nb.cells]

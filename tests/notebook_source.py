"""Lesson notebooks are written as Markdown files in notebooks/source/ and built into .ipynb,
so instructors edit text, never notebook JSON.

Format: Markdown text becomes markdown cells; a line `+++` ends one markdown cell and starts
the next; a fenced block opened with ```python becomes a code cell (```python tags=nbval-skip
adds cell tags, comma-separated). `make notebooks` builds and executes every notebook.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "notebooks" / "source"
FENCE = re.compile(r"^```python(?:\s+tags=([\w,\-]+))?\s*$")


def parse(text: str) -> list[dict]:
    """Cells as dicts (cell_type, source, tags) from the Markdown source text."""
    cells: list[dict] = []
    buf: list[str] = []
    code = False
    tags: list[str] = []

    def flush(kind: str) -> None:
        source = "\n".join(buf).strip("\n")
        if source.strip() or kind == "code":
            cells.append({"cell_type": kind, "source": source, "tags": tags})
        buf.clear()

    for number, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if not code and m:
            flush("markdown")
            code, tags = True, m.group(1).split(",") if m.group(1) else []
        elif code and line.strip() == "```":
            flush("code")
            code, tags = False, []
        elif not code and line.strip() == "+++":
            flush("markdown")
        else:
            buf.append(line)
    if code:
        raise ValueError(f"a ```python block is not closed (line {number})")
    flush("markdown")
    return cells


def build(source: Path) -> nbformat.NotebookNode:
    """A fresh, unexecuted notebook from one source file, with stable cell ids."""
    nb = nbformat.v4.new_notebook()
    for i, c in enumerate(parse(source.read_text("utf-8"))):
        cell = nbformat.v4.new_code_cell(c["source"]) if c["cell_type"] == "code" else nbformat.v4.new_markdown_cell(c["source"])
        cell.id = f"c{i:03d}"
        if c["tags"]:
            cell.metadata["tags"] = c["tags"]
        nb.cells.append(cell)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def cells_of(nb: nbformat.NotebookNode) -> list[dict]:
    """The parts of a notebook's cells that come from its source (for the drift test)."""
    return [{"cell_type": c.cell_type, "source": c.source, "tags": c.metadata.get("tags", [])} for c in nb.cells]

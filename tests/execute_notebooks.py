"""Build every lesson notebook from its MyST Markdown source (notebooks/source/, read by Jupytext) and execute it in
order, so committed outputs are fresh and deterministic (run by `make notebooks`).
Uses a temporary journal, never a student's."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_source import SOURCES, build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KEEP_METADATA = {"kernelspec", "language_info"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(nb: nbformat.NotebookNode) -> None:
    """Remove widget-view outputs: their model ids are random, and without stored widget state
    they cannot render anyway. The exercise's text/plain (the exercise as text) stays, so a
    committed notebook shows readable exercises until its cells are run, and re-runs are identical."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "data" in out:
                out["data"].pop(WIDGET_VIEW, None)


def coalesce_streams(nb: nbformat.NotebookNode) -> None:
    """Join consecutive stdout (or stderr) outputs of a cell into one: how the kernel splits a print
    into messages depends on timing (seen: "...again." and "\n" as two outputs in one run, one in
    the next), and a rebuild must give the same file every time."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (merged and out.get("output_type") == "stream" and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] = merged[-1]["text"] + out["text"]
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def strip(nb: nbformat.NotebookNode) -> None:
    """Drop outputs, counts and volatile metadata; give cells stable ids."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_METADATA}
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:03d}"
        cell.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def execute(path: Path) -> None:
    source = SOURCES / f"{path.stem}.md"
    nb = build(source) if source.exists() else nbformat.read(path, as_version=4)
    strip(nb)
    # Cells tagged nbval-skip only write files (the dossier export): never run them here, so a
    # rebuild cannot overwrite an instructor's my_work/. Each notebook gets a fresh journal, as
    # under nbval, so no lesson's stored output depends on another's sample answers.
    client = NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                            store_widget_state=False, skip_cells_with_tag="nbval-skip",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # also writes the kernel's own language_info into nb.metadata
    drop_widget_views(nb)
    coalesce_streams(nb)
    # Keep that language_info exactly as the kernel reports it (name, version, mimetype,
    # codemirror_mode ...): JupyterLab writes the kernel's language_info into a notebook when it
    # opens it and marks it modified unless the notebook already holds the same. A notebook rebuilt
    # under another Python names that version. tests/browser/test_layout.py checks every lesson
    # opens unmodified.
    if not nb.metadata.get("language_info", {}).get("version"):
        raise RuntimeError(f"{path.name}: the kernel reported no language_info; cannot write a notebook that opens clean")
    nbformat.write(nb, path)


def main(names: list[str]) -> int:
    stems = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} | {p.stem for p in SOURCES.glob("[0-9][0-9]_*.md")}
    paths = [NOTEBOOKS / f"{s}.ipynb" for s in sorted(stems)]
    if names:
        paths = [p for p in paths if any(n in p.name for n in names)]
    with tempfile.TemporaryDirectory(prefix="rr-notebooks-") as tmp:
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        for i, path in enumerate(paths, 1):
            os.environ["RR_JOURNAL"] = str(Path(tmp) / f"{path.stem}.sqlite")
            start = time.perf_counter()
            print(f"[{i}/{len(paths)}] {path.name} ...", end=" ", flush=True)
            execute(path)
            print(f"{time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Every lesson notebook is built from its Markdown source and holds no pasted document text."""
from __future__ import annotations

import json
import re

import nbformat
import pytest

from helpers.corpus import load_corpus
from notebook_source import ROOT, SOURCES, build, cells_of, parse

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PASTE = 60  # this many consecutive characters of an edition in a notebook's own text is a pasted passage


def test_every_notebook_has_a_source_and_every_source_a_notebook():
    assert {p.stem for p in NOTEBOOKS} == {p.stem for p in SOURCES.glob("[0-9][0-9]_*.md")}


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_matches_its_source(nb_path):
    committed = nbformat.read(nb_path, as_version=4)
    assert cells_of(committed) == cells_of(build(SOURCES / f"{nb_path.stem}.md")), \
        f"{nb_path.name} differs from notebooks/source/{nb_path.stem}.md: run `make notebooks`"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_executed(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and "nbval-skip" not in c.metadata.get("tags", [])]
    assert code and all(c.execution_count is not None for c in code), f"{nb_path.name}: run `make notebooks`"


def _shingles(text: str, n: int) -> set[str]:
    flat = " ".join(text.split())
    return {flat[i:i + n] for i in range(0, max(len(flat) - n + 1, 0))}


@pytest.fixture(scope="module")
def edition_shingles():
    return {doc.id: _shingles(doc.text, PASTE) for doc in load_corpus()}


def pasted_passage(own_text: str, edition_shingles: dict) -> tuple[str, str] | None:
    """(doc_id, passage) of the first PASTE characters of an edition found in ``own_text``, or None."""
    flat = " ".join(own_text.split())
    for i in range(0, max(len(flat) - PASTE + 1, 0)):
        for doc_id, shingles in edition_shingles.items():
            if flat[i:i + PASTE] in shingles:
                return doc_id, flat[i:i + PASTE]
    return None


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_document_passage_is_pasted_into_a_notebook(nb_path, edition_shingles):
    own_text = "\n".join(c["source"] for c in parse((SOURCES / f"{nb_path.stem}.md").read_text()))
    found = pasted_passage(own_text, edition_shingles)
    assert found is None, f"{nb_path.name} pastes text of {found[0]}: {found[1]!r}; quote it with corpus.quote()"


def test_paste_detector_catches_a_pasted_passage_and_ignores_a_short_phrase(edition_shingles):
    paragraph = load_corpus()["kwp-1956-09-23"].paragraphs[6]
    prose = "As the resolution puts it,\n" + "\n".join(paragraph[:90].split(" ")) + " and so on."
    assert pasted_passage(prose, edition_shingles)[0] == "kwp-1956-09-23"
    assert pasted_passage(f"It speaks of ({paragraph[:PASTE - 3]}).", edition_shingles) is None


def test_source_parser_splits_cells_and_reads_tags():
    cells = parse("# T\n\ntext\n+++\nmore\n```python tags=nbval-skip,x\nprint(1)\n```\nend\n")
    assert [(c["cell_type"], c["source"], c["tags"]) for c in cells] == [
        ("markdown", "# T\n\ntext", []), ("markdown", "more", []),
        ("code", "print(1)", ["nbval-skip", "x"]), ("markdown", "end", [])]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_random_widget_model_ids(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    views = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert not views, f"{nb_path.name} stores widget views with random model ids: run `make notebooks`"

"""Every lesson notebook is built from its MyST Markdown source (a Jupytext notebook paired with it),
and holds no pasted document text."""
from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from jupytext.combine import combine_inputs_with_outputs
from jupytext.config import load_jupytext_config
from jupytext.paired_paths import paired_paths

from notebook_source import FORMAT, ROOT, SOURCES, build, cells_of

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
def edition_shingles(corpus):
    return {doc.id: _shingles(doc.text, PASTE) for doc in corpus}


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
    own_text = "\n".join(c.source for c in build(SOURCES / f"{nb_path.stem}.md").cells)
    found = pasted_passage(own_text, edition_shingles)
    assert found is None, f"{nb_path.name} pastes text of {found[0]}: {found[1]!r}; quote it with corpus.quote()"


def test_paste_detector_catches_a_pasted_passage_and_ignores_a_short_phrase(corpus, edition_shingles):
    paragraph = corpus["kwp-1956-09-23"].paragraphs[6]
    prose = "As the resolution puts it,\n" + "\n".join(paragraph[:90].split(" ")) + " and so on."
    assert pasted_passage(prose, edition_shingles)[0] == "kwp-1956-09-23"
    assert pasted_passage(f"It speaks of ({paragraph[:PASTE - 3]}).", edition_shingles) is None


def _config(path):
    return load_jupytext_config(str(path))


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_and_source_are_paired_by_jupytext(nb_path):
    """JupyterLab (Jupytext) opens either file with the other's cells or outputs, and saves both."""
    source = SOURCES / f"{nb_path.stem}.md"
    for path, fmt in ((nb_path, "ipynb"), (source, FORMAT)):
        formats = _config(path).default_formats(str(path))
        assert {Path(p).resolve() for p, _ in paired_paths(str(path), fmt, formats)} == {nb_path, source}


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_source_is_in_jupytext_canonical_form(nb_path):
    """Saving a source from JupyterLab, or `jupytext --sync`, rewrites it unchanged."""
    source = SOURCES / f"{nb_path.stem}.md"
    text = source.read_text("utf-8")
    assert jupytext.writes(jupytext.reads(text, fmt=FORMAT), fmt=FORMAT, config=_config(source)) == text, \
        f"run `jupytext --to md:myst --update notebooks/source/{source.name}` or save it from JupyterLab"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_round_trips_through_its_source(nb_path):
    """ipynb -> MyST -> ipynb keeps every cell, its id and its tags (nbval-skip above all); and
    opening the pair in JupyterLab gives exactly the committed notebook, so it opens unmodified."""
    committed = nbformat.read(nb_path, as_version=4)
    source = SOURCES / f"{nb_path.stem}.md"
    text = jupytext.writes(committed, fmt=FORMAT, config=_config(source))
    assert text == source.read_text("utf-8"), f"{nb_path.name} differs from its source: run `make notebooks`"
    rebuilt = build(source)
    assert cells_of(rebuilt) == cells_of(committed)
    assert [c.id for c in rebuilt.cells] == [c.id for c in committed.cells] == [f"c{i:03d}" for i in range(len(committed.cells))]
    assert combine_inputs_with_outputs(jupytext.read(source, fmt=FORMAT), committed, fmt=FORMAT).cells == committed.cells


def test_tags_and_cell_ids_survive_a_round_trip():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# T\n\ntext"), nbformat.v4.new_markdown_cell("more"),
        nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["nbval-skip", "x"]}),
        nbformat.v4.new_code_cell("x = 2"), nbformat.v4.new_markdown_cell("end")])
    text = jupytext.writes(nb, fmt=FORMAT)
    assert ":tags: [nbval-skip, x]" in text
    back = jupytext.reads(text, fmt=FORMAT)
    assert cells_of(back) == cells_of(nb)
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:03d}"
    assert [(c.id, c.metadata.get("tags")) for c in combine_inputs_with_outputs(back, nb, fmt=FORMAT).cells] == [
        ("c000", None), ("c001", None), ("c002", ["nbval-skip", "x"]), ("c003", None), ("c004", None)]


@pytest.mark.parametrize("nb_path", [p for p in NOTEBOOKS if "nbval-skip" in p.read_text("utf-8")], ids=lambda p: p.name)
def test_nbval_skip_tags_come_from_the_source(nb_path):
    source = SOURCES / f"{nb_path.stem}.md"
    skipped = [c.source for c in build(source).cells if "nbval-skip" in c.metadata.get("tags", [])]
    assert skipped and skipped == [c.source for c in nbformat.read(nb_path, as_version=4).cells
                                   if "nbval-skip" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_random_widget_model_ids(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    views = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert not views, f"{nb_path.name} stores widget views with random model ids: run `make notebooks`"


def test_jupyterlab_opens_each_source_as_its_committed_notebook():
    """What JupyterLab shows for `Open With > Jupytext Notebook` on a source: the contents manager
    Jupytext installs in the course's Jupyter server reads the pair, cells and outputs."""
    from jupytext import TextFileContentsManager

    cm = TextFileContentsManager(root_dir=str(ROOT))
    for nb_path in NOTEBOOKS:
        model = cm.get(f"notebooks/source/{nb_path.stem}.md")
        opened = nbformat.from_dict(model["content"])
        for cell in opened.cells:
            cell.metadata.pop("trusted", None)  # the server's trust flag, not part of the file
        assert model["type"] == "notebook" and opened.cells == nbformat.read(nb_path, as_version=4).cells, nb_path.name

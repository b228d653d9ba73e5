"""Accessibility checks over every committed notebook and its guide (run in `make test`)."""
from __future__ import annotations

import re

import nbformat
import pytest

from notebook_source import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HEADING = re.compile(r"^(#{1,6})\s+\S", re.M)


def headings(nb) -> list[int]:
    levels = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"```.*?```", "", cell.source, flags=re.S)
            levels += [len(m.group(1)) for m in HEADING.finditer(text)]
    return levels


def heading_problems(levels: list[int]) -> list[str]:
    problems = []
    if not levels or levels[0] != 1:
        problems.append("the first heading is not a level-1 title")
    if levels.count(1) != 1:
        problems.append(f"expected one level-1 title, found {levels.count(1)}")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"heading level jumps from {before} to {after}")
    return problems


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_headings_are_in_order(nb_path):
    assert heading_problems(headings(nbformat.read(nb_path, as_version=4))) == []


def test_heading_check_catches_a_skipped_level_and_two_titles():
    assert heading_problems([1, 2, 4]) == ["heading level jumps from 2 to 4"]
    assert heading_problems([1, 2, 1]) == ["expected one level-1 title, found 2"]
    assert heading_problems([2, 3]) != []


def guide_for(nb_path):
    return ROOT / "lessons" / f"{nb_path.stem}.md"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_lesson_has_a_guide_and_a_bank(nb_path):
    assert guide_for(nb_path).exists(), f"lessons/{nb_path.stem}.md is missing"
    assert (ROOT / "lessons" / f"{nb_path.stem}.toml").exists(), f"lessons/{nb_path.stem}.toml is missing"


def opening(nb) -> str:
    """The notebook's opening: its markdown cells before the first code cell."""
    text = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            break
        text.append(cell.source)
    return "\n".join(text)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_content_note_opens_every_lesson_whose_guide_lists_one(nb_path):
    guide = guide_for(nb_path).read_text("utf-8") if guide_for(nb_path).exists() else ""
    if re.search(r"content note", guide, re.I):
        assert "**Content note:**" in opening(nbformat.read(nb_path, as_version=4)), \
            f"{nb_path.name}: its guide lists a content note, but the notebook does not open with one"

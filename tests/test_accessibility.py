"""Accessibility checks over every committed notebook and its guide (run in `make test`)."""
from __future__ import annotations

import html
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


@pytest.mark.parametrize("levels,problems", [
    ([1, 2, 3, 2], []),
    ([1, 2, 4], ["heading level jumps from 2 to 4"]),
    ([1, 2, 1], ["expected one level-1 title, found 2"]),
    ([2, 3], ["the first heading is not a level-1 title", "expected one level-1 title, found 0"]),
])
def test_heading_check_catches_a_skipped_level_and_two_titles(levels, problems):
    assert heading_problems(levels) == problems


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


def content_note_missing(guide: str, nb) -> bool:
    """True when the guide lists a content note but the notebook does not open with one."""
    return bool(re.search(r"content note", guide, re.I)) and "**Content note:**" not in opening(nb)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_content_note_opens_every_lesson_whose_guide_lists_one(nb_path):
    guide = guide_for(nb_path).read_text("utf-8") if guide_for(nb_path).exists() else ""
    assert not content_note_missing(guide, nbformat.read(nb_path, as_version=4)), \
        f"{nb_path.name}: its guide lists a content note, but the notebook does not open with one"


def test_content_note_check_catches_a_missing_note():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lesson\n\n**Time:** 5 minutes"),
                                         nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_markdown_cell("**Content note:** too late")])
    assert content_note_missing("Read the content note aloud.", nb)
    assert not content_note_missing("No warnings needed.", nb)


# ------------------------------------------------------------------ figures carry their description

def figure_problems(nb) -> list[str]:
    """Every image must be a helpers.plots figure (text form 'Figure: ...', hence the course
    palette) with its description as the image's text alternative and as visible text: an HTML
    figure from plots.show() (alt and caption), or an image/png followed by its description."""
    problems = []
    for n, cell in enumerate(nb.cells):
        outputs = cell.get("outputs", [])
        for i, out in enumerate(outputs):
            data = out.get("data", {})
            page = data.get("text/html", "")
            page = "".join(page) if isinstance(page, list) else page
            if "image/png" not in data and "<img" not in page:
                continue
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if not text.startswith("Figure: ") or len(text) < 30:
                problems.append(f"cell {n}: an image without its description as text ({text[:40]!r})")
                continue
            desc = text[len("Figure: "):]
            if "<img" in page:
                alts = re.findall(r'<img\b[^>]*\balt="([^"]*)"', page)
                if len(alts) != page.count("<img") or any(html.unescape(a) != desc for a in alts):
                    problems.append(f"cell {n}: an image whose text alternative (alt) is not its description")
                if f"<strong>Figure:</strong> {html.escape(desc)}</figcaption>" not in page:
                    problems.append(f"cell {n}: an image without its visible description under it")
                continue
            following = outputs[i + 1].get("data", {}) if i + 1 < len(outputs) else {}
            if following.get("text/markdown", "") != f"**Figure:** {desc}":
                problems.append(f"cell {n}: an image not followed by its visible description")
        for out in outputs:
            if out.get("data", {}).get("text/plain", "").startswith("<Figure size"):
                problems.append(f"cell {n}: a bare matplotlib figure; show it with plots.show()")
    return problems


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_its_text_description_beside_it(nb_path):
    assert figure_problems(nbformat.read(nb_path, as_version=4)) == []


def test_figure_check_catches_an_undescribed_image():
    bare = nbformat.v4.new_code_cell("fig")
    bare.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "AAAA", "text/plain": "<Figure size 640x480 with 1 Axes>"})]
    nb = nbformat.v4.new_notebook(cells=[bare])
    assert len(figure_problems(nb)) == 2


def test_figure_check_catches_an_image_without_alt_text():
    cell = nbformat.v4.new_code_cell("plots.show(fig)")
    page = '<figure><img src="data:image/png;base64,AAAA"><figcaption><strong>Figure:</strong> A long enough description.</figcaption></figure>'
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": page,
                                                                 "text/plain": "Figure: A long enough description."})]
    assert figure_problems(nbformat.v4.new_notebook(cells=[cell])) == [
        "cell 0: an image whose text alternative (alt) is not its description"]


def off_palette_colours(fig) -> list[str]:
    """Colours a figure draws with that are neither in the course palette nor grey/black/white."""
    import matplotlib.colors as mcolors
    from matplotlib.lines import Line2D

    from helpers import plots

    allowed = {mcolors.to_hex(c) for c in plots.PALETTE}

    def grey(hexcolour: str) -> bool:
        r, g, b = mcolors.to_rgb(hexcolour)
        return max(r, g, b) - min(r, g, b) < 0.02

    found = []
    for artist in fig.findobj():
        getters = ["get_facecolor", "get_edgecolor", "get_color"]
        if isinstance(artist, Line2D):  # a line's colour shows only if it has a line; its markers have their own
            getters = ["get_color"] if artist.get_linestyle() not in ("None", "none", "", " ") else []
            if artist.get_marker() not in (None, "None", "none", ""):
                getters += ["get_markerfacecolor", "get_markeredgecolor"]
        for getter in getters:
            if not hasattr(artist, getter):
                continue
            try:
                colours = mcolors.to_rgba_array(getattr(artist, getter)())
            except (ValueError, TypeError):
                continue
            for rgba in colours:
                hexcolour = mcolors.to_hex(rgba[:3])
                if rgba[3] > 0 and hexcolour not in allowed and not grey(hexcolour):
                    found.append(f"{type(artist).__name__} {hexcolour}")
    return found


def test_every_course_figure_draws_only_in_the_palette(corpus):
    # The notebooks' figures all come from helpers.plots (checked above); here every figure
    # kind, drawn from the real corpus, uses only palette colours, greys, black and white.
    from helpers import frequencies, keyness, lexicon_profile, plots
    from helpers.corpus import load_events
    from helpers.text import dispersion

    figures = [
        plots.frequencies(frequencies(corpus, docs=["vkpb-1938-01-19", "kwp-1956-09-23"])),
        plots.lexicon_profile(lexicon_profile(corpus)),
        plots.keyness(keyness(corpus, "vkpb-1938-01-19", "kwp-1956-09-23")),
        plots.dispersion(dispersion(corpus, "party")),
        plots.timeline(corpus, load_events()),
        plots.provenance(corpus, "vkpb-1938-01-19"),
    ]
    for fig in figures:
        assert off_palette_colours(fig) == [], plots.describe(fig)


def test_palette_check_catches_matplotlib_default_colours():
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().bar([0, 1], [1, 2])  # matplotlib's default blue, #1f77b4
    assert "Rectangle #1f77b4" in off_palette_colours(fig)


# ------------------------------------------------------------------ widget controls are labelled

def unlabelled_controls(widget) -> list[str]:
    import ipywidgets as w

    found, stack = [], [widget]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", ()))
        if isinstance(node, (w.HTML, w.Label, w.Box)):
            continue
        if isinstance(node, (w.ValueWidget, w.Button)) and not (node.description or "").strip():
            found.append(type(node).__name__)
    return found


def test_every_control_of_every_exercise_has_a_label():
    from helpers.banks import all_exercises
    from helpers.widgets import build

    exercises = all_exercises()
    assert len(exercises) >= 9
    for ex in exercises:
        assert unlabelled_controls(build(ex.id)) == [], ex.id


def test_label_check_catches_an_unlabelled_control():
    import ipywidgets as w

    assert unlabelled_controls(w.VBox([w.RadioButtons(options=["a"], value=None), w.Button(description="Check")])) == ["RadioButtons"]

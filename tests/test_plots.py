"""helpers.plots: figures with titles, labelled axes, one colour-blind-safe palette that never
works by colour alone, a description saying what they show, and nothing random.

The tiny corpus is the one of tests/conftest.py, counted by hand in test_text.py: a-1938-01-01
(14 tokens) and b-1956-09-23 (15 tokens).
"""
from __future__ import annotations

import html
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from helpers import plots
from helpers.claims import numbers
from helpers.corpus import load_corpus, load_events
from helpers.text import dispersion, frequencies, keyness, lexicon_profile

ROOT = Path(__file__).resolve().parent.parent
LEXICON = "category,term,note\nerror,mistake*,x\nrestoration,restore,x\n"
# The Okabe-Ito palette (Okabe and Ito 2008), safe for every common colour-vision deficiency.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]


@pytest.fixture
def tiny(make_corpus):
    """The tiny corpus of tests/conftest.py, with a lexicon of two categories."""
    return make_corpus(lexicon=LEXICON)


KINDS = ["frequencies", "lexicon_profile", "keyness", "dispersion", "timeline", "provenance", "numbers"]


def figure_inputs(corpus) -> dict[str, tuple]:
    """For each kind of figure, the arguments of ``plots.<kind>`` drawn from ``corpus`` (tiny or real)."""
    first, last = corpus.ids[0], corpus.ids[-1]
    return {
        "frequencies": (frequencies(corpus, ["mistake*", "restore"]),),
        "lexicon_profile": (lexicon_profile(corpus),),
        "keyness": (keyness(corpus, corpus.ids[0], corpus.ids[1], min_count=1),),
        "dispersion": (dispersion(corpus, "the"),),
        "timeline": (corpus,),
        "provenance": (corpus[first],),
        "numbers": (numbers(corpus[last]).query("kind == 'number'").assign(label=["appeals"]), "label"),
    }


def figure(corpus, kind: str):
    """One figure of that kind drawn from ``corpus``."""
    return getattr(plots, kind)(*figure_inputs(corpus)[kind])


# ---------------------------------------------------------------- import and palette

def test_importing_helpers_does_not_import_matplotlib():
    code = "import helpers, sys; assert 'matplotlib' not in sys.modules, 'matplotlib was imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_document_keeps_its_style_in_every_figure():
    assert plots.style("kwp-1956-09-23") == plots.style("kwp-1956-09-23", ["x", "y"])
    assert plots.style("kwp-1956-09-23") != plots.style("vkpb-1938-01-19")


def _look(s: dict) -> tuple:
    return s["color"], s["hatch"], s["marker"]


def test_styles_follow_the_corpus_order_and_differ_for_every_document(corpus):
    looks = [_look(plots.style(d)) for d in corpus.ids]
    assert plots.document_order() == tuple(corpus.ids)
    assert [c for c, _, _ in looks] == OKABE_ITO[:len(looks)]  # the n-th document, the n-th colour
    assert len(set(looks)) == len(looks) == len(corpus)
    assert "#000000" not in [c for c, _, _ in looks]  # black is the events lane's
    assert _look(plots.style(plots.EVENTS)) not in looks


def test_a_document_added_to_the_corpus_gets_a_style_of_its_own(corpus_copy, edit, monkeypatch):
    # A copy of the course with one more document: its style comes from the corpus order, not a list of ids.
    import shutil
    course = corpus_copy.parent
    for name in ("lessons", "notebooks"):
        (course / name).mkdir()
    new = shutil.copytree(corpus_copy / "hrw-2016-05", corpus_copy / "zz-2020-01-01")
    edit(new / "document.toml", 'id = "hrw-2016-05"', 'id = "zz-2020-01-01"')
    edit(new / "document.toml", 'date = "2016-05"', 'date = "2020-01-01"')
    monkeypatch.setenv("RR_COURSE", str(course))
    corpus = load_corpus(corpus_copy)
    assert corpus.ids[-1] == "zz-2020-01-01" and plots.document_order() == tuple(corpus.ids)
    looks = [_look(plots.style(d)) for d in corpus.ids]
    assert len(set(looks)) == len(corpus)
    # ... and it is drawn in that style
    fig = plots.dispersion(dispersion(corpus, "the"))
    markers = [line.get_marker() for line in fig.axes[0].get_lines()]
    assert plots.style("zz-2020-01-01")["marker"] in markers


def test_styles_stay_distinct_past_the_seven_colours():
    ids = [f"x-{i}" for i in range(20)]
    with pytest.warns(UserWarning, match="hatches and markers repeat"):  # past twelve documents
        looks = [_look(plots.style(k, ids)) for k in ids]
    assert len(set(looks)) == 20


def corpus_of(n: int, make_corpus, monkeypatch):
    """A course whose corpus has ``n`` one-line documents (a year apart), used through RR_COURSE."""
    corpus = make_corpus({f"d{k:02d}-{1940 + k}-01-01": f"Document {k} restores the Party.\n" for k in range(n)})
    monkeypatch.setenv("RR_COURSE", str(Path(corpus.root).parent))
    assert plots.document_order() == tuple(corpus.ids) and len(corpus) == n
    return corpus


def test_twelve_documents_differ_from_each_other_and_the_events_in_hatch_and_marker(make_corpus, monkeypatch):
    corpus = corpus_of(12, make_corpus, monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning up to twelve documents
        styles = [plots.style(d) for d in corpus.ids]
    events = plots.style(plots.EVENTS)
    hatches, markers = [s["hatch"] for s in styles], [s["marker"] for s in styles]
    assert len(set(hatches)) == len(set(markers)) == 12
    assert events["hatch"] not in hatches and events["marker"] not in markers
    assert events["color"] not in [s["color"] for s in styles]
    # ... and the figures draw them so
    bars = plots.frequencies(frequencies(corpus, ["restore"])).axes[0].patches
    assert sorted(p.get_hatch() for p in bars) == sorted(hatches)
    lines = plots.dispersion(dispersion(corpus, "party")).axes[0].lines
    assert sorted(line.get_marker() for line in lines if line.get_xdata().size) == sorted(markers)


def test_a_thirteenth_document_repeats_a_hatch_and_marker_with_a_warning(make_corpus, monkeypatch):
    corpus = corpus_of(13, make_corpus, monkeypatch)
    with pytest.warns(UserWarning, match=f"{corpus.ids[12]} is document 13: past 12 documents, hatches and markers"):
        thirteenth = plots.style(corpus.ids[12])
    first = plots.style(corpus.ids[0])
    assert (thirteenth["hatch"], thirteenth["marker"]) == (first["hatch"], first["marker"])
    assert thirteenth["color"] != first["color"]


# ---------------------------------------------------------------- every figure

@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_has_a_title_labelled_axes_and_a_description(tiny, kind):
    fig = figure(tiny, kind)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel()
    assert plots.describe(fig).endswith(".")


@pytest.mark.parametrize("kind", ["frequencies", "lexicon_profile", "keyness", "numbers"])
def test_bars_use_the_okabe_ito_palette_and_a_hatch(tiny, kind):
    fig = figure(tiny, kind)
    bars = fig.axes[0].patches
    assert bars
    assert {to_hex(p.get_facecolor()).upper() for p in bars} <= set(OKABE_ITO)
    assert all(p.get_hatch() for p in bars)


def test_dispersion_marks_each_document_with_its_own_marker(tiny):
    fig = plots.dispersion(dispersion(tiny, "the"))
    markers = [line.get_marker() for line in fig.axes[0].lines if line.get_xdata().size]
    docs = ["a-1938-01-01", "b-1956-09-23"]
    assert markers == [plots.style(d, docs)["marker"] for d in docs]
    assert markers[0] != markers[1]


def test_keyness_sides_differ_in_colour_and_hatch_even_without_document_ids(tiny):
    table = keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1)
    table.attrs = {}  # as after an operation that drops attrs
    bars = plots.keyness(table, n=3).axes[0].patches
    assert (bars[0].get_facecolor(), bars[0].get_hatch()) != (bars[-1].get_facecolor(), bars[-1].get_hatch())


def test_figures_have_a_fixed_size_whatever_the_data(tiny):
    one = plots.frequencies(frequencies(tiny, ["mistake*"]))
    many = plots.frequencies(frequencies(tiny))
    assert tuple(one.get_size_inches()) == tuple(many.get_size_inches())


def test_figures_are_deterministic(tiny):
    # figure_html holds the PNG image itself (base64), so equal pages mean equal pixels and metadata
    first = plots.figure_html(plots.keyness(keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1)))
    second = plots.figure_html(plots.keyness(keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1)))
    assert first == second


# ---------------------------------------------------------------- descriptions, by hand

def test_frequencies_description_names_highest_and_lowest(tiny):
    # mistake*: a 2/14 -> 142.9, b 1/15 -> 66.7; restore: a 0 -> 0.0, b 1/15 -> 66.7.
    fig = plots.frequencies(frequencies(tiny, ["mistake*", "restore"]))
    assert plots.describe(fig) == (
        'Bar chart of 2 terms per 1,000 tokens in 2 documents: the highest rate is "mistake*" in '
        'a-1938-01-01 (142.9 per 1,000), the lowest "restore" in a-1938-01-01 (0.0).')


def test_frequencies_keeps_the_top_terms_only(tiny):
    # Without terms there are 26 words; top=3 keeps the three highest rates: "the" in a (3/14)
    # and b (3/15), then the single words of b (1/15 = 66.7) tie with those of a (1/14 = 71.4):
    # a's single words come first, alphabetically "enemies", "hid".
    fig = plots.frequencies(frequencies(tiny), top=3)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["hid", "enemies", "the"]  # drawn bottom to top


def test_keyness_description_names_the_key_words_of_each_side(tiny):
    # min_count=1: words only in a have G2 = 2 ln(29/14) = 1.456, alphabetically enemies, hid, made;
    # words only in b have G2 = 2 ln(29/15) = 1.318, alphabetically 1956, 2,500, appeals.
    fig = plots.keyness(keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1), n=3)
    assert plots.describe(fig) == (
        'Keyness of a-1938-01-01 against b-1956-09-23: the words most over-used in a-1938-01-01 are '
        '"enemies", "hid" and "made"; in b-1956-09-23, "1956", "2,500" and "appeals" (ranked by log-likelihood G\u00b2).')


def test_keyness_bars_point_right_for_the_target_and_left_for_the_reference(tiny):
    fig = plots.keyness(keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1), n=3)
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert [w > 0 for w in widths] == [True] * 3 + [False] * 3


def test_dispersion_description_names_every_document_in_a_tie(tiny):
    # "the": a tokens 3, 8, 12 of 0..13 -> 23%, 62%, 92%; b tokens 1, 6, 8 of 0..14 -> 7%, 43%, 57%.
    # Both have 3, so both are named, and the span covers both: 7% to 92%.
    fig = plots.dispersion(dispersion(tiny, "the"))
    assert plots.describe(fig) == (
        'Dispersion of "the": 6 hits in 2 of 2 documents, most in a-1938-01-01 and b-1956-09-23 (3 each), '
        'from 7% to 92% of the text.')


def test_dispersion_description_names_the_document_with_most_hits(tiny):
    # "mistake*": a tokens 0 ("mistakes") and 5 ("mistake") of 0..13 -> 0%, 38%; b token 9 of 0..14 -> 64%.
    fig = plots.dispersion(dispersion(tiny, "mistake*"))
    assert plots.describe(fig) == (
        'Dispersion of "mistake*": 3 hits in 2 of 2 documents, most in a-1938-01-01 (2), from 0% to 38% of the text.')


def test_dispersion_names_documents_without_hits(tiny):
    fig = plots.dispersion(dispersion(tiny, "restore"))
    assert plots.describe(fig).endswith("all in b-1956-09-23, at 0% of the text; none in a-1938-01-01.")


def test_lexicon_profile_description_by_hand(tiny):
    # error: a 2/14 = 142.9, b 1/15 = 66.7; restoration: a 0, b 1/15 = 66.7. b's two categories tie.
    fig = plots.lexicon_profile(lexicon_profile(tiny))
    assert plots.describe(fig) == (
        'Bar chart of 2 lexicon categories per 1,000 tokens: the highest rate is "error" in a-1938-01-01 '
        '(142.9 per 1,000), and the commonest category of each document is a-1938-01-01 "error" and '
        'b-1956-09-23 "error" or "restoration" (tied).')


def test_frequencies_description_names_every_term_that_shares_the_highest_rate(tiny):
    # In a (14 tokens) "enemies", "hid" and "people" occur once each: 1/14 = 71.4 per 1,000; "were"
    # once too, set to 0 here so that one term is lower.
    table = frequencies(tiny, ["enemies", "hid", "people", "were"], docs="a-1938-01-01")
    table = table.assign(per_1000=table["per_1000"].where(table["term"] != "were", 0.0))
    assert plots.describe(plots.frequencies(table)) == (
        'Bar chart of 4 terms per 1,000 tokens in 1 document: three terms share the highest rate in '
        'a-1938-01-01 ("enemies", "hid" and "people", 71.4 per 1,000), the lowest "were" in a-1938-01-01 (0.0).')


def test_frequencies_description_names_every_term_that_shares_the_lowest_rate(tiny):
    # As above, but "enemies" raised to 100.0, "hid" left at 71.4, and "people" and "were" set to
    # 0.0: two terms then share the lowest rate.
    table = frequencies(tiny, ["enemies", "hid", "people", "were"], docs="a-1938-01-01")
    table = table.assign(per_1000=table["per_1000"].where(~table["term"].isin(["were", "people"]), 0.0))
    table = table.assign(per_1000=table["per_1000"].where(table["term"] != "enemies", 100.0))
    assert plots.describe(plots.frequencies(table)) == (
        'Bar chart of 4 terms per 1,000 tokens in 1 document: the highest rate is "enemies" in '
        'a-1938-01-01 (100.0 per 1,000), two terms share the lowest rate in a-1938-01-01 ("people" and "were", 0.0).')


def test_frequencies_description_says_when_every_bar_has_the_same_rate(tiny):
    table = frequencies(tiny, ["mistake*", "restore", "comrades"], docs="b-1956-09-23")  # 1/15 each
    assert plots.describe(plots.frequencies(table)) == (
        'Bar chart of 3 terms per 1,000 tokens in 1 document: every term has the same rate in '
        'b-1956-09-23 ("mistake*", "restore" and "comrades", 66.7 per 1,000).')


def test_frequencies_ties_across_documents_name_each_term_and_document():
    table = pd.DataFrame({"term": ["war", "war", "peace"], "doc_id": ["x", "y", "y"],
                          "count": [3, 6, 1], "per_1000": [30.0, 30.0, 5.0]})
    assert plots.describe(plots.frequencies(table)) == (
        'Bar chart of 2 terms per 1,000 tokens in 2 documents: "war" in x and "war" in y share the highest rate '
        '(30.0 per 1,000), the lowest "peace" in y (5.0).')


def test_timeline_description_gives_the_longest_gap(tiny):
    # 1938-01-01 = 1938.000; 1956-09-23 is day 267 of a leap year: 1956 + 266/366 = 1956.727; gap 18.7 -> 19.
    fig = plots.timeline(tiny)
    assert plots.describe(fig) == (
        "Timeline of 2 dated events from 1938-01-01 (Test author: wrote the test document) to 1956-09-23 "
        "(Test author: wrote the test document); the longest gap, 19 years, lies between 1938-01-01 and 1956-09-23.")


def test_timeline_adds_outside_events(tiny):
    events = pd.DataFrame({"date": ["1950-05"], "label": ["an outside event"], "source": ["a source"]})
    fig = plots.timeline(tiny, events)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["1956-09-23", "1950-05", "1938-01-01"]  # earliest at top
    assert "dated event [its source]" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_timeline_draws_events_alone():
    events = pd.DataFrame({"date": ["1938-11-15", "1938-01"], "label": ["second", "first"], "source": ["X", "Y"]})
    fig = plots.timeline(None, events)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["1938-11-15", "1938-01"]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["dated event [its source]"]
    # 1938-01 is 1938.000, 1938-11-15 is 1938 + 318/365 = 1938.871, which rounds to 1 year.
    assert plots.describe(fig) == ("Timeline of 2 dated events from 1938-01 (first [Y]) to 1938-11-15 (second [X]); "
                                   "the longest gap, 1 year, lies between 1938-01 and 1938-11-15.")


def test_timeline_names_a_work_by_its_label_and_a_document_by_its_id():
    events = pd.DataFrame({"date": ["1937-07-30", "1938-01"], "label": ["Order signed", "Telegram"],
                           "source": ["werth-2010", "us-embassy-1938-01; khlevniuk-1996"]})
    drawn = [t.get_text().replace("\n", " ") for t in plots.timeline(None, events).axes[0].texts]
    assert drawn == ["Order signed [Werth 2010]", "Telegram [us-embassy-1938-01; Khlevniuk 1996]"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_description_has_its_own_function_that_gives_what_the_figure_carries(tiny, kind):
    # The description is computed beside the drawing, from the same table, without drawing.
    inputs = figure_inputs(tiny)[kind]
    describe_only = getattr(plots, f"{kind}_description")(*inputs)
    assert describe_only == plots.describe(getattr(plots, kind)(*inputs))
    assert describe_only.strip() and "\n" not in describe_only


def test_timeline_needs_steps_or_events():
    with pytest.raises(ValueError, match="found neither"):
        plots.timeline(None)


def test_timeline_draws_an_event_that_repeats_a_provenance_step_once(tiny):
    # The same date and a source naming the step's document: drawn once, as the step. The same date
    # with another source, and another date with the same source, are different events.
    events = pd.DataFrame({"date": ["1938-01-01", "1938-01-01", "1940"],
                           "label": ["repeat", "same day, elsewhere", "later"],
                           "source": ["werth-2010; a-1938-01-01", "werth-2010", "a-1938-01-01"]})
    fig = plots.timeline(tiny, events)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert not any("repeat" in t for t in labels)
    assert any("same day, elsewhere" in t for t in labels) and any("later" in t for t in labels)
    assert plots.describe(fig).startswith("Timeline of 4 dated events")


def test_timeline_wraps_long_labels_instead_of_cutting_them():
    label = "A long label " * 10 + "with its end"  # 142 characters: cut at 80 before, now wrapped whole
    fig = plots.timeline(None, pd.DataFrame({"date": ["1950"], "label": [label], "source": ["the source"]}))
    drawn = fig.axes[0].texts[0].get_text()
    assert "\n" in drawn and drawn.replace("\n", " ") == f"{label.strip()} [the source]"


def test_timeline_of_the_course_draws_each_event_once():
    # Lesson 02's timelines: the events file alone, each date and label once.
    events = load_events()
    for span in (("1935", "1939"), ("1950", "1959")):
        chosen = events[events["date"].between(*span)]
        fig = plots.timeline(None, chosen)
        drawn = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
        assert len(drawn) == len(set(drawn)) == len(chosen)


def test_timeline_rejects_events_without_the_columns(tiny):
    with pytest.raises(ValueError, match="date, label, source"):
        plots.timeline(tiny, pd.DataFrame({"when": ["1950"]}))


def test_provenance_counts_undated_steps(corpus):
    # The cable's provenance has 8 steps; the Korean-to-Russian translation, the archive, the
    # English translation and the capture carry no date.
    fig = plots.provenance(corpus["ussr-embassy-1950-05-06"])
    assert plots.describe(fig).endswith("; 4 of 8 steps carry no date.")


def test_provenance_accepts_a_corpus_and_an_id(corpus):
    by_doc = plots.describe(plots.provenance(corpus["kwp-1956-09-23"]))
    by_id = plots.describe(plots.provenance(corpus, "kwp-1956-09-23"))
    by_rows = plots.describe(plots.provenance(corpus.provenance(), "kwp-1956-09-23"))
    assert by_doc == by_id == by_rows


def test_provenance_rejects_an_unknown_id(corpus):
    with pytest.raises(ValueError, match="found 'nope'"):
        plots.provenance(corpus, "nope")


def test_plots_reject_the_wrong_table(tiny):
    with pytest.raises(ValueError, match="expected the table from helpers.text.keyness"):
        plots.keyness(frequencies(tiny, "the"))


def test_describe_refuses_a_figure_made_elsewhere():
    with pytest.raises(ValueError, match="expected a figure made by helpers.plots"):
        plots.describe(Figure())


# ---------------------------------------------------------------- show

def test_show_outside_a_notebook_prints_the_description(tiny, capsys):
    fig = plots.dispersion(dispersion(tiny, "restore"))
    plots.show(fig)
    assert capsys.readouterr().out == f"Figure: {plots.describe(fig)}\n"


def test_show_in_ipython_displays_one_figure_with_its_description_as_alt_text_and_caption():
    # In a subprocess, so the IPython shell made here does not leak into other tests.
    code = """
import base64, json, re
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
InteractiveShell.instance()
from helpers import load_corpus, frequencies, plots
fig = plots.frequencies(frequencies(load_corpus(), "mistake*"))
with capture_output() as cap:
    result = plots.show(fig)
out = [{"types": sorted(o.data), "plain": o.data.get("text/plain"), "html": o.data.get("text/html")} for o in cap.outputs]
png = re.search(r'src="data:image/png;base64,([^"]+)"', out[0]["html"]).group(1)
print(json.dumps({"result": result, "outputs": out, "description": plots.describe(fig),
                  "png": base64.b64decode(png)[:4].hex(), "min_px": plots.smallest_text_px(fig)}))
"""
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    desc = got["description"]
    assert got["result"] is None
    assert [o["types"] for o in got["outputs"]] == [["text/html", "text/plain"]]
    out = got["outputs"][0]
    assert out["plain"] == f"Figure: {desc}"
    assert got["png"] == "89504e47"
    escaped = html.escape(desc, quote=True)
    assert f'alt="{escaped}"' in out["html"]  # the image's text alternative is the description ...
    assert f"<strong>Figure:</strong> {html.escape(desc)}</figcaption>" in out["html"]  # ... shown under it too
    assert f'data-rr-min-text-px="{got["min_px"]}"' in out["html"]


def test_no_figure_text_is_smaller_than_the_body_text(corpus):
    """11 pt at 100 dpi is 15.3 px, above JupyterLab's 14 px body text at the figure's own size."""
    figures = [plots.frequencies(frequencies(corpus, ["mistake*", "enemies"])),
               plots.keyness(keyness(corpus, "kwp-1956-09-23", "vkpb-1938-01-19")),
               plots.dispersion(dispersion(corpus, "party")), plots.provenance(corpus["vkpb-1938-01-19"]),
               plots.timeline(corpus), plots.lexicon_profile(lexicon_profile(corpus))]
    for fig in figures:
        fig.draw_without_rendering()  # drawn, so every tick label exists
        assert plots.smallest_text_px(fig) >= 14, plots.describe(fig)
        assert fig.get_size_inches()[0] <= plots.MAX_WIDTH


# ---------------------------------------------------------------- numbers: the figures a document states

FIGURES = ("In the North more than 2,500 appeals wait, 2,000 in the South, over 300 in the East and "
           "700-800 in the West.\n\nAt least 40 were heard.\n")


@pytest.fixture
def figures(make_corpus):
    """The five figures of a hand-made document, each labelled with its region."""
    corpus = make_corpus({"c-1938-02-02": FIGURES})
    table = numbers(corpus["c-1938-02-02"]).query("kind in ['number', 'range']")
    return table.assign(region=["North", "South", "East", "West", "heard"])


def test_numbers_description_by_hand(figures):
    # North 2,500 (more than), South 2,000, East 300 (over), West 700-800, heard 40 (at least).
    # Largest by the high end: North 2,500; smallest by the low end: heard 40.
    # Together 2,500 + 2,000 + 300 + 700 + 40 = 5,540, up to 5,640 with the range's high end.
    fig = plots.numbers(figures, label="region")
    assert plots.describe(fig) == (
        "Bar chart of 5 figures from c-1938-02-02, paragraphs 1-2: the largest is North (2,500, a lower bound), "
        "the smallest is heard (40, a lower bound); together at least 5,540 to 5,640, since 3 figures are lower bounds.")
    assert fig.get_suptitle() == "Figures stated in c-1938-02-02, paragraphs 1-2"
    assert fig.axes[0].get_ylabel() == "region" and fig.axes[0].get_xlabel()


def test_numbers_marks_lower_bounds_with_an_arrow_a_plus_and_a_legend_entry(figures):
    fig = plots.numbers(figures, label="region")
    ax = fig.axes[0]
    arrows = [line for line in ax.lines if line.get_marker() == ">" and len(line.get_xdata())]
    assert sorted(line.get_ydata()[0] for line in arrows) == [0, 2, 4]  # heard, East, North (drawn bottom to top)
    values = [t.get_text() for t in ax.texts]
    # The bound is read right before each figure: "South"'s context holds "more than 2,500 appeals
    # wait, 2,000", yet the words right before 2,000 are not a bound, so 2,000 has no "+".
    assert "more than 2,500 appeals wait, 2,000" in figures["context"].iloc[1]
    assert values == ["2,500+", "2,000", "300+", "700\u2013800", "40+"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["c-1938-02-02", "range: from its low to its high end",
                      'lower bound (+): "more than", "over" or "at least"']


def test_numbers_draws_a_range_to_its_high_end_in_a_lighter_bar(figures):
    fig = plots.numbers(figures, label="region")
    bars = fig.axes[0].patches
    extension = [b for b in bars if b.get_x() > 0]
    assert [(b.get_x(), b.get_width()) for b in extension] == [(700.0, 100.0)]
    assert extension[0].get_alpha() < 1 and extension[0].get_hatch()


def test_numbers_names_every_figure_in_a_tie(figures):
    tied = figures[figures["region"].isin(["South", "West"])].assign(low=[2000.0, 2000.0], high=[2000.0, 2000.0])
    assert plots.describe(plots.numbers(tied, label="region")) == (
        "Bar chart of 2 figures from c-1938-02-02, paragraph 1: the largest are South and West (2,000 each), "
        "the smallest are South and West (2,000 each); together 4,000.")


def test_numbers_of_the_1938_backlogs(corpus):
    # Paragraph 21: Rostov "more than 2,500", Krasnodar 2,000, Smolensk 2,300, Voronezh 1,200, Saratov 500.
    backlog = numbers(corpus["vkpb-1938-01-19"]).query("paragraph == 21 and kind == 'number'")
    backlog = backlog.assign(region=["Rostov", "Krasnodar", "Smolensk", "Voronezh", "Saratov"])
    assert plots.describe(plots.numbers(backlog, label="region")) == (
        "Bar chart of 5 figures from vkpb-1938-01-19, paragraph 21: the largest is Rostov (2,500, a lower bound), "
        "the smallest is Saratov (500); together at least 8,500, since 1 figure is a lower bound.")


def test_numbers_rejects_a_table_without_the_columns(figures):
    with pytest.raises(ValueError, match="expected the table from helpers.claims.numbers, with a label column"):
        plots.numbers(figures, label="province")
    with pytest.raises(ValueError, match="columns doc_id, paragraph, low, high, context"):
        plots.numbers(figures.drop(columns="context"), label="region")


def test_numbers_rejects_rows_without_a_value(make_corpus):
    corpus = make_corpus({"c-1938-02-02": "On 6 May 1950, 30 came.\n"})
    table = numbers(corpus["c-1938-02-02"]).assign(label=["the date", "the count"])
    with pytest.raises(ValueError, match="found none for 'the date'"):
        plots.numbers(table)


def test_numbers_use_the_document_style_and_only_palette_colours(figures):
    fig = plots.numbers(figures, label="region")
    s = plots.style("c-1938-02-02", ["c-1938-02-02"])
    for bar in fig.axes[0].patches:
        assert to_hex(bar.get_facecolor()[:3]).upper() == s["color"]
        assert bar.get_hatch() == s["hatch"]


def test_numbers_figures_are_deterministic_and_of_fixed_size(figures):
    one = plots.numbers(figures.head(1), label="region")
    many = plots.numbers(figures, label="region")
    assert tuple(one.get_size_inches()) == tuple(many.get_size_inches())
    assert plots.figure_html(plots.numbers(figures, label="region")) == plots.figure_html(many)

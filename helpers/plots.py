"""Figures for the lessons: each function returns a matplotlib Figure with a title, labelled axes
and a one-sentence description of what it shows, read with :func:`describe`.

In a notebook, show a figure and its description (the text a screen reader reads, and what
nbval compares) with ``plots.show(plots.keyness(keyness(corpus, "kwp-1956-09-23", "vkpb-1938-01-19")))``.

One palette serves the whole course: Okabe and Ito's colour-blind-safe colours (:data:`PALETTE`).
Colour never carries meaning alone: each document also has its own hatch and marker, and bars,
rows and events carry direct labels. A document keeps its colour, hatch and marker in every figure;
the styles follow the corpus order, so a document added to the corpus gets its own.
Each figure's description is computed by its own function beside the drawing function
(``frequencies_description`` beside ``frequencies``, and so on), from the same table.
Figures are built without pyplot, so nothing is shown twice and nothing needs closing.

The figures: :func:`frequencies`, :func:`lexicon_profile`, :func:`keyness`, :func:`dispersion`,
:func:`timeline` (provenance steps and dated events, or events alone), :func:`provenance`, and
:func:`numbers` (the figures a document states, from :func:`helpers.claims.numbers`, with ranges
and lower bounds marked). A description never names one "highest" or "largest" when several tie.
"""
from __future__ import annotations

import base64
import html
import io
import math
import re
import textwrap
import warnings
from functools import lru_cache

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

__all__ = ["PALETTE", "HATCHES", "MARKERS", "EVENTS", "EVENT_STYLE", "style", "document_order", "describe", "show",
           "frequencies", "frequencies_description", "lexicon_profile", "lexicon_profile_description",
           "keyness", "keyness_description", "dispersion", "dispersion_description",
           "timeline", "timeline_description", "provenance", "provenance_description",
           "numbers", "numbers_description"]

#: Okabe & Ito (2008): orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
#: One hatch and one marker per document, in corpus order, none of them the events lane's (EVENT_STYLE):
#: twelve documents each have a hatch and a marker of their own, so figures can be told apart in grey.
HATCHES = ["//", "..", "xx", "\\\\", "oo", "++", "--", "||", "OO", "/o", "\\.", "x."]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "p", "h", "d"]
EVENTS = "events"  # the lane of dated events from outside the documents (corpus/events.csv)
EVENT_STYLE = {"color": PALETTE[-1], "hatch": "**", "marker": "*"}
DPI = 100
#: The smallest text a figure may hold, in points: 11 pt at 100 dpi is 15.3 px, above JupyterLab's
#: 14 px body text when the figure is shown at its own size (tests/browser/test_layout.py measures it).
MIN_PT = 11.0
#: Figures are at most this wide (inches at DPI): 900 px fit the output area of a 1400 px window
#: with the file browser open, so they are shown at their own size, not shrunk.
MAX_WIDTH = 9.0
LINE_IN = MIN_PT * 1.3 / 72  # one line of MIN_PT text, in inches


@lru_cache(maxsize=8)
def _ids_at(root: str, folders: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The corpus order at ``root``; ``folders`` (the document folders' names) renews the cache
    when a document is added or removed."""
    from helpers.corpus import CorpusError, load_corpus
    try:
        return tuple(load_corpus(root).ids)
    except CorpusError:  # a broken corpus is reported by load_corpus itself; draw with what is given
        return ()


def document_order() -> tuple[str, ...]:
    """The ids of the course's corpus in corpus order (date order): the order of the styles."""
    from helpers.paths import corpus_dir
    root = corpus_dir()
    folders = tuple(sorted(p.name for p in root.iterdir() if (p / "document.toml").is_file())) if root.is_dir() else ()
    return _ids_at(str(root), folders)


def style(key: str, others: list[str] | tuple[str, ...] = ()) -> dict:
    """Colour, hatch and marker of a document (or of the events lane), the same in every figure.

    The n-th document of the corpus (in corpus order) gets the n-th colour of :data:`PALETTE`
    (black is kept for the events lane), hatch and marker, so a document added to the corpus gets
    its own. Ids that are not in the corpus (a table from another corpus) follow, in sorted order.
    Past seven documents colours repeat, with another hatch and marker. Up to twelve documents
    (``len(HATCHES)``) each differ from every other and from the events lane in hatch and in marker;
    past twelve, hatches and markers repeat, with a warning (colour still tells the first 84 apart).
    """
    colours = len(PALETTE) - 1
    if key == EVENTS:
        return dict(EVENT_STYLE)
    order = document_order()
    if key in order:
        i = order.index(key)
    else:
        extra = sorted(k for k in {*others, key} if k not in order and k != EVENTS)
        i = len(order) + extra.index(key)
    if i >= len(HATCHES):
        warnings.warn(f"{key} is document {i + 1}: past {len(HATCHES)} documents, hatches and markers repeat "
                      "and only colour tells some documents apart", stacklevel=2)
    # 7 colours and 12 hatch-and-marker pairs: (i mod 7, i mod 12) differs for the first 84 ids
    return {"color": PALETTE[i % colours], "hatch": HATCHES[i % len(HATCHES)], "marker": MARKERS[i % len(MARKERS)]}


# ---------------------------------------------------------------- description and display

def _finish(fig: Figure, title: str, description: str) -> Figure:
    fig.suptitle(title, fontsize=MIN_PT + 2, fontweight="bold")
    for ax in fig.axes:  # no text below MIN_PT: tick labels, axis labels, legends, annotations
        ax.tick_params(labelsize=MIN_PT)
    for text in fig.findobj(Text):
        if text.get_fontsize() < MIN_PT:
            text.set_fontsize(MIN_PT)
    fig._rr_description = description
    fig._rr_title = title
    return fig


def smallest_text_px(fig: Figure) -> float:
    """The size in pixels (at DPI) of the smallest text the figure draws: the browser test divides
    it by the image's natural width and multiplies by its shown width to get what a student sees."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return round(min(sizes) * DPI / 72, 2) if sizes else 0.0


def describe(fig: Figure) -> str:
    """The one-sentence description of a figure made by helpers.plots (its text alternative)."""
    try:
        return fig._rr_description
    except AttributeError:
        raise ValueError(f"expected a figure made by helpers.plots, found {fig!r} without a description") from None


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI,
                metadata={"Software": None, "Title": fig._rr_title, "Description": describe(fig)})
    return buf.getvalue()


class Caption:
    """The description under a figure: Markdown in JupyterLab, plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Figure: {self.text}"

    def _repr_markdown_(self) -> str:
        return f"**Figure:** {self.text}"


def figure_html(fig: Figure) -> str:
    """The figure as HTML: the image, whose text alternative (alt) is the description, and the
    description as a visible caption under it (hidden from screen readers, which read the alt).
    Shown at its own size (shrunk only where the output area is narrower); the image says its
    smallest text size (data-rr-min-text-px) for the layout test."""
    png = _png(fig)
    width, height = (round(v * DPI) for v in fig.get_size_inches())
    desc = describe(fig)
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure class="rr-figure" style="margin: 0 0 0.5em 0; max-width: 100%">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(desc, quote=True)}" width="{width}" '
            f'height="{height}" style="max-width: 100%; height: auto" data-rr-min-text-px="{smallest_text_px(fig)}">'
            f'<figcaption aria-hidden="true" style="margin-top: 0.3em; max-width: {width}px">'
            f"<strong>Figure:</strong> {html.escape(desc)}</figcaption></figure>")


def show(fig: Figure) -> None:
    """Display ``fig`` with its description under it; outside a notebook, print the description.

    In JupyterLab one HTML output holds the image, its description as the image's text
    alternative and the same description as a visible caption; its plain-text form is the
    description, so text-only readers get it in the image's place.
    """
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        shell = None
    if shell is None:
        print(repr(Caption(describe(fig))))
        return
    from IPython.display import display
    display({"text/html": figure_html(fig), "text/plain": repr(Caption(describe(fig)))}, raw=True)


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(min(width, MAX_WIDTH), height), dpi=DPI, layout="constrained")
    fig._repr_png_ = lambda: _png(fig)  # a bare figure at the end of a cell still shows
    return fig


def _names(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fmt(v: float) -> str:
    return f"{v:,.1f}"


_NUMBER_WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()


def _number_word(n: int) -> str:
    """'two', 'three' ... up to twelve, then digits: for counts inside a sentence."""
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def _tied(values: pd.Series, best: float) -> pd.Series:
    """Which values equal ``best`` (up to rounding noise in the ninth decimal place)."""
    return (values - best).abs() <= 1e-9 * max(abs(best), 1.0)


# ---------------------------------------------------------------- grouped bars

def _grouped_bars(df: pd.DataFrame, group: str, value: str, title: str, xlabel: str, ylabel: str) -> Figure:
    """Horizontal bars: one group per value of ``group`` (first at top), one bar per document."""
    groups = list(dict.fromkeys(df[group]))
    docs = list(dict.fromkeys(df["doc_id"]))
    fig = _figure(9, 6)
    ax = fig.add_subplot()
    height = 0.8 / max(len(docs), 1)
    top = max(df[value].max(), 0) if len(df) else 0
    for j, doc in enumerate(docs):
        s = style(doc, docs)
        sub = df[df["doc_id"] == doc].set_index(group)[value]
        ys = [len(groups) - 1 - i + 0.4 - (j + 0.5) * height for i in range(len(groups))]
        vals = [float(sub.get(g, 0.0)) for g in groups]
        ax.barh(ys, vals, height=height, color=s["color"], hatch=s["hatch"], edgecolor="black",
                linewidth=0.6, label=doc)
        for y, v in zip(ys, vals):
            ax.text(v + top * 0.01, y, _fmt(v), va="center", fontsize=MIN_PT)
    ax.set_yticks(range(len(groups)), labels=groups[::-1])
    ax.set_xlim(0, top * 1.12 if top > 0 else 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title="document", fontsize=MIN_PT, title_fontsize=MIN_PT, loc="best")
    ax.grid(axis="x", linewidth=0.3)
    return _finish(fig, title, "")


def _frequency_rows(df: pd.DataFrame, top: int) -> tuple[pd.DataFrame, list[str]]:
    """The rows of the ``top`` terms with the highest rates, and those terms in table order."""
    _need(df, ["term", "doc_id", "count", "per_1000"], "helpers.text.frequencies")
    if df.empty:
        raise ValueError("expected some frequencies to plot, found an empty table")
    best = df.groupby("term", sort=False)["per_1000"].max()
    keep = sorted(best.index, key=lambda t: (-best[t], t))[:top]
    order = [t for t in dict.fromkeys(df["term"]) if t in keep]
    return df[df["term"].isin(order)], order


def frequencies(df: pd.DataFrame, top: int = 10) -> Figure:
    """Bars of per_1000 for each term and document, from :func:`helpers.text.frequencies`.

    With more than ``top`` terms, the ``top`` highest rates are drawn.
    """
    data, _ = _frequency_rows(df, top)
    fig = _grouped_bars(data, "term", "per_1000", "How often: occurrences per 1,000 tokens",
                        "occurrences per 1,000 tokens", "term")
    fig._rr_description = frequencies_description(df, top)
    return fig


def frequencies_description(df: pd.DataFrame, top: int = 10) -> str:
    """What :func:`frequencies` draws, in one sentence: the highest and lowest rates, every tie named."""
    data, order = _frequency_rows(df, top)
    hi = data.sort_values(["per_1000", "term", "doc_id"], ascending=[False, True, True], kind="mergesort").iloc[0]
    lo = data.sort_values(["per_1000", "term", "doc_id"], ascending=[True, True, True], kind="mergesort").iloc[0]
    what = f'"{order[0]}"' if len(order) == 1 else f"{len(order)} terms"
    if len(data) == 1:
        return (f'Bar chart of "{hi["term"]}" in {hi["doc_id"]}: '
                f'{_fmt(hi["per_1000"])} occurrences per 1,000 tokens.')
    best = data[_tied(data["per_1000"], hi["per_1000"])]
    rate = f"{_fmt(hi['per_1000'])} per 1,000"
    if len(best) == len(data):
        pairs = (f'in {hi["doc_id"]} (' + _names([f'"{t}"' for t in best["term"]]) if best["doc_id"].nunique() == 1
                 else "(" + _names([f'"{t}" in {d}' for t, d in zip(best["term"], best["doc_id"])]))
        return (f"Bar chart of {what} per 1,000 tokens in {_count(data['doc_id'].nunique(), 'document')}: "
                f"every term has the same rate {pairs}, {rate}).")
    if len(best) == 1:
        highest = f'the highest rate is "{hi["term"]}" in {hi["doc_id"]} ({rate})'
    elif best["doc_id"].nunique() == 1:
        terms = _names([f'"{t}"' for t in best["term"]])
        highest = (f"{_number_word(len(best))} terms share the highest rate in {hi['doc_id']} "
                   f"({terms}, {rate})")
    else:
        pairs = _names([f'"{t}" in {d}' for t, d in zip(best["term"], best["doc_id"])])
        highest = f"{pairs} share the highest rate ({rate})"
    worst = data[_tied(data["per_1000"], lo["per_1000"])]
    if len(worst) == 1:
        lowest = f'the lowest "{lo["term"]}" in {lo["doc_id"]} ({_fmt(lo["per_1000"])})'
    elif worst["doc_id"].nunique() == 1:
        lowest = (f"{_number_word(len(worst))} terms share the lowest rate in {lo['doc_id']} "
                  f"({_names([f'{chr(34)}{t}{chr(34)}' for t in worst['term']])}, {_fmt(lo['per_1000'])})")
    else:
        pairs = _names([f'"{t}" in {d}' for t, d in zip(worst["term"], worst["doc_id"])])
        lowest = f"{pairs} share the lowest rate ({_fmt(lo['per_1000'])})"
    return (f"Bar chart of {what} per 1,000 tokens in {_count(data['doc_id'].nunique(), 'document')}: "
            f"{highest}, {lowest}.")


def lexicon_profile(df: pd.DataFrame) -> Figure:
    """Bars of per_1000 for each lexicon category and document, from :func:`helpers.text.lexicon_profile`."""
    _need(df, ["doc_id", "category", "hits", "per_1000"], "helpers.text.lexicon_profile")
    if df.empty:
        raise ValueError("expected a lexicon profile to plot, found an empty table")
    fig = _grouped_bars(df, "category", "per_1000", "Rhetorical categories: lexicon hits per 1,000 tokens",
                        "lexicon hits per 1,000 tokens", "category")
    fig._rr_description = lexicon_profile_description(df)
    return fig


def lexicon_profile_description(df: pd.DataFrame) -> str:
    """What :func:`lexicon_profile` draws: the highest rate and each document's commonest category."""
    _need(df, ["doc_id", "category", "hits", "per_1000"], "helpers.text.lexicon_profile")
    if df.empty:
        raise ValueError("expected a lexicon profile to plot, found an empty table")
    hi = df.sort_values(["per_1000", "category", "doc_id"], ascending=[False, True, True], kind="mergesort").iloc[0]
    best = df[_tied(df["per_1000"], hi["per_1000"])]
    rate = f"{_fmt(hi['per_1000'])} per 1,000"
    if len(best) == 1:
        highest = f'the highest rate is "{hi["category"]}" in {hi["doc_id"]} ({rate})'
    else:
        pairs = _names([f'"{c}" in {d}' for c, d in zip(best["category"], best["doc_id"])])
        highest = f"{_number_word(len(best))} bars share the highest rate ({pairs}, {rate})"
    tops = []
    for doc in dict.fromkeys(df["doc_id"]):
        sub = df[df["doc_id"] == doc]
        top = sub["per_1000"].max()
        if not sub["hits"].max():
            tops.append(f"{doc} none")
            continue
        first = sub[_tied(sub["per_1000"], top)]["category"].tolist()
        quoted = [f'"{c}"' for c in first]
        tops.append(f"{doc} {quoted[0]}" if len(first) == 1
                    else f"{doc} {', '.join(quoted[:-1])} or {quoted[-1]} (tied)")
    return (f'Bar chart of {df["category"].nunique()} lexicon categories per 1,000 tokens: {highest}, '
            f"and the commonest category of each document is {_names(tops)}.")


def _need(df: pd.DataFrame, columns: list[str], source: str) -> None:
    if not isinstance(df, pd.DataFrame) or any(c not in df.columns for c in columns):
        found = list(df.columns) if isinstance(df, pd.DataFrame) else type(df).__name__
        raise ValueError(f"expected the table from {source} (columns {', '.join(columns)}), found {found!r}")


# ---------------------------------------------------------------- keyness

def keyness(df: pd.DataFrame, n: int = 10) -> Figure:
    """Diverging bars of log ratio for the ``n`` most key words of each side, from :func:`helpers.text.keyness`."""
    _need(df, ["term", "log_likelihood", "log_ratio", "key_for"], "helpers.text.keyness")
    target = _names(df.attrs.get("target", ["target"]))
    reference = _names(df.attrs.get("reference", ["reference"]))
    sides = {k: df[df["key_for"] == k].head(n) for k in ("target", "reference")}
    rows = pd.concat([sides["target"], sides["reference"].iloc[::-1]])
    fig = _figure(9, 7)
    ax = fig.add_subplot()
    sides_ids = [df.attrs.get("target", ["target"])[0], df.attrs.get("reference", ["reference"])[0]]
    t_style, r_style = (style(key, sides_ids) for key in sides_ids)
    ys = list(range(len(rows)))[::-1]
    for y, (_, row) in zip(ys, rows.iterrows()):
        s = t_style if row["key_for"] == "target" else r_style
        ax.barh(y, row["log_ratio"], color=s["color"], hatch=s["hatch"], edgecolor="black", linewidth=0.6)
        right = row["log_ratio"] >= 0
        ax.text(row["log_ratio"] + (0.08 if right else -0.08), y, f"G\u00b2 {row['log_likelihood']:.1f}",
                va="center", ha="left" if right else "right", fontsize=MIN_PT)
    ax.set_yticks(ys, labels=list(rows["term"]))
    ax.axvline(0, color="black", linewidth=0.8)
    span = max([abs(v) for v in rows["log_ratio"]] + [1.0]) * 1.3
    ax.set_xlim(-span, span)
    ax.set_xlabel(f"log ratio (log2 of relative frequencies): right = more in {target}, left = more in {reference}")
    ax.set_ylabel(f"word (top {n} each side by log-likelihood G\u00b2)")
    ax.legend(handles=[Patch(facecolor=t_style["color"], hatch=t_style["hatch"], edgecolor="black", label=f"key for {target}"),
                       Patch(facecolor=r_style["color"], hatch=r_style["hatch"], edgecolor="black", label=f"key for {reference}")],
              fontsize=MIN_PT, loc="lower right")
    ax.grid(axis="x", linewidth=0.3)
    return _finish(fig, f"Key words: {target} against {reference}", keyness_description(df, n))


def keyness_description(df: pd.DataFrame, n: int = 10) -> str:
    """What :func:`keyness` draws: the three most key words of each side."""
    _need(df, ["term", "log_likelihood", "log_ratio", "key_for"], "helpers.text.keyness")
    target = _names(df.attrs.get("target", ["target"]))
    reference = _names(df.attrs.get("reference", ["reference"]))

    def words(side: str) -> str:
        terms = [f'"{t}"' for t in df[df["key_for"] == side].head(n)["term"].head(3)]
        return _names(terms) if terms else "no word"
    return (f"Keyness of {target} against {reference}: the words most over-used in {target} are "
            f"{words('target')}; in {reference}, {words('reference')} (ranked by log-likelihood G\u00b2).")


# ---------------------------------------------------------------- dispersion

def dispersion(df: pd.DataFrame) -> Figure:
    """Where a term falls in each document searched (a lexical dispersion plot), from :func:`helpers.text.dispersion`."""
    term, docs, counts = _dispersion_hits(df)
    fig = _figure(9, 4)
    ax = fig.add_subplot()
    for i, doc in enumerate(docs):
        y = len(docs) - 1 - i
        s = style(doc, docs)
        pos = counts[doc]
        ax.vlines(pos, y - 0.35, y + 0.35, color=s["color"], linewidth=1.5)
        ax.plot(pos, [y] * len(pos), linestyle="none", marker=s["marker"], markersize=5,
                markerfacecolor=s["color"], markeredgecolor="black", markeredgewidth=0.5)
        ax.text(1.02, y, _count(len(pos), "hit"), va="center", fontsize=MIN_PT)
    ax.set_yticks(range(len(docs)), labels=docs[::-1])
    ax.set_xlim(-0.02, 1.12)
    ax.set_ylim(-0.7, len(docs) - 0.3)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], labels=["start", "25%", "50%", "75%", "end"])
    ax.set_xlabel("position in the document (share of its tokens)")
    ax.set_ylabel("document")
    ax.grid(axis="x", linewidth=0.3)
    return _finish(fig, f'Where "{term}" falls in each document', dispersion_description(df))


def _dispersion_hits(df: pd.DataFrame) -> tuple[str, list[str], dict[str, list[float]]]:
    """(term, documents searched, positions of the hits in each)."""
    _need(df, ["doc_id", "position"], "helpers.text.dispersion")
    term = df.attrs.get("term", "the term")
    docs = list(df.attrs.get("documents", {}) or dict.fromkeys(df["doc_id"]))
    return term, docs, {doc: df.loc[df["doc_id"] == doc, "position"].tolist() for doc in docs}


def dispersion_description(df: pd.DataFrame) -> str:
    """What :func:`dispersion` draws: how many hits, where most fall, which documents have none."""
    term, docs, counts = _dispersion_hits(df)
    total = sum(len(p) for p in counts.values())
    with_hits = [d for d in docs if counts[d]]
    if not with_hits:
        description = f'Dispersion of "{term}": no hits in {_count(len(docs), "document")}.'
    else:
        top = max(len(counts[d]) for d in with_hits)
        most = [d for d in with_hits if len(counts[d]) == top]
        p = [x for d in most for x in counts[d]]
        where = f"at {p[0]:.0%}" if len(p) == 1 else f"from {min(p):.0%} to {max(p):.0%}"
        if len(with_hits) == 1:
            which = f"all in {most[0]}"
        elif len(most) == 1:
            which = f"most in {most[0]} ({top})"
        else:
            which = f"most in {_names(most)} ({top} each)"
        description = (f'Dispersion of "{term}": {_count(total, "hit")} in {len(with_hits)} of '
                       f"{_count(len(docs), 'document')}, {which}, {where} of the text")
        none = [d for d in docs if not counts[d]]
        description += f"; none in {_names(none)}." if none else "."
    return description


# ---------------------------------------------------------------- timeline and provenance

def _year(date: str) -> float:
    """The start of the period a date names: '1938' -> 1938.0, '1938-02' -> 1938.085, '1938-01-19' -> 1938.049."""
    parts = [int(p) for p in date.split("-")] + [1, 1]
    day = pd.Timestamp(parts[0], parts[1], parts[2])
    return parts[0] + (day.day_of_year - 1) / (366 if day.is_leap_year else 365)


def _short(text: str, width: int) -> str:
    """``text`` on one line, cut at a space to at most ``width`` characters, with … when cut."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[:width - 2].rsplit(" ", 1)[0] + " \u2026"


def _provenance_rows(source) -> pd.DataFrame:
    if hasattr(source, "provenance") and callable(source.provenance):
        return source.provenance()
    _need(source, ["doc_id", "date", "actor", "action"], "Corpus.provenance()")
    return source


def _repeats_step(date: str, source: str, steps: set[tuple[str, str]]) -> bool:
    """Whether an event (``date``, ``source``) repeats a provenance step: a step of the same date
    belongs to a document that the event's source names (``"kwp-1956-09-23"``, or one of several
    separated by ';')."""
    return any(d == date and re.search(rf"(?<![\w-]){re.escape(doc)}(?![\w-])", source) for d, doc in steps)


def _label_lines(text: str, width: int, lines: int) -> str:
    """``text`` wrapped to ``width`` characters in at most ``lines`` lines, the last cut with …."""
    wrapped = textwrap.wrap(" ".join(str(text).split()), width)
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1:])
        wrapped = wrapped[:lines - 1] + [_short(rest, width)]
    return "\n".join(wrapped)


def _source_labels(source: str) -> str:
    """An events.csv source as prose cites it: each key of sources.toml by its label, document ids as they are."""
    try:
        from helpers.sources import load_sources
        bib = load_sources()
    except Exception:  # no bibliography beside this corpus: show the source as written
        return source
    return "; ".join(bib[k].label if k in bib else k for k in (part.strip() for part in str(source).split(";")))


def _timeline_rows(source, events: pd.DataFrame | None) -> list[tuple[str, str, str]]:
    """(date, lane, label) of every event to draw, in date order: provenance steps in their
    document's lane, then events (with their source in brackets) in the events lane."""
    rows = []
    steps: set[tuple[str, str]] = set()
    if source is not None:
        prov = _provenance_rows(source)
        for _, r in prov.iterrows():
            if str(r["date"]).strip():
                rows.append((str(r["date"]), str(r["doc_id"]), f"{r['actor']}: {r['action']}"))
                steps.add((str(r["date"]), str(r["doc_id"])))
    elif events is None:
        raise ValueError("expected provenance steps, events or both, found neither (source and events are None)")
    if events is not None:
        _need(events, ["date", "label", "source"], "load_events() or a table with date, label, source")
        rows += [(str(r["date"]), EVENTS, f"{r['label']} [{_source_labels(r['source'])}]") for _, r in events.iterrows()
                 if not _repeats_step(str(r["date"]), str(r["source"]), steps)]
    if not rows:
        raise ValueError("expected at least one dated event, found none")
    rows.sort(key=lambda r: (_year(r[0]), r[0], r[1] == EVENTS, r[1], r[2]))
    return rows


def timeline(source, events: pd.DataFrame | None = None) -> Figure:
    """Dated events in order: provenance steps of a Corpus (or of ``corpus.provenance()``) with a
    date, plus optional ``events`` (date, label, source), e.g. ``load_events()`` (corpus/events.csv).

    ``timeline(None, events)`` draws the events alone. With both, an event that repeats a
    provenance step (the same date, and a source naming that step's document) is drawn once, as
    the step. An event's source is shown in square brackets, a work of sources.toml by its label.
    Labels wrap over as many lines as the rows leave room for.
    """
    rows = _timeline_rows(source, events)
    lanes = list(dict.fromkeys(r[1] for r in rows))
    # Each event's label in a column right of the time axis, on its row: labels never cover a
    # marker or each other, and wrap over up to three lines (the full labels are in the events table).
    width = 58
    lines = max(1, min(3, max(len(textwrap.wrap(" ".join(r[2].split()), width)) for r in rows)))
    fig = _figure(MAX_WIDTH, 1.9 + len(rows) * (lines * LINE_IN + 0.1))
    ax = fig.add_subplot()
    xs = [_year(r[0]) for r in rows]
    lo, hi = math.floor(min(xs)) - 1, math.ceil(max(xs)) + 1
    for i, ((date, lane, label), x) in enumerate(zip(rows, xs)):
        y = len(rows) - 1 - i
        s = style(lane, lanes)
        ax.plot([x], [y], linestyle="none", marker=s["marker"], markersize=8, markerfacecolor=s["color"],
                markeredgecolor="black", markeredgewidth=0.6)
        ax.axhline(y, color="0.85", linewidth=0.5, zorder=0)
        ax.text(1.03, y, _label_lines(label, width, lines), transform=ax.get_yaxis_transform(), va="center",
                ha="left", fontsize=MIN_PT, linespacing=1.1)
    for lane in lanes:
        s = style(lane, lanes)
        ax.plot([], [], linestyle="none", marker=s["marker"], markerfacecolor=s["color"], markeredgecolor="black",
                label="dated event [its source]" if lane == EVENTS else f"{lane} (provenance step)")
    ax.set_yticks(range(len(rows)), labels=[r[0] for r in rows][::-1], fontsize=MIN_PT)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    span = hi - lo
    ax.set_xticks(range(lo, hi + 1, max(1, math.ceil(span / 4))))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
    ax.set_xlabel("year")
    ax.set_ylabel("date of the event (earliest at top)")
    ax.legend(fontsize=MIN_PT, loc="lower left", framealpha=0.95)  # the latest events sit at the right
    ax.grid(axis="x", linewidth=0.3)
    title = ("Timeline: when each document was written, kept and published" if source is not None
             else "Timeline: dated events and their sources")
    return _finish(fig, title, timeline_description(source, events))


def timeline_description(source, events: pd.DataFrame | None = None) -> str:
    """What :func:`timeline` draws: how many events, the first and the last, and the longest gap."""
    rows = _timeline_rows(source, events)
    xs = [_year(r[0]) for r in rows]
    gaps = [(xs[i + 1] - xs[i], i) for i in range(len(xs) - 1)]
    description = (f"Timeline of {len(rows)} dated events from {rows[0][0]} ({_short(rows[0][2], 60)}) "
                   f"to {rows[-1][0]} ({_short(rows[-1][2], 60)})")
    if gaps:
        gap, i = max(gaps, key=lambda g: (g[0], -g[1]))
        description += f"; the longest gap, {_count(round(gap), 'year')}, lies between {rows[i][0]} and {rows[i + 1][0]}."
    else:
        description += "."
    return description


def provenance(source, doc_id: str | None = None) -> Figure:
    """One document's chain from its writing to the web capture, as steps from top to bottom.

    ``source`` is a Document, a Corpus with ``doc_id``, or rows of ``corpus.provenance()``.
    """
    doc_id, steps = _provenance_steps(source, doc_id)
    s = style(doc_id)
    texts = []
    for step, date, actor, action in steps:
        dated = bool(str(date).strip())
        head = f"{date if dated else 'date unknown'} \u2013 {_short(actor, 150)}"
        texts.append((dated, "\n".join(textwrap.wrap(head, 80) + textwrap.wrap(_short(action, 240), 80))))
    # y in lines of text, from the top: each box is its lines plus a margin, with room for an arrow between
    gap, pad = 1.2, 0.45
    heights = [t.count("\n") + 1 + 2 * pad for _, t in texts]
    total = sum(heights) + gap * (len(texts) - 1)
    fig = _figure(MAX_WIDTH, 1.6 + total * LINE_IN)
    ax = fig.add_subplot()
    top, centres = total, []
    for k, ((dated, text), h) in enumerate(zip(texts, heights)):
        bottom = top - h
        ax.add_patch(FancyBboxPatch((0.01, bottom), 0.98, h, boxstyle="round,pad=0,rounding_size=0.3",
                                    mutation_aspect=1 / 40, facecolor="white",
                                    edgecolor=s["color"] if dated else "black",
                                    linewidth=2 if dated else 1, linestyle="-" if dated else "--"))
        ax.text(0.03, bottom + h / 2, text, va="center", ha="left", fontsize=MIN_PT, linespacing=1.15)
        centres.append(bottom + h / 2)
        if k < len(texts) - 1:
            ax.add_patch(FancyArrowPatch((0.5, bottom), (0.5, bottom - gap), arrowstyle="-|>", mutation_scale=14,
                                         color="black", linewidth=1, shrinkA=0, shrinkB=0))
        top = bottom - gap
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.2, total + 0.2)
    ax.set_yticks(centres, labels=[f"step {st}" for st, *_ in steps])
    ax.set_xticks([])
    ax.set_xlabel("who did what, and when (dashed box: no date recorded)")
    ax.set_ylabel("step in the chain (first at top)")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return _finish(fig, f"Provenance of {doc_id}: from writing to web capture", provenance_description(source, doc_id))


def _provenance_steps(source, doc_id: str | None) -> tuple[str, list[tuple]]:
    """(doc_id, [(step, date, actor, action), ...]) from a Document, a Corpus and an id, or provenance rows."""
    if hasattr(source, "meta") and "provenance" in getattr(source, "meta", {}):
        return source.id, [(i, s.get("date", ""), s["actor"], s["action"]) for i, s in enumerate(source.meta["provenance"], 1)]
    prov = _provenance_rows(source)
    ids = list(dict.fromkeys(prov["doc_id"]))
    if doc_id is None and len(ids) == 1:
        doc_id = ids[0]
    if doc_id not in ids:
        raise ValueError(f"expected one of the document ids {', '.join(ids)}, found {doc_id!r}")
    sub = prov[prov["doc_id"] == doc_id]
    return doc_id, [(int(r["step"]) if "step" in sub else i, str(r["date"]), r["actor"], r["action"])
                    for i, (_, r) in enumerate(sub.iterrows(), 1)]


def provenance_description(source, doc_id: str | None = None) -> str:
    """What :func:`provenance` draws: how many steps, the first and the last, how many undated."""
    doc_id, steps = _provenance_steps(source, doc_id)
    n = len(steps)
    undated = sum(1 for st in steps if not str(st[1]).strip())
    first, last = steps[0], steps[-1]
    return (f"Provenance of {doc_id} in {_count(n, 'step')}, from {_short(first[2], 60)} "
            f"({first[1] or 'undated'}) to {_short(last[2], 60)} ({last[1] or 'undated'}); "
            f"{undated} of {n} {'step carries' if n == 1 else 'steps carry'} no date.")


# ---------------------------------------------------------------- the figures a document states

#: Words right before a number that make it a lower bound ("more than 2,500").
LOWER_BOUND = re.compile(r"\b(?:more than|over|at least|upwards of|in excess of|not less than|no fewer than)\s*$", re.I)


def _lower_bound(text: str, context: str) -> bool:
    """Whether ``context`` (from :func:`helpers.claims.numbers`: up to 50 characters either side of
    ``text``) says "more than", "over" or "at least" right before the number."""
    found = [m.start() for m in re.finditer(rf"(?<![\d,.]){re.escape(text)}(?!\d)", context)]
    if not found:
        return False
    before = [i for i in found if i <= 50] or found[:1]  # the number starts at most 50 characters in
    return bool(LOWER_BOUND.search(context[:before[-1]]))


def _figure_text(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _paragraphs(ps: list[int]) -> str:
    """'paragraph 21', 'paragraphs 21-23', 'paragraphs 3, 7 and 21'."""
    ps = sorted(set(ps))
    if len(ps) == 1:
        return f"paragraph {ps[0]}"
    if ps == list(range(ps[0], ps[-1] + 1)):
        return f"paragraphs {ps[0]}-{ps[-1]}"
    return "paragraphs " + _names([str(p) for p in ps])


def numbers(df: pd.DataFrame, label: str = "label") -> Figure:
    """Horizontal bars of the figures in a table from :func:`helpers.claims.numbers`, one per row.

    ``label`` names the column that says what each row counts (add it yourself, e.g. the region:
    ``plots.numbers(backlog.assign(region=[...]), label="region")``). Each bar runs to ``low``; a
    range continues, lighter and dashed, to ``high``; a figure that the text gives as "more than",
    "over" or "at least" (read from ``context``) is a lower bound, marked with an arrow and "+".
    """
    rows, docs = _number_rows(df, label)
    top = max(max(r["high"] for r in rows), 0)
    fig = _figure(9, 5)
    ax = fig.add_subplot()
    for i, r in enumerate(rows):
        y = len(rows) - 1 - i
        s = style(r["doc"], docs)
        ax.barh(y, r["low"], height=0.6, color=s["color"], hatch=s["hatch"], edgecolor="black", linewidth=0.6)
        end = r["low"]
        if r["high"] != r["low"]:
            ax.barh(y, r["high"] - r["low"], left=r["low"], height=0.6, color=s["color"], alpha=0.35,
                    hatch=s["hatch"], edgecolor="black", linewidth=0.6, linestyle="--")
            end = r["high"]
        text = _figure_text(r["low"]) if r["high"] == r["low"] else f"{_figure_text(r['low'])}\u2013{_figure_text(r['high'])}"
        if r["bound"]:
            ax.plot([end + top * 0.02], [y], linestyle="none", marker=">", markersize=8,
                    markerfacecolor="black", markeredgecolor="black")
            text += "+"
        ax.text(end + top * (0.045 if r["bound"] else 0.01), y, text, va="center", fontsize=MIN_PT)
    ax.set_yticks(range(len(rows)), labels=[r["label"] for r in rows][::-1])
    ax.set_xlim(0, top * 1.18 if top > 0 else 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if top >= 10 else f"{v:g}"))
    ax.set_xlabel("the figure as the text states it")
    ax.set_ylabel(label)
    ax.grid(axis="x", linewidth=0.3)
    handles = [Patch(facecolor=style(d, docs)["color"], hatch=style(d, docs)["hatch"], edgecolor="black", label=d)
               for d in docs]
    if any(r["high"] != r["low"] for r in rows):
        s = style(docs[0], docs)
        handles.append(Patch(facecolor=s["color"], alpha=0.35, hatch=s["hatch"], edgecolor="black", linestyle="--",
                             label="range: from its low to its high end"))
    if any(r["bound"] for r in rows):
        handles.append(Line2D([], [], linestyle="none", marker=">", markersize=8, markerfacecolor="black",
                              markeredgecolor="black", label='lower bound (+): "more than", "over" or "at least"'))
    fig.legend(handles=handles, fontsize=MIN_PT, loc="outside lower center", ncols=min(len(handles), 2))
    return _finish(fig, f"Figures stated in {_number_places(rows, docs)}", numbers_description(df, label))


def _number_rows(df: pd.DataFrame, label: str) -> tuple[list[dict], list[str]]:
    """One dict per figure (label, doc, paragraph, low, high, bound) and the documents in table order."""
    _need(df, ["doc_id", "paragraph", "low", "high", "context", label], "helpers.claims.numbers, with a label column")
    if df.empty:
        raise ValueError("expected some figures to plot, found an empty table")
    missing = df[df["low"].isna() | df["high"].isna()]
    if len(missing):
        raise ValueError(f"expected a value in low and high for every row, found none for {_names([repr(str(t)) for t in missing[label]])} "
                         "(dates and references have no value: keep rows of kind 'number', 'range' or 'word')")
    rows = [{"label": str(r[label]), "doc": str(r["doc_id"]), "paragraph": int(r["paragraph"]),
             "low": float(r["low"]), "high": float(r["high"]),
             "bound": _lower_bound(str(r["text"]), str(r["context"])) if "text" in df.columns else False}
            for _, r in df.iterrows()]
    return rows, list(dict.fromkeys(r["doc"] for r in rows))


def _number_places(rows: list[dict], docs: list[str]) -> str:
    """'c-1938-02-02, paragraphs 1-3' or 'a (paragraph 2) and b (paragraph 5)'."""
    by_doc = {d: [r["paragraph"] for r in rows if r["doc"] == d] for d in docs}
    return (f"{docs[0]}, {_paragraphs(by_doc[docs[0]])}" if len(docs) == 1
            else _names([f"{d} ({_paragraphs(p)})" for d, p in by_doc.items()]))


def numbers_description(df: pd.DataFrame, label: str = "label") -> str:
    """What :func:`numbers` draws: the largest and smallest figures, ties named, and their total."""
    rows, docs = _number_rows(df, label)
    where = _number_places(rows, docs)

    def value(r: dict) -> str:
        v = _figure_text(r["low"]) if r["high"] == r["low"] else f"{_figure_text(r['low'])} to {_figure_text(r['high'])}"
        return f"{r['label']} ({v}, a lower bound)" if r["bound"] else f"{r['label']} ({v})"

    if len(rows) == 1:
        description = f"Bar chart of 1 figure from {where}: {value(rows[0])}."
    else:
        big = max(r["high"] for r in rows)
        small = min(r["low"] for r in rows)
        def extreme(tied: list[dict]) -> str:
            if len(tied) > 1 and len({value(dict(r, label="")) for r in tied}) == 1:
                return f"{_names([r['label'] for r in tied])} ({value(dict(tied[0], label=''))[2:-1]} each)"
            return _names([value(r) for r in tied])

        largest = [r for r in rows if r["high"] == big]
        smallest = [r for r in rows if r["low"] == small]
        low_sum, high_sum = sum(r["low"] for r in rows), sum(r["high"] for r in rows)
        total = _figure_text(low_sum) if low_sum == high_sum else f"{_figure_text(low_sum)} to {_figure_text(high_sum)}"
        bounds = sum(r["bound"] for r in rows)
        description = (f"Bar chart of {len(rows)} figures from {where}: "
                       f"the largest {'is' if len(largest) == 1 else 'are'} {extreme(largest)}, "
                       f"the smallest {'is' if len(smallest) == 1 else 'are'} {extreme(smallest)}; together "
                       + (f"at least {total}, since {_count(bounds, 'figure')} {'is a lower bound' if bounds == 1 else 'are lower bounds'}."
                          if bounds else f"{total}."))
    return description

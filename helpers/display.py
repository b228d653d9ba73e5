"""The house style of what a lesson shows: tables, quotations, citations and notes for reading.

Every lesson shows its tables through :func:`table` and its citations and notes through
:func:`citation` and :func:`note`, so a student reads the same layout everywhere:

- text left-aligned and wrapped at words; ids, dates and other single words never broken;
- numbers for reading: integers as integers with thousands separators (``30,500``), other
  numbers to two decimals (one from 10 up, so rates read ``6.9``), a p-value as ``< 0.001``;
- the index hidden when it is only row numbers, shown as the first column when it names rows;
- a long table (more than 12 rows) in a box that scrolls down, with a line saying how many rows
  it has; ``table(df, max_rows=8)`` shows only the first 8 and says how many more there are;
- prose in the notebook's own font, never monospace.

``import helpers`` in a notebook makes every DataFrame and Series a cell shows look like this
(:func:`house_style`), so ``events`` or ``kwic(...)`` at the end of a cell need no call at all.

Each object shows as HTML in JupyterLab and as plain text elsewhere; both are the same on
every run (no random ids), so nbval compares them. Examples::

    from helpers import display as show
    show.table(kwic(corpus, "rehabilit*"), max_rows=8)
    show.citation(corpus["kwp-1956-09-23"])
    show.note(corpus["kwp-1956-09-23"].meta["edition_notes"], title="What the editor changed")
"""
from __future__ import annotations

import html
import math
import numbers
import re
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["table", "Table", "fields", "citation", "note", "prose", "Prose", "link", "fmt", "house_style", "SCROLL_ROWS"]

#: A table longer than this scrolls down inside a box about this many rows high.
SCROLL_ROWS = 12
#: Cells longer than this (in characters) wrap at words and get room to do so.
LONG_TEXT = 40
_SINGLE_WORD = re.compile(r"^\S{1,40}$")
_P_VALUE = re.compile(r"(^|_)p(_value)?$|^p$", re.I)
_CELL = "padding: 0.3em 0.4em; border: none; border-bottom: 1px solid var(--jp-border-color2, #ddd); "
_HEAD = "padding: 0.3em 0.4em; border: none; border-bottom: 2px solid var(--jp-border-color1, #999); "


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _header(name: str) -> str:
    """A column name that may break after an underscore or a hyphen, only where the table needs it."""
    return re.sub(r"([_-])", r"\1<wbr>", _esc(name))


# ---------------------------------------------------------------- numbers for reading

def fmt(value, decimals: int | None = None, p_value: bool = False) -> str:
    """A value as a student reads it: ``30500.0`` -> ``30,500``; ``0.333333`` -> ``0.33``;
    ``6.9274`` -> ``6.93``; ``123.456`` -> ``123.5``; a p-value below 0.001 -> ``< 0.001``;
    NaN and None -> an empty string; text as it is.

    >>> [fmt(30500.0), fmt(0.333333), fmt(123.456), fmt(7), fmt(1e-9, p_value=True), fmt(2.5, decimals=0)]
    ['30,500', '0.33', '123.5', '7', '< 0.001', '2']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isinf(x):
            return "\u221e" if x > 0 else "\u2212\u221e"
        if p_value:
            return "< 0.001" if x < 0.001 else f"{x:.3f}"
        if decimals is None:
            if x.is_integer():
                return f"{int(x):,}"
            decimals = 1 if abs(x) >= 10 else 2
        return f"{x:,.{decimals}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v) for v in value)
    return str(value)


def _column_decimals(values: pd.Series) -> int | None:
    """One number of decimals for a whole column of floats, so its figures line up: none when
    every value is whole, else 2 if all are below 10, else 1."""
    nums = [float(v) for v in values if isinstance(v, numbers.Real) and not isinstance(v, bool)
            and not (isinstance(v, float) and (math.isnan(v) or math.isinf(v)))]
    if not nums or all(x.is_integer() for x in nums):
        return 0 if nums else None
    return 1 if max(abs(x) for x in nums) >= 10 else 2


# ---------------------------------------------------------------- tables

@dataclass
class Table:
    """A table laid out for reading: HTML in JupyterLab, aligned plain text elsewhere.

    Built by :func:`table`; ``.frame`` is the whole DataFrame (every row), to sort or plot.
    """

    frame: pd.DataFrame
    max_rows: int = 0
    show_index: bool = False
    caption: str | None = None
    decimals: dict = field(default_factory=dict)
    align: dict = field(default_factory=dict)

    # --- the cells as text
    def _shown(self) -> pd.DataFrame:
        df = self.frame
        if self.show_index:
            df = df.reset_index()
        return df.head(self.max_rows) if self.max_rows and len(df) > self.max_rows else df

    def _cells(self) -> tuple[list[str], list[list[str]], list[str]]:
        df = self._shown()
        full = self.frame.reset_index() if self.show_index else self.frame
        columns = [str(c) for c in df.columns]
        kinds = []
        rows: list[list[str]] = [[] for _ in range(len(df))]
        for name, col in zip(columns, df.columns):
            values = list(df[col])
            numeric = pd.api.types.is_numeric_dtype(full[col]) and not pd.api.types.is_bool_dtype(full[col])
            p = bool(_P_VALUE.search(name))
            if name in self.decimals:
                d = self.decimals[name]
            elif numeric and pd.api.types.is_float_dtype(full[col]) and not p:
                d = _column_decimals(full[col])
            else:
                d = None
            for r, v in enumerate(values):
                rows[r].append(fmt(v, decimals=d, p_value=p) if numeric or d is not None else fmt(v))
            kinds.append("number" if numeric else "text")
        return columns, rows, kinds

    def rest(self) -> int:
        """How many rows are not shown."""
        n = len(self.frame)
        return n - self.max_rows if self.max_rows and n > self.max_rows else 0

    def _rest_line(self) -> str:
        n = self.rest()
        return (f"\u2026 and {n:,} more row{'s' if n != 1 else ''} ({len(self.frame):,} in all)" if n else "")

    # --- how it shows
    def __repr__(self) -> str:
        columns, rows, kinds = self._cells()
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]

        def line(cells):
            out = []
            for cell, width, kind in zip(cells, widths, kinds):
                out.append(cell.rjust(width) if kind == "number" else cell.ljust(width))
            return "  ".join(out).rstrip()

        lines = [self.caption] if self.caption else []
        lines += [line(columns)] + [line(r) for r in rows]
        if not rows:
            lines.append("(no rows)")
        if self.rest():
            lines.append(self._rest_line())
        return "\n".join(lines)

    def _align(self, name: str, kind: str) -> str:
        if name in self.align:
            return self.align[name]
        if name == "left" and {"match", "right"} <= {str(c) for c in self.frame.columns}:
            return "right"  # a concordance: the left context ends at the match, so the matches line up
        return "right" if kind == "number" else "left"

    def _repr_html_(self) -> str:
        columns, rows, kinds = self._cells()
        long_cols = {i for i in range(len(columns)) if any(len(r[i]) > LONG_TEXT for r in rows)}

        def style(i: int, cell: str, head: bool = False) -> str:
            s = (_HEAD if head else _CELL) + f"text-align: {self._align(columns[i], kinds[i])}; vertical-align: top; "
            if head:  # headers break only at spaces and after underscores (<wbr>)
                s += "white-space: normal; overflow-wrap: normal; "
            elif i in long_cols:
                s += "white-space: normal; overflow-wrap: anywhere; min-width: 8em; "
            elif kinds[i] == "number" or _SINGLE_WORD.match(cell):
                s += "white-space: nowrap; "
            if kinds[i] == "number":
                s += "font-variant-numeric: tabular-nums; "
            return s.strip()

        head = "".join(f'<th scope="col" style="{style(i, c, True)}">{_header(c)}</th>'
                       for i, c in enumerate(columns))
        body = "".join("<tr>" + "".join(f'<td style="{style(i, c)}">{_esc(c)}</td>' for i, c in enumerate(r)) + "</tr>"
                       for r in rows)
        if not rows:
            body = f'<tr><td colspan="{max(len(columns), 1)}" style="{_CELL}text-align: left">(no rows)</td></tr>'
        caption = (f'<caption style="text-align: left; caption-side: top; font-weight: bold; padding: 0 0 0.3em 0">'
                   f"{_esc(self.caption)}</caption>" if self.caption else "")
        rest = (f'<p class="rr-table-rest" style="margin: 0.3em 0 0 0; font-style: italic">{_esc(self._rest_line())}</p>'
                if self.rest() else "")
        table = ('<table style="margin: 0; table-layout: auto; border-collapse: collapse; font-size: inherit; '
                 f'width: auto; max-width: 100%">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        if len(rows) > SCROLL_ROWS:  # a box that scrolls down, reachable from the keyboard
            count = f"{len(rows):,} rows: scroll the table to see them all"
            return (f'<div class="rr-table"><p class="rr-table-rest" style="margin: 0 0 0.3em 0; font-style: italic">'
                    f'{count}</p><div role="region" tabindex="0" aria-label="{_esc(self.caption or "table")}, {count}" '
                    f'style="max-height: {SCROLL_ROWS * 2.3:.0f}em; overflow-y: auto; max-width: 100%; '
                    f'border-bottom: 1px solid var(--jp-border-color1, #999)">{table}</div></div>')
        return f'<div class="rr-table" style="max-width: 100%">{table}{rest}</div>'


def table(data, max_rows: int | None = None, index: bool | None = None, caption: str | None = None,
          decimals: dict | None = None, align: dict | None = None, columns: list | None = None) -> Table:
    """Show a DataFrame (or Series) for reading (see the module's docstring).

    ``max_rows``: rows shown before "… and N more rows" (None: all, in a box that scrolls down
    when there are more than SCROLL_ROWS). ``index``: show the index
    as the first column; by default only when it names something (not 0, 1, 2 ...).
    ``decimals``: column -> number of decimals, where the default does not suit. ``align``:
    column -> "left", "right" or "center". ``columns``: the columns to show, in this order.

    >>> table(pd.DataFrame({"doc_id": ["a-1938"], "count": [30500.0]}))
    doc_id   count
    a-1938  30,500
    """
    if isinstance(data, pd.Series):
        name = data.name if data.name is not None else "value"
        frame = data.to_frame(name=str(name))
        if index is None:
            index = True
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        frame = pd.DataFrame(data)
    if columns is not None:
        frame = frame[list(columns)]
    if index is None:  # row numbers (a filtered or concatenated table's too) mean nothing to a reader
        index = any(n is not None for n in frame.index.names) or not pd.api.types.is_integer_dtype(frame.index)
    if index:
        frame = frame.copy()
        if frame.index.name is None and not isinstance(frame.index, pd.MultiIndex):
            frame.index.name = "" if frame.index.name is None else frame.index.name
    return Table(frame=frame, max_rows=max_rows or 0, show_index=bool(index), caption=caption,
                 decimals=dict(decimals or {}), align=dict(align or {}))


# ---------------------------------------------------------------- prose: citations and notes

@dataclass(frozen=True)
class Prose:
    """Text shown as prose in the notebook's font (not monospace), wrapped at words."""

    text: str
    title: str | None = None
    kind: str = "note"
    href: str | None = None

    def __repr__(self) -> str:
        if not self.title:
            return self.text
        head = self.title if self.title.endswith(":") else self.title + ":"
        return head + ("\n" if self.text.lstrip().startswith("- ") else " ") + self.text

    def _paragraphs(self) -> str:
        blocks = [b for b in re.split(r"\n\s*\n", self.text.strip()) if b.strip()]
        out = []
        for b in blocks:
            lines = b.split("\n")
            if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
                out.append('<ul style="margin: 0.2em 0">' + "".join(
                    f"<li>{_esc(line.lstrip()[2:])}</li>" for line in lines) + "</ul>")
            else:
                out.append(f'<p style="margin: 0.2em 0">{_esc(" ".join(x.strip() for x in lines))}</p>')
        return "".join(out)

    def _repr_html_(self) -> str:
        title = f"<strong>{_esc(self.title)}</strong> " if self.title else ""
        if self.href:
            body = f'<p style="margin: 0.2em 0">{title}<a href="{_esc(self.href)}">{_esc(self.text)}</a></p>'
            title = ""
        else:
            body = self._paragraphs()
            if title:  # the title starts the first paragraph
                body = body.replace('<p style="margin: 0.2em 0">', f'<p style="margin: 0.2em 0">{title}', 1) \
                    if body.startswith("<p") else f'<p style="margin: 0.2em 0">{title}</p>' + body
        border = "4px solid var(--jp-border-color1, #999)" if self.kind == "note" else "none"
        return (f'<div class="rr-{self.kind}" style="font-family: var(--jp-content-font-family, inherit); '
                f'font-size: inherit; white-space: normal; overflow-wrap: break-word; max-width: 48em; '
                f'border-left: {border}; padding-left: {"0.8em" if self.kind == "note" else "0"}">{body}</div>')


def fields(mapping: dict, name: str = "value") -> Table:
    """A dict (e.g. a document's ``meta["archive"]``) as a two-column table, field and value;
    lists are joined with commas.

    >>> fields({"name": "GARF", "fond": "5446"})
    field  value
    name   GARF
    fond   5446
    """
    rows = [(str(k), ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else str(v)))
            for k, v in mapping.items()]
    return table(pd.DataFrame(rows, columns=["field", name]))


def prose(text: str, title: str | None = None) -> Prose:
    """Any text as prose (a paragraph per blank-line-separated block; '- ' lines as a list)."""
    return Prose(str(text), title, kind="prose")


def note(text: str, title: str | None = None) -> Prose:
    """A note set off from the lesson's prose by a rule on its left, e.g. a document's edition notes."""
    return Prose(str(text), title, kind="note")


def citation(source, label: bool = False) -> Prose:
    """A document's full citation (a Document, or any object with ``cite()``, or a string) as prose;
    ``label=True`` starts it with the document's id in bold."""
    text = source.cite() if hasattr(source, "cite") else str(source)
    return Prose(text, f"{source.id}:" if label and hasattr(source, "id") else None, kind="citation")


def link(path, text: str | None = None) -> Prose:
    """A link to a file, e.g. the exported dossier: ``link(export_dossier(), "Open your dossier")``.
    An absolute path is made relative to the notebook's folder (JupyterLab opens relative links)."""
    import os
    target = os.fspath(path)
    if os.path.isabs(target):
        target = os.path.relpath(target)
    return Prose(text or target, None, kind="link", href=target.replace(os.sep, "/"))


# ---------------------------------------------------------------- every table a lesson shows

def _html_formatter(obj):
    try:
        return table(obj)._repr_html_()
    except Exception:  # never break a student's cell: fall back to pandas' own display
        return None


def _plain_formatter(obj, p, cycle):
    try:
        p.text(repr(table(obj)))
    except Exception:
        p.text(obj.to_string() if hasattr(obj, "to_string") else repr(obj))


def house_style(shell=None) -> bool:
    """Show every DataFrame and Series in this IPython session through :func:`table`.

    Called by ``import helpers`` when a notebook's kernel imports it; does nothing outside IPython.
    Returns whether it was installed.
    """
    if shell is None:
        import sys
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    formatters = shell.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/html"].for_type(kind, _html_formatter)
        formatters["text/plain"].for_type(kind, _plain_formatter)
    return True

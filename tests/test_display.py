"""The house style of what a lesson shows (helpers.display): numbers for reading, text left and
wrapped, ids unbroken, long tables scroll or are cut with a count, prose never monospace, and the
same text/plain and text/html on every run (nbval compares both)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from helpers import display as show

ROOT = Path(__file__).resolve().parent.parent


def test_numbers_read_as_a_student_reads_them():
    assert [show.fmt(v) for v in (30500.0, 0.333333, 123.456, 7, 5250, None, float("nan"))] == \
        ["30,500", "0.33", "123.5", "7", "5,250", "", ""]
    assert show.fmt(1e-9, p_value=True) == "< 0.001" and show.fmt(0.0456, p_value=True) == "0.046"


def test_a_float_column_gets_one_number_of_decimals():
    t = show.table(pd.DataFrame({"term": ["a", "b"], "per_1000": [14.0, 0.456], "count": [3.0, 30500.0]}))
    assert repr(t).splitlines() == ["term  per_1000   count", "a         14.0       3", "b          0.5  30,500"]


def test_text_is_left_aligned_numbers_right_ids_unbroken_long_text_wrapped():
    long = "a sentence long enough to need wrapping at words rather than running off the edge"
    page = show.table(pd.DataFrame({"doc_id": ["kwp-1956-09-23"], "count": [3], "context": [long]}))._repr_html_()
    cells = re.findall(r'<td style="([^"]*)">([^<]*)</td>', page)
    assert "text-align: left" in cells[0][0] and "white-space: nowrap" in cells[0][0]
    assert "text-align: right" in cells[1][0]
    assert "white-space: normal" in cells[2][0] and "text-align: left" in cells[2][0]


def test_index_hidden_when_it_is_row_numbers_shown_when_it_names_rows():
    assert repr(show.table(pd.DataFrame({"x": [1, 2]}))).splitlines()[0] == "x"
    named = pd.DataFrame({"x": [1]}, index=pd.Index(["kwp-1956-09-23"], name="doc_id"))
    assert repr(show.table(named)).splitlines()[0].split() == ["doc_id", "x"]
    counts = pd.Series(["a", "b", "a"]).value_counts()
    assert "dtype" not in repr(show.table(counts)) and "Name:" not in repr(show.table(counts))


def test_a_long_table_scrolls_or_is_cut_with_a_count():
    df = pd.DataFrame({"n": range(30)})
    page = show.table(df)._repr_html_()
    assert "30 rows: scroll the table" in page and 'tabindex="0"' in page and "overflow-y: auto" in page
    cut = show.table(df, max_rows=5)
    assert repr(cut).splitlines()[-1] == "\u2026 and 25 more rows (30 in all)" and len(repr(cut).splitlines()) == 7


def test_tables_and_prose_are_the_same_on_every_run_and_escape_their_text(corpus):
    df = pd.DataFrame({"doc_id": ["<b>x</b>"], "n": [1]})
    assert show.table(df)._repr_html_() == show.table(df.copy())._repr_html_()
    assert "<b>x</b>" not in show.table(df)._repr_html_()
    cite = show.citation(corpus["kwp-1956-09-23"])
    assert repr(cite) == corpus["kwp-1956-09-23"].cite()
    assert "monospace" not in cite._repr_html_() and "<pre" not in cite._repr_html_()
    assert "id=" not in cite._repr_html_()
    assert 'href="../my_work/dossier.html"' in show.link("../my_work/dossier.html")._repr_html_()


def test_import_helpers_shows_every_dataframe_in_the_house_style():
    code = """
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
import pandas as pd
import helpers
data, _ = shell.display_formatter.format(pd.DataFrame({"doc_id": ["kwp-1956-09-23"], "n": [30500.0]}))
print(data["text/plain"]); print('class="rr-table"' in data["text/html"])
"""
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["doc_id               n", "kwp-1956-09-23  30,500", "True"]


def test_a_concordance_lines_its_matches_up():
    page = show.table(pd.DataFrame({"doc_id": ["a"], "left": ["the words before"], "match": ["mistakes"],
                                    "right": ["the words after"]}))._repr_html_()
    cells = re.findall(r'<td style="([^"]*)">', page)
    assert "text-align: right" in cells[1] and "text-align: left" in cells[2] and "text-align: left" in cells[3]

"""One reader for every file an instructor edits (helpers/reader.py): every problem of a file is
reported together, each with its file, line and field, and `make check` lists them all."""
import subprocess
import sys
from pathlib import Path

import pytest

from bankmaker import SAMPLE, choice_toml
from helpers.corpus import CorpusError, load_corpus, load_events, parse_toml
from helpers.reader import line_of
from helpers.text import load_lexicon

ROOT = Path(__file__).resolve().parent.parent


def test_make_check_lists_the_problems_of_three_broken_files(course_copy, edit):
    date_line = edit(course_copy / "corpus/kwp-1956-09-23/document.toml", 'date = "1956-09-23"', 'date = "23 Sept 1956"')
    event_line = edit(course_copy / "corpus/events.csv", "1936,Exchange", "1936-13,Exchange")
    (bank,) = (course_copy / "lessons").glob("03_*.toml")
    kind_line = edit(bank, 'kind = "choice"', 'kind = "sort"')
    env = {"PATH": "/usr/bin:/bin", "HOME": str(course_copy), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "helpers.validate", str(course_copy)], env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f'ERROR corpus/kwp-1956-09-23/document.toml, line {date_line}, field "date": '
        "expected YYYY-MM-DD or YYYY-MM, found '23 Sept 1956'",
        f'ERROR corpus/events.csv, line {event_line}, field "date": expected YYYY, YYYY-MM or YYYY-MM-DD, found \'1936-13\'',
        f'ERROR lessons/{bank.name}, line {kind_line}, exercise "03.1", field "kind": expected one of '
        + errors[2].split("expected one of ")[1],
    ]
    assert "found 'sort'" in errors[2] and "3 problem(s) found" in done.stderr
    assert "ok   corpus/lexicon.csv" in done.stdout  # what is valid is still said


def test_a_bank_with_two_broken_exercises_lists_both(bank_error):
    e = bank_error(SAMPLE.replace("answer = 1", "answer = 5").replace('kind = "choice"\ndoc', 'kind = "sort"\ndoc')
                   + "\n" + choice_toml("05.3"))
    first, second = e.problems
    assert (first.line, first.exercise, first.field) == (8, "05.1", "answer")
    assert (second.line, second.exercise, second.field) == (13, "05.2", "kind")
    assert str(e).splitlines() == [str(first).splitlines()[0], str(second)]


def test_every_broken_event_row_is_listed(course_copy, edit):
    first = edit(course_copy / "corpus/events.csv", "1936,Exchange", "1936-13,Exchange")
    second = edit(course_copy / "corpus/events.csv", ",getty-naumov-1999\n1936", ",nobody-2000\n1936")
    with pytest.raises(CorpusError) as info:
        load_events(course_copy / "corpus")
    assert [(p.line, p.field) for p in info.value.problems] == [(second, "source"), (first, "date")]


def test_every_broken_lexicon_row_is_listed(tmp_path):
    lexicon = tmp_path / "corpus" / "lexicon.csv"
    lexicon.parent.mkdir()
    lexicon.write_text("category,term,note\nblame,enem*,\n,orphan,\nblame,,\n", "utf-8")
    with pytest.raises(CorpusError) as info:
        load_lexicon(lexicon)
    assert [(p.line, p.field) for p in info.value.problems] == [(3, "category"), (4, "term")]


def test_every_broken_document_is_listed(course_copy, edit):
    edit(course_copy / "corpus/kwp-1956-09-23/document.toml", 'kind = "primary"', 'kind = "first-hand"')
    edit(course_copy / "corpus/hrw-2016-05/document.toml", 'kind = "secondary"', 'kind = "second-hand"')
    with pytest.raises(CorpusError) as info:
        load_corpus(course_copy / "corpus")
    assert [(p.file, p.field) for p in info.value.problems] == [
        ("corpus/hrw-2016-05/document.toml", "kind"), ("corpus/kwp-1956-09-23/document.toml", "kind")]


def test_a_toml_syntax_error_names_tomllibs_line():
    with pytest.raises(CorpusError) as info:
        parse_toml('title = "x"\n\nid "03.1"\n', "lessons/03_x.toml")
    assert info.value.line == 3 and "(at line" not in str(info.value)
    assert str(info.value).startswith("lessons/03_x.toml, line 3: expected valid TOML, found a syntax error: Expected '='")


SOURCE = '''title = "t"

[translation]
language = "en"

[[provenance]]
actor = "A"
date = "1938"

[[provenance]]
actor = "B"

[[exercise]]
id = "03.1"

[[exercise.rubric]]
levels = []

[exercise.model]
who = "x"
'''


@pytest.mark.parametrize("key, table, index, sub, line", [
    ("title", None, 0, None, 1),          # top level
    ("language", None, 0, None, None),    # not a top-level key
    ("language", "translation", 0, None, 4),
    ("date", "provenance", 0, None, 8),
    ("date", "provenance", 1, None, 10),  # absent: the table's header
    (None, "provenance", 1, None, 10),
    ("actor", "provenance", 2, None, None),  # no third step
    ("who", "exercise", 0, None, 13),     # a [exercise.model] key is not the exercise's own
    ("who", "exercise", 0, "model", 20),
    ("levels", "exercise", 0, None, 17),  # [[exercise.rubric]] keys belong to the exercise
])
def test_line_of_finds_a_field_of_a_parsed_table(key, table, index, sub, line):
    assert line_of(SOURCE, key, table, index, sub) == line


def test_every_problem_of_one_document_toml_is_listed(course_copy, edit):
    toml = course_copy / "corpus/kwp-1956-09-23/document.toml"
    date_line = edit(toml, 'date = "1956-09-23"', 'date = "23 Sept 1956"')
    kind_line = edit(toml, 'kind = "primary"', 'kind = "first-hand"')
    with pytest.raises(CorpusError) as info:
        load_corpus(course_copy / "corpus")
    assert [(p.line, p.field) for p in info.value.problems] == [(date_line, "date"), (kind_line, "kind")]


TRICKY = '''title = "Test \'\'\'"  # a comment with """ in it
note = \'a """ in a literal string\'

[[exercise]]
id = "05.1"
kind = "choice"
prompt = """Which?
answer = 0 is a line of the prompt, not the key
"""
options = ["a", "b"]
explanation = \'\'\'
date = "1956"
kind = "sort" \'\'\'
answer = 5
feedback = ["x", "y"]
'''


@pytest.mark.parametrize("key, line", [("answer", 14), ("kind", 6), ("date", 4), ("feedback", 15)])
def test_line_of_skips_the_inside_of_multi_line_strings(key, line):
    # a triple quote inside a one-line string or a comment opens nothing; "date" is absent: the header
    assert line_of(TRICKY, key, "exercise", 0) == line


def test_a_bank_field_after_a_multi_line_string_is_found(bank_error):
    text = SAMPLE.replace('prompt = "Which?"', 'prompt = """Which?\nanswer = 0 is not the key\n"""', 1)
    e = bank_error(text.replace("answer = 1", "answer = 5"))
    assert (e.line, e.field) == (text.split("\n").index("answer = 1") + 1, "answer")


def test_a_document_field_after_a_multi_line_string_is_found(course_copy, edit):
    toml = course_copy / "corpus/kwp-1956-09-23/document.toml"
    edit(toml, 'date = "1956-09-23"\n', "")
    edit(toml, 'edition_notes = """\n', 'edition_notes = """\ndate = "1956-09-23" is the decree\'s date.\n')
    date_line = edit(toml, '"""\n\n[translation]', '"""\ndate = "23 Sept 1956"\n\n[translation]') + 1
    with pytest.raises(CorpusError) as info:
        load_corpus(course_copy / "corpus")
    assert [(p.line, p.field) for p in info.value.problems] == [(date_line, "date")]


def test_a_lexicon_term_with_a_dotted_capital_i_counts_as_tokens_reads_it(tmp_path):
    from helpers.text import Corpus, lexicon_profile

    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text("category,term,note\nplace,\u0130stanbul,\nplace,\u0130zmir*,\n", "utf-8")
    tiny = Corpus.from_texts({"a": "From \u0130stanbul to \u0130zmir and \u0130zmir's port."})
    profile = lexicon_profile(tiny, load_lexicon(lexicon))
    assert profile["hits"].tolist() == [3]


def test_the_rows_after_a_field_over_128_kb_are_still_checked(tmp_path):
    lexicon = tmp_path / "corpus" / "lexicon.csv"
    lexicon.parent.mkdir()
    long = "x" * 140_000
    lexicon.write_text(f'category,term,note\nblame,enem*,"{long}\n{long}"\n,orphan,\nblame,,\n', "utf-8")
    with pytest.raises(CorpusError) as info:
        load_lexicon(lexicon)
    assert [(p.line, p.field) for p in info.value.problems] == [(2, "note"), (4, "category"), (5, "term")]

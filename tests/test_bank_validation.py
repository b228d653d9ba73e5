"""A broken exercise bank raises BankError naming the file, the line, the exercise id and the field.

Most cases break one line of bankmaker.SAMPLE, lesson 05's small bank, whose lines are:
 1 title = "Test"           11 [[exercise]]
 3 [[exercise]]             12 id = "05.2"
 4 id = "05.1"              13 kind = "choice"
 5 kind = "choice"          14 doc = "kwp-1956-09-23"
 6 prompt = "Which?"        15 prompt = "Which again?"
 7 options = ["a", "b", "c"] 16 options = ["a", "b"]
 8 answer = 1               17 answer = 0
 9 feedback = [...]         18 feedback = ["yes a", "no b"]
To test another mistake, add a row: the text to replace, its replacement, and the line, exercise,
field and message expected (``...`` in a message stands for any text).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bankmaker import SAMPLE, exercise_toml, fits
from helpers.banks import BankError, check_folder, load_bank
from helpers.corpus import CorpusError

COURSE_ROOT = Path(__file__).resolve().parent.parent
DEEP = "[" * 100_000 + "]" * 100_000  # nesting that would make tomllib raise RecursionError
KINDS = "choice, multi, classify, select, number, order, reflect, sourcing, essay"

BROKEN_LINES = [  # (old, new, line, exercise, field, message)
    ('kind = "choice"', 'kind = "sort"', 5, "05.1", "kind", f"expected one of {KINDS}, found 'sort'"),
    ('prompt = "Which again?"\n', "", 11, "05.2", "prompt", "required field is missing; expected a string"),
    ('id = "05.2"\n', "", 11, "#2", "id", "required field is missing..."),
    ("answer = 1", "answer = 3", 8, "05.1", "answer", "expected an option index from 0 to 2, found 3"),
    ("answer = 1", 'answer = "b"', 8, "05.1", "answer", "expected a whole number, found 'b'"),
    ('id = "05.2"', 'id = "05.1"', 12, "05.1", "id", 'expected a unique id, found "05.1" again'),
    ('id = "05.2"', 'id = "06.2"', 12, "06.2", "id",
     "expected an id starting with this file's lesson number \"05.\", found '06.2'"),
    ('id = "05.1"', 'id = "5.1"', 4, "5.1", "id", 'expected an id "05.k"...'),
    ('id = "05.1"', 'id = "05.1\\n"', 4, "#1", "id", 'expected an id "05.k"...'),  # a trailing newline
    ('["yes a", "no b"]', '["yes a"]', 18, "05.2", "feedback", "expected 2 entries (one per option), found 1"),
    ('doc = "kwp-1956-09-23"', 'doc = "kwp-1956-09-32"', 14, "05.2", "doc",
     "expected a document id in the corpus (...vkpb-1938-01-19...), found 'kwp-1956-09-32'"),
    ('prompt = "Which?"', 'prompt = "Which?"\ndocs = ["kwp-1956-09-23", "kwp-1956"]', 7, "05.1", "docs",
     "...found 'kwp-1956'"),
    ('prompt = "Which?"', 'prompt = "Which?"\nanwser = 2', 7, "05.1", "anwser",
     "unknown field; expected one of: id, kind, prompt, hints, doc, docs, explanation, options..."),
    ('prompt = "Which?"', 'prompt = "Which?"\nunit = "km"', 7, "05.1", "unit",
     "...belongs to another kind, not 'choice'..."),
    ('"a", "b", "c"', '"the cable", "the  cable ", "c"', 7, "05.1", "options",
     "expected different entries (white space ignored), found a repeated one: 'the cable'"),
    ('"Which?"', '"\\u200b\\u200b"', 6, "05.1", "prompt", "expected the question to ask, found an empty or invisible string"),
    ('"Which?"', '"\\u00a0 \\t"', 6, "05.1", "prompt", "...found an empty or invisible string"),
    ('"Which?"', '"\\u2060\\ufeff"', 6, "05.1", "prompt", "...found an empty or invisible string"),
    ('"Which?"', '"\\u200b\\u00a0 "', 6, "05.1", "prompt", "...found an empty or invisible string"),
    ('"yes a", "no b"]', f'"yes a", "no b"]\nhints = {DEEP}', 19, None, "hints", "...nested a few levels deep..."),
    ('title = "Test"', f"title = {DEEP}", 1, None, "title", "...nested a few levels deep..."),
    ('title = "Test"', 'titel = "x"\ntitle = "Test"', 1, None, "titel", "unknown top-level field..."),
    ("answer = 1", "answer = ", 8, None, None, "expected valid TOML, found a syntax error..."),
]


@pytest.mark.parametrize("old, new, line, exercise, field, message", BROKEN_LINES,
                         ids=[f"{row[4]}-{n}" for n, row in enumerate(BROKEN_LINES)])
def test_a_broken_line_names_its_line_exercise_and_field(bank_error, old, new, line, exercise, field, message):
    assert old in SAMPLE
    e = bank_error(SAMPLE.replace(old, new, 1))
    assert (e.file, e.line, e.exercise, e.field) == ("lessons/05_test.toml", line, exercise, field), str(e)
    assert fits(e.detail, message), e.detail


NUMBER = '''[[exercise]]
id = "05.1"
kind = "number"
prompt = "How many?"
answer = 8500
tolerance = 0
common_mistakes = [
  { value = 8800, feedback = "Add the low ends." },
]
'''


@pytest.mark.parametrize("old, new, line, field, message", [
    ("answer = 8500", "answer = nan", 5, "answer",
     "expected a finite number no larger than 1e12 (a figure of the course), found nan"),
    ("answer = 8500", "answer = inf", 5, "answer", "...found inf"),
    ("answer = 8500", "answer = 1e13", 5, "answer", "...found 1e+13"),
    ("tolerance = 0", "tolerance = -1", 6, "tolerance", "expected a tolerance of 0 or more, found -1"),
    ("tolerance = 0", "tolerance = inf", 6, "tolerance", "...found inf"),
    # a mistake inside a multi-line inline array is found at the line where the array begins
    ("value = 8800", "value = -inf", 7, "common_mistakes[0].value", "...found -inf"),
    ('feedback = "Add', 'tolerance = -2, feedback = "Add', 7, "common_mistakes[0].tolerance",
     "expected a tolerance of 0 or more, found -2"),
])
def test_numbers_must_be_finite_and_sensible(bank_error, old, new, line, field, message):
    e = bank_error(NUMBER.replace(old, new, 1))
    assert (e.line, e.exercise, e.field) == (line, "05.1", field) and fits(e.detail, message), str(e)


KWP = "kwp-1956-09-23"
MODEL = {"author": "a", "date": "b", "audience": "c", "purpose": "d", "reliability": "e"}
ESSAY = dict(prompt="Write.", questions=["A?", "B?", "C?"], model_question=0, model_answer="Model.")
RUBRIC = [{"criterion": "Claim", "levels": ["1", "2", "3", "4"]}]


@pytest.mark.parametrize("text, line, field, message", [
    (exercise_toml("05.1", "select", doc=KWP, prompt="Which?", paragraphs=[5], answer=[0, 4]), 7, "answer",
     "expected sentence indices from 0 to 0, found 4"),
    (exercise_toml("05.1", "select", doc=KWP, prompt="Which?", paragraphs=[500], answer=[0]), 6, "paragraphs",
     f"expected paragraph numbers from 1 to 13 (the paragraphs of {KWP}), found 500"),
    (exercise_toml("05.1", "sourcing", doc=KWP, prompt="Card", model=MODEL), 7, "model.why",
     "expected some text, found nothing"),
    (exercise_toml("05.1", "sourcing", doc=KWP, prompt="Card", model={**MODEL, "why": "f"}) + 'hints = ["h"]\n',
     14, "model.hints", "unknown field...put that table last..."),
    (exercise_toml("05.1", "number", prompt="How many?", answer=5) + "common_mistakes = [{ value = 6 }]\n", 6,
     "common_mistakes[0].feedback", "required field is missing; expected a string"),
    (exercise_toml("05.1", "order", prompt="Order", items=["a", "b", "c"], answer=[0, 0, 2]), 6, "answer",
     "expected every item index from 0 to 2 once, in the right order, found [0, 0, 2]"),
    (exercise_toml("05.1", "classify", prompt="Sort", items=["a", "b"], categories=["x", "y"], answer=["x", "z"]),
     7, "answer", "expected a category from categories (x, y), found 'z'"),
    (exercise_toml("05.1", "essay", **{**ESSAY, "model_question": 3}, rubric=RUBRIC), 6, "model_question",
     "expected a question number from 0 to 2, found 3"),
    (exercise_toml("05.1", "essay", **ESSAY, rubric=[{"criterion": "Claim", "levels": ["1", "2", "3"]}]), 11,
     "rubric[0].levels", "expected exactly 4 level descriptors..."),
    (exercise_toml("05.1", "essay", **{**ESSAY, "questions": ["A?", "C?"]}, rubric=RUBRIC), 5, "questions",
     "expected at least 3 entries, found 2"),
], ids=["select-answer", "select-paragraphs", "sourcing-model", "sourcing-after-model", "number-mistake", "order",
        "classify", "essay-model-question", "essay-levels", "essay-questions"])
def test_each_kinds_own_fields_are_checked(bank_error, text, line, field, message):
    e = bank_error(text)
    assert (e.line, e.exercise, e.field) == (line, "05.1", field) and fits(e.detail, message), str(e)


@pytest.mark.parametrize("text, line, message", [
    ("exercise = [1, 2]\n", 1, "expected [[exercise]] tables, found 1"),
    ('title = "T"\nexercise = "oops"\n', 2, "expected at least one [[exercise]] table, found 'oops'"),
    ('title = "T"\nexercise = []\n', 2, "expected at least one [[exercise]] table, found an empty list"),
    ('title = "T"\n\n[exercise]\nid = "05.1"\n', 3,
     "expected at least one [[exercise]] table, found one [exercise] table (write [[exercise]], with two brackets)"),
    ('title = "T"\n', None, "expected at least one [[exercise]] table, found none"),
])
def test_exercise_must_be_tables(bank_error, text, line, message):
    e = bank_error(text)
    assert (e.line, e.field) == (line, "exercise") and fits(e.detail, message), str(e)


def test_the_message_names_file_line_exercise_and_field(bank_error):
    e = bank_error(SAMPLE.replace('kind = "choice"', 'kind = "sort"', 1))
    assert str(e) == f'lessons/05_test.toml, line 5, exercise "05.1", field "kind": expected one of {KINDS}, found \'sort\''


def test_the_sample_bank_loads(write_bank):
    bank = load_bank(write_bank(SAMPLE))
    assert list(bank.exercises) == ["05.1", "05.2"] and bank.title == "Test" and bank.lesson == "05"


def test_a_broken_bank_is_caught_as_a_corpus_error(write_bank):
    """Code that catches CorpusError for the corpus catches a broken bank too, with its line and field."""
    path = write_bank(SAMPLE.replace("answer = 1", "answer = 3"))
    with pytest.raises(CorpusError, match='^lessons/05_test.toml, line 8, exercise "05.1", field "answer": '):
        load_bank(path)


def test_coursemap_which_catches_value_error_reports_a_broken_bank(course_copy, edit, capsys):
    """python -m helpers.coursemap catches ValueError: a broken bank is one error line, not a traceback."""
    from helpers import coursemap

    shutil.copy(COURSE_ROOT / "README.md", course_copy / "README.md")
    (bank,) = (course_copy / "lessons").glob("03_*.toml")
    line = edit(bank, 'kind = "choice"', 'kind = "sort"')
    assert coursemap.main([str(course_copy)]) == 1
    assert capsys.readouterr().err.startswith(f'ERROR lessons/{bank.name}, line {line}, exercise "03.1", field "kind": ')


def test_file_name_must_start_with_the_lesson_number(bank_error):
    e = bank_error(SAMPLE, name="five_test.toml")
    assert str(e).startswith("lessons/five_test.toml: expected a file name like 03_close_reading.toml")


def test_an_edit_is_picked_up_on_the_next_load(write_bank):
    assert list(load_bank(write_bank(SAMPLE)).exercises) == ["05.1", "05.2"]
    with pytest.raises(BankError):
        load_bank(write_bank(SAMPLE.replace("answer = 1", "answer = 9") + "\n# a longer file\n"))


def test_bytes_that_are_not_utf8_are_a_bank_error_with_their_line(lessons):
    path = lessons / "05_test.toml"
    path.write_bytes(SAMPLE.encode("utf-8").replace(b'prompt = "Which?"', b'prompt = "Wh\xe9ch?"', 1))
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.line == 6 and "expected UTF-8 text, found byte 0xe9" in str(info.value)


def test_a_bank_with_a_bom_and_crlf_loads_like_the_plain_file(lessons, write_bank):
    plain = load_bank(write_bank(SAMPLE))
    path = lessons / "05_windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode("utf-8"))
    assert list(load_bank(path).exercises) == list(plain.exercises) == ["05.1", "05.2"]


def test_two_banks_for_one_lesson(lessons, write_bank):
    write_bank(SAMPLE)
    write_bank(SAMPLE, name="05_copy.toml")
    with pytest.raises(BankError) as info:
        check_folder(lessons)
    assert str(info.value) == ('lessons/05_test.toml, line 1, field "file name": expected one bank for lesson 05, '
                               "found 2: 05_copy.toml, 05_test.toml")


def test_make_check_rejects_two_banks_for_one_lesson(course_copy):
    import shutil

    from helpers import validate

    (bank,) = (course_copy / "lessons").glob("03_*.toml")
    shutil.copy(bank, course_copy / "lessons" / "03_second_copy.toml")
    with pytest.raises(CorpusError, match="expected one bank for lesson 03, found 2"):
        validate.run(course_copy)


def test_an_unknown_citation_in_a_bank_names_the_line_of_its_string(course_copy, edit):
    from helpers.sources import citation_errors

    bank = course_copy / "lessons/03_close_reading_1938.toml"
    edit(bank, "\n[[exercise]]", "\n# see [Nobody 1999] and [Nobody 1999] # again\n[[exercise]]")
    first = edit(bank, 'prompt = "Practice:', 'prompt = "[Nobody 1999] Practice:')
    second = edit(bank, 'prompt = "Sort each', 'prompt = "[Nobody 1999] Sort each')
    problems = [e for e in citation_errors(course_copy) if "[Nobody 1999]" in e.detail]
    assert [(e.file, e.line) for e in problems] == [(f"lessons/{bank.name}", first), (f"lessons/{bank.name}", second)]

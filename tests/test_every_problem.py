"""Every problem at once, also where one problem used to stop the check: within one exercise, after a
wrong CSV header, across lessons with two banks, beside a wrong top-level field of sources.toml, and among a kind's own
checks (a check that relies on a broken field is skipped).
Each problem names its file, line and field (helpers/reader.py)."""
import shutil
from pathlib import Path

import pytest

from helpers import validate
from helpers.banks import check_folder, load_bank
from helpers.corpus import CorpusError, load_events
from helpers.sources import load_sources
from helpers.text import load_lexicon


def line_with(text: str, fragment: str) -> int:
    """The line (from 1) of the one line of ``text`` holding ``fragment``."""
    (line,) = [n for n, text_line in enumerate(text.split("\n"), 1) if fragment in text_line]
    return line


def problems_of(load, *args) -> list[tuple]:
    """(file, line, exercise, field) of every problem ``load(*args)`` raises together."""
    with pytest.raises(CorpusError) as info:
        load(*args)
    return [(p.file, p.line, p.exercise, p.field) for p in info.value.problems]


def write_bank(folder: Path, name: str, lines: list[str]) -> Path:
    """A bank of these lines in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


# ---------------------------------------------------------------- within one exercise

def choice(exercise_id: str, prompt: str, answer: int) -> list[str]:
    """The lines of a bank holding one choice exercise."""
    return ['title = "Test"', "", "[[exercise]]", f'id = "{exercise_id}"', 'kind = "choice"', f'prompt = "{prompt}"',
            'options = ["a", "b", "c"]', f"answer = {answer}", 'feedback = ["no a", "yes b", "no c"]']


@pytest.mark.parametrize("exercise_id,prompt,answer,expected", [
    # a bad id and a bad kind-specific field: both
    ("04.1", "Which?", 5, [("id", "04.1"), ("answer", "answer = 5")]),
    ("5.1", "Which?", 3, [("id", "5.1"), ("answer", "answer = 3")]),
    # an invisible prompt, a bad id and a bad answer: all three
    ("04.1", "\u200b", 5, [("id", "04.1"), ("prompt", "prompt ="), ("answer", "answer = 5")]),
])
def test_an_exercise_lists_each_of_its_problems(tmp_path, exercise_id, prompt, answer, expected):
    lines = choice(exercise_id, prompt, answer)
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    text = "\n".join(lines)
    assert problems_of(load_bank, bank) == [("lessons/05_test.toml", line_with(text, fragment), exercise_id, field)
                                            for field, fragment in expected]


def test_an_exercise_of_an_unknown_kind_still_has_its_common_fields_checked(tmp_path):
    lines = ["[[exercise]]", 'id = "05.1"', 'kind = "sort"', "prompt = 3", 'hints = ["first", " "]',
             'options = ["a", "b"]']
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    # options is not called unknown: with an unknown kind, nobody can say which fields belong
    assert problems_of(load_bank, bank) == [("lessons/05_test.toml", 3, "05.1", "kind"),
                                            ("lessons/05_test.toml", 4, "05.1", "prompt"),
                                            ("lessons/05_test.toml", 5, "05.1", "hints")]


def test_fields_of_the_wrong_type_and_a_document_the_corpus_lacks_are_listed_together(tmp_path):
    lines = ["[[exercise]]", 'id = "05.1"', 'kind = "multi"', 'doc = "nobody-1999"', 'prompt = "Which?"',
             'options = "a, b"', "answer = [0]", 'feedback = ["x"]', "keys = [1, 2]"]
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    assert [(field, line) for _, line, _, field in problems_of(load_bank, bank)] == [
        ("options", 6), ("keys", 9), ("doc", 4)]


def test_a_bank_lists_its_top_level_problems_with_its_exercises(tmp_path):
    lines = ["title = 3", 'author = "me"', "", "[[exercise]]", 'id = "05.1"', 'kind = "number"', 'prompt = "How many?"',
             "answer = 3", "tolerance = -1"]
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    assert problems_of(load_bank, bank) == [("lessons/05_test.toml", 2, None, "author"),
                                            ("lessons/05_test.toml", 1, None, "title"),
                                            ("lessons/05_test.toml", 9, "05.1", "tolerance")]


def test_every_field_problem_of_a_common_mistake_is_listed(tmp_path):
    lines = ["[[exercise]]", 'id = "05.1"', 'kind = "number"', 'prompt = "How many?"', "answer = 3",
             'common_mistakes = [{value = "2", why = "x"}]']
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    fields = [field for *_, field in problems_of(load_bank, bank)]
    assert fields == ["common_mistakes[0].why", "common_mistakes[0].value", "common_mistakes[0].feedback"]


def test_every_lesson_with_two_banks_is_listed(tmp_path):
    folder = tmp_path / "lessons"
    for name in ("03_a.toml", "03_b.toml", "04_a.toml", "05_a.toml", "05_b.toml"):
        write_bank(folder, name, ['title = "t"'])
    assert problems_of(check_folder, folder) == [("lessons/03_b.toml", 1, None, "file name"),
                                                 ("lessons/05_b.toml", 1, None, "file name")]


# ---------------------------------------------------------------- CSV files: a wrong header and the rows

def test_events_csv_with_a_wrong_header_lists_its_broken_rows_too(corpus_copy):
    path = corpus_copy / "events.csv"
    text = path.read_text("utf-8")
    text = text.replace("date,label,source", "when,label,source", 1).replace("1936,Exchange", "1936-13,Exchange", 1)
    path.write_text(text, "utf-8")
    assert problems_of(load_events, corpus_copy) == [
        ("corpus/events.csv", 1, None, None), ("corpus/events.csv", line_with(text, "1936-13"), None, "date")]


def test_an_empty_events_csv_says_the_header_is_missing(corpus_copy):
    (corpus_copy / "events.csv").write_text("", "utf-8")
    with pytest.raises(CorpusError, match="events.csv, line 1: expected the header 'date,label,source', found an empty"):
        load_events(corpus_copy)


@pytest.mark.parametrize("text,expected", [
    ("category,term\nblame,enem*,\n,orphan,\n", [(1, None), (3, "category")]),
    # a row the csv module cannot read (an unclosed quote running past 128 kB) after a broken row: both
    ("category,term,note\n,orphan,\nblame,enem*,\"" + "x" * 140_000 + "\n", [(2, "category"), (3, "note")]),
])
def test_lexicon_csv_lists_a_wrong_header_or_an_unreadable_row_with_the_broken_rows(tmp_path, text, expected):
    lexicon = tmp_path / "corpus" / "lexicon.csv"
    lexicon.parent.mkdir()
    lexicon.write_text(text, "utf-8")
    assert [(line, field) for _, line, _, field in problems_of(load_lexicon, lexicon)] == expected


# ---------------------------------------------------------------- sources.toml

def test_sources_toml_lists_wrong_top_level_fields_and_broken_works(corpus_copy):
    path = corpus_copy / "sources.toml"
    text = 'title = "Bibliography"\nedition = 2\n' + path.read_text("utf-8").replace(
        'key = "getty-naumov-1999"', 'key = "Getty Naumov"', 1).replace("year = 1999", "year = 99", 1)
    path.write_text(text, "utf-8")
    assert problems_of(load_sources, corpus_copy) == [
        ("corpus/sources.toml", 1, None, "title"), ("corpus/sources.toml", 2, None, "edition"),
        ("corpus/sources.toml", line_with(text, "Getty Naumov"), None, "source[1].key"),
        ("corpus/sources.toml", line_with(text, "year = 99"), None, "source[1].year"),
    ]


# ---------------------------------------------------------------- make check

def test_make_check_lists_a_wrong_events_header_with_every_other_problem_of_every_file(course_copy):
    course = course_copy
    events = course / "corpus" / "events.csv"
    text = events.read_text("utf-8").replace("date,label,source", "date,event,source", 1)
    text = text.replace("1936,Exchange", "1936-13,Exchange", 1)
    events.write_text(text, "utf-8")
    lexicon = course / "corpus" / "lexicon.csv"
    lexicon.write_text(lexicon.read_text("utf-8").replace("category,term,note", "category,term", 1), "utf-8")
    sources = course / "corpus" / "sources.toml"
    sources.write_text("year = 2024\n" + sources.read_text("utf-8").replace("year = 1999", "year = 99", 1), "utf-8")
    sources_text = sources.read_text("utf-8")
    for lesson in ("04", "05"):
        (bank,) = (course / "lessons").glob(f"{lesson}_*.toml")
        shutil.copy(bank, course / "lessons" / f"{lesson}_copy.toml")
    lines, problems = validate.survey(course)
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("corpus/events.csv", 1, None), ("corpus/events.csv", line_with(text, "1936-13"), "date"),
        ("corpus/lexicon.csv", 1, None),
        ("lessons/04_copy.toml", 1, "file name"), ("lessons/05_copy.toml", 1, "file name"),
        ("corpus/sources.toml", 1, "year"),
        ("corpus/sources.toml", line_with(sources_text, "year = 99"), "source[1].year")]
    assert any(line.startswith("corpus: ") for line in lines)  # what is valid is still said


# ---------------------------------------------------------------- within one exercise: the kind's own checks

def exercise(kind: str, *fields: str) -> list[str]:
    """The lines of a bank holding one exercise of ``kind`` with these field lines."""
    return ["[[exercise]]", 'id = "05.1"', f'kind = "{kind}"', 'prompt = "Which?"', *fields]


RUBRIC = ["", "[[exercise.rubric]]", 'criterion = "Claim"', 'levels = ["none", "vague", "clear", "arguable"]',
          "", "[[exercise.rubric]]", 'criterion = "Evidence"', 'levels = ["none", "named", "cited", "with paragraphs"]']
ESSAY = ['questions = ["A?", "B?", "C?"]', "model_question = 0", 'model_answer = "Model."']


# (the exercise's lines, then (field, a fragment of the line it is named on) for each problem, in order)
@pytest.mark.parametrize("lines,expected", [
    (exercise("choice", 'options = ["a", "b", "c"]', "answer = 5", 'feedback = ["x", "y"]'),
     [("answer", "answer = 5"), ("feedback", "feedback =")]),
    (exercise("multi", 'options = ["a", "b", "c"]', "answer = [0, 7]", 'feedback = ["x", "y", "z"]', 'missed = ["m"]'),
     [("answer", "answer ="), ("missed", "missed =")]),
    (exercise("classify", 'items = ["a", "b"]', 'categories = ["x", "y"]', 'answer = ["x", "z"]', 'feedback = ["f"]'),
     [("feedback", "feedback ="), ("answer", "answer =")]),
    (exercise("order", 'items = ["a", "b", "c"]', "answer = [0, 0, 2]", 'feedback = ["x", "y"]'),
     [("answer", "answer ="), ("feedback", "feedback =")]),
    (exercise("select", 'doc = "kwp-1956-09-23"', "paragraphs = [6]", "answer = [5]", 'feedback = ["x", "y", "z"]'),
     [("answer", "answer ="), ("feedback", "feedback =")]),
    (exercise("number", "answer = 3", "tolerance = -1", "common_mistakes = [{value = 2, feedback = \"x\", tolerance = -2}]"),
     [("tolerance", "tolerance = -1"), ("common_mistakes[0].tolerance", "common_mistakes =")]),
    (exercise("reflect", 'model_answer = " "', "rubric = []", "min_words = 0"),
     [("model_answer", "model_answer ="), ("rubric", "rubric ="), ("min_words", "min_words =")]),
    (exercise("sourcing", 'doc = "kwp-1956-09-23"', "", "[exercise.model]", 'author = "a"', 'date = "b"', 'audience = "c"',
              'purpose = "d"', 'reliability = "e"', 'who = "f"'),
     [("model.who", "who ="), ("model.why", "[exercise.model]")]),
    (exercise("essay", 'questions = ["A?", "B?", "C?"]', "model_question = 3", 'model_answer = "Model."', "min_words = 0",
              "", "[[exercise.rubric]]", 'criterion = "Claim"', 'levels = ["none", "vague", "clear"]'),
     [("model_question", "model_question ="), ("rubric[0].levels", "levels ="), ("min_words", "min_words =")]),
], ids=["choice", "multi", "classify", "order", "select", "number", "reflect", "sourcing", "essay"])
def test_a_kind_lists_each_of_its_own_problems(tmp_path, lines, expected):
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    text = "\n".join(lines)
    assert problems_of(load_bank, bank) == [("lessons/05_test.toml", line_with(text, fragment), "05.1", field)
                                            for field, fragment in expected]


# a check that relies on a field with a problem is skipped; the checks that do not are still made
@pytest.mark.parametrize("lines,fields", [
    # repeated options: the answer is not checked against them
    (exercise("choice", 'options = ["a", "a", "b"]', "answer = 5", 'feedback = ["x", "y", "z"]'), ["options"]),
    # one category: the answer is not checked against the categories, the feedback still against the items
    (exercise("classify", 'items = ["a", "b"]', 'categories = ["x"]', 'answer = ["x", "z"]', 'feedback = ["f"]'),
     ["feedback", "categories"]),
    # a paragraph beyond the document: no passage to check the answer against
    (exercise("select", 'doc = "kwp-1956-09-23"', "paragraphs = [500]", "answer = [9]"), ["paragraphs"]),
    # an answer that is no number: a common mistake is not compared with it, its own tolerance still checked
    (exercise("number", "answer = nan", "common_mistakes = [{value = 2, feedback = \"x\", tolerance = -2}]"),
     ["answer", "common_mistakes[0].tolerance"]),
    # a broken rubric table: the others are still checked
    (exercise("essay", *ESSAY, *RUBRIC[:3], 'levels = ["one"]', *RUBRIC[4:6], 'criterion = " "', RUBRIC[7]),
     ["rubric[0].levels", "rubric[1].criterion"]),
], ids=["choice", "classify", "select", "number", "essay"])
def test_a_check_that_relies_on_a_broken_field_is_skipped(tmp_path, lines, fields):
    bank = write_bank(tmp_path / "lessons", "05_test.toml", lines)
    assert [field for *_, field in problems_of(load_bank, bank)] == fields


def test_a_problem_in_the_second_of_several_tables_names_that_table_line(tmp_path):
    # [[exercise.rubric]] and [[exercise.common_mistakes]] tables: the line is that of the broken
    # table, not of the first one of its kind.
    lines = ['title = "T"', "",
             "[[exercise]]", 'id = "05.1"', 'kind = "essay"', 'prompt = "Write."',
             'questions = ["Q0?", "Q1?", "Q2?"]', "model_question = 0", 'model_answer = "M."', "",
             "[[exercise.rubric]]", 'criterion = "Evidence"', 'levels = ["a", "b", "c", "d"]', "",
             "[[exercise.rubric]]", 'criterion = "Argument"', 'levels = ["a", "b", "c"]', "",
             "[[exercise]]", 'id = "05.2"', 'kind = "number"', 'prompt = "How many?"', "answer = 5", "",
             "[[exercise.common_mistakes]]", "value = 4", 'feedback = "No."', "",
             "[[exercise.common_mistakes]]", 'feedback = "No again."']
    path = write_bank(tmp_path / "lessons", "05_t.toml", lines)
    text = path.read_text("utf-8")
    second_mistake = [n for n, line in enumerate(text.split("\n"), 1) if line == "[[exercise.common_mistakes]]"][1]
    assert problems_of(load_bank, path) == [
        ("lessons/05_t.toml", line_with(text, '"b", "c"]'), "05.1", "rubric[1].levels"),
        ("lessons/05_t.toml", second_mistake, "05.2", "common_mistakes[1].value"),
    ]

"""A broken exercise bank raises BankError naming the file, the line, the exercise id and the field."""
from __future__ import annotations

import pytest

from helpers.banks import BankError, load_bank
from helpers.corpus import CorpusError

GOOD = '''title = "Test"

[[exercise]]
id = "05.1"
kind = "choice"
prompt = "Which?"
options = ["a", "b", "c"]
answer = 1
feedback = ["no a", "yes b", "no c"]

[[exercise]]
id = "05.2"
kind = "choice"
doc = "kwp-1956-09-23"
prompt = "Which again?"
options = ["a", "b"]
answer = 0
feedback = ["yes a", "no b"]
'''


def _load(tmp_path, text: str, name: str = "05_test.toml"):
    folder = tmp_path / "lessons"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def _error(tmp_path, text: str, name: str = "05_test.toml") -> BankError:
    with pytest.raises(BankError) as info:
        _load(tmp_path, text, name)
    return info.value


def _line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.split("\n"), 1) if fragment in line]
    return lines[occurrence - 1]


def test_the_good_bank_loads(tmp_path):
    bank = _load(tmp_path, GOOD)
    assert list(bank.exercises) == ["05.1", "05.2"] and bank.title == "Test" and bank.lesson == "05"


def test_bank_error_is_a_corpus_error():
    assert issubclass(BankError, CorpusError) and issubclass(BankError, ValueError)


def test_unknown_kind(tmp_path):
    text = GOOD.replace('kind = "choice"', 'kind = "sort"', 1)
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "sort")}, exercise "05.1", field "kind": '
                      "expected one of choice, multi, classify, select, number, order, reflect, sourcing, essay, "
                      "found 'sort'")


def test_missing_field(tmp_path):
    text = GOOD.replace('prompt = "Which again?"\n', "")
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "[[exercise]]", 2)}, exercise "05.2", '
                      'field "prompt": required field is missing; expected a string')


def test_answer_index_out_of_range(tmp_path):
    text = GOOD.replace("answer = 1", "answer = 3")
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "answer = 3")}, exercise "05.1", field "answer": '
                      "expected an option index from 0 to 2, found 3")


def test_duplicate_id(tmp_path):
    text = GOOD.replace('id = "05.2"', 'id = "05.1"')
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "id = ", 2)}, exercise "05.1", field "id": '
                      'expected a unique id, found "05.1" again')


def test_feedback_list_of_the_wrong_length(tmp_path):
    text = GOOD.replace('feedback = ["yes a", "no b"]', 'feedback = ["yes a"]')
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "yes a")}, exercise "05.2", field "feedback": '
                      "expected 2 entries (one per option), found 1")


def test_doc_not_in_the_corpus(tmp_path):
    text = GOOD.replace('doc = "kwp-1956-09-23"', 'doc = "kwp-1956-09-32"')
    e = _error(tmp_path, text)
    assert str(e).startswith(f'lessons/05_test.toml, line {_line_of(text, "doc = ")}, exercise "05.2", field "doc": '
                             "expected a document id in the corpus (")
    assert str(e).endswith("found 'kwp-1956-09-32'") and "vkpb-1938-01-19" in str(e)


def test_unknown_field(tmp_path):
    text = GOOD.replace('prompt = "Which?"', 'prompt = "Which?"\nanwser = 2')
    e = _error(tmp_path, text)
    assert str(e).startswith(f'lessons/05_test.toml, line {_line_of(text, "anwser")}, exercise "05.1", field "anwser": '
                             "unknown field; expected one of: id, kind, prompt, hints, doc, docs, explanation, options")


def test_field_of_another_kind_says_so(tmp_path):
    e = _error(tmp_path, GOOD.replace('prompt = "Which?"', 'prompt = "Which?"\nunit = "km"'))
    assert "belongs to another kind, not 'choice'" in str(e) and e.field == "unit" and e.exercise == "05.1"


def test_id_must_carry_the_files_lesson_number(tmp_path):
    text = GOOD.replace('id = "05.2"', 'id = "06.2"')
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "06.2")}, exercise "06.2", field "id": '
                      "expected an id starting with this file's lesson number \"05.\", found '06.2'")


def test_id_must_look_like_nn_dot_k(tmp_path):
    e = _error(tmp_path, GOOD.replace('id = "05.1"', 'id = "5.1"'))
    assert 'exercise "5.1", field "id": expected an id "05.k"' in str(e)


def test_wrong_type(tmp_path):
    text = GOOD.replace("answer = 1", 'answer = "b"')
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "answer = ")}, exercise "05.1", field "answer": '
                      "expected a whole number, found 'b'")


def test_missing_id_names_the_exercise_by_position(tmp_path):
    e = _error(tmp_path, GOOD.replace('id = "05.2"\n', ""))
    assert 'exercise #2, field "id": required field is missing' in str(e)


def test_toml_syntax_error_gives_the_line(tmp_path):
    text = GOOD.replace('answer = 1', 'answer = ')
    e = _error(tmp_path, text)
    assert str(e).startswith(f"lessons/05_test.toml, line {_line_of(text, 'answer = ')}: expected valid TOML, found a syntax error")


def test_file_name_must_start_with_the_lesson_number(tmp_path):
    e = _error(tmp_path, GOOD, name="five_test.toml")
    assert str(e).startswith("lessons/five_test.toml: expected a file name like 03_close_reading.toml")


def test_unknown_top_level_field(tmp_path):
    e = _error(tmp_path, 'titel = "x"\n' + GOOD)
    assert str(e).startswith('lessons/05_test.toml, line 1, field "titel": unknown top-level field')


def test_select_answer_beyond_the_passage(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "select"\ndoc = "kwp-1956-09-23"\nprompt = "Which?"\n'
            "paragraphs = [5]\nanswer = [0, 4]\n")
    e = _error(tmp_path, text)
    assert str(e) == ('lessons/05_test.toml, line 7, exercise "05.1", field "answer": '
                      "expected sentence indices from 0 to 0, found 4")


def test_select_paragraph_beyond_the_document(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "select"\ndoc = "kwp-1956-09-23"\nprompt = "Which?"\n'
            "paragraphs = [500]\nanswer = [0]\n")
    assert "field \"paragraphs\": expected paragraph numbers from 1 to 13 (the paragraphs of kwp-1956-09-23), found 500" \
        in str(_error(tmp_path, text))


def test_sourcing_model_missing_a_field(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "sourcing"\ndoc = "kwp-1956-09-23"\nprompt = "Card"\n\n'
            '[exercise.model]\nauthor = "a"\ndate = "b"\naudience = "c"\npurpose = "d"\nreliability = "e"\n')
    e = _error(tmp_path, text)
    assert str(e) == 'lessons/05_test.toml, line 7, exercise "05.1", field "model.why": expected some text, found nothing'


def test_sourcing_keys_after_the_model_table_are_explained(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "sourcing"\ndoc = "kwp-1956-09-23"\nprompt = "Card"\n\n'
            '[exercise.model]\nauthor = "a"\ndate = "b"\naudience = "c"\npurpose = "d"\nreliability = "e"\nwhy = "f"\n'
            'hints = ["h"]\n')
    e = _error(tmp_path, text)
    assert 'line 14, exercise "05.1", field "model.hints": unknown field' in str(e)
    assert "put that table last" in str(e)


def test_number_common_mistake_without_feedback(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "number"\nprompt = "How many?"\nanswer = 5\n'
            'common_mistakes = [{ value = 6 }]\n')
    e = _error(tmp_path, text)
    assert str(e) == ('lessons/05_test.toml, line 6, exercise "05.1", field "common_mistakes[0].feedback": '
                      "required field is missing; expected a string")


def test_order_answer_must_use_every_item_once(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "order"\nprompt = "Order"\nitems = ["a", "b", "c"]\nanswer = [0, 0, 2]\n')
    assert 'field "answer": expected every item index from 0 to 2 once, in the right order, found [0, 0, 2]' \
        in str(_error(tmp_path, text))


def test_classify_answer_must_name_a_category(tmp_path):
    text = ('[[exercise]]\nid = "05.1"\nkind = "classify"\nprompt = "Sort"\nitems = ["a", "b"]\n'
            'categories = ["x", "y"]\nanswer = ["x", "z"]\n')
    assert "field \"answer\": expected a category from categories (x, y), found 'z'" in str(_error(tmp_path, text))


def test_an_edit_is_picked_up_on_the_next_load(tmp_path):
    assert list(_load(tmp_path, GOOD).exercises) == ["05.1", "05.2"]
    with pytest.raises(BankError):
        _load(tmp_path, GOOD.replace("answer = 1", "answer = 9") + "\n# a longer file\n")


def test_docs_must_be_documents_of_the_corpus(tmp_path):
    text = GOOD.replace('prompt = "Which?"', 'prompt = "Which?"\ndocs = ["kwp-1956-09-23", "kwp-1956"]')
    e = _error(tmp_path, text)
    assert e.field == "docs" and e.exercise == "05.1" and "found 'kwp-1956'" in str(e)


def test_bytes_that_are_not_utf8_are_a_bank_error_with_their_line(tmp_path):
    path = tmp_path / "lessons" / "05_test.toml"
    path.parent.mkdir()
    path.write_bytes(GOOD.encode("utf-8").replace(b'prompt = "Which?"', b'prompt = "Wh\xe9ch?"', 1))
    with pytest.raises(BankError) as info:
        load_bank(path)
    expected = GOOD.split("\n").index('prompt = "Which?"') + 1
    assert info.value.line == expected and "expected UTF-8 text, found byte 0xe9" in str(info.value)


def test_a_bank_with_a_bom_and_crlf_loads_like_the_plain_file(tmp_path):
    path = tmp_path / "lessons" / "05_test.toml"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "plain").mkdir()
    assert list(load_bank(path).exercises) == list(_load(tmp_path / "plain", GOOD).exercises)


# ---------------------------------------------------------------- what `make check` rejects (issue 11)

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


@pytest.mark.parametrize("old, new, field, expected", [
    ("answer = 8500", "answer = nan", "answer", "expected a finite number no larger than 1e12 (a figure of the course), found nan"),
    ("answer = 8500", "answer = inf", "answer", "found inf"),
    ("answer = 8500", "answer = 1e13", "answer", "found 1e+13"),
    ("tolerance = 0", "tolerance = -1", "tolerance", "expected a tolerance of 0 or more, found -1"),
    ("tolerance = 0", "tolerance = inf", "tolerance", "found inf"),
    ("value = 8800", "value = -inf", "common_mistakes[0].value", "found -inf"),
    ('feedback = "Add', 'tolerance = -2, feedback = "Add', "common_mistakes[0].tolerance",
     "expected a tolerance of 0 or more, found -2"),
])
def test_numbers_must_be_finite_and_sensible(tmp_path, old, new, field, expected):
    text = NUMBER.replace(old, new)
    e = _error(tmp_path, text)
    fragment = new.split(",")[0] if field.startswith("common") else new
    line = _line_of(text, "common_mistakes = [" if field.startswith("common") else fragment)
    assert str(e).startswith(f'lessons/05_test.toml, line {line}, exercise "05.1", field "{field}": '), str(e)
    assert expected in str(e)


def test_options_that_differ_only_in_white_space(tmp_path):
    text = GOOD.replace('options = ["a", "b", "c"]', 'options = ["the cable", "the  cable ", "c"]')
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "the  cable")}, exercise "05.1", field "options": '
                      "expected different entries (white space ignored), found a repeated one: 'the cable'")


@pytest.mark.parametrize("invisible", ["\\u200b\\u200b", "\\u00a0 \\t", "\\u2060\\ufeff"])
def test_a_prompt_of_only_invisible_characters(tmp_path, invisible):
    text = GOOD.replace('prompt = "Which?"', f'prompt = "{invisible}"')
    e = _error(tmp_path, text)
    assert str(e) == (f'lessons/05_test.toml, line {_line_of(text, "prompt = ")}, exercise "05.1", field "prompt": '
                      "expected the question to ask, found an empty or invisible string")


def test_two_banks_for_one_lesson(tmp_path):
    from helpers.banks import check_folder

    _load(tmp_path, GOOD)
    _load(tmp_path, GOOD, name="05_copy.toml")
    with pytest.raises(BankError) as info:
        check_folder(tmp_path / "lessons")
    assert str(info.value) == ('lessons/05_test.toml, line 1, field "file name": expected one bank for lesson 05, '
                               "found 2: 05_copy.toml, 05_test.toml")


def test_make_check_rejects_two_banks_for_one_lesson(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    from helpers import validate

    root = Path(__file__).resolve().parent.parent
    course = tmp_path / "course"
    for name in ("corpus", "lessons"):
        shutil.copytree(root / name, course / name)
    (bank,) = (course / "lessons").glob("03_*.toml")
    shutil.copy(bank, course / "lessons" / "03_second_copy.toml")
    with pytest.raises(CorpusError, match="expected one bank for lesson 03, found 2"):
        validate.run(course)


def test_essay_fields_are_validated(tmp_path):
    essay = '''[[exercise]]
id = "05.1"
kind = "essay"
prompt = "Write."
questions = ["A?", "B?", "C?"]
model_question = 3
model_answer = "Model."

[[exercise.rubric]]
criterion = "Claim"
levels = ["1", "2", "3", "4"]
'''
    e = _error(tmp_path, essay)
    assert 'field "model_question": expected a question number from 0 to 2, found 3' in str(e)
    e = _error(tmp_path, essay.replace("model_question = 3", "model_question = 0").replace('"3", "4"]', '"3"]'))
    assert str(e).startswith(f'lessons/05_test.toml, line {_line_of(essay, "levels")}, exercise "05.1", '
                             'field "rubric[0].levels": expected exactly 4 level descriptors')
    e = _error(tmp_path, essay.replace("model_question = 3", "model_question = 0").replace('"B?", ', ""))
    assert 'field "questions": expected at least 3 entries, found 2' in str(e)

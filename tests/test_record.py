"""A record that stays true: answers are stored by stable keys with the exercise's version, and a
saved answer is judged against the bank as it is now, the same way by the restored widget and by
the dossier (both use exercises.judge).

Banks are copied to tmp_path and edited there (found through RR_LESSONS): options reordered,
reversed, removed, and two lessons' banks swapped with their ids reused.
"""
from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from bankmaker import bank_toml, choice_toml, dump_bank, multi_toml
from helpers import journal
from helpers.banks import all_exercises, get_exercise
from helpers.dossier import export_dossier
from helpers.exercises import check, judge, model_answer
from helpers.widgets import exercise

LESSONS = Path(__file__).resolve().parent.parent / "lessons"

NAME = "46_record.toml"
BANK = bank_toml(choice_toml("46.1"), multi_toml("46.2"), title="Record")

OTHER = bank_toml(  # another lesson's questions under the same ids
    choice_toml("46.1", prompt="How many troops per partisan does the memorandum give?", options=["1", "6", "12"],
                answer=1, feedback=["No.", "Yes.", "No."]),
    multi_toml("46.2", prompt="Which provinces are named?", answer=[0], feedback=["A.", "B.", "C.", "D."]),
    title="Another lesson, same ids")


def reorder(table: dict, order: list[int]) -> dict:
    """The exercise with its options in a new order (option order[j] goes to place j); answers follow."""
    t = dict(table)
    new_place = {old: new for new, old in enumerate(order)}
    for key in ("options", "feedback", "missed", "keys"):
        if key in t:
            t[key] = [table[key][i] for i in order]
    t["answer"] = new_place[table["answer"]] if t["kind"] == "choice" else sorted(new_place[i] for i in table["answer"])
    return t


def _dossier_result(tmp_path: Path, exercise_id: str) -> str:
    page = export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")
    block = page.split(f"### {exercise_id} ")[1]
    return re.search(r"\*\*Result:\*\* (.*)", block).group(1)


def _widget_verdict(exercise_id: str) -> str:
    value = exercise(exercise_id).feedback.value
    return "right" if "\u2713" in value else ("wrong" if "\u2717" in value else "ungraded")


# ---------------------------------------------------------------- reordering keeps the judgement

def test_reordered_options_keep_a_right_answer_right(write_bank, tmp_path):
    write_bank(BANK, NAME)
    v1, v2 = get_exercise("46.1").version, get_exercise("46.2").version
    assert check("46.1", 2).correct is True and check("46.2", [0, 1, 3]).correct is True
    data = tomllib.loads(BANK)
    data["exercise"] = [reorder(data["exercise"][0], [2, 0, 1]), reorder(data["exercise"][1], [3, 2, 1, 0])]
    write_bank(dump_bank(data), NAME)
    assert get_exercise("46.1").version == v1 and get_exercise("46.2").version == v2  # same questions
    for ex_id in ("46.1", "46.2"):
        assert _widget_verdict(ex_id) == "right", ex_id
        assert _dossier_result(tmp_path, ex_id).startswith("Right (1 attempt)"), ex_id
    box = exercise("46.1")
    assert box.controls[0].value == "The 2016 Q&A"  # the option the student chose, now at index 0
    assert [cb.value for cb in exercise("46.2").controls] == [True, False, True, True]


def test_a_corrected_answer_key_regrades_the_saved_answer(write_bank, tmp_path):
    write_bank(BANK, NAME)
    check("46.1", 1)
    write_bank(BANK.replace("answer = 2\n", "answer = 1\n"), NAME)  # the instructor fixes the key
    assert _widget_verdict("46.1") == "right"
    assert _dossier_result(tmp_path, "46.1").startswith("Right")


def test_a_removed_option_is_shown_as_removed_never_as_another(write_bank, tmp_path):
    write_bank(BANK, NAME)
    check("46.1", 1)  # "The 1950 cable"
    write_bank(BANK.replace('"The 1950 cable", ', "").replace("answer = 2\n", "answer = 1\n")
               .replace('"F1: a primary source too.", ', ""), NAME)
    box = exercise("46.1")
    assert "this option was removed from the exercise" in box.feedback.value and box.controls[0].value is None
    result = _dossier_result(tmp_path, "46.1")
    assert result.startswith("Not graded: ") and "this option was removed from the exercise" in result
    page = export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")
    assert "The 1950 cable (this option was removed from the exercise)" in page
    assert "> The 2016 Q&amp;A" not in page


def test_swapped_banks_with_reused_ids_show_an_earlier_version(lessons, write_bank, tmp_path):
    write_bank(BANK, NAME)
    check("46.1", 2)
    check("46.2", [0, 1, 3])
    (lessons / NAME).unlink()
    write_bank(OTHER, "46_other.toml")
    for ex_id in ("46.1", "46.2"):
        assert "an answer to an earlier version of this exercise" in exercise(ex_id).feedback.value
        assert _widget_verdict(ex_id) == "ungraded"
        assert _dossier_result(tmp_path, ex_id).startswith("Not graded: an answer to an earlier version"), ex_id
        assert "Right" not in _dossier_result(tmp_path, ex_id)


def test_a_row_without_a_version_is_shown_never_graded(write_bank, tmp_path):
    write_bank(BANK, NAME)
    journal.record("46.1", "choice", 2, True)  # today's format: an index, no version
    assert "earlier version" in exercise("46.1").feedback.value
    assert _widget_verdict("46.1") == "ungraded"
    assert _dossier_result(tmp_path, "46.1").startswith("Not graded: an answer to an earlier version")
    page = export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")
    assert "saved as 2 (by position" in page


def test_version_ignores_order_but_not_the_question(write_bank):
    write_bank(BANK, NAME)
    before = get_exercise("46.1").version
    assert re.fullmatch(r"[0-9a-f]{12}", before)
    write_bank(BANK.replace("Which document is a secondary source?", "Which document is a primary source?"), NAME)
    assert get_exercise("46.1").version != before
    write_bank(BANK.replace('"The 2016 Q&A"]', '"The 2016 HRW Q&A"]'), NAME)
    assert get_exercise("46.1").version != before  # an option's text is its key: reworded, it is another option
    write_bank(BANK.replace('prompt = "Which document is a secondary source?"',
                            'prompt = "Which  document is a secondary source?  "'), NAME)
    assert get_exercise("46.1").version == before  # white space is not a new question


def test_explicit_keys_survive_a_reworded_option(write_bank, tmp_path):
    keyed = BANK.replace('answer = 2\nfeedback = ["F0', 'answer = 2\nkeys = ["res", "cable", "qa"]\nfeedback = ["F0')
    write_bank(keyed, NAME)
    check("46.1", 2)
    assert journal.last_record("46.1")["answer"] == "qa"
    write_bank(keyed.replace('"The 2016 Q&A"]', '"The 2016 Human Rights Watch Q&A"]'), NAME)
    assert _widget_verdict("46.1") == "right" and _dossier_result(tmp_path, "46.1").startswith("Right")


# ---------------------------------------------------------------- every choice and multi exercise of the course

def _real_cases():
    return [pytest.param(ex.id, id=ex.id) for ex in all_exercises(LESSONS) if ex.kind in ("choice", "multi")]


@pytest.mark.parametrize("exercise_id", _real_cases())
def test_reversing_a_real_banks_options_keeps_every_judgement(lessons, write_bank, tmp_path, exercise_id):
    lesson = exercise_id[:2]
    (source,) = LESSONS.glob(f"{lesson}_*.toml")
    shutil.copy(source, lessons / source.name)
    ex = get_exercise(exercise_id)
    n = len(ex["options"])
    right = model_answer(ex)
    wrong = [i for i in range(n) if i not in ([right] if ex.kind == "choice" else right)]
    check(exercise_id, right)
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    data["exercise"] = [reorder(t, list(range(n))[::-1]) if t["id"] == exercise_id else t for t in data["exercise"]]
    write_bank(dump_bank(data), source.name)
    assert _widget_verdict(exercise_id) == "right"
    assert _dossier_result(tmp_path, exercise_id).startswith("Right")
    if ex.kind == "multi" and wrong:
        check(exercise_id, [n - 1 - i for i in wrong])  # the wrong options, at their new places
        assert _widget_verdict(exercise_id) == "wrong"
        assert _dossier_result(tmp_path, exercise_id).startswith("Not yet right")
        assert judge(get_exercise(exercise_id), journal.last_record(exercise_id)).correct is False


def test_the_bank_writer_round_trips():
    data = tomllib.loads(BANK)
    assert tomllib.loads(dump_bank(data)) == data
    for path in LESSONS.glob("[0-9][0-9]_*.toml"):
        real = tomllib.loads(path.read_text("utf-8"))
        assert tomllib.loads(dump_bank(real)) == real, path.name


def test_the_reorder_check_fails_when_answers_are_stored_by_position(write_bank, tmp_path, monkeypatch):
    """The reorder test can fail: store options by position (today's old format) and it does."""
    from helpers.kinds import choice, multi

    by_position = lambda ex: [str(i) for i in range(len(ex["options"]))]  # noqa: E731
    monkeypatch.setattr(choice, "option_keys", by_position)
    monkeypatch.setattr(multi, "option_keys", by_position)
    write_bank(BANK, NAME)
    check("46.1", 2)
    check("46.2", [0, 1, 3])
    data = tomllib.loads(BANK)
    data["exercise"] = [reorder(data["exercise"][0], [2, 0, 1]), reorder(data["exercise"][1], [3, 2, 1, 0])]
    write_bank(dump_bank(data), NAME)
    assert _widget_verdict("46.1") != "right" and not _dossier_result(tmp_path, "46.1").startswith("Right")
    assert _widget_verdict("46.2") != "right"

"""Exercise logic and widgets, headless: build the widget, set values, click, read the feedback HTML.

A test-only bank (lesson 42, every kind) is written to tmp_path and found through RR_LESSONS,
so these tests do not depend on lesson content. Each test has its own journal (RR_JOURNAL).
"""
from __future__ import annotations

import re
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bankmaker import bank_toml, choice_toml, exercise_toml, multi_toml
from helpers import journal
from helpers.banks import get_exercise, load_bank
from helpers.corpus import load_corpus, split_sentences
from helpers.exercises import REVEAL_AFTER, Feedback, check, hint, model_answer, solution
from helpers.widgets import exercise

ROOT = Path(__file__).resolve().parent.parent

NAME = "42_every_kind.toml"
SOURCE_CARD = {"author": "MA: the CC plenum of the KWP", "date": "MD: 23 September 1956",
               "audience": "MU: party organizations", "purpose": "MP: to amend the August punishments",
               "reliability": "MR: a translated Russian copy", "why": "MW: GARF holds the copy"}
BANK = bank_toml(
    choice_toml("42.1", hints=["H1: look at the kind column.", "H2: who wrote it, and when?"],
                explanation="E1: kind comes from document.toml."),
    multi_toml("42.2", missed=["X0: think of who issued it.", "X1: think of who sent it.", "", "X3: think of who issued it."],
               hints=["H1: three of them."]),
    exercise_toml("42.3", "classify", prompt="Which resolution uses each phrase?",
                  items=["formal-bureaucratic attitude", "patient effort", "tens of thousands"],
                  categories=["1938", "1956"], answer=["1938", "1956", "1938"],
                  feedback=["C0: from the 1938 title.", "C1: the 1956 plenum's wording.",
                            "C2: the 1938 text counts in thousands."]),
    exercise_toml("42.4", "select", doc="vkpb-1938-01-19", prompt="Which sentences speak of exclusions in thousands?",
                  paragraphs=[4], answer=[4, 5, 6],
                  feedback=["S0: about care, not numbers.", "", "", "", "", "", "", "S7: a judgement, not a number."],
                  hints=["H1: look for 'thousands'."]),
    exercise_toml("42.5", "number", prompt="Troops per partisan: 30,500 against 5,250?", answer=5.8, tolerance=0.05,
                  unit="to 1", feedback="N: 30,500 / 5,250 is 5.8.", default="ND: divide troops by partisans.",
                  common_mistakes=[{"value": 6, "feedback": "N6: that is the memo's rounded 6:1."},
                                   {"value": 0.17, "tolerance": 0.01, "feedback": "N017: you divided the other way round."}]),
    exercise_toml("42.6", "order", prompt="Put the steps in order.",
                  items=["Matthews translates (1974)", "Plenum adopts (1938)", "KPSS v rezoliutsiiakh reprints (1954)"],
                  answer=[1, 2, 0],
                  feedback=["O0: 1974 comes last.", "O1: the plenum comes first.", "O2: 1954 is in the middle."]),
    exercise_toml("42.7", "reflect", prompt="What might the resolution leave out?",
                  model_answer="R: who began the exclusions.",
                  rubric=["RB1: did you name an author?", "RB2: did you name a gap?"], min_words=12),
    exercise_toml("42.8", "sourcing", doc="kwp-1956-09-23", prompt="Fill in a source card.",
                  rubric=["SB1: is the date of the copy different from the date of the decision?"],
                  hints=["H1: read document.toml."], model=SOURCE_CARD),
    exercise_toml("42.9", "essay", prompt="Write an essay on one of these questions.",
                  questions=["Q0: What did the 1938 resolution change?", "Q1: Why was the 1956 decision reversed?",
                             "Q2: What can the 1950 cable tell us?"],
                  model_question=1, model_answer="MQ: the plenum reversed it under pressure from Moscow and Beijing.",
                  min_words=20,
                  rubric=[{"criterion": "Claim", "levels": ["C1: no claim", "C2: a vague claim", "C3: a clear claim",
                                                            "C4: a clear, arguable claim"]},
                          {"criterion": "Evidence", "levels": ["E1: none", "E2: named", "E3: cited",
                                                               "E4: cited with paragraphs"]}]),
    title="Every kind")

LONG = " ".join(["The resolution blames local officials and says nothing of who ordered the purges."] * 2)
ESSAY = " ".join(["The plenum reversed the August decision because the delegations pressed it to."] * 2)

KINDS = ["choice", "multi", "classify", "select", "number", "order", "reflect", "sourcing", "essay"]
OPEN = ("reflect", "sourcing", "essay")
FIELDS = ["author", "date", "audience", "purpose", "reliability", "why"]
IDS = {k: f"42.{n}" for n, k in enumerate(KINDS, 1)}


@pytest.fixture()
def bank(write_bank):
    """Lesson 42's bank in a temporary lessons folder, with a fresh journal: its path."""
    return write_bank(BANK, NAME)


def _passage() -> list[str]:
    return split_sentences(load_corpus()["vkpb-1938-01-19"].paragraphs[3])


def _fill(box, kind: str, answer) -> None:
    """Set the widget's controls the way a student would, to the answer (in check()'s plain form)."""
    from helpers.exercises import normalize

    c, value = box.controls, normalize(box.exercise, answer)
    if kind in ("choice", "reflect", "number"):
        c[0].value = str(value) if kind == "number" else value
    elif kind == "multi":
        for cb, key in zip(c, box.exercise["options"]):
            cb.value = key in value
    elif kind == "classify":
        for menu, item in zip(c, box.exercise["items"]):
            menu.value = value[item]
    elif kind == "select":
        for cb, s in zip(c[1:], box.exercise.passage):
            cb.value = s in value
    elif kind == "order":
        for menu, t in zip(c[1:], value):
            menu.value = t
    elif kind == "sourcing":
        for area, field in zip(c[1:], FIELDS):
            area.value = value.get(field, "")
    elif kind == "essay":
        c[0].value, c[1].value = value["question"], value["text"]
        for radio, crit in zip(c[2:], ["Claim", "Evidence"]):
            radio.value = value["scores"].get(crit)


def _read(box, kind: str):
    """What the controls show, in check()'s stored form."""
    c = box.controls
    if kind in ("choice", "number", "reflect"):
        return c[0].value
    if kind == "multi":
        return [o for o, cb in zip(box.exercise["options"], c) if cb.value]
    if kind == "classify":
        return {item: m.value for m, item in zip(c, box.exercise["items"])}
    if kind == "select":
        return [s for s, cb in zip(box.exercise.passage, c[1:]) if cb.value]
    if kind == "order":
        return [m.value for m in c[1:]]
    if kind == "essay":
        return {"question": c[0].value, "text": c[1].value,
                "scores": {crit: r.value for crit, r in zip(["Claim", "Evidence"], c[2:]) if r.value is not None}}
    return {f: a.value for a, f in zip(c[1:], FIELDS)}


# ---------------------------------------------------------------- check(): right answers and per-answer feedback

@pytest.mark.parametrize("kind", KINDS)
def test_model_answer_is_judged_right_or_open(bank, kind):
    fb = check(IDS[kind], model_answer(IDS[kind]))
    assert fb.correct is (None if kind in OPEN else True)
    assert fb.text.startswith(f"{IDS[kind]}: ")


def test_choice_gives_each_options_own_feedback(bank):
    assert check("42.1", 0, record=False).text == "42.1: Not quite. F0: a primary source."
    assert check("42.1", 1, record=False).text == "42.1: Not quite. F1: a primary source too."
    right = check("42.1", 2)
    assert right.correct is True and "F2: secondary" in right.text and "E1: kind comes" in right.text


def test_feedback_teaches_before_it_tells(bank):
    first = check("42.1", 0)
    assert first.text == "42.1: Not quite. F0: a primary source." and first.reveal is None
    second = check("42.1", 1)
    assert second.text == "42.1: Not quite. F1: a primary source too.\nHint 1 of 2: H1: look at the kind column."
    assert "2016" not in second.text and second.reveal is None
    third = check("42.1", 0)
    assert "Hint 2 of 2: H2: who wrote it, and when?" in third.text
    assert third.reveal.startswith("After 3 tries, here is the model answer: option 2, \u201cThe 2016 Q&A\u201d.")
    assert "E1: kind comes from document.toml." in third.reveal and third.reveal in third.text


def test_choice_accepts_an_option_by_its_key_or_text(bank):
    assert check("42.1", "The 2016 Q&A").correct is True
    assert check("42.1", "2").correct is True
    assert journal.last_record("42.1")["answer"] == "The 2016 Q&A"  # stored by key, never by position


def test_multi_gives_feedback_per_chosen_and_then_missed_option(bank):
    fb = check("42.2", [0, 2])
    assert fb.correct is False
    # one choice that does not fit is explained; a wrong try never learns which or how many choices fit
    assert "at least one of your choices does not fit" in fb.text
    assert "M2: written by an advocacy group later." in fb.text and "M0: issued by the plenum." not in fb.text
    assert not re.search(r"\d+ of your|\d+ options?", fb.text)
    assert "X1" not in fb.text and "X3" not in fb.text  # the first try is taught, not told what was missed
    assert "M1:" not in fb.text  # a missed option's own feedback would give the answer away
    second = check("42.2", [0, 2])
    assert "X1: think of who sent it." in second.text and "X3: think of who issued it." in second.text
    assert "Hint 1 of 1: H1: three of them." in second.text


def test_classify_names_each_misplaced_item(bank):
    fb = check("42.3", {"formal-bureaucratic attitude": "1956", "patient effort": "1956", "tens of thousands": "1956"})
    assert fb.correct is False
    assert "1 of 3 items are in the right category" in fb.text
    assert "You put \u201cformal-bureaucratic attitude\u201d under \u201c1956\u201d, which is not where it belongs. C0: from the 1938 title." in fb.text
    # one misplaced item at a time, so moving every item through the categories does not find the answer
    assert "C2:" not in fb.text and "C1" not in fb.text and "1 more is misplaced" in fb.text
    assert "tens of thousands" not in fb.text


def test_multi_ticking_every_option_is_not_an_answer(bank):
    fb = check("42.2", [0, 1, 2, 3])
    assert fb.correct is False and "you ticked every option" in fb.text
    assert "M0:" not in fb.text and "M1:" not in fb.text


def test_classify_accepts_category_numbers_in_item_order(bank):
    assert check("42.3", [0, 1, 0]).correct is True  # the plain form: one category number per item
    assert check("42.3", {0: "1938", 1: "1956", 2: "1938"}).correct is True
    assert check("42.3", ["1938", "1956", "1938"]).correct is True
    assert check("42.3", [1, 1, 0]).correct is False
    assert journal.last_record("42.3")["answer"] == {"formal-bureaucratic attitude": "1956", "patient effort": "1956",
                                                     "tens of thousands": "1938"}


def test_select_fetches_the_passage_from_the_corpus(bank):
    ex = get_exercise("42.4")
    assert list(ex.passage) == _passage()  # sentences come from helpers.corpus, not from the bank
    fb = check("42.4", [0, 4, 5])
    assert fb.correct is False and "S0: about care, not numbers." in fb.text
    assert "at least one of your sentences does not show it" in fb.text  # one misfit, no counts


def test_select_ticking_every_sentence_is_no_answer_and_a_subset_is_told_only_that(bank):
    fb = check("42.4", list(range(len(_passage()))))
    assert fb.correct is False and "you ticked every sentence" in fb.text and "S0" not in fb.text
    fb = check("42.4", [4, 5])  # right so far, one missing: said so, not which
    assert "every sentence you chose shows it" in fb.text and "Sentence 7" not in fb.text


def test_number_within_tolerance_and_common_mistakes(bank):
    assert check("42.5", 5.81, record=False).correct is True
    assert check("42.5", "5.8", record=False).correct is True
    assert check("42.5", 6, record=False).text == "42.5: Not quite: 6 to 1. N6: that is the memo's rounded 6:1."
    assert "N017: you divided the other way round." in check("42.5", 0.174).text
    assert check("42.5", 7, record=False).text == "42.5: Not quite: 7 to 1 is not it. ND: divide troops by partisans."


def test_number_reads_thousands_separators(bank):
    assert "30,500 to 1 is not it" in check("42.5", "30,500").text


def test_order_says_which_positions_are_wrong(bank):
    assert check("42.6", ["Plenum adopts (1938)", "KPSS v rezoliutsiiakh reprints (1954)",
                          "Matthews translates (1974)"], record=False).correct is True  # items by text too
    fb = check("42.6", [2, 1, 0])
    assert fb.correct is False
    assert "positions 1 and 2 are wrong" in fb.text  # the model order is [1, 2, 0]
    assert "O2: 1954 is in the middle." in fb.text and "O1: the plenum comes first." in fb.text
    assert "O0" not in fb.text  # item 0 is in its right place


def test_reflect_shows_model_answer_and_rubric_after_a_genuine_attempt(bank):
    fb = check("42.7", LONG)
    assert fb.correct is None
    assert "Saved (26 words)" in fb.text and "R: who began the exclusions." in fb.text
    assert "- RB1: did you name an author?" in fb.text


def test_sourcing_compares_field_by_field(bank):
    card = {"author": "The plenum of the KWP", "date": "23 September 1956 itself", "audience": "party members and cadres",
            "purpose": "to amend the punishments", "reliability": "a translated Russian copy", "why": "It says so plainly"}
    fb = check("42.8", card)
    assert fb.correct is None
    assert "6 of 6 fields filled" in fb.text
    assert "- Author: you wrote \u201cThe plenum of the KWP\u201d; model: MA: the CC plenum of the KWP" in fb.text
    assert "SB1:" in fb.text
    assert check("42.8", list(card.values())).text == fb.text  # six texts in field order


# ---------------------------------------------------------------- check(): friendly messages, never a traceback

@pytest.mark.parametrize("exercise_id, answer, expected", [
    ("42.1", "b", 'expected one option number from 0 to 2, as in check("42.1", ...); found \'b\''),
    ("42.1", 3, "expected one option number from 0 to 2"),
    ("42.1", True, "found True"),
    ("42.2", 1, "expected a list of option numbers from 0 to 3"),
    ("42.2", [], "expected at least one option"),
    ("42.3", {"patient effort": "1956"}, "not sorted yet"),
    ("42.3", {"nonsense": "1938"}, "expected one of the 3 items as a key, found 'nonsense'"),
    ("42.3", ["1938", "1956", "1999"], "expected a category (0 = 1938, 1 = 1956)"),
    ("42.3", [0, 1], 'expected a list of 3 category numbers, one per item in item order (0 = 1938, 1 = 1956), as in check("42.3", [..., ..., ...])'),
    ("42.4", [99], "expected a list of sentence numbers from 0 to 7"),
    ("42.5", "six", "expected a number such as 12 or 5.8"),
    ("42.5", None, "expected a number"),
    ("42.6", [0, 0, 1], "each once"),
    ("42.6", [0, 1], "expected all 3 item numbers"),
    ("42.7", "   ", "write a few sentences first"),
    ("42.7", 12, "your answer as text in quotes"),
    ("42.8", {"colour": "red"}, "expected the fields author, date, audience, purpose, reliability, why, found 'colour'"),
    ("42.8", {}, "fill in at least one field"),
    ("42.8", ["a", "b"], "expected a list of 6 texts, one per field"),
    ("42.9", [5, "text"], "expected a question number from 0 to 2, found 5"),
    ("42.9", [0, "  "], "write it first"),
    ("42.9", [0, "text", [5, 1]], "expected self-scores from 1 to 4, found 5"),
    ("42.9", "my essay", "expected [question number from 0 to 2"),
    ("42.99", 1, 'expected one of the exercises in lessons/42_every_kind.toml (42.1, 42.2'),
    ("43.1", 1, "expected a bank lessons/43_<name>.toml"),
    ("4.2", 1, 'expected an exercise id such as "03.2"'),
])
def test_malformed_answers_get_a_message_not_a_traceback(bank, exercise_id, answer, expected):
    fb = check(exercise_id, answer)
    assert isinstance(fb, Feedback) and fb.correct is False
    assert expected in fb.text
    assert "Traceback" not in repr(fb)
    assert journal.attempts(exercise_id) == 0  # a malformed answer is not saved


def test_numpy_numbers_are_accepted(bank):
    np = pytest.importorskip("numpy")
    assert check("42.1", np.int64(2)).correct is True  # e.g. an index taken from a DataFrame
    assert check("42.5", np.float64(5.8)).correct is True
    assert check("42.2", np.array([0, 1, 3])).correct is True


def test_an_answer_of_an_unforeseen_shape_gets_a_message(bank):
    class Odd:
        def __iter__(self):
            raise RuntimeError("no")

    fb = check("42.6", Odd())
    assert fb.correct is False and fb.text.startswith('42.6: expected an answer such as check("42.6", [')


def test_a_broken_bank_is_reported_in_check_not_raised(bank, write_bank):
    write_bank(BANK.replace('kind = "order"', 'kind = "sort"'), NAME)
    fb = check("42.1", 2)
    assert fb.correct is False
    assert 'the exercise bank has an error' in fb.text and 'field "kind"' in fb.text


def test_feedback_displays_as_its_text(bank):
    fb = check("42.1", 0)
    assert repr(fb) == str(fb) == fb.text
    assert repr(fb).startswith("42.1: ")


def test_hint_and_solution_as_text(bank):
    assert repr(hint("42.1", 2)) == "42.1: hint 2 of 2: H2: who wrote it, and when?"
    assert "expected a hint number from 1 to 2" in hint("42.1", 5).text
    assert "this exercise has no hints" in hint("42.3").text
    assert solution("42.1").text.startswith("42.1: model answer: option 2, \u201cThe 2016 Q&A\u201d.")
    assert "- 1. Plenum adopts (1938)" in solution("42.6").text


def test_check_records_every_attempt(bank):
    check("42.1", 0)
    check("42.1", 2)
    assert journal.attempts("42.1") == 2
    assert journal.last_answer("42.1") == "The 2016 Q&A"
    check("42.1", 1, record=False)
    assert journal.attempts("42.1") == 2


# ---------------------------------------------------------------- widgets

@pytest.mark.parametrize("kind, first_line", [
    ("choice", "42.1: Right. F2: secondary, written about events by outsiders."),
    ("multi", "42.2: Right: you chose the 3 options that fit."),
    ("classify", "42.3: Right: all 3 items are in the right category."),
    ("select", "42.4: Right: these 3 sentences show it."),
    ("number", "42.5: Right: 5.8 to 1. N: 30,500 / 5,250 is 5.8."),
    ("order", "42.6: Right: all 3 are in order."),
    ("reflect", "42.7: Saved (5 words) as a draft. Write at least 12 words"),  # the model answer is short
    ("sourcing", "42.8: Saved your source card (6 of 6 fields filled)."),
    ("essay", "42.9: Saved (11 words) as a draft. Write at least 20 words"),
])
def test_widget_checks_the_students_answer(bank, kind, first_line):
    import html

    box = exercise(IDS[kind])
    assert box.feedback.value == ""
    _fill(box, kind, model_answer(IDS[kind]))
    box.check_button.click()
    assert html.escape(first_line, quote=True) in box.feedback.value
    assert journal.attempts(IDS[kind]) == 1
    assert journal.last_answer(IDS[kind]) is not None


def test_widget_feedback_for_a_wrong_option(bank):
    box = exercise("42.1")
    box.controls[0].value = "The 1938 resolution"
    box.check_button.click()
    assert "Not quite. F0: a primary source." in box.feedback.value


def test_widget_asks_for_an_answer_before_checking(bank):
    box = exercise("42.1")
    box.check_button.click()
    assert "choose an option first" in box.feedback.value
    assert journal.attempts("42.1") == 0


@pytest.mark.parametrize("kind", KINDS)
def test_widget_has_stable_classes_and_empty_start(bank, kind):
    box = exercise(IDS[kind])
    classes = set(box._dom_classes)
    assert {"rr-exercise", f"rr-kind-{kind}", "rr-ex-" + IDS[kind].replace(".", "-")} <= classes
    assert "rr-check" in box.check_button._dom_classes
    assert "rr-hint" in box.hint_button._dom_classes
    assert "rr-reveal" in box.reveal_button._dom_classes
    assert "rr-feedback" in box.feedback._dom_classes and "rr-warning" in box.warning._dom_classes
    for control in box.controls:
        if hasattr(control, "description") and type(control).__name__ != "HTML":
            assert control.description, "every control is labelled"
        if type(control).__name__ in ("RadioButtons", "Dropdown"):
            assert control.value is None


def test_widget_text_plain_is_stable_and_explains_the_fallback(bank, tmp_path, monkeypatch):
    first = exercise("42.1")._repr_mimebundle_()["text/plain"]
    monkeypatch.setenv("RR_JOURNAL", str(tmp_path / "other.sqlite"))
    second = exercise("42.1")._repr_mimebundle_()["text/plain"]
    assert first == second
    assert first.startswith("Exercise 42.1 (choice): Which document is a secondary source?")
    assert 'Without widgets: check("42.1", ...), replacing ... with the number of the option you choose, from 0 to 2.' in first
    assert "  0: The 1938 resolution" in first
    assert "0x" not in first and str(tmp_path) not in first


def test_hints_are_revealed_one_at_a_time(bank):
    box = exercise("42.1")
    assert box.hints_html.value == ""
    box.hint_button.click()
    assert "Hint 1 of 2" in box.hints_html.value and "H2" not in box.hints_html.value
    box.hint_button.click()
    assert "H1: look at the kind column." in box.hints_html.value and "H2: who wrote it, and when?" in box.hints_html.value
    assert box.hint_button.disabled


def test_no_hints_means_a_disabled_hint_button(bank):
    assert exercise("42.3").hint_button.disabled


def test_three_wrong_tries_reveal_the_model_answer(bank):
    box = exercise("42.1")
    for n in range(1, REVEAL_AFTER + 1):
        assert box.answer_html.value == "", f"revealed too early, before try {n}"
        box.controls[0].value = box.exercise["options"][n % 2]  # options 0 and 1 are wrong
        box.check_button.click()
    assert "Model answer" in box.answer_html.value and "The 2016 Q&amp;A" in box.answer_html.value
    assert "Hint 2 of 2" in box.feedback.value and "The 2016" not in box.feedback.value


def test_show_answer_on_request(bank):
    box = exercise("42.1")
    box.reveal_button.click()
    assert "Model answer" in box.answer_html.value and "The 2016 Q&amp;A" in box.answer_html.value


def test_rerunning_the_cell_restores_the_answer(bank):
    box = exercise("42.3")
    _fill(box, "classify", {"formal-bureaucratic attitude": "1938", "patient effort": "1938", "tens of thousands": "1938"})
    box.check_button.click()
    again = exercise("42.3")
    assert _read(again, "classify") == {"formal-bureaucratic attitude": "1938", "patient effort": "1938", "tens of thousands": "1938"}
    assert "attempt 1) is restored" in again.feedback.value


WRITER = """
import json, sys
from helpers.exercises import check
for exercise_id, answer in json.loads(sys.argv[1]):
    check(exercise_id, answer)
"""


def test_answers_written_by_another_process_are_restored(bank, tmp_path):
    wrong = {"choice": 0, "multi": [0, 2], "classify": [1, 1, 0], "select": [4, 7], "number": "6", "order": [2, 0, 1],
             "reflect": "My <b>reflection</b>\nsecond line", "sourcing": {"author": "The plenum", "date": "1956"},
             "essay": [0, "My <i>essay</i>", [2, 3]]}
    shown = {"choice": "The 1938 resolution", "multi": ["1938 resolution", "2016 Q&A"],
             "classify": {"formal-bureaucratic attitude": "1956", "patient effort": "1956", "tens of thousands": "1938"},
             "select": [_passage()[4], _passage()[7]], "number": "6",
             "order": ["KPSS v rezoliutsiiakh reprints (1954)", "Matthews translates (1974)", "Plenum adopts (1938)"],
             "reflect": "My <b>reflection</b>\nsecond line",
             "sourcing": {"author": "The plenum", "date": "1956", "audience": "", "purpose": "", "reliability": "",
                          "why": ""},
             "essay": {"question": "Q0: What did the 1938 resolution change?", "text": "My <i>essay</i>",
                       "scores": {"Claim": 2, "Evidence": 3}}}
    answers = [[IDS[k], v] for k, v in wrong.items()]
    subprocess.run([sys.executable, "-c", WRITER, json.dumps(answers)], check=True, timeout=60, cwd=tmp_path)
    journal._forget()
    for kind in KINDS:
        box = exercise(IDS[kind])
        assert _read(box, kind) == shown[kind], kind
        assert "is restored" in box.feedback.value


def test_restore_after_three_wrong_tries_shows_the_model_answer(bank):
    for _ in range(REVEAL_AFTER):
        check("42.1", 0)
    assert "Model answer" in exercise("42.1").answer_html.value


def test_a_changed_bank_does_not_break_restoring(bank, write_bank):
    check("42.1", 1)
    write_bank(BANK.replace('"The 1950 cable", ', "").replace("answer = 2\n", "answer = 1\n")
               .replace('"F1: a primary source too.", ', ""), NAME)
    box = exercise("42.1")
    assert "this option was removed from the exercise" in box.feedback.value  # never shown as another option
    assert "The 1950 cable" in box.feedback.value and "Right" not in box.feedback.value
    assert box.controls[0].value is None


def test_unknown_exercise_shows_a_warning_widget(bank):
    box = exercise("42.99")
    assert "rr-warning" in box.children[0]._dom_classes
    assert "42.99" in box.children[0].value
    assert box._repr_mimebundle_()["text/plain"].startswith("42.99: expected one of the exercises")


def test_unwritable_journal_warns_in_the_widget_and_the_lesson_goes_on(bank, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RR_JOURNAL", str(blocker / "answers.sqlite"))
    box = exercise("42.1")
    box.controls[0].value = "The 2016 Q&A"
    box.check_button.click()
    assert "Right." in box.feedback.value
    assert "could not be saved" in box.warning.value and "rr-warning" in box.warning._dom_classes
    assert str(tmp_path) not in box.warning.value
    assert journal.last_answer("42.1") == "The 2016 Q&A"  # kept in memory
    assert exercise("42.1").controls[0].value == "The 2016 Q&A"  # and restored from memory on re-run
    fb = check("42.1", 2)
    assert "could not be saved" in fb.text and "could not be saved" in str(fb)  # in check()'s text too


# ---------------------------------------------------------------- banks are parsed once, edits are picked up

def test_bank_is_parsed_once_and_reloaded_after_an_edit(bank, write_bank):
    first = load_bank(bank)
    assert load_bank(bank) is first
    write_bank(BANK.replace("Which document is a secondary source?", "Which one is secondary?"), NAME)
    assert load_bank(bank) is not first
    assert exercise("42.1")._repr_mimebundle_()["text/plain"].startswith("Exercise 42.1 (choice): Which one is secondary?")


def test_importing_helpers_does_not_import_ipywidgets():
    code = "import sys, helpers, helpers.exercises, helpers.journal, helpers.dossier; " \
           "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]


def test_the_text_form_shows_each_kinds_plain_call(bank):
    from helpers.exercises import describe

    text = {k: describe(get_exercise(IDS[k])) for k in KINDS}
    assert "  Categories: 0 = 1938; 1 = 1956" in text["classify"]
    assert 'check("42.3", [..., ..., ...]), replacing ... with one category number per item, in item order (3 numbers).' \
        in text["classify"]
    assert 'check("42.6", [..., ..., ...])' in text["order"] and "  1: Plenum adopts (1938)" in text["order"]
    assert 'check("42.2", [..., ...])' in text["multi"]
    # the plain-call line never shows a number that could be an answer: a placeholder to replace
    for kind in ("choice", "multi", "classify", "order", "select", "number"):
        line = text[kind].rsplit("Without widgets: ", 1)[1]
        assert not any(ch.isdigit() for ch in line.split(")")[0].split(",", 1)[1]), (kind, line)
    assert 'check("42.8", ["author ...", "date ...", "audience ...", "purpose ...", "reliability ...", "why ..."])' \
        in text["sourcing"]
    assert 'check("42.9", [0, "your essay ...", [3, 3]])' in text["essay"] and "  1: Q1: Why was" in text["essay"]
    assert "at least 12 words" in text["reflect"] and "at least 20 words" in text["essay"]
    for kind in KINDS:
        assert "Without widgets: check(" in text[kind]
    assert check("42.3", [0, 1, 0]).correct is not None  # the form, filled in, is a valid answer


def test_exercises_and_widgets_import_one_way():
    import ast

    for module, forbidden in (("exercises", "helpers.widgets"), ("kinds/base", "helpers.widgets")):
        tree = ast.parse((ROOT / "helpers" / f"{module}.py").read_text("utf-8"))
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert not any(getattr(n, "module", None) == forbidden for n in top), module
    for path in (ROOT / "helpers" / "kinds").glob("*.py"):
        assert "helpers.widgets" not in path.read_text("utf-8"), path.name
        assert "from helpers.banks" not in path.read_text("utf-8"), path.name


def test_select_model_answer_numbers_sentences_as_the_widget_does(bank):
    """The widget and the feedback say "Sentence 5"; the model answer must too, with check()'s numbers apart."""
    text = solution("42.4").text
    assert "model answer: sentences 5, 6, 7 (in check(): [4, 5, 6])." in text
    assert "- Sentence 5 (" in text


def test_multi_ticking_all_but_one_does_not_give_the_answer_away(bank):
    """Tick every option but one: the reply explains one misfit, not which choices fit, nor how many."""
    fb = check("42.2", [0, 1, 2])  # answer is [0, 1, 3]: option 2 does not fit, option 3 is missing
    assert "M2:" in fb.text and "M0:" not in fb.text and "M1:" not in fb.text
    assert not re.search(r"\d+ of your|\d+ options?|\d+ choices?", fb.text)
    fb = check("42.2", [0, 1])  # a subset of the answer: told something is missing, not what
    assert "every option you chose fits" in fb.text and "M3" not in fb.text


def test_feedback_shows_as_escaped_prose_in_a_notebook(bank):
    fb = check("42.1", 0, record=False)
    page = fb._repr_html_()
    assert page.startswith('<div class="rr-check-feedback" role="status"><p>42.1: ')
    hostile = Feedback("42.1", None, "42.1: <script>x</script>\n- a & b")
    assert "<script>" not in hostile._repr_html_() and "&lt;script&gt;" in hostile._repr_html_()
    assert "<li>a &amp; b</li>" in hostile._repr_html_()

"""Writing before the model answer: reflect needs ``min_words`` words (default 40), a source card 3
words in every field, an essay ``min_words`` (default 150) and only its ``model_question`` has a
model answer. Below the threshold the draft is saved, the feedback says how many words are
expected, and neither the model answer nor the rubric shows: not in check(), not in solution(),
not behind the widget's Show answer button. ``assert_gated`` is the check; the last test shows it
fails on a bank whose threshold lets one word through. Also: the essay widget, and answered().
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bankmaker import bank_toml, exercise_toml
from helpers import journal
from helpers.exercises import answered, check, solution
from helpers.widgets import exercise

NAME = "48_writing.toml"
BANK = bank_toml(
    exercise_toml("48.1", "reflect", prompt="What might the resolution leave out?",
                  model_answer="SECRET-MODEL: who began the exclusions.",
                  rubric=["SECRET-RUBRIC: did you name an author?"]),
    exercise_toml("48.2", "sourcing", doc="kwp-1956-09-23", prompt="Fill in a source card.",
                  rubric=["SECRET-RUBRIC: is the date of the copy the date of the decision?"],
                  model={"author": "SECRET-MODEL: the CC plenum of the KWP", "date": "23 September 1956",
                         "audience": "party organizations", "purpose": "to amend the August punishments",
                         "reliability": "a translated Russian copy", "why": "GARF holds the copy"}),
    exercise_toml("48.3", "essay", prompt="Write an essay on one of these questions.",
                  questions=["What did the 1938 resolution change?", "Why was the 1956 decision reversed?",
                             "What can the 1950 cable tell us?"],
                  model_question=1, model_answer="SECRET-MODEL: the plenum reversed it under pressure.",
                  rubric=[{"criterion": "Claim",
                           "levels": ["SECRET-RUBRIC no claim", "a vague claim", "a clear claim", "a clear, arguable claim"]},
                          {"criterion": "Evidence", "levels": ["none", "named", "cited", "cited with paragraph numbers"]}]))

DOCUMENT = Path(__file__).resolve().parent.parent / "corpus" / "vkpb-1938-01-19" / "edition.txt"


def words(n: int) -> str:
    """n words, all different, in the order of a corpus document (a genuine attempt needs half of its words to
    differ, and real words: "resolution0" is none)."""
    base = list(dict.fromkeys(re.findall(r"[a-z]+", DOCUMENT.read_text("utf-8").lower())))
    return " ".join(base[:n])


@pytest.fixture()
def course(write_bank):
    """Lesson 48's bank in a temporary lessons folder, with a fresh journal: its path."""
    return write_bank(BANK, NAME)


def assert_gated(exercise_id: str, short_answer, expected_words: int) -> None:
    """A short answer is saved as a draft, says how many words are expected, and reveals nothing."""
    before = journal.last_record(exercise_id)
    fb = check(exercise_id, short_answer)
    assert fb.correct is None and "as a draft" in fb.text, fb.text
    assert re.search(rf"\b{expected_words} words\b", fb.text), fb.text
    assert journal.last_record(exercise_id) != before, "the draft is saved"
    for shown in (fb.text, solution(exercise_id).text):
        assert "SECRET-MODEL" not in shown and "SECRET-RUBRIC" not in shown, shown
    box = exercise(exercise_id)
    box.reveal_button.click()
    shown = box.answer_html.value + box.feedback.value
    assert "SECRET-MODEL" not in shown and "SECRET-RUBRIC" not in shown and "Model answer" not in shown
    assert "press Check first" in box.answer_html.value


def test_a_short_reflection_is_a_draft(course):
    assert_gated("48.1", words(39), 40)
    assert "Saved (39 words) as a draft. Write at least 40 words" in check("48.1", words(39)).text


def test_a_genuine_reflection_gets_the_model_answer_and_rubric(course):
    fb = check("48.1", words(40))
    assert "SECRET-MODEL" in fb.text and "SECRET-RUBRIC" in fb.text
    assert "SECRET-MODEL" in solution("48.1").text
    box = exercise("48.1")
    box.reveal_button.click()
    assert "SECRET-MODEL" in box.answer_html.value
    check("48.1", words(3))  # a later short draft does not lock again what was earned
    assert "SECRET-MODEL" in solution("48.1").text


def test_a_source_card_needs_three_words_in_every_field(course):
    card = ["the KWP plenum", "23 September 1956", "party organizations everywhere", "to amend punishments",
            "a translated copy", "GARF"]
    assert_gated("48.2", card, 3)
    assert "still short: why" in check("48.2", card).text
    card[-1] = "GARF holds it"
    fb = check("48.2", card)
    assert "SECRET-MODEL" in fb.text and "SECRET-RUBRIC" in fb.text


def test_an_essay_needs_150_words_and_only_its_model_question_has_a_model(course):
    assert_gated("48.3", [1, words(149)], 150)
    other = check("48.3", [0, words(150), [3, 2]])
    assert "SECRET-RUBRIC" in other.text and "SECRET-MODEL" not in other.text
    assert "A model answer is written for question 1 only" in other.text
    assert "Your self-scores: Claim 3 of 4; Evidence 2 of 4." in other.text
    assert "SECRET-MODEL" not in solution("48.3").text and "SECRET-RUBRIC" in solution("48.3").text
    mine = check("48.3", [1, words(150)])
    assert "SECRET-MODEL" in mine.text and "Not scored yet" in mine.text
    assert "SECRET-MODEL" in solution("48.3").text


def test_essay_scores_are_saved_in_the_journal_and_shown_in_the_dossier(course, tmp_path):
    from helpers.dossier import export_dossier

    check("48.3", [2, words(160), [4, 1]])
    saved = journal.last_record("48.3")["answer"]
    assert saved["question"] == "What can the 1950 cable tell us?"
    assert saved["scores"] == {"Claim": 4, "Evidence": 1}
    for fmt in ("html", "md"):
        text = export_dossier(tmp_path / f"d.{fmt}", fmt=fmt).read_text(encoding="utf-8")
        assert "Self-scores: Claim 4 of 4; Evidence 1 of 4" in text and "Question 2: What can the 1950 cable" in text


def test_the_essay_widget(course):
    import ipywidgets as w

    box = exercise("48.3")
    question, area, *radios = box.controls
    assert isinstance(question, (w.Dropdown, w.RadioButtons)) and question.value is None
    assert question.description == "Question"
    assert isinstance(area, w.Textarea) and area.description
    assert [r.description for r in radios] == ["Claim (self-score)", "Evidence (self-score)"]
    assert all(isinstance(r, w.RadioButtons) and r.value is None for r in radios)
    assert [label for label, _ in radios[1].options] == ["1: none", "2: named", "3: cited", "4: cited with paragraph numbers"]
    box.check_button.click()
    assert "choose a question first" in box.feedback.value
    question.value = "Why was the 1956 decision reversed?"
    area.value = words(150)
    radios[0].value, radios[1].value = 2, 3
    box.check_button.click()
    assert "SECRET-MODEL" in box.feedback.value and "Claim 2 of 4; Evidence 3 of 4" in box.feedback.value
    again = exercise("48.3")
    assert again.controls[0].value == "Why was the 1956 decision reversed?"
    assert [r.value for r in again.controls[2:]] == [2, 3]


def test_the_gate_check_fails_on_a_bank_that_lets_one_word_through(course, write_bank):
    write_bank(BANK.replace('rubric = ["SECRET-RUBRIC: did you name an author?"]',
                            'rubric = ["SECRET-RUBRIC: did you name an author?"]\nmin_words = 1'), NAME)
    with pytest.raises(AssertionError):
        assert_gated("48.1", words(3), 40)


def test_answered_gates_a_cell_until_the_journal_holds_an_answer(course, capsys):
    assert answered("48.1") is False
    assert capsys.readouterr().out == "Answer exercise 48.1 above first, then run this cell again.\n"
    check("48.1", words(2))
    assert answered("48.1") is True and capsys.readouterr().out == ""
    from helpers import answered as exported
    assert exported is answered


def test_repeating_one_word_is_not_a_genuine_attempt(course):
    """Forty repetitions of one word (or "x y z" in every field of a card) unlock nothing."""
    fb = check("48.1", " ".join(["word"] * 60))
    assert "as a draft" in fb.text and "of them different" in fb.text
    assert check("48.1", words(40)).text.count("as a draft") == 0

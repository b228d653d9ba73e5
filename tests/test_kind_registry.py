"""Adding a ninth kind is one file plus a test: a toy kind registered at run time works through
the bank loader, check(), the widget and the dossier with no other change."""
from __future__ import annotations

import pytest

from bankmaker import exercise_toml
from helpers import kinds
from helpers.kinds.base import AnswerError, Kind, Removed


class YesNo(Kind):
    """A toy kind: answer "yes" or "no"; ``answer`` in the bank is "yes" or "no"."""

    name = "yesno"
    fields = {"answer": ("str", True), "feedback": ("str-list", True)}

    def validate(self, data, fail, corpus):
        if data["answer"] not in ("yes", "no"):
            raise fail(f'expected "yes" or "no", found {data["answer"]!r}', "answer")

    def normalize(self, ex, answer):
        if answer not in ("yes", "no"):
            raise AnswerError('expected "yes" or "no"')
        return answer

    def grade(self, ex, value):
        if value not in ("yes", "no"):
            raise Removed("this answer is no longer possible")
        right = value == ex["answer"]
        return right, [f"{'Right.' if right else 'Not quite.'} {ex['feedback'][0 if right else 1]}"]

    def model(self, ex):
        return ex["answer"]

    def solution(self, ex):
        return [f"model answer: {ex['answer']}."]

    def form(self, ex):
        return '"yes"'

    def form_help(self, ex):
        return '"yes" or "no"'

    def answer_lines(self, ex, value):
        return [value]

    def control(self, ex):
        import ipywidgets as w

        toggle = w.ToggleButtons(options=["yes", "no"], value=None, description="Answer")

        def read():
            if toggle.value is None:
                raise AnswerError("choose yes or no first, then press Check.")
            return toggle.value

        def write(value):
            toggle.value = value

        return [toggle], read, write


BANK = exercise_toml("47.1", "yesno", prompt="Is the 2016 Q&A a secondary source?", answer="yes",
                     feedback=["Y: written about the events by an outside organization.",
                               "N: look at who wrote it, and when."])


@pytest.fixture()
def course(write_bank, tmp_path):
    """The toy kind registered and lesson 47's bank in a temporary lessons folder, with a fresh journal."""
    kinds.register(YesNo())
    write_bank(BANK, "47_toy.toml")
    yield tmp_path
    kinds.unregister("yesno")


def test_a_registered_kind_works_through_check_widget_and_dossier(course):
    from helpers.dossier import export_dossier
    from helpers.exercises import check, describe, solution
    from helpers.widgets import exercise

    assert "yesno" in kinds.names()
    assert check("47.1", "no").text == "47.1: Not quite. N: look at who wrote it, and when."
    assert check("47.1", "maybe").text.startswith('47.1: expected "yes" or "no", as in check("47.1", "yes")')
    assert check("47.1", "yes").correct is True
    assert solution("47.1").text == "47.1: model answer: yes."
    box = exercise("47.1")
    assert "rr-kind-yesno" in box._dom_classes and box.controls[0].value == "yes"
    assert "attempt 2) is restored" in box.feedback.value
    assert describe(box.exercise).endswith('Without widgets: check("47.1", "yes"), giving "yes" or "no".')
    text = export_dossier(course / "d.md", fmt="md").read_text(encoding="utf-8")
    assert "### 47.1 (yesno)" in text and "**Result:** Right (2 attempts)" in text


def test_an_unregistered_kind_is_a_bank_error(course):
    from helpers.exercises import check

    kinds.unregister("yesno")
    fb = check("47.1", "yes")
    assert fb.correct is False and 'field "kind": expected one of choice, multi' in fb.text and "yesno" in fb.text


def test_built_in_kinds_cannot_be_unregistered():
    kinds.unregister("choice")
    assert "choice" in kinds.names()
    with pytest.raises(TypeError):
        kinds.register(object())

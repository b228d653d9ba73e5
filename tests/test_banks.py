"""Every exercise in every bank lessons/*.toml, through check(): the model answer is judged right
(or open, with feedback, for reflect and sourcing) and each wrong option gets its own feedback.

Banks are found when the tests are collected, so a bank another engineer adds is covered
without editing this file. A bank that does not load fails its own test with the BankError.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import BankError, bank_paths, load_bank
from helpers.exercises import check, describe, model_answer, solution

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
PATHS = bank_paths(LESSONS)


def _exercises():
    out = []
    for path in PATHS:
        try:
            bank = load_bank(path)
        except BankError:
            continue  # reported by test_every_bank_loads
        out += [pytest.param(ex, id=f"{ex.id}-{ex.kind}") for ex in bank.exercises.values()]
    return out


EXERCISES = _exercises()
OPEN = ("reflect", "sourcing", "essay")


@pytest.fixture(autouse=True)
def real_lessons(journal_file, monkeypatch):
    """The course's own banks, answered into a fresh journal."""
    monkeypatch.setenv("RR_LESSONS", str(LESSONS))


def test_there_are_banks():
    assert PATHS, "expected lessons/NN_<name>.toml exercise banks, found none"
    assert any(p.name.startswith("00_") for p in PATHS), "lesson 00 has a bank"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_every_bank_loads(path):
    try:
        bank = load_bank(path)
    except BankError as e:
        pytest.fail(str(e), pytrace=False)
    assert bank.exercises


@pytest.mark.parametrize("ex", EXERCISES)
def test_model_answer_is_right(ex):
    fb = check(ex.id, model_answer(ex), record=False)
    if ex.kind in OPEN:
        assert fb.correct is None, fb.text
        assert fb.text.strip() and fb.text.startswith(f"{ex.id}: ")
    else:
        assert fb.correct is True, fb.text


@pytest.mark.parametrize("ex", EXERCISES)
def test_each_wrong_answer_gets_its_own_feedback(ex):
    cases = list(_wrong_answers(ex))
    if ex.kind in OPEN:
        assert not cases
        return
    assert cases, f"{ex.id}: expected at least one wrong answer to try"
    for answer, expected in cases:
        fb = check(ex.id, answer, record=False)
        assert fb.correct is False, f"{ex.id}: {answer!r} was judged {fb.correct}: {fb.text}"
        for text in expected:
            assert text in fb.text, f"{ex.id}: answer {answer!r} should show {text!r}; got {fb.text!r}"


@pytest.mark.parametrize("ex", EXERCISES)
def test_solution_hints_and_text_form(ex):
    assert solution(ex.id).text.startswith(f"{ex.id}: ")
    assert all(h.strip() for h in ex.hints)
    assert describe(ex).startswith(f"Exercise {ex.id} ({ex.kind}): ")


@pytest.mark.parametrize("ex", EXERCISES)
def test_widget_builds_and_accepts_the_model_answer(ex):
    from helpers.widgets import exercise

    box = exercise(ex.id)
    assert "rr-exercise" in box._dom_classes and f"rr-kind-{ex.kind}" in box._dom_classes
    assert box._repr_mimebundle_()["text/plain"] == describe(ex)
    box.reveal_button.click()
    assert box.answer_html.value  # the model answer, or (writing kinds) what to write first


def _wrong_answers(ex):
    """(answer, texts the feedback must contain) for each wrong option of the exercise."""
    k = ex.kind
    if k == "choice":
        for i, fb in enumerate(ex["feedback"]):
            if i != ex["answer"]:
                yield i, [fb]
    elif k == "multi":
        right = set(ex["answer"])
        missed = ex.get("missed")
        for i in range(len(ex["options"])):
            chosen = sorted(right ^ {i})
            if not chosen:
                continue
            if i not in right:
                yield chosen, [ex["feedback"][i]]
            else:
                yield chosen, []  # missed notes come from the second wrong try (test_exercises)
    elif k == "classify":
        fb = ex.get("feedback")
        model = model_answer(ex)  # category numbers in item order
        for j, item in enumerate(ex["items"]):
            for c in range(len(ex["categories"])):
                if c != model[j]:
                    yield model[:j] + [c] + model[j + 1:], [item] + ([fb[j]] if fb and fb[j] else [])
    elif k == "select":
        fb = ex.get("feedback")
        right = set(ex["answer"])
        for i in range(len(ex.passage)):
            chosen = sorted(right ^ {i})
            if chosen:
                extra = [fb[i]] if (i not in right and fb and fb[i]) else []
                yield chosen, extra
    elif k == "number":
        for mistake in ex["common_mistakes"]:
            yield mistake["value"], [mistake["feedback"]]
        far = abs(ex["answer"]) * 7 + 12345.5  # a value that is no known mistake: the default feedback
        while any(abs(far - m["value"]) <= m.get("tolerance", 0) for m in ex["common_mistakes"]):
            far += 1000
        yield far, ["is not it"] + ([ex["default"]] if ex["default"] else [])
    elif k == "order":
        right = list(ex["answer"])
        for p in range(len(right) - 1):
            swapped = right[:p] + [right[p + 1], right[p]] + right[p + 2:]
            yield swapped, [f"positions {p + 1} and {p + 2} are wrong"]

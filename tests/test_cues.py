"""Fair options, measured: can a choice exercise be answered without reading, by picking the longest
option or the usual position? Over every bank: the right option is the longest (ties count) in at
most 30 % of choice exercises (at most half in any lesson), and no position holds more than 40 %
of right answers; and, the other way round, the right option is the longest in at least 10 % (a right
option that is never the longest teaches students to rule the longest out). The tests show each check
fails on a small bad bank, and where each limit lies."""
from __future__ import annotations

from pathlib import Path

import pytest

from bankmaker import choice_toml
from helpers.banks import all_exercises, load_bank
from helpers.kinds.choice import cue_figures, cue_problems, right_is_longest

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def test_options_give_no_cue_across_the_course():
    figures = cue_figures(all_exercises(LESSONS))
    assert figures["n"] >= 1
    problems = cue_problems(figures)
    assert not problems, "\n".join(problems)


def _choice(n: int, options: list[str], answer: int, lesson: str = "45") -> str:
    return choice_toml(f"{lesson}.{n}", prompt=f"Q{n}?", options=options, answer=answer,
                       feedback=["Because."] * len(options))


def _exercises(write_bank, text: str, name: str = "45_test.toml") -> list:
    return list(load_bank(write_bank(text, name)).exercises.values())


def test_the_cue_check_fails_on_a_bad_bank(write_bank):
    text = (_choice(1, ["short", "the longest one here", "mid one"], 1)
            + _choice(2, ["no", "a long right answer", "maybe"], 1)
            + _choice(3, ["same", "size", "four"], 1))          # a tie counts as longest
    exercises = _exercises(write_bank, text)
    assert all(right_is_longest(ex) for ex in exercises)
    figures = cue_figures(exercises)
    assert figures["longest"] == 3 and figures["positions"] == {1: 3}
    problems = cue_problems(figures)
    assert any(p.startswith("course: the right option is the longest in 3 of 3") for p in problems)
    assert any(p.startswith("lesson 45:") for p in problems)
    assert any(p.startswith("position 1 holds the right answer in 3 of 3") for p in problems)


def test_a_fair_bank_passes(write_bank):
    text = (_choice(1, ["the longest option of all", "right one", "a third one"], 1)
            + _choice(2, ["right", "a much longer wrong one", "other"], 0)
            + _choice(3, ["a long wrong option", "b wrong", "right c"], 2))
    assert cue_problems(cue_figures(_exercises(write_bank, text))) == []


def test_a_right_option_that_is_never_the_longest_is_a_cue_too(write_bank):
    """Ten exercises whose right option is always shorter than some other: ruling out the longest works."""
    text = "".join(_choice(n, ["a long wrong option here", "right", "other"], n % 3 if n % 3 else 1)
                   for n in range(1, 11))
    exercises = _exercises(write_bank, text)
    assert not any(right_is_longest(ex) for ex in exercises)
    problems = cue_problems(cue_figures(exercises))
    assert any(p.startswith("course: the right option is the longest in only 0 of 10") for p in problems)


def _lesson(lesson: str, answers: list[int], right_longest: set[int]) -> str:
    """One choice exercise per answer; the right option is the longest in exercises right_longest (from 1)."""
    out = []
    for n, answer in enumerate(answers, 1):
        options = ["a wrong option", "a wrong one too", "a third wrong option"]
        options[answer] = "the right option, the longest of all" if n in right_longest else "right"
        out.append(_choice(n, options, answer, lesson))
    return "\n".join(out)


def _problems(write_bank, *lessons: tuple[str, list[int], set[int]]) -> list[str]:
    """The cue problems of these lessons' banks, each cut before its figures in brackets."""
    exercises = [ex for lesson in lessons for ex in _exercises(write_bank, _lesson(*lesson), f"{lesson[0]}_test.toml")]
    return [p.split(" (")[0] for p in cue_problems(cue_figures(exercises))]


SPREAD = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]  # 40 % of right answers at position 0


@pytest.mark.parametrize("answers, longest, expected", [
    (SPREAD, {1, 2, 3}, []),  # 30 % longest, 40 % at one position: at the limits
    (SPREAD, {1}, []),  # 10 % longest: the lower limit
    (SPREAD, {1, 2, 3, 4}, ["course: the right option is the longest in 4 of 10 choice exercises"]),
    ([0, 0, 0, 0, 0, 1, 1, 2, 2, 2], {1, 2, 3}, ["position 0 holds the right answer in 5 of 10 choice exercises"]),
])
def test_the_course_limits_are_30_percent_longest_and_40_percent_at_one_position(write_bank, answers, longest, expected):
    assert _problems(write_bank, ("46", answers, longest)) == expected


def test_a_lesson_may_have_half_its_right_options_longest_and_no_more(write_bank):
    other = ("46", [0, 0, 0, 1, 1, 2, 2, 2], {1})  # with lesson 45's two: 3 of 10 longest in the course
    assert _problems(write_bank, ("45", [0, 1], {1}), other) == []
    assert _problems(write_bank, ("45", [0, 1], {1, 2}), other) == ["lesson 45: the right option is the longest in 2 of 2"]

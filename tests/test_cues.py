"""Fair options, measured: can a choice exercise be answered without reading, by picking the longest
option or the usual position? Over every bank: the right option is the longest (ties count) in at
most 30 % of choice exercises (at most half in any lesson), and no position holds more than 40 %
of right answers; and, the other way round, the right option is the longest in at least 10 % (a right
option that is never the longest teaches students to rule the longest out). The tests show each check
fails on a small bad bank."""
from __future__ import annotations

from pathlib import Path

from helpers.banks import all_exercises, load_bank
from helpers.kinds.choice import CUE_LIMITS, cue_figures, cue_problems, right_is_longest

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def test_options_give_no_cue_across_the_course():
    figures = cue_figures(all_exercises(LESSONS))
    assert figures["n"] >= 1
    problems = cue_problems(figures)
    assert not problems, "\n".join(problems)


def test_the_limits_are_the_contracts():
    assert CUE_LIMITS == {"course_longest": 0.30, "lesson_longest": 0.50, "position": 0.40, "course_longest_min": 0.10}


def _choice(n: int, options: list[str], answer: int) -> str:
    quoted = ", ".join(f'"{o}"' for o in options)
    feedback = ", ".join('"Because."' for _ in options)
    return (f'[[exercise]]\nid = "45.{n}"\nkind = "choice"\nprompt = "Q{n}?"\noptions = [{quoted}]\n'
            f"answer = {answer}\nfeedback = [{feedback}]\n\n")


def test_the_cue_check_fails_on_a_bad_bank(tmp_path):
    text = (_choice(1, ["short", "the longest one here", "mid one"], 1)
            + _choice(2, ["no", "a long right answer", "maybe"], 1)
            + _choice(3, ["same", "size", "four"], 1))          # a tie counts as longest
    path = tmp_path / "lessons" / "45_bad.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    exercises = list(load_bank(path).exercises.values())
    assert all(right_is_longest(ex) for ex in exercises)
    figures = cue_figures(exercises)
    assert figures["longest"] == 3 and figures["positions"] == {1: 3}
    problems = cue_problems(figures)
    assert any(p.startswith("course: the right option is the longest in 3 of 3") for p in problems)
    assert any(p.startswith("lesson 45:") for p in problems)
    assert any(p.startswith("position 1 holds the right answer in 3 of 3") for p in problems)


def test_a_fair_bank_passes(tmp_path):
    text = (_choice(1, ["the longest option of all", "right one", "a third one"], 1)
            + _choice(2, ["right", "a much longer wrong one", "other"], 0)
            + _choice(3, ["a long wrong option", "b wrong", "right c"], 2))
    path = tmp_path / "lessons" / "45_fair.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    assert cue_problems(cue_figures(load_bank(path).exercises.values())) == []


def test_a_right_option_that_is_never_the_longest_is_a_cue_too(tmp_path):
    """Ten exercises whose right option is always shorter than some other: ruling out the longest works."""
    text = "".join(_choice(n, ["a long wrong option here", "right", "other"], n % 3 if n % 3 else 1)
                   for n in range(1, 11))
    path = tmp_path / "lessons" / "45_never.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    exercises = list(load_bank(path).exercises.values())
    assert not any(right_is_longest(ex) for ex in exercises)
    problems = cue_problems(cue_figures(exercises))
    assert any(p.startswith("course: the right option is the longest in only 0 of 10") for p in problems)

"""choice: one right option. Stored by the option's key (``keys[i]``, or the option's text),
so reordering options never changes what a saved answer means."""
from __future__ import annotations

from helpers.kinds.base import (WIDE, AnswerError, Checks, Kind, Removed, check_entries, check_same_length,
                                check_visible, numbered, parse_index, quote, squash)


def option_keys(ex) -> list[str]:
    """One stable key per option: the bank's ``keys`` or the options' texts."""
    return list(ex.get("keys") or ex["options"])


def check_keys(data: dict, checks: Checks, n: int) -> bool:
    """``keys``, when given: one per option, each visible and different."""
    return "keys" not in data or (check_same_length(data, "keys", n, "option", checks)
                                  and check_entries(data, checks, "keys", minimum=n))


def find_option(ex, value) -> int | None:
    """The index of an option named by key, by text, or by index; None if it is none of these."""
    keys, options = option_keys(ex), ex["options"]
    if isinstance(value, str):
        squashed = squash(value)
        for i, (k, o) in enumerate(zip(keys, options)):
            if value == k or squashed == squash(o):
                return i
    return parse_index(value, len(options))


def option_text(ex, key: str) -> str:
    """The text of the option a stored answer names, or a note that it was removed."""
    keys = option_keys(ex)
    return ex["options"][keys.index(key)] if key in keys else f"{key} (this option was removed from the exercise)"


class Options(Kind):
    """What choice and multi share: numbered options, each known by a stable key."""

    def version_parts(self, ex):
        return sorted(option_keys(ex))

    def describe(self, ex):
        return numbered(ex["options"])


class Choice(Options):
    name = "choice"
    fields = {"options": ("str-list", True), "answer": ("int", True), "feedback": ("str-list", True),
              "keys": ("str-list", False)}

    def validate(self, data, checks, corpus):
        check_visible(data, checks, "feedback")
        if check_entries(data, checks):  # the answer, feedback and keys are checked against usable options
            n = len(data["options"])
            checks.expect(0 <= data["answer"] < n, f"expected an option index from 0 to {n - 1}, found {data['answer']}",
                          "answer")
            check_same_length(data, "feedback", n, "option", checks)
            check_keys(data, checks, n)

    def normalize(self, ex, answer):
        i = find_option(ex, answer)
        if i is None:
            n = len(ex["options"])
            raise AnswerError(f"expected one option number from 0 to {n - 1}")
        return option_keys(ex)[i]

    def index(self, ex, key) -> int:
        keys = option_keys(ex)
        if key not in keys:
            raise Removed(f"you chose {quote(key)}: this option was removed from the exercise")
        return keys.index(key)

    def grade(self, ex, key):
        i = self.index(ex, key)
        right = i == ex["answer"]
        return right, [f"{'Right.' if right else 'Not quite.'} {ex['feedback'][i]}"]

    def solution(self, ex):
        i = ex["answer"]
        return [f"model answer: option {i}, {quote(ex['options'][i])}. {ex['feedback'][i]}"]

    def form(self, ex):
        return "..."  # a placeholder, never a number: an example could be the answer

    def form_help(self, ex):
        return f"the number of the option you choose, from 0 to {len(ex['options']) - 1}"

    def answer_lines(self, ex, key):
        return [option_text(ex, key)]

    def control(self, ex):
        import ipywidgets as w

        radio = w.RadioButtons(options=list(zip(ex["options"], option_keys(ex))), value=None,
                               description="Answer", **WIDE)

        def read():
            if radio.value is None:
                raise AnswerError("choose an option first, then press Check.")
            return radio.value

        def write(key):
            radio.value = key if key in option_keys(ex) else None

        return [radio], read, write


KIND = Choice()


# ---------------------------------------------------------------- cues: can the answer be guessed unread?

CUE_LIMITS = {"course_longest": 0.30, "lesson_longest": 0.50, "position": 0.40,
              # and the other way round: if the right option is never the longest, a student learns to
              # rule the longest out (checked once a course has ten choice exercises)
              "course_longest_min": 0.10}


def right_is_longest(ex) -> bool:
    """Whether the right option is (one of) the longest in characters: ties count as longest."""
    lengths = [len(squash(o)) for o in ex["options"]]
    return lengths[ex["answer"]] == max(lengths)


def cue_figures(exercises) -> dict:
    """Cue figures over the ``choice`` exercises given (e.g. banks.all_exercises()).

    Returns {"n", "longest", "longest_share", "positions": {index: count}, "position_shares",
    "lessons": {lesson: {"n", "longest", "longest_share"}}}.
    """
    choice = [ex for ex in exercises if ex.kind == "choice"]
    lessons: dict[str, dict] = {}
    positions: dict[int, int] = {}
    for ex in choice:
        entry = lessons.setdefault(ex.lesson, {"n": 0, "longest": 0})
        entry["n"] += 1
        entry["longest"] += right_is_longest(ex)
        positions[ex["answer"]] = positions.get(ex["answer"], 0) + 1
    for entry in lessons.values():
        entry["longest_share"] = entry["longest"] / entry["n"]
    n = len(choice)
    longest = sum(e["longest"] for e in lessons.values())
    return {"n": n, "longest": longest, "longest_share": longest / n if n else 0.0,
            "positions": dict(sorted(positions.items())),
            "position_shares": {p: c / n for p, c in sorted(positions.items())},
            "lessons": dict(sorted(lessons.items()))}


def cue_problems(figures: dict, limits: dict = CUE_LIMITS) -> list[str]:
    """Every cue figure beyond its limit, as a sentence; [] when the options are fair."""
    out = []
    if figures["n"] >= 10 and figures["longest_share"] < limits["course_longest_min"]:
        out.append(f"course: the right option is the longest in only {figures['longest']} of {figures['n']} choice "
                   f"exercises ({figures['longest_share']:.0%}; at least {limits['course_longest_min']:.0%}, or "
                   "ruling out the longest option becomes a cue)")
    if figures["n"] and figures["longest_share"] > limits["course_longest"]:
        out.append(f"course: the right option is the longest in {figures['longest']} of {figures['n']} choice "
                   f"exercises ({figures['longest_share']:.0%}; at most {limits['course_longest']:.0%})")
    for lesson, e in figures["lessons"].items():
        if e["longest_share"] > limits["lesson_longest"]:
            out.append(f"lesson {lesson}: the right option is the longest in {e['longest']} of {e['n']} "
                       f"({e['longest_share']:.0%}; at most {limits['lesson_longest']:.0%})")
    for position, share in figures["position_shares"].items():
        if share > limits["position"]:
            out.append(f"position {position} holds the right answer in {figures['positions'][position]} of "
                       f"{figures['n']} choice exercises ({share:.0%}; at most {limits['position']:.0%})")
    return out


def cue_report(figures: dict) -> list[str]:
    """The figures as lines for `make check`."""
    lines = [f"cues: right option longest (ties count) in {figures['longest']} of {figures['n']} choice exercises "
             f"({figures['longest_share']:.0%}; limits {CUE_LIMITS['course_longest_min']:.0%} to "
             f"{CUE_LIMITS['course_longest']:.0%})"]
    lines.append("cues: per lesson " + ", ".join(f"{lesson} {e['longest']}/{e['n']}"
                                                 for lesson, e in figures["lessons"].items())
                 + f" (limit {CUE_LIMITS['lesson_longest']:.0%} each)")
    lines.append("cues: right-answer positions " + ", ".join(f"{p}: {c}" for p, c in figures["positions"].items())
                 + f" (limit {CUE_LIMITS['position']:.0%} each)")
    return lines

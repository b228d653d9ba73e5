"""Exercises: ``exercise(id)`` shows a widget, ``check(id, answer)`` gives the same feedback as text.

Answers take the form the bank uses: an option index for ``choice``; a list of indices for
``multi``; a dict item -> category for ``classify``; a list of sentence indices for
``select``; a number for ``number``; a list of item indices for ``order``; a string for
``reflect``; a dict field -> text for ``sourcing``. Indices count from 0.

>>> check("00.1", 3)                                   # doctest: +SKIP
00.1: Right. ...

Every check is saved in the journal (:mod:`helpers.journal`). ``check`` never raises and
never shows a traceback: a malformed answer gets a message saying what form is expected.
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

from helpers import journal
from helpers.banks import SOURCING_FIELDS, BankError, Exercise, get_exercise

__all__ = ["Feedback", "check", "exercise", "solution", "hint", "model_answer", "describe", "REVEAL_AFTER"]

REVEAL_AFTER = 3  # wrong tries after which the widget shows the model answer


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``correct`` is True, False, or None (no single right answer)."""

    exercise_id: str
    correct: bool | None
    text: str
    warning: str | None = None

    def __str__(self) -> str:
        return self.text + (f"\nNote: {self.warning}" if self.warning else "")

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:  # IPython shows the text, nothing else
        p.text(str(self))


class AnswerError(ValueError):
    """An answer not in the expected form; the message says what was expected."""


# ---------------------------------------------------------------- public functions

def check(exercise_id: str, answer, *, record: bool = True) -> Feedback:
    """Check an answer, save it in the journal (unless ``record=False``) and return the feedback."""
    label = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)
    try:
        ex = get_exercise(exercise_id)
    except BankError as e:
        return Feedback(label, False, f"{label}: the exercise bank has an error; tell your instructor: {e}")
    except KeyError as e:
        return Feedback(label, False, f"{label}: {e.args[0]}")
    except Exception as e:  # never a traceback for a student
        return Feedback(label, False, f"{label}: sorry, this exercise could not be loaded ({type(e).__name__}: {e}); tell your instructor.")
    try:
        value = normalize(ex, answer)
    except AnswerError as e:
        return Feedback(ex.id, False, f"{ex.id}: {e}")
    except Exception:  # an answer of a shape nobody foresaw
        return Feedback(ex.id, False, f"{ex.id}: {_expected(ex, 'an answer', answer).args[0].replace('expected an answer, as in', 'expected an answer such as')}")
    try:
        correct, text = grade(ex, value)
    except Exception as e:
        return Feedback(ex.id, False, f"{ex.id}: sorry, this answer could not be checked ({type(e).__name__}); tell your instructor.")
    warning = None
    if record:
        try:
            journal.record(ex.id, ex.kind, value, correct)
            warning = journal.status()
        except Exception as e:  # the journal never stops a lesson
            warning = f"Your answer could not be saved ({type(e).__name__}); tell your instructor."
    return Feedback(ex.id, correct, text, warning)


def exercise(exercise_id: str):
    """Show exercise ``exercise_id`` as a widget, with the student's last saved answer restored."""
    from helpers import widgets  # ipywidgets loads only when a lesson shows an exercise

    return widgets.build(exercise_id)


def solution(exercise_id: str) -> Feedback:
    """The model answer, with its explanation (what the Show answer button reveals)."""
    try:
        ex = get_exercise(exercise_id)
    except (KeyError, BankError) as e:
        return Feedback(str(exercise_id), False, f"{exercise_id}: {e.args[0]}")
    return Feedback(ex.id, None, f"{ex.id}: {solution_text(ex)}")


def hint(exercise_id: str, n: int = 1) -> Feedback:
    """Hint number ``n`` (from 1), as the Hint button reveals them one by one."""
    try:
        ex = get_exercise(exercise_id)
    except (KeyError, BankError) as e:
        return Feedback(str(exercise_id), False, f"{exercise_id}: {e.args[0]}")
    hints = ex.hints
    if not hints:
        return Feedback(ex.id, None, f"{ex.id}: this exercise has no hints.")
    if not isinstance(n, int) or not 1 <= n <= len(hints):
        return Feedback(ex.id, None, f"{ex.id}: expected a hint number from 1 to {len(hints)}, found {n!r}")
    return Feedback(ex.id, None, f"{ex.id}: hint {n} of {len(hints)}: {hints[n - 1]}")


def model_answer(ex: Exercise | str):
    """The bank's model answer in the form ``check`` takes."""
    ex = get_exercise(ex) if isinstance(ex, str) else ex
    k = ex.kind
    if k in ("choice", "number"):
        return ex["answer"]
    if k in ("multi", "select", "order"):
        return list(ex["answer"])
    if k == "classify":
        return dict(zip(ex["items"], ex["answer"]))
    if k == "reflect":
        return ex["model_answer"]
    return {f: ex["model"][f] for f in SOURCING_FIELDS}


# ---------------------------------------------------------------- what a student types

def answer_form(ex: Exercise) -> str:
    """How to answer without widgets, e.g. ``check("03.2", <option index>)``."""
    forms = {
        "choice": "<option index>",
        "multi": "[<option index>, ...]",
        "classify": '{"<item>": "<category>", ...}',
        "select": "[<sentence index>, ...]",
        "number": "<a number>",
        "order": "[<item index first>, <second>, ...]",
        "reflect": '"<your answer>"',
        "sourcing": "{" + ", ".join(f'"{f}": "..."' for f in SOURCING_FIELDS) + "}",
    }
    return f'check("{ex.id}", {forms[ex.kind]})'


def describe(ex: Exercise) -> str:
    """The exercise as plain text (the widget's text/plain, shown where widgets don't render)."""
    lines = [f"Exercise {ex.id} ({ex.kind}): {ex.prompt.strip()}"]
    if ex.kind in ("choice", "multi", "order"):
        key = "items" if ex.kind == "order" else "options"
        lines += [f"  {i}: {text}" for i, text in enumerate(ex[key])]
    elif ex.kind == "classify":
        lines.append("  Categories: " + "; ".join(ex["categories"]))
        lines += [f"  {i}: {text}" for i, text in enumerate(ex["items"])]
    elif ex.kind == "select":
        lines.append(f"  Passage: {ex.doc}, paragraph{'s' if len(ex['paragraphs']) > 1 else ''} "
                     + ", ".join(str(p) for p in ex["paragraphs"]))
        lines += [f"  {i}: {s}" for i, s in enumerate(ex.passage)]
    elif ex.kind == "number" and ex["unit"]:
        lines.append(f"  Unit: {ex['unit']}")
    elif ex.kind == "sourcing":
        lines.append(f"  Document: {ex.doc}")
    lines.append(f"Without widgets: {answer_form(ex)}")
    return "\n".join(lines)


def _expected(ex: Exercise, what: str, found) -> AnswerError:
    shown = repr(found)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return AnswerError(f"expected {what}, as in {answer_form(ex)}; found {shown}")


def _index(value, n: int) -> int | None:
    """An index from 0 to n-1 out of an int (numpy's too), a whole float or a digit string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value < n:
        return value
    return None


def _index_list(ex: Exercise, answer, n: int, what: str, allow_empty: bool = False) -> list[int]:
    expected = f"a list of {what} indices from 0 to {n - 1}"
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        raise _expected(ex, expected, answer)
    values = list(answer)
    out = [_index(v, n) for v in values]
    if any(v is None for v in out):
        raise _expected(ex, expected, answer)
    if len(set(out)) != len(out):
        raise _expected(ex, expected + ", each once", answer)
    if not out and not allow_empty:
        raise AnswerError(f"expected at least one {what}: choose one or more, then check again")
    return out


def parse_number(value) -> float | None:
    """A number from an int, a float or a string such as '5,250' or '5.8'; None if it isn't one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def normalize(ex: Exercise, answer):
    """The answer in its canonical, JSON-able form; AnswerError says what was expected."""
    k = ex.kind
    if k == "choice":
        n = len(ex["options"])
        i = _index(answer, n)
        if i is None:
            raise _expected(ex, f"one option index from 0 to {n - 1}", answer)
        return i
    if k == "multi":
        return sorted(_index_list(ex, answer, len(ex["options"]), "option"))
    if k == "select":
        return sorted(_index_list(ex, answer, len(ex.passage), "sentence"))
    if k == "order":
        n = len(ex["items"])
        out = _index_list(ex, answer, n, "item")
        if len(out) != n:
            raise _expected(ex, f"all {n} item indices (0 to {n - 1}), each once, in the order you choose", answer)
        return out
    if k == "classify":
        return _normalize_classify(ex, answer)
    if k == "number":
        number = parse_number(answer)
        if number is None:
            raise _expected(ex, "a number such as 12 or 5.8", answer)
        return int(number) if number.is_integer() else number
    if k == "reflect":
        if not isinstance(answer, str):
            raise _expected(ex, "your answer as text in quotes", answer)
        if not answer.strip():
            raise AnswerError("expected your answer, found nothing: write a few sentences first")
        return answer.strip()
    if k == "sourcing":
        if not isinstance(answer, dict):
            raise _expected(ex, "a dict of the card's fields (" + ", ".join(SOURCING_FIELDS) + ")", answer)
        unknown = [key for key in answer if key not in SOURCING_FIELDS]
        if unknown:
            raise AnswerError(f"expected the fields {', '.join(SOURCING_FIELDS)}, found {unknown[0]!r}")
        if any(not isinstance(v, str) for v in answer.values()):
            raise _expected(ex, "text (in quotes) for every field", answer)
        card = {f: answer.get(f, "").strip() for f in SOURCING_FIELDS}
        if not any(card.values()):
            raise AnswerError("expected your source card, found every field empty: fill in at least one field")
        return card
    raise AnswerError(f"cannot check exercises of kind {k!r}")


def _normalize_classify(ex: Exercise, answer) -> dict:
    items, cats = ex["items"], ex["categories"]
    expected = f"a dict item -> category for all {len(items)} items (categories: {', '.join(cats)})"
    if isinstance(answer, (list, tuple)) and len(answer) == len(items):
        answer = dict(zip(items, answer))
    if not isinstance(answer, dict):
        raise _expected(ex, expected, answer)
    out: dict[str, str] = {}
    for key, value in answer.items():
        item = items[key] if _index(key, len(items)) is not None and not isinstance(key, str) else key
        if item not in items:
            raise AnswerError(f"expected one of the {len(items)} items as a key, found {key!r}")
        cat = cats[value] if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(cats) else value
        if cat not in cats:
            raise AnswerError(f"expected a category ({', '.join(cats)}) for {item!r}, found {value!r}")
        out[item] = cat
    missing = [i for i in items if i not in out]
    if missing:
        raise AnswerError(f"expected a category for every item; not sorted yet: {', '.join(repr(m) for m in missing)}")
    return {i: out[i] for i in items}


# ---------------------------------------------------------------- grading

def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _positions(ns: list[int]) -> str:
    words = [str(n) for n in ns]
    if len(words) == 1:
        return f"position {words[0]} is"
    return f"positions {', '.join(words[:-1])} and {words[-1]} are"


def _fmt(x: float) -> str:
    return f"{x:,.10g}" if abs(x) >= 10000 else f"{x:.10g}"


def grade(ex: Exercise, value) -> tuple[bool | None, str]:
    """(correct, feedback text) for a normalized answer."""
    correct, lines = _GRADERS[ex.kind](ex, value)
    if correct is True and ex["explanation"]:
        lines.append(ex["explanation"])
    head, *rest = lines
    return correct, "\n".join([f"{ex.id}: {head}", *rest])


def _grade_choice(ex, i):
    right = i == ex["answer"]
    return right, [f"{'Right.' if right else 'Not quite.'} {ex['feedback'][i]}"]


def _grade_multi(ex, chosen):
    want, got = set(ex["answer"]), set(chosen)
    opts, fb, missed = ex["options"], ex["feedback"], ex.get("missed")
    lines = []
    if got == want:
        lines.append(f"Right: you chose the {_count(len(want), 'option')} that fit.")
    else:
        fit = len(got & want)
        lines.append(f"Not yet: {fit} of your {_count(len(got), 'choice')} fit, and "
                     f"{_count(len(want - got), 'option')} that fit{'s' if len(want - got) == 1 else ''} "
                     f"{'is' if len(want - got) == 1 else 'are'} not chosen.")
    lines += [f"- {_q(opts[i])}: {fb[i]}" for i in chosen]
    if missed and got != want:
        lines += [f"- Not chosen: {missed[i]}" for i in sorted(want - got)]
    return got == want, lines


def _grade_classify(ex, sorted_items):
    items, fb = ex["items"], ex.get("feedback")
    wrong = [j for j, item in enumerate(items) if sorted_items[item] != ex["answer"][j]]
    if not wrong:
        return True, [f"Right: all {_count(len(items), 'item')} are in the right category."]
    lines = [f"Not yet: {len(items) - len(wrong)} of {len(items)} items are in the right category."]
    for j in wrong:
        line = f"- You put {_q(items[j])} under {_q(sorted_items[items[j]])}, which is not where it belongs."
        lines.append(f"{line} {fb[j]}" if fb and fb[j] else line)
    return False, lines


def _sentence_label(ex, i: int) -> str:
    words = ex.passage[i].split()
    start = " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
    return f"Sentence {i + 1} ({_q(start)})"


def _grade_select(ex, chosen):
    want, got = set(ex["answer"]), set(chosen)
    fb = ex.get("feedback")
    if got == want:
        lines = [f"Right: {'this sentence shows' if len(want) == 1 else f'these {len(want)} sentences show'} it."]
        if fb:
            lines += [f"- {_sentence_label(ex, i)}: {fb[i]}" for i in chosen if fb[i]]
        return True, lines
    fit, miss = len(got & want), len(want - got)
    lines = [f"Not yet: {fit} of your {_count(len(got), 'sentence')} show{'s' if fit == 1 else ''} it; "
             f"{_count(miss, 'sentence')} that show{'s' if miss == 1 else ''} it {'is' if miss == 1 else 'are'} not chosen."]
    for i in chosen:
        if i not in want:
            note = fb[i] if fb and fb[i] else "this one does not show it."
            lines.append(f"- {_sentence_label(ex, i)}: {note}")
    return False, lines


def _grade_number(ex, value):
    unit = f" {ex['unit']}" if ex["unit"] else ""
    if abs(value - ex["answer"]) <= ex["tolerance"] + 1e-9:
        return True, [f"Right: {_fmt(value)}{unit}. {ex['feedback']}".rstrip()]
    for mistake in ex["common_mistakes"]:
        if abs(value - mistake["value"]) <= mistake.get("tolerance", 0) + 1e-9:
            return False, [f"Not quite: {_fmt(value)}{unit}. {mistake['feedback']}"]
    default = ex["default"] or "Count again, step by step, and check your unit."
    return False, [f"Not quite: {_fmt(value)}{unit} is not it. {default}"]


def _grade_order(ex, order):
    items, fb, want = ex["items"], ex.get("feedback"), ex["answer"]
    wrong = [pos for pos in range(len(want)) if order[pos] != want[pos]]
    if not wrong:
        return True, [f"Right: all {len(items)} are in order."]
    lines = [f"Not yet: {_positions([p + 1 for p in wrong])} wrong."]
    if fb:
        lines += [f"- {_q(items[order[p]])}: {fb[order[p]]}" for p in wrong if fb[order[p]]]
    return False, lines


def _rubric(ex) -> list[str]:
    return (["Ask yourself:"] + [f"- {r}" for r in ex["rubric"]]) if ex["rubric"] else []


def _grade_reflect(ex, text):
    n = len(text.split())
    return None, [f"Saved ({_count(n, 'word')}). There is no single right answer; compare yours with a model answer:",
                  ex["model_answer"].strip(), *_rubric(ex)]


def _grade_sourcing(ex, card):
    filled = sum(1 for v in card.values() if v)
    lines = [f"Saved your source card ({filled} of {len(SOURCING_FIELDS)} fields filled). "
             "There is no single right answer; compare each field with a model card:"]
    for f in SOURCING_FIELDS:
        yours = _q(card[f]) if card[f] else "nothing yet"
        lines.append(f"- {f.capitalize()}: you wrote {yours}; model: {ex['model'][f].strip()}")
    return None, lines + _rubric(ex)


_GRADERS = {"choice": _grade_choice, "multi": _grade_multi, "classify": _grade_classify,
            "select": _grade_select, "number": _grade_number, "order": _grade_order,
            "reflect": _grade_reflect, "sourcing": _grade_sourcing}


def solution_text(ex: Exercise) -> str:
    """The model answer as text, with the bank's explanation."""
    k = ex.kind
    if k == "choice":
        i = ex["answer"]
        lines = [f"model answer: option {i}, {_q(ex['options'][i])}. {ex['feedback'][i]}"]
    elif k == "multi":
        lines = [f"model answer: options {', '.join(str(i) for i in ex['answer'])}."]
        lines += [f"- {_q(ex['options'][i])}: {ex['feedback'][i]}" for i in ex["answer"]]
    elif k == "classify":
        lines = ["model answer:"] + [f"- {_q(item)}: {cat}" for item, cat in zip(ex["items"], ex["answer"])]
    elif k == "select":
        lines = [f"model answer: sentence indices {', '.join(str(i) for i in ex['answer'])}."]
        lines += [f"- {_sentence_label(ex, i)}" for i in ex["answer"]]
    elif k == "number":
        unit = f" {ex['unit']}" if ex["unit"] else ""
        tol = f" (within {_fmt(ex['tolerance'])})" if ex["tolerance"] else ""
        lines = [f"model answer: {_fmt(ex['answer'])}{unit}{tol}. {ex['feedback']}".rstrip()]
    elif k == "order":
        lines = ["model answer, in order:"] + [f"- {n}. {ex['items'][i]}" for n, i in enumerate(ex["answer"], 1)]
    elif k == "reflect":
        lines = ["a model answer:", ex["model_answer"].strip(), *_rubric(ex)]
    else:
        lines = ["a model source card:"] + [f"- {f.capitalize()}: {ex['model'][f].strip()}" for f in SOURCING_FIELDS]
        lines += _rubric(ex)
    if ex["explanation"]:
        lines.append(ex["explanation"])
    return "\n".join(lines)

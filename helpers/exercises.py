"""Exercises without widgets: ``check(id, answer)`` grades, saves and teaches; ``judge`` re-grades a
saved answer against the bank as it is now (the widget's restore and the dossier both use it).

Plain answers a student can type (numbers count from 0): ``choice`` an option number;
``multi`` a list of option numbers; ``classify`` a list of category numbers, one per item in
item order; ``select`` a list of sentence numbers; ``number`` a number; ``order`` a list of
item numbers; ``reflect`` a text; ``sourcing`` a list of six texts (or a dict field -> text);
``essay`` ``[question number, text]`` or ``[question number, text, [self-scores]]``.

Feedback teaches before it tells: a first wrong try gets what is wrong about that answer; the
second also gets a hint; the third (or ``solution(id)``) the model answer. Writing kinds show
their model answer only after a genuine attempt (enough words). ``check`` never raises.

>>> check("00.1", 3)                                   # doctest: +SKIP
00.1: Right. ...
"""
from __future__ import annotations

import sys

import inspect
from dataclasses import dataclass

from helpers import journal, kinds
from helpers.banks import BankError, Exercise, get_exercise
from helpers.kinds.base import AnswerError, Removed, text_to_html

__all__ = ["Feedback", "Judgement", "check", "judge", "answered", "solution", "hint", "model_answer",
           "describe", "answer_form", "normalize", "grade", "solution_text", "unlocked", "journal_warning",
           "REVEAL_AFTER", "AnswerError"]

REVEAL_AFTER = 3  # tries after which a wrong answer gets the model answer


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``correct`` is True, False, or None (no single right answer).

    ``text`` is everything a student sees (with any journal warning); ``body`` is the
    feedback alone and ``reveal`` the model answer when shown, so a widget can place them apart.
    """

    exercise_id: str
    correct: bool | None
    text: str
    warning: str | None = None
    body: str = ""
    reveal: str | None = None

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:  # IPython shows the text, nothing else
        p.text(str(self))

    def _repr_html_(self) -> str:
        """In a notebook: the feedback as prose in the notebook's font (escaped), not as monospace
        text broken mid-word; text/plain stays for other readers."""
        return f'<div class="rr-check-feedback" role="status">{text_to_html(str(self))}</div>'


def _feedback(ex_id: str, correct, body: str, reveal: str | None = None, warning: str | None = None) -> Feedback:
    text = "\n".join(part for part in (body, reveal, f"Warning: {warning}" if warning else None) if part)
    return Feedback(ex_id, correct, text, warning, body, reveal)


# ---------------------------------------------------------------- the journal, called defensively

def journal_warning() -> str | None:
    """The journal's warning (unwritable, damaged, replaced, ...), or None; never raises."""
    try:
        return journal.status()
    except Exception as e:
        return f"the journal of your answers could not be checked ({type(e).__name__}); tell your instructor."


def _record(ex: Exercise, value, correct) -> int:
    params = inspect.signature(journal.record).parameters
    if "version" in params:
        return journal.record(ex.id, ex.kind, value, correct, version=ex.version)
    return journal.record(ex.id, ex.kind, value, correct)


def _last_record(exercise_id: str) -> dict | None:
    try:
        return journal.last_record(exercise_id)
    except Exception:
        return None


def _tries_so_far(exercise_id: str) -> int:
    rec = _last_record(exercise_id)
    return int(rec.get("attempt") or 0) if rec else 0


# ---------------------------------------------------------------- public functions

def _load(exercise_id) -> tuple[Exercise | None, Feedback | None]:
    label = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)
    try:
        return get_exercise(exercise_id), None
    except BankError as e:
        return None, _feedback(label, False, f"{label}: the exercise bank has an error; tell your instructor: {e}")
    except KeyError as e:
        return None, _feedback(label, False, f"{label}: {e.args[0]}")
    except Exception as e:  # never a traceback for a student
        return None, _feedback(label, False, f"{label}: sorry, this exercise could not be loaded "
                                             f"({type(e).__name__}: {e}); tell your instructor.")


def check(exercise_id: str, answer, *, record: bool = True) -> Feedback:
    """Check an answer, save it in the journal (unless ``record=False``) and return the feedback."""
    ex, error = _load(exercise_id)
    if error is not None:
        return error
    try:
        value = normalize(ex, answer)
    except AnswerError as e:
        return _feedback(ex.id, False, f"{ex.id}: {_with_example(ex, str(e), answer)}")
    except Exception:  # an answer of a shape nobody foresaw
        return _feedback(ex.id, False, f'{ex.id}: expected an answer such as {answer_form(ex)}; found {_shown(answer)}')
    try:
        correct = _verdict(ex, value)
    except Exception as e:
        return _feedback(ex.id, False, f"{ex.id}: sorry, this answer could not be checked ({type(e).__name__}); "
                                       "tell your instructor.")
    if record:
        try:
            attempt = _record(ex, value, correct)
            warning = journal_warning()
        except Exception as e:  # the journal never stops a lesson
            attempt = _tries_so_far(ex.id) + 1
            warning = f"Your answer could not be saved ({type(e).__name__}); tell your instructor."
    else:
        attempt = _tries_so_far(ex.id) + 1
        warning = journal_warning()
    try:
        body, reveal = feedback_text(ex, value, int(attempt))
    except Exception as e:
        body, reveal = f"{ex.id}: sorry, the feedback could not be shown ({type(e).__name__}); tell your instructor.", None
    return _feedback(ex.id, correct, body, reveal, warning)


def _verdict(ex: Exercise, value) -> bool | None:
    spec = kinds.get(ex.kind)
    if spec.writing and not spec.genuine(ex, value):
        return None
    return spec.grade(ex, value)[0]


def feedback_text(ex: Exercise, value, attempt: int) -> tuple[str, str | None]:
    """(feedback, model answer or None) for a stored answer at its ``attempt``-th try."""
    spec = kinds.get(ex.kind)
    if spec.writing and not spec.genuine(ex, value):
        return f"{ex.id}: {spec.short(ex, value)}", None
    correct, lines = spec.grade(ex, value)
    reveal = None
    if correct is True and ex["explanation"]:
        lines.append(ex["explanation"])
    if correct is False:
        hints = ex.hints
        if attempt >= 2:
            lines += spec.second_try(ex, value)
        if attempt >= 2 and hints:
            k = min(attempt - 2, len(hints) - 1)
            lines.append(f"Hint {k + 1} of {len(hints)}: {hints[k]}")
        if attempt >= REVEAL_AFTER:
            reveal = f"After {attempt} tries, here is the {solution_text(ex)}"
    head, *rest = lines
    return "\n".join([f"{ex.id}: {head}", *rest]), reveal


def solution(exercise_id: str) -> Feedback:
    """The model answer with its explanation (what Show answer reveals); writing kinds ask for writing first."""
    ex, error = _load(exercise_id)
    if error is not None:
        return error
    lines = unlocked(ex)
    if lines is None:
        return _feedback(ex.id, None, f"{ex.id}: {write_first(ex)}")
    return _feedback(ex.id, None, f"{ex.id}: " + "\n".join(lines))


def write_first(ex: Exercise) -> str:
    """Why a writing exercise's model answer is not shown yet, with the number of words expected."""
    if ex.kind == "sourcing":
        need = "at least 3 words in every field of the card"
    else:
        need = f"at least {ex['min_words']} words"
    return (f"write {need} and press Check first: the model answer appears after a genuine attempt, "
            "so that you compare it with your own reading.")


def unlocked(ex: Exercise) -> list[str] | None:
    """The model answer's lines (explanation included) if the student may see it now, else None."""
    spec = kinds.get(ex.kind)
    if not spec.writing:
        return solution_text(ex).split("\n")
    lines = spec.unlocked_solution(ex, _genuine_values(ex))
    if lines is None:
        return None
    return lines + ([ex["explanation"]] if ex["explanation"] else [])


def _genuine_values(ex: Exercise) -> list:
    """Saved answers to this version of the exercise that were genuine attempts."""
    spec = kinds.get(ex.kind)
    rows: list[dict] = []
    try:
        frame = journal.history(ex.id)
        rows = frame.to_dict("records")
        if "version" not in frame.columns:  # a journal that does not record versions: trust the latest only
            rows = [r for r in [_last_record(ex.id)] if r]
    except Exception:
        rows = [r for r in [_last_record(ex.id)] if r]
    out = []
    for r in rows:
        if r.get("version") != ex.version:
            continue
        try:
            value = normalize(ex, r["answer"])
            if spec.genuine(ex, value):
                out.append(value)
        except Exception:
            continue
    return out


def hint(exercise_id: str, n: int = 1) -> Feedback:
    """Hint number ``n`` (from 1), as the Hint button reveals them one by one."""
    ex, error = _load(exercise_id)
    if error is not None:
        return error
    hints = ex.hints
    if not hints:
        return _feedback(ex.id, None, f"{ex.id}: this exercise has no hints.")
    if not isinstance(n, int) or not 1 <= n <= len(hints):
        return _feedback(ex.id, None, f"{ex.id}: expected a hint number from 1 to {len(hints)}, found {n!r}")
    return _feedback(ex.id, None, f"{ex.id}: hint {n} of {len(hints)}: {hints[n - 1]}")


def answered(exercise_id: str) -> bool:
    """True once the journal holds an answer to this exercise; otherwise say so and return False.

    For a cell that confirms an exercise's answer: ``if answered("06.2"): display(table)``.
    """
    if _last_record(exercise_id) is not None:
        return True
    # one write, line end included: print() writes the text and the newline apart, and a kernel can
    # send them as two outputs, which would make a rebuilt notebook differ from run to run
    sys.stdout.write(f"Answer exercise {exercise_id} above first, then run this cell again.\n")
    return False


def model_answer(ex: Exercise | str):
    """The bank's model answer in the plain form ``check`` takes."""
    ex = get_exercise(ex) if isinstance(ex, str) else ex
    return kinds.get(ex.kind).model(ex)


def normalize(ex: Exercise, answer):
    """The answer in its stored form (by stable keys); AnswerError says what was expected."""
    return kinds.get(ex.kind).normalize(ex, answer)


def grade(ex: Exercise, value) -> tuple[bool | None, str]:
    """(correct, first-try feedback text) for a stored answer."""
    body, _ = feedback_text(ex, value, 1)
    return _verdict(ex, value), body


def solution_text(ex: Exercise) -> str:
    """The model answer as text, with the bank's explanation (no gate: callers decide when)."""
    lines = kinds.get(ex.kind).solution(ex)
    return "\n".join(lines + ([ex["explanation"]] if ex["explanation"] else []))


# ---------------------------------------------------------------- a saved answer, judged now

@dataclass(frozen=True)
class Judgement:
    """A saved answer judged against the bank as it is now.

    ``status``: "graded" (same version: ``correct`` and ``text`` as check() gives), "earlier"
    (an answer to an earlier version: never graded), "removed" (it names an option no longer
    in the exercise: never graded, never shown as another option), "unreadable". ``lines``:
    the answer in words, for the dossier; ``result``: the one-line verdict the dossier prints.
    """

    status: str
    correct: bool | None
    text: str
    lines: list
    value: object = None
    result: str = ""


EARLIER = "an answer to an earlier version of this exercise"


def _legacy_lines(answer) -> list[str]:
    if isinstance(answer, str):
        return answer.split("\n")
    if isinstance(answer, dict) and all(isinstance(v, (str, int, float)) for v in answer.values()):
        return [f"{k}: {v}" for k, v in answer.items()]
    return [f"saved as {answer!r} (by position, by an earlier version of the course)"]


def _ungraded(ex: Exercise, status: str, why: str, lines: list, value=None) -> Judgement:
    text = f"{ex.id}: your last saved answer is not graded: {why}. Please answer again."
    return Judgement(status, None, text, lines, value, f"Not graded: {why}")


def judge(ex: Exercise, record: dict) -> Judgement:
    """Judge a journal record {answer, version, attempt} against the exercise as it is now.

    A record without a version (journals written before answers were saved by key, holding
    option positions) is treated as an answer to an earlier version: shown, never graded.
    """
    spec = kinds.get(ex.kind)
    answer, version = record.get("answer"), record.get("version")
    attempt = int(record.get("attempt") or 1)
    if not version:
        return _ungraded(ex, "earlier", f"{EARLIER} (saved before answers were recorded by key)",
                         _legacy_lines(answer))
    try:
        lines = spec.answer_lines(ex, answer)
    except Exception:
        lines = _legacy_lines(answer)
    earlier = version != ex.version
    try:
        spec.grade(ex, answer)
    except Removed as e:
        why = f"{EARLIER}: {e}" if earlier else str(e)
        return _ungraded(ex, "removed", why, lines, answer)
    except Exception:
        return _ungraded(ex, "earlier" if earlier else "unreadable",
                         EARLIER if earlier else "this saved answer could not be read", lines)
    if earlier:
        return _ungraded(ex, "earlier", EARLIER, lines, answer)
    try:
        value = normalize(ex, answer)
        body, _ = feedback_text(ex, value, attempt)
        correct = _verdict(ex, value)
    except Exception:
        return _ungraded(ex, "unreadable", "this saved answer could not be read", lines)
    result = "Open" if correct is None else ("Right" if correct else "Not yet right")
    if spec.writing and not spec.genuine(ex, value):
        result = "Draft, not yet long enough for the model answer"
    return Judgement("graded", correct, body, lines, value, result)


# ---------------------------------------------------------------- what a student types

def answer_form(ex: Exercise) -> str:
    """How to answer without widgets: ``check("05.2", [..., ..., ...])``, the ... to be replaced by the
    student's numbers (a placeholder, never a real example, which could be the right answer)."""
    return f'check("{ex.id}", {kinds.get(ex.kind).form(ex)})'


def describe(ex: Exercise) -> str:
    """The exercise as plain text (the widget's text/plain, shown where widgets don't render)."""
    spec = kinds.get(ex.kind)
    lines = [f"Exercise {ex.id} ({ex.kind}): {ex.prompt.strip()}", *spec.describe(ex)]
    how = "replacing ... with" if "..." in spec.form(ex) else "giving"
    lines.append(f"Without widgets: {answer_form(ex)}, {how} {spec.form_help(ex)}.")
    return "\n".join(lines)


def _shown(answer) -> str:
    shown = repr(answer)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _with_example(ex: Exercise, message: str, answer) -> str:
    if message.startswith("expected") and "found" not in message:
        return f"{message}, as in {answer_form(ex)}; found {_shown(answer)}"
    return message

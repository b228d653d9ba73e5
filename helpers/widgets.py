"""The exercise widget: ``exercise(id)`` shows the kind's controls, Check / Hint / Show answer and
feedback in HTML, with the last saved answer restored and judged as :func:`exercises.judge` does.

Imports point one way: widgets -> exercises -> kinds, banks, journal. ``import helpers`` never
loads this module (``helpers.exercise`` loads it on first use). Every text shown is
HTML-escaped. Stable CSS classes let browser tests and stylesheets find the parts:
rr-exercise, rr-kind-<kind>, rr-ex-<id with . as ->, rr-prompt, rr-control, rr-check, rr-hint,
rr-reveal, rr-feedback, rr-hints, rr-answer, rr-warning.
"""
from __future__ import annotations

import ipywidgets as w

from helpers import journal, kinds
from helpers.banks import Exercise
from helpers.exercises import (REVEAL_AFTER, AnswerError, _load, check, describe, journal_warning, judge, unlocked,
                               write_first)
from helpers.kinds.base import LONG_CHOICE, classes, esc, text_to_html

__all__ = ["exercise", "build", "ExerciseBox", "to_html"]

VERDICT = {True: ("\u2713 ", "#1a7f37"), False: ("\u2717 ", "#b35900"), None: ("\u270e ", "#0969da")}
# The house layout of an exercise (one stylesheet, scoped to .rr-exercise; see helpers/display.py for
# tables). Text wraps at words instead of being cut off; single-line spacing; a radio button or a
# checkbox sits beside the first line of its option; a drop-down is as wide as its longest choice,
# beside its item when both fit and under it when they do not; the verdict mark starts the feedback.
STYLE = ("<style>"
         ".rr-exercise .widget-html-content {line-height: 1.45; white-space: normal; overflow-wrap: break-word;}"
         ".rr-exercise .widget-html-content p {margin: 0 0 0.35em 0;}"
         ".rr-exercise .widget-html-content ul {margin: 0 0 0.35em 0; padding-left: 1.4em;}"
         ".rr-exercise .widget-html, .rr-exercise .widget-html-content {height: auto;}"
         ".rr-exercise .widget-label, .rr-exercise .widget-label-basic, .rr-exercise .widget-label-basic span"
         " {white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.45;}"
         ".rr-exercise .widget-inline-hbox .widget-label {text-align: left;}"
         ".rr-exercise .widget-radio, .rr-exercise .widget-checkbox, .rr-exercise .widget-dropdown,"
         " .rr-exercise .widget-text, .rr-exercise .widget-textarea {height: auto; max-width: 100%;}"
         ".rr-exercise .widget-radio {flex-wrap: wrap; align-items: flex-start;}"
         ".rr-exercise .widget-radio > .widget-label {flex: 0 0 auto; padding-top: 0.15em;}"
         ".rr-exercise .widget-radio-box {flex: 1 1 24em; min-width: 0; height: auto;}"
         ".rr-exercise .widget-radio-box label, .rr-exercise .widget-checkbox label.widget-label-basic"
         " {display: flex; align-items: flex-start; gap: 0.5em; width: 100%; height: auto; margin: 0 0 0.35em 0;"
         " white-space: normal; overflow: visible; line-height: 1.45;}"
         # a radio's label holds its text, then its input (floated left by ipywidgets): reversed, the
         # button comes first, beside the first line of the text
         ".rr-exercise .widget-radio-box label {flex-direction: row-reverse; justify-content: flex-end;}"
         ".rr-exercise .widget-radio-box input, .rr-exercise .widget-checkbox input"
         " {flex: 0 0 auto; margin: 0.25em 0 0 0; height: 1em;}"
         ".rr-exercise .widget-checkbox {width: 100%; align-items: flex-start;}"
         ".rr-exercise .widget-checkbox input[type='checkbox'] {align-self: flex-start; flex-grow: 0;"
         " margin: 0.3em 0 0 0; height: auto; line-height: normal;}"
         ".rr-exercise .widget-dropdown {flex-wrap: wrap; align-items: center; column-gap: 0.6em; row-gap: 0.2em;"
         " margin-bottom: 0.4em;}"
         ".rr-exercise .widget-dropdown > .widget-label {flex: 0 1 auto; min-width: 0;}"
         ".rr-kind-classify .widget-dropdown > .widget-label {flex: 0 1 30em;}"  # the drop-downs in one column
         ".rr-exercise .widget-dropdown > select {flex: 0 0 auto; width: auto; max-width: 100%;"
         " min-width: 12em; height: var(--jp-widgets-inline-height, 28px); margin-left: 0;}"
         "</style>")


class ExerciseBox(w.VBox):
    """A VBox whose text/plain is the exercise as text: stable for nbval, useful without widgets."""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = self.rr_text
        return data

    def __repr__(self) -> str:
        return getattr(self, "rr_text", "ExerciseBox()")


def to_html(text: str) -> str:
    """Plain feedback text as HTML (see :func:`helpers.kinds.base.text_to_html`)."""
    return text_to_html(text)


def _verdict_html(text: str, correct: bool | None) -> str:
    """The feedback with its mark (\u2713, \u2717 or \u270e) inline at the start of its first line."""
    mark, colour = VERDICT[correct]
    body = to_html(text)
    span = f'<span aria-hidden="true" style="color: {colour}; font-weight: bold">{mark}</span>'
    body = body.replace("<p>", f"<p>{span}", 1) if body.startswith("<p>") else f"<p>{span}</p>{body}"
    return (f'<div class="rr-verdict" role="status" aria-live="polite" style="border-left: 4px solid {colour}; '
            f'padding-left: 0.6em">{body}</div>')


def _warning_html(message: str | None) -> str:
    if not message:
        return ""
    return (f'<div role="alert" style="border: 2px solid #b35900; padding: 0.4em 0.6em">'
            f"<strong>Warning:</strong> {esc(message)}</div>")


def _answer_html(lines: list[str]) -> str:
    return (f'<div style="border-left: 4px solid #6639ba; padding-left: 0.6em">'
            f"<p><strong>Model answer</strong></p>{to_html(chr(10).join(lines))}</div>")


def _long_questions(ex: Exercise) -> str:
    """An essay's questions in full, numbered, when they are too long for its drop-down."""
    qs = ex.data.get("questions") if ex.kind == "essay" and hasattr(ex, "data") else None
    if not qs or max(len(q) for q in qs) <= LONG_CHOICE:
        return ""
    return "<p>The questions:</p><ul>" + "".join(f"<li><strong>{i}:</strong> {esc(q)}</li>" for i, q in enumerate(qs)) + "</ul>"


def _error_box(exercise_id, message: str) -> ExerciseBox:
    box = ExerciseBox([classes(w.HTML(_warning_html(message)), "rr-warning")])
    classes(box, "rr-exercise", "rr-error")
    box.rr_text = message
    return box


def exercise(exercise_id: str) -> ExerciseBox:
    """Show exercise ``exercise_id`` as a widget, with the student's last saved answer restored.

    Never raises: a broken bank, corpus or journal shows the message ``check()`` would give.
    """
    try:
        return build(exercise_id)
    except Exception as e:
        return _error_box(exercise_id, f"{exercise_id}: sorry, this exercise could not be shown "
                                       f"({type(e).__name__}: {e}); tell your instructor.")


def build(exercise_id: str) -> ExerciseBox:
    """The widget for one exercise (see :func:`exercise`)."""
    ex, error = _load(exercise_id)
    if error is not None:
        return _error_box(exercise_id, error.text)
    spec = kinds.get(ex.kind)
    controls, read, write = spec.control(ex)
    for c in controls:
        if not isinstance(c, w.HTML):
            classes(c, "rr-control")
    tip = "Save your answer and compare it with a model answer" if spec.open else "Save your answer and get feedback"
    check_btn = classes(w.Button(description="Check", tooltip=tip, button_style="primary"), "rr-check")
    hint_btn = classes(w.Button(description="Hint" if ex.hints else "No hints", disabled=not ex.hints,
                                tooltip="Show one more hint"), "rr-hint")
    reveal_tip = "Show a model answer (after you have written your own)" if spec.writing else "Show a model answer"
    reveal_btn = classes(w.Button(description="Show answer", tooltip=reveal_tip), "rr-reveal")
    prompt = classes(w.HTML(f"{STYLE}<p><strong>{esc(ex.id)}</strong> {esc(ex.prompt.strip())}</p>"
                            + _long_questions(ex)), "rr-prompt")
    feedback = classes(w.HTML(""), "rr-feedback")
    hints_html = classes(w.HTML(""), "rr-hints")
    answer_html = classes(w.HTML(""), "rr-answer")
    warning = classes(w.HTML(""), "rr-warning")
    box = ExerciseBox([prompt, *controls, w.HBox([check_btn, hint_btn, reveal_btn]),
                       feedback, hints_html, answer_html, warning])
    classes(box, "rr-exercise", f"rr-kind-{ex.kind}", "rr-ex-" + ex.id.replace(".", "-"))
    box.rr_text = describe(ex)
    box.exercise, box.controls = ex, controls
    box.check_button, box.hint_button, box.reveal_button = check_btn, hint_btn, reveal_btn
    box.feedback, box.hints_html, box.answer_html, box.warning = feedback, hints_html, answer_html, warning
    state = {"hints": 0}

    def reveal(_=None):
        lines = unlocked(ex)
        if lines is None:
            answer_html.value = _verdict_html(f"{ex.id}: {write_first(ex)}", None)
        else:
            answer_html.value = _answer_html(lines)

    def show_hint(_=None):
        hints = ex.hints
        state["hints"] = min(state["hints"] + 1, len(hints))
        n = state["hints"]
        hints_html.value = "".join(f"<p><strong>Hint {i} of {len(hints)}:</strong> {esc(h)}</p>"
                                   for i, h in enumerate(hints[:n], 1))
        if n >= len(hints):
            hint_btn.disabled, hint_btn.description = True, "No more hints"

    def on_check(_=None):
        try:
            answer = read()
        except AnswerError as e:
            feedback.value = _verdict_html(f"{ex.id}: {e}", None)
            return
        except Exception:  # a control in an unforeseen state: say so, never fail silently
            feedback.value = _verdict_html(f"{ex.id}: this answer could not be read; please answer again.", None)
            return
        fb = check(ex.id, answer)
        feedback.value = _verdict_html(fb.body or fb.text, fb.correct)
        warning.value = _warning_html(fb.warning)
        if fb.reveal:
            reveal()

    check_btn.on_click(on_check)
    hint_btn.on_click(show_hint)
    reveal_btn.on_click(reveal)
    _restore(ex, write, feedback, reveal)
    warning.value = _warning_html(journal_warning())
    return box


def _restore(ex: Exercise, write, feedback: w.HTML, reveal) -> None:
    """Put the last saved answer back into the controls, judged as the dossier judges it."""
    try:
        rec = journal.last_record(ex.id)
    except Exception:
        rec = None
    if rec is None:
        return
    verdict = judge(ex, rec)
    if verdict.status != "graded":
        feedback.value = _verdict_html(verdict.text, None)
        return
    try:
        write(verdict.value)
    except Exception:
        feedback.value = _verdict_html(f"{ex.id}: your last saved answer could not be restored; please answer "
                                       "again.", None)
        return
    note = f"Your last saved answer (attempt {rec.get('attempt', 1)}) is restored."
    feedback.value = _verdict_html(f"{verdict.text}\n{note}", verdict.correct)
    if verdict.correct is False and int(rec.get("attempt") or 1) >= REVEAL_AFTER:
        reveal()

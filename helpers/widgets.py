"""The exercise widget: controls for each kind, Check / Hint / Show answer, feedback in HTML.

Imported only by :func:`helpers.exercises.exercise`, so ``import helpers`` never loads
ipywidgets. Every text shown is HTML-escaped (bank text and student text alike). Stable CSS
classes let browser tests and stylesheets find the parts: rr-exercise, rr-kind-<kind>,
rr-ex-<id with . as ->, rr-prompt, rr-control, rr-check, rr-hint, rr-reveal, rr-feedback,
rr-hints, rr-answer, rr-warning.
"""
from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from helpers import journal
from helpers.banks import SOURCING_FIELDS, BankError, Exercise, get_exercise
from helpers.exercises import (REVEAL_AFTER, AnswerError, check, describe, grade, normalize,
                               solution_text)

__all__ = ["build", "ExerciseBox"]

PLACEHOLDERS = {
    "author": "Who made it: a person or a body?",
    "date": "When was it made, and when published?",
    "audience": "For whom was it made?",
    "purpose": "Why was it made?",
    "reliability": "How far can you trust it, and for what?",
    "why": "Why do you think so? Point to the document or its metadata.",
}
VERDICT = {True: ("\u2713 ", "#1a7f37"), False: ("\u2717 ", "#b35900"), None: ("\u270e ", "#0969da")}
# Long option texts wrap instead of being cut off.
STYLE = ("<style>.rr-exercise .widget-label-basic, .rr-exercise .widget-label-basic span,"
         ".rr-exercise .widget-radio-box label {white-space: normal; overflow: visible;"
         " text-overflow: clip; height: auto; line-height: 1.4;}"
         ".rr-exercise .widget-radio-box label {margin-bottom: 0.3em;}"
         ".rr-exercise .widget-checkbox {height: auto; align-items: flex-start;}</style>")


class ExerciseBox(w.VBox):
    """A VBox whose text/plain is the exercise as text: stable for nbval, useful without widgets."""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = self.rr_text
        return data

    def __repr__(self) -> str:
        return getattr(self, "rr_text", "ExerciseBox()")


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def to_html(text: str) -> str:
    """Plain feedback text as HTML: every line escaped, '- ' lines as a list."""
    out: list[str] = []
    in_list = False
    for line in text.split("\n"):
        if line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{_esc(line[2:])}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line.strip():
            out.append(f"<p>{_esc(line)}</p>")
    if in_list:
        out.append("</ul>")
    return "".join(out)


def _verdict_html(text: str, correct: bool | None) -> str:
    mark, colour = VERDICT[correct]
    return (f'<div role="status" aria-live="polite" style="border-left: 4px solid {colour}; padding-left: 0.6em">'
            f'<span aria-hidden="true" style="color: {colour}">{mark}</span>{to_html(text)}</div>')


def _warning_html(message: str | None) -> str:
    if not message:
        return ""
    return (f'<div role="alert" style="border: 2px solid #b35900; padding: 0.4em 0.6em">'
            f"<strong>Warning:</strong> {_esc(message)}</div>")


def _classes(widget: w.Widget, *names: str) -> w.Widget:
    for name in names:
        widget.add_class(name)
    return widget


# ---------------------------------------------------------------- controls per kind
# Each returns (widgets to show, read() -> answer for check(), write(answer) to restore).

Controls = tuple[list, Callable[[], object], Callable[[object], None]]
WIDE = {"layout": {"width": "auto"}, "style": {"description_width": "initial"}}


def _choice(ex: Exercise) -> Controls:
    radio = w.RadioButtons(options=[(o, i) for i, o in enumerate(ex["options"])], value=None,
                           description="Answer", **WIDE)

    def read():
        if radio.value is None:
            raise AnswerError("choose an option first, then press Check.")
        return radio.value

    def write(answer):
        radio.value = answer

    return [radio], read, write


def _multi(ex: Exercise) -> Controls:
    boxes = [w.Checkbox(value=False, description=o, indent=False, **WIDE) for o in ex["options"]]

    def read():
        chosen = [i for i, b in enumerate(boxes) if b.value]
        if not chosen:
            raise AnswerError("tick one or more options first, then press Check.")
        return chosen

    def write(answer):
        for i, b in enumerate(boxes):
            b.value = i in answer

    return boxes, read, write


def _classify(ex: Exercise) -> Controls:
    menus = [w.Dropdown(options=ex["categories"], value=None, description=item, **WIDE) for item in ex["items"]]

    def read():
        missing = sum(1 for m in menus if m.value is None)
        if missing:
            raise AnswerError(f"choose a category for every item first ({missing} not sorted yet).")
        return {item: m.value for item, m in zip(ex["items"], menus)}

    def write(answer):
        for item, m in zip(ex["items"], menus):
            m.value = answer.get(item)

    return menus, read, write


def _select(ex: Exercise) -> Controls:
    paras = ex["paragraphs"]
    where = f"{ex.doc}, paragraph{'s' if len(paras) > 1 else ''} {', '.join(str(p) for p in paras)}"
    source = _classes(w.HTML(f"<p><em>Passage: {_esc(where)}</em></p>"), "rr-passage")
    boxes = [w.Checkbox(value=False, description=f"Sentence {i + 1}: {s}", indent=False, **WIDE)
             for i, s in enumerate(ex.passage)]

    def read():
        chosen = [i for i, b in enumerate(boxes) if b.value]
        if not chosen:
            raise AnswerError("tick one or more sentences first, then press Check.")
        return chosen

    def write(answer):
        for i, b in enumerate(boxes):
            b.value = i in answer

    return [source, *boxes], read, write


def _number(ex: Exercise) -> Controls:
    unit = f" ({ex['unit']})" if ex["unit"] else ""
    # continuous_update=False: the value is sent once, when the box loses focus, so it always
    # reaches the kernel before the Check click does (typed keys are otherwise throttled behind it).
    box = w.Text(value="", description=f"Answer{unit}", placeholder="a number, e.g. 12 or 5.8",
                 continuous_update=False, **WIDE)

    def read():
        if not box.value.strip():
            raise AnswerError("type a number first, then press Check.")
        return box.value

    def write(answer):
        box.value = str(answer)

    return [box], read, write


def _order(ex: Exercise) -> Controls:
    items = ex["items"]
    listing = _classes(w.HTML("<p>To put in order:</p><ul>" + "".join(f"<li>{_esc(t)}</li>" for t in items)
                              + "</ul>"), "rr-passage")
    menus = [w.Dropdown(options=[(t, i) for i, t in enumerate(items)], value=None,
                        description=f"Position {n}", **WIDE) for n in range(1, len(items) + 1)]

    def read():
        missing = sum(1 for m in menus if m.value is None)
        if missing:
            raise AnswerError(f"choose an item for every position first ({missing} still empty).")
        return [m.value for m in menus]

    def write(answer):
        for m, i in zip(menus, answer):
            m.value = i

    return [listing, *menus], read, write


def _reflect(ex: Exercise) -> Controls:
    area = w.Textarea(value="", description="Your answer", placeholder="Write a few sentences, then press Check.",
                      rows=6, continuous_update=False, layout={"width": "100%"}, style={"description_width": "initial"})

    def read():
        if not area.value.strip():
            raise AnswerError("write something first, then press Check (or Show answer).")
        return area.value

    def write(answer):
        area.value = answer

    return [area], read, write


def _sourcing(ex: Exercise) -> Controls:
    areas = {f: w.Textarea(value="", description=f.capitalize(), placeholder=PLACEHOLDERS[f], rows=2,
                           continuous_update=False, layout={"width": "100%"}, style={"description_width": "7em"})
             for f in SOURCING_FIELDS}
    doc = _classes(w.HTML(f"<p><em>Source card for {_esc(ex.doc)}</em></p>"), "rr-passage")

    def read():
        card = {f: a.value for f, a in areas.items()}
        if not any(v.strip() for v in card.values()):
            raise AnswerError("fill in at least one field of the card first, then press Check.")
        return card

    def write(answer):
        for f, a in areas.items():
            a.value = answer.get(f, "")

    return [doc, *areas.values()], read, write


CONTROLS = {"choice": _choice, "multi": _multi, "classify": _classify, "select": _select,
            "number": _number, "order": _order, "reflect": _reflect, "sourcing": _sourcing}


# ---------------------------------------------------------------- the whole widget

def _error_box(exercise_id, message: str) -> ExerciseBox:
    label = str(exercise_id)
    box = ExerciseBox([_classes(w.HTML(_warning_html(f"{label}: {message}")), "rr-warning")])
    _classes(box, "rr-exercise", "rr-error")
    box.rr_text = f"{label}: {message}"
    return box


def build(exercise_id: str) -> ExerciseBox:
    """The widget for one exercise, with the last saved answer restored from the journal."""
    try:
        ex = get_exercise(exercise_id)
    except BankError as e:
        return _error_box(exercise_id, f"the exercise bank has an error; tell your instructor: {e}")
    except KeyError as e:
        return _error_box(exercise_id, e.args[0])
    controls, read, write = CONTROLS[ex.kind](ex)
    for c in controls:
        if not isinstance(c, w.HTML):
            _classes(c, "rr-control")
    open_kind = ex.kind in ("reflect", "sourcing")
    tip = "Save your answer and compare it with a model answer" if open_kind else "Save your answer and get feedback"
    check_btn = _classes(w.Button(description="Check", tooltip=tip, button_style="primary"), "rr-check")
    hint_btn = _classes(w.Button(description="Hint" if ex.hints else "No hints", disabled=not ex.hints,
                                 tooltip="Show one more hint"), "rr-hint")
    reveal_btn = _classes(w.Button(description="Show answer", tooltip="Show a model answer"), "rr-reveal")
    prompt = _classes(w.HTML(f"{STYLE}<p><strong>{_esc(ex.id)}</strong> {_esc(ex.prompt.strip())}</p>"), "rr-prompt")
    feedback = _classes(w.HTML(""), "rr-feedback")
    hints_html = _classes(w.HTML(""), "rr-hints")
    answer_html = _classes(w.HTML(""), "rr-answer")
    warning = _classes(w.HTML(""), "rr-warning")
    box = ExerciseBox([prompt, *controls, w.HBox([check_btn, hint_btn, reveal_btn]),
                       feedback, hints_html, answer_html, warning])
    _classes(box, "rr-exercise", f"rr-kind-{ex.kind}", "rr-ex-" + ex.id.replace(".", "-"))
    box.rr_text = describe(ex)
    box.exercise, box.controls = ex, controls
    box.check_button, box.hint_button, box.reveal_button = check_btn, hint_btn, reveal_btn
    box.feedback, box.hints_html, box.answer_html, box.warning = feedback, hints_html, answer_html, warning
    state = {"hints": 0}

    def reveal(_=None):
        answer_html.value = (f'<div style="border-left: 4px solid #6639ba; padding-left: 0.6em">'
                             f"<p><strong>Model answer</strong></p>{to_html(solution_text(ex))}</div>")

    def show_hint(_=None):
        hints = ex.hints
        state["hints"] = min(state["hints"] + 1, len(hints))
        n = state["hints"]
        hints_html.value = "".join(f"<p><strong>Hint {i} of {len(hints)}:</strong> {_esc(h)}</p>"
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
        feedback.value = _verdict_html(fb.text, fb.correct)
        warning.value = _warning_html(journal.status())
        if fb.correct is False and journal.attempts(ex.id) >= REVEAL_AFTER:
            reveal()

    check_btn.on_click(on_check)
    hint_btn.on_click(show_hint)
    reveal_btn.on_click(reveal)
    _restore(ex, write, feedback, reveal)
    warning.value = _warning_html(journal.status())
    return box


def _restore(ex: Exercise, write, feedback: w.HTML, reveal) -> None:
    """Put the last saved answer back into the controls and show its feedback again."""
    rec = journal.last_record(ex.id)
    if rec is None:
        return
    try:
        value = normalize(ex, rec["answer"])
        write(value)
        correct, text = grade(ex, value)
    except Exception:  # the bank changed since: start afresh rather than fail
        feedback.value = _verdict_html(f"{ex.id}: your last saved answer no longer fits this exercise "
                                       "(it was changed); please answer again.", None)
        return
    note = f"Your last saved answer (attempt {rec['attempt']}) is restored."
    feedback.value = _verdict_html(f"{text}\n{note}", correct)
    if correct is False and rec["attempt"] >= REVEAL_AFTER:
        reveal()

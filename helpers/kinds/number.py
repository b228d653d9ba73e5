"""number: a number with a tolerance; ``common_mistakes`` and ``default`` teach on a wrong try
(and never contain the right number), ``feedback`` is shown when right."""
from __future__ import annotations

from helpers.kinds.base import WIDE, AnswerError, Kind, check_number, check_visible, fmt_number, parse_number
from helpers.reader import field_problems

MISTAKE_FIELDS = {"value": ("number", True), "feedback": ("str", True), "tolerance": ("number", False)}


class Number(Kind):
    name = "number"
    fields = {"answer": ("number", True), "tolerance": ("number", False), "unit": ("str", False),
              "feedback": ("str", False), "default": ("str", False), "common_mistakes": ("mistakes", False)}

    def validate(self, data, checks, corpus):
        answer = check_number(data["answer"], checks, "answer")
        tol = data.setdefault("tolerance", 0)
        tolerance = check_number(tol, checks, "tolerance") and \
            checks.expect(tol >= 0, f"expected a tolerance of 0 or more, found {tol}", "tolerance")
        data.setdefault("unit", "")
        check_visible(data, checks, "feedback")
        data.setdefault("feedback", "")
        data.setdefault("default", "")
        for i, mistake in enumerate(data.setdefault("common_mistakes", [])):  # each mistake is checked on its own
            prefix, where = f"common_mistakes[{i}].", {"line_key": "common_mistakes"}
            wrong = field_problems(mistake, MISTAKE_FIELDS, lambda message, key, present: checks(message, prefix + key, **where))
            for problem in wrong:
                checks.add(problem)
            if wrong:  # a mistake without its value or feedback is not checked further
                continue
            check_visible({prefix + "feedback": mistake["feedback"]}, checks, prefix + "feedback", **where)
            value = check_number(mistake["value"], checks, prefix + "value", **where)
            mtol = mistake.get("tolerance", 0)
            if check_number(mtol, checks, prefix + "tolerance", **where):
                checks.expect(mtol >= 0, f"expected a tolerance of 0 or more, found {mtol}", prefix + "tolerance", **where)
            if value and answer and tolerance:  # a common mistake must not be a right answer
                checks.expect(abs(mistake["value"] - data["answer"]) > tol, f"expected a wrong value, found "
                              f"{mistake['value']} (within the tolerance of the answer)", prefix + "value", **where)

    def version_parts(self, ex):
        return [ex["unit"]]

    def normalize(self, ex, answer):
        number = parse_number(answer)
        if number is None:
            raise AnswerError("expected a number such as 12 or 5.8")
        return int(number) if number.is_integer() else number

    def grade(self, ex, value):
        unit = f" {ex['unit']}" if ex["unit"] else ""
        if abs(value - ex["answer"]) <= ex["tolerance"] + 1e-9:
            return True, [f"Right: {fmt_number(value)}{unit}. {ex['feedback']}".rstrip()]
        for mistake in ex["common_mistakes"]:
            if abs(value - mistake["value"]) <= mistake.get("tolerance", 0) + 1e-9:
                return False, [f"Not quite: {fmt_number(value)}{unit}. {mistake['feedback']}"]
        default = ex["default"] or "Count again, step by step, and check your unit."
        return False, [f"Not quite: {fmt_number(value)}{unit} is not it. {default}"]

    def solution(self, ex):
        unit = f" {ex['unit']}" if ex["unit"] else ""
        tol = f" (within {fmt_number(ex['tolerance'])})" if ex["tolerance"] else ""
        return [f"model answer: {fmt_number(ex['answer'])}{unit}{tol}. {ex['feedback']}".rstrip()]

    def form(self, ex):
        return "..."

    def form_help(self, ex):
        return "a number, such as 12 or 5.8" + (f" (in {ex['unit']})" if ex["unit"] else "")

    def describe(self, ex):
        return [f"  Unit: {ex['unit']}"] if ex["unit"] else []

    def answer_lines(self, ex, value):
        return [f"{value} {ex['unit']}".strip()]

    def control(self, ex):
        import ipywidgets as w

        unit = f" ({ex['unit']})" if ex["unit"] else ""
        # continuous_update=False: the value reaches the kernel when the box loses focus, before the Check click.
        box = w.Text(value="", description=f"Answer{unit}", placeholder="a number, e.g. 12 or 5.8",
                     continuous_update=False, **WIDE)

        def read():
            if not box.value.strip():
                raise AnswerError("type a number first, then press Check.")
            return box.value

        def write(value):
            box.value = str(value)

        return [box], read, write


KIND = Number()

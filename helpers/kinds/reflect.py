"""reflect: free text with a model answer and a rubric of questions, shown only after a genuine
attempt of at least ``min_words`` words (default 40, half of them different, a third of them words the course
knows: kinds/vocabulary.py); anything less is saved as a draft."""
from __future__ import annotations

from helpers.kinds.base import AnswerError, Checks, Writing, count, enough_words, visible, words

MIN_WORDS = 40


def rubric_lines(ex) -> list[str]:
    """The rubric of questions to ask of one's own answer."""
    return (["Ask yourself:"] + [f"- {r}" for r in ex["rubric"]]) if ex.get("rubric") else []


def check_min_words(data: dict, checks: Checks, default: int) -> bool:
    """``min_words`` (``default`` when not given): from 1 to 5000."""
    n = data.setdefault("min_words", default)
    return checks.expect(1 <= n <= 5000, f"expected a number of words from 1 to 5000, found {n}", "min_words")


class Reflect(Writing):
    name = "reflect"
    fields = {"model_answer": ("str", True), "rubric": ("str-list", True), "min_words": ("int", False)}

    def validate(self, data, checks, corpus):
        checks.expect(visible(data["model_answer"]), "expected a model answer, found an empty string", "model_answer")
        checks.expect(data["rubric"], "expected at least one rubric point, found an empty list", "rubric")
        check_min_words(data, checks, MIN_WORDS)

    def normalize(self, ex, answer):
        if not isinstance(answer, str):
            raise AnswerError("expected your answer as text in quotes")
        if not answer.strip():
            raise AnswerError("expected your answer, found nothing: write a few sentences first")
        return answer.strip()

    def genuine(self, ex, text):
        return enough_words(text, ex["min_words"])

    def short(self, ex, text):
        return (f"Saved ({count(words(text), 'word')}) as a draft. Write at least {ex['min_words']} words of your own "
                f"answer, in English sentences (at least {(ex['min_words'] + 1) // 2} of them different), then check "
                "again: a model answer and questions to ask yourself appear once you have.")

    def grade(self, ex, text):
        return None, [f"Saved ({count(words(text), 'word')}). There is no single right answer; "
                      "compare yours with a model answer:", ex["model_answer"].strip(), *rubric_lines(ex)]

    def model(self, ex):
        return ex["model_answer"]

    def solution(self, ex):
        return ["a model answer:", ex["model_answer"].strip(), *rubric_lines(ex)]

    def form(self, ex):
        return '"your answer ..."'

    def form_help(self, ex):
        return f"your answer as text in quotes, at least {ex['min_words']} words"

    def answer_lines(self, ex, text):
        return str(text).split("\n")

    def control(self, ex):
        import ipywidgets as w

        area = w.Textarea(value="", description="Your answer", rows=6, continuous_update=False,
                          placeholder=f"Write at least {ex['min_words']} words, then press Check.",
                          layout={"width": "auto"}, style={"description_width": "initial"})

        def read():
            if not area.value.strip():
                raise AnswerError("write something first, then press Check.")
            return area.value

        def write(text):
            area.value = text

        return [area], read, write


KIND = Reflect()

"""essay: the student picks one of several questions, writes at least ``min_words`` words (default
150) and scores themself 1-4 on each criterion of an analytic rubric. The rubric appears after a
genuine attempt; the model answer exists for ``model_question`` only and appears only after a
genuine attempt at that question. Stored as {question: its text, text, scores: {criterion: 1-4}}."""
from __future__ import annotations

from helpers.kinds.base import (LONG_CHOICE, AnswerError, Writing, as_list, menu_label, check_entries, count, enough_words, parse_index, quote,
                                visible, words)
from helpers.kinds.reflect import check_min_words

MIN_WORDS = 150
LEVELS = 4


def criteria(ex) -> list[str]:
    return [r["criterion"] for r in ex["rubric"]]


def rubric_lines(ex) -> list[str]:
    lines = [f"Score yourself on each criterion (1 = lowest, {LEVELS} = highest):"]
    for r in ex["rubric"]:
        levels = "; ".join(f"{n} {lvl}" for n, lvl in enumerate(r["levels"], 1))
        lines.append(f"- {r['criterion']}: {levels}")
    return lines


def _score(value) -> int | None:
    if value is None:
        return None
    n = parse_index(value, LEVELS + 1)
    if n is None or n < 1:
        raise AnswerError(f"expected self-scores from 1 to {LEVELS}, found {value!r}")
    return n


class Essay(Writing):
    name = "essay"
    fields = {"questions": ("str-list", True), "model_question": ("int", True), "model_answer": ("str", True),
              "rubric": ("rubric", True), "min_words": ("int", False)}

    def validate(self, data, checks, corpus):
        if check_entries(data, checks, "questions", minimum=3):  # the model question is one of usable questions
            n = len(data["questions"])
            checks.expect(0 <= data["model_question"] < n, f"expected a question number from 0 to {n - 1}, found "
                          f"{data['model_question']}", "model_question")
        checks.expect(visible(data["model_answer"]), "expected a model answer, found an empty string", "model_answer")
        checks.expect(data["rubric"], "expected at least one [[exercise.rubric]] table, found none", "rubric")
        names = []  # the criteria named, to be told apart
        for i, r in enumerate(data["rubric"]):  # each rubric table is checked on its own
            where = f"rubric[{i}]."
            unknown = next((k for k in r if k not in ("criterion", "levels")), None)
            checks.expect(unknown is None, "unknown field; expected criterion and levels", f"{where}{unknown}",
                          line_key=unknown)
            if checks.expect(isinstance(r.get("criterion"), str) and visible(r["criterion"]),
                             "expected the criterion's name, found none", where + "criterion", line_key="criterion"):
                names.append(r["criterion"])
            lv = r.get("levels")
            checks.expect(isinstance(lv, list) and len(lv) == LEVELS and all(isinstance(x, str) and visible(x) for x in lv),
                          f"expected exactly {LEVELS} level descriptors (strings), lowest first, found {lv!r}",
                          where + "levels", line_key="levels")
        checks.expect(len(set(names)) == len(names), "expected different criteria, found one twice", "rubric",
                      line_key="criterion")
        check_min_words(data, checks, MIN_WORDS)

    def version_parts(self, ex):
        return sorted(ex["questions"])

    def normalize(self, ex, answer):
        qs, crit = ex["questions"], criteria(ex)
        if isinstance(answer, dict):
            q, text, scores = answer.get("question"), answer.get("text"), answer.get("scores")
        else:
            values = as_list(answer)
            if values is None or len(values) not in (2, 3):
                raise AnswerError(f"expected [question number from 0 to {len(qs) - 1}, \"your essay\"], "
                                  f"optionally with a list of {len(crit)} self-scores from 1 to {LEVELS}")
            q, text, scores = (values + [None])[:3]
        question = q if isinstance(q, str) and q in qs else (qs[parse_index(q, len(qs))]
                                                             if parse_index(q, len(qs)) is not None else None)
        if question is None:
            raise AnswerError(f"expected a question number from 0 to {len(qs) - 1}, found {q!r}")
        if not isinstance(text, str) or not text.strip():
            raise AnswerError("expected your essay as text in quotes: write it first")
        if scores is None:
            scores = {}
        elif isinstance(scores, dict):
            bad = [k for k in scores if k not in crit]
            if bad:
                raise AnswerError(f"expected self-scores for the criteria {', '.join(crit)}, found {bad[0]!r}")
        else:
            values = as_list(scores)
            if values is None or len(values) != len(crit):
                raise AnswerError(f"expected {len(crit)} self-scores from 1 to {LEVELS}, one per criterion "
                                  f"({', '.join(crit)})")
            scores = dict(zip(crit, values))
        scored = {c: _score(scores.get(c)) for c in crit}
        return {"question": question, "text": text.strip(), "scores": {c: n for c, n in scored.items() if n}}

    def genuine(self, ex, value):
        return enough_words(value.get("text", ""), ex["min_words"])

    def short(self, ex, value):
        return (f"Saved ({count(words(value.get('text', '')), 'word')}) as a draft. Write at least {ex['min_words']} "
                f"words of your own essay, in English sentences (at least {(ex['min_words'] + 1) // 2} of them "
                "different), then check again: the rubric to score yourself with appears once you have.")

    def grade(self, ex, value):
        qs, m = ex["questions"], ex["model_question"]
        if value["question"] not in qs:
            from helpers.kinds.base import Removed
            raise Removed(f"the question {quote(value['question'])} was removed from the exercise")
        k = qs.index(value["question"])
        lines = [f"Saved your essay on question {k} ({count(words(value['text']), 'word')}). "
                 "There is no single right answer."]
        lines += self.score_lines(ex, value)
        lines += rubric_lines(ex)
        if k == m:
            lines += ["A model answer to this question:", ex["model_answer"].strip()]
        else:
            lines.append(f"A model answer is written for question {m} only; use the rubric to judge your essay.")
        return None, lines

    def score_lines(self, ex, value) -> list[str]:
        scores = value.get("scores") or {}
        if not scores:
            return ["Not scored yet: give yourself a score from 1 to 4 on each criterion."]
        lines = ["Your self-scores: " + "; ".join(f"{c} {scores[c]} of {LEVELS}" for c in criteria(ex) if c in scores)
                 + "."]
        left = [c for c in criteria(ex) if c not in scores]
        return lines + ([f"Not scored yet: {', '.join(left)}."] if left else [])

    def model(self, ex):
        return [ex["model_question"], ex["model_answer"], [LEVELS] * len(ex["rubric"])]

    def solution(self, ex):
        m = ex["model_question"]
        return [f"a model answer to question {m}, {quote(ex['questions'][m])}:", ex["model_answer"].strip(),
                *rubric_lines(ex)]

    def form(self, ex):
        return '[0, "your essay ...", [' + ", ".join(["3"] * len(ex["rubric"])) + "]]"

    def form_help(self, ex):
        return (f"[question number, \"your essay\"] with at least {ex['min_words']} words, optionally with one "
                f"self-score from 1 to {LEVELS} per criterion ({', '.join(criteria(ex))})")

    def describe(self, ex):
        lines = [f"  {i}: {q}" for i, q in enumerate(ex["questions"])]
        return lines + [f"  Criteria to score yourself on: {', '.join(criteria(ex))}"]

    def answer_lines(self, ex, value):
        qs = ex["questions"] if ex is not None else []
        q = value.get("question", "")
        head = f"Question {qs.index(q)}: {q}" if q in qs else f"Question: {q}"
        lines = [head, *str(value.get("text", "")).split("\n")]
        scores = value.get("scores") or {}
        if scores:
            lines.append("Self-scores: " + "; ".join(f"{c} {n} of {LEVELS}" for c, n in scores.items()))
        else:
            lines.append("Self-scores: none given")
        return lines

    def control(self, ex):
        import ipywidgets as w

        qs = ex["questions"]
        # Long questions are listed in full above the controls (widgets.build); the list shows each
        # by its number and first words, so the chosen question fits the drop-down.
        long = max(len(q) for q in qs) > LONG_CHOICE
        menu = w.Dropdown(options=[(menu_label(str(i), q, long) if long else f"{i}: {q}", q) for i, q in enumerate(qs)],
                          value=None,
                          description="Question", layout={"width": "auto"}, style={"description_width": "initial"})
        area = w.Textarea(value="", description="Your essay", rows=14, continuous_update=False,
                          placeholder=f"Write at least {ex['min_words']} words, then press Check.",
                          layout={"width": "auto"}, style={"description_width": "initial"})
        radios = {r["criterion"]: w.RadioButtons(options=[(f"{n}: {lvl}", n) for n, lvl in enumerate(r["levels"], 1)],
                                                 value=None, description=f"{r['criterion']} (self-score)",
                                                 layout={"width": "auto"}, style={"description_width": "initial"})
                  for r in ex["rubric"]}

        def read():
            if menu.value is None:
                raise AnswerError("choose a question first, then press Check.")
            if not area.value.strip():
                raise AnswerError("write your essay first, then press Check.")
            return {"question": menu.value, "text": area.value,
                    "scores": {c: r.value for c, r in radios.items() if r.value is not None}}

        def write(value):
            menu.value = value.get("question") if value.get("question") in qs else None
            area.value = value.get("text", "")
            for c, r in radios.items():
                r.value = (value.get("scores") or {}).get(c)

        return [menu, area, *radios.values()], read, write

    def unlocked_solution(self, ex, genuine_values: list) -> list[str] | None:
        """After a genuine essay: the rubric; the model answer too if it was on the model question."""
        if not genuine_values:
            return None
        m = ex["model_question"]
        if any(v.get("question") == ex["questions"][m] for v in genuine_values):
            return self.solution(ex)
        return [f"A model answer is written for question {m} only; judge your essay with the rubric.",
                *rubric_lines(ex)]


KIND = Essay()

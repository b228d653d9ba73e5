"""sourcing: a source card of six fields (author, date, audience, purpose, reliability, why).
The model card appears once every field holds at least 3 words, and the card is written in words (real_words in
kinds/base.py); before that the card is a draft."""
from __future__ import annotations

from helpers.kinds.base import AnswerError, Writing, distinct_words, keyed_answer, quote, real_words, visible, words
from helpers.kinds.reflect import rubric_lines

FIELDS = ("author", "date", "audience", "purpose", "reliability", "why")
MIN_FIELD_WORDS = 3
PLACEHOLDERS = {
    "author": "Who made it: a person or a body?",
    "date": "When was it made, and when published?",
    "audience": "For whom was it made?",
    "purpose": "Why was it made?",
    "reliability": "How far can you trust it, and for what?",
    "why": "Why do you think so? Point to the document or its metadata.",
}


class Sourcing(Writing):
    name = "sourcing"
    fields = {"doc": ("str", True), "model": ("table", True), "rubric": ("str-list", False)}

    def validate(self, data, checks, corpus):
        model = data["model"]
        for key in model:  # every field of the model card is checked on its own
            checks.expect(key in FIELDS, f"unknown field; expected one of: {', '.join(FIELDS)} "
                          "(keys written after [exercise.model] belong to it: put that table last)",
                          f"model.{key}", sub="model", line_key=key)
        for key in FIELDS:
            found = "nothing" if key not in model else repr(model[key])
            checks.expect(isinstance(model.get(key), str) and visible(model[key]), f"expected some text, found {found}",
                          f"model.{key}", sub="model", line_key=key if key in model else None)
        data.setdefault("rubric", [])

    def version_parts(self, ex):
        return [ex.doc]

    def normalize(self, ex, answer):
        answer = keyed_answer(answer, FIELDS, f"expected a list of {len(FIELDS)} texts, one per field ({', '.join(FIELDS)})",
                              f"expected a dict of the card's fields ({', '.join(FIELDS)}) or a list of six texts")
        unknown = [key for key in answer if key not in FIELDS]
        if unknown:
            raise AnswerError(f"expected the fields {', '.join(FIELDS)}, found {unknown[0]!r}")
        if any(not isinstance(v, str) for v in answer.values()):
            raise AnswerError("expected text (in quotes) for every field")
        card = {f: answer.get(f, "").strip() for f in FIELDS}
        if not any(card.values()):
            raise AnswerError("expected your source card, found every field empty: fill in at least one field")
        return card

    def genuine(self, ex, card):
        # every field a few words, and the card as a whole more than one word repeated or "x y z" six times,
        # and written in words (kinds/vocabulary.py)
        text = " ".join(card.get(f, "") for f in FIELDS)
        return all(words(card.get(f, "")) >= MIN_FIELD_WORDS for f in FIELDS) and \
            distinct_words(text) >= MIN_FIELD_WORDS * len(FIELDS) // 2 and real_words(text)

    def short(self, ex, card):
        thin = [f for f in FIELDS if words(card.get(f, "")) < MIN_FIELD_WORDS]
        done = len(FIELDS) - len(thin)
        if not thin:  # long enough, but one word repeated or no English
            return (f"Saved your source card as a draft. Write at least {MIN_FIELD_WORDS} words of your own in every "
                    f"field, in English (at least {MIN_FIELD_WORDS * len(FIELDS) // 2} different words in the card), "
                    "then check again: the model card appears once you have.")
        return (f"Saved your source card as a draft: {done} of {len(FIELDS)} fields have at least {MIN_FIELD_WORDS} words. Write at least "
                f"{MIN_FIELD_WORDS} words in every field (still short: {', '.join(thin)}), then check again: "
                "the model card appears once you have.")

    def grade(self, ex, card):
        lines = [f"Saved your source card ({len(FIELDS)} of {len(FIELDS)} fields filled). "
                 "There is no single right answer; compare each field with a model card:"]
        for f in FIELDS:
            lines.append(f"- {f.capitalize()}: you wrote {quote(card[f])}; model: {ex['model'][f].strip()}")
        return None, lines + rubric_lines(ex)

    def model(self, ex):
        return {f: ex["model"][f] for f in FIELDS}

    def solution(self, ex):
        return (["a model source card:"] + [f"- {f.capitalize()}: {ex['model'][f].strip()}" for f in FIELDS]
                + rubric_lines(ex))

    def form(self, ex):
        return '["author ...", "date ...", "audience ...", "purpose ...", "reliability ...", "why ..."]'

    def form_help(self, ex):
        return (f"six texts in quotes, one per field in this order: {', '.join(FIELDS)} "
                f"(or a dict field -> text), each at least {MIN_FIELD_WORDS} words")

    def describe(self, ex):
        return [f"  Document: {ex.doc}", f"  Fields: {', '.join(FIELDS)}"]

    def answer_lines(self, ex, card):
        return [f"{f.capitalize()}: {card.get(f, '')}" for f in FIELDS]

    def control(self, ex):
        import ipywidgets as w
        from helpers.kinds.base import classes, esc

        areas = {f: w.Textarea(value="", description=f.capitalize(), placeholder=PLACEHOLDERS[f], rows=2,
                               continuous_update=False, layout={"width": "auto"}, style={"description_width": "7em"})
                 for f in FIELDS}
        doc = classes(w.HTML(f"<p><em>Source card for {esc(ex.doc)}: at least {MIN_FIELD_WORDS} words in every "
                             "field</em></p>"), "rr-passage")

        def read():
            card = {f: a.value for f, a in areas.items()}
            if not any(v.strip() for v in card.values()):
                raise AnswerError("fill in at least one field of the card first, then press Check.")
            return card

        def write(card):
            for f, a in areas.items():
                a.value = card.get(f, "")

        return [doc, *areas.values()], read, write


KIND = Sourcing()

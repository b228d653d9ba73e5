"""select: pick the sentences of a passage (fetched from the corpus) that show something.
Stored as the chosen sentences' texts; plain form: a list of sentence numbers from 0."""
from __future__ import annotations

from helpers.kinds.base import (WIDE, AnswerError, Kind, Removed, check_indices, check_notes,
                                classes, esc, parse_index, picks, quote)


def label(ex, i: int) -> str:
    words = ex.passage[i].split()
    start = " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
    return f"Sentence {i + 1} ({quote(start)})"


def _where(ex) -> str:
    paras = ex["paragraphs"]
    return f"{ex.doc}, paragraph{'s' if len(paras) > 1 else ''} {', '.join(str(p) for p in paras)}"


class Select(Kind):
    name = "select"
    fields = {"doc": ("str", True), "paragraphs": ("int-list", True), "answer": ("int-list", True),
              "feedback": ("str-list", False)}

    def validate(self, data, checks, corpus):
        from helpers.corpus import split_sentences

        doc = corpus[data["doc"]]
        paragraphs, chosen = doc.paragraphs, data["paragraphs"]
        outside = next((p for p in chosen if not 1 <= p <= len(paragraphs)), None)
        passage = checks.expect(chosen, "expected at least one paragraph number, found an empty list", "paragraphs") and \
            checks.expect(outside is None, f"expected paragraph numbers from 1 to {len(paragraphs)} (the paragraphs of "
                          f"{doc.id}), found {outside}", "paragraphs")
        sentences = [s for p in chosen for s in split_sentences(paragraphs[p - 1])] if passage else []
        if passage:  # the answer and feedback are checked against the passage
            check_indices(data, "answer", len(sentences), "sentence", checks)
            check_notes(data, "feedback", len(sentences), "sentence of the passage", checks)
        return sentences

    def version_parts(self, ex):
        return [ex.doc, ",".join(str(p) for p in ex["paragraphs"])]

    def normalize(self, ex, answer):
        def sentence(value):  # a sentence named by its text or its number
            if isinstance(value, str) and value in ex.passage:
                return value
            i = parse_index(value, len(ex.passage))
            return ex.passage[i] if i is not None else None

        found = picks(answer, sentence, "sentence", len(ex.passage))
        return [s for s in ex.passage if s in found]

    def indices(self, ex, chosen) -> list[int]:
        lost = [s for s in chosen if s not in ex.passage]
        if lost:
            raise Removed(f"the sentence {quote(lost[0][:60])} is no longer in the passage")
        return sorted(ex.passage.index(s) for s in chosen)

    def grade(self, ex, chosen):
        idx = self.indices(ex, chosen)
        want, got = set(ex["answer"]), set(idx)
        fb = ex.get("feedback")
        if got == want:
            lines = [f"Right: {'this sentence shows' if len(want) == 1 else f'these {len(want)} sentences show'} it."]
            if fb:
                lines += [f"- {label(ex, i)}: {fb[i]}" for i in idx if fb[i]]
            return True, lines
        # As for multi: one chosen sentence that does not fit per try, no counts, and ticking every
        # sentence is no answer; otherwise one try that ticks all lists every sentence that doesn't fit.
        if len(got) == len(ex.passage) > 2:
            return False, ["Not yet: you ticked every sentence. Tick only the sentences that show it, then check again."]
        misfits = [i for i in idx if i not in want]
        if not misfits:
            return False, ["Not yet: every sentence you chose shows it, but not every sentence that shows it is "
                           "chosen. Read the passage again for what you left out."]
        i = misfits[0]
        return False, ["Not yet: at least one of your sentences does not show it. Here is one:",
                       f"- {label(ex, i)}: {fb[i] if fb and fb[i] else 'this one does not show it.'}"]

    def solution(self, ex):
        shown = ", ".join(str(i + 1) for i in ex["answer"])   # as the widget and the feedback number them
        typed = ", ".join(str(i) for i in ex["answer"])       # as check() takes them, from 0
        lines = [f"model answer: sentences {shown} (in check(): [{typed}])."]
        return lines + [f"- {label(ex, i)}" for i in ex["answer"]]

    def form(self, ex):
        return "[..., ...]"

    def form_help(self, ex):
        return f"a list of the numbers of the sentences you choose, from 0 to {len(ex.passage) - 1}"

    def describe(self, ex):
        return [f"  Passage: {_where(ex)}"] + [f"  {i}: {s}" for i, s in enumerate(ex.passage)]

    def answer_lines(self, ex, chosen):
        return [f"Sentence {ex.passage.index(s) + 1}: {s}" if s in ex.passage
                else f"{s} (this sentence is no longer in the passage)" for s in chosen]

    def control(self, ex):
        import ipywidgets as w

        source = classes(w.HTML(f"<p><em>Passage: {esc(_where(ex))}</em></p>"), "rr-passage")
        boxes = [w.Checkbox(value=False, description=f"Sentence {i + 1}: {s}", indent=False, **WIDE)
                 for i, s in enumerate(ex.passage)]

        def read():
            chosen = [s for s, b in zip(ex.passage, boxes) if b.value]
            if not chosen:
                raise AnswerError("tick one or more sentences first, then press Check.")
            return chosen

        def write(chosen):
            for s, b in zip(ex.passage, boxes):
                b.value = s in chosen

        return [source, *boxes], read, write


KIND = Select()

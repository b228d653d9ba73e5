"""multi: several right options, stored as the sorted list of the chosen options' keys."""
from __future__ import annotations

from helpers.kinds.base import (WIDE, AnswerError, Removed, check_entries, check_indices, check_same_length,
                                check_notes, check_visible, count, picks, quote)
from helpers.kinds.choice import Options, check_keys, find_option, option_keys, option_text


class Multi(Options):
    name = "multi"
    fields = {"options": ("str-list", True), "answer": ("int-list", True), "feedback": ("str-list", True),
              "missed": ("str-list", False), "keys": ("str-list", False)}

    def validate(self, data, checks, corpus):
        check_visible(data, checks, "feedback")
        if check_entries(data, checks):  # the rest is checked against usable options
            n = len(data["options"])
            check_indices(data, "answer", n, "option", checks)
            check_same_length(data, "feedback", n, "option", checks)
            check_notes(data, "missed", n, "option", checks)
            check_keys(data, checks, n)

    def normalize(self, ex, answer):
        found = picks(answer, lambda value: find_option(ex, value), "option", len(ex["options"]))
        keys = option_keys(ex)
        return sorted(keys[i] for i in found)

    def indices(self, ex, chosen) -> list[int]:
        keys = option_keys(ex)
        lost = [k for k in chosen if k not in keys]
        if lost:
            raise Removed(f"you chose {quote(lost[0])}: this option was removed from the exercise")
        return sorted(keys.index(k) for k in chosen)

    def grade(self, ex, chosen):
        idx = self.indices(ex, chosen)
        want, got = set(ex["answer"]), set(idx)
        opts, fb = ex["options"], ex["feedback"]
        if got == want:
            return True, [f"Right: you chose the {count(len(want), 'option')} that fit."] + \
                [f"- {quote(opts[i])}: {fb[i]}" for i in idx]
        if len(got) == len(opts) > 2:  # ticking everything is not a reading of the document
            return False, ["Not yet: you ticked every option. Tick only the options the document bears out, "
                           "then check again."]
        # A wrong try hears about one chosen option that does not fit, and never how many of its choices
        # fit: with counts and every misfit explained, ticking all options but one found the answer in
        # two tries without reading (reviewer's finding).
        misfits = [i for i in idx if i not in want]
        if not misfits:
            return False, ["Not yet: every option you chose fits, but not every option that fits is chosen. "
                           "Read the passage again for what you left out."]
        lines = ["Not yet: at least one of your choices does not fit. Here is one:",
                 f"- {quote(opts[misfits[0]])}: {fb[misfits[0]]}"]
        return False, lines

    def second_try(self, ex, chosen) -> list[str]:
        """From the second wrong try: the ``missed`` notes of right options left unticked."""
        missed = ex.get("missed")
        if not missed:
            return []
        left = sorted(set(ex["answer"]) - set(self.indices(ex, chosen)))
        return [f"- Not chosen: {missed[i]}" for i in left if missed[i]]

    def solution(self, ex):
        numbers = ", ".join(str(i) for i in ex["answer"])
        notes = [f"- {quote(ex['options'][i])}: {ex['feedback'][i]}" for i in ex["answer"]]
        return [f"model answer: options {numbers}.", *notes]

    def form(self, ex):
        return "[..., ...]"

    def form_help(self, ex):
        return f"a list of the numbers of the options you choose, from 0 to {len(ex['options']) - 1}"

    def answer_lines(self, ex, chosen):
        return [option_text(ex, key) for key in chosen]

    def control(self, ex):
        import ipywidgets as w

        keys = option_keys(ex)
        boxes = [w.Checkbox(value=False, description=o, indent=False, **WIDE) for o in ex["options"]]

        def read():
            chosen = [k for k, b in zip(keys, boxes) if b.value]
            if not chosen:
                raise AnswerError("tick one or more options first, then press Check.")
            return chosen

        def write(chosen):
            for k, b in zip(keys, boxes):
                b.value = k in chosen

        return boxes, read, write


KIND = Multi()

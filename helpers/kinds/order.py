"""order: put items in order. Stored as the item texts in the student's order.
Plain form: a list of item numbers, first item first: ``[2, 0, 1]``."""
from __future__ import annotations

from helpers.kinds.base import (WIDE, AnswerError, Kind, Removed, as_list, check_entries, check_notes,
                                LONG_CHOICE, classes, esc, menu_label, parse_index, quote)


def _positions(ns: list[int]) -> str:
    words = [str(n) for n in ns]
    if len(words) == 1:
        return f"position {words[0]} is"
    return f"positions {', '.join(words[:-1])} and {words[-1]} are"


class Order(Kind):
    name = "order"
    fields = {"items": ("str-list", True), "answer": ("int-list", True), "feedback": ("str-list", False)}

    def validate(self, data, checks, corpus):
        if check_entries(data, checks, "items"):  # the answer and feedback are checked against usable items
            n = len(data["items"])
            checks.expect(sorted(data["answer"]) == list(range(n)), f"expected every item index from 0 to {n - 1} "
                          f"once, in the right order, found {data['answer']}", "answer")
            check_notes(data, "feedback", n, "item", checks)

    def version_parts(self, ex):
        return sorted(ex["items"])

    def normalize(self, ex, answer):
        items = ex["items"]
        n = len(items)
        expected = f"all {n} item numbers (0 to {n - 1}), each once, in the order you choose"
        values = as_list(answer)
        if values is None:
            raise AnswerError(f"expected a list of {expected}")
        found = [v if isinstance(v, str) and v in items else
                 (items[parse_index(v, n)] if parse_index(v, n) is not None else None) for v in values]
        if any(v is None for v in found):
            raise AnswerError(f"expected a list of item numbers from 0 to {n - 1}")
        if len(set(found)) != len(found):
            raise AnswerError(f"expected {expected}: each once")
        if len(found) != n:
            raise AnswerError(f"expected {expected}")
        return found

    def grade(self, ex, order):
        items, fb = ex["items"], ex.get("feedback")
        lost = [t for t in order if t not in items]
        if lost:
            raise Removed(f"the item {quote(lost[0])} was removed from the exercise")
        if len(order) != len(items):
            raise Removed("items were added to the exercise since")
        got = [items.index(t) for t in order]
        want = ex["answer"]
        wrong = [p for p in range(len(want)) if got[p] != want[p]]
        if not wrong:
            return True, [f"Right: all {len(items)} are in order."]
        lines = [f"Not yet: {_positions([p + 1 for p in wrong])} wrong."]
        if fb:
            lines += [f"- {quote(items[got[p]])}: {fb[got[p]]}" for p in wrong if fb[got[p]]]
        return False, lines

    def solution(self, ex):
        return ["model answer, in order:"] + [f"- {n}. {ex['items'][i]}" for n, i in enumerate(ex["answer"], 1)]

    def form(self, ex):
        return "[" + ", ".join(["..."] * len(ex["items"])) + "]"  # one place per item, no order that could be the answer

    def form_help(self, ex):
        return f"the item numbers in the order you choose, each once ({len(ex['items'])} numbers)"

    def describe(self, ex):
        return [f"  {i}: {text}" for i, text in enumerate(ex["items"])]

    def answer_lines(self, ex, order):
        return [f"{n}. {t}" + ("" if t in ex["items"] else " (this item was removed from the exercise)")
                for n, t in enumerate(order, 1)]

    def control(self, ex):
        import ipywidgets as w

        items = ex["items"]
        # Long items are listed with a letter, and the drop-downs show the letter and first words.
        long = max(len(t) for t in items) > LONG_CHOICE
        letters = [chr(ord("A") + i) if i < 26 else str(i + 1) for i in range(len(items))]
        listing = classes(w.HTML("<p>To put in order:</p><ul>" + "".join(
            f"<li>{'<strong>' + m + ':</strong> ' if long else ''}{esc(t)}</li>" for m, t in zip(letters, items))
            + "</ul>"), "rr-passage")
        menus = [w.Dropdown(options=[(menu_label(m, t, long), t) for m, t in zip(letters, items)], value=None,
                            description=f"Position {n}", **WIDE)
                 for n in range(1, len(items) + 1)]

        def read():
            missing = sum(1 for m in menus if m.value is None)
            if missing:
                raise AnswerError(f"choose an item for every position first ({missing} still empty).")
            return [m.value for m in menus]

        def write(order):
            for m, t in zip(menus, order):
                m.value = t if t in items else None

        return [listing, *menus], read, write


KIND = Order()

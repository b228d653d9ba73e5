"""classify: sort items into categories. Stored as a dict item text -> category text.
Plain form: a list of category numbers, one per item in item order: ``[0, 2, 1]``."""
from __future__ import annotations

from helpers.kinds.base import (WIDE, AnswerError, Kind, Removed, check_entries, check_notes, check_same_length,
                                count, keyed_answer, parse_index, quote)


def _category(ex, value) -> str | None:
    """A category named by its text or its number; None if it is neither."""
    cats = ex["categories"]
    if isinstance(value, str) and value in cats:
        return value
    i = parse_index(value, len(cats))
    return cats[i] if i is not None else None


class Classify(Kind):
    name = "classify"
    fields = {"items": ("str-list", True), "categories": ("str-list", True), "answer": ("str-list", True),
              "feedback": ("str-list", False)}

    def validate(self, data, checks, corpus):
        if check_entries(data, checks, "items", minimum=1):  # answer and feedback: one per usable item
            n = len(data["items"])
            check_same_length(data, "answer", n, "item", checks)
            check_notes(data, "feedback", n, "item", checks)
        if check_entries(data, checks, "categories"):  # the answer names usable categories
            stray = next((cat for cat in data["answer"] if cat not in data["categories"]), None)
            checks.expect(stray is None, f"expected a category from categories ({', '.join(data['categories'])}), "
                          f"found {stray!r}", "answer")

    def version_parts(self, ex):
        return sorted(ex["items"]) + ["|"] + sorted(ex["categories"])

    def normalize(self, ex, answer):
        items, cats = ex["items"], ex["categories"]
        numbered = ", ".join(f"{i} = {c}" for i, c in enumerate(cats))
        expected = f"a list of {len(items)} category numbers, one per item in item order ({numbered})"
        answer = keyed_answer(answer, items, f"expected {expected}", f"expected {expected}")
        out: dict[str, str] = {}
        for key, value in answer.items():
            item = key if isinstance(key, str) else (items[key] if parse_index(key, len(items)) is not None else None)
            if item not in items:
                raise AnswerError(f"expected one of the {len(items)} items as a key, found {key!r}")
            cat = _category(ex, value)
            if cat is None:
                raise AnswerError(f"expected a category ({numbered}) for {item!r}, found {value!r}")
            out[item] = cat
        missing = [i for i in items if i not in out]
        if missing:
            raise AnswerError("expected a category for every item; not sorted yet: "
                              + ", ".join(repr(m) for m in missing))
        return {i: out[i] for i in items}

    def _check_stored(self, ex, sorted_items) -> None:
        for item, cat in sorted_items.items():
            if item not in ex["items"]:
                raise Removed(f"the item {quote(item)} was removed from the exercise")
            if cat not in ex["categories"]:
                raise Removed(f"the category {quote(cat)} was removed from the exercise")
        if set(sorted_items) != set(ex["items"]):
            raise Removed("items were added to the exercise since")

    def grade(self, ex, sorted_items):
        self._check_stored(ex, sorted_items)
        items, fb = ex["items"], ex.get("feedback")
        wrong = [j for j, item in enumerate(items) if sorted_items[item] != ex["answer"][j]]
        if not wrong:
            return True, [f"Right: all {count(len(items), 'item')} are in the right category."]
        lines = [f"Not yet: {len(items) - len(wrong)} of {len(items)} items are in the right category."]
        # one misplaced item at a time: naming every wrong item would let a student find the whole
        # answer by moving all items through the categories, without reading
        j = wrong[0]
        line = f"- You put {quote(items[j])} under {quote(sorted_items[items[j]])}, which is not where it belongs."
        lines.append(f"{line} {fb[j]}" if fb and fb[j] else line)
        if len(wrong) > 1:
            lines.append(f"Look again at the others too: {len(wrong) - 1} more {'is' if len(wrong) == 2 else 'are'} misplaced.")
        return False, lines

    def model(self, ex):
        return [ex["categories"].index(c) for c in ex["answer"]]

    def solution(self, ex):
        return ["model answer:"] + [f"- {quote(item)}: {cat}" for item, cat in zip(ex["items"], ex["answer"])]

    def form(self, ex):
        return "[" + ", ".join(["..."] * len(ex["items"])) + "]"  # one place per item, no number that could be an answer

    def form_help(self, ex):
        return f"one category number per item, in item order ({len(ex['items'])} numbers)"

    def describe(self, ex):
        lines = ["  Categories: " + "; ".join(f"{i} = {c}" for i, c in enumerate(ex["categories"]))]
        return lines + [f"  item {i}: {text}" for i, text in enumerate(ex["items"])]

    def answer_lines(self, ex, sorted_items):
        return [f"{item}: {cat}" for item, cat in sorted_items.items()]

    def control(self, ex):
        import ipywidgets as w

        menus = [w.Dropdown(options=ex["categories"], value=None, description=item, **WIDE) for item in ex["items"]]

        def read():
            missing = sum(1 for m in menus if m.value is None)
            if missing:
                raise AnswerError(f"choose a category for every item first ({missing} not sorted yet).")
            return {item: m.value for item, m in zip(ex["items"], menus)}

        def write(sorted_items):
            for item, m in zip(ex["items"], menus):
                value = sorted_items.get(item)
                m.value = value if value in ex["categories"] else None

        return menus, read, write


KIND = Classify()

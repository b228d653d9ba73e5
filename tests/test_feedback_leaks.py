"""A first wrong try is taught, never told: its feedback holds neither the right option's text nor
the right number (in any form: 8500, 8,500, 8 500; a decimal as written).

Checked over every wrong option of every choice and multi exercise and every common mistake and
default of every number exercise in every bank, through check() on a fresh journal, so the text
tested is exactly what a student sees. The last tests show the check fails on a small bad bank.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bankmaker import bank_toml, exercise_toml
from helpers.banks import BankError, bank_paths, load_bank
from helpers.exercises import check

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


RUN = 5  # this many consecutive words of the right option count as its text ...
COMMON = set("that this with from which what their there they them have been were will would about into than "
             "then only also more most some such each other these those does said says over when where".split())


def _telling(run: list[str]) -> bool:
    """... when at least two of them are telling words (not short, not common)."""
    return sum(1 for w in run if len(w) >= 4 and w not in COMMON) >= 2


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:['\u2019\-]\w+)*", text.casefold())


def holds_option(text: str, option: str) -> bool:
    """Whether ``text`` contains the option's text: all of it, or any RUN consecutive words of it
    (case, punctuation and spacing ignored), so a quoted part of a long option counts too."""
    opt, body = _words(option), " " + " ".join(_words(text)) + " "
    if not opt:
        return False
    if len(opt) <= RUN:
        return " " + " ".join(opt) + " " in body
    runs = [opt[i:i + RUN] for i in range(len(opt) - RUN + 1)]
    return any(_telling(run) and " " + " ".join(run) + " " in body for run in runs)


def number_pattern(value: float) -> re.Pattern:
    """The right number in any written form: 8500, 8,500, 8 500 (thin spaces too); 5.8 as written."""
    text = repr(int(value)) if float(value).is_integer() else repr(float(value))
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = r"[,\u00a0\u202f ]?".join(groups) + (r"\." + frac if frac else "")
    sign = "-?" if text.startswith("-") else ""
    return re.compile(rf"(?<![\d.,]){sign}{body}(?![\d]|[.,]\d)")


def first_tries(ex) -> list[tuple[str, str]]:
    """(what was tried, the first-try feedback text) for every wrong answer the bank foresees."""
    out = []
    if ex.kind == "choice":
        for i in range(len(ex["options"])):
            if i != ex["answer"]:
                out.append((f"option {i}", check(ex.id, i, record=False).text))
    elif ex.kind == "multi":
        for i in range(len(ex["options"])):
            if i not in ex["answer"]:
                out.append((f"option {i} alone", check(ex.id, [i], record=False).text))
    elif ex.kind == "number":
        for m in ex["common_mistakes"]:
            out.append((f"common mistake {m['value']}", check(ex.id, m["value"], record=False).text))
        far = abs(ex["answer"]) * 7 + 12345.5
        while any(abs(far - m["value"]) <= m.get("tolerance", 0) for m in ex["common_mistakes"]):
            far += 1000
        out.append(("the default", check(ex.id, far, record=False).text))
    return out


def leaks(ex, tried: str, text: str) -> list[str]:
    """What in a first-try text gives the answer away."""
    found = []
    if ex.kind in ("choice", "multi"):
        right = [ex["answer"]] if ex.kind == "choice" else ex["answer"]
        for i in right:
            if holds_option(text.split(": ", 1)[-1], ex["options"][i]):
                found.append(f"{ex.id}, {tried}: the feedback contains the right option's text "
                              f"{ex['options'][i]!r}: {text!r}")
    elif ex.kind == "number":
        shown = text.split(". ", 1)[1] if ". " in text else text  # after "Not quite: <your value> <unit>."
        if number_pattern(ex["answer"]).search(shown):
            found.append(f"{ex.id}, {tried}: the feedback contains the right number {ex['answer']}: {text!r}")
    return found


def _exercises(folder: Path):
    out = []
    for path in bank_paths(folder):
        try:
            bank = load_bank(path)
        except BankError:
            continue  # test_banks reports a bank that does not load
        out += [pytest.param(ex, id=ex.id) for ex in bank.exercises.values() if ex.kind in ("choice", "multi", "number")]
    return out


@pytest.mark.parametrize("ex", _exercises(LESSONS))
def test_first_wrong_try_gives_nothing_away(ex, journal_file, monkeypatch):
    monkeypatch.setenv("RR_LESSONS", str(LESSONS))
    problems = [p for tried, text in first_tries(ex) for p in leaks(ex, tried, text)]
    assert not problems, "\n".join(problems)


def test_a_quoted_part_of_a_long_option_counts_as_its_text():
    option = "Relative to their length, both use \"party\" at a similar rate."
    assert holds_option("Both use party at a similar rate, relative to length.", option)
    assert not holds_option("Compare the rates per 1,000 tokens instead.", option)
    assert holds_option("It was THE  chargé.", "The chargé") and not holds_option("the charge", "The chargé")
    assert not holds_option("this is one of the things", "Perhaps this is one of the reasons they wrote it.")


def test_the_number_forms_are_recognised():
    p = number_pattern(8500)
    for text in ("8500", "8,500 killed", "about 8 500", "8\u202f500", "(8500)"):
        assert p.search(text), text
    for text in ("18500", "85000", "8,5001", "8500.5", "850"):
        assert not p.search(text), text
    assert number_pattern(5.8).search("it is 5.8 to 1") and not number_pattern(5.8).search("5.81")
    assert number_pattern(22.7).search("22.7 per cent") and not number_pattern(22.7).search("122.7")


BAD = bank_toml(
    exercise_toml("44.1", "choice", prompt="Who wrote the cable?", options=["The chargé", "The ambassador", "A journalist"],
                  answer=0, feedback=["Right.", "No: it was the chargé, as the heading says.", "No: see paragraph 1."]),
    exercise_toml("44.2", "multi", prompt="Which are primary?", options=["The resolution", "The cable", "The Q&A"],
                  answer=[0, 1], feedback=["Yes.", "Yes.", "No: unlike the resolution, it was written later."],
                  missed=["Think of the resolution.", "", ""]),
    exercise_toml("44.3", "number", prompt="How many?", answer=8500, default="Add the rows again.",
                  common_mistakes=[{"value": 8800, "feedback": "Take 300 off: 8 500."}]),
    exercise_toml("44.4", "number", prompt="Ratio?", answer=5.8, tolerance=0.05, default="It should come to 5.8."))


def test_the_leak_check_fails_on_a_bad_bank(lessons, write_bank):
    write_bank(BAD, "44_bad.toml")
    found = {}
    for param in _exercises(lessons):
        ex = param.values[0]
        found[ex.id] = [p for tried, text in first_tries(ex) for p in leaks(ex, tried, text)]
    assert len(found["44.1"]) == 1 and "option 1" in found["44.1"][0] and "'The chargé'" in found["44.1"][0]
    assert len(found["44.2"]) == 1 and "'The resolution'" in found["44.2"][0]
    assert len(found["44.3"]) == 1 and "common mistake 8800" in found["44.3"][0]
    assert len(found["44.4"]) == 1 and "the default" in found["44.4"][0]

"""Text an instructor writes in a bank must print, and options must differ as a student reads them.

Visible text (helpers.kinds.base.visible) is a letter, digit, punctuation mark or symbol that prints:
not a space of any width, not a format character such as U+200B, not a blank letter or symbol (the
Hangul fillers, the blank Braille pattern), not a combining accent on its own. Each row of FIELDS
puts one of the INVISIBLE texts into one field; the bank must then give one error naming that field.
"""
from __future__ import annotations

import pytest

from bankmaker import choice_toml, exercise_toml, fits, multi_toml
from helpers.banks import load_bank

INVISIBLE = {
    "empty": "",
    "hangul-filler": "\u3164",
    "braille-blank": "\u2800",
    "choseong-filler": "\u115f",
    "jungseong-filler": "\u1160",
    "halfwidth-filler": "\uffa0",
    "lone-combining-accent": "\u0301",
    "zero-width-space": "\u200b",
    "word-joiner-and-bom": "\u2060\ufeff",
    "spaces": "\u00a0\u2009\u3000 \t",
    "mixed": "\u3164 \u200b\u2800\u0301",
}

ENTRY = "expected visible text in every entry, found an empty or invisible one at index {n}"
STRING = "expected some visible text, found an empty or invisible string"
KWP = "kwp-1956-09-23"  # paragraph 5 is one sentence, paragraph 6 two

FIELDS = {  # name -> (bank with the blank text put in, field, message)
    "prompt": (lambda b: choice_toml("05.1", prompt=b), "prompt",
               "expected the question to ask, found an empty or invisible string"),
    "hint": (lambda b: choice_toml("05.1", hints=["Look at the date.", b]), "hints",
             "expected some text in every hint, found an empty hint at position 1"),
    "explanation": (lambda b: choice_toml("05.1", explanation=b), "explanation",
                    "expected some visible text (or no explanation field), found an empty or invisible string"),
    "option": (lambda b: choice_toml("05.1", options=["The 1938 resolution", b, "The 2016 Q&A"]), "options",
               ENTRY.format(n=1)),
    "choice-feedback": (lambda b: choice_toml("05.1", feedback=["F0: primary.", b, "F2: secondary."]), "feedback",
                        ENTRY.format(n=1)),
    "multi-feedback": (lambda b: multi_toml("05.1", feedback=["M0.", "M1.", "M2.", b]), "feedback", ENTRY.format(n=3)),
    "number-feedback": (lambda b: exercise_toml("05.1", "number", prompt="How many?", answer=5, feedback=b),
                        "feedback", STRING),
    "number-mistake": (lambda b: exercise_toml("05.1", "number", prompt="How many?", answer=5,
                                               common_mistakes=[{"value": 6, "feedback": b}]),
                       "common_mistakes[0].feedback", STRING),
    "reflect-model": (lambda b: exercise_toml("05.1", "reflect", prompt="Think.", model_answer=b, rubric=["r"]),
                      "model_answer", "expected a model answer, found an empty string"),
}


@pytest.mark.parametrize("blank", INVISIBLE.values(), ids=INVISIBLE)
@pytest.mark.parametrize("name", FIELDS)
def test_a_field_of_invisible_text_is_one_clear_error(bank_error, name, blank):
    make, field, message = FIELDS[name]
    e = bank_error(make(blank))
    assert (e.exercise, e.field, e.also) == ("05.1", field, []), str(e)
    assert fits(e.detail, message), e.detail


@pytest.mark.parametrize("name", FIELDS)
def test_the_same_fields_with_visible_text_load(write_bank, name):
    make = FIELDS[name][0]
    text = make("A clear sentence of the course.")
    assert list(load_bank(write_bank(text)).exercises) == ["05.1"]


NOTES = {  # name -> a bank whose list of notes is given (lists where "" means no note for that entry)
    "multi-missed": lambda notes: multi_toml("05.1", missed=notes + ["m2", "m3"]),
    "classify-feedback": lambda notes: exercise_toml("05.1", "classify", prompt="Sort.", items=["a", "b"],
                                                     categories=["x", "y"], answer=["x", "y"], feedback=notes),
    "order-feedback": lambda notes: exercise_toml("05.1", "order", prompt="Order.", items=["a", "b"], answer=[1, 0],
                                                  feedback=notes),
    "select-feedback": lambda notes: exercise_toml("05.1", "select", doc=KWP, prompt="Which?", paragraphs=[6],
                                                   answer=[0], feedback=notes),
}
SOME = {k: b for k, b in INVISIBLE.items() if b}


@pytest.mark.parametrize("blank", SOME.values(), ids=SOME)
@pytest.mark.parametrize("name", NOTES)
def test_a_note_is_visible_or_left_empty(bank_error, write_bank, name, blank):
    field = "missed" if name == "multi-missed" else "feedback"
    assert list(load_bank(write_bank(NOTES[name](["", "n1"]))).exercises) == ["05.1"]
    e = bank_error(NOTES[name](["n0", blank]))
    assert (e.field, e.detail, e.also) == (field, "expected visible text or nothing in every entry, found an empty "
                                                  "or invisible one at index 1", []), str(e)


@pytest.mark.parametrize("prompt", ["\u3164Why?", "e\u0301", "\u2014", "\u00bd", "?", "\u2800\u2801"])
def test_a_prompt_with_one_printing_character_is_visible(write_bank, prompt):
    exercises = load_bank(write_bank(choice_toml("05.1", prompt=prompt))).exercises
    assert exercises["05.1"]["prompt"] == prompt


@pytest.mark.parametrize("twin", [
    "the\u2009cable\u200b",     # a thin space, a zero-width space after
    "the\u00a0cable",           # a no-break space
    "the\u3000cable",           # an ideographic space
    "\u2060 the  cable\ufeff",  # a word joiner, two spaces, a byte-order mark
    "the\u3164cable",           # a Hangul filler prints as a space
])
def test_options_that_read_the_same_are_one_option(bank_error, twin):
    e = bank_error(choice_toml("05.1", options=["the cable", twin, "the letter"]))
    assert (e.field, e.detail) == ("options", "expected different entries (white space ignored), found a repeated "
                                              "one: 'the cable'"), str(e)


def test_an_accent_composed_or_not_is_one_option(bank_error):
    e = bank_error(choice_toml("05.1", options=["caf\u00e9", "cafe\u0301", "bar"]))
    assert (e.field, e.detail) == ("options", "expected different entries (white space ignored), found a repeated "
                                              "one: 'caf\u00e9'"), str(e)

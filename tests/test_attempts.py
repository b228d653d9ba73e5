"""A genuine attempt is written in words (helpers/kinds/vocabulary.py): at least a third of its tokens are
words the course knows, from the corpus editions or common English function words.

Measured when the threshold was chosen: the eleven model answers and model source cards of the banks have
0.67 to 0.83 of their tokens known (0.41 to 0.61 from function words alone), the twelve students' answers
below 0.70 to 0.90 (0.49 to 0.59), the eleven kinds of gibberish 0 to 0.077. Nothing genuine is refused,
nothing invented passes, and the gibberish passes the older rules (enough words, half of them different):
the words rule is what stops it.
"""
from __future__ import annotations

import random
import re

import pytest

from helpers import kinds
from helpers.banks import all_exercises
from helpers.exercises import check
from helpers.kinds.base import KNOWN_SHARE, distinct_words, enough_words, words
from helpers.kinds.vocabulary import FUNCTION_WORDS, known_share, vocabulary

# Written as students write: short, plain, lower case, typos ("happend", "dosent", "becuase", "then" for "than").
STUDENTS = [
    "i think the resolution blames the local party people for kicking out to many members. it doesnt say who told "
    "them to do it tho. it also leaves out the ppl who got arrested by the nkvd, it only talks about membership and "
    "apeals not about prisons or executions.",
    "The document leaves out what happend to the people after they were expelled. Many lost there jobs and some were "
    "arrested but the text only talks about party procedures. It also dosent mention Stalin or the central committees "
    "own role in the purges, which seems importent.",
    "It leaves out the reasons. The plenum says mistakes were made but never explains why so many were expelled in "
    "the first place. I would want to know who gave the orders and how many people were effected, because the numbers "
    "are not given anywhere in the text.",
    "In my opinion the resolution is mostly about blaming others. The leaders put the fault on careerists and hidden "
    "enemies. What it leaves out is the victims side of the story, we never hear from them, and also the role of the "
    "secret police is totaly missing.",
    "they dont mention the arrests at all which is strange becuase we know from other sources that thousands were "
    "arrested in 1937 and 1938. the text is only about expulsions from the party. maybe they didnt want to admit what "
    "the nkvd was doing.",
    "The 1956 decision gives back the membership of Choe Chang-ik and Pak Chang-ok but it doesnt say why they were "
    "punished in August in the first place. It also leaves out the soviet and chinese delegations that came to "
    "Pyongyang and pushed for this change.",
    "Kim Il Sung is not named even though he led the party. The resolution speaks as if the whole central committee "
    "decided together. It leaves out the pressure from Moscow and Beijing, and it dosn't tell us what the comrades "
    "themselves said about being expelled.",
    "The cable gives numbers for the partisans but doesnt say how the embassy got them. Were they counted by someone "
    "or just guesses from the korean side? I would trust it less because the writers wanted to show the movement was "
    "strong and growing.",
    "What is missing is evidence. The numbers look very exact but there is no source for them. The embassy might have "
    "copied figures from the north korean reports, who had reasons to make the partisan struggle look bigger then it "
    "really was.",
    "the resoluton talks alot about mistakes and slander but it never says that innocent people were shot. it is "
    "written for party members so it keeps the language of the party, enemies, vigilance, and so on. the real scale "
    "is left out.",
    "From reading it I get the sense that the writers want to protect the party. They admit some errors by local "
    "organisations but not by the leadership. Ordinary members who lost everything are only numbers here, we dont "
    "learn their names or stories.",
    "Its interesting that the document says the expelled should be restored quickly but gives no deadline or any way "
    "to check it happened. So the resolution may have been more for show. A historian would need other documents to "
    "see if anything changed.",
]

SENTENCE = ("The resolution blames local officials for the exclusions and says nothing of who ordered them, nor of the "
            "people arrested and shot, nor of the central committee that wrote the orders and the quotas in the first "
            "place, nor of the police who carried them out")
LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore "
         "magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo "
         "consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla "
         "pariatur.")
ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_random = random.Random(1956)

GIBBERISH = {
    "numbered tokens": " ".join(f"w{i}" for i in range(40)),
    "keyboard mashing": " ".join(row[i:i + n] for n in (3, 4, 5) for row in ROWS for i in range(len(row) - n + 1)),
    "one word with suffixes": " ".join("party" + end for end in ["", *"abcdefghijklmnopqrstuvwxyz", "aa", "ab", "ac",
                                                                  "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al", "am"]),
    "random letters": " ".join("".join(_random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_random.randint(3, 8)))
                               for _ in range(45)),
    "lorem ipsum": LOREM,
    "numbers": " ".join(str(n) for n in range(1, 46)),
    "words with numbers glued on": " ".join(f"{w}{i}" for i, w in enumerate(re.findall(r"\w+", SENTENCE))),
    "words backwards": " ".join(w[::-1] for w in re.findall(r"\w+", SENTENCE)),
    "letters of the alphabet": " ".join([*"abcdefghijklmnopqrstuvwxyz", *(c * 2 for c in "abcdefghijklmn")]),
    "hexadecimal": " ".join(f"{_random.getrandbits(24):06x}" for _ in range(45)),
    "made-up syllables": " ".join(a + b for a in ("ba", "ko", "mi", "tu", "ze", "ra", "pe")
                                  for b in ("la", "no", "ri", "su", "ga", "fe", "do")),
}


def model_texts() -> list[tuple[str, str]]:
    """(exercise id, text) of every model answer (reflect, essay) and model source card (fields joined) of the banks."""
    found = []
    for ex in all_exercises():
        if ex.kind in ("reflect", "essay"):
            found.append((ex.id, ex["model_answer"]))
        elif ex.kind == "sourcing":
            found.append((ex.id, " ".join(ex["model"].values())))
    return found


def test_the_banks_have_model_answers_and_model_cards():
    kinds_found = {ex.kind for ex in all_exercises()}
    assert {"reflect", "essay", "sourcing"} <= kinds_found and len(model_texts()) >= 3


@pytest.mark.parametrize("exercise_id,text", model_texts(), ids=[i for i, _ in model_texts()])
def test_every_model_answer_is_written_in_words(exercise_id, text):
    assert known_share(text) >= KNOWN_SHARE


@pytest.mark.parametrize("ex", [ex for ex in all_exercises() if kinds.get(ex.kind).writing], ids=lambda ex: ex.id)
def test_every_model_answer_given_as_an_answer_is_a_genuine_attempt(ex):
    kind = kinds.get(ex.kind)
    assert kind.genuine(ex, kind.normalize(ex, kind.model(ex)))


@pytest.mark.parametrize("text", STUDENTS, ids=[f"student{n}" for n in range(len(STUDENTS))])
def test_a_students_answer_with_typos_is_a_genuine_attempt(text):
    assert enough_words(text, 40)


@pytest.mark.parametrize("name", GIBBERISH)
def test_gibberish_is_no_genuine_attempt(name):
    text = GIBBERISH[name]
    assert words(text) >= 40 and distinct_words(text) >= 20  # it passes the count and the different words ...
    assert not enough_words(text, 40)  # ... but not the words the course knows


def test_the_threshold_leaves_a_margin_on_both_sides():
    """Function words alone carry every genuine text over the threshold; no gibberish comes within a third of it."""
    genuine = STUDENTS + [text for _, text in model_texts()]
    assert min(known_share(text, FUNCTION_WORDS) for text in genuine) >= KNOWN_SHARE
    assert max(known_share(text) for text in GIBBERISH.values()) < KNOWN_SHARE / 3


@pytest.mark.parametrize("text,expected", [
    ("the party's party-line", 1.0),        # a possessive and a compound of known words
    ("w0 1956 2,500 -- the", 0.25),         # tokens with digits are no words, even when listed; "--" no token
    ("", 0.0),
])
def test_what_counts_as_a_known_word(text, expected):
    assert known_share(text, {"the", "party", "line", "w0", "1956"}) == pytest.approx(expected)


def test_the_vocabulary_is_the_corpus_and_is_read_once(make_corpus, tmp_path):
    make_corpus()  # the tiny corpus: "Mistakes were made: the Party's mistake. ..."
    tiny = vocabulary(tmp_path / "corpus")
    assert {"mistakes", "enemies", "restore", "appeals"} <= tiny and "partisans" not in tiny
    assert "1956" not in tiny and "2,500" not in tiny  # numbers are no words
    assert vocabulary(tmp_path / "corpus") is tiny
    assert "partisans" in vocabulary()  # the course's own corpus


def first_of(kind: str):
    """The course's first exercise of this kind."""
    return next(ex for ex in all_exercises() if ex.kind == kind)


def test_gibberish_is_saved_as_a_draft_that_says_what_is_expected(tmp_path, monkeypatch):
    monkeypatch.setenv("RR_JOURNAL", str(tmp_path / "answers.sqlite"))  # nobody's saved answers
    ex = first_of("reflect")
    model = ex["model_answer"].split()[:6]
    fb = check(ex.id, GIBBERISH["keyboard mashing"], record=False)
    assert f"as a draft. Write at least {ex['min_words']} words of your own answer, in English sentences" in fb.text
    assert " ".join(model) not in " ".join(fb.text.split())
    fb = check(ex.id, STUDENTS[0], record=False)
    assert "as a draft" not in fb.text and " ".join(model) in " ".join(fb.text.split())


def test_a_gibberish_source_card_is_a_draft_that_asks_for_english(tmp_path, monkeypatch):
    monkeypatch.setenv("RR_JOURNAL", str(tmp_path / "answers.sqlite"))
    ex = first_of("sourcing")
    letters = GIBBERISH["random letters"].split()
    fb = check(ex.id, [" ".join(letters[i:i + 5]) for i in range(0, 30, 5)], record=False)
    assert "as a draft. Write at least 3 words of your own in every field, in English" in fb.text
    assert ex["model"]["why"].strip() not in fb.text
    fb = check(ex.id, ["the plenum of the party", "in September of that year", "the party organizations",
                       "to undo the August punishments", "a copy in Russian translation", "the archive in Moscow holds it"],
               record=False)
    assert "as a draft" not in fb.text and ex["model"]["why"].strip() in fb.text

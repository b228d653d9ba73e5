"""corpus/lexicon.csv and helpers.text.lexicon_profile: the shipped lexicon is drawn from the
documents' own words, a broken lexicon gives a clear CorpusError, and hits are counted by hand."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.corpus import DEFAULT_ROOT, CorpusError
from helpers.text import frequencies, lexicon_profile, load_lexicon

PRIMARY = ["vkpb-1938-01-19", "kwp-1956-09-23", "ussr-embassy-1950-05-06"]
CATEGORIES = ["error and mistake", "enemies and vigilance", "legality and procedure",
              "party unity and discipline", "the leader and the centre",
              "restoration and rehabilitation", "the masses and the people"]

# The tiny corpus (the ``tiny`` fixture, hand-counted in test_text.py): a = "Mistakes were made: the Party’s mistake. / Enemies of the
# people hid in the Party." (14 tokens); b = "Restore the comrades to membership in the Party. /
# The mistakes of 1956 cost 2,500 appeals." (15 tokens).
TINY_LEXICON = """category,term,note
error,mistake*,any form of mistake
error,mistakes,overlaps mistake*: the same token is counted once
enemies,enemies of the people,a phrase
enemies,enem*,overlaps the phrase at its first word
restoration,restore,a verb
"""


@pytest.fixture(scope="module")
def shipped():
    return load_lexicon(DEFAULT_ROOT / "lexicon.csv")


# ---------------------------------------------------------------- the shipped lexicon

def test_shipped_lexicon_has_the_course_categories(shipped):
    assert set(CATEGORIES) <= set(shipped["category"])


def test_every_shipped_category_has_at_least_three_terms(shipped):
    assert shipped.groupby("category").size().min() >= 3


def test_every_shipped_term_occurs_in_a_1938_or_1956_resolution_or_the_cable(corpus, shipped):
    counts = frequencies(corpus, list(shipped["term"]), docs=PRIMARY).groupby("term", sort=False)["count"].sum()
    assert counts[counts == 0].index.tolist() == []


def test_every_shipped_term_has_a_note(shipped):
    assert all(note.strip() for note in shipped["note"])


def test_every_quotation_in_a_shipped_note_is_in_the_corpus(corpus, shipped):
    # Notes quote the documents in double quotes; each quotation must be found word for word.
    text = " ".join(" ".join(d.text.replace("\u2019", "'").split()) for d in corpus).lower()
    missing = [q for note in shipped["note"] for q in re.findall(r'"([^"]+)"', note)
               if " ".join(q.split()).lower() not in text]
    assert missing == []


def test_lexicon_profile_reads_the_lexicon_beside_the_corpus(corpus, shipped):
    profile = lexicon_profile(corpus)
    assert list(profile.columns) == ["doc_id", "category", "hits", "per_1000"]
    # a row per document and category of corpus/lexicon.csv
    assert len(profile) == len(corpus) * shipped["category"].nunique()


# ---------------------------------------------------------------- counting, by hand

def test_lexicon_profile_counts_by_hand(make_corpus):
    # a: error = Mistakes(0), mistake(5) -> 2 hits, 2000/14 = 142.857; enemies = Enemies(6) -> 1, 71.429;
    #    restoration = 0. b: error = mistakes(9) -> 1, 1000/15 = 66.667; enemies = 0; restoration = Restore(0) -> 1.
    corpus = make_corpus(lexicon=TINY_LEXICON)
    profile = lexicon_profile(corpus)
    assert profile[["doc_id", "category", "hits"]].values.tolist() == [
        ["a-1938-01-01", "error", 2], ["a-1938-01-01", "enemies", 1], ["a-1938-01-01", "restoration", 0],
        ["b-1956-09-23", "error", 1], ["b-1956-09-23", "enemies", 0], ["b-1956-09-23", "restoration", 1]]
    assert profile["per_1000"].tolist() == pytest.approx([142.857143, 71.428571, 0, 66.666667, 0, 66.666667])


def test_overlapping_terms_count_a_token_once_per_category(make_corpus):
    # "mistake*" and "mistakes" both match token 0 of a: it is still one hit (2, not 3).
    corpus = make_corpus(lexicon=TINY_LEXICON)
    profile = lexicon_profile(corpus).set_index(["doc_id", "category"])
    assert profile.loc[("a-1938-01-01", "error"), "hits"] == 2


def test_lexicon_profile_accepts_a_dataframe(tiny):
    # "the": 3 times in a (tokens 3, 8, 12) and 3 times in b (tokens 1, 6, 8).
    profile = lexicon_profile(tiny, pd.DataFrame({"category": ["x"], "term": ["the"]}))
    assert profile["hits"].tolist() == [3, 3]


def test_a_corpus_without_lexicon_csv_says_so(tiny):
    with pytest.raises(CorpusError, match=r"corpus/lexicon.csv: expected a lexicon file"):
        lexicon_profile(tiny)


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("text,message", [
    ("category,term\nerror,mistake*\n",
     "corpus/lexicon.csv, line 1: expected the header 'category,term,note', found 'category,term'"),
    ("category,term,note\nerror,mistake*,a\n,restore,b\n",
     "corpus/lexicon.csv, line 3, field \"category\": expected a category name, found ''"),
    ("category,term,note\nerror,mistake*,a\nerror, ,b\n",
     "corpus/lexicon.csv, line 3, field \"term\": expected a word or phrase, found ' '"),
    ("category,term,note\nerror,mistake*,a\nerror,Mistake*,b\n",
     "corpus/lexicon.csv, line 3, field \"term\": expected each term once in a category, found 'Mistake\\*' in 'error' again \\(first on line 2\\)"),
    ("category,term,note\nerror,mistake*,a\nerror,?!,b\n",
     "corpus/lexicon.csv, line 3, field \"term\": expected a term with letters or digits, found only punctuation in '\\?!'"),
    ("category,term,note\nerror,mistake*,a,extra\n",
     "corpus/lexicon.csv, line 2: expected 3 fields"),
    ("category,term,note\nerror,*mistake,a\n",
     "corpus/lexicon.csv, line 2, field \"term\": expected \\* only right after a word"),
    ("category,term,note\n",
     "corpus/lexicon.csv: expected at least one category,term,note row, found none"),
])
def test_a_broken_lexicon_names_file_line_and_field(make_corpus, text, message):
    corpus = make_corpus(lexicon=text)
    with pytest.raises(CorpusError, match=message):
        lexicon_profile(corpus)


def test_a_lexicon_that_is_not_utf8_names_the_line(tiny):
    (tiny.root / "lexicon.csv").write_bytes(b"category,term,note\nerror,mistake*,a\nerror,\xe9chec,b\n")
    with pytest.raises(CorpusError, match="corpus/lexicon.csv, line 3: expected UTF-8 text, found byte 0xe9"):
        lexicon_profile(tiny)


def test_the_same_term_in_two_categories_is_allowed(make_corpus):
    corpus = make_corpus(lexicon="category,term,note\nx,the,a\ny,the,b\n")
    assert lexicon_profile(corpus)["hits"].tolist() == [3, 3, 3, 3]

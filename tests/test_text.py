"""helpers.text: tokens, kwic, frequencies, keyness, dispersion, on a tiny corpus counted by hand.

The tiny corpus (the ``tiny`` fixture of tests/conftest.py) has two documents.

a-1938-01-01, 14 tokens:
  paragraph 1  "Mistakes were made: the Party’s mistake."
               mistakes(0) were(1) made(2) the(3) party's(4) mistake(5)
  paragraph 2  "Enemies of the\\npeople hid in the Party."
               enemies(6) of(7) the(8) people(9) hid(10) in(11) the(12) party(13)

b-1956-09-23, 15 tokens:
  paragraph 1  "Restore the comrades to membership in the Party."
               restore(0) the(1) comrades(2) to(3) membership(4) in(5) the(6) party(7)
  paragraph 2  "The mistakes of 1956 cost 2,500 appeals."
               the(8) mistakes(9) of(10) 1956(11) cost(12) 2,500(13) appeals(14)
"""
from __future__ import annotations

import random

import pytest

from helpers._fastindex import scan as _scan
from helpers.text import (TOKEN, _index, dispersion, frequencies, keyness, kwic, tokens)

# ---------------------------------------------------------------- tokens

@pytest.mark.parametrize("text,expected", [
    # inner apostrophes (curly ones made straight) and hyphens stay inside the word
    ("The Party\u2019s formal-bureaucratic attitude", ["the", "party's", "formal-bureaucratic", "attitude"]),
    # numbers with separators are one token
    ("more than 2,500 appeals; 30.3 cm", ["more", "than", "2,500", "appeals", "30.3", "cm"]),
    # letters of any script
    ("Пленум ЦК ВКП(б), 조선로동당", ["пленум", "цк", "вкп", "б", "조선로동당"]),
    # "army\u00b9" is the word "army" with footnote marker 1, not a word of its own
    ("the entire army\u00b9. \u00b2 Translated", ["the", "entire", "army", "translated"]),
    # a dotted capital I lowers to "i" and a combining dot above, as str.lower() gives it
    ("\u0130stanbul and ISTANBUL", ["i\u0307stanbul", "and", "istanbul"]),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_tokens_fast_path_equals_the_regular_expression_on_every_real_document(corpus):
    for doc in corpus:
        slow = [m.group(0).lower().replace("\u2019", "'") for m in TOKEN.finditer(doc.text)]
        assert tokens(doc.text) == slow, doc.id


def test_the_cached_index_finds_the_same_tokens_as_the_regular_expression():
    # The index scans the text with array operations; on random strings of awkward characters
    # (joiners, separators, superscripts, dotted I, letters beyond the BMP, paragraph breaks)
    # it must find exactly the spans and tokens the regular expression finds.
    alphabet = list("ab Z9 0'\u2019-.,_\n\t\u00b2\u00b9\u0130\u00df\U0001d400\U0001f600\u0416\ud55c\u0663") + ["  ", "\n\n"]
    rng = random.Random(1938)
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 30)))
        starts, ends = _scan(text)
        assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in TOKEN.finditer(text)], repr(text)
        if text.strip():
            index = _index(text)
            assert [index.types[c] for c in index.codes] == tokens(text), repr(text)


def test_a_long_text_scanned_in_pieces_gives_the_same_index(corpus, monkeypatch):
    # Long texts are scanned a piece at a time; with pieces of 7 characters every piece
    # boundary is exercised: tokens, their places and the paragraphs must not change.
    import helpers._fastindex as text_module
    doc = corpus["ussr-embassy-1950-05-06"]
    _index.cache_clear()
    whole = _index(doc.text)
    monkeypatch.setattr(text_module, "CHUNK", 7)
    _index.cache_clear()
    pieces = _index(doc.text)
    _index.cache_clear()
    assert pieces.types == whole.types
    for name in ("codes", "starts", "ends", "para_start"):
        assert getattr(pieces, name).tolist() == getattr(whole, name).tolist(), name


# ---------------------------------------------------------------- kwic

def test_kwic_has_the_documented_columns(tiny):
    assert list(kwic(tiny, "party").columns) == ["doc_id", "paragraph", "left", "match", "right"]


@pytest.mark.parametrize("term,matches", [
    ("mistake*", ["Mistakes", "mistake", "mistakes"]),  # a trailing star: two in a, one in b
    ("mistake", ["mistake"]),  # without a star, the whole word only
    ("PARTY", ["Party", "Party"]),  # case-insensitive, shown in the original case
    ("party's", ["Party\u2019s"]),  # a straight apostrophe matches a curly one
    ("mistake enemies", []),  # no phrase across paragraphs: "mistake" ends a's first, "Enemies" opens its second
])
def test_kwic_matches(tiny, term, matches):
    assert list(kwic(tiny, term)["match"]) == matches


def test_kwic_left_and_right_hold_window_tokens_of_original_text(tiny):
    # a, paragraph 1, "mistake" is token 5: left = tokens 3-4 "the Party’s" (curly apostrophe kept),
    # right = nothing (last token of the paragraph). b, paragraph 2, "mistakes" is token 9:
    # left = "The" (only one token before it in the paragraph), right = "of 1956".
    rows = kwic(tiny, "mistake*", window=2)
    assert list(rows["left"]) == ["", "the Party\u2019s", "The"]
    assert list(rows["right"]) == ["were made", "", "of 1956"]


def test_kwic_phrase_matches_across_a_line_break(tiny):
    rows = kwic(tiny, "enemies of the people", window=1)
    assert rows[["doc_id", "paragraph", "left", "match", "right"]].values.tolist() == [
        ["a-1938-01-01", 2, "", "Enemies of the people", "hid"]]


def test_kwic_rows_are_in_document_then_position_order(tiny):
    rows = kwic(tiny, "the", window=0)
    # a: tokens 3, 8, 12 (paragraphs 1, 2, 2); b: tokens 1, 6, 8 (paragraphs 1, 1, 2).
    assert rows[["doc_id", "paragraph"]].values.tolist() == [
        ["a-1938-01-01", 1], ["a-1938-01-01", 2], ["a-1938-01-01", 2],
        ["b-1956-09-23", 1], ["b-1956-09-23", 1], ["b-1956-09-23", 2]]


def test_kwic_docs_restricts_the_search(tiny):
    assert set(kwic(tiny, "the", docs="b-1956-09-23")["doc_id"]) == {"b-1956-09-23"}


def test_kwic_paragraph_numbers_index_document_paragraphs(corpus):
    rows = kwic(corpus, "party organizations", window=0)
    assert len(rows) > 10
    for doc_id, paragraph, match in rows[["doc_id", "paragraph", "match"]].values:
        assert match in " ".join(corpus[doc_id].paragraphs[paragraph - 1].split())


def test_kwic_finds_the_only_rehabilitate_in_the_real_corpus(corpus):
    rows = kwic(corpus, "rehabilit*", window=3)
    assert rows[["doc_id", "match", "right"]].values.tolist() == [
        ["vkpb-1938-01-19", "rehabilitate", "these party members"]]


def test_unknown_doc_id_raises_value_error_listing_known_ids(tiny):
    with pytest.raises(ValueError, match=r"found 'c-2000-01-01'; known ids: a-1938-01-01, b-1956-09-23"):
        kwic(tiny, "party", docs=["a-1938-01-01", "c-2000-01-01"])


@pytest.mark.parametrize("term,message", [
    ("", "expected a word or phrase, found an empty term ''"),
    ("   ", "expected a word or phrase, found an empty term '   '"),
    ("?!", "found only punctuation in '\\?!'"),
    ("*", "found only punctuation in '\\*'"),
    ("*party", "expected \\* only right after a word"),
    ("party**", "expected \\* only right after a word"),
    (None, "expected a term as a string"),
])
def test_bad_terms_raise_a_value_error_saying_what_was_wrong(tiny, term, message):
    with pytest.raises(ValueError, match=message):
        kwic(tiny, term)


def test_negative_window_raises_value_error(tiny):
    with pytest.raises(ValueError, match="expected window"):
        kwic(tiny, "party", window=-1)


# ---------------------------------------------------------------- frequencies

def test_frequencies_count_and_per_1000_by_hand(tiny):
    # mistake*: a has "Mistakes", "mistake" = 2 of 14 tokens -> 2 * 1000 / 14 = 142.857...;
    #           b has "mistakes" = 1 of 15 tokens -> 1000 / 15 = 66.666...
    f = frequencies(tiny, "mistake*")
    assert f[["term", "doc_id", "count"]].values.tolist() == [
        ["mistake*", "a-1938-01-01", 2], ["mistake*", "b-1956-09-23", 1]]
    assert f["per_1000"].tolist() == pytest.approx([142.857142857, 66.666666667])


def test_frequencies_count_phrases_across_line_breaks(tiny):
    # "Enemies of the\npeople": once in a (1000 / 14 = 71.43 per 1,000), never in b.
    f = frequencies(tiny, ["enemies of the people"])
    assert f["count"].tolist() == [1, 0]
    assert f["per_1000"].tolist() == pytest.approx([71.428571429, 0.0])


def test_frequencies_keep_terms_in_the_order_given_with_zero_rows(tiny):
    f = frequencies(tiny, ["restore", "hid"])
    assert f[["term", "doc_id", "count"]].values.tolist() == [
        ["restore", "a-1938-01-01", 0], ["restore", "b-1956-09-23", 1],
        ["hid", "a-1938-01-01", 1], ["hid", "b-1956-09-23", 0]]


def test_frequencies_without_terms_list_every_word_commonest_first(tiny):
    # a: "the" 3 times, then eleven words once each in alphabetical order.
    f = frequencies(tiny, docs="a-1938-01-01")
    assert f["term"].tolist()[:4] == ["the", "enemies", "hid", "in"]
    assert f["count"].sum() == 14
    assert f.loc[0, "per_1000"] == pytest.approx(3 * 1000 / 14)


def test_frequencies_count_numbers_with_separators(tiny):
    assert frequencies(tiny, "2,500")["count"].tolist() == [0, 1]


def test_frequencies_reject_an_empty_list_of_terms(tiny):
    with pytest.raises(ValueError, match="expected at least one term"):
        frequencies(tiny, [])


# ---------------------------------------------------------------- keyness

def test_keyness_columns(tiny):
    assert list(keyness(tiny, "a-1938-01-01", "b-1956-09-23").columns) == [
        "term", "count_target", "count_reference", "per_1000_target", "per_1000_reference",
        "log_likelihood", "log_ratio", "p_value", "key_for"]


def test_keyness_values_by_hand_for_a_word_absent_from_the_reference(tiny):
    # "enemies": a = 1, b = 0, c = 14, d = 15.
    # E1 = c(a+b)/(c+d) = 14/29 = 0.48276; b = 0 contributes nothing.
    # G2 = 2 * 1 * ln(1 / (14/29)) = 2 ln(29/14) = 2 * 0.728239 = 1.456477.
    # log ratio = log2((1/14) / (0.5/15)) = log2(15/7) = 1.099536 (zero count taken as 0.5).
    # p = erfc(sqrt(1.456477 / 2)) = erfc(0.853369) = 0.227491 (chi-square, 1 df: 1.46 -> 0.23).
    k = keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1).set_index("term")
    row = k.loc["enemies"]
    assert (row["count_target"], row["count_reference"]) == (1, 0)
    assert row["per_1000_target"] == pytest.approx(1000 / 14)
    assert row["per_1000_reference"] == 0
    assert row["log_likelihood"] == pytest.approx(1.456477, abs=1e-6)
    assert row["log_ratio"] == pytest.approx(1.099536, abs=1e-6)
    assert row["p_value"] == pytest.approx(0.227491, abs=1e-6)
    assert row["key_for"] == "target"


def test_keyness_values_by_hand_for_a_word_absent_from_the_target(tiny):
    # "restore": a = 0, b = 1. E2 = d(a+b)/(c+d) = 15/29.
    # G2 = 2 ln(29/15) = 2 * 0.659246 = 1.318491; log ratio = log2((0.5/14) / (1/15)) = log2(7.5/14) = -0.900464;
    # p = erfc(sqrt(0.659246)) = erfc(0.811939) = 0.250863.
    row = keyness(tiny, "a-1938-01-01", "b-1956-09-23", min_count=1).set_index("term").loc["restore"]
    assert row["log_likelihood"] == pytest.approx(1.318491, abs=1e-6)
    assert row["log_ratio"] == pytest.approx(-0.900464, abs=1e-6)
    assert row["p_value"] == pytest.approx(0.250863, abs=1e-6)
    assert row["key_for"] == "reference"


def test_keyness_min_count_applies_to_target_and_reference_together(tiny):
    # a + b >= 2 holds only for the(3+3), in(1+1), mistakes(1+1), of(1+1), party(1+1).
    k = keyness(tiny, "a-1938-01-01", "b-1956-09-23")
    assert sorted(k["term"]) == ["in", "mistakes", "of", "party", "the"]


def test_keyness_sorts_by_log_likelihood_then_term(tiny):
    # the: a=3, b=3: E1 = 14*6/29, E2 = 15*6/29; G2 = 6 ln(87/84 * 87/90) = 6 ln(841/840) = 0.0071386.
    # in, mistakes, of, party: a=1, b=1: G2 = 2 ln(29/28 * 29/30) = 2 ln(841/840) = 0.0023795, a tie
    # broken alphabetically.
    k = keyness(tiny, "a-1938-01-01", "b-1956-09-23")
    assert k["term"].tolist() == ["the", "in", "mistakes", "of", "party"]
    assert k["log_likelihood"].tolist() == pytest.approx([0.0071386, 0.0023795, 0.0023795, 0.0023795, 0.0023795], abs=1e-7)
    # the: log ratio = log2((3/14)/(3/15)) = log2(15/14) = 0.099536; 3/14 > 3/15, so key for the target.
    assert k.loc[0, "log_ratio"] == pytest.approx(0.099536, abs=1e-6)
    assert k.loc[0, "key_for"] == "target"


def test_keyness_accepts_lists_of_ids_and_records_them(tiny):
    k = keyness(tiny, ["a-1938-01-01"], ["b-1956-09-23"])
    assert k.attrs == {"target": ["a-1938-01-01"], "reference": ["b-1956-09-23"]}


def test_keyness_refuses_a_document_on_both_sides(tiny):
    with pytest.raises(ValueError, match="found a-1938-01-01 in both"):
        keyness(tiny, "a-1938-01-01", ["a-1938-01-01", "b-1956-09-23"])


def test_keyness_on_the_real_corpus_finds_the_1938_words_of_exclusion(corpus):
    k = keyness(corpus, "vkpb-1938-01-19", "kwp-1956-09-23")
    top = k[k["key_for"] == "target"]["term"].head(10).tolist()
    assert {"members", "excluded", "exclusion"} <= set(top)


# ---------------------------------------------------------------- dispersion

def test_dispersion_positions_by_hand(tiny):
    # "the" in a: tokens 3, 8, 12 of 0..13 -> 3/13, 8/13, 12/13; in b: tokens 1, 6, 8 of 0..14 -> /14.
    d = dispersion(tiny, "the")
    assert d["doc_id"].tolist() == ["a-1938-01-01"] * 3 + ["b-1956-09-23"] * 3
    assert d["position"].tolist() == pytest.approx([3 / 13, 8 / 13, 12 / 13, 1 / 14, 6 / 14, 8 / 14])


def test_dispersion_remembers_every_document_searched(tiny):
    d = dispersion(tiny, "restore")
    assert d.attrs["documents"] == {"a-1938-01-01": 14, "b-1956-09-23": 15}
    assert d["doc_id"].tolist() == ["b-1956-09-23"]


# ---------------------------------------------------------------- cache

def test_each_document_is_tokenized_once_across_functions(tiny):
    _index.cache_clear()
    kwic(tiny, "party")
    frequencies(tiny, ["mistake*"])
    keyness(tiny, "a-1938-01-01", "b-1956-09-23")
    dispersion(tiny, "the")
    info = _index.cache_info()
    assert (info.misses, info.hits) == (2, 6)

"""helpers._fastindex.build gives exactly the index of the plain way: every token sliced as a string
and coded with a dictionary in order of first appearance (``reference`` below).

build codes tokens by hashing their characters with array operations; these tests compare it with
the plain way on the real documents, on random strings of awkward characters, on many repeated
and near-identical words, and with hashes forced to collide (then build must notice and fall back).
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from helpers import _fastindex as fast
from helpers.segment import TOKEN, split_paragraphs


def reference(text: str, paragraphs: list[str]) -> dict:
    """The index the plain way: ``TOKEN`` matches in each piece, lowered with the piece (each token
    apart when the piece has an 'İ'), ’ as ', coded in order of first appearance."""
    vocab: dict[str, int] = {}
    codes, starts, ends = [], [], []
    for at, stop in fast._pieces(text):
        piece = text[at:stop]
        low = piece.lower().replace("\u2019", "'")
        for m in TOKEN.finditer(piece):
            if len(low) == len(piece):
                token = low[m.start():m.end()]
            else:
                token = m.group(0).lower().replace("\u2019", "'")
            codes.append(vocab.setdefault(token, len(vocab)))
            starts.append(at + m.start())
            ends.append(at + m.end())
    para_start, at = [], 0
    for para in paragraphs:
        at = text.index(para, at)
        para_start.append(sum(1 for s in starts if s < at))
        at += len(para)
    counts = [codes.count(c) for c in range(len(vocab))]
    return {"types": list(vocab), "lookup": vocab, "codes": codes, "starts": starts, "ends": ends,
            "para_start": para_start + [len(codes)], "counts": counts}


def as_plain(index: fast.Index) -> dict:
    assert index.codes.dtype == np.int32
    return {"types": index.types, "lookup": index.lookup, "codes": index.codes.tolist(),
            "starts": index.starts.tolist(), "ends": index.ends.tolist(),
            "para_start": index.para_start.tolist(), "counts": index.counts.tolist()}


@pytest.fixture
def no_fallback(monkeypatch):
    """Make the plain way unavailable to build, so that a test sees the hashing way's own result."""
    def refuse(text, paragraphs):
        raise AssertionError("build fell back to the dictionary")
    monkeypatch.setattr(fast, "_build_with_a_dictionary", refuse)


@pytest.fixture
def fallbacks(monkeypatch):
    """A list that records every text build hands to the plain way."""
    calls = []
    plain = fast._build_with_a_dictionary

    def record(text, paragraphs):
        calls.append(text)
        return plain(text, paragraphs)
    monkeypatch.setattr(fast, "_build_with_a_dictionary", record)
    return calls


def same_as_reference(text: str) -> None:
    paragraphs = split_paragraphs(text)
    assert as_plain(fast.build(text, paragraphs)) == reference(text, paragraphs), repr(text[:200])


AWKWARD = list("ab Z9 0'\u2019-.,_\n\t\u00b2\u00b9\u0130\u00df\U0001d400\U0001f600\u0416\ud55c\u0663"
               "\u03a3\u03c3\u03c2\u0391") + ["  ", "\n\n", "\u0391\u03a3", "\u03a3.", "1.5", "don\u2019t"]


def test_every_real_document_whole_and_in_small_pieces(corpus, no_fallback, monkeypatch):
    for doc in corpus:
        same_as_reference(doc.text)
    everything = "\n\n".join(doc.text for doc in corpus)
    same_as_reference(everything * 3)  # longer than one piece: codes shared across pieces
    monkeypatch.setattr(fast, "CHUNK", 1000)
    same_as_reference(everything)


def test_random_strings_of_awkward_characters(no_fallback, monkeypatch):
    # dotted I (two characters in lower case), Σ (lower case ς at the end of a word), ’, joiners,
    # separators, superscripts, letters beyond the BMP; also in pieces of 7 characters, so that
    # some pieces have an 'İ' and others not
    rng = random.Random(1956)
    for chunk in (fast.CHUNK, 7):
        monkeypatch.setattr(fast, "CHUNK", chunk)
        for _ in range(1500):
            same_as_reference("".join(rng.choices(AWKWARD, k=rng.randint(0, 40))))
    same_as_reference("one-piece-without-spaces-" * 40 + "\u0130")  # a piece far longer than CHUNK


def test_many_repeated_and_near_identical_words(no_fallback):
    rng = random.Random(1938)
    stems = ["party", "Party", "PARTY", "party\u2019s", "party's", "parties", "partya", "aparty",
             "mistake", "mistakes", "2,500", "2.500", "2500", "\u0416\u0416", "\u0436\u0436"]
    stems += ["".join(rng.choices("ab", k=rng.randint(1, 12))) for _ in range(300)]  # near-identical
    words = rng.choices(stems, k=20_000)
    text = "\n\n".join(" ".join(words[i:i + 50]) for i in range(0, len(words), 50))
    same_as_reference(text)
    index = fast.build(text, split_paragraphs(text))
    assert index.types[index.lookup["party"]] == "party"
    assert index.counts[index.lookup["party's"]] == words.count("party\u2019s") + words.count("party's")


def thue_morse(n: int) -> str:
    return "".join("ab"[bin(i).count("1") % 2] for i in range(n))


def test_two_words_with_the_same_hash_are_kept_apart(fallbacks):
    # The Thue-Morse word and its mirror image have the same hash for any odd base modulo 2**64:
    # build must notice that they differ and fall back to the plain way.
    one = thue_morse(4096)
    other = one.translate(str.maketrans("ab", "ba"))
    hashes = fast._token_hashes(fast._code_points(one + other), np.array([0, 4096]), np.array([4096, 8192]))
    assert hashes[0] == hashes[1]
    text = f"the {one} and the {other} and {one}"
    same_as_reference(text)
    assert fallbacks == [text]


def test_with_every_hash_the_same_build_falls_back_and_stays_exact(corpus, fallbacks, monkeypatch):
    monkeypatch.setattr(fast, "_token_hashes", lambda chars, starts, ends: np.zeros(len(starts), np.uint64))
    text = corpus["ussr-embassy-1950-05-06"].text
    same_as_reference(text)
    same_as_reference("aa bb aa")  # words of the same length
    assert fallbacks == [text, "aa bb aa"]


def test_with_every_token_a_different_hash_build_falls_back_and_stays_exact(corpus, fallbacks, monkeypatch):
    # every token its own code: the same word would get two codes
    monkeypatch.setattr(fast, "_token_hashes", lambda chars, starts, ends: np.arange(len(starts), dtype=np.uint64))
    text = corpus["kwp-1956-09-23"].text
    same_as_reference(text)
    assert fallbacks == [text]


def test_codes_not_numbered_in_order_of_first_appearance_are_refused():
    assert fast._first_places(np.array([0, 1, 0, 2, 1]), 3).tolist() == [0, 1, 3]
    assert fast._first_places(np.array([1, 0, 1]), 2) is None
    assert fast._first_places(np.array([0, 2, 1]), 3) is None


@pytest.mark.parametrize("text", ["", "  \n\n ", "... ; !", "word"])
def test_texts_with_few_or_no_tokens(text):
    same_as_reference(text)

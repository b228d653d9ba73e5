"""The engine behind :mod:`helpers.text`: a document's tokens as integer codes in numpy arrays.

Nothing here is needed to understand the method; it only makes it fast on long texts. Each
document is scanned once: every token gets an integer code (one per distinct lower-case word),
with its start and end in the text and the token where each paragraph starts. A concordance,
a count or a keyness table then works on these arrays, not on the text.

The scanner gives exactly the spans of :data:`helpers.segment.TOKEN` (a test checks it on
random strings), but with array operations: a character belongs to a token if it is a letter
or digit, an apostrophe or hyphen between two of them, or a . or , between two digits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.segment import TO_SPACE

__all__ = ["Index", "Pattern", "build", "scan", "matches", "count", "pooled_counts"]

Pattern = tuple[tuple[str, bool], ...]  # a parsed term: ((word, has_star), ...)

CHUNK = 1 << 18  # characters handled at a time, so that long texts cost in proportion to their length
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """For every character of the Basic Multilingual Plane: is it a letter or digit (as ``TOKEN``
    sees it, footnote superscripts excluded), and is it a decimal digit (as ``\\d`` sees it)."""
    chars = [chr(i) for i in range(0x10000)]
    alnum = np.array([c.isalnum() for c in chars], dtype=bool)
    alnum[list(TO_SPACE)] = False
    return alnum, np.array([c.isdecimal() for c in chars], dtype=bool)


def scan(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every ``TOKEN`` match in ``text``, found with array operations."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    alnum_table, digit_table = _char_tables()
    small = np.minimum(cp, 0xFFFF)
    alnum, digit = alnum_table[small], digit_table[small]
    for c in np.unique(cp[cp > 0xFFFF]).tolist():  # characters beyond the BMP, rare
        where = cp == c
        alnum[where], digit[where] = chr(c).isalnum(), chr(c).isdecimal()
    joiner = (cp == 0x27) | (cp == 0x2019) | (cp == 0x2D)
    separator = (cp == 0x2C) | (cp == 0x2E)
    inside = alnum.copy()
    inside[1:-1] |= (joiner[1:-1] & alnum[:-2] & alnum[2:]) | (separator[1:-1] & digit[:-2] & digit[2:])
    edges = np.diff(inside.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


@dataclass(frozen=True)
class Index:
    """One document's tokens as integer codes, with their places in the text and paragraphs."""

    text: str
    types: list[str]              # code -> lower-case token
    lookup: dict[str, int]        # lower-case token -> code
    codes: np.ndarray             # the document's tokens as codes
    starts: np.ndarray            # character offset where each token starts ...
    ends: np.ndarray              # ... and ends
    para_start: np.ndarray        # token index where each paragraph starts, then the total
    counts: np.ndarray            # code -> number of occurrences

    @property
    def n(self) -> int:
        return len(self.codes)

    def paragraph_of(self, positions: np.ndarray) -> np.ndarray:
        """0-based paragraph index of each token position."""
        return np.searchsorted(self.para_start, positions, side="right") - 1


def _pieces(text: str):
    """(start, end) pieces of about ``CHUNK`` characters; each piece after the first begins with
    whitespace, which no token contains or touches, so scanning the pieces apart cuts no token."""
    start = 0
    while start < len(text):
        m = _SPACE.search(text, start + CHUNK) if start + CHUNK < len(text) else None
        end = m.start() if m else len(text)
        yield start, end
        start = end


def build(text: str, paragraphs: list[str]) -> Index:
    """The index of ``text``, whose paragraphs (as ``split_paragraphs`` gives them) are ``paragraphs``."""
    vocab: dict[str, int] = {}  # token -> code, in order of first appearance
    codes, starts, ends = [np.zeros(0, np.int32)], [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for at, stop in _pieces(text):
        piece = text[at:stop]
        a, b = scan(piece)
        low = piece.lower().replace("\u2019", "'")
        bounds = zip(a.tolist(), b.tolist())
        if len(low) == len(piece):
            toks = [low[x:y] for x, y in bounds]
        else:  # 'İ'.lower() is two characters: lower each token instead
            toks = [piece[x:y].lower().replace("\u2019", "'") for x, y in bounds]
        code = vocab.setdefault
        codes.append(np.array([code(t, len(vocab)) for t in toks], dtype=np.int32))
        starts.append(a + at)
        ends.append(b + at)
    codes, starts, ends = np.concatenate(codes), np.concatenate(starts), np.concatenate(ends)
    offsets, at = [], 0  # where each paragraph starts in the text
    for para in paragraphs:
        at = text.index(para, at)
        offsets.append(at)
        at += len(para)
    para_start = np.append(np.searchsorted(starts, offsets), len(codes)).astype(np.int64)
    types = list(vocab)
    return Index(text, types, vocab, codes, starts, ends, para_start, np.bincount(codes, minlength=len(types)))


def _codes_for(index: Index, word: str, star: bool) -> np.ndarray:
    if star:
        return np.array([i for i, t in enumerate(index.types) if t.startswith(word)], dtype=np.int32)
    code = index.lookup.get(word)
    return np.array([] if code is None else [code], dtype=np.int32)


def matches(index: Index, pattern: Pattern) -> np.ndarray:
    """Start positions (sorted) of every match of ``pattern``; a phrase stays inside one paragraph."""
    first = _codes_for(index, *pattern[0])
    if len(first) == 0:
        return np.array([], dtype=np.int64)
    if len(first) == 1:
        pos = np.flatnonzero(index.codes == first[0])
    else:
        pos = np.flatnonzero(np.isin(index.codes, first))
    for k, spec in enumerate(pattern[1:], 1):
        pos = pos[pos + k < index.n]
        pos = pos[np.isin(index.codes[pos + k], _codes_for(index, *spec))]
    if len(pattern) > 1 and len(pos):
        pos = pos[index.paragraph_of(pos) == index.paragraph_of(pos + len(pattern) - 1)]
    return pos


def count(index: Index, pattern: Pattern) -> int:
    """How many times ``pattern`` occurs: a plain word is looked up in the counts, not searched."""
    if len(pattern) == 1 and not pattern[0][1]:
        code = index.lookup.get(pattern[0][0])
        return 0 if code is None else int(index.counts[code])
    return len(matches(index, pattern))


def pooled_counts(indexes: list[Index]) -> tuple[pd.Series, int]:
    """Counts of every token type over several indexes (a Series indexed by token), and their total tokens."""
    series = [pd.Series(ix.counts, index=ix.types, dtype=np.int64) for ix in indexes]
    counts = series[0]
    for s in series[1:]:
        counts = counts.add(s, fill_value=0).astype(np.int64)
    return counts, sum(ix.n for ix in indexes)

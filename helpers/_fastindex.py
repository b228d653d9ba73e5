"""The engine behind :mod:`helpers.text`: a document's tokens as integer codes in numpy arrays.

Nothing here is needed to understand the method; it only makes it fast on long texts. Each
document is scanned once: every token gets an integer code (one per distinct lower-case word),
with its start and end in the text and the token where each paragraph starts. A concordance,
a count or a keyness table then works on these arrays, not on the text.

The scanner gives exactly the spans of :data:`helpers.segment.TOKEN` (a test checks it on
random strings), but with array operations: a character belongs to a token if it is a letter
or digit, an apostrophe or hyphen between two of them, or a . or , between two digits.

Tokens get their codes without a Python string per token: each token's lower-case characters
are hashed with array operations, equal hashes share a code, and then every token's characters
are compared with those of the first token given its code. If two different words ever share
a hash, the index is built again the plain way, with a dictionary of strings (a test forces it).
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
_NON_SPACE = re.compile(r"\S")


@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """For every character of the Basic Multilingual Plane: is it a letter or digit (as ``TOKEN``
    sees it, footnote superscripts excluded), and is it a decimal digit (as ``\\d`` sees it)."""
    chars = [chr(i) for i in range(0x10000)]
    alnum = np.array([c.isalnum() for c in chars], dtype=bool)
    alnum[list(TO_SPACE)] = False
    return alnum, np.array([c.isdecimal() for c in chars], dtype=bool)


LETTER, DIGIT, JOINER, SEPARATOR = 1, 2, 4, 8  # bits of a character's class


@lru_cache(maxsize=1)
def _classes() -> np.ndarray:
    """The class of every character of the Basic Multilingual Plane, as bits: a joiner (' ’ -) joins
    two letters or digits and a separator (, .) two digits, so JOINER >> 2 is LETTER and SEPARATOR >> 2 is DIGIT."""
    alnum, digit = _char_tables()
    classes = alnum * np.uint8(LETTER) | digit * np.uint8(DIGIT)
    classes[[0x27, 0x2019, 0x2D]] |= JOINER
    classes[[0x2C, 0x2E]] |= SEPARATOR
    return classes


def _code_points(text: str) -> np.ndarray:
    """The code point of every character of ``text`` (as uint16 when all are in the Basic Multilingual Plane)."""
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(units) == len(text):
        return units
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _inside(cp: np.ndarray) -> np.ndarray:
    """For every character (padded with one False at each end): does it belong to a ``TOKEN`` match."""
    if cp.dtype == np.uint16:
        classes = _classes()[cp]
    else:
        classes = _classes()[np.minimum(cp, 0xFFFF)]
        for c in np.unique(cp[cp > 0xFFFF]).tolist():  # characters beyond the BMP, rare
            classes[cp == c] = chr(c).isalnum() * LETTER | chr(c).isdecimal() * DIGIT
    inside = np.zeros(len(cp) + 2, dtype=bool)
    inside[1:-1] = classes & LETTER
    if len(cp) >= 3:  # a joiner between two letters or digits, a separator between two digits
        inside[2:-2] |= (classes[:-2] & classes[2:] & (classes[1:-1] >> 2)) != 0
    return inside


def _spans(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the runs of True in ``inside`` (as ``_inside`` pads it)."""
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    return edges[0::2], edges[1::2]


def scan(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every ``TOKEN`` match in ``text``, found with array operations."""
    return _spans(_inside(_code_points(text)))


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


_BASE = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_powers_cache: list[np.ndarray] = [np.ones(1, np.uint64), np.ones(1, np.uint64)]


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**i and BASE**-i modulo 2**64 for i < n (kept for the next call, unless n is far beyond a piece)."""
    if len(_powers_cache[0]) >= n:
        return _powers_cache[0][:n], _powers_cache[1][:n]
    size = max(n, 2 * len(_powers_cache[0]))
    found = []
    for b in (_BASE, pow(_BASE, -1, 1 << 64)):
        p = np.full(size, b, dtype=np.uint64)
        p[0] = 1
        found.append(np.multiply.accumulate(p))  # wraps around modulo 2**64
    if size <= 4 * CHUNK:
        _powers_cache[:] = found
    return found[0][:n], found[1][:n]


def _token_hashes(chars: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A 64-bit hash of every token ``chars[start:end]``: sum of code point * BASE**offset, modulo 2**64."""
    power, inverse = _powers(len(chars) + 1)
    prefix = np.zeros(len(chars) + 1, dtype=np.uint64)
    np.cumsum(chars * power[:-1], out=prefix[1:])
    return (prefix[ends] - prefix[starts]) * inverse[starts]


@lru_cache(maxsize=1)
def _lower_table() -> np.ndarray:
    """The lower case of every character of the Basic Multilingual Plane, with ’ as '. It is what
    ``str.lower`` gives, except for 'İ' (two characters in lower case) and 'Σ' (lower case 'ς' at
    the end of a word): pieces with these are lowered by ``str.lower``."""
    lower = [chr(c).lower() for c in range(0x10000)]
    table = np.array([ord(c) if len(c) == 1 else 0 for c in lower], dtype=np.uint32)
    table[0x2019] = 0x27
    return table.astype(np.uint16) if table.max() <= 0xFFFF else table


def _piece_tokens(piece: str):
    """Spans of the tokens of ``piece``, their lower-case characters one after the other (’ as '),
    and their lengths."""
    cp = _code_points(piece)
    inside = _inside(cp)
    a, b = _spans(inside)
    if cp.dtype == np.uint16 and "\u03a3" not in piece and "\u0130" not in piece:
        return a, b, _lower_table()[cp[inside[1:-1]]], b - a
    low = piece.lower().replace("\u2019", "'")
    if len(low) == len(piece):
        low_cp = _code_points(low)
        if len(low_cp) == len(piece):
            return a, b, low_cp[inside[1:-1]], b - a
    # 'İ'.lower() is two characters: lower each token instead
    toks = [piece[x:y].lower().replace("\u2019", "'") for x, y in zip(a.tolist(), b.tolist())]
    return a, b, _code_points("".join(toks)), np.array([len(t) for t in toks], dtype=np.int64)


def _first_places(codes: np.ndarray, n_types: int) -> np.ndarray | None:
    """Where each code first occurs, or None unless codes are numbered in order of first appearance."""
    if len(codes) == 0:
        return np.zeros(0, np.int64)
    highest = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.concatenate([[True], highest[1:] != highest[:-1]]))
    if len(first) != n_types or not np.array_equal(codes[first], np.arange(n_types)):
        return None
    return first


class _Vocabulary:
    """The token types met so far: the code of each hash, and each type's characters one after the other."""

    def __init__(self) -> None:
        self.code_of: dict[int, int] = {}  # hash -> code, in order of first appearance
        self.chars = np.zeros(1 << 12, dtype=np.uint32)
        self.used = 0  # characters used in self.chars
        self.offsets = np.zeros(0, dtype=np.int64)  # code -> where its characters start in self.chars
        self.lengths = np.zeros(0, dtype=np.int64)  # code -> how many characters

    def codes(self, chars: np.ndarray, lengths: np.ndarray) -> np.ndarray | None:
        """Codes of a piece's tokens (their ``chars`` one after the other, and their ``lengths``), new
        types numbered in order of first appearance; None if two different words have the same hash."""
        ends = np.cumsum(lengths)
        starts = ends - lengths
        local, hashes = pd.factorize(_token_hashes(chars, starts, ends))
        first = _first_places(local, len(hashes))
        if first is None:
            return None
        before = len(self.code_of)
        code = self.code_of.setdefault
        codes = np.array([code(h, len(self.code_of)) for h in hashes.tolist()], dtype=np.int64)
        self._add(chars, starts[first[codes >= before]], lengths[first[codes >= before]])
        codes = codes[local]
        if not np.array_equal(self.lengths[codes], lengths):
            return None
        # where each character's twin is in self.chars: one further, except at a token's start
        index = np.int32 if self.used < 1 << 31 else np.int64
        step = np.ones(len(chars), dtype=index)
        target = self.offsets[codes]
        step[starts] = np.diff(target, prepend=0) - np.concatenate([[0], lengths[:-1] - 1])
        if not np.array_equal(self.chars[np.cumsum(step, dtype=index)], chars):
            return None
        return codes

    def _add(self, chars: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> None:
        """Add the types ``chars[start:start + length]`` with the next codes."""
        total = int(lengths.sum())
        if self.used + total > len(self.chars):
            self.chars = np.concatenate([self.chars[:self.used], np.zeros(max(self.used, total), np.uint32)])
        offsets = np.cumsum(lengths) - lengths
        self.chars[self.used:self.used + total] = chars[np.repeat(starts - offsets, lengths) + np.arange(total)]
        self.offsets = np.concatenate([self.offsets, offsets + self.used])
        self.lengths = np.concatenate([self.lengths, lengths])
        self.used += total

    def types(self) -> list[str]:
        """Every type, by code."""
        text = self.chars[:self.used].tobytes().decode("utf-32-le", "surrogatepass")
        return [text[x:y] for x, y in zip(self.offsets.tolist(), (self.offsets + self.lengths).tolist())]


def _paragraph_starts(text: str, paragraphs: list[str], starts: np.ndarray, n: int) -> np.ndarray:
    """Token index where each paragraph starts, then the total ``n``."""
    offsets, at = [], 0  # where each paragraph starts in the text
    for para in paragraphs:
        first = _NON_SPACE.search(text, at)  # the paragraph normally starts there: check it, else search
        at = first.start() if para and first and text.startswith(para, first.start()) else text.index(para, at)
        offsets.append(at)
        at += len(para)
    return np.append(np.searchsorted(starts, offsets), n).astype(np.int64)


def build(text: str, paragraphs: list[str]) -> Index:
    """The index of ``text``, whose paragraphs (as ``split_paragraphs`` gives them) are ``paragraphs``."""
    vocabulary = _Vocabulary()
    codes, starts, ends = [np.zeros(0, np.int32)], [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for at, stop in _pieces(text):
        a, b, chars, lengths = _piece_tokens(text[at:stop])
        piece_codes = vocabulary.codes(chars, lengths)
        if piece_codes is None:  # two different words with the same hash
            return _build_with_a_dictionary(text, paragraphs)
        codes.append(piece_codes.astype(np.int32))
        starts.append(a + at)
        ends.append(b + at)
    types = vocabulary.types()
    lookup = dict(zip(types, range(len(types))))
    if len(lookup) != len(types):  # one word with two codes
        return _build_with_a_dictionary(text, paragraphs)
    codes, starts, ends = np.concatenate(codes), np.concatenate(starts), np.concatenate(ends)
    para_start = _paragraph_starts(text, paragraphs, starts, len(codes))
    return Index(text, types, lookup, codes, starts, ends, para_start, np.bincount(codes, minlength=len(types)))


def _build_with_a_dictionary(text: str, paragraphs: list[str]) -> Index:
    """``build`` the plain way: every token as a string, coded with a dictionary in order of first appearance."""
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
    types = list(vocab)
    para_start = _paragraph_starts(text, paragraphs, starts, len(codes))
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

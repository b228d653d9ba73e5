"""Words and counts: tokens, concordance (kwic), frequencies, keyness, lexicon profiles, dispersion.

Every function takes a :class:`~helpers.corpus.Corpus` and returns a pandas DataFrame.
Each document is tokenized once and cached (keyed on its text), so a notebook that asks
for a concordance, then frequencies, then keyness does not tokenize twice.

A *term* is a word or a phrase, matched without regard to case; a trailing ``*`` on a word
matches any ending (``rehabilit*``, ``mistake*``, ``party organ*``).
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # only for type hints: helpers.corpus imports this module
    from helpers.corpus import Corpus, Document

__all__ = ["tokens", "kwic", "frequencies", "keyness", "lexicon_profile", "load_lexicon",
           "dispersion", "TOKEN"]

# A token is a run of letters or digits of any script; inner apostrophes and hyphens join
# words ("party's", "formal-bureaucratic") and inner , or . between digits join numbers ("2,500").
# Superscript and subscript digits are footnote markers, not parts of words: "army¹" is "army".
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070-\u209f"
_CHAR = rf"[^\W_{_SUPERSCRIPTS}]"
TOKEN = re.compile(rf"{_CHAR}+(?:(?:['\u2019\-]|(?<=\d)[.,](?=\d)){_CHAR}+)*")
_TO_SPACE = {c: " " for c in [0xB9, 0xB2, 0xB3, *range(0x2070, 0x20A0)]}


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text``; curly apostrophes become straight ones.

    >>> tokens("The Party’s formal-bureaucratic attitude: 2,500 appeals.")
    ['the', "party's", 'formal-bureaucratic', 'attitude', '2,500', 'appeals']
    """
    return _fast_tokens(text)


def _fast_tokens(text: str) -> list[str]:
    """Same result as lower-casing each ``TOKEN`` match, but lower-cases the text once and
    only runs the regular expression on words that are not plain letters or digits."""
    if "\u0130" in text:  # 'İ'.lower() is two characters: lower each token instead
        return [m.group(0).lower().replace("\u2019", "'") for m in TOKEN.finditer(text)]
    low = text.lower().replace("\u2019", "'").translate(_TO_SPACE)
    out: list[str] = []
    add, extend, find = out.append, out.extend, TOKEN.findall
    for chunk in low.split():
        if chunk.isalnum():
            add(chunk)
        else:
            extend(find(chunk))
    return out


# ---------------------------------------------------------------- cached index of a document

@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """For every character of the Basic Multilingual Plane: is it a letter or digit (as ``TOKEN``
    sees it, footnote superscripts excluded), and is it a decimal digit (as ``\\d`` sees it)."""
    chars = [chr(i) for i in range(0x10000)]
    alnum = np.array([c.isalnum() for c in chars], dtype=bool)
    alnum[list(_TO_SPACE)] = False
    return alnum, np.array([c.isdecimal() for c in chars], dtype=bool)


def _scan(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every ``TOKEN`` match in ``text``, found with array operations:
    a character belongs to a token if it is a letter or digit, or an apostrophe or hyphen between
    two of them, or a . or , between two digits."""
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
class _Index:
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


_CHUNK = 1 << 18  # characters handled at a time, so that long texts cost in proportion to their length
_SPACE = re.compile(r"\s")


def _pieces(text: str):
    """(start, end) pieces of about ``_CHUNK`` characters; each piece after the first begins with
    whitespace, which no token contains or touches, so scanning the pieces apart cuts no token."""
    start = 0
    while start < len(text):
        m = _SPACE.search(text, start + _CHUNK) if start + _CHUNK < len(text) else None
        end = m.start() if m else len(text)
        yield start, end
        start = end


@lru_cache(maxsize=32)
def _index(text: str) -> _Index:
    from helpers.corpus import split_paragraphs  # late import: helpers.corpus imports this module
    vocab: dict[str, int] = {}  # token -> code, in order of first appearance
    codes, starts, ends = [np.zeros(0, np.int32)], [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for at, stop in _pieces(text):
        piece = text[at:stop]
        a, b = _scan(piece)
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
    offsets, at = [], 0  # where each paragraph of Document.paragraphs starts in the text
    for para in split_paragraphs(text):
        at = text.index(para, at)
        offsets.append(at)
        at += len(para)
    para_start = np.append(np.searchsorted(starts, offsets), len(codes)).astype(np.int64)
    types = list(vocab)
    return _Index(text, types, vocab, codes, starts, ends, para_start, np.bincount(codes, minlength=len(types)))


# ---------------------------------------------------------------- terms and documents

Pattern = tuple[tuple[str, bool], ...]  # ((word, has_star), ...)


def _parse_term(term: object) -> Pattern:
    """'Party organ*' -> (('party', False), ('organ', True)); raises ValueError on bad input."""
    if not isinstance(term, str):
        raise ValueError(f"expected a term as a string (a word or phrase), found {term!r}")
    if not term.strip():
        raise ValueError(f"expected a word or phrase, found an empty term {term!r}")
    low = term.lower().replace("\u2019", "'").translate(_TO_SPACE)
    words = [(m.group(0), low[m.end():m.end() + 1] == "*") for m in TOKEN.finditer(low)]
    if not words:
        raise ValueError(f"expected a term with letters or digits, found only punctuation in {term!r}")
    if low.count("*") != sum(star for _, star in words):
        raise ValueError(f"expected * only right after a word, as in 'rehabilit*', found {term!r}")
    return tuple(words)


def _codes_for(index: _Index, word: str, star: bool) -> np.ndarray:
    if star:
        return np.array([i for i, t in enumerate(index.types) if t.startswith(word)], dtype=np.int32)
    code = index.lookup.get(word)
    return np.array([] if code is None else [code], dtype=np.int32)


def _matches(index: _Index, pattern: Pattern) -> np.ndarray:
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


def _documents(corpus: "Corpus", docs: str | Iterable[str] | None) -> list["Document"]:
    """The documents named in ``docs`` (all when None), in corpus order; unknown ids raise ValueError."""
    if docs is None:
        return list(corpus)
    wanted = [docs] if isinstance(docs, str) else list(docs)
    if not wanted:
        raise ValueError("expected at least one document id, found an empty list")
    unknown = [d for d in wanted if d not in corpus]
    if unknown:
        raise ValueError(f"expected document ids of this corpus, found {', '.join(map(repr, unknown))}; "
                         f"known ids: {', '.join(corpus.ids)}")
    return [d for d in corpus if d.id in wanted]


def _per_1000(count, total: int):
    return count * 1000.0 / total if total else count * 0.0


# ---------------------------------------------------------------- concordance

def _squash(text: str) -> str:
    return " ".join(text.split())


def kwic(corpus: "Corpus", term: str, window: int = 8, docs: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Key word in context: every match of ``term`` with ``window`` tokens of original text each side.

    Columns: doc_id, paragraph (from 1, as in ``Document.paragraphs``), left, match, right;
    rows in document order, then position. ``kwic(corpus, "rehabilit*")``
    """
    pattern = _parse_term(term)
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"expected window to be a whole number of tokens >= 0, found {window!r}")
    rows = []
    width = len(pattern) - 1
    for doc in _documents(corpus, docs):
        index = _index(doc.text)
        pos = _matches(index, pattern)
        para = index.paragraph_of(pos)
        lo = np.maximum(pos - window, index.para_start[para])
        hi = np.minimum(pos + width + window, index.para_start[para + 1] - 1)
        text = index.text
        for p, a, b, c, d in zip((para + 1).tolist(), index.starts[lo].tolist(), index.starts[pos].tolist(),
                                 index.ends[pos + width].tolist(), index.ends[hi].tolist()):
            left = _squash(text[a:b]) if window else ""
            right = _squash(text[c:d]) if window else ""
            rows.append((doc.id, p, left, _squash(text[b:c]), right))
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "left", "match", "right"])


# ---------------------------------------------------------------- frequencies

def _count(index: _Index, pattern: Pattern) -> int:
    if len(pattern) == 1 and not pattern[0][1]:
        code = index.lookup.get(pattern[0][0])
        return 0 if code is None else int(index.counts[code])
    return len(_matches(index, pattern))


def frequencies(corpus: "Corpus", terms: str | Iterable[str] | None = None,
                docs: str | Iterable[str] | None = None) -> pd.DataFrame:
    """How often each term occurs in each document: term, doc_id, count, per_1000 (per 1,000 tokens).

    With ``terms`` (a term or a list; ``*`` and phrases allowed) every term gets a row for every
    document, zeros included, in the order given; without, every word of each document, commonest first.
    """
    documents = _documents(corpus, docs)
    if terms is None:
        frames = []
        for doc in documents:
            index = _index(doc.text)
            order = np.lexsort((np.array(index.types, dtype=object), -index.counts))
            counts = index.counts[order]
            frames.append(pd.DataFrame({
                "term": [index.types[k] for k in order],
                "doc_id": doc.id,
                "count": counts.astype(np.int64),
                "per_1000": _per_1000(counts, index.n),
            }))
        if not frames:
            return pd.DataFrame(columns=["term", "doc_id", "count", "per_1000"])
        return pd.concat(frames, ignore_index=True)
    wanted = [terms] if isinstance(terms, str) else list(terms)
    if not wanted:
        raise ValueError("expected at least one term, found an empty list")
    patterns = [(t.strip(), _parse_term(t)) for t in wanted]
    rows = []
    for label, pattern in patterns:
        for doc in documents:
            index = _index(doc.text)
            n = _count(index, pattern)
            rows.append((label, doc.id, n, _per_1000(n, index.n)))
    return pd.DataFrame(rows, columns=["term", "doc_id", "count", "per_1000"])


# ---------------------------------------------------------------- keyness

def _pooled(documents: list["Document"]) -> tuple[pd.Series, int]:
    """Counts of every token type over several documents, and their total number of tokens."""
    series = []
    total = 0
    for doc in documents:
        index = _index(doc.text)
        series.append(pd.Series(index.counts, index=index.types, dtype=np.int64))
        total += index.n
    counts = series[0]
    for s in series[1:]:
        counts = counts.add(s, fill_value=0).astype(np.int64)
    return counts, total


def keyness(corpus: "Corpus", target: str | Iterable[str], reference: str | Iterable[str],
            min_count: int = 2) -> pd.DataFrame:
    """Words over- or under-used in ``target`` compared with ``reference`` (a doc id or a list of ids).

    log_likelihood is Dunning's G² in Rayson and Garside's (2000) form, log_ratio is
    log2((a/c)/(b/d)) with a zero count taken as 0.5 (Hardie 2014), p_value is from chi-square
    with one degree of freedom; key_for says which side uses the word more ('neither' when the
    relative frequencies are exactly equal). Sorted by log_likelihood, highest first, then term.
    """
    target_docs = _documents(corpus, target)
    reference_docs = _documents(corpus, reference)
    shared = sorted({d.id for d in target_docs} & {d.id for d in reference_docs})
    if shared:
        raise ValueError(f"expected target and reference to be different documents, found {', '.join(shared)} in both")
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"expected min_count to be a whole number >= 1, found {min_count!r}")
    tc, c = _pooled(target_docs)
    rc, d = _pooled(reference_docs)
    both = pd.concat([tc.rename("a"), rc.rename("b")], axis=1).fillna(0).astype(np.int64)
    both = both[both["a"] + both["b"] >= min_count]
    a = both["a"].to_numpy(dtype=float)
    b = both["b"].to_numpy(dtype=float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
    g2 = np.maximum(g2, 0.0)
    ratio = np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))
    diff = a * d - b * c  # sign of a/c - b/d without rounding
    out = pd.DataFrame({
        "term": both.index.astype(str),
        "count_target": both["a"].to_numpy(),
        "count_reference": both["b"].to_numpy(),
        "per_1000_target": _per_1000(a, c),
        "per_1000_reference": _per_1000(b, d),
        "log_likelihood": g2,
        "log_ratio": ratio,
        "p_value": [math.erfc(math.sqrt(g / 2)) for g in g2],
        "key_for": np.where(diff > 0, "target", np.where(diff < 0, "reference", "neither")),
    })
    out = out.sort_values(["log_likelihood", "term"], ascending=[False, True], kind="mergesort")
    out = out.reset_index(drop=True)
    out.attrs["target"] = [doc.id for doc in target_docs]
    out.attrs["reference"] = [doc.id for doc in reference_docs]
    return out


# ---------------------------------------------------------------- lexicon

LEXICON_HEADER = ["category", "term", "note"]


def load_lexicon(path: str | Path) -> pd.DataFrame:
    """Read and validate a lexicon CSV (category, term, note); errors name file, line and field."""
    from helpers.corpus import CorpusError, read_text  # late import: helpers.corpus imports this module
    path = Path(path)
    label = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    if not path.is_file():
        raise CorpusError(label, "expected a lexicon file (category,term,note) beside the corpus, found none")
    source = read_text(path, label)
    with io.StringIO(source, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != LEXICON_HEADER:
            raise CorpusError(label, f"expected the header 'category,term,note', found {','.join(header or [])!r}", line=1)
        rows, seen = [], {}
        for fields in reader:
            line = reader.line_num
            if not any(x.strip() for x in fields):
                continue
            if len(fields) != 3:
                raise CorpusError(label, f"expected 3 fields (category,term,note), found {len(fields)}: {fields!r}", line=line)
            category, term, note = (x.strip() for x in fields)
            if not category:
                raise CorpusError(label, f"expected a category name, found {fields[0]!r}", line=line, field="category")
            if not term:
                raise CorpusError(label, f"expected a word or phrase, found {fields[1]!r}", line=line, field="term")
            try:
                pattern = _parse_term(term)
            except ValueError as e:
                raise CorpusError(label, str(e), line=line, field="term") from None
            key = (category.lower(), pattern)
            if key in seen:
                raise CorpusError(label, f"expected each term once in a category, found {term!r} in {category!r} again (first on line {seen[key]})", line=line, field="term")
            seen[key] = line
            rows.append((category, term, note))
    if not rows:
        raise CorpusError(label, "expected at least one category,term,note row, found none")
    return pd.DataFrame(rows, columns=LEXICON_HEADER)


def lexicon_profile(corpus: "Corpus", lexicon: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Hits of each lexicon category in each document: doc_id, category, hits, per_1000.

    The lexicon defaults to ``lexicon.csv`` beside the corpus. A token position counts once per
    category even when two of its terms match it (``mistake*`` and ``mistakes``).
    """
    if lexicon is None:
        lexicon = load_lexicon(Path(corpus.root) / "lexicon.csv")
    elif not isinstance(lexicon, pd.DataFrame):
        lexicon = load_lexicon(lexicon)
    missing = [c for c in ("category", "term") if c not in lexicon.columns]
    if missing:
        raise ValueError(f"expected a lexicon with columns category and term, found columns {list(lexicon.columns)!r}")
    categories: dict[str, list[Pattern]] = {}
    for category, term in zip(lexicon["category"], lexicon["term"]):
        categories.setdefault(str(category), []).append(_parse_term(term))
    rows = []
    for doc in corpus:
        index = _index(doc.text)
        for category, patterns in categories.items():
            hits = len(np.unique(np.concatenate([_matches(index, p) for p in patterns])))
            rows.append((doc.id, category, hits, _per_1000(hits, index.n)))
    return pd.DataFrame(rows, columns=["doc_id", "category", "hits", "per_1000"])


# ---------------------------------------------------------------- dispersion

def dispersion(corpus: "Corpus", term: str, docs: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Where ``term`` falls in each document: doc_id, position (0 = first token, 1 = last token).

    ``attrs`` keep the term and every document searched (doc id -> tokens), hits or not.
    """
    pattern = _parse_term(term)
    rows = []
    searched = {}
    for doc in _documents(corpus, docs):
        index = _index(doc.text)
        searched[doc.id] = index.n
        scale = max(index.n - 1, 1)
        rows.extend((doc.id, p / scale) for p in _matches(index, pattern).tolist())
    out = pd.DataFrame(rows, columns=["doc_id", "position"]).astype({"position": float})
    out.attrs["term"] = term.strip()
    out.attrs["documents"] = searched
    return out

r"""Words and counts: tokens, concordance (kwic), frequencies, keyness, dispersion, lexicon profiles.

Every function takes a :class:`~helpers.corpus.Corpus` and returns a pandas DataFrame. A *term*
is a word or a phrase, matched without regard to case; a trailing ``*`` on a word matches any
ending (``rehabilit*``, ``mistake*``, ``party organ*``).

It all starts from ``tokens``, the words of a text in lower case (from :mod:`helpers.segment`,
beside the splitting into paragraphs and sentences that numbers a concordance's paragraphs):

>>> tokens("Mistakes were made: the Party’s mistake¹.")
['mistakes', 'were', 'made', 'the', "party's", 'mistake']

The examples of each function use a corpus of tiny texts (a blank line starts a paragraph).

How the counting is done fast (each document indexed once, as numbers) is in
:mod:`helpers._fastindex`; you do not need it to follow the method.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from helpers import _fastindex as fast
from helpers.corpus import Corpus, CorpusError, Document, read_text
from helpers.reader import Problems, csv_records
from helpers.segment import TO_SPACE, TOKEN, split_paragraphs, tokens

__all__ = ["tokens", "kwic", "frequencies", "keyness", "dispersion", "lexicon_profile", "load_lexicon", "TOKEN"]

# ---------------------------------------------------------------- concordance

def kwic(corpus: Corpus, term: str, window: int = 8, docs: str | Iterable[str] | None = None) -> pd.DataFrame:
    r"""Key word in context: every match of ``term`` with ``window`` tokens of original text each side.

    Columns: doc_id, paragraph (from 1, as in ``Document.paragraphs``), left, match, right;
    rows in document order, then position. The context never crosses a paragraph.

    >>> tiny = Corpus.from_texts({"a": "Mistakes were made.\n\nThe Party's mistakes, the Party's many enemies."})
    >>> kwic(tiny, "mistake*", window=2).values.tolist()
    [['a', 1, '', 'Mistakes', 'were made'], ['a', 2, "The Party's", 'mistakes', ", the Party's"]]
    """
    pattern = _parse_term(term)
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"expected window to be a whole number of tokens >= 0, found {window!r}")
    width = len(pattern) - 1  # a phrase of k words ends k - 1 tokens after it starts
    rows = []
    for doc in _documents(corpus, docs):
        index, text = _index(doc.text), doc.text
        start = fast.matches(index, pattern)  # token position where each match starts
        para = index.paragraph_of(start)
        lo = np.maximum(start - window, index.para_start[para])  # window tokens each side,
        hi = np.minimum(start + width + window, index.para_start[para + 1] - 1)  # inside the paragraph
        # character offsets: left context from, match from, match to, right context to
        for p, left_at, match_at, match_end, right_end in zip(
                (para + 1).tolist(), index.starts[lo].tolist(), index.starts[start].tolist(),
                index.ends[start + width].tolist(), index.ends[hi].tolist()):
            left = _squash(text[left_at:match_at]) if window else ""
            right = _squash(text[match_end:right_end]) if window else ""
            rows.append((doc.id, p, left, _squash(text[match_at:match_end]), right))
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "left", "match", "right"])


# ---------------------------------------------------------------- frequencies

def frequencies(corpus: Corpus, terms: str | Iterable[str] | None = None,
                docs: str | Iterable[str] | None = None) -> pd.DataFrame:
    r"""How often each term occurs in each document: term, doc_id, count, per_1000 (per 1,000 tokens).

    With ``terms`` (a term or a list; ``*`` and phrases allowed) every term gets a row for every
    document, zeros included, in the order given; without, every word of each document, commonest first.

    >>> tiny = Corpus.from_texts({"a": "Mistakes were made.\n\nThe Party's mistakes, the Party's many enemies."})
    >>> frequencies(tiny, ["mistake*", "enemies", "comrade"]).values.tolist()
    [['mistake*', 'a', 2, 200.0], ['enemies', 'a', 1, 100.0], ['comrade', 'a', 0, 0.0]]
    >>> frequencies(tiny).head(2).values.tolist()
    [['mistakes', 'a', 2, 200.0], ["party's", 'a', 2, 200.0]]
    """
    documents = _documents(corpus, docs)
    if terms is None:
        return _all_words(documents)
    wanted = [terms] if isinstance(terms, str) else list(terms)
    if not wanted:
        raise ValueError("expected at least one term, found an empty list")
    patterns = [(t.strip(), _parse_term(t)) for t in wanted]
    rows = []
    for label, pattern in patterns:
        for doc in documents:
            index = _index(doc.text)
            n = fast.count(index, pattern)
            rows.append((label, doc.id, n, _per_1000(n, index.n)))
    return pd.DataFrame(rows, columns=["term", "doc_id", "count", "per_1000"])


def _all_words(documents: list[Document]) -> pd.DataFrame:
    """Every word of each document with its count, commonest first (ties in alphabetical order)."""
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


# ---------------------------------------------------------------- keyness

def keyness(corpus: Corpus, target: str | Iterable[str], reference: str | Iterable[str],
            min_count: int = 2) -> pd.DataFrame:
    r"""Words over- or under-used in ``target`` compared with ``reference`` (a doc id or a list of ids).

    For a word found ``a`` times in the target's ``c`` tokens and ``b`` times in the reference's
    ``d`` tokens: log_likelihood is Dunning's G² in Rayson and Garside's (2000) form,
    ``2 * (a ln(a/E1) + b ln(b/E2))`` with ``E1 = c(a+b)/(c+d)`` and ``E2 = d(a+b)/(c+d)``;
    log_ratio is ``log2((a/c)/(b/d))`` with a zero count taken as 0.5 (Hardie 2014); p_value is
    from chi-square with one degree of freedom; key_for says which side uses the word more
    ('neither' when the relative frequencies are equal). ``min_count`` applies to ``a + b``.
    Sorted by log_likelihood, highest first, then term.

    >>> tiny = Corpus.from_texts({"a": "Mistakes, mistakes: the Party's mistakes.",
    ...                           "b": "Restore the Party's comrades."})
    >>> k = keyness(tiny, "a", "b", min_count=2)
    >>> k[["term", "count_target", "count_reference", "key_for"]].values.tolist()
    [['mistakes', 3, 0, 'target'], ["party's", 1, 1, 'reference'], ['the', 1, 1, 'reference']]

    For 'mistakes', a = 3 of c = 5 tokens and b = 0 of d = 4: E1 = 5 * 3 / 9 = 1.667, so
    G² = 2 * 3 * ln(3 / 1.667) = 3.53, and log_ratio = log2((3/5) / (0.5/4)) = log2(4.8) = 2.26.

    >>> round(float(k.log_likelihood[0]), 2), round(float(k.log_ratio[0]), 2)
    (3.53, 2.26)
    """
    target_docs = _documents(corpus, target)
    reference_docs = _documents(corpus, reference)
    shared = sorted({d.id for d in target_docs} & {d.id for d in reference_docs})
    if shared:
        raise ValueError(f"expected target and reference to be different documents, found {', '.join(shared)} in both")
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"expected min_count to be a whole number >= 1, found {min_count!r}")
    target_counts, c = fast.pooled_counts([_index(doc.text) for doc in target_docs])
    reference_counts, d = fast.pooled_counts([_index(doc.text) for doc in reference_docs])
    both = pd.concat([target_counts.rename("a"), reference_counts.rename("b")], axis=1).fillna(0).astype(np.int64)
    both = both[both["a"] + both["b"] >= min_count]
    a = both["a"].to_numpy(dtype=float)
    b = both["b"].to_numpy(dtype=float)
    g2 = _log_likelihood(a, b, c, d)
    diff = a * d - b * c  # sign of a/c - b/d without rounding
    out = pd.DataFrame({
        "term": both.index.astype(str),
        "count_target": both["a"].to_numpy(),
        "count_reference": both["b"].to_numpy(),
        "per_1000_target": _per_1000(a, c),
        "per_1000_reference": _per_1000(b, d),
        "log_likelihood": g2,
        "log_ratio": _log_ratio(a, b, c, d),
        "p_value": [math.erfc(math.sqrt(g / 2)) for g in g2],
        "key_for": np.where(diff > 0, "target", np.where(diff < 0, "reference", "neither")),
    })
    out = out.sort_values(["log_likelihood", "term"], ascending=[False, True], kind="mergesort")
    out = out.reset_index(drop=True)
    out.attrs["target"] = [doc.id for doc in target_docs]
    out.attrs["reference"] = [doc.id for doc in reference_docs]
    return out


def _log_likelihood(a: np.ndarray, b: np.ndarray, c: int, d: int) -> np.ndarray:
    """Dunning's G² for counts a (of c tokens) and b (of d tokens); a zero count adds nothing."""
    e1 = c * (a + b) / (c + d)  # counts expected if both sides used the word equally often
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
    return np.maximum(g2, 0.0)  # never below 0 by rounding


def _log_ratio(a: np.ndarray, b: np.ndarray, c: int, d: int) -> np.ndarray:
    """log2 of the ratio of relative frequencies, a zero count taken as 0.5 (Hardie 2014)."""
    return np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))


# ---------------------------------------------------------------- dispersion

def dispersion(corpus: Corpus, term: str, docs: str | Iterable[str] | None = None) -> pd.DataFrame:
    r"""Where ``term`` falls in each document: doc_id, position (0 = first token, 1 = last token).

    ``attrs`` keep the term and every document searched (doc id -> tokens), hits or not.

    >>> tiny = Corpus.from_texts({"a": "Mistakes were made.\n\nThe Party's mistakes, the Party's many enemies."})
    >>> dispersion(tiny, "mistake*").values.tolist()
    [['a', 0.0], ['a', 0.5555555555555556]]
    """
    pattern = _parse_term(term)
    rows = []
    searched = {}
    for doc in _documents(corpus, docs):
        index = _index(doc.text)
        searched[doc.id] = index.n
        scale = max(index.n - 1, 1)  # the last token is at position 1
        rows.extend((doc.id, p / scale) for p in fast.matches(index, pattern).tolist())
    out = pd.DataFrame(rows, columns=["doc_id", "position"]).astype({"position": float})
    out.attrs["term"] = term.strip()
    out.attrs["documents"] = searched
    return out


# ---------------------------------------------------------------- lexicon

def lexicon_profile(corpus: Corpus, lexicon: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    r"""Hits of each lexicon category in each document: doc_id, category, hits, per_1000.

    The lexicon defaults to ``lexicon.csv`` beside the corpus. A token position counts once per
    category even when two of its terms match it (``mistake*`` and ``mistakes``).

    >>> tiny = Corpus.from_texts({"a": "Mistakes were made.\n\nThe Party's mistakes, the Party's many enemies."})
    >>> blame = pd.DataFrame({"category": ["error", "error", "enemy"], "term": ["mistake*", "mistakes", "enem*"]})
    >>> lexicon_profile(tiny, blame).values.tolist()
    [['a', 'error', 2, 200.0], ['a', 'enemy', 1, 100.0]]
    """
    if lexicon is None:
        lexicon = load_lexicon(Path(corpus.root) / "lexicon.csv")
    elif not isinstance(lexicon, pd.DataFrame):
        lexicon = load_lexicon(lexicon)
    missing = [c for c in ("category", "term") if c not in lexicon.columns]
    if missing:
        raise ValueError(f"expected a lexicon with columns category and term, found columns {list(lexicon.columns)!r}")
    categories: dict[str, list[fast.Pattern]] = {}
    for category, term in zip(lexicon["category"], lexicon["term"]):
        categories.setdefault(str(category), []).append(_parse_term(term))
    rows = []
    for doc in corpus:
        index = _index(doc.text)
        for category, patterns in categories.items():
            hits = len(np.unique(np.concatenate([fast.matches(index, p) for p in patterns])))
            rows.append((doc.id, category, hits, _per_1000(hits, index.n)))
    return pd.DataFrame(rows, columns=["doc_id", "category", "hits", "per_1000"])


LEXICON_HEADER = ["category", "term", "note"]


def load_lexicon(path: str | Path) -> pd.DataFrame:
    """Read and validate a lexicon CSV (category, term, note); errors name file, line and field."""
    path = Path(path)
    label = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    if not path.is_file():
        raise CorpusError(label, "expected a lexicon file (category,term,note) beside the corpus, found none")
    source = read_text(path, label)
    rows, seen = [], {}
    problems = Problems()  # a wrong header and every broken row are reported, not only the first
    for line, fields in csv_records(source, label, ",".join(LEXICON_HEADER), problems, CorpusError):
        try:
            rows.append(_lexicon_row(fields, line, label, seen))
        except CorpusError as e:
            problems.add(e)
    problems.check()
    if not rows:
        raise CorpusError(label, "expected at least one category,term,note row, found none")
    return pd.DataFrame(rows, columns=LEXICON_HEADER)


def _lexicon_row(fields: list[str], line: int, label: str, seen: dict) -> tuple[str, str, str]:
    """One row of lexicon.csv, validated: (category, term, note), or CorpusError naming its field."""
    if len(fields) != 3:
        raise CorpusError(label, f"expected 3 fields (category,term,note), found {len(fields)}: {fields!r}", line=line)
    category, term, note = (x.strip() for x in fields)
    if not category:
        raise CorpusError(label, f"expected a category name, found {fields[0]!r}", line=line, field="category")
    if not term:
        raise CorpusError(label, f"expected a word or phrase, found {fields[1]!r}", line=line, field="term")
    try:
        pattern = _parse_term(term, strict=True)
    except ValueError as e:
        raise CorpusError(label, str(e), line=line, field="term") from None
    key = (category.lower(), pattern)
    if key in seen:
        raise CorpusError(label, f"expected each term once in a category, found {term!r} in {category!r} again (first on line {seen[key]})", line=line, field="term")
    seen[key] = line
    return category, term, note


# ---------------------------------------------------------------- terms and documents

def _parse_term(term: object, strict: bool = False) -> fast.Pattern:
    """'Party organ*' -> (('party', False), ('organ', True)); raises ValueError on bad input.

    ``strict`` (lexicon terms): only words, spaces and a * after a word, so that 'c++' is refused
    instead of being read as the word 'c'.

    >>> _parse_term("Party organ*")
    (('party', False), ('organ', True))
    """
    if not isinstance(term, str):
        raise ValueError(f"expected a term as a string (a word or phrase), found {term!r}")
    if not term.strip():
        raise ValueError(f"expected a word or phrase, found an empty term {term!r}")
    plain = term.replace("\u2019", "'").translate(TO_SPACE)  # words are found, then lower-cased, as tokens() does
    words = [(m.group(0).lower(), plain[m.end():m.end() + 1] == "*") for m in TOKEN.finditer(plain)]
    if not words:
        raise ValueError(f"expected a term with letters or digits, found only punctuation in {term!r}")
    if plain.count("*") != sum(star for _, star in words):
        raise ValueError(f"expected * only right after a word, as in 'rehabilit*', found {term!r}")
    if strict:
        other = sorted(set(TOKEN.sub("", plain)) - set(" *"))
        if other:
            raise ValueError(f"expected words, spaces and * after a word, found {''.join(other)!r} in {term!r}")
    return tuple(words)


@lru_cache(maxsize=32)
def _index(text: str) -> fast.Index:
    """The document's index, built once per text (a notebook asking for kwic, then frequencies, then
    keyness tokenizes once)."""
    return fast.build(text, split_paragraphs(text))


def _documents(corpus: Corpus, docs: str | Iterable[str] | None) -> list[Document]:
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


def _squash(text: str) -> str:
    return " ".join(text.split())

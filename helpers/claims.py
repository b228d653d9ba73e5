"""The numbers a document states, and its tables: the raw material for checking its claims.

``numbers(doc)`` finds every number and says what kind it is, so a student can keep counts
apart from dates, list numbers and archive references:

=========  ==========================================  =================================
kind       examples                                    low / high
=========  ==========================================  =================================
number     ``2,500``, ``30.3``, ``24``-page             the value
range      ``700-800``, ``8,800-9,000``, ``Sixteen to   its two ends
           eighteen``, ``two or three``
ratio      ``6:1``                                     the quotient (6.0)
fraction   ``one-third``, ``three-fifths``, ``one      the fraction (0.333...)
           half``, ``half`` a month
percent    ``12%``, ``12 percent``                     the percentage (12.0)
word       ``Eighteen``, ``two``, ``Six``, ``a         the value; a bare "one" is left out:
           million``, ``twice``                        it is more often a pronoun
ordinal    ``7th``, ``2nd``, ``a second time``         the number it counts (7, 2)
year       ``1980``                                    the year
date       ``6 May 1950``, ``May 6``, ``22.V.1950``,   empty (NaN): a date labels, it
           ``15/VII 95``, ``23 V-50``, ``the 13th``    does not count
reference  ``N° 4045``, ``1+24``, ``112bs``,           empty (NaN): registry and archive
           ``pp. 84-108``, model ``"99"``              labels, not quantities
item       ``1.`` or ``1 -`` opening a line,           the item's number
           or after one (``19. 1.``)
=========  ==========================================  =================================

Words such as "more than" or "about" stay in ``context``, not in the values. Number words
inside square brackets are names the translator romanized (``[Ten Don Hek]``) and are skipped. ``tables(doc)``
turns each tab-separated block into a DataFrame (see its docstring for how totals are kept).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .segment import context_around

if TYPE_CHECKING:
    from helpers.corpus import Document

__all__ = ["numbers", "tables", "KINDS"]

KINDS = ("number", "range", "ratio", "fraction", "percent", "word", "ordinal", "year", "date",
         "reference", "item")

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUE = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
DENOMINATOR = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "fourth": 4, "fourths": 4,
               "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
               "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
               "tenth": 10, "tenths": 10}
ORDINAL_WORD = {"second": 2, "third": 3, "fourth": 4, "fifth": 5}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ROMAN = "XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I"

_W = "|".join(sorted(WORD_VALUE, key=len, reverse=True))
_WORD = rf"(?:{'|'.join(_TENS)})-(?:{'|'.join(_UNITS[1:10])})|{_W}"   # twenty-five, eighteen
_DEN = "|".join(sorted(DENOMINATOR, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

NUMBER = re.compile(rf"""
    (?P<item>(?:^|(?<=^\d\.\s)|(?<=^\d\d\.\s))\d{{1,2}}(?=\.\s|\s?-\s?\D))  # 1. / 1 - at a line start, or "19. 1."
  | (?P<reference>N°\s*\d+[a-z]*
      | \b(?:F|op|p|pp|ref|Nos?|vol)\.\s*\d+(?:-\d+)?[a-z]?
      | \b\d+\+\d+\b
      | \b\d+(?!st\b|nd\b|rd\b|th\b)[a-z]+\b
      | (?<=["“'‘])\d+(?=["”'’]))
  | (?P<date>\b\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?\b
      | (?:\bmid-)?\b(?:{MONTHS})\s+(?:\d{{1,2}},\s+\d{{4}}|\d{{4}}|\d{{1,2}})\b
      | \b\d{{1,2}}\.(?:{ROMAN})(?:\.\d{{4}})?\b
      | \b\d{{1,2}}/(?:{ROMAN})\s+\d{{2,4}}\b
      | \b\d{{1,2}}\s+(?:{ROMAN})-\d{{2}}\b
      | -(?:{ROMAN})-\d{{2}}\b
      | (?<=\bon\sthe\s)\d{{1,2}}(?:st|nd|rd|th)\b(?!\s+[A-Za-z]))
  | (?P<range>(?<![\d,.])(?:{_NUM})\s?[-–]\s?(?:{_NUM})(?![\d-]))
  | (?P<ratio>\b\d+(?:\.\d+)?:\d+(?:\.\d+)?\b)
  | (?P<percent>(?<![\d,.])(?:{_NUM})\s?(?:%|percent\b|per\scent\b))
  | (?P<ordinal>\b\d+(?:st|nd|rd|th)\b | (?i:\ba\s+(?:second|third|fourth|fifth)\s+time\b))
  | (?P<fraction>(?i:\b(?:{_W})[-\s](?:{_DEN})\b | \bhalf(?=\s+an?\b)))
  | (?P<wordrange>(?i:\b(?:{_WORD})\s+(?:to|or)\s+(?:{_WORD})\b))
  | (?P<scaled>(?i:\b(?:a|{_WORD})\s+(?:hundred|thousand|million)\b))
  | (?P<word>(?i:\b(?:{_WORD})\b(?<!\bone)(?<!\bzero) | \btwice\b))
  | (?P<number>(?<![\d,.])(?:{_NUM})(?![\d]))
""", re.X | re.M)

CONTEXT = 50
_WORDY = ("fraction", "wordrange", "scaled", "word")


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _word_value(text: str) -> float:
    text = text.lower()
    if text == "twice":
        return 2.0
    if "-" in text:
        tens, unit = text.split("-")
        return float(WORD_VALUE[tens] + WORD_VALUE[unit])
    return float(WORD_VALUE[text])


def _classify(kind: str, text: str, line: str) -> tuple[str, float, float]:
    """(kind, low, high) for one match."""
    nan = float("nan")
    if kind in ("date", "reference"):
        return kind, nan, nan
    if kind == "item":
        return kind, float(text), float(text)
    if kind == "range":
        a, b = re.split(r"\s?[-–]\s?", text, maxsplit=1)
        return kind, _value(a), _value(b)
    if kind == "ratio":
        a, b = text.split(":")
        return kind, float(a) / float(b), float(a) / float(b)
    if kind == "percent":
        v = _value(re.match(_NUM, text).group(0))
        return kind, v, v
    if kind == "ordinal":
        digits = re.match(r"\d+", text)
        v = float(digits.group(0)) if digits else float(ORDINAL_WORD[text.split()[1].lower()])
        return kind, v, v
    if kind == "fraction":
        if text.lower() == "half":
            return kind, 0.5, 0.5
        num, den = re.split(r"[-\s]", text.lower(), maxsplit=1)
        v = WORD_VALUE[num] / DENOMINATOR[den]
        return kind, v, v
    if kind == "wordrange":
        a, b = re.split(r"\s+(?:to|or)\s+", text, maxsplit=1, flags=re.I)
        return "range", _word_value(a), _word_value(b)
    if kind == "scaled":
        head, scale = text.lower().split()
        v = (1.0 if head == "a" else _word_value(head)) * SCALE[scale]
        return "word", v, v
    if kind == "word":
        v = _word_value(text)
        return kind, v, v
    v = _value(text)
    if re.fullmatch(r"\d{4}", text) and 1800 <= v <= 2099 and "\t" not in line:
        return "year", v, v
    return "number", v, v


def numbers(doc: "Document") -> pd.DataFrame:
    """Every number ``doc`` states: doc_id, paragraph, text, kind, low, high, context.

    ``low`` and ``high`` are equal for a single value and NaN for dates and references.
    """
    rows = []
    for number, para in enumerate(doc.paragraphs, 1):
        brackets = [b.span() for b in re.finditer(r"\[[^\[\]]*\]", para)]
        for m in NUMBER.finditer(para):
            text = m.group(0)
            if m.lastgroup in _WORDY and any(a < m.start() < b for a, b in brackets):
                continue  # a name in brackets, such as [Ten Don Hek]
            line = para[para.rfind("\n", 0, m.start()) + 1:]
            line = line.split("\n", 1)[0]
            kind, low, high = _classify(m.lastgroup, text, line)
            context = context_around(para, m.start(), m.end(), CONTEXT)
            rows.append((doc.id, number, text, kind, low, high, context))
    out = pd.DataFrame(rows, columns=["doc_id", "paragraph", "text", "kind", "low", "high", "context"])
    return out.astype({"low": float, "high": float})


# ---------------------------------------------------------------- tables

TOTAL = re.compile(r"^\s*(?:total|in all|all|sum)\b", re.I)


def _typed(values: list[str]) -> pd.Series | list[str]:
    """Numbers (thousands separators allowed) become int64 or float64; anything else stays text."""
    cells = [v.strip() for v in values]
    if cells and all(re.fullmatch(_NUM, c.replace(" ", "")) for c in cells):
        nums = [_value(c.replace(" ", "")) for c in cells]
        if all(n.is_integer() for n in nums):
            return pd.Series(nums, dtype="int64")
        return pd.Series(nums, dtype="float64")
    return pd.Series(cells, dtype="str")


def _table(rows: list[list[str]], doc_id: str, first: int, last: int) -> pd.DataFrame:
    header = [h.strip() for h in rows[0]]
    width = max(len(header), *(len(r) for r in rows))
    header += [f"column {i + 1}" for i in range(len(header), width)]
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    total = [r for r in body if TOTAL.match(r[0])]
    body = [r for r in body if not TOTAL.match(r[0])]
    columns = list(zip(*body)) if body else [[] for _ in header]
    df = pd.DataFrame({h: _typed(list(col)) for h, col in zip(header, columns)})
    stated = None
    if total:
        stated = {}
        for h, cell, col in zip(header, total[-1], df.columns):
            cell = cell.strip()
            ok = df[col].dtype.kind in "if" and re.fullmatch(_NUM, cell.replace(" ", ""))
            v = _value(cell.replace(" ", "")) if ok else cell
            stated[h] = int(v) if ok and float(v).is_integer() else v
    df.attrs = {"doc_id": doc_id, "paragraphs": (first, last), "total": stated}
    return df


def tables(doc: "Document") -> list[pd.DataFrame]:
    """Each tab-separated block of ``doc`` as a DataFrame, header from its first row.

    Lines split only by blank lines form one table. A row whose first cell says "Total" is
    not part of the body: it is kept in ``df.attrs["total"]`` (a dict column -> stated value;
    None when the table states no total), so ``df[col].sum()`` can be set against it.
    ``df.attrs["paragraphs"]`` holds the first and last paragraph numbers of the table.
    """
    out: list[pd.DataFrame] = []
    rows: list[list[str]] = []
    span = [0, 0]
    for number, para in enumerate(doc.paragraphs, 1):
        for line in para.split("\n"):
            if "\t" in line:
                if not rows:
                    span[0] = number
                rows.append(line.split("\t"))
                span[1] = number
            elif line.strip() and rows:
                out.append(_table(rows, doc.id, *span))
                rows = []
    if rows:
        out.append(_table(rows, doc.id, *span))
    return out

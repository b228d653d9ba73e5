"""The editorial apparatus of a document: what translators, archivists and editors added to it.

Kinds of mark, in the words a student will meet them:

- ``sic``: ``[SIC]``, the translator's "so written in the original";
- ``handwritten``: ``[handwritten]``, ``[Handwritten note]``, a note written by hand on the original;
- ``stamp``: ``[Stamp]``;
- ``illegible``: ``[illegible initials]`` and any bracket saying something could not be read;
- ``uncertain``: a reading between question marks, ``?Kalinin?``, ``?sl?``;
- ``insertion``: any other square-bracketed addition: romanized names (``[Ri Ho Je]``), words
  supplied by the translator (``[the following]``, ``Gr[omyk]o``), descriptions (``[date off the page]``);
- ``unclosed``: an opening ``[`` never closed in its paragraph (the cable's ``[Sin Tae-yeong``):
  where the insertion ends is unknown, so it is reported apart;
- ``signature``: ``/signature/``, the translator's sign that the original is signed here. It
  stands for something on the page, like ``[Stamp]``, so it is an editorial mark of its own kind;
- ``footnote``: a superscript marker (``¹``) in the text, and the note it points to (a paragraph
  beginning with the same marker: the whole note is the mark);
- ``omission``: an ellipsis, ``…`` or ``...``: in an excerpt it marks the editor's cut; in a
  complete document it may be the source's own (read the context).

Two full stops (``Mt..Taebaek``) are a typing slip, not an ellipsis, and are not reported.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from .segment import context_around

if TYPE_CHECKING:
    from helpers.corpus import Document

__all__ = ["editorial_marks", "KINDS"]

KINDS = ("sic", "handwritten", "stamp", "illegible", "uncertain", "insertion", "unclosed",
         "signature", "footnote", "omission")

_SUPERSCRIPT = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
MARK = re.compile(rf"""
    (?P<bracket>\[[^\[\]]*\])                     # [SIC], [Stamp], [Ri Ho Je] ...
  | (?P<unclosed>\[[^\[\],.;:]*)                  # [ with no ] before the next [ or the end
  | (?P<uncertain>(?<![\w?])\?[^\s?]+\?(?!\w))    # ?Kalinin?
  | (?P<signature>/signature/)
  | (?P<footnote>[{_SUPERSCRIPT}]+)
  | (?P<omission>\u2026|\.{{3,}})
""", re.X)

CONTEXT = 40  # characters of context each side


def _bracket_kind(mark: str) -> str:
    inner = mark[1:-1].strip().lower()
    if inner == "sic":
        return "sic"
    if inner.startswith("handwritten"):
        return "handwritten"
    if inner == "stamp":
        return "stamp"
    if "illegible" in inner:
        return "illegible"
    return "insertion"


def editorial_marks(doc: "Document") -> pd.DataFrame:
    """Every editorial mark in ``doc``'s edition: doc_id, paragraph (from 1), kind, mark, context.

    ``editorial_marks(corpus["kwp-1956-09-23"])`` lists its three ``[SIC]`` and one ``[the following]``.
    """
    rows = []
    for number, para in enumerate(doc.paragraphs, 1):
        for m in MARK.finditer(para):
            kind = m.lastgroup
            mark = m.group(0)
            if kind == "bracket":
                kind = _bracket_kind(mark)
            elif kind == "footnote" and m.start() == 0:
                mark = " ".join(para.split())  # the note itself: the whole paragraph
            context = context_around(para, m.start(), m.end(), CONTEXT)
            rows.append((doc.id, number, kind, mark, context))
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "kind", "mark", "context"])

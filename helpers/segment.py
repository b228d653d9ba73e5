"""How the course cuts a text: into paragraphs, sentences and word tokens.

:mod:`helpers.corpus` numbers paragraphs and sentences with these functions, and
:mod:`helpers.text` counts the tokens; both import this module, which imports neither.

>>> split_paragraphs("First block.\\n\\nSecond block,\\nstill the second.")
['First block.', 'Second block,\\nstill the second.']
>>> split_sentences("Cde. Kim spoke. The plenum agreed.")
['Cde. Kim spoke.', 'The plenum agreed.']
>>> tokens("The Party’s formal-bureaucratic attitude: 2,500 appeals.")
['the', "party's", 'formal-bureaucratic', 'attitude', '2,500', 'appeals']
"""
from __future__ import annotations

import re

__all__ = ["TOKEN", "tokens", "split_paragraphs", "split_sentences", "context_around"]

# ---------------------------------------------------------------- paragraphs and sentences


def split_paragraphs(text: str) -> list[str]:
    """Blocks of text separated by blank lines, stripped, empty blocks dropped."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


_ABBREV = re.compile(r"(?:\b(?:Cdes?|Mt|No|Nos|Vol|vol|pp?|op|ed|eds|St|Dr|Mr|Mrs|trans|cf|ca)|\b[A-Z]|N°)\.$")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph: split after . ! ? or … before a capital or digit, not after Cde. or initials."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        candidate = paragraph[start:m.start()].rstrip("\"”’'")
        if _ABBREV.search(candidate) or re.fullmatch(r"(?:\d+\.\s*)+", candidate.strip()):
            continue  # "Cde." or an initial, or list numbers such as "1." or "19. 1."
        out.append(paragraph[start:m.start()].strip())
        start = m.end()
    last = paragraph[start:].strip()
    if last:
        out.append(last)
    return [" ".join(s.split()) for s in out if s]


def context_around(text: str, start: int, end: int, width: int = 40) -> str:
    """``text[start:end]`` with up to ``width`` characters each side, cut at whole words, on one line.

    >>> context_around("The plenum restored Cdes. Choe and Pak to the Party.", 26, 30, width=12)
    'Cdes. Choe and Pak to'
    """
    left, right = max(start - width, 0), min(end + width, len(text))
    if left > 0 and not text[left - 1].isspace():  # the cut falls inside a word: drop that word
        space = re.search(r"\s", text[left:start])
        left = left + space.end() if space else start
    if right < len(text) and not text[right].isspace():
        space = max((m.start() for m in re.finditer(r"\s", text[end:right])), default=None)
        right = end + space if space is not None else end
    return " ".join(text[left:right].split())


# ---------------------------------------------------------------- word tokens

# A token is a run of letters or digits of any script; inner apostrophes and hyphens join
# words ("party's", "formal-bureaucratic") and inner , or . between digits join numbers ("2,500").
# Superscript and subscript digits are footnote markers, not parts of words: "army¹" is "army".
SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070-\u209f"
_CHAR = rf"[^\W_{SUPERSCRIPTS}]"
TOKEN = re.compile(rf"{_CHAR}+(?:(?:['\u2019\-]|(?<=\d)[.,](?=\d)){_CHAR}+)*")
TO_SPACE = {c: " " for c in [0xB9, 0xB2, 0xB3, *range(0x2070, 0x20A0)]}  # footnote markers -> spaces


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (``TOKEN`` matches); curly apostrophes become straight ones.

    >>> tokens("Mistakes were made: the Party’s mistake¹.")
    ['mistakes', 'were', 'made', 'the', "party's", 'mistake']

    The result is ``[m.group(0).lower() for m in TOKEN.finditer(text)]`` with ’ as '; it is
    computed faster by lower-casing the text once and only running the pattern on words that
    are not plain letters or digits.
    """
    if "\u0130" in text:  # 'İ'.lower() is two characters: lower each token instead
        return [m.group(0).lower().replace("\u2019", "'") for m in TOKEN.finditer(text)]
    low = text.lower().replace("\u2019", "'").translate(TO_SPACE)
    out: list[str] = []
    for chunk in low.split():
        if chunk.isalnum():
            out.append(chunk)
        else:
            out.extend(TOKEN.findall(chunk))
    return out

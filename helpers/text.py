"""Words and counts: tokenization (and, in later work, concordance, frequencies, keyness)."""
from __future__ import annotations

import re

__all__ = ["tokens", "TOKEN"]

# A token is a run of letters or digits of any script; inner apostrophes and hyphens join
# words ("party's", "formal-bureaucratic") and inner , or . between digits join numbers ("2,500").
TOKEN = re.compile(r"[^\W_]+(?:(?:['\u2019\-]|(?<=\d)[.,](?=\d))[^\W_]+)*")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text``; curly apostrophes become straight ones.

    >>> tokens("The Party’s formal-bureaucratic attitude: 2,500 appeals.")
    ["the", "party's", "formal-bureaucratic", "attitude", "2,500", "appeals"]
    """
    return [m.group(0).lower().replace("\u2019", "'") for m in TOKEN.finditer(text)]

"""The words the course knows: every word of the corpus editions, and common English function words.

A writing kind shows its model answer only after a genuine attempt (``enough_words`` in kinds/base.py),
and a genuine attempt is written in words: "w0 w1 w2 ..." or "asdf qwer zxcv ..." has enough tokens,
all different, but hardly a word the course knows.

>>> known_share("The party blames its enemies.", {"the", "party", "blames", "enemies"})
0.8
>>> known_share("w0 w1 w2 asdf the", {"the"})
0.2
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from helpers.paths import corpus_dir
from helpers.segment import tokens

__all__ = ["FUNCTION_WORDS", "vocabulary", "is_word", "known_share"]

#: Words an answer in English uses whatever its subject, few of them in the corpus's documents.
FUNCTION_WORDS = frozenset("""
a about above after again against all also although always am among an and another any anyone anything are
aren't around as at be because been before being below between both but by can can't cannot could couldn't did
didn't do does doesn't doing don't done down during each either else enough even ever every everyone everything
few for from further had hadn't has hasn't have haven't having he he's her here hers herself him himself his how
however i i'd i'll i'm i've if in into is isn't it it's its itself just least less like many may maybe me might
mine more most much must my myself neither never no nobody none nor not nothing now of off often on once one only
onto or other others otherwise our ours ourselves out over own perhaps quite rather really same shall she should
shouldn't since so some somebody someone something sometimes still such than that that's the their theirs them
themselves then there there's therefore these they they'd they'll they're they've this those though through thus
to too toward towards under unless until up upon us very was wasn't we we'd we'll we're we've were weren't what
what's whatever when where whether which while who who's whole whom whose why will with within without won't
would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves
""".split())

_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")  # letters only, joined by inner apostrophes or hyphens


def is_word(token: str) -> bool:
    """Whether a token is a word: letters only (inner ' and - allowed); "w0", "1956" and "--" are not."""
    return _WORD.fullmatch(token) is not None


def vocabulary(root: str | Path | None = None) -> frozenset[str]:
    """Lower-case words of every edition in the corpus at ``root`` (default: the course copy in use), with
    the function words; read once per folder (a later edit of an edition is not picked up)."""
    return _vocabulary(Path(root) if root is not None else corpus_dir())


@lru_cache(maxsize=4)
def _vocabulary(root: Path) -> frozenset[str]:
    found = set(FUNCTION_WORDS)
    for path in sorted(root.glob("*/edition.txt")):  # a broken edition is make check's to report, not a student's
        found.update(t for t in tokens(path.read_text("utf-8", errors="replace")) if len(t) > 1 and is_word(t))
    return frozenset(found)


def _known(token: str, known: frozenset[str] | set[str]) -> bool:
    """A word of ``known``, or its possessive ("party's"), or a compound of such words ("party-line")."""
    if not is_word(token):
        return False
    word = re.sub(r"'s?\Z", "", token)
    return word in known or token in known or all(part in known for part in word.split("-"))


def known_share(text: str, known: frozenset[str] | set[str] | None = None) -> float:
    """The share of a text's tokens that are words of ``known`` (default: :func:`vocabulary`), 0 without tokens."""
    found = tokens(text)
    if not found:
        return 0.0
    known = vocabulary() if known is None else known
    return sum(_known(t, known) for t in found) / len(found)

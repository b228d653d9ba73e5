"""What every exercise kind shares: the Kind base class, answer parsing and bank-validation helpers.

A kind is one class (one module in helpers/kinds/) that knows its bank fields, how to
validate them, how to read a student's answer into its stored form (by stable keys, never
by position), how to grade it, what its model answer and widget look like and how the
dossier prints it. Nothing here imports ipywidgets; a kind's ``control`` does, when called.
"""
from __future__ import annotations

import html
import math
import numbers
import re
import unicodedata

from helpers.kinds.vocabulary import known_share
from helpers.reader import TYPE_NAMES, Problems, type_ok  # the field-spec vocabulary, shared with the corpus and sources

__all__ = ["Kind", "Writing", "AnswerError", "Removed", "quote", "count", "words", "parse_index", "parse_number",
           "fmt_number", "Checks", "check_entries", "check_same_length", "check_indices", "check_visible", "check_notes",
           "first_repeat", "visible", "squash", "BLANKS", "WIDE", "TYPE_NAMES", "type_ok", "esc", "classes",
           "as_list", "check_number", "LONG_CHOICE", "menu_label", "keyed_answer", "picks", "numbered"]

WIDE = {"layout": {"width": "auto"}, "style": {"description_width": "initial"}}
HUGE = 1e12  # numbers in a bank beyond this are a typo, not a figure of the course
# A genuine attempt has at least this share of words the course knows. Function words alone make 0.41 to 0.61
# of every model answer and model card in the banks and of twelve students' answers with typos; gibberish of
# eleven kinds reaches 0.077 at most (tests/test_attempts.py).
KNOWN_SHARE = 1 / 3


class AnswerError(ValueError):
    """An answer not in the expected form; the message says what was expected."""


class Removed(ValueError):
    """A stored answer names an option (or item) no longer in the exercise."""


class Kind:
    """The default behaviour of a kind; each kind overrides what it needs.

    ``fields``: bank field -> (type, required), types as in helpers.reader.TYPE_NAMES.
    ``open``: no single right answer (grade returns None). ``writing``: the model answer is
    shown only after a genuine attempt (``genuine``).
    """

    name = "kind"
    fields: dict = {}
    open = False
    writing = False

    # --- the bank
    def validate(self, data: dict, checks: Checks, corpus):
        """Check kind-specific fields, recording every problem with ``checks.expect(ok, message, field)``
        (the bank lists them with the exercise's other problems); may return a passage."""
        return None

    def version_parts(self, ex) -> list[str]:
        """What, besides kind and prompt, makes this exercise the same question (order-free)."""
        return []

    # --- answers
    def normalize(self, ex, answer):
        """A student's answer (plain form or stored form) -> stored form; AnswerError if malformed."""
        raise NotImplementedError

    def grade(self, ex, value) -> tuple[bool | None, list[str]]:
        """(correct, first-try feedback lines) for a stored answer; Removed if it names a lost key."""
        raise NotImplementedError

    def second_try(self, ex, value) -> list[str]:
        """Extra lines a second (or later) wrong try gets before the hint; none by default."""
        return []

    def genuine(self, ex, value) -> bool:
        """Whether this answer is a genuine attempt (writing kinds: enough words)."""
        return True

    def short(self, ex, value) -> str:
        """For writing kinds: what is still missing, with the number of words expected."""
        return ""

    def model(self, ex):
        """The model answer in the form check() takes: by default the bank's ``answer`` (a list copied)."""
        answer = ex["answer"]
        return list(answer) if isinstance(answer, list) else answer

    def solution(self, ex) -> list[str]:
        """The model answer as lines of text (explanation added by the caller)."""
        raise NotImplementedError

    def unlocked_solution(self, ex, genuine_values: list) -> list[str] | None:
        """Writing kinds: the model answer once some saved answer was a genuine attempt, else None."""
        return self.solution(ex) if genuine_values else None

    # --- how it looks
    def form(self, ex) -> str:
        """The plain answer of ``check(id, ...)`` as an example, e.g. ``0`` or ``[0, 1, 0, ...]``."""
        return "..."

    def form_help(self, ex) -> str:
        """One sentence on the plain form."""
        return ""

    def describe(self, ex) -> list[str]:
        """Lines after the prompt in the plain-text form of the exercise."""
        return []

    def answer_lines(self, ex, value) -> list[str]:
        """The stored answer in words, for the dossier."""
        return [str(value)]

    def control(self, ex):
        """(widgets, read() -> answer for check(), write(stored) to restore); imports ipywidgets."""
        raise NotImplementedError


class Writing(Kind):
    """A writing kind (reflect, sourcing, essay): no single right answer, and the model answer is
    shown only after a genuine attempt."""

    open = True
    writing = True


# ---------------------------------------------------------------- small text helpers

def quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def words(text: str) -> int:
    """Words in a text: runs of letters or digits (a lone dash or dot is not a word)."""
    return len(re.findall(r"\w+(?:['\u2019\-]\w+)*", text or ""))


def distinct_words(text: str) -> int:
    """Different words in a text, ignoring case: "word word word" has one."""
    return len({w.lower() for w in re.findall(r"\w+(?:['\u2019\-]\w+)*", text or "")})


def enough_words(text: str, minimum: int) -> bool:
    """A genuine attempt: at least ``minimum`` words, at least half of them different and a third of them words
    the course knows (kinds/vocabulary.py), so forty repetitions of one word, or "w0 w1 w2 ...", unlock nothing."""
    return words(text) >= minimum and distinct_words(text) >= (minimum + 1) // 2 and real_words(text)


def real_words(text: str) -> bool:
    """Whether at least KNOWN_SHARE of a text's tokens are words the course knows (not "asdf", "w0" or "1956")."""
    return known_share(text) >= KNOWN_SHARE


#: Letters and symbols that print as nothing: the Hangul fillers and the blank Braille pattern.
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible(text: str) -> bool:
    """Whether a text holds a letter, digit, punctuation mark or symbol that prints (not a blank one such
    as U+3164; not a space, a format character like U+200B, or a combining mark on its own)."""
    return any(unicodedata.category(ch)[0] in "LNPS" and ch not in BLANKS for ch in text)


def squash(text: str) -> str:
    """A text as it reads: every space (U+00A0, U+2009, U+3000 ...) and blank one space, format and control
    characters (U+200B ...) dropped, accents composed (NFC); so "the\u2009cable\u200b" is "the cable"."""
    kept = (" " if ch.isspace() or ch in BLANKS else "" if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def esc(text) -> str:
    """Text as HTML, every tag character escaped."""
    return html.escape(str(text), quote=True)


#: A drop-down choice longer than this (in characters) is listed in full above the drop-downs and
#: shown in them by its letter or number and its first words, so the chosen value fits the drop-down.
LONG_CHOICE = 60


def menu_label(mark: str, text: str, long: bool) -> str:
    """How a drop-down shows a choice: the text itself, or (``long``) its mark and first words."""
    if not long:
        return text
    flat = " ".join(text.split())
    cut = flat if len(flat) <= 48 else flat[:46].rsplit(" ", 1)[0] + " \u2026"
    return f"{mark}: {cut}"


def classes(widget, *names: str):
    """Add CSS classes (rr-*) to a widget and return it."""
    for name in names:
        widget.add_class(name)
    return widget


def fmt_number(x: float) -> str:
    return f"{x:,.10g}" if abs(x) >= 10000 else f"{x:.10g}"


def parse_index(value, n: int) -> int | None:
    """An index from 0 to n-1 out of an int (numpy's too), a whole float or a digit string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value < n:
        return value
    return None


def parse_number(value) -> float | None:
    """A number from an int, a float or a string such as '5,250' or '5.8'; None if it isn't one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if re.fullmatch(r"[+-]?\d{1,3}([,\u00a0\u202f ]\d{3})+(\.\d+)?", text):
            text = re.sub(r"[,\u00a0\u202f ]", "", text)
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def as_list(answer) -> list | None:
    """A list out of a list, tuple or array; None for a string, dict or scalar."""
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__"):
        return None
    return list(answer)


def keyed_answer(answer, keys: list, wrong_length: str, wrong_form: str) -> dict:
    """An answer as a dict by key: a list gives one value per key, in order; a dict stays as it is.
    AnswerError(wrong_length) for a list of another length, AnswerError(wrong_form) for anything else."""
    values = as_list(answer)
    if values is not None:
        if len(values) != len(keys):
            raise AnswerError(wrong_length)
        return dict(zip(keys, values))
    if not isinstance(answer, dict):
        raise AnswerError(wrong_form)
    return answer


def picks(answer, find, what: str, n: int) -> list:
    """A list of several picks from ``n`` numbered things (options, sentences), each found by ``find``
    (None when it names none of them); AnswerError unless each names one, once, and there is one or more."""
    expected = f"a list of {what} numbers from 0 to {n - 1}"
    values = as_list(answer)
    if values is None:
        raise AnswerError(f"expected {expected}")
    found = [find(v) for v in values]
    if any(v is None for v in found):
        raise AnswerError(f"expected {expected}")
    if len(set(found)) != len(found):
        raise AnswerError(f"expected {expected}, each once")
    if not found:
        raise AnswerError(f"expected at least one {what}: choose one or more, then check again")
    return found


def numbered(texts) -> list[str]:
    """Texts as indented lines numbered from 0, as ``check()`` takes them: ``"  0: ..."``."""
    return [f"  {i}: {text}" for i, text in enumerate(texts)]


# ---------------------------------------------------------------- bank validation helpers

def first_repeat(values: list):
    seen = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


class Checks(Problems):
    """The problems a kind finds in its own bank fields, all listed with the exercise's others. Each check
    records what it finds and returns whether it passed, so the checks that rely on it can be skipped.

    ``checks(message, field)`` makes a problem naming the bank's file, line, exercise and field (``fail``).
    """

    def __init__(self, fail):
        super().__init__()
        self._fail = fail

    def __call__(self, message: str, key: str, **where):
        return self._fail(message, key, **where)

    def expect(self, ok, message: str, key: str, **where) -> bool:
        """Whether ``ok`` holds; when it does not, ``message`` about field ``key`` is recorded."""
        if not ok:
            self.add(self(message, key, **where))
        return bool(ok)


def check_entries(data: dict, checks: Checks, key: str = "options", minimum: int = 2) -> bool:
    """A list of texts: enough entries, each visible, no two the same as they read (``squash``)."""
    n = len(data[key])
    enough = checks.expect(n >= minimum, f"expected at least {minimum} entries, found {n}", key)
    if not check_visible(data, checks, key):
        return False
    squashed = [squash(t) for t in data[key]]
    different = checks.expect(len(set(squashed)) == n, f"expected different entries (white space ignored), found a "
                              f"repeated one: {first_repeat(squashed)!r}", key)
    return enough and different


def check_visible(data: dict, checks: Checks, key: str, allow_empty: bool = False, **where) -> bool:
    """``data[key]``, when given, is visible text (``visible``): a string, or every entry of a list
    (``allow_empty``: or "", an entry left out on purpose)."""
    if key not in data:
        return True
    if isinstance(data[key], str):
        return checks.expect(visible(data[key]), "expected some visible text, found an empty or invisible string",
                             key, **where)
    blank = next((i for i, text in enumerate(data[key]) if not (visible(text) or allow_empty and text == "")), None)
    what = "visible text or nothing" if allow_empty else "visible text"
    return checks.expect(blank is None, f"expected {what} in every entry, found an empty or invisible one "
                         f"at index {blank}", key, **where)


def check_notes(data: dict, key: str, n: int, what: str, checks: Checks) -> bool:
    """Optional notes, when given: ``n`` entries (one per ``what``), each visible text or "" (no note for that one)."""
    same = check_same_length(data, key, n, what, checks)
    return check_visible(data, checks, key, allow_empty=True) and same


def check_same_length(data: dict, key: str, n: int, what: str, checks: Checks) -> bool:
    """``data[key]``, when given, holds ``n`` entries (one per ``what``)."""
    return key not in data or checks.expect(len(data[key]) == n, f"expected {n} entries (one per {what}), "
                                            f"found {len(data[key])}", key)


def check_indices(data: dict, key: str, n: int, what: str, checks: Checks, allow_empty: bool = False) -> bool:
    """``data[key]``: indices from 0 to n-1, each once, at least one unless ``allow_empty``."""
    values = data[key]
    if not values:
        return checks.expect(allow_empty, f"expected at least one {what} index, found an empty list", key)
    outside = next((v for v in values if not 0 <= v < n), None)
    inside = checks.expect(outside is None, f"expected {what} indices from 0 to {n - 1}, found {outside}", key)
    once = checks.expect(len(set(values)) == len(values), f"expected each {what} index once, found "
                         f"{first_repeat(values)} twice", key)
    return inside and once


def check_number(value, checks: Checks, key: str, line_key: str | None = None) -> bool:
    """A finite number of sensible size (NaN, inf and > 1e12 are typos)."""
    return checks.expect(math.isfinite(value) and abs(value) <= HUGE, "expected a finite number no larger than 1e12 "
                         f"(a figure of the course), found {value:g}", key, line_key=line_key)


def text_to_html(text: str) -> str:
    """Plain feedback text as HTML: every line escaped, '- ' lines as a list (the widget and a printed
    check() show the same)."""
    out: list[str] = []
    in_list = False
    for line in text.split("\n"):
        if line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{esc(line[2:])}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line.strip():
            out.append(f"<p>{esc(line)}</p>")
    if in_list:
        out.append("</ul>")
    return "".join(out)

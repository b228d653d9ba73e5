"""Exercise banks for tests, written from Python values instead of copied TOML text.

``exercise_toml("05.1", "choice", prompt="Which?", options=["a", "b"], answer=0, feedback=["y", "n"])``
gives one ``[[exercise]]`` table as an instructor writes it; ``bank_toml`` joins tables into a bank.
``choice_toml`` and ``multi_toml`` are the course's two commonest questions, ready to answer;
``SAMPLE`` is the small two-question bank that tests break one line at a time, and ``fits``
matches an error message with ``...`` in it.
The fixtures that write a bank into a temporary course are in conftest.py.
"""
from __future__ import annotations

import json
import re


def toml_value(value) -> str:
    """A Python value as a TOML value on one line (dicts as inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"expected a TOML value, found {value!r}")


def _is_table_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def exercise_toml(exercise_id: str, kind: str, **fields) -> str:
    """One ``[[exercise]]`` table: id, kind, then the fields in the order given. A dict becomes an
    ``[exercise.<field>]`` table and a list of dicts ``[[exercise.<field>]]`` tables, after the
    other fields, as in the course's banks."""
    plain = {"id": exercise_id, "kind": kind, **fields}
    tables = {k: plain.pop(k) for k in list(plain) if isinstance(plain[k], dict) or _is_table_list(plain[k])}
    lines = ["[[exercise]]"] + [f"{k} = {toml_value(v)}" for k, v in plain.items()]
    for key, value in tables.items():
        for table in [value] if isinstance(value, dict) else value:
            header = f"[exercise.{key}]" if isinstance(value, dict) else f"[[exercise.{key}]]"
            lines += ["", header] + [f"{k} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def bank_toml(*exercises: str, title: str | None = None) -> str:
    """A bank: the title (if any), then the exercise tables, a blank line between each."""
    parts = ([f"title = {toml_value(title)}\n"] if title is not None else []) + list(exercises)
    return "\n".join(parts)


def dump_bank(data: dict) -> str:
    """A bank as tomllib reads it (``{"title": ..., "exercise": [...]}``), written back as TOML."""
    tables = [exercise_toml(t["id"], t["kind"], **{k: v for k, v in t.items() if k not in ("id", "kind")})
              for t in data["exercise"]]
    return bank_toml(*tables, title=data.get("title"))


def choice_toml(exercise_id: str, **fields) -> str:
    """A choice exercise (right answer: option 2); any field can be given to replace the default."""
    return exercise_toml(exercise_id, "choice", **{
        "prompt": "Which document is a secondary source?",
        "options": ["The 1938 resolution", "The 1950 cable", "The 2016 Q&A"],
        "answer": 2,
        "feedback": ["F0: a primary source.", "F1: a primary source too.",
                     "F2: secondary, written about events by outsiders."],
        **fields})


def multi_toml(exercise_id: str, **fields) -> str:
    """A multi exercise (right answer: options 0, 1 and 3); any field can be replaced."""
    return exercise_toml(exercise_id, "multi", **{
        "prompt": "Which are primary sources?",
        "options": ["1938 resolution", "1950 cable", "2016 Q&A", "1956 resolution"],
        "answer": [0, 1, 3],
        "feedback": ["M0: issued by the plenum.", "M1: sent by the embassy.", "M2: written by an advocacy group later.",
                     "M3: issued by the plenum."],
        **fields})


# Lesson 05's bank: two choice exercises, the second citing a document of the corpus.
SAMPLE = bank_toml(
    exercise_toml("05.1", "choice", prompt="Which?", options=["a", "b", "c"], answer=1,
                  feedback=["no a", "yes b", "no c"]),
    exercise_toml("05.2", "choice", doc="kwp-1956-09-23", prompt="Which again?", options=["a", "b"], answer=0,
                  feedback=["yes a", "no b"]),
    title="Test")


def fits(text: str, pattern: str) -> bool:
    """Whether ``text`` is ``pattern``, where each ``...`` in the pattern stands for any text."""
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("...")), text, re.S) is not None

"""Exercise banks: read and validate ``lessons/NN_<name>.toml``.

A bank is a list of ``[[exercise]]`` tables (and an optional top-level ``title``). Each
exercise has ``id`` ("NN.k", NN the lesson number of its file), ``kind``, ``prompt`` and
optional ``hints``, ``doc`` and ``explanation``; every kind adds its own keys (see
``KIND_FIELDS`` and lessons/README or DESIGN.md). Anything wrong raises :class:`BankError`
naming the file, the line where it can, the exercise id and the field, tomllib-style:
``lessons/03_close_reading.toml, line 12, exercise "03.2", field "answer": expected an
option index from 0 to 2, found 5``.

Banks are parsed once per process and cached by path, modification time and size, so an
instructor's edit is picked up the next time a cell runs. The folder is ``lessons/`` of the
course copy in use (:mod:`helpers.paths`) unless the environment variable ``RR_LESSONS``
names another.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from helpers import paths
from helpers.corpus import CorpusError, load_corpus, parse_toml, read_text, split_sentences

__all__ = ["BankError", "Bank", "Exercise", "KINDS", "SOURCING_FIELDS", "lessons_dir",
           "bank_paths", "load_bank", "get_exercise", "lesson_bank", "all_exercises"]

KINDS = ("choice", "multi", "classify", "select", "number", "order", "reflect", "sourcing")
SOURCING_FIELDS = ("author", "date", "audience", "purpose", "reliability", "why")

# Field types: "str", "int", "number", "str-list", "int-list", "table", "mistakes".
COMMON_FIELDS = {"id": ("str", True), "kind": ("str", True), "prompt": ("str", True),
                 "hints": ("str-list", False), "doc": ("str", False), "docs": ("str-list", False),
                 "explanation": ("str", False)}
KIND_FIELDS = {
    "choice": {"options": ("str-list", True), "answer": ("int", True), "feedback": ("str-list", True)},
    "multi": {"options": ("str-list", True), "answer": ("int-list", True), "feedback": ("str-list", True),
              "missed": ("str-list", False)},
    "classify": {"items": ("str-list", True), "categories": ("str-list", True), "answer": ("str-list", True),
                 "feedback": ("str-list", False)},
    "select": {"doc": ("str", True), "paragraphs": ("int-list", True), "answer": ("int-list", True),
               "feedback": ("str-list", False)},
    "number": {"answer": ("number", True), "tolerance": ("number", False), "unit": ("str", False),
               "feedback": ("str", False), "default": ("str", False), "common_mistakes": ("mistakes", False)},
    "order": {"items": ("str-list", True), "answer": ("int-list", True), "feedback": ("str-list", False)},
    "reflect": {"model_answer": ("str", True), "rubric": ("str-list", True)},
    "sourcing": {"doc": ("str", True), "model": ("table", True), "rubric": ("str-list", False)},
}
MISTAKE_FIELDS = {"value": ("number", True), "feedback": ("str", True), "tolerance": ("number", False)}
TYPE_NAMES = {"str": "a string", "int": "a whole number", "number": "a number", "str-list": "a list of strings",
              "int-list": "a list of whole numbers", "table": "a table",
              "mistakes": "a list of tables {value = ..., feedback = \"...\"}"}
FILE_NAME = re.compile(r"^(\d{2})_[A-Za-z0-9_\-]+\.toml$")
EXERCISE_ID = re.compile(r"^(\d{2})\.([1-9]\d*)$")


class BankError(CorpusError):
    """An exercise bank is broken: names the file, line, exercise id and field, and what was expected."""


@dataclass(frozen=True)
class Exercise:
    """One validated exercise. ``data`` holds the bank's keys with defaults filled in."""

    id: str
    kind: str
    data: dict
    file: str
    passage: tuple[str, ...] = ()  # select: the passage's sentences, fetched from the corpus

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    @property
    def prompt(self) -> str:
        return self.data["prompt"]

    @property
    def hints(self) -> list[str]:
        return self.data["hints"]

    @property
    def doc(self) -> str | None:
        return self.data.get("doc")

    @property
    def documents(self) -> list[str]:
        """Every document the exercise uses: ``doc`` first, then ``docs``, each once."""
        ids = ([self.doc] if self.doc else []) + list(self.data.get("docs", []))
        return list(dict.fromkeys(ids))

    def __getitem__(self, key: str):
        return self.data[key]

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def __repr__(self) -> str:
        return f"<Exercise {self.id} ({self.kind}) from {self.file}>"


@dataclass(frozen=True)
class Bank:
    """A lesson's exercises in the order of the file."""

    lesson: str
    title: str
    file: str
    exercises: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Bank {self.file}: {len(self.exercises)} exercises>"


# ---------------------------------------------------------------- finding banks

def lessons_dir() -> Path:
    """The folder of exercise banks: ``$RR_LESSONS`` if set, else lessons/ of the course copy in use."""
    env = os.environ.get("RR_LESSONS")
    return Path(env) if env else paths.lessons_dir()


def bank_paths(folder: str | Path | None = None) -> list[Path]:
    """Every ``NN_<name>.toml`` bank in the folder, sorted by name."""
    folder = Path(folder) if folder is not None else lessons_dir()
    return sorted(p for p in folder.glob("[0-9][0-9]_*.toml") if p.is_file())


def _label(path: Path) -> str:
    """A short, path-free name for messages: 'lessons/03_close_reading.toml'."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


_CACHE: dict[Path, tuple[tuple[int, int], Bank]] = {}


def load_bank(path: str | Path) -> Bank:
    """Read and validate one bank; cached until the file's mtime or size changes."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        raise BankError(_label(path), "expected an exercise bank file, found none") from None
    key = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    bank = _parse_bank(path)
    _CACHE[path] = (key, bank)
    return bank


def get_exercise(exercise_id: str, folder: str | Path | None = None) -> Exercise:
    """The exercise with this id, from the bank of its lesson (``NN_*.toml``)."""
    if not isinstance(exercise_id, str) or not EXERCISE_ID.match(exercise_id):
        raise KeyError(f'expected an exercise id such as "03.2", found {exercise_id!r}')
    lesson = exercise_id.split(".")[0]
    folder = Path(folder) if folder is not None else lessons_dir()
    paths = sorted(folder.glob(f"{lesson}_*.toml"))
    if not paths:
        raise KeyError(f'expected a bank {folder.name}/{lesson}_<name>.toml for exercise "{exercise_id}", found none')
    if len(paths) > 1:
        names = ", ".join(p.name for p in paths)
        raise BankError(_label(paths[1]), f"expected one bank for lesson {lesson}, found {len(paths)}: {names}")
    bank = load_bank(paths[0])
    if exercise_id not in bank.exercises:
        known = ", ".join(bank.exercises) or "none"
        raise KeyError(f'expected one of the exercises in {bank.file} ({known}), found "{exercise_id}"')
    return bank.exercises[exercise_id]


def lesson_bank(lesson: str, folder: str | Path | None = None) -> Bank | None:
    """The bank of lesson ``lesson`` ("03"), or None when there is none."""
    folder = Path(folder) if folder is not None else lessons_dir()
    paths = sorted(folder.glob(f"{lesson}_*.toml"))
    return load_bank(paths[0]) if len(paths) == 1 else None


def all_exercises(folder: str | Path | None = None) -> list[Exercise]:
    """Every exercise of every bank, in file order."""
    return [ex for p in bank_paths(folder) for ex in load_bank(p).exercises.values()]


def _corpus():
    """The corpus of the course copy in use, loaded once per folder."""
    return _load_corpus(paths.corpus_dir())


@lru_cache(maxsize=4)
def _load_corpus(root: Path):
    return load_corpus(root)


# ---------------------------------------------------------------- parsing and validation

def _parse_bank(path: Path) -> Bank:
    label = _label(path)
    m = FILE_NAME.match(path.name)
    if not m:
        raise BankError(label, f"expected a file name like 03_close_reading.toml (two digits, _, a name), found {path.name!r}")
    lesson = m.group(1)
    source = read_text(path, label, BankError)
    data = parse_toml(source, label, BankError)
    lines = source.split("\n")
    for key in data:
        if key not in ("title", "exercise"):
            raise BankError(label, f"unknown top-level field; expected title or [[exercise]] tables",
                            line=_top_line(lines, key), field=key)
    title = data.get("title", "")
    if not isinstance(title, str):
        raise BankError(label, f"expected a string, found {title!r}", line=_top_line(lines, "title"), field="title")
    tables = data.get("exercise")
    if not isinstance(tables, list) or not tables:
        raise BankError(label, "expected at least one [[exercise]] table, found none", field="exercise")
    exercises: dict[str, Exercise] = {}
    for i, table in enumerate(tables):
        ex = _parse_exercise(table, i, lesson, label, lines)
        if ex.id in exercises:
            raise BankError(label, f'expected a unique id, found "{ex.id}" again', line=_line(lines, i, "id"),
                            field="id", exercise=ex.id)
        exercises[ex.id] = ex
    return Bank(lesson=lesson, title=title, file=label, exercises=exercises)


def _top_line(lines: list[str], key: str) -> int | None:
    for n, text in enumerate(lines, 1):
        if re.match(r"^\s*\[", text):
            return None
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*=', text):
            return n
    return None


def _line(lines: list[str], index: int, key: str | None = None, sub: str | None = None) -> int | None:
    """Line of ``key = ...`` in the index-th [[exercise]] (or in its [exercise.<sub>] table)."""
    headers = [n for n, t in enumerate(lines) if re.match(r"^\s*\[\[\s*exercise\s*\]\]", t)]
    if index >= len(headers):
        return None
    start = headers[index]
    end = headers[index + 1] if index + 1 < len(headers) else len(lines)
    if sub is not None:
        subs = [n for n in range(start, end) if re.match(rf"^\s*\[\s*exercise\.{re.escape(sub)}\s*\]", lines[n])]
        if subs:
            start = subs[0]
    if key is None:
        return start + 1
    for n in range(start, end):
        if n > start and sub is None and re.match(r"^\s*\[\s*exercise\.", lines[n]):
            break  # the exercise's own keys stop at its first sub-table
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*=', lines[n]):
            return n + 1
    return start + 1


def _type_ok(value, typ: str) -> bool:
    if typ == "str":
        return isinstance(value, str)
    if typ == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if typ == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ == "str-list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if typ == "int-list":
        return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    if typ in ("table",):
        return isinstance(value, dict)
    if typ == "mistakes":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(typ)


def _parse_exercise(table: dict, index: int, lesson: str, label: str, lines: list[str]) -> Exercise:
    raw_id = table.get("id")
    ex_name = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"

    def fail(message: str, key: str | None, sub: str | None = None, line_key: str | None = None) -> BankError:
        line = _line(lines, index, line_key or (key.split(".")[-1] if key else None), sub)
        return BankError(label, message, line=line, field=key, exercise=ex_name)

    if not isinstance(table, dict):
        raise BankError(label, f"expected [[exercise]] tables, found {table!r}", field="exercise", exercise=ex_name)
    for key in ("id", "kind"):
        if key not in table:
            raise fail(f"required field is missing; expected {TYPE_NAMES['str']}", key, line_key=None)
        if not isinstance(table[key], str):
            raise fail(f"expected {TYPE_NAMES['str']}, found {table[key]!r}", key)
    ex_id, kind = table["id"], table["kind"]
    m = EXERCISE_ID.match(ex_id)
    if not m:
        raise fail(f'expected an id "{lesson}.k" (lesson number, a dot, a number from 1), found {ex_id!r}', "id")
    if m.group(1) != lesson:
        raise fail(f'expected an id starting with this file\'s lesson number "{lesson}.", found {ex_id!r}', "id")
    if kind not in KINDS:
        raise fail(f"expected one of {', '.join(KINDS)}, found {kind!r}", "kind")
    schema = {**COMMON_FIELDS, **KIND_FIELDS[kind]}
    for key in table:
        if key not in schema:
            hint = ""
            if any(key in KIND_FIELDS[k] for k in KIND_FIELDS if k != kind):
                hint = f" (it belongs to another kind, not {kind!r})"
            raise fail(f"unknown field{hint}; expected one of: {', '.join(schema)}", key)
    for key, (typ, required) in schema.items():
        if key not in table:
            if required:
                raise fail(f"required field is missing; expected {TYPE_NAMES[typ]}", key, line_key="\0")
            continue
        if not _type_ok(table[key], typ):
            raise fail(f"expected {TYPE_NAMES[typ]}, found {table[key]!r}", key)

    data = dict(table)
    data.setdefault("hints", [])
    data.setdefault("explanation", "")
    if not data["prompt"].strip():
        raise fail("expected the question to ask, found an empty string", "prompt")
    for n, h in enumerate(data["hints"]):
        if not h.strip():
            raise fail(f"expected some text in every hint, found an empty hint at position {n}", "hints")
    corpus = None
    for key in ("doc", "docs"):
        if key not in data:
            continue
        corpus = _corpus()
        for doc_id in ([data[key]] if key == "doc" else data[key]):
            if doc_id not in corpus:
                raise fail(f"expected a document id in the corpus ({', '.join(sorted(corpus.ids))}), found {doc_id!r}", key)
    passage: tuple[str, ...] = ()
    check = _KIND_CHECKS[kind]
    result = check(data, fail, corpus)
    if result:
        passage = tuple(result)
    return Exercise(id=ex_id, kind=kind, data=data, file=label, passage=passage)


def _options(data: dict, fail, key: str = "options", minimum: int = 2) -> int:
    n = len(data[key])
    if n < minimum:
        raise fail(f"expected at least {minimum} entries, found {n}", key)
    for i, text in enumerate(data[key]):
        if not text.strip():
            raise fail(f"expected some text in every entry, found an empty string at index {i}", key)
    if len(set(data[key])) != n:
        raise fail(f"expected different entries, found a repeated one: {_first_repeat(data[key])!r}", key)
    return n


def _first_repeat(values: list):
    seen = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


def _same_length(data: dict, key: str, n: int, what: str, fail) -> None:
    if key in data and len(data[key]) != n:
        raise fail(f"expected {n} entries (one per {what}), found {len(data[key])}", key)


def _indices(data: dict, key: str, n: int, what: str, fail, allow_empty: bool = False) -> None:
    values = data[key]
    if not values and not allow_empty:
        raise fail(f"expected at least one {what} index, found an empty list", key)
    for v in values:
        if not 0 <= v < n:
            raise fail(f"expected {what} indices from 0 to {n - 1}, found {v}", key)
    if len(set(values)) != len(values):
        raise fail(f"expected each {what} index once, found {_first_repeat(values)} twice", key)


def _check_choice(data, fail, corpus):
    n = _options(data, fail)
    if not 0 <= data["answer"] < n:
        raise fail(f"expected an option index from 0 to {n - 1}, found {data['answer']}", "answer")
    _same_length(data, "feedback", n, "option", fail)


def _check_multi(data, fail, corpus):
    n = _options(data, fail)
    _indices(data, "answer", n, "option", fail)
    _same_length(data, "feedback", n, "option", fail)
    _same_length(data, "missed", n, "option", fail)


def _check_classify(data, fail, corpus):
    n = _options(data, fail, "items", minimum=1)
    _options(data, fail, "categories")
    _same_length(data, "answer", n, "item", fail)
    for cat in data["answer"]:
        if cat not in data["categories"]:
            raise fail(f"expected a category from categories ({', '.join(data['categories'])}), found {cat!r}", "answer")
    _same_length(data, "feedback", n, "item", fail)


def _check_select(data, fail, corpus):
    doc = corpus[data["doc"]]
    paragraphs = doc.paragraphs
    if not data["paragraphs"]:
        raise fail("expected at least one paragraph number, found an empty list", "paragraphs")
    sentences: list[str] = []
    for p in data["paragraphs"]:
        if not 1 <= p <= len(paragraphs):
            raise fail(f"expected paragraph numbers from 1 to {len(paragraphs)} (the paragraphs of {doc.id}), found {p}", "paragraphs")
        sentences.extend(split_sentences(paragraphs[p - 1]))
    _indices(data, "answer", len(sentences), "sentence", fail)
    _same_length(data, "feedback", len(sentences), "sentence of the passage", fail)
    return sentences


def _check_number(data, fail, corpus):
    tol = data.setdefault("tolerance", 0)
    if tol < 0:
        raise fail(f"expected a tolerance of 0 or more, found {tol}", "tolerance")
    data.setdefault("unit", "")
    data.setdefault("feedback", "")
    data.setdefault("default", "")
    mistakes = data.setdefault("common_mistakes", [])
    for i, mistake in enumerate(mistakes):
        prefix = f"common_mistakes[{i}]."
        for key in mistake:
            if key not in MISTAKE_FIELDS:
                raise fail(f"unknown field; expected one of: {', '.join(MISTAKE_FIELDS)}", prefix + key, line_key="common_mistakes")
        for key, (typ, required) in MISTAKE_FIELDS.items():
            if key not in mistake:
                if required:
                    raise fail(f"required field is missing; expected {TYPE_NAMES[typ]}", prefix + key, line_key="common_mistakes")
            elif not _type_ok(mistake[key], typ):
                raise fail(f"expected {TYPE_NAMES[typ]}, found {mistake[key]!r}", prefix + key, line_key="common_mistakes")
        if abs(mistake["value"] - data["answer"]) <= tol:
            raise fail(f"expected a wrong value, found {mistake['value']} (within the tolerance of the answer)", prefix + "value", line_key="common_mistakes")


def _check_order(data, fail, corpus):
    n = _options(data, fail, "items")
    if sorted(data["answer"]) != list(range(n)):
        raise fail(f"expected every item index from 0 to {n - 1} once, in the right order, found {data['answer']}", "answer")
    _same_length(data, "feedback", n, "item", fail)


def _check_reflect(data, fail, corpus):
    if not data["model_answer"].strip():
        raise fail("expected a model answer, found an empty string", "model_answer")
    if not data["rubric"]:
        raise fail("expected at least one rubric point, found an empty list", "rubric")


def _check_sourcing(data, fail, corpus):
    model = data["model"]
    for key in model:
        if key not in SOURCING_FIELDS:
            raise fail(f"unknown field; expected one of: {', '.join(SOURCING_FIELDS)} "
                       "(keys written after [exercise.model] belong to it: put that table last)",
                       f"model.{key}", sub="model", line_key=key)
    for key in SOURCING_FIELDS:
        if not isinstance(model.get(key), str) or not model.get(key, "").strip():
            found = "nothing" if key not in model else repr(model[key])
            raise fail(f"expected some text, found {found}", f"model.{key}", sub="model", line_key=key if key in model else None)
    data.setdefault("rubric", [])


_KIND_CHECKS = {"choice": _check_choice, "multi": _check_multi, "classify": _check_classify,
                "select": _check_select, "number": _check_number, "order": _check_order,
                "reflect": _check_reflect, "sourcing": _check_sourcing}

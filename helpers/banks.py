"""Exercise banks: read and validate ``lessons/NN_<name>.toml``.

A bank is a list of ``[[exercise]]`` tables (and an optional top-level ``title``). Each
exercise has ``id`` ("NN.k", NN the lesson number of its file), ``kind``, ``prompt`` and
optional ``hints``, ``doc``, ``docs`` and ``explanation``; every kind adds its own keys and
checks them (its module in helpers/kinds/; lessons/README.md). Anything wrong raises :class:`BankError`
listing every problem of the bank (of each exercise: its id, kind, fields, prompt, hints and documents,
and every problem its kind's own checks find), each naming the file, the line where it can, the
exercise id and the field, tomllib-style: ``lessons/03_close_reading.toml, line 12, exercise
"03.2", field "answer": expected an option index from 0 to 2, found 5``.

Banks are parsed once per process and cached by path, modification time and size, so an
instructor's edit is picked up the next time a cell runs. The folder is ``lessons/`` of the
course copy in use (:mod:`helpers.paths`) unless the environment variable ``RR_LESSONS``
names another. Each exercise has a ``version`` (:func:`version_of`) that the journal stores
with every answer, and :func:`check_folder` refuses two banks for one lesson.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from helpers import kinds, paths
from helpers.corpus import CorpusError, load_corpus, parse_toml, read_text
from helpers.kinds.base import Checks, visible
from helpers.reader import Problems, field_problems, line_of
from helpers.kinds.sourcing import FIELDS

__all__ = ["BankError", "Bank", "Exercise", "KINDS", "SOURCING_FIELDS", "lessons_dir", "bank_paths",
           "load_bank", "get_exercise", "lesson_bank", "all_exercises", "check_folder", "version_of"]

KINDS = kinds.BUILTIN
SOURCING_FIELDS = FIELDS

# Field types as in helpers.kinds.base.TYPE_NAMES; each kind adds its own (helpers/kinds/<kind>.py).
COMMON_FIELDS = {"id": ("str", True), "kind": ("str", True), "prompt": ("str", True),
                 "hints": ("str-list", False), "doc": ("str", False), "docs": ("str-list", False),
                 "explanation": ("str", False)}
FILE_NAME = re.compile(r"^(\d{2})_[A-Za-z0-9_\-]+\.toml\Z")
EXERCISE_ID = re.compile(r"^(\d{2})\.([1-9]\d*)\Z")  # \Z, not $: "03.1\n" is no id


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

    @property
    def version(self) -> str:
        """What question this is, order-free: see :func:`version_of`."""
        return version_of(self)

    def __repr__(self) -> str:
        return f"<Exercise {self.id} ({self.kind}) from {self.file}>"


def version_of(ex: Exercise) -> str:
    """sha256 of kind, prompt (white space squashed) and the kind's sorted keys; first 12 hex digits.

    Reordering options leaves it unchanged; another question, option or category changes it, so a
    saved answer to the old question is never graded against the new one.
    """
    parts = [ex.kind, " ".join(ex.prompt.split()), *kinds.get(ex.kind).version_parts(ex)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


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


def check_folder(folder: str | Path | None = None) -> list[Path]:
    """The folder's banks, or BankError when two banks claim one lesson (every id would be ambiguous)."""
    found = bank_paths(folder)
    by_lesson: dict[str, list[Path]] = {}
    for p in found:
        by_lesson.setdefault(p.name[:2], []).append(p)
    problems = Problems()  # every lesson with two banks is reported, not only the first
    for lesson, group in by_lesson.items():
        if len(group) > 1:
            names = ", ".join(p.name for p in group)
            problems.add(BankError(_label(group[1]), f"expected one bank for lesson {lesson}, found {len(group)}: {names}",
                                   line=1, field="file name"))
    problems.check()
    return found


def _label(path: Path) -> str:
    """A short, path-free name for messages: 'lessons/03_close_reading.toml'."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


_CACHE: dict[tuple[Path, Path | None], tuple[tuple[int, int], Bank]] = {}


def load_bank(path: str | Path, corpus_root: str | Path | None = None) -> Bank:
    """Read and validate one bank; cached until the file's mtime or size changes.

    Document ids are checked against the corpus at ``corpus_root`` (default: corpus/ of the
    course copy in use), so validating another copy of the course uses that copy's corpus.
    """
    path = Path(path)
    corpus_root = Path(corpus_root) if corpus_root is not None else None
    try:
        st = path.stat()
    except OSError:
        raise BankError(_label(path), "expected an exercise bank file, found none") from None
    key = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get((path, corpus_root))
    if hit is not None and hit[0] == key:
        return hit[1]
    bank = _parse_bank(path, corpus_root)
    _CACHE[(path, corpus_root)] = (key, bank)
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


def _corpus(root: Path | None = None):
    """The corpus at ``root`` (default: the course copy in use), loaded once per folder."""
    return _load_corpus(root if root is not None else paths.corpus_dir())


@lru_cache(maxsize=4)
def _load_corpus(root: Path):
    return load_corpus(root)


# ---------------------------------------------------------------- parsing and validation

def _no_exercises(tables, label: str, lines: list[str]) -> BankError:
    """The error for a bank whose ``exercise`` is not a list of [[exercise]] tables: what was found, and where."""
    expected = "expected at least one [[exercise]] table"
    line = _top_line(lines, "exercise")
    if tables is None:
        found = "found none"
    elif isinstance(tables, dict) and line is None:  # [exercise] with one pair of brackets
        found, line = "found one [exercise] table (write [[exercise]], with two brackets)", line_of(lines, None, "exercise")
    elif tables == []:
        found = "found an empty list"
    else:
        found = f"found {tables!r}"
    return BankError(label, f"{expected}, {found}", line=line, field="exercise")


def _parse_bank(path: Path, corpus_root: Path | None = None) -> Bank:
    label = _label(path)
    m = FILE_NAME.match(path.name)
    if not m:
        raise BankError(label, f"expected a file name like 03_close_reading.toml (two digits, _, a name), found {path.name!r}")
    lesson = m.group(1)
    source = read_text(path, label, BankError)
    data = parse_toml(source, label, BankError)
    lines = source.split("\n")
    problems = Problems()  # every wrong top-level field and every broken exercise is reported, not only the first
    for key in data:
        if key not in ("title", "exercise"):
            problems.add(BankError(label, "unknown top-level field; expected title or [[exercise]] tables",
                                   line=_top_line(lines, key), field=key))
    title = data.get("title", "")
    if not isinstance(title, str):
        problems.add(BankError(label, f"expected a string, found {title!r}", line=_top_line(lines, "title"), field="title"))
    tables = data.get("exercise")
    if not isinstance(tables, list) or not tables:
        problems.add(_no_exercises(tables, label, lines))
        tables = []
    exercises: dict[str, Exercise] = {}
    ids: set[str] = set()  # every id written so far, also of exercises with problems of their own
    for i, table in enumerate(tables):
        written = table.get("id") if isinstance(table, dict) else None
        again = isinstance(written, str) and written in ids
        if isinstance(written, str):
            ids.add(written)
        try:
            ex = _parse_exercise(table, i, lesson, label, lines, corpus_root)
        except CorpusError as e:  # a BankError, or the corpus an exercise names is broken: the next exercise
            problems.add(e)
            ex = None
        if again:
            plain = bool(written) and written.isprintable() and written == written.strip()
            shown = f'"{written}"' if plain else repr(written)
            problems.add(BankError(label, f"expected a unique id, found {shown} again", line=_line(lines, i, "id"),
                                   field="id", exercise=written if plain else f"#{i + 1}"))
        elif ex is not None:
            exercises[ex.id] = ex
    problems.check()
    return Bank(lesson=lesson, title=title, file=label, exercises=exercises)


def _top_line(lines: list[str], key: str) -> int | None:
    """Line of a top-level ``key = ...`` (helpers.reader.line_of)."""
    return line_of(lines, key)


def _line(lines: list[str], index: int, key: str | None = None, sub: str | None = None) -> int | None:
    """Line of ``key = ...`` in the index-th [[exercise]] (or in its [exercise.<sub>] table): helpers.reader.line_of."""
    return line_of(lines, key, "exercise", index, sub)


def _parse_exercise(table: dict, index: int, lesson: str, label: str, lines: list[str],
                    corpus_root: Path | None = None) -> Exercise:
    """The index-th [[exercise]] table, validated: BankError listing every problem found in it."""
    raw_id = table.get("id") if isinstance(table, dict) else None
    printable = isinstance(raw_id, str) and raw_id and raw_id.isprintable() and raw_id == raw_id.strip()
    ex_name = raw_id if printable else f"#{index + 1}"  # "03.1\n" is named by its place, not printed

    def fail(message: str, key: str | None, sub: str | None = None, line_key: str | None = None) -> BankError:
        part = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)", key or "")  # rubric[1].levels: the second rubric table
        tables = part and line_of(lines, None, "exercise", index, part.group(1)) != line_of(lines, None, "exercise", index)
        if tables and sub is None:  # written as [[exercise.rubric]] tables, not as an inline list
            name, i, field = part.group(1), int(part.group(2)), part.group(3)
            line = line_of(lines, field if line_key in (None, name) else line_key, "exercise", index, name, i)
        else:
            line = _line(lines, index, line_key or (key.split(".")[-1] if key else None), sub)
        return BankError(label, message, line=line, field=key, exercise=ex_name)

    if not isinstance(table, dict):
        raise BankError(label, f"expected [[exercise]] tables, found {table!r}", line=_top_line(lines, "exercise"),
                        field="exercise", exercise=ex_name)
    kind = table.get("kind")
    spec = kinds.get(kind) if isinstance(kind, str) and kind in kinds.names() else None
    problems = Problems()  # every problem of the exercise is reported, not only the first
    for problem in _field_problems(table, spec, lesson, fail):
        problems.add(problem)
    wrong = {p.field for p in problems}  # fields missing or of the wrong type are not checked further
    data = dict(table)
    data.setdefault("hints", [])
    for problem in _text_problems(data, wrong, fail):
        problems.add(problem)
    data.setdefault("explanation", "")
    corpus, needs_corpus = None, "doc" in data or "docs" in data or kind == "select"
    if needs_corpus:
        try:
            corpus = _corpus(corpus_root)
        except CorpusError as e:  # the corpus itself is broken: its problems, and no check of document ids
            problems.add(e)
    for problem in _document_problems(data, wrong, corpus, fail):
        problems.add(problem)
    passage: tuple[str, ...] = ()
    # the kind's own checks rely on its fields having their types and its documents being in the corpus
    if spec is not None and not {p.field for p in problems} & {*spec.fields, "doc", "docs"} and \
            (corpus is not None or not needs_corpus):
        checks = Checks(fail)  # every problem the kind finds (helpers/kinds/base.py)
        try:
            passage = tuple(spec.validate(data, checks, corpus) or ())
        except BankError as e:  # a kind may also raise a problem: checks(message, field) makes one
            checks.add(e)
        for problem in checks:
            problems.add(problem)
    problems.check()
    return Exercise(id=table["id"], kind=kind, data=data, file=label, passage=passage)


def _field_problems(table: dict, spec, lesson: str, fail) -> list[BankError]:
    """The id, the kind, and every field unknown, missing or of the wrong type (the kind's own fields
    once the kind is known)."""
    found = []
    ex_id, kind = table.get("id"), table.get("kind")
    if isinstance(ex_id, str):  # missing or not a string: the field spec says so
        m = EXERCISE_ID.match(ex_id)
        if not m:
            found.append(fail(f'expected an id "{lesson}.k" (lesson number, a dot, a number from 1), found {ex_id!r}', "id"))
        elif m.group(1) != lesson:
            found.append(fail(f'expected an id starting with this file\'s lesson number "{lesson}.", found {ex_id!r}', "id"))
    if isinstance(kind, str) and spec is None:
        found.append(fail(f"expected one of {', '.join(kinds.names())}, found {kind!r}", "kind"))
    schema = {**COMMON_FIELDS, **spec.fields} if spec else COMMON_FIELDS
    checked = table if spec else {k: v for k, v in table.items() if k in COMMON_FIELDS}
    def problem(message: str, key: str, present: bool) -> BankError:  # a missing field: the exercise's first line
        return fail(message, key, line_key=None if present else "\0")

    return found + field_problems(checked, schema, problem, hint=lambda key: _belongs_elsewhere(key, kind))


def _text_problems(data: dict, wrong: set, fail) -> list[BankError]:
    """A prompt, a hint or an explanation with nothing visible in it (fields in ``wrong`` are skipped)."""
    found = []
    if "prompt" not in wrong and not visible(data["prompt"]):
        found.append(fail("expected the question to ask, found an empty or invisible string", "prompt"))
    empty = [n for n, h in enumerate(data["hints"]) if not visible(h)] if "hints" not in wrong else []
    if empty:
        found.append(fail(f"expected some text in every hint, found an empty hint at position {empty[0]}", "hints"))
    if "explanation" in data and "explanation" not in wrong and not visible(data["explanation"]):
        found.append(fail("expected some visible text (or no explanation field), found an empty or invisible string",
                          "explanation"))
    return found


def _document_problems(data: dict, wrong: set, corpus, fail) -> list[BankError]:
    """``doc`` or ``docs`` naming a document the corpus lacks (none checked without a corpus)."""
    found = []
    for key in ("doc", "docs"):
        if corpus is None or key not in data or key in wrong:
            continue
        unknown = [d for d in ([data[key]] if key == "doc" else data[key]) if d not in corpus]
        if unknown:
            found.append(fail(f"expected a document id in the corpus ({', '.join(sorted(corpus.ids))}), "
                              f"found {unknown[0]!r}", key))
    return found


def _belongs_elsewhere(key: str, kind) -> str:
    """For an unknown field of an exercise: which other kind it belongs to, if any."""
    if any(key in kinds.get(k).fields for k in kinds.names() if k != kind):
        return f" (it belongs to another kind, not {kind!r})"
    return ""

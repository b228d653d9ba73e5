"""The student's journal: every check and every reflection, saved the moment it is made.

SQLite in WAL mode at ``my_work/answers.sqlite`` beside the course (the same file whichever
folder of the course a notebook runs from; see :mod:`helpers.paths`); the environment
variable ``RR_JOURNAL`` names another file.
Writes use ``BEGIN IMMEDIATE`` with a busy timeout and retries, so two notebooks open at
once lose nothing. When the journal cannot be written (read-only place, locked, damaged),
answers are kept in memory, :func:`status` returns a warning the widgets show, and the
pending answers are written on the next save that works.

>>> attempt = record("00.1", "choice", 3, True)      # doctest: +SKIP
>>> last_answer("00.1")                               # doctest: +SKIP
3
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["record", "last_answer", "attempts", "answers", "history", "status", "flush", "journal_path"]

from helpers import paths

BUSY_TIMEOUT_S = 2.0   # how long one statement waits for another kernel's write
RETRIES = 2            # further tries of a whole write after "database is locked"

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise_id TEXT    NOT NULL,
    lesson      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    answer      TEXT    NOT NULL,   -- JSON
    correct     INTEGER,            -- 1, 0, or NULL when there is no single right answer
    attempt     INTEGER NOT NULL,
    recorded_at TEXT    NOT NULL    -- UTC, ISO 8601; never shown in a notebook
);
CREATE INDEX IF NOT EXISTS answers_by_exercise ON answers (exercise_id, seq);
"""


@dataclass
class _State:
    """What this process knows about one journal file."""

    conn: sqlite3.Connection | None = None
    pid: int = 0
    pending: list = field(default_factory=list)  # rows not yet written: (id, lesson, kind, json, correct, at)
    warning: str | None = None


_STATES: dict[Path, _State] = {}


def journal_path() -> Path:
    """``$RR_JOURNAL`` if set, else ``my_work/answers.sqlite`` in the course copy in use."""
    env = os.environ.get("RR_JOURNAL")
    return Path(env) if env else paths.work_dir() / "answers.sqlite"


def _display_name(path: Path) -> str:
    """A path-free name for warnings: relative to the course when inside it, else the file name."""
    try:
        return path.resolve().relative_to(paths.course_root()).as_posix()
    except (ValueError, OSError):
        return path.name


def _state() -> tuple[Path, _State]:
    path = journal_path()
    st = _STATES.setdefault(path, _State())
    if st.pid != os.getpid():  # a forked process must not share the parent's connection
        st.conn, st.pid = None, os.getpid()
    return path, st


def _connect(path: Path, st: _State) -> sqlite3.Connection:
    if st.conn is not None:
        return st.conn
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # durable against a crashed or killed kernel
        conn.executescript(SCHEMA)
    except BaseException:
        conn.close()
        raise
    st.conn = conn
    return conn


def _drop(st: _State) -> None:
    if st.conn is not None:
        try:
            st.conn.close()
        except sqlite3.Error:
            pass
    st.conn = None


def _explain(path: Path, exc: BaseException) -> str:
    name = _display_name(path)
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        why = f"the journal {name} is busy (another notebook is writing to it)"
    elif isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text or "corrupt" in text):
        why = f"the journal {name} is damaged (it is not a readable SQLite database)"
    else:
        why = f"the journal {name} cannot be written here (its folder is missing or read-only)"
    return (f"Your answers could not be saved: {why}. They are kept in memory for this session "
            "and will be saved as soon as the journal can be written again; if this message stays, "
            "tell your instructor.")


def _write_pending(conn: sqlite3.Connection, rows: list) -> list[int]:
    """Write rows in one IMMEDIATE transaction; return their attempt numbers."""
    out = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for ex_id, lesson, kind, answer_json, correct, at in rows:
            (n,) = conn.execute("SELECT COALESCE(MAX(attempt), 0) + 1 FROM answers WHERE exercise_id = ?",
                                (ex_id,)).fetchone()
            conn.execute("INSERT INTO answers (exercise_id, lesson, kind, answer, correct, attempt, recorded_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (ex_id, lesson, kind, answer_json, correct, n, at))
            out.append(n)
        conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise
    return out


def record(exercise_id: str, kind: str, answer, correct: bool | None) -> int:
    """Save one answer now; return its attempt number (1 for the first). Never raises.

    If the journal can't be written, the answer is kept in memory, :func:`status` says why,
    and every pending answer is written on the next call that succeeds.
    """
    path, st = _state()
    lesson = exercise_id.split(".")[0]
    at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    row = (exercise_id, lesson, kind, json.dumps(answer, ensure_ascii=False, sort_keys=True),
           None if correct is None else int(bool(correct)), at)
    rows = st.pending + [row]
    last_exc: BaseException | None = None
    for attempt in range(RETRIES + 1):
        try:
            numbers = _write_pending(_connect(path, st), rows)
            st.pending, st.warning = [], None
            return numbers[-1]
        except (sqlite3.Error, OSError) as exc:
            last_exc = exc
            _drop(st)
            if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                break
            time.sleep(0.05 * (attempt + 1))
    st.pending = rows
    st.warning = _explain(path, last_exc)
    return _memory_attempts(path, st, exercise_id)


def flush() -> int:
    """Try to write answers kept in memory; return how many are still pending."""
    path, st = _state()
    if st.pending:
        try:
            _write_pending(_connect(path, st), st.pending)
            st.pending, st.warning = [], None
        except (sqlite3.Error, OSError) as exc:
            _drop(st)
            st.warning = _explain(path, exc)
    return len(st.pending)


def _read(sql: str, params: tuple = ()) -> list[tuple]:
    """Rows from the journal, or [] (with a warning set) when it can't be read."""
    path, st = _state()
    try:
        return _connect(path, st).execute(sql, params).fetchall()
    except (sqlite3.Error, OSError) as exc:
        _drop(st)
        st.warning = _explain(path, exc)
        return []


def _memory_attempts(path: Path, st: _State, exercise_id: str) -> int:
    saved = _read("SELECT COUNT(*) FROM answers WHERE exercise_id = ?", (exercise_id,))
    n_saved = saved[0][0] if saved else 0
    return n_saved + sum(1 for r in st.pending if r[0] == exercise_id)


def attempts(exercise_id: str) -> int:
    """How many times this exercise has been checked (saved and pending)."""
    path, st = _state()
    return _memory_attempts(path, st, exercise_id)


def last_answer(exercise_id: str):
    """The latest answer to this exercise (as given to ``check``), or None."""
    _, st = _state()
    for row in reversed(st.pending):
        if row[0] == exercise_id:
            return json.loads(row[3])
    rows = _read("SELECT answer FROM answers WHERE exercise_id = ? ORDER BY seq DESC LIMIT 1", (exercise_id,))
    return json.loads(rows[0][0]) if rows else None


def last_record(exercise_id: str) -> dict | None:
    """The latest answer with its correctness and attempt number: {answer, correct, attempt}, or None."""
    path, st = _state()
    for row in reversed(st.pending):
        if row[0] == exercise_id:
            correct = None if row[4] is None else bool(row[4])
            return {"answer": json.loads(row[3]), "correct": correct, "attempt": _memory_attempts(path, st, exercise_id)}
    rows = _read("SELECT answer, correct, attempt FROM answers WHERE exercise_id = ? ORDER BY seq DESC LIMIT 1",
                 (exercise_id,))
    if not rows:
        return None
    answer, correct, attempt = rows[0]
    return {"answer": json.loads(answer), "correct": None if correct is None else bool(correct), "attempt": attempt}


def _all_rows() -> list[tuple]:
    """(exercise_id, lesson, kind, answer_json, correct, attempt) for every saved and pending answer."""
    path, st = _state()
    rows = [tuple(r) for r in _read("SELECT exercise_id, lesson, kind, answer, correct, attempt FROM answers ORDER BY seq")]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[0]] = max(counts.get(r[0], 0), r[5])
    for ex_id, lesson, kind, answer_json, correct, _ in st.pending:
        counts[ex_id] = counts.get(ex_id, 0) + 1
        rows.append((ex_id, lesson, kind, answer_json, correct, counts[ex_id]))
    return rows


def _sort_key(exercise_id: str) -> tuple:
    lesson, _, k = exercise_id.partition(".")
    return (lesson, int(k) if k.isdigit() else 0, exercise_id)


def answers():
    """A DataFrame with the latest answer per exercise: exercise_id, lesson, kind, answer, correct, attempts."""
    import pandas as pd

    latest: dict[str, tuple] = {}
    for r in _all_rows():
        latest[r[0]] = r
    out = [{"exercise_id": ex_id, "lesson": lesson, "kind": kind, "answer": json.loads(answer_json),
            "correct": None if correct is None else bool(correct), "attempts": attempt}
           for ex_id, lesson, kind, answer_json, correct, attempt in latest.values()]
    out.sort(key=lambda d: _sort_key(d["exercise_id"]))
    columns = ["exercise_id", "lesson", "kind", "answer", "correct", "attempts"]
    frame = pd.DataFrame(out, columns=columns)
    frame["correct"] = frame["correct"].astype(object)
    return frame


def history(exercise_id: str | None = None):
    """Every attempt (no times): exercise_id, attempt, answer, correct; for one exercise or all."""
    import pandas as pd

    rows = [r for r in _all_rows() if exercise_id is None or r[0] == exercise_id]
    out = [{"exercise_id": r[0], "attempt": r[5], "answer": json.loads(r[3]),
            "correct": None if r[4] is None else bool(r[4])} for r in rows]
    frame = pd.DataFrame(out, columns=["exercise_id", "attempt", "answer", "correct"])
    frame["correct"] = frame["correct"].astype(object)
    return frame


def status() -> str | None:
    """None when the journal works, else a warning to show (it never names a full path)."""
    return _state()[1].warning


def _forget() -> None:
    """Close connections and forget pending answers (for tests)."""
    for st in _STATES.values():
        _drop(st)
    _STATES.clear()

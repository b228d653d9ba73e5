"""The student's journal: every check and every reflection, saved the moment it is made.

SQLite in WAL mode at ``my_work/answers.sqlite`` beside the course (the same file whichever
folder of the course a notebook runs from; see :mod:`helpers.paths`); the environment
variable ``RR_JOURNAL`` names another file. Writes use ``BEGIN IMMEDIATE`` with a busy timeout
and retries, so two notebooks open at once lose nothing.

The record stays true, and no answer is silently lost:

- The file says what it is: ``PRAGMA application_id`` holds :data:`APPLICATION_ID` and a
  ``meta`` table holds the schema version, the course version and when it was created. A
  journal of an older schema is upgraded in place; a journal of a newer schema, or another
  SQLite database at that path, is refused and never written into.
- Before each use the file at the path is compared with the one the connection opened
  (device, inode, SQLite header). When it was deleted, replaced or overwritten, the
  connection moves to the file now at the path and this session's answers, which this process
  keeps in memory, are written into it again (each at most once).
- When the journal can't be written (busy, damaged, unwritable, disk full, refused), answers
  are kept in memory, :func:`status` says why (naming no full path), and they are written on
  the next save that works. Reads return what can be read plus what is in memory.
- ``my_work/`` (and any folder the journal makes) is 0700 and the journal with its
  ``-wal``/``-shm`` files 0600 whatever the umask, so on a shared machine answers stay private.

Two rules keep kernels from harming each other's writes. The journal's files are never opened
and closed just to look at them while connected: closing any descriptor of a file drops every
POSIX lock the process holds on it, SQLite's included, and another kernel could then delete a
WAL still in use. Descriptors are opened with the connection and closed after it. And kernels
(re)open the journal one at a time (a flock on its folder), so after a deletion none removes
another's new ``-wal``/``-shm``. Not detected: bytes overwritten in place beyond the header.

>>> attempt = record("00.1", "choice", "hrw-2016", True, version="3f2a")   # doctest: +SKIP
>>> last_record("00.1")                                                    # doctest: +SKIP
{'answer': 'hrw-2016', 'correct': True, 'attempt': 1, 'version': '3f2a'}
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import time
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: opening is then not serialized between kernels
    fcntl = None

__all__ = ["record", "last_record", "last_answer", "attempts", "answers", "history", "meta", "status",
           "student_name", "set_student_name",
           "flush", "journal_path"]

from helpers import paths

BUSY_TIMEOUT_S = 2.0   # how long one statement waits for another kernel's write
RETRIES = 2            # further tries of a whole write after "database is locked"
SCHEMA_VERSION = 2     # 1: the first journals (no meta table, no version column)
APPLICATION_ID = int.from_bytes(b"RRjn", "big")  # PRAGMA application_id: "this is a Reading Rehabilitation journal"
SQLITE_MAGIC = b"SQLite format 3\x00"
FIRST_COLUMNS = {"exercise_id", "lesson", "kind", "answer", "correct", "attempt", "recorded_at"}  # schema 1

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS answers (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        exercise_id TEXT    NOT NULL,
        lesson      TEXT    NOT NULL,
        kind        TEXT    NOT NULL,
        answer      TEXT    NOT NULL,   -- JSON: stable option keys, numbers, text
        correct     INTEGER,            -- 1, 0, or NULL when there is no single right answer
        attempt     INTEGER NOT NULL,
        recorded_at TEXT    NOT NULL,   -- UTC, ISO 8601; never shown in a notebook
        version     TEXT                -- the version of the exercise answered (NULL before schema 2)
    )""",
    "CREATE INDEX IF NOT EXISTS answers_by_exercise ON answers (exercise_id, seq)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

# One answer as this process holds it: (exercise_id, lesson, kind, answer_json, correct, version, recorded_at).
# recorded_at (to the microsecond) with exercise_id and answer identifies a row when it is written again.
Row = tuple


class Refused(Exception):
    """The file at the journal's path is not one this course may write into: ``what`` is "newer" or "foreign"."""

    def __init__(self, message: str, what: str):
        super().__init__(message)
        self.what = what


@dataclass
class _State:
    """What this process knows about one journal path."""

    pid: int
    conn: sqlite3.Connection | None = None
    fd: int | None = None          # a read-only descriptor of that file, for its header (see _header_ok)
    ident: tuple | None = None     # (st_dev, st_ino) of the file the connection opened
    sides: dict = field(default_factory=dict)  # "-wal"/"-shm" -> a read-only descriptor while connected
    stale: dict = field(default_factory=dict)  # the same, of a file deleted or replaced (see _open)
    file: tuple | None = None      # (st_dev, st_ino) of the last file connected to, kept across reconnections
    session: list = field(default_factory=list)  # rows written by this process into the connected file
    rewrite: list = field(default_factory=list)  # rows written into an earlier file: write again if missing
    pending: list = field(default_factory=list)  # rows never written
    refused: tuple | None = None   # (_stamp, Refused) of a file found newer or foreign
    moved: str | None = None       # "deleted or replaced" / "overwritten": say so once rows are saved again
    error: str | None = None       # why the journal can't be used now
    notice: str | None = None      # the journal was deleted or replaced (kept for the session)
    name: str | None = None        # the student's name, given in this session (saved in meta "student")


_STATES: dict[Path, _State] = {}
_INHERITED: list = []  # connections a forked process got from its parent: never closed here (closing
                       # one could checkpoint and delete the WAL the parent is still using)


def journal_path() -> Path:
    """``$RR_JOURNAL`` if set, else ``my_work/answers.sqlite`` in the course copy in use."""
    env = os.environ.get("RR_JOURNAL")
    return Path(env) if env else paths.work_dir() / "answers.sqlite"


def course_version() -> str:
    """The course's version from its pyproject.toml, or "unknown"."""
    return _version_at(paths.course_root())


@functools.lru_cache(maxsize=8)
def _version_at(root: Path) -> str:
    try:
        return str(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"


def _display_name(path: Path) -> str:
    """A path-free name for warnings: relative to the course when inside it, else the file name."""
    try:
        return path.resolve().relative_to(paths.course_root()).as_posix()
    except (ValueError, OSError):
        return path.name


def _state() -> tuple[Path, _State]:
    path = journal_path()
    st = _STATES.get(path)
    if st is None or st.pid != os.getpid():  # a forked process must not share the parent's connection
        if st is not None:
            _INHERITED.append((st.conn, st.fd, st.sides, st.stale))
        st = _STATES[path] = _State(pid=os.getpid())
    return path, st


# ---------------------------------------------------------------- the file and its identity

def _stat_id(path: Path) -> tuple | None:
    """(st_dev, st_ino) of the file at ``path``, or None when there is none."""
    try:
        s = os.stat(path)
    except OSError:
        return None
    return (s.st_dev, s.st_ino)


def _stamp(path: Path) -> tuple | None:
    """(st_dev, st_ino, size, mtime) of the file at ``path``: unchanged means the same refused file."""
    try:
        s = os.stat(path)
    except OSError:
        return None
    return (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)


def _header_ok(fd: int) -> bool:
    """False when the journal's first bytes are no longer SQLite's or carry another program's application_id.

    Random bytes or another database written over the open journal: SQLite itself would not
    notice while its pages are cached. The descriptor stays open as long as the connection:
    closing any descriptor of a file drops every POSIX lock the process holds on it,
    SQLite's included, so the file is never opened and closed again just to look at it.
    """
    try:
        head = os.pread(fd, 72, 0) if hasattr(os, "pread") else (os.lseek(fd, 0, 0), os.read(fd, 72))[1]
    except OSError:
        return False
    if len(head) >= 16 and head[:16] != SQLITE_MAGIC:
        return False
    return len(head) < 72 or int.from_bytes(head[68:72], "big", signed=True) in (0, APPLICATION_ID)


def _create_private(path: Path) -> None:
    """Make the folders (0700) and an empty journal file (0600) if missing, whatever the umask."""
    paths.make_private_dirs(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return
    os.chmod(path, 0o600)  # os.open's mode is filtered by the umask


@contextlib.contextmanager
def _opening(path: Path):
    """Hold an exclusive flock on the journal's folder while this kernel (re)opens the journal.

    After the journal was deleted or replaced, kernels reopening it at the same moment could
    remove each other's new -wal/-shm; one at a time, each finds the others' files in place.
    flock locks are apart from SQLite's POSIX locks, and the folder is never the journal itself.
    Waits at most a few seconds: a lesson never hangs on it.
    """
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        fd = None
    try:
        deadline = time.monotonic() + 3 * BUSY_TIMEOUT_S
        while fd is not None and fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            except OSError:
                break
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the flock


def _tighten(path: Path) -> None:
    """Make our own journal and its -wal/-shm 0600 (SQLite gives -wal/-shm the journal's mode)."""
    if os.name != "posix":
        return
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            s = os.stat(p)
            if s.st_mode & 0o077 and s.st_uid == os.geteuid():
                os.chmod(p, 0o600)
        except OSError:
            pass


# ---------------------------------------------------------------- opening: inspect, refuse, upgrade

def _inspect(conn: sqlite3.Connection) -> tuple[str, dict]:
    """What the database is: "fresh", "current", "old" (upgrade it), "newer" or "foreign"; and its meta."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app not in (0, APPLICATION_ID):
        return "foreign", {}
    if not tables:
        return "fresh", {}
    columns = {r[1] for r in conn.execute("PRAGMA table_info(answers)")}
    found = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
    if app == 0 and not (FIRST_COLUMNS <= columns and ("meta" not in tables or "schema_version" in found)):
        return "foreign", {}
    try:
        version = int(found.get("schema_version", 1))
    except ValueError:
        return "foreign", found
    if version > SCHEMA_VERSION:
        return "newer", found
    if version < SCHEMA_VERSION or "version" not in columns or app != APPLICATION_ID:
        return "old", found
    return "current", found


def _refusal(path: Path, what: str, found: dict) -> Refused:
    name = _display_name(path)
    if what == "newer":
        why = (f"The journal {name} was made by a newer version of the course (journal format "
               f"{found.get('schema_version')}; this course writes format {SCHEMA_VERSION}), so it is left untouched.")
        ask = "ask your instructor to update your copy of the course"
    else:
        why = f"The file {name} is not a Reading Rehabilitation journal (it is another database), so it is left untouched."
        ask = "ask your instructor to move that file aside"
    return Refused(f"{why} Your answers are kept in memory for this session only: {ask}, and they are saved "
                   "into a journal as soon as one can be written there.", what)


def _upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Create or upgrade the schema in place, keeping every row, and record the course version."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        what, found = _inspect(conn)  # again, inside the write lock: another kernel may have done it
        if what in ("newer", "foreign"):
            raise _refusal(path, what, found)
        if what != "current" or found.get("course_version") != course_version():
            for statement in SCHEMA:
                conn.execute(statement)
            if "version" not in {r[1] for r in conn.execute("PRAGMA table_info(answers)")}:
                conn.execute("ALTER TABLE answers ADD COLUMN version TEXT")
            first = conn.execute("SELECT MIN(recorded_at) FROM answers").fetchone()[0]
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [
                ("schema_version", str(SCHEMA_VERSION)), ("course_version", course_version()),
                ("created", found.get("created") or first or _now())])
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _open(path: Path, st: _State) -> sqlite3.Connection:
    """The connection to the journal at ``path``: created, checked and upgraded when first opened."""
    if st.conn is not None:
        return st.conn
    if st.refused is not None and st.refused[0] == _stamp(path):
        raise Refused(str(st.refused[1]), st.refused[1].what)  # the same refused file: don't open it again
    paths.make_private_dirs(path.parent)
    with _opening(path):
        _remove_stale_sides(path, st)
        _create_private(path)
        return _connect(path, st)


def _remove_stale_sides(path: Path, st: _State) -> None:
    """Remove the -wal and -shm of the file that was deleted or replaced, if they are still at the path.

    Left there, the new journal would be read through the old file's WAL index. They are known
    by descriptors held since the old file was opened: an inode number is reused as soon as the
    last descriptor closes, so another kernel's new -wal could carry the old one's number. When
    there is no journal at all, any -wal or -shm at the path is a deleted journal's.
    """
    if not os.path.exists(path):
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")
    for suffix, fd in st.stale.items():
        held = os.fstat(fd)
        if _stat_id(Path(f"{path}{suffix}")) == (held.st_dev, held.st_ino):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")
        _close(None, fd)
    st.stale = {}


def _connect(path: Path, st: _State) -> sqlite3.Connection:
    """Connect, refuse a newer or foreign file before writing anything, switch to WAL, upgrade."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        what, found = _inspect(conn)  # before any write: a refused file is never written into
        if what in ("newer", "foreign"):
            raise _refusal(path, what, found)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # durable against a crashed or killed kernel
        if what != "current" or found.get("course_version") != course_version():
            _upgrade(conn, path)
        _tighten(path)
        fd = os.open(path, os.O_RDONLY)
    except Refused as exc:
        conn.close()
        st.refused = (_stamp(path), exc)
        raise
    except BaseException:
        conn.close()
        raise
    opened = os.fstat(fd)
    st.conn, st.fd, st.ident, st.refused = conn, fd, (opened.st_dev, opened.st_ino), None
    st.sides = {}
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            st.sides[suffix] = os.open(f"{path}{suffix}", os.O_RDONLY)
    if st.file is not None and st.file != st.ident:
        st.moved = "deleted or replaced"
    st.file = st.ident
    return conn


def _drop(st: _State, replaced: bool = False) -> None:
    """Close the connection; this session's rows are then written again (if missing) on the next save.

    When the file was deleted or replaced, the descriptors of its -wal and -shm are kept until
    the next open removes them (see :func:`_remove_stale_sides`).
    """
    if replaced:  # an older file's leftovers, if any, are given up for this one's
        _close(st.conn, st.fd, *st.stale.values())
        st.stale = st.sides
    else:
        _close(st.conn, st.fd, *st.sides.values())
    st.conn, st.fd, st.ident, st.sides = None, None, None, {}
    st.rewrite, st.session = st.rewrite + st.session, []


def _close(conn: sqlite3.Connection | None, *fds: int | None) -> None:
    """Close the connection, then the descriptors (not before: that would drop SQLite's locks)."""
    if conn is not None:
        try:
            conn.close()
        except sqlite3.Error:
            pass
    for fd in fds:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


def _check_file(path: Path, st: _State) -> None:
    """Drop the connection when the file at the path is not the one it opened (deleted, replaced, damaged)."""
    if st.conn is None:
        return
    now = _stat_id(path)
    if now == st.ident and _header_ok(st.fd):
        return
    replaced = now != st.ident
    _drop(st, replaced)
    # An inode number can be reused once the old file is closed, so the change is noted now.
    st.moved = "deleted or replaced" if replaced else "overwritten"


# ---------------------------------------------------------------- writing

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _write_rows(conn: sqlite3.Connection, rewrite: list[Row], pending: list[Row]) -> list[int]:
    """In one IMMEDIATE transaction, write the rewrite rows the file lacks, then the pending rows.

    Returns the attempt numbers given to the pending rows.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        have = {ex_id: set(conn.execute("SELECT recorded_at, answer FROM answers WHERE exercise_id = ?", (ex_id,)))
                for ex_id in {r[0] for r in rewrite}}
        rows = [r for r in rewrite if (r[6], r[3]) not in have[r[0]]] + pending
        numbers = []
        for ex_id, lesson, kind, answer_json, correct, version, at in rows:
            (n,) = conn.execute("SELECT COALESCE(MAX(attempt), 0) + 1 FROM answers WHERE exercise_id = ?",
                                (ex_id,)).fetchone()
            conn.execute("INSERT INTO answers (exercise_id, lesson, kind, answer, correct, attempt, recorded_at, version) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (ex_id, lesson, kind, answer_json, correct, n, at, version))
            numbers.append(n)
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return numbers[len(numbers) - len(pending):]


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _explain(path: Path, exc: BaseException, st: _State) -> str:
    """The warning for a journal that can't be used: what is wrong, in words, without a full path."""
    if isinstance(exc, Refused):
        return str(exc)
    name, text = _display_name(path), str(exc).lower()
    errno = getattr(exc, "errno", None)
    if _is_busy(exc):
        why = f"the journal {name} is busy (another notebook or program is writing to it)"
    elif "full" in text or errno in (28, 122):  # ENOSPC, EDQUOT
        why = f"the disk that holds the journal {name} is full"
    elif isinstance(exc, sqlite3.DatabaseError) and any(w in text for w in ("not a database", "malformed", "corrupt")):
        why = (f"the journal {name} is damaged (it is not a readable SQLite database); your instructor can "
               "move it aside, and a new journal is started")
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        why = f"the journal {name} cannot be created here (a file stands where its folder should be)"
    elif isinstance(exc, PermissionError) or "readonly" in text or errno == 30:  # EROFS
        why = f"the journal {name} cannot be written here (its folder or the file is read-only)"
    elif isinstance(exc, OSError):
        why = f"the journal {name} cannot be written here (its folder is missing or not writable)"
    else:
        why = f"the journal {name} could not be written ({exc})"  # SQLite's messages name no path
    held = len(st.pending) + len(st.rewrite)
    return (f"Your answers could not be saved: {why}. This session's unsaved answers ({held}) are kept in memory "
            "and will be saved as soon as the journal can be written again; if this message stays, tell your instructor.")


def _save(path: Path, st: _State) -> list[int]:
    """Write every answer this process holds unsaved; raise when the journal can't be written."""
    _check_file(path, st)
    conn = _open(path, st)
    if st.moved == "overwritten" and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise sqlite3.DatabaseError("database disk image is malformed")
    numbers = _write_rows(conn, st.rewrite, st.pending) if st.rewrite or st.pending else []
    st.session += st.rewrite + st.pending
    st.rewrite, st.pending, st.error = [], [], None
    if st.moved:
        where = "into it again" if st.moved == "overwritten" else "into the new file"
        st.notice = (f"The journal {_display_name(path)} was {st.moved} while this notebook was open: this "
                     f"session's answers ({len(st.session)}) were saved {where}. Answers saved before this "
                     "session may be missing from it (unless it is a copy of the old journal).")
        st.moved = None
    return numbers


def _try_save(path: Path, st: _State) -> list[int] | None:
    """:func:`_save` with retries while another kernel writes; on failure set the warning, return None."""
    for attempt in range(RETRIES + 1):
        try:
            return _save(path, st)
        except (Refused, sqlite3.Error, OSError) as exc:
            busy = _is_busy(exc)
            if not busy:
                _drop(st)
            if not busy or attempt == RETRIES:
                st.error = _explain(path, exc, st)
                return None
            time.sleep(0.05 * (attempt + 1))
    return None


def record(exercise_id: str, kind: str, answer, correct: bool | None, version: str | None = None) -> int:
    """Save one answer now; return its attempt number (1 for the first). Never raises.

    ``answer`` is any JSON-able value (choices are stored by their stable option keys);
    ``version`` is the version of the exercise that was answered. If the journal can't be
    written, the answer is kept in memory, :func:`status` says why, and every unsaved answer is
    written on the next save that works.
    """
    path, st = _state()
    try:
        exercise_id = str(exercise_id)
        st.pending.append((exercise_id, exercise_id.split(".")[0], str(kind),
                           json.dumps(answer, ensure_ascii=False, sort_keys=True, default=str),
                           None if correct is None else int(bool(correct)),
                           None if version is None else str(version), _now()))
        numbers = _try_save(path, st)
        return numbers[-1] if numbers else attempts(exercise_id, save=False)
    except Exception as exc:  # never stop a lesson
        st.error = f"Your answer could not be saved ({type(exc).__name__}); tell your instructor."
        return sum(1 for r in st.session + st.rewrite + st.pending if r[0] == exercise_id)


def flush() -> int:
    """Try to write answers kept in memory; return how many are still unsaved."""
    path, st = _state()
    if st.pending or st.rewrite:
        _try_save(path, st)
    return len(st.pending) + len(st.rewrite)


# ---------------------------------------------------------------- reading

def _file_rows(path: Path, st: _State, exercise_id: str | None) -> list[tuple]:
    """Rows of the file (with their attempt numbers), as many as can be read; a failure sets the warning."""
    try:
        _check_file(path, st)
        conn = _open(path, st)
        where, params = ("WHERE exercise_id = ?", (exercise_id,)) if exercise_id is not None else ("", ())
        cursor = conn.execute("SELECT exercise_id, lesson, kind, answer, correct, version, recorded_at, attempt "
                              f"FROM answers {where} ORDER BY seq", params)
    except (Refused, sqlite3.Error, OSError) as exc:
        if not _is_busy(exc):
            _drop(st)
        st.error = _explain(path, exc, st)
        return []
    rows = []
    try:
        for row in cursor:  # one by one: a damaged page stops the scan, the rows before it are kept
            rows.append(row)
    except sqlite3.Error as exc:
        st.error = _explain(path, exc, st)
        return rows
    if not (st.pending or st.rewrite):
        st.error = None
    return rows


def _rows(exercise_id: str | None = None, save: bool = True) -> list[tuple]:
    """Every answer, saved or in memory: (exercise_id, lesson, kind, answer_json, correct, version, at, attempt)."""
    path, st = _state()
    _check_file(path, st)  # a deleted or replaced file: this session's rows are then written again
    if save and (st.pending or st.rewrite):
        _try_save(path, st)  # the journal may work again
    rows = _file_rows(path, st, exercise_id)
    seen = {(r[0], r[6], r[3]) for r in rows}
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[0]] = max(counts.get(r[0], 0), r[7])
    for r in st.session + st.rewrite + st.pending:  # what the file lost or never got
        if (exercise_id is None or r[0] == exercise_id) and (r[0], r[6], r[3]) not in seen:
            counts[r[0]] = counts.get(r[0], 0) + 1
            rows.append(tuple(r) + (counts[r[0]],))
    return rows


def _correct(value) -> bool | None:
    return None if value is None else bool(value)


def attempts(exercise_id: str, save: bool = True) -> int:
    """How many times this exercise has been checked (saved and kept in memory)."""
    return max((r[7] for r in _rows(exercise_id, save)), default=0)


def last_record(exercise_id: str) -> dict | None:
    """The latest answer: {answer, correct, attempt, version}, or None."""
    rows = _rows(exercise_id)
    if not rows:
        return None
    r = rows[-1]
    return {"answer": json.loads(r[3]), "correct": _correct(r[4]), "attempt": r[7], "version": r[5]}


def last_answer(exercise_id: str):
    """The latest answer to this exercise (as stored by ``record``), or None."""
    rec = last_record(exercise_id)
    return None if rec is None else rec["answer"]


def _sort_key(exercise_id: str) -> tuple:
    lesson, _, k = exercise_id.partition(".")
    return (lesson, int(k) if k.isdigit() else 0, exercise_id)


def answers():
    """A DataFrame with the latest answer per exercise: exercise_id, lesson, kind, answer, correct, attempts, version."""
    latest = {r[0]: r for r in _rows()}
    out = [{"exercise_id": r[0], "lesson": r[1], "kind": r[2], "answer": json.loads(r[3]),
            "correct": _correct(r[4]), "attempts": r[7], "version": r[5]} for r in latest.values()]
    out.sort(key=lambda d: _sort_key(d["exercise_id"]))
    return _frame(out, ["exercise_id", "lesson", "kind", "answer", "correct", "attempts", "version"])


def history(exercise_id: str | None = None):
    """Every attempt (no times): exercise_id, attempt, answer, correct, version; for one exercise or all."""
    out = [{"exercise_id": r[0], "attempt": r[7], "answer": json.loads(r[3]), "correct": _correct(r[4]),
            "version": r[5]} for r in _rows(exercise_id)]
    return _frame(out, ["exercise_id", "attempt", "answer", "correct", "version"])


def _frame(out: list[dict], columns: list[str]):
    """A DataFrame in which correct and version keep None (pandas would make it NaN)."""
    import pandas as pd

    frame = pd.DataFrame(out, columns=columns)
    for name in ("correct", "version"):
        frame[name] = pd.Series([d[name] for d in out], index=frame.index, dtype=object)
    return frame


def meta() -> dict:
    """The journal's meta table: {schema_version (int), course_version, created}; {} when unreadable.

    A journal of a newer course is read (read-only, never written) so its meta can be shown.
    """
    path, st = _state()
    try:
        _check_file(path, st)
        conn = _open(path, st)
        found = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except Refused as exc:
        if exc.what != "newer":
            return {}
        try:
            ro = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                found = dict(ro.execute("SELECT key, value FROM meta").fetchall())
            finally:
                ro.close()
        except sqlite3.Error:
            return {}
    except (sqlite3.Error, OSError) as exc:
        st.error = _explain(path, exc, st)
        return {}
    if "schema_version" in found:
        try:
            found["schema_version"] = int(found["schema_version"])
        except ValueError:
            pass
    return found


def set_student_name(name: str) -> str:
    """Keep the student's name in the journal (meta "student"), so the dossier says whose work it is.

    Asked once (lesson 00), kept for good; if the journal can't be written the name is kept for this
    session and :func:`status` says why. Returns the name as saved (white space tidied).
    """
    name = " ".join(str(name).split())
    if not name:
        raise ValueError("expected your name, found nothing: type it in quotes, as in my_name(\"Ada Lovelace\")")
    path, st = _state()
    st.name = name
    try:
        _check_file(path, st)
        _open(path, st).execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('student', ?)", (name,))
    except (Refused, sqlite3.Error, OSError) as exc:
        if not _is_busy(exc):
            _drop(st)
        st.error = _explain(path, exc, st)
    return name


def student_name() -> str | None:
    """Whose journal this is: the name the student gave (:func:`set_student_name`), else the hub user
    running this server ($JUPYTERHUB_USER), else None."""
    _, st = _state()
    return meta().get("student") or st.name or os.environ.get("JUPYTERHUB_USER") or None


def status() -> str | None:
    """None when the journal works, else a warning to show (it never names a full path)."""
    _, st = _state()
    text = " ".join(t for t in (st.error, st.notice) if t)
    return text or None


def _forget() -> None:
    """Close connections and forget unsaved answers (for tests)."""
    for st in _STATES.values():
        if st.pid != os.getpid():
            _INHERITED.append((st.conn, st.fd, st.sides, st.stale))
        else:
            _close(st.conn, st.fd, *st.sides.values(), *st.stale.values())
    _STATES.clear()

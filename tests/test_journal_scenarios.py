"""The journal stays true when its file goes wrong: each scenario ends with its own warning and no lost answer.

Scenarios from issue 11 (item 7) and issue 16 (item 4): an old schema upgraded in place; a newer
schema or a foreign database refused and never written into; the file deleted, replaced or
damaged while a kernel is open; an unwritable place, a full disk, a locked file; a damaged file
read; private modes whatever the umask. Failure paths are made the way TOOLING.md says works
as root (a path under a regular file, random bytes, a monkeypatched write).
"""
from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from helpers import journal

# One phrase per kind of warning: each scenario's warning holds its own phrase and no other.
PHRASES = {
    "busy": "is busy",
    "damaged": "is damaged",
    "unwritable": "a file stands where its folder should be",
    "read-only": "is read-only",
    "full": "is full",
    "newer": "was made by a newer version of the course",
    "foreign": "is not a Reading Rehabilitation journal",
    "replaced": "was deleted or replaced",
    "overwritten": "was overwritten",
}

SCHEMA_1 = """
CREATE TABLE answers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, exercise_id TEXT NOT NULL, lesson TEXT NOT NULL,
    kind TEXT NOT NULL, answer TEXT NOT NULL, correct INTEGER, attempt INTEGER NOT NULL,
    recorded_at TEXT NOT NULL);
CREATE INDEX answers_by_exercise ON answers (exercise_id, seq);
"""

WRITER = """
import sys
from helpers import journal
for i in range(int(sys.argv[1])):
    journal.record(sys.argv[2], "reflect", sys.argv[3] * int(sys.argv[4]) + str(i), None)
    if journal.status() is not None:
        print("WARNING", journal.status(), flush=True)
"""


def _warned(kind: str, tmp_path: Path) -> str:
    """The current warning: it holds the phrase of ``kind`` and of no other kind, and no full path."""
    warning = journal.status()
    assert warning, f"no warning for {kind}"
    assert PHRASES[kind] in warning, warning
    assert not [k for k, p in PHRASES.items() if k != kind and p in warning], warning
    assert str(tmp_path) not in warning and "/tmp" not in warning
    return warning


def _saved(path: Path, exercise_id: str | None = None) -> list[tuple]:
    """(exercise_id, attempt, answer) of every row in the file, read with a connection of the test's own."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sql = "SELECT exercise_id, attempt, answer FROM answers" + (" WHERE exercise_id = ?" if exercise_id else "")
        return conn.execute(sql + " ORDER BY seq", (exercise_id,) if exercise_id else ()).fetchall()
    finally:
        conn.close()


def _rows_seen_by_this_process(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    except sqlite3.OperationalError:  # not made yet
        return 0
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _schema_1_journal(path: Path, rows: list[tuple]) -> None:
    """A journal as the first version of the course wrote it: no meta table, no version column."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(SCHEMA_1)
    conn.executemany("INSERT INTO answers (exercise_id, lesson, kind, answer, correct, attempt, recorded_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()


OLD_ROWS = [("01.1", "01", "choice", "2", 0, 1, "2026-11-30T10:00:00.000+00:00"),
            ("01.1", "01", "choice", "1", 1, 2, "2026-11-30T10:01:00.000+00:00"),
            ("01.2", "01", "reflect", '"my text"', None, 1, "2026-11-30T10:02:00.000+00:00")]


# ---------------------------------------------------------------- 1. an old schema is upgraded in place

def test_a_schema_1_journal_is_upgraded_in_place_keeping_every_row(journal_file):
    _schema_1_journal(journal_file, OLD_ROWS)
    assert journal.record("01.1", "choice", "secondary", True, version="a1b2") == 3
    assert journal.status() is None
    assert _saved(journal_file) == [("01.1", 1, "2"), ("01.1", 2, "1"), ("01.2", 1, '"my text"'), ("01.1", 3, '"secondary"')]
    assert journal.history("01.1")["version"].tolist() == [None, None, "a1b2"]
    assert journal.last_record("01.2") == {"answer": "my text", "correct": None, "attempt": 1, "version": None}
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]  # the course's, as pyproject says
    assert journal.meta() == {"schema_version": journal.SCHEMA_VERSION, "course_version": version,
                              "created": OLD_ROWS[0][6]}  # the first answer's time: the journal existed then
    with sqlite3.connect(journal_file) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == journal.APPLICATION_ID
        assert "version" in {r[1] for r in conn.execute("PRAGMA table_info(answers)")}


def test_two_kernels_opening_an_old_journal_at_once_upgrade_it_once_and_lose_nothing(journal_file):
    _schema_1_journal(journal_file, OLD_ROWS)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, "200", f"0{n}.9", "x", "3"], stdout=subprocess.PIPE,
                              text=True) for n in (2, 3)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs) and not any("WARNING" in out for out in outs)
    assert len(_saved(journal_file)) == 3 + 400
    assert journal.meta()["schema_version"] == journal.SCHEMA_VERSION


def test_a_fresh_journal_says_what_it_is(journal_file, tmp_path, monkeypatch):
    course = tmp_path / "course"
    course.mkdir()
    (course / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "9.9.9"\n')
    monkeypatch.setenv("RR_COURSE", str(course))
    journal.record("01.1", "choice", "k", True)
    found = journal.meta()
    assert found["schema_version"] == journal.SCHEMA_VERSION and found["course_version"] == "9.9.9"
    assert found["created"].startswith("20")
    with sqlite3.connect(journal_file) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == journal.APPLICATION_ID


def test_the_course_version_is_unknown_without_a_pyproject(tmp_path, monkeypatch):
    monkeypatch.setenv("RR_COURSE", str(tmp_path))
    assert journal.course_version() == "unknown"


def _rows_seen_by_another_process(path: Path) -> int:
    code = f"import sqlite3; print(sqlite3.connect({str(path)!r}).execute('SELECT COUNT(*) FROM answers').fetchone()[0])"
    return int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


@pytest.mark.parametrize("reopen_before_each_write", [False, True], ids=["as-built", "if-the-file-were-reopened"])
def test_a_kernel_that_closes_while_another_writes_takes_nothing_with_it(journal_file, monkeypatch, reopen_before_each_write):
    """Closing any descriptor of the journal drops every POSIX lock this process holds on it, SQLite's
    too; another kernel closing then believes it is the last, and deletes the WAL still in use. So
    the journal never opens and closes the file to check it (the second case shows the loss)."""
    if reopen_before_each_write:
        header_ok = journal._header_ok
        monkeypatch.setattr(journal, "_header_ok", lambda fd: (os.close(os.open(journal_file, os.O_RDONLY)), header_ok(fd))[1])
    journal.record("01.1", "number", 1, True)
    journal.record("01.1", "number", 2, True)
    _rows_seen_by_another_process(journal_file)  # a kernel opens the journal, reads, and ends
    journal.record("01.1", "number", 3, True)
    assert journal.status() is None
    assert _rows_seen_by_another_process(journal_file) == (2 if reopen_before_each_write else 3)


# ---------------------------------------------------------------- 2. newer or foreign: refused, never written into

def _newer_journal(path: Path) -> None:
    _schema_1_journal(path, OLD_ROWS)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(f"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                       f"INSERT INTO meta VALUES ('schema_version', '99'), ('course_version', '7.0'), ('created', 'x');"
                       f"ALTER TABLE answers ADD COLUMN version TEXT; PRAGMA application_id = {journal.APPLICATION_ID};")
    conn.close()


def _foreign_tables(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (x); CREATE TABLE meta (key, value); INSERT INTO notes VALUES ('mine');")
    conn.close()


def _foreign_application_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_1 + "PRAGMA application_id = 12345;")
    conn.close()


@pytest.mark.parametrize("make, kind", [(_newer_journal, "newer"), (_foreign_tables, "foreign"),
                                        (_foreign_application_id, "foreign")],
                         ids=["newer-schema", "other-tables", "other-application-id"])
def test_a_newer_or_foreign_database_is_refused_never_written_and_answers_are_kept(journal_file, tmp_path, make, kind):
    make(journal_file)
    before = _digest(journal_file)
    assert journal.record("02.1", "choice", "a", False) == 1
    assert journal.record("02.1", "choice", "b", True) == 2
    warning = _warned(kind, tmp_path)
    assert "kept in memory for this session" in warning
    assert journal.last_record("02.1") == {"answer": "b", "correct": True, "attempt": 2, "version": None}
    assert list(journal.answers()["exercise_id"]) == ["02.1"]
    assert _digest(journal_file) == before, "the refused file was written into"
    if kind == "newer":
        assert journal.meta()["schema_version"] == 99  # read, never written
    else:
        assert journal.meta() == {}
        assert not Path(f"{journal_file}-wal").exists()  # not even switched to WAL
    # the instructor moves the file aside: the answers kept in memory go into a new journal
    os.replace(journal_file, tmp_path / "moved-aside.sqlite")
    assert journal.flush() == 0 and journal.status() is None
    assert _saved(journal_file) == [("02.1", 1, '"a"'), ("02.1", 2, '"b"')]


# ---------------------------------------------------------------- 3. deleted or replaced while the kernel is open

@pytest.mark.parametrize("also_wal", [False, True], ids=["journal-only", "with-wal-and-shm"])
def test_a_journal_deleted_while_open_gets_this_sessions_answers_again(journal_file, tmp_path, also_wal):
    journal.record("03.1", "choice", "a", False)
    journal.record("03.2", "number", 8, True)
    for suffix in ("", "-wal", "-shm") if also_wal else ("",):
        Path(f"{journal_file}{suffix}").unlink(missing_ok=True)
    assert journal.record("03.1", "choice", "b", True) == 2
    warning = _warned("replaced", tmp_path)
    assert "saved into the new file" in warning
    assert _saved(journal_file) == [("03.1", 1, '"a"'), ("03.2", 1, "8"), ("03.1", 2, '"b"')]
    assert stat.S_IMODE(os.stat(journal_file).st_mode) == 0o600
    journal.record("03.3", "number", 1, False)
    assert _warned("replaced", tmp_path)  # the notice stays for the session
    assert len(_saved(journal_file)) == 4


def test_a_deleted_journal_is_noticed_by_a_read_too(journal_file, tmp_path):
    journal.record("03.1", "choice", "a", False)
    journal_file.unlink()
    assert journal.last_answer("03.1") == "a"
    assert _warned("replaced", tmp_path)
    assert _saved(journal_file) == [("03.1", 1, '"a"')]


SLOW_WRITER = """
import sys, time
from helpers import journal
for i in range(400):
    journal.record("07.1", "number", i, True)
    time.sleep(0.005)
print(journal.status(), flush=True)
"""


@pytest.mark.parametrize("how", ["deleted", "replaced-by-a-copy"])
def test_a_journal_deleted_or_replaced_while_two_kernels_write_loses_nothing(journal_file, tmp_path, how):
    journal.record("01.1", "number", 1, True)
    other = subprocess.Popen([sys.executable, "-c", SLOW_WRITER], stdout=subprocess.PIPE, text=True)
    try:
        while _rows_seen_by_this_process(journal_file) < 100:
            assert other.poll() is None, "the other kernel ended too soon"
            time.sleep(0.01)
        if how == "deleted":
            journal_file.unlink()
        else:
            _copy_with_backup_api(journal_file, tmp_path / "copy.sqlite")
            os.replace(tmp_path / "copy.sqlite", journal_file)
        journal.record("01.1", "number", 2, True)
        out = other.communicate(timeout=120)[0]
    finally:
        if other.poll() is None:
            other.kill()
            other.wait()
    assert PHRASES["replaced"] in out  # each kernel says so
    _warned("replaced", tmp_path)
    rows = _saved(journal_file)
    assert sorted(r[2] for r in rows if r[0] == "07.1") == sorted(str(i) for i in range(400))
    assert [r[2] for r in rows if r[0] == "01.1"] == ["1", "2"]


def _copy_with_backup_api(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()


def test_a_journal_replaced_by_another_gets_this_sessions_answers_once(journal_file, tmp_path):
    other = tmp_path / "from-another-machine.sqlite"
    env = {**os.environ, "RR_JOURNAL": str(other)}
    subprocess.run([sys.executable, "-c", WRITER, "1", "05.1", "y", "2"], check=True, env=env, timeout=60)
    journal.record("03.1", "choice", "a", False)
    journal.record("03.1", "choice", "b", True)
    os.replace(other, journal_file)
    assert journal.record("03.2", "number", 5, True) == 1
    _warned("replaced", tmp_path)
    assert _saved(journal_file) == [("05.1", 1, '"yy0"'), ("03.1", 1, '"a"'), ("03.1", 2, '"b"'), ("03.2", 1, "5")]


def test_a_journal_replaced_by_a_copy_of_itself_gets_no_double_rows(journal_file, tmp_path):
    journal.record("03.1", "choice", "a", False)
    journal.record("03.1", "choice", "b", True)
    copy = tmp_path / "copy.sqlite"
    _copy_with_backup_api(journal_file, copy)
    os.replace(copy, journal_file)
    journal.record("03.2", "number", 5, True)
    _warned("replaced", tmp_path)
    assert _saved(journal_file) == [("03.1", 1, '"a"'), ("03.1", 2, '"b"'), ("03.2", 1, "5")]


def test_a_journal_replaced_by_a_foreign_database_is_refused_and_answers_wait(journal_file, tmp_path):
    journal.record("03.1", "choice", "a", False)
    foreign = tmp_path / "foreign.sqlite"
    _foreign_tables(foreign)
    before = _digest(foreign)
    os.replace(foreign, journal_file)
    journal.record("03.1", "choice", "b", True)
    _warned("foreign", tmp_path)
    assert list(journal.history("03.1")["answer"]) == ["a", "b"]  # this session's answers, from memory
    assert _digest(journal_file) == before
    journal_file.unlink()
    journal.record("03.2", "number", 5, True)
    _warned("replaced", tmp_path)
    assert _saved(journal_file) == [("03.1", 1, '"a"'), ("03.1", 2, '"b"'), ("03.2", 1, "5")]


# ---------------------------------------------------------------- 4. damaged, unwritable, full, locked

def _checkpoint(path: Path) -> None:
    """Move every page from the WAL into the file, as SQLite does after 1,000 pages of writes."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_journal_damaged_while_open_keeps_answers_and_they_return_with_a_new_file(journal_file, tmp_path):
    journal.record("04.1", "choice", "a", False)
    journal.record("04.2", "number", 3, True)
    _checkpoint(journal_file)  # so the pages in the WAL can't mend the file when the connection closes
    journal_file.write_bytes(random.Random(4).randbytes(16384))
    assert journal.record("04.1", "choice", "b", True) == 2
    warning = _warned("damaged", tmp_path)
    assert "kept in memory" in warning
    assert journal.last_record("04.1")["answer"] == "b"
    assert sorted(journal.history()["answer"].astype(str)) == ["3", "a", "b"]
    os.replace(journal_file, tmp_path / "damaged.sqlite")  # the instructor moves it aside
    journal.record("04.3", "number", 1, False)
    _warned("replaced", tmp_path)
    assert _saved(journal_file) == [("04.1", 1, '"a"'), ("04.2", 1, "3"), ("04.1", 2, '"b"'), ("04.3", 1, "1")]


def test_an_unwritable_place_warns_and_pending_answers_are_written_once_it_works(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("a regular file: nothing can be created under it, even as root")
    monkeypatch.setenv("RR_JOURNAL", str(blocker / "answers.sqlite"))
    journal._forget()
    try:
        assert journal.record("04.1", "choice", "a", False) == 1
        assert journal.record("04.1", "choice", "b", True) == 2
        assert "kept in memory" in _warned("unwritable", tmp_path)
        assert journal.last_record("04.1")["attempt"] == 2
        blocker.unlink()
        blocker.mkdir()
        assert journal.flush() == 0 and journal.status() is None
        assert _saved(blocker / "answers.sqlite") == [("04.1", 1, '"a"'), ("04.1", 2, '"b"')]
    finally:
        journal._forget()


def test_a_read_only_place_has_its_own_warning(journal_file, tmp_path, monkeypatch):
    """Root ignores modes, so the refusal a student's server would meet is raised where the file is made."""
    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(journal, "_create_private", refuse)
    assert journal.record("04.1", "choice", "a", False) == 1
    assert "kept in memory" in _warned("read-only", tmp_path)
    monkeypatch.undo()
    monkeypatch.setenv("RR_JOURNAL", str(journal_file))
    assert journal.flush() == 0 and journal.status() is None
    assert _saved(journal_file) == [("04.1", 1, '"a"')]


@pytest.mark.parametrize("error", [sqlite3.OperationalError("database or disk is full"),
                                   OSError(28, "No space left on device")], ids=["sqlite", "os"])
def test_a_full_disk_warns_and_pending_answers_are_written_once_there_is_room(journal_file, tmp_path, monkeypatch, error):
    write = journal._write_rows
    journal.record("04.1", "choice", "a", False)

    def full(*args):
        raise error

    monkeypatch.setattr(journal, "_write_rows", full)
    assert journal.record("04.1", "choice", "b", False) == 2
    assert journal.record("04.2", "number", 7, True) == 1
    assert "kept in memory" in _warned("full", tmp_path)
    assert journal.last_record("04.1") == {"answer": "b", "correct": False, "attempt": 2, "version": None}
    monkeypatch.setattr(journal, "_write_rows", write)
    assert journal.record("04.1", "choice", "c", True) == 3
    assert journal.status() is None
    assert _saved(journal_file) == [("04.1", 1, '"a"'), ("04.1", 2, '"b"'), ("04.2", 1, "7"), ("04.1", 3, '"c"')]


def test_a_locked_journal_has_its_own_warning(journal_file, journal_locked, tmp_path):
    journal.record("04.1", "choice", "a", False)
    with journal_locked():
        assert journal.record("04.1", "choice", "b", True) == 2
        _warned("busy", tmp_path)
    assert journal.record("04.1", "choice", "c", True) == 3 and journal.status() is None
    assert [r[2] for r in _saved(journal_file)] == ['"a"', '"b"', '"c"']


def test_a_journal_overwritten_while_its_pages_are_in_the_wal_is_mended_and_says_so(journal_file, tmp_path):
    journal.record("04.1", "choice", "a", False)
    journal_file.write_bytes(random.Random(4).randbytes(16384))  # closing the connection writes its pages back
    journal.record("04.1", "choice", "b", True)
    assert "saved into it again" in _warned("overwritten", tmp_path)
    assert _saved(journal_file) == [("04.1", 1, '"a"'), ("04.1", 2, '"b"')]


# ---------------------------------------------------------------- 5. reading a damaged journal

def test_reading_a_partly_damaged_journal_returns_what_it_can_and_warns(journal_file, tmp_path):
    subprocess.run([sys.executable, "-c", WRITER, "400", "08.1", "z", "1000"], check=True, timeout=120,
                   env={**os.environ, "RR_JOURNAL": str(journal_file)})
    size = journal_file.stat().st_size
    pages = size // 4096
    with open(journal_file, "r+b") as f:  # random bytes over pages in the middle; the header and schema survive
        f.seek(4096 * (pages * 2 // 5))
        f.write(random.Random(5).randbytes(4096 * (pages // 5)))
    frame = journal.history()
    assert 0 < len(frame) < 400
    assert list(frame["attempt"]) == list(range(1, len(frame) + 1))  # the rows before the damage
    _warned("damaged", tmp_path)
    assert len(journal.answers()) == 1
    journal.last_record("08.1")  # returns what it can, never raises
    n = journal.record("08.2", "number", 4, True)
    assert n == 1 and journal.last_answer("08.2") == 4


def test_reading_a_wholly_damaged_journal_returns_this_sessions_answers_and_warns(journal_file, tmp_path):
    journal_file.write_bytes(random.Random(6).randbytes(8192))
    journal.record("08.1", "choice", "a", False)
    journal.record("08.2", "reflect", "some words", None)
    _warned("damaged", tmp_path)
    assert list(journal.answers()["exercise_id"]) == ["08.1", "08.2"]
    assert journal.last_record("08.2")["answer"] == "some words"
    assert len(journal.history()) == 2
    assert journal.meta() == {}
    _warned("damaged", tmp_path)


# ---------------------------------------------------------------- 6. answers stay private

@pytest.fixture()
def umask():
    """Set the process umask for one test (restored after it)."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o000])
def test_my_work_is_0700_and_the_journal_files_0600_whatever_the_umask(tmp_path, monkeypatch, umask, mask):
    umask(mask)
    course = tmp_path / "course"
    course.mkdir()
    monkeypatch.delenv("RR_JOURNAL", raising=False)
    monkeypatch.setenv("RR_COURSE", str(course))
    journal._forget()
    try:
        journal.record("00.1", "choice", "a", True)
        path = journal.journal_path()
        assert path == course.resolve() / "my_work" / "answers.sqlite"
        assert _mode(course / "my_work") == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert _mode(Path(f"{path}{suffix}")) == 0o600, suffix
    finally:
        journal._forget()


def test_folders_the_journal_makes_are_0700_and_folders_it_finds_keep_their_mode(tmp_path, monkeypatch, umask):
    umask(0o022)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    for where in (shared / "answers.sqlite", shared / "a" / "b" / "answers.sqlite"):
        monkeypatch.setenv("RR_JOURNAL", str(where))
        journal._forget()
        journal.record("00.1", "choice", "a", True)
        assert _mode(where) == 0o600
    journal._forget()
    assert _mode(shared) == 0o755
    assert _mode(shared / "a") == 0o700 and _mode(shared / "a" / "b") == 0o700


def test_an_old_journal_readable_by_others_is_made_private(journal_file, umask):
    umask(0o022)
    _schema_1_journal(journal_file, OLD_ROWS)
    assert _mode(journal_file) == 0o644
    journal.record("01.3", "number", 2, True)
    for suffix in ("", "-wal", "-shm"):
        assert _mode(Path(f"{journal_file}{suffix}")) == 0o600, suffix


# ---------------------------------------------------------------- odds and ends

def test_record_never_raises_on_an_answer_json_cannot_hold(journal_file):
    assert journal.record("09.1", "multi", {1, 2}, False) == 1
    assert journal.status() is None


def test_a_forked_process_starts_its_own_connection(journal_file):
    journal.record("09.1", "number", 1, True)
    pid = os.fork()
    if pid == 0:  # the child writes through a connection of its own, never closing the parent's
        code = 0 if journal.record("09.1", "number", 2, True) == 2 and journal.status() is None else 1
        os._exit(code)
    _, code = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(code) == 0
    assert journal.record("09.1", "number", 3, True) == 3
    assert [r[1] for r in _saved(journal_file)] == [1, 2, 3]

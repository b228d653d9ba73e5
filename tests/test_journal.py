"""The journal: answers saved at once, shared safely between kernels, and a broken journal never stops a lesson.

Failure paths are made the way TOOLING.md says works as root: an unwritable journal lives
under a regular *file*, a corrupt one is random bytes, a killed writer gets kill -9.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bankmaker import exercise_toml
from helpers import journal

ROOT = Path(__file__).resolve().parent.parent


def _count(path: Path, exercise_id: str | None = None) -> int:
    with sqlite3.connect(path) as conn:
        if exercise_id is None:
            return conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        return conn.execute("SELECT COUNT(*) FROM answers WHERE exercise_id = ?", (exercise_id,)).fetchone()[0]


def test_record_returns_attempt_numbers(journal_file):
    assert journal.record("01.1", "choice", 2, False) == 1
    assert journal.record("01.1", "choice", 1, True) == 2
    assert journal.record("01.2", "reflect", "text", None) == 1
    assert journal.attempts("01.1") == 2 and journal.attempts("09.9") == 0
    assert journal.last_answer("01.1") == 1
    assert journal.last_answer("09.9") is None
    assert journal.status() is None


def test_rows_hold_id_lesson_kind_json_answer_correctness_attempt_and_version(journal_file):
    journal.record("03.4", "classify", {"a": "x"}, False, version="v1")
    with sqlite3.connect(journal_file) as conn:
        row = conn.execute("SELECT exercise_id, lesson, kind, answer, correct, attempt, version, recorded_at "
                           "FROM answers").fetchone()
    assert row[:7] == ("03.4", "03", "classify", '{"a": "x"}', 0, 1, "v1")
    assert row[7]  # a timestamp in the database, never in notebook output
    assert journal.last_record("03.4") == {"answer": {"a": "x"}, "correct": False, "attempt": 1, "version": "v1"}
    assert list(journal.history("03.4").columns) == ["exercise_id", "attempt", "answer", "correct", "version"]
    assert journal.history("03.4")["version"].tolist() == ["v1"]


def test_journal_uses_wal(journal_file):
    journal.record("01.1", "choice", 0, False)
    with sqlite3.connect(journal_file) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_path_is_my_work_of_the_course_whichever_folder_runs(monkeypatch):
    monkeypatch.delenv("RR_JOURNAL", raising=False)
    monkeypatch.delenv("RR_COURSE", raising=False)
    monkeypatch.chdir(ROOT)
    assert journal.journal_path() == ROOT / "my_work" / "answers.sqlite"
    monkeypatch.chdir(ROOT / "notebooks")
    assert journal.journal_path() == ROOT / "my_work" / "answers.sqlite"


def test_rr_journal_names_another_file(monkeypatch, tmp_path):
    monkeypatch.setenv("RR_JOURNAL", str(tmp_path / "elsewhere.sqlite"))
    assert journal.journal_path() == tmp_path / "elsewhere.sqlite"


def test_answers_frame_has_latest_answer_per_exercise_and_no_times(journal_file):
    journal.record("02.1", "choice", 0, False)
    journal.record("01.1", "reflect", "first", None)
    journal.record("02.1", "choice", 1, True)
    journal.record("01.10", "number", 5, False)
    journal.record("01.2", "number", 7, True)
    frame = journal.answers()
    assert list(frame.columns) == ["exercise_id", "lesson", "kind", "answer", "correct", "attempts", "version"]
    assert list(frame["exercise_id"]) == ["01.1", "01.2", "01.10", "02.1"]  # lesson, then exercise number
    row = frame.set_index("exercise_id").loc["02.1"]
    assert row["answer"] == 1 and row["correct"] is True and row["attempts"] == 2
    assert frame.set_index("exercise_id").loc["01.1", "correct"] is None
    assert not any("time" in c or "recorded" in c for c in frame.columns)


def test_empty_journal_gives_an_empty_frame(journal_file):
    frame = journal.answers()
    assert frame.empty and "exercise_id" in frame.columns


WRITER = """
import sys
from helpers import journal
n = int(sys.argv[1])
for i in range(n):
    a = journal.record(sys.argv[2], "number", i, i % 2 == 0)
    if journal.status() is not None:
        print("WARNING", journal.status(), flush=True)
    print(a, flush=True)
"""


def test_answers_survive_a_new_process(journal_file):
    subprocess.run([sys.executable, "-c", WRITER, "3", "05.1"], check=True, timeout=60, capture_output=True)
    assert journal.attempts("05.1") == 3 and journal.last_answer("05.1") == 2


def test_two_processes_writing_at_once_lose_nothing(journal_file):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, "1000", "06.1"], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert not any("WARNING" in out for out in outs)
    assert _count(journal_file, "06.1") == 2000
    with sqlite3.connect(journal_file) as conn:
        attempts = [r[0] for r in conn.execute("SELECT attempt FROM answers WHERE exercise_id = '06.1' ORDER BY attempt")]
    assert attempts == list(range(1, 2001))  # every attempt number once: no lost or doubled writes


def test_killing_a_writer_loses_nothing_committed(journal_file):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, "100000", "07.1"], stdout=subprocess.PIPE, text=True)
    committed = 0
    deadline = time.monotonic() + 120
    try:
        while committed < 300 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.strip().isdigit():
                committed = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert committed >= 300, "the writer did not get going"
    with sqlite3.connect(journal_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _count(journal_file, "07.1") >= committed
    assert journal.record("07.1", "number", 1, True) == _count(journal_file, "07.1")  # and the journal still works


def test_read_only_location_keeps_answers_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("a regular file, so nothing can be created under it (this works as root too)")
    monkeypatch.setenv("RR_JOURNAL", str(blocker / "answers.sqlite"))
    try:
        assert journal.record("01.1", "choice", 2, True) == 1
        assert journal.record("01.1", "choice", 3, False) == 2
        warning = journal.status()
        assert warning and "could not be saved" in warning and "kept in memory" in warning
        assert str(tmp_path) not in warning and "/" not in warning.split("journal ")[1].split(" ")[0]
        assert journal.last_answer("01.1") == 3 and journal.attempts("01.1") == 2
        assert list(journal.answers()["answer"]) == [3]
    finally:
        journal._forget()


def test_corrupt_journal_warns_keeps_answers_and_writes_them_when_repaired(journal_file):
    journal_file.write_bytes(os.urandom(8192))
    assert journal.record("01.1", "choice", 2, True) == 1
    assert "damaged" in journal.status()
    assert journal.last_answer("01.1") == 2
    journal_file.unlink()  # the instructor moves the damaged file aside
    assert journal.record("01.2", "choice", 0, False) == 1
    assert journal.status() is None
    assert _count(journal_file) == 2  # the pending answer was written with the new one


def test_locked_journal_retries_pending_writes_on_the_next_save(journal_file, journal_locked):
    journal.record("01.1", "choice", 0, False)
    with journal_locked():
        assert journal.record("01.1", "choice", 1, False) == 2
        assert "busy" in journal.status()
        assert journal.last_answer("01.1") == 1
    assert journal.flush() == 0
    assert journal.status() is None
    assert _count(journal_file, "01.1") == 2
    assert journal.record("01.1", "choice", 2, True) == 3


def test_widget_shows_corrupt_journal_warning_at_once(journal_file, write_bank):
    write_bank(exercise_toml("07.1", "reflect", prompt="Why?", model_answer="Because.", rubric=["Did you say why?"]),
               "07_t.toml")
    journal_file.write_bytes(os.urandom(4096))
    from helpers.widgets import exercise

    box = exercise("07.1")
    assert "damaged" in box.warning.value
    box.controls[0].value = "My reflection"
    box.check_button.click()
    assert "Saved (2 words)" in box.feedback.value
    assert journal.last_answer("07.1") == "My reflection"

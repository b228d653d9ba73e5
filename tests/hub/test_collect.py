"""helpers.collect: every student's journal into <dest>/<student>/answers.sqlite with SQLite's backup
API, read-only on the source, safe while another process is writing, unreadable journals listed.
(The same function runs against the homes of a real hub in test_hub.py.)"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers.collect import backup_journal, collect, find_journals

ROOT = Path(__file__).resolve().parents[2]

WRITER = r"""
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], timeout=5, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("CREATE TABLE IF NOT EXISTS answers (seq INTEGER PRIMARY KEY, txn INTEGER, answer TEXT)")
open(sys.argv[2], "w").close()  # ready
txn = 0
end = time.monotonic() + float(sys.argv[3])
while time.monotonic() < end:
    txn += 1
    con.execute("BEGIN IMMEDIATE")
    for part in range(3):   # three rows per transaction: a torn copy would show a partial one
        con.execute("INSERT INTO answers (txn, answer) VALUES (?, ?)", (txn, "x" * 200))
    con.execute("COMMIT")
print(txn)
"""


def _journal(path: Path, answers: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE answers (seq INTEGER PRIMARY KEY, exercise_id TEXT, answer TEXT)")
    con.executemany("INSERT INTO answers (exercise_id, answer) VALUES ('00.1', ?)", [(a,) for a in answers])
    con.commit()
    con.close()
    return path


def _rows(path: Path) -> list:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT answer FROM answers ORDER BY seq").fetchall()
    finally:
        con.close()


def test_collects_each_students_journal_and_lists_what_it_cannot_read(tmp_path):
    homes = tmp_path / "homes"
    _journal(homes / "ann" / "reading-rehabilitation" / "my_work" / "answers.sqlite", ["ann's"])
    _journal(homes / "ben" / "course" / "my_work" / "answers.sqlite", ["ben's", "ben's again"])
    bad = homes / "cat" / "reading-rehabilitation" / "my_work" / "answers.sqlite"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(os.urandom(4096))
    (homes / "dan" / "reading-rehabilitation").mkdir(parents=True)  # never answered: no journal
    before = {p: p.read_bytes() for p in homes.rglob("*") if p.is_file()}

    result = collect(homes, tmp_path / "class")

    assert sorted(result.copied) == ["ann", "ben"]
    assert [p for p, _ in result.failed] == [bad]
    assert _rows(tmp_path / "class" / "ann" / "answers.sqlite") == [("ann's",)]
    assert _rows(tmp_path / "class" / "ben" / "answers.sqlite") == [("ben's",), ("ben's again",)]
    assert not (tmp_path / "class" / "cat").exists()
    after = {p: p.read_bytes() for p in homes.rglob("*") if p.is_file()}
    assert {p: after[p] for p in before} == before, "collect must not write to a student's journal"
    # Reading any WAL database makes SQLite open its -shm index (and an empty -wal): they get the
    # journal's owner and mode, as if the student's own kernel had opened it; nothing is written in them.
    for extra in set(after) - set(before):
        journal = extra.with_name("answers.sqlite")
        assert extra.name in ("answers.sqlite-wal", "answers.sqlite-shm"), extra
        assert (extra.stat().st_uid, extra.stat().st_mode) == (journal.stat().st_uid, journal.stat().st_mode)
        if extra.name.endswith("-wal"):
            assert after[extra] == b""
    assert sorted(os.listdir(tmp_path / "class" / "ann")) == ["answers.sqlite"]  # one file, no -wal beside it


def test_a_student_with_two_copies_gets_both(tmp_path):
    homes = tmp_path / "homes"
    _journal(homes / "ann" / "a" / "my_work" / "answers.sqlite", ["first"])
    _journal(homes / "ann" / "b" / "my_work" / "answers.sqlite", ["second"])
    assert [p.parent.parent.name for p in find_journals(homes)["ann"]] == ["a", "b"]
    result = collect(homes, tmp_path / "class")
    assert [p.name for p in result.copied["ann"]] == ["answers.sqlite", "answers-2.sqlite"]


def test_backup_while_another_process_writes_is_consistent(tmp_path):
    journal = tmp_path / "home" / "ann" / "course" / "my_work" / "answers.sqlite"
    journal.parent.mkdir(parents=True)
    ready = tmp_path / "ready"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(journal), str(ready), "4"],
                              stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert writer.poll() is None and time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        counts = []
        while writer.poll() is None:
            dest = tmp_path / "class" / f"copy{len(counts)}.sqlite"
            backup_journal(journal, dest)
            con = sqlite3.connect(dest)
            try:
                assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
                per_txn = con.execute("SELECT txn, count(*) FROM answers GROUP BY txn").fetchall()
                assert all(n == 3 for _, n in per_txn), "a copy holds part of a transaction"
                counts.append(len(per_txn))
            finally:
                con.close()
            time.sleep(0.05)
        total = int(writer.communicate(timeout=30)[0])
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert len(counts) >= 3, "too few backups ran while the writer was writing"
    assert counts == sorted(counts) and counts[-1] > counts[0] > 0, counts
    backup_journal(journal, tmp_path / "class" / "final.sqlite")
    con = sqlite3.connect(tmp_path / "class" / "final.sqlite")
    assert con.execute("SELECT count(DISTINCT txn) FROM answers").fetchone()[0] == total
    con.close()


def test_command_line(tmp_path):
    homes = tmp_path / "homes"
    _journal(homes / "ann" / "reading-rehabilitation" / "my_work" / "answers.sqlite", ["ann's"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "helpers.collect", str(homes), str(tmp_path / "class")],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "1 journal(s) of 1 student(s)" in out.stdout and "make class-report JOURNALS=" in out.stdout
    assert _rows(tmp_path / "class" / "ann" / "answers.sqlite") == [("ann's",)]
    missing = subprocess.run([sys.executable, "-m", "helpers.collect", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
    assert missing.returncode == 2 and "not a folder of home folders" in missing.stderr

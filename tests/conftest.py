"""Make the test-side tools (notebook_source, execute_notebooks) importable from tests."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# --- a bank in a temporary course ---
# journal_file: a fresh journal; lessons: an empty lessons folder found through RR_LESSONS;
# write_bank(text, name) and bank_error(text, name) write a bank there (and load it);
# course_copy: a copy of the course (corpus, lessons, notebooks) found through RR_COURSE.
# Bank texts are built with tests/bankmaker.py.
import os
import shutil
import sqlite3
from contextlib import contextmanager

import pytest

COURSE_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def journal_file(tmp_path, monkeypatch):
    """A fresh journal, tmp_path/answers.sqlite (RR_JOURNAL), forgotten before and after the test."""
    from helpers import journal

    path = tmp_path / "answers.sqlite"
    monkeypatch.setenv("RR_JOURNAL", str(path))
    journal._forget()
    yield path
    journal._forget()


@pytest.fixture
def journal_locked(journal_file, monkeypatch):
    """A context manager: inside it another connection holds the journal locked, and the journal
    gives up at once instead of retrying."""
    from helpers import journal

    @contextmanager
    def locked():
        monkeypatch.setattr(journal, "BUSY_TIMEOUT_S", 0.1)
        monkeypatch.setattr(journal, "RETRIES", 0)
        journal._forget()
        other = sqlite3.connect(journal_file, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()

    return locked


@pytest.fixture
def lessons(tmp_path, monkeypatch, journal_file):
    """An empty tmp_path/lessons folder, where check() and the widgets look for banks (RR_LESSONS)."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    monkeypatch.setenv("RR_LESSONS", str(folder))
    return folder


@pytest.fixture
def write_bank(lessons):
    """write_bank(text, name="05_test.toml"): write a bank (lesson 05 unless named) into the temporary
    lessons folder and return its path. Rewriting a file moves its modification time on, so the bank cache sees it."""

    def write(text: str, name: str = "05_test.toml") -> Path:
        path = lessons / name
        existed = path.exists()
        path.write_text(text, encoding="utf-8")
        if existed:
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        return path

    return write


@pytest.fixture
def bank_error(write_bank):
    """bank_error(text, name="05_test.toml"): the BankError that loading this bank raises."""
    from helpers.banks import BankError, load_bank

    def error(text: str, name: str = "05_test.toml") -> BankError:
        path = write_bank(text, name)
        with pytest.raises(BankError) as info:
            load_bank(path)
        return info.value

    return error


@pytest.fixture
def course_copy(tmp_path, monkeypatch, journal_file):
    """A copy of the course's corpus/, lessons/ and notebooks/ in tmp_path/course, used through
    RR_COURSE (RR_LESSONS unset), with a fresh journal."""
    copy = tmp_path / "course"
    for name in ("corpus", "lessons", "notebooks"):
        shutil.copytree(COURSE_ROOT / name, copy / name)
    monkeypatch.setenv("RR_COURSE", str(copy))
    monkeypatch.delenv("RR_LESSONS", raising=False)
    return copy

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

# --- a tiny corpus ---
# Fixtures for tests that read the corpus: the course's own, a copy to break, or a tiny one
# written by hand. A test asks for one by naming it as an argument.
import hashlib  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402

from helpers.corpus import DEFAULT_ROOT, load_corpus  # noqa: E402

# The tiny corpus has two documents, counted by hand in tests/test_text.py's docstring:
# a-1938-01-01 (14 tokens) and b-1956-09-23 (15 tokens).
DOC_A = "Mistakes were made: the Party\u2019s mistake.\n\nEnemies of the\npeople hid in the Party.\n"
DOC_B = "Restore the comrades to membership in the Party.\n\nThe mistakes of 1956 cost 2,500 appeals.\n"

DOCUMENT_TOML = '''id = "{id}"
title = "Test document {id}"
short_title = "Test {id}"
date = "{date}"
kind = "primary"
genre = "resolution"
issuer = "Test issuer"
recipients = "Test recipients"
original_language = "English"
excerpted = false
raw_sha256 = "{sha}"
rights = "Written for the tests."
edition_notes = "Written for the tests."

[translation]
language = ""
translator = ""

[archive]
name = ""
reference = ""

[[provenance]]
date = "{date}"
actor = "Test author"
action = "wrote the test document"
'''


def write_corpus(root, docs=None, lexicon=None):
    """Write a corpus folder at ``root`` (each document's document.toml, raw.txt and edition.txt;
    the date comes from its id) and load it. Without ``docs``: the two documents above."""
    docs = docs if docs is not None else {"a-1938-01-01": DOC_A, "b-1956-09-23": DOC_B}
    for doc_id, text in docs.items():
        folder = root / doc_id
        folder.mkdir(parents=True)
        (folder / "raw.txt").write_text(text, encoding="utf-8")
        (folder / "edition.txt").write_text(text, encoding="utf-8")
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        date = re.search(r"\d{4}-\d{2}-\d{2}", doc_id).group(0)
        (folder / "document.toml").write_text(DOCUMENT_TOML.format(id=doc_id, date=date, sha=sha), encoding="utf-8")
    if lexicon is not None:
        (root / "lexicon.csv").write_text(lexicon, encoding="utf-8")
    return load_corpus(root)


@pytest.fixture
def make_corpus(tmp_path):
    """make_corpus(docs=None, lexicon=None): a corpus written in tmp_path/corpus by write_corpus."""
    return lambda docs=None, lexicon=None: write_corpus(tmp_path / "corpus", docs, lexicon)


@pytest.fixture
def tiny(make_corpus):
    """The tiny corpus of two documents, without a lexicon."""
    return make_corpus()


@pytest.fixture(scope="session")
def corpus():
    """The course's own corpus (corpus/ of this checkout), loaded once: read it, never change it."""
    return load_corpus()


@pytest.fixture
def corpus_copy(tmp_path):
    """A copy of the course's corpus in tmp_path/corpus, to change or break in one way per test."""
    return shutil.copytree(DEFAULT_ROOT, tmp_path / "corpus")


def replace_once(path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file at ``path`` by ``new`` (``old`` must be there); return
    the number of the line it was on."""
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.fixture
def edit():
    """edit(path, old, new): replace the first ``old`` in a file, as an instructor's edit would;
    returns the line the edit is on."""
    return replace_once


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Tell fixtures whether the test failed (item.rr_failed), so the browser and hub tests save
    a screenshot only then."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rr_failed = report.failed

"""Broken instructor files that once slipped through (issue 14, item 2): each gives one clear
error naming the file, the line and the field, never a traceback or a silent acceptance.

Every case edits a copy of the course's own files in a temporary folder. The broken banks of the
same list (deep nesting, `exercise = [1, 2]`, an id ending in a newline, options that differ only in
white space, an invisible prompt) are rows of test_bank_validation.py.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from helpers.banks import BankError, load_bank
from helpers.corpus import DEFAULT_ROOT, CorpusError, load_corpus, load_events
from helpers.text import load_lexicon

COURSE = DEFAULT_ROOT.parent
DOC = "kwp-1956-09-23"
NEW_DOC = "kwp-1956-09-24"  # a document id the course's corpus lacks


def insert_row(path: Path, index: int, row: str) -> None:
    """Insert ``row`` as line ``index + 1`` of a CSV file."""
    lines = path.read_text("utf-8").split("\n")
    lines.insert(index, row)
    path.write_text("\n".join(lines), "utf-8")


def where(e: CorpusError) -> tuple:
    return e.file, e.line, e.field


DEEP = "[" * 100_000 + "]" * 100_000  # nesting that would make tomllib raise RecursionError


@pytest.mark.parametrize("old, new, field, message", [
    ('date = "1956-09-23"', 'date = "1956-09-23\\n"', "date", "expected YYYY-MM-DD or YYYY-MM"),
    ('id = "kwp-1956-09-23"', 'id = "kwp-1956-09-23\\n"', "id", "expected the folder's name"),
    ('short_title = ', f"deep = {DEEP}\nshort_title = ", "deep", "nested a few levels deep"),
    ('excerpted = false', 'excerpted = [1, 2]', "excerpted", "expected true or false, found [1, 2]"),
    ('date = "1956-09-28"', 'date = "1956-09-28\\n"', "provenance[2].date", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_a_broken_document_toml_names_file_line_and_field(corpus_copy, old, new, field, message, edit):
    line = edit(corpus_copy / DOC / "document.toml", old, new)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert where(info.value) == (f"corpus/{DOC}/document.toml", line, field), str(info.value)
    assert message in info.value.detail, str(info.value)


# ---------------------------------------------------------------- CSV fields past the csv module's limit

@pytest.mark.parametrize("name, load, field", [
    ("events.csv", lambda root: load_events(root), "label"),
    ("lexicon.csv", lambda root: load_lexicon(root / "lexicon.csv"), "term"),
])
def test_a_field_over_128_kb_is_a_corpus_error_with_its_line(corpus_copy, name, load, field):
    insert_row(corpus_copy / name, 3, f'x,"{"y" * 200_000}",z')
    with pytest.raises(CorpusError) as info:
        load(corpus_copy)
    assert where(info.value) == (f"corpus/{name}", 4, field) and "128 kB" in info.value.detail, str(info.value)


# ---------------------------------------------------------------- editions and captures

@pytest.mark.parametrize("name, data, line", [
    ("edition.txt", "First paragraph.\n\nSecond.\n".encode("utf-16-le"), 1),
    ("edition.txt", b"First paragraph.\n\nSecond\x00 paragraph.\n", 3),
])
def test_an_edition_in_utf16_or_with_nul_bytes_is_rejected_where_it_is_read(corpus_copy, name, data, line):
    (corpus_copy / DOC / name).write_bytes(data)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert where(info.value) == (f"corpus/{DOC}/{name}", line, None) and "NUL byte" in info.value.detail, str(info.value)


@pytest.mark.parametrize("name, field", [("raw.txt", "raw_sha256"), ("edition.txt", None)])
def test_a_zero_byte_capture_or_edition_is_rejected_even_with_a_matching_hash(corpus_copy, name, field, edit):
    (corpus_copy / DOC / name).write_bytes(b"")
    toml = corpus_copy / DOC / "document.toml"
    text = toml.read_text("utf-8")
    old = next(t for t in text.split("\n") if t.startswith("raw_sha256"))
    raw = (corpus_copy / DOC / "raw.txt").read_bytes()
    edit(toml, old, f'raw_sha256 = "{hashlib.sha256(raw).hexdigest()}"')
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert (info.value.file, info.value.field) == (f"corpus/{DOC}/{name}", field), str(info.value)
    assert "empty file" in info.value.detail


# ---------------------------------------------------------------- lexicon terms and event sources

@pytest.mark.parametrize("term", ["c++", "C#", "[a-z]+", "party, organ", "mis.take"])
def test_a_lexicon_term_outside_the_term_syntax_is_rejected(corpus_copy, term):
    insert_row(corpus_copy / "lexicon.csv", 2, f'test,"{term}",a note')
    with pytest.raises(CorpusError) as info:
        load_lexicon(corpus_copy / "lexicon.csv")
    assert where(info.value) == ("corpus/lexicon.csv", 3, "term") and repr(term) in info.value.detail, str(info.value)


def test_an_event_citing_a_document_the_corpus_lacks_is_rejected(corpus_copy):
    insert_row(corpus_copy / "events.csv", 2, f"1956-09-23,A plenum,{NEW_DOC}")
    with pytest.raises(CorpusError) as info:
        load_events(corpus_copy)
    assert where(info.value) == ("corpus/events.csv", 3, "source") and repr(NEW_DOC) in info.value.detail


# ---------------------------------------------------------------- another copy of the course

@pytest.fixture
def other_copy(course_copy, edit) -> Path:
    """A copy of the course with one more document, kwp-1956-09-24 (the 1956 resolution again)
    that a bank's exercise names: valid there, unknown in the working folder's corpus."""
    shutil.copytree(course_copy / "corpus" / DOC, course_copy / "corpus" / NEW_DOC)
    edit(course_copy / "corpus" / NEW_DOC / "document.toml", f'id = "{DOC}"', f'id = "{NEW_DOC}"')
    edit(next((course_copy / "lessons").glob("04_*.toml")), f'doc = "{DOC}"', f'doc = "{NEW_DOC}"')
    return course_copy


def test_banks_are_checked_against_the_corpus_of_the_course_given(other_copy, monkeypatch):
    from helpers import validate

    monkeypatch.delenv("RR_COURSE", raising=False)
    monkeypatch.chdir(COURSE)
    bank = next((other_copy / "lessons").glob("04_*.toml"))
    with pytest.raises(BankError, match=NEW_DOC):
        load_bank(bank)  # the working folder's corpus lacks it
    there = load_bank(bank, other_copy / "corpus")
    assert any(NEW_DOC in ex.documents for ex in there.exercises.values())
    documents = len(list((COURSE / "corpus").glob("*/document.toml"))) + 1  # the course's, and the new one
    assert validate.run(other_copy)[0].startswith(f"corpus: {documents} documents valid")
    assert validate.main([str(other_copy)]) == 0


def test_the_course_map_names_documents_of_the_course_given(other_copy):
    from helpers.coursemap import lesson_documents

    nb = next((other_copy / "notebooks").glob("04_*.ipynb"))
    text = nb.read_text("utf-8")
    nb.write_text(text.replace(DOC, NEW_DOC, 1), "utf-8")
    docs = lesson_documents(other_copy / "lessons" / f"{nb.stem}.toml", nb, other_copy / "corpus")
    assert NEW_DOC in docs

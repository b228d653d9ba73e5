"""Broken instructor files that once slipped through (issue 14, item 2): each gives one clear
error naming the file, the line and the field, never a traceback or a silent acceptance.

Every case edits a copy of the course's own files in a temporary folder.
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

BANK = '''title = "Test"

[[exercise]]
id = "05.1"
kind = "choice"
doc = "kwp-1956-09-23"
prompt = "Which?"
options = ["a b", "c", "d"]
answer = 1
feedback = ["no", "yes", "no"]
'''


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A copy of the course's corpus/ to break."""
    shutil.copytree(DEFAULT_ROOT, tmp_path / "corpus")
    return tmp_path / "corpus"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def where(e: CorpusError) -> tuple:
    return e.file, e.line, e.field


def bank_error(tmp_path, text: str) -> BankError:
    folder = tmp_path / "lessons"
    folder.mkdir(exist_ok=True)
    (folder / "05_test.toml").write_text(text, "utf-8")
    with pytest.raises(BankError) as info:
        load_bank(folder / "05_test.toml")
    return info.value


# ---------------------------------------------------------------- TOML that tomllib cannot take

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("text, line, field, message", [
    (BANK + f"hints = {DEEP}\n", 11, "hints", "nested a few levels deep"),
    (BANK.replace('title = "Test"', f"title = {DEEP}"), 1, "title", "nested a few levels deep"),
    ("exercise = [1, 2]\n", 1, "exercise", "expected [[exercise]] tables, found 1"),
    ('title = "T"\nexercise = "none"\n', 2, "exercise", "expected at least one [[exercise]] table"),
    (BANK.replace('id = "05.1"', 'id = "05.1\\n"'), 4, "id", "expected an id \"05.k\""),
    (BANK.replace('"a b", "c"', '"a b", "a  b"'), 8, "options", "white space ignored"),
    (BANK.replace('"Which?"', '"\\u200b\\u00a0 "'), 7, "prompt", "invisible"),
])
def test_a_broken_bank_names_file_line_and_field(tmp_path, text, line, field, message):
    e = bank_error(tmp_path, text)
    assert where(e) == ("lessons/05_test.toml", line, field) and message in e.detail, str(e)


@pytest.mark.parametrize("old, new, line, field, message", [
    ('date = "1956-09-23"', 'date = "1956-09-23\\n"', None, "date", "expected YYYY-MM-DD or YYYY-MM"),
    ('id = "kwp-1956-09-23"', 'id = "kwp-1956-09-23\\n"', None, "id", "expected the folder's name"),
    ('short_title = ', f"deep = {DEEP}\nshort_title = ", None, "deep", "nested a few levels deep"),
    ('excerpted = false', 'excerpted = [1, 2]', None, "excerpted", "expected true or false, found [1, 2]"),
])
def test_a_broken_document_toml_names_file_line_and_field(corpus, old, new, line, field, message):
    toml = corpus / DOC / "document.toml"
    edit(toml, old, new)
    expected = next(n for n, text in enumerate(toml.read_text("utf-8").split("\n"), 1) if text.startswith(field))
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus)
    assert where(info.value)[0] == f"corpus/{DOC}/document.toml", str(info.value)
    assert where(info.value)[1:] == (line or expected, field) and message in info.value.detail, str(info.value)


def test_a_provenance_date_with_a_trailing_newline_is_rejected(corpus):
    toml = corpus / DOC / "document.toml"
    text = toml.read_text("utf-8")
    at = text.index("[[provenance]]")
    line = text[:at].count("\n") + 1
    date_line = next(n for n, t in enumerate(text.split("\n"), 1) if n > line and t.startswith("date ="))
    lines = text.split("\n")
    lines[date_line - 1] = lines[date_line - 1][:-1] + '\\n"'
    toml.write_text("\n".join(lines), "utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus)
    assert where(info.value) == (f"corpus/{DOC}/document.toml", date_line, "provenance[1].date"), str(info.value)


# ---------------------------------------------------------------- CSV fields past the csv module's limit

@pytest.mark.parametrize("name, load, field", [
    ("events.csv", lambda root: load_events(root), "label"),
    ("lexicon.csv", lambda root: load_lexicon(root / "lexicon.csv"), "term"),
])
def test_a_field_over_128_kb_is_a_corpus_error_with_its_line(corpus, name, load, field):
    path = corpus / name
    lines = path.read_text("utf-8").split("\n")
    lines.insert(3, f'x,"{"y" * 200_000}",z')
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(CorpusError) as info:
        load(corpus)
    assert where(info.value) == (f"corpus/{name}", 4, field) and "128 kB" in info.value.detail, str(info.value)


# ---------------------------------------------------------------- editions and captures

@pytest.mark.parametrize("name, data, line", [
    ("edition.txt", "First paragraph.\n\nSecond.\n".encode("utf-16-le"), 1),
    ("edition.txt", b"First paragraph.\n\nSecond\x00 paragraph.\n", 3),
])
def test_an_edition_in_utf16_or_with_nul_bytes_is_rejected_where_it_is_read(corpus, name, data, line):
    (corpus / DOC / name).write_bytes(data)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus)
    assert where(info.value) == (f"corpus/{DOC}/{name}", line, None) and "NUL byte" in info.value.detail, str(info.value)


@pytest.mark.parametrize("name, field", [("raw.txt", "raw_sha256"), ("edition.txt", None)])
def test_a_zero_byte_capture_or_edition_is_rejected_even_with_a_matching_hash(corpus, name, field):
    (corpus / DOC / name).write_bytes(b"")
    toml = corpus / DOC / "document.toml"
    text = toml.read_text("utf-8")
    old = next(t for t in text.split("\n") if t.startswith("raw_sha256"))
    raw = (corpus / DOC / "raw.txt").read_bytes()
    edit(toml, old, f'raw_sha256 = "{hashlib.sha256(raw).hexdigest()}"')
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus)
    assert (info.value.file, info.value.field) == (f"corpus/{DOC}/{name}", field), str(info.value)
    assert "empty file" in info.value.detail


# ---------------------------------------------------------------- lexicon terms and event sources

@pytest.mark.parametrize("term", ["c++", "C#", "[a-z]+", "party, organ", "mis.take"])
def test_a_lexicon_term_outside_the_term_syntax_is_rejected(corpus, term):
    path = corpus / "lexicon.csv"
    lines = path.read_text("utf-8").split("\n")
    lines.insert(2, f'test,"{term}",a note')
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(CorpusError) as info:
        load_lexicon(path)
    assert where(info.value) == ("corpus/lexicon.csv", 3, "term") and repr(term) in info.value.detail, str(info.value)


def test_an_event_citing_a_document_the_corpus_lacks_is_rejected(corpus):
    path = corpus / "events.csv"
    lines = path.read_text("utf-8").split("\n")
    lines.insert(2, "1956-09-23,A plenum,kwp-1956-09-24")
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(CorpusError) as info:
        load_events(corpus)
    assert where(info.value) == ("corpus/events.csv", 3, "source") and "'kwp-1956-09-24'" in info.value.detail


# ---------------------------------------------------------------- another copy of the course

@pytest.fixture
def other_copy(tmp_path) -> Path:
    """A copy of the course with a sixth document, kwp-1956-09-24 (the 1956 resolution again)
    that a bank's exercise names: valid there, unknown in the working folder's corpus."""
    root = tmp_path / "course"
    for name in ("corpus", "lessons", "notebooks"):
        shutil.copytree(COURSE / name, root / name)
    new = root / "corpus" / "kwp-1956-09-24"
    shutil.copytree(root / "corpus" / DOC, new)
    edit(new / "document.toml", f'id = "{DOC}"', 'id = "kwp-1956-09-24"')
    bank = next((root / "lessons").glob("04_*.toml"))
    edit(bank, f'doc = "{DOC}"', 'doc = "kwp-1956-09-24"')
    return root


def test_banks_are_checked_against_the_corpus_of_the_course_given(other_copy, monkeypatch):
    from helpers import validate

    monkeypatch.delenv("RR_COURSE", raising=False)
    monkeypatch.chdir(COURSE)
    bank = next((other_copy / "lessons").glob("04_*.toml"))
    with pytest.raises(BankError, match="kwp-1956-09-24"):
        load_bank(bank)  # the working folder's corpus lacks it
    there = load_bank(bank, other_copy / "corpus")
    assert any("kwp-1956-09-24" in ex.documents for ex in there.exercises.values())
    lines = validate.run(other_copy)
    assert lines[0].startswith(f"corpus: {len(load_corpus(other_copy / 'corpus'))} documents valid")
    assert validate.main([str(other_copy)]) == 0


def test_the_course_map_names_documents_of_the_course_given(other_copy):
    from helpers.coursemap import lesson_documents

    nb = next((other_copy / "notebooks").glob("04_*.ipynb"))
    text = nb.read_text("utf-8")
    nb.write_text(text.replace(DOC, "kwp-1956-09-24", 1), "utf-8")
    docs = lesson_documents(other_copy / "lessons" / f"{nb.stem}.toml", nb, other_copy / "corpus")
    assert "kwp-1956-09-24" in docs

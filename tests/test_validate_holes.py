"""`make check` (python -m helpers.validate) on a copy of the course broken in one way per test
(issue 14, item 2; the loaders' own tests are in test_holes.py): each problem is one ERROR line
naming file, line and field, never a traceback, and the count printed equals the ERROR lines.
Three broken files at once give three ERROR lines, a broken sources.toml among them."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import validate
from test_holes import DEEP, DOC, NEW_DOC, insert_row

ROOT = Path(__file__).resolve().parent.parent
ERROR = re.compile(r'^ERROR (?P<file>[^,:]+)(?:, line (?P<line>\d+))?(?:, exercise [^,:]+)?'
                   r'(?:, field "(?P<field>[^"]+)")?: (?P<detail>.+)$')
COUNT = re.compile(r"^(\d+) problem\(s\) found; fix them all, then run make check again$")


def errors_in(stderr: str) -> list[tuple]:
    """(file, line, field) of each ERROR line of `make check`'s report, checked against its count:
    every line is an ERROR line but the last, which counts them."""
    *lines, last = stderr.strip().split("\n")
    assert "Traceback" not in stderr, stderr
    assert COUNT.match(last) and int(COUNT.match(last).group(1)) == len(lines), stderr
    found = [ERROR.match(line) for line in lines]
    assert all(found), stderr
    return [(m["file"], int(m["line"]) if m["line"] else None, m["field"]) for m in found]


def make_check(copy: Path, capsys) -> list[tuple]:
    """(file, line, field) of every problem `make check` reports on the course copy."""
    assert validate.main([str(copy)]) == 1
    return errors_in(capsys.readouterr().err)


def bank(copy: Path, lesson: str) -> Path:
    (path,) = sorted((copy / "lessons").glob(f"{lesson}_*.toml"))
    return path


def append(path: Path, text: str) -> int:
    """Add ``text`` as the last line of a file; return its line."""
    old = path.read_text("utf-8")
    path.write_text(old.rstrip("\n") + "\n" + text + "\n", "utf-8")
    return old.rstrip("\n").count("\n") + 2


def doc_file(name: str) -> str:
    return f"corpus/{DOC}/{name}"


def bank_file(copy: Path, lesson: str) -> str:
    return f"lessons/{bank(copy, lesson).name}"


# Each case breaks the copy and returns the (file, line, field) of each problem it expects.

def deep_bank(copy, edit):
    return [(bank_file(copy, "03"), append(bank(copy, "03"), f"deep = {DEEP}"), "deep")]


def deep_document(copy, edit):
    return [(doc_file("document.toml"), edit(copy / doc_file("document.toml"), "short_title = ",
                                             f"deep = {DEEP}\nshort_title = "), "deep")]


def deep_sources(copy, edit):
    return [("corpus/sources.toml", append(copy / "corpus" / "sources.toml", f"deep = {DEEP}"), "deep")]


def exercise_not_tables(copy, edit):
    bank(copy, "03").write_text("exercise = [1, 2]\n", "utf-8")  # each of the two is not a table
    return [(bank_file(copy, "03"), 1, "exercise")] * 2


def source_not_tables(copy, edit):
    (copy / "corpus" / "sources.toml").write_text("source = [1, 2]\n", "utf-8")  # events.csv is not blamed
    return [("corpus/sources.toml", 1, "source")]


def excerpted_a_list(copy, edit):
    return [(doc_file("document.toml"), edit(copy / doc_file("document.toml"), "excerpted = false",
                                             "excerpted = [1, 2]"), "excerpted")]


def long_event(copy, edit):
    insert_row(copy / "corpus" / "events.csv", 3, f'1956,"{"y" * 200_000}",{DOC}')
    return [("corpus/events.csv", 4, "label")]


def long_lexicon_note(copy, edit):
    insert_row(copy / "corpus" / "lexicon.csv", 3, f'test,term,"{"y" * 200_000}"')
    return [("corpus/lexicon.csv", 4, "note")]


def exercise_id_newline(copy, edit):
    return [(bank_file(copy, "01"), edit(bank(copy, "01"), 'id = "01.1"', 'id = "01.1\\n"'), "id")]


def document_date_newline(copy, edit):
    return [(doc_file("document.toml"), edit(copy / doc_file("document.toml"), 'date = "1956-09-23"',
                                             'date = "1956-09-23\\n"'), "date")]


def event_date_newline(copy, edit):
    insert_row(copy / "corpus" / "events.csv", 2, f'"1956\n",A plenum,{DOC}')
    return [("corpus/events.csv", 3, "date")]


def edition_utf16(copy, edit):
    (copy / doc_file("edition.txt")).write_bytes("First paragraph.\n\nSecond.\n".encode("utf-16-le"))
    return [(doc_file("edition.txt"), 1, None)]  # a text file: the line is all there is to name


def edition_nul(copy, edit):
    (copy / doc_file("edition.txt")).write_bytes(b"First paragraph.\n\nSecond\x00 paragraph.\n")
    return [(doc_file("edition.txt"), 3, None)]


def empty_raw_with_its_hash(copy, edit):
    (copy / doc_file("raw.txt")).write_bytes(b"")
    toml = copy / doc_file("document.toml")
    old = next(t for t in toml.read_text("utf-8").split("\n") if t.startswith("raw_sha256"))
    edit(toml, old, f'raw_sha256 = "{hashlib.sha256(b"").hexdigest()}"')
    return [(doc_file("raw.txt"), None, "raw_sha256")]


def empty_edition(copy, edit):
    (copy / doc_file("edition.txt")).write_bytes(b"")
    return [(doc_file("edition.txt"), None, None)]


def lexicon_term(term):
    def case(copy, edit):
        insert_row(copy / "corpus" / "lexicon.csv", 2, f'test,"{term}",a note')
        return [("corpus/lexicon.csv", 3, "term")]
    return case


def options_differ_in_white_space(copy, edit):
    first = "The resolution's own title, as it stood in the Russian original of 1938"
    line = edit(bank(copy, "01"), '"The title Mervyn Matthews gave his English translation of 1974"',
                '"' + first.replace(" ", "  ", 1) + ' "')
    return [(bank_file(copy, "01"), line - 2, "options")]  # the options = [ line


def invisible_prompt(copy, edit):
    text = bank(copy, "01").read_text("utf-8")
    old = next(t for t in text.split("\n") if t.startswith("prompt = "))
    return [(bank_file(copy, "01"), edit(bank(copy, "01"), old, 'prompt = "\\u200b\\u2060 "'), "prompt")]


def event_names_a_missing_document(copy, edit):
    insert_row(copy / "corpus" / "events.csv", 2, f"1956-09-23,A plenum,{NEW_DOC}")
    return [("corpus/events.csv", 3, "source")]


HOLES = [deep_bank, deep_document, deep_sources, exercise_not_tables, source_not_tables, excerpted_a_list,
         long_event, long_lexicon_note, exercise_id_newline, document_date_newline, event_date_newline,
         edition_utf16, edition_nul, empty_raw_with_its_hash, empty_edition,
         *(pytest.param(lexicon_term(t), id=f"lexicon_term {t}") for t in ("c++", "C#", "[a-z]+")),
         options_differ_in_white_space, invisible_prompt, event_names_a_missing_document]


@pytest.mark.parametrize("hole", HOLES, ids=lambda hole: getattr(hole, "__name__", None))
def test_each_hole_is_one_error_naming_file_line_and_field(course_copy, edit, capsys, hole):
    expected = hole(course_copy, edit)
    assert make_check(course_copy, capsys) == expected


def test_three_broken_files_give_three_errors_a_broken_bibliography_among_them(course_copy, capsys):
    corpus = course_copy / "corpus"
    bib = append(corpus / "sources.toml", "bad = = 1")
    event = append(corpus / "events.csv", "1956-13,bad month,lankov-2005")  # a key of the broken bibliography
    term = append(corpus / "lexicon.csv", "error and mistake,c++,x")
    assert sorted(make_check(course_copy, capsys)) == [("corpus/events.csv", event, "date"),
                                                        ("corpus/lexicon.csv", term, "term"),
                                                        ("corpus/sources.toml", bib, None)]


def test_a_broken_bibliography_still_lets_events_name_an_unknown_source(course_copy, capsys):
    # sources.toml fails to parse; its keys as written still tell a known source from an unknown one
    append(course_copy / "corpus" / "sources.toml", "bad = = 1")
    known = append(course_copy / "corpus" / "events.csv", "1956,A known source,lankov-2005")
    unknown = append(course_copy / "corpus" / "events.csv", f"1956,A missing document,{NEW_DOC}")
    found = make_check(course_copy, capsys)
    assert ("corpus/events.csv", unknown, "source") in found and len(found) == 2
    assert not [f for f in found if f[1] == known and f[0] == "corpus/events.csv"]


@pytest.mark.parametrize("hole", [deep_bank, long_event], ids=lambda hole: hole.__name__)
def test_make_check_as_a_command_ends_in_its_report_not_a_traceback(course_copy, edit, hole):
    expected = hole(course_copy, edit)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "helpers.validate", str(course_copy)], env=env, cwd=course_copy,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert errors_in(done.stderr) == expected


# ---------------------------------------------------------------- the course map of another copy

def test_the_course_map_updates_the_readme_of_the_course_given(course_copy, monkeypatch, capsys):
    from helpers import coursemap

    readme = (ROOT / "README.md").read_text("utf-8")
    stale = coursemap.readme_with_map(readme, "(stale)")
    (course_copy / "README.md").write_text(stale, "utf-8")
    monkeypatch.chdir(ROOT)  # RR_COURSE names the copy, as the argument would
    assert coursemap.main([]) == 0
    assert (course_copy / "README.md").read_text("utf-8") == readme
    assert (ROOT / "README.md").read_text("utf-8") == readme


def test_the_course_map_of_a_broken_bank_is_an_error_naming_it(course_copy, capsys):
    from helpers import coursemap

    (course_copy / "README.md").write_text((ROOT / "README.md").read_text("utf-8"), "utf-8")
    name = bank_file(course_copy, "03")
    bank(course_copy, "03").write_text('title = "x"\nexercise = [1, 2]\n', "utf-8")
    assert coursemap.main([str(course_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f'ERROR {name}, line 2, exercise #1, field "exercise": expected [[exercise]] tables, found 1')
    assert "Traceback" not in err


# ---------------------------------------------------------------- every problem of one file, and of its neighbours

def test_every_problem_of_a_document_folder_is_listed(course_copy, edit, capsys):
    toml = course_copy / doc_file("document.toml")
    colour = edit(toml, "title = ", 'colour = "red"\ntitle = ')
    excerpted = edit(toml, "excerpted = false", 'excerpted = "no"')
    date = edit(toml, 'date = "1956-09-23"', 'date = "23 Sept 1956"')
    kind = edit(toml, 'kind = "primary"', 'kind = "primry"')
    actor = edit(toml, "actor = \"Plenum", "actor = 5\nformer_actor = \"Plenum")
    (course_copy / doc_file("edition.txt")).write_bytes(b"First paragraph.\n\nSecond\x00 paragraph.\n")
    assert sorted(make_check(course_copy, capsys)) == sorted([
        (doc_file("document.toml"), colour, "colour"), (doc_file("document.toml"), excerpted, "excerpted"),
        (doc_file("document.toml"), date, "date"), (doc_file("document.toml"), kind, "kind"),
        (doc_file("document.toml"), actor, "provenance[1].actor"),
        (doc_file("document.toml"), actor + 1, "provenance[1].former_actor"), (doc_file("edition.txt"), 3, None)])


def test_a_document_toml_that_is_not_toml_still_lets_its_edition_be_read(course_copy, edit, capsys):
    line = edit(course_copy / doc_file("document.toml"), "excerpted = false", "excerpted = = false")
    (course_copy / doc_file("edition.txt")).write_bytes(b"First paragraph.\n\nSecond\x00 paragraph.\n")
    assert make_check(course_copy, capsys) == [(doc_file("document.toml"), line, None), (doc_file("edition.txt"), 3, None)]


def test_a_repeated_exercise_id_is_found_when_the_first_has_a_problem_too(course_copy, edit, capsys):
    path = bank(course_copy, "01")
    text = path.read_text("utf-8")
    prompt = edit(path, next(t for t in text.split("\n") if t.startswith("prompt = ")), 'prompt = "\\u200b"')
    again = edit(path, 'id = "01.2"', 'id = "01.1"')
    assert make_check(course_copy, capsys) == [(bank_file(course_copy, "01"), prompt, "prompt"),
                                               (bank_file(course_copy, "01"), again, "id")]


def test_a_repeated_source_key_is_found_when_a_field_is_wrong_too(course_copy, edit, capsys):
    path = course_copy / "corpus" / "sources.toml"
    year = edit(path, "year = 1999", "year = [1999]")
    again = edit(path, 'key = "khlevniuk-1996"', 'key = "getty-naumov-1999"')
    found = make_check(course_copy, capsys)
    assert ("corpus/sources.toml", year, "source[1].year") in found
    assert ("corpus/sources.toml", again, "source[2].key") in found

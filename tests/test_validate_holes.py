"""`make check` (python -m helpers.validate) on a copy of the course broken in one way per test
(issue 14, item 2; the loaders' own tests are in test_holes.py): each problem is one ERROR line
naming file, line and field, never a traceback, and the count printed equals the ERROR lines.
Three broken files at once give three ERROR lines, a broken sources.toml among them; every problem of
one document folder, bank or bibliography is listed, not only those before the first; and the
course map works on the course copy given, with a broken bank named as validate names it."""
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

def edited(where: str, old: str, new: str, field: str):
    """A case: ``old`` replaced by ``new`` in the file ``where`` of the copy (or in lesson ``where``'s bank)."""
    def case(copy, edit):
        path = bank(copy, where) if where.isdigit() else copy / where
        return [(path.relative_to(copy).as_posix(), edit(path, old, new), field)]
    return case


def row(name: str, index: int, text: str, field: str):
    """A case: ``text`` inserted as line ``index + 1`` of corpus/``name`` (a CSV file)."""
    def case(copy, edit):
        insert_row(copy / "corpus" / name, index, text)
        return [(f"corpus/{name}", index + 1, field)]
    return case


def written(name: str, data: bytes, line: int | None, field: str | None = None):
    """A case: the document's file ``name`` holding ``data``."""
    def case(copy, edit):
        (copy / doc_file(name)).write_bytes(data)
        return [(doc_file(name), line, field)]
    return case


def deep_bank(copy, edit):
    return [(bank_file(copy, "03"), append(bank(copy, "03"), f"deep = {DEEP}"), "deep")]


def exercise_not_tables(copy, edit):
    bank(copy, "03").write_text("exercise = [1, 2]\n", "utf-8")  # each of the two is not a table
    return [(bank_file(copy, "03"), 1, "exercise")] * 2


def source_not_tables(copy, edit):
    (copy / "corpus" / "sources.toml").write_text("source = [1, 2]\n", "utf-8")  # events.csv is not blamed
    return [("corpus/sources.toml", 1, "source")]


def empty_raw_with_its_hash(copy, edit):
    toml = copy / doc_file("document.toml")
    old = next(t for t in toml.read_text("utf-8").split("\n") if t.startswith("raw_sha256"))
    edit(toml, old, f'raw_sha256 = "{hashlib.sha256(b"").hexdigest()}"')
    return written("raw.txt", b"", None, "raw_sha256")(copy, edit)


def options_differ_in_white_space(copy, edit):
    first = "The resolution's own title, as it stood in the Russian original of 1938"
    line = edit(bank(copy, "01"), '"The title Mervyn Matthews gave his English translation of 1974"',
                '"' + first.replace(" ", "  ", 1) + ' "')
    return [(bank_file(copy, "01"), line - 2, "options")]  # the options = [ line


def invisible_prompt(copy, edit):
    old = next(t for t in bank(copy, "01").read_text("utf-8").split("\n") if t.startswith("prompt = "))
    return edited("01", old, 'prompt = "\\u200b\\u2060 "', "prompt")(copy, edit)


LONG = "y" * 200_000  # past the csv module's limit of 128 kB a field
LONG_EVENT = row("events.csv", 3, f'1956,"{LONG}",{DOC}', "label")
HOLES = [
    pytest.param(deep_bank, id="deep bank"),
    pytest.param(edited(doc_file("document.toml"), "short_title = ", f"deep = {DEEP}\nshort_title = ", "deep"),
                 id="deep document.toml"),
    pytest.param(edited("corpus/sources.toml", 'key = "khlevniuk-1996"', f'deep = {DEEP}\nkey = "khlevniuk-1996"',
                        "deep"), id="deep sources.toml"),
    pytest.param(exercise_not_tables, id="exercise = [1, 2]"),
    pytest.param(source_not_tables, id="source = [1, 2]"),
    pytest.param(edited(doc_file("document.toml"), "excerpted = false", "excerpted = [1, 2]", "excerpted"),
                 id="excerpted = [1, 2]"),
    pytest.param(LONG_EVENT, id="events field over 128 kB"),
    pytest.param(row("lexicon.csv", 3, f'test,term,"{LONG}"', "note"), id="lexicon field over 128 kB"),
    pytest.param(edited("01", 'id = "01.1"', 'id = "01.1\\n"', "id"), id="exercise id ending in a newline"),
    pytest.param(edited(doc_file("document.toml"), 'date = "1956-09-23"', 'date = "1956-09-23\\n"', "date"),
                 id="document date ending in a newline"),
    pytest.param(row("events.csv", 2, f'"1956\n",A plenum,{DOC}', "date"), id="event date ending in a newline"),
    pytest.param(written("edition.txt", "First paragraph.\n\nSecond.\n".encode("utf-16-le"), 1),
                 id="edition in UTF-16"),  # a text file: the line is all there is to name
    pytest.param(written("edition.txt", b"First paragraph.\n\nSecond\x00 paragraph.\n", 3), id="edition with a NUL"),
    pytest.param(empty_raw_with_its_hash, id="zero-byte raw.txt with its hash"),
    pytest.param(written("edition.txt", b"", None), id="zero-byte edition.txt"),
    *(pytest.param(row("lexicon.csv", 2, f'test,"{term}",a note', "term"), id=f"lexicon term {term}")
      for term in ("c++", "C#", "[a-z]+")),
    pytest.param(options_differ_in_white_space, id="options differing in white space"),
    pytest.param(invisible_prompt, id="invisible prompt"),
    pytest.param(row("events.csv", 2, f"1956-09-23,A plenum,{NEW_DOC}", "source"), id="event naming a missing document"),
]


@pytest.mark.parametrize("hole", HOLES)
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


@pytest.mark.parametrize("hole", [deep_bank, LONG_EVENT], ids=["deep bank", "events field over 128 kB"])
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

"""`python -m helpers.renumber OLD NEW` moves a lesson to a free number in a copy of the course: the
copy still validates, the moved lesson's ids, calls and titles follow, other files' mentions are listed,
and a taken number is refused. Lesson 05 is moved to 09, a number the course does not use."""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import nbformat
import pytest

from helpers import validate
from helpers.renumber import RenumberError, lesson_files, main, renumber, rewrite, warning
from notebook_source import build, cells_of

OLD_ID = re.compile(r"(?<![\w.])05\.(\d+|k)\b")


@pytest.fixture
def moved(course_copy, capsys):
    """The course copy after `python -m helpers.renumber 05 09 --course <copy>`, and what it printed."""
    assert not lesson_files(course_copy, "09"), "the course has a lesson 09 now: move lesson 05 to a free number"
    assert main(["05", "09", "--course", str(course_copy)]) == 0
    return course_copy, capsys.readouterr().out


def only(course, pattern):
    (path,) = course.glob(pattern)
    return path


def test_the_four_files_are_renamed(moved):
    course, _ = moved
    assert lesson_files(course, "05") == []
    assert [p.relative_to(course).parent.as_posix() + "/" + p.suffix for p in lesson_files(course, "09")] == \
        ["notebooks/source/.md", "notebooks/.ipynb", "lessons/.md", "lessons/.toml"]


def test_the_moved_course_validates(moved):
    course, _ = moved
    lines = validate.run(course)  # raises on any problem
    assert any(line.startswith("lessons/09_") and "exercises valid" in line for line in lines)
    assert not any(line.startswith("lessons/05_") for line in lines)


def test_bank_ids_and_the_source_s_calls_follow(moved):
    course, _ = moved
    ids = [ex["id"] for ex in tomllib.loads(only(course, "lessons/09_*.toml").read_text("utf-8"))["exercise"]]
    assert ids and all(re.fullmatch(r"09\.\d+", i) for i in ids), ids
    source = only(course, "notebooks/source/09_*.md").read_text("utf-8")
    assert 'exercise("09.1")' in source and 'sources("09")' in source
    assert re.search(r"^# Lesson 09:", source, re.M)
    assert re.search(r"^# Instructor guide, Lesson 09:", only(course, "lessons/09_*.md").read_text("utf-8"), re.M)


def test_no_old_id_is_left_in_the_moved_files(moved):
    course, _ = moved
    for path in (only(course, "lessons/09_*.toml"), only(course, "lessons/09_*.md"), only(course, "notebooks/source/09_*.md")):
        text = path.read_text("utf-8")
        assert not OLD_ID.search(text), f"{path.name}: {OLD_ID.search(text).group(0)}"
        assert "Lesson 05" not in text and "05_" not in text and 'sources("05")' not in text, path.name


def test_the_moved_source_parses_and_its_notebook_holds_its_cells(moved):
    course, _ = moved
    source, notebook = only(course, "notebooks/source/09_*.md"), only(course, "notebooks/09_*.ipynb")
    assert source.stat().st_mtime_ns >= notebook.stat().st_mtime_ns, "the source must be the newer of the pair"
    assert cells_of(nbformat.read(notebook, as_version=4)) == cells_of(build(source))


def test_other_files_that_name_the_old_lesson_are_listed_not_changed(moved, tmp_path):
    course, printed = moved
    guide_04 = only(course, "lessons/04_*.md")
    assert "Lesson 05" in guide_04.read_text("utf-8")  # lesson 04's "what comes next", left for the instructor
    assert re.search(rf"^  lessons/{guide_04.name}:\d+: .*Lesson 05", printed, re.M)
    assert not re.search(r"^  notebooks/\d\d_\S+:\d+:", printed, re.M), "generated notebooks are rebuilt, not listed"


def test_it_prints_the_next_commands_and_the_warning(moved):
    _, printed = moved
    assert printed.index("make check") < printed.index("make notebooks") < printed.index("make test")
    assert warning("05", "09") in printed
    assert "WARNING" in printed and "05.1" in printed and "between courses" in printed


def test_a_taken_number_is_refused_and_nothing_moves(course_copy, capsys):
    before = lesson_files(course_copy, "05") + lesson_files(course_copy, "06")
    with pytest.raises(RenumberError, match=r"lesson 06 exists already \(notebooks/source/06_.*move one through a free"):
        renumber(course_copy, "05", "06")
    assert main(["05", "06", "--course", str(course_copy)]) == 2
    assert "lesson 06 exists already" in capsys.readouterr().err
    assert lesson_files(course_copy, "05") + lesson_files(course_copy, "06") == before


@pytest.mark.parametrize("old, new, message", [("5", "09", "two digits"), ("05", "05", "nothing to move"),
                                               ("42", "43", "no lesson 42")])
def test_a_move_that_cannot_be_made_says_why(course_copy, old, new, message):
    with pytest.raises(RenumberError, match=message):
        renumber(course_copy, old, new)


def test_rewrite_changes_lesson_mentions_and_leaves_dates_and_decimals():
    text = ('exercise("05.1"); check("05.2", 0); answered("05.12"); sources("05"); 05.1-05.8; check("05.k", a)\n'
            "# Lesson 05: x, lesson 05; notebooks/05_x.ipynb\n"
            "hrw-2016-05, 1950-05-06, tolerance 0.05, 2005.1, Lesson 050, lessons/05_other.md")
    assert rewrite(text, "05", "09", {"05_x"}) == (
        'exercise("09.1"); check("09.2", 0); answered("09.12"); sources("09"); 09.1-09.8; check("09.k", a)\n'
        "# Lesson 09: x, lesson 09; notebooks/09_x.ipynb\n"
        "hrw-2016-05, 1950-05-06, tolerance 0.05, 2005.1, Lesson 050, lessons/05_other.md")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_inside_a_git_work_tree_the_files_are_moved_with_git_mv(course_copy):
    def git(*args):
        return subprocess.run(["git", "-C", str(course_copy), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "lessons", "notebooks")
    git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "the course")
    renumber(course_copy, "05", "09")
    renames = [line for line in git("status", "--porcelain").splitlines() if line.startswith("R")]
    assert len(renames) == 4 and all(re.search(r"/05_\S+ -> \S+/09_", line) for line in renames), renames

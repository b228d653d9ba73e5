"""An instructor's edit, end to end: copy the course, add an exercise to a bank by editing TOML,
validate with `make check`'s code, and answer it with check(), as lessons/README.md describes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bankmaker import exercise_toml

NEW_EXERCISE = "\n\n" + exercise_toml(
    "03.99", "choice", doc="vkpb-1938-01-19",
    prompt="Which region does the resolution name first in its list of unexamined appeals?",
    options=["Rostov", "Saratov"], answer=0,
    feedback=["Right: Rostov comes first.", "No: Saratov comes last in the list."],
    hints=["Use corpus['vkpb-1938-01-19'].find('unexamined appeals')."])


def bank_03(course: Path) -> Path:
    (path,) = sorted((course / "lessons").glob("03_*.toml"))
    return path


def test_an_added_exercise_validates_and_checks(course_copy):
    from helpers import validate as make_check
    from helpers.exercises import check

    with bank_03(course_copy).open("a", encoding="utf-8") as f:
        f.write(NEW_EXERCISE)
    lines = make_check.run(course_copy)
    assert any(line.startswith(f"lessons/{bank_03(course_copy).name}") for line in lines)
    right = check("03.99", 0)
    assert right.correct is True and "Rostov comes first" in right.text
    wrong = check("03.99", 1)
    assert wrong.correct is False and "Saratov comes last" in wrong.text


def test_a_broken_edit_is_reported_with_file_exercise_and_field(course_copy):
    from helpers import validate as make_check
    from helpers.corpus import CorpusError

    with bank_03(course_copy).open("a", encoding="utf-8") as f:
        f.write(NEW_EXERCISE.replace("answer = 0", "answer = 2"))
    with pytest.raises(CorpusError) as info:
        make_check.run(course_copy)
    message = str(info.value)
    assert f"lessons/{bank_03(course_copy).name}" in message and '"03.99"' in message and 'field "answer"' in message


def test_make_check_prints_what_it_checked_and_fails_on_a_broken_bank(course_copy):
    env = {"PATH": "/usr/bin:/bin", "RR_COURSE": str(course_copy), "HOME": str(course_copy)}
    ok = subprocess.run([sys.executable, "-m", "helpers.validate"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    documents = len(list((course_copy / "corpus").glob("*/document.toml")))
    assert f"ok   corpus: {documents} documents valid" in ok.stdout and "lessons/00_start_here.toml" in ok.stdout
    with bank_03(course_copy).open("a", encoding="utf-8") as f:
        f.write(NEW_EXERCISE.replace('kind = "choice"', 'kind = "sort"'))
    bad = subprocess.run([sys.executable, "-m", "helpers.validate"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and 'field "kind"' in bad.stderr and "Traceback" not in bad.stderr

"""The course grows, as an instructor grows it: in a copy of the course, one more document added by
corpus/README.md's steps and one option of a bank reworded; then the course's own checks run in
that copy. `make check` counts the new document, the unit tests that read the corpus and the banks
pass, and strict nbval fails on the stale lessons with "run `make notebooks`" until they are rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

from helpers.corpus import load_corpus
from test_corpus_readme import readme_template

ROOT = Path(__file__).resolve().parent.parent

# What a clone holds, without the environment, the journal and what tests or tools leave behind.
NOT_IN_A_CLONE = shutil.ignore_patterns(".git", ".venv", "my_work", ".browser-deps", ".hub-deps", "__pycache__",
                                        "*.egg-info", ".pytest_cache", ".stale-notebook-*", "screenshots")

NEW_ID = "cpsu-1956-02-14"  # not the template's own id, which an instructor may already have used
RAW = (b"Site menu | Search | Donate\n\n"
       b"Comrades! The Central Committee reports to the Twentieth Congress on the work of the party.\n\n"
       b"The Congress opens today in Moscow.\n\nShare this page\n")
EDITION = ("Comrades! The Central Committee reports to the Twentieth Congress on the work of the party.\n\n"
           "The Congress opens today in Moscow.\n")

# The course's unit tests that read the real corpus or the real banks (each counts documents, draws
# every document, or checks every exercise). Together ~40 s of the ~90 s this file takes.
READERS = ["test_corpus", "test_corpus_readme", "test_text", "test_plots", "test_lexicon", "test_apparatus",
           "test_claims", "test_quotations", "test_sources", "test_coursemap", "test_banks", "test_cues",
           "test_feedback_leaks"]


def add_document(course: Path) -> None:
    """corpus/README.md, "Add a document", steps 1-5, with the README's own template."""
    template = readme_template()
    old = tomllib.loads(template)
    folder = course / "corpus" / NEW_ID                                     # step 1
    folder.mkdir()
    (folder / "raw.txt").write_bytes(RAW)                                   # step 2
    digest = hashlib.sha256(RAW).hexdigest()                                # step 3
    (folder / "edition.txt").write_text(EDITION, encoding="utf-8")         # step 4
    toml = (template.replace("paste the 64 hex digits from step 3 here", digest)   # step 5
            .replace(f'id = "{old["id"]}"', f'id = "{NEW_ID}"')
            .replace(f'short_title = "{old["short_title"]}"', 'short_title = "CPSU Central Committee report, February 1956"')
            .replace(f'title = "{old["title"]}"', 'title = "Report of the Central Committee to the Twentieth Congress"'))
    (folder / "document.toml").write_text(toml, encoding="utf-8")


def reword_an_option(course: Path) -> tuple[str, str]:
    """Edit lesson 03's bank as text, as lessons/README.md says: the first option of its first choice
    exercise gets a lower-case first letter (same length, so the bank's cue figures do not move).
    Returns (exercise id, new option text)."""
    (bank,) = sorted((course / "lessons").glob("03_*.toml"))
    text = bank.read_text(encoding="utf-8")
    ex = next(e for e in tomllib.loads(text)["exercise"] if e["kind"] == "choice")
    old = ex["options"][0]
    new = old[0].swapcase() + old[1:]
    assert new != old, f"{ex['id']}'s first option starts with {old[0]!r}, which has no other case"
    start = text.index(f'id = "{ex["id"]}"')
    encoded_old, encoded_new = (json.dumps(s, ensure_ascii=False) for s in (old, new))
    assert encoded_old in text[start:], f"{ex['id']}'s first option is not written as a plain TOML string"
    bank.write_text(text[:start] + text[start:].replace(encoded_old, encoded_new, 1), encoding="utf-8")
    changed = next(e for e in tomllib.loads(bank.read_text(encoding="utf-8"))["exercise"] if e["id"] == ex["id"])
    assert changed["options"][0] == new
    return ex["id"], new


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """A copy of the course with a document added and a bank changed, and how to run a command in it."""
    tmp = tmp_path_factory.mktemp("grown")
    course = tmp / "course"
    shutil.copytree(ROOT, course, ignore=NOT_IN_A_CLONE, symlinks=True)
    add_document(course)
    exercise_id, option = reword_an_option(course)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "RR_"))}
    env.update(PYTHONPATH=str(course), RR_COURSE=str(course), RR_JOURNAL=str(tmp / "journal" / "answers.sqlite"))

    def run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=course, env=env, capture_output=True, text=True,
                              timeout=timeout)

    return course, exercise_id, option, run


def lesson(course: Path, number: str) -> str:
    (path,) = sorted((course / "notebooks").glob(f"{number}_*.ipynb"))
    return str(path.relative_to(course))


def outputs(notebook: Path) -> str:
    """Every stored output of a notebook, as one text."""
    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(str(value) for cell in nb.cells for out in cell.get("outputs", [])
                     for value in (out.get("text", ""), *out.get("data", {}).values()))


def nbval(run, *notebooks: str) -> subprocess.CompletedProcess:
    return run("-m", "pytest", "-p", "no:xdist", "-rf", "--nbval", "--nbval-current-env", *notebooks)


def test_make_check_counts_the_new_document(grown):
    course, exercise_id, _, run = grown
    checked = run("-m", "helpers.validate")
    assert checked.returncode == 0, checked.stderr[-3000:]
    before = len(load_corpus(ROOT / "corpus"))
    assert f"ok   corpus: {before + 1} documents valid" in checked.stdout
    assert NEW_ID in checked.stdout


def test_the_unit_tests_that_read_the_corpus_and_banks_pass(grown):
    course, _, _, run = grown
    # what `make notebooks` ends with: README.md's rights table, which names every document
    made = run("-m", "helpers.coursemap")
    assert made.returncode == 0, made.stderr[-3000:]
    units = run("-m", "pytest", "-p", "no:xdist", "-q", *(f"tests/{name}.py" for name in READERS))
    assert units.returncode == 0, units.stdout[-5000:]


def test_stale_lessons_fail_with_what_to_do_then_pass_once_rebuilt(grown):
    course, exercise_id, option, run = grown
    catalog, exercise = lesson(course, "00"), lesson(course, exercise_id.split(".")[0])
    stale = nbval(run, catalog, exercise)
    assert stale.returncode == 1, stale.stdout[-3000:]
    assert "Cell outputs differ" in stale.stdout and "run `make notebooks`" in stale.stdout
    assert f"FAILED {catalog}::" in stale.stdout and f"FAILED {exercise}::" in stale.stdout
    rebuilt = run("tests/execute_notebooks.py", Path(catalog).stem, Path(exercise).stem)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    assert NEW_ID in outputs(course / catalog) and option in outputs(course / exercise)
    fresh = nbval(run, catalog, exercise)
    assert fresh.returncode == 0, fresh.stdout[-3000:]


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def test_no_lesson_or_guide_states_the_corpus_size_in_words():
    # "You will practise on five documents" is false once a document is added: the catalog counts them.
    n = len(load_corpus(ROOT / "corpus"))
    said = re.compile(rf"\b({NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else n}|{n}) documents\b(?! of this lesson)", re.I)
    texts = [*(ROOT / "notebooks" / "source").glob("*.md"), *(ROOT / "lessons").glob("*.md"),
             ROOT / "README.md", ROOT / "corpus" / "README.md"]
    found = [f"{path.relative_to(ROOT)}: {m.group(0)!r}" for path in texts for m in said.finditer(path.read_text("utf-8"))]
    assert not found, "state no count of the corpus in prose (show the catalog or len(corpus)):\n" + "\n".join(found)

"""Move a lesson to a free number in one step: ``python -m helpers.renumber 05 09 [--course PATH]``.

It renames the lesson's four files (with ``git mv`` inside a git work tree), rewrites the lesson's
number inside them (exercise ids such as ``05.2``, the ``exercise``, ``check``, ``answered`` and
``sources("05")`` calls, "Lesson 05" titles, the files' own names), lists every other file that still
names the old number (other lessons' cross-references) without changing it, and prints what to run
next and a warning about students' saved answers. To swap lessons 05 and 06, move one through a
free number: ``05 99``, ``06 05``, ``99 06``.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from helpers import coursemap, paths

# A lesson's four files: (folder, ending). The .ipynb is generated from the source (`make notebooks`).
LESSON_FILES = (("notebooks/source", ".md"), ("notebooks", ".ipynb"), ("lessons", ".md"), ("lessons", ".toml"))

# Where other files may name a lesson: the course's prose, banks and notebook sources (not the generated
# notebooks, which `make notebooks` rebuilds, nor the README's course map between these markers).
SEARCHED = ("README.md", "docs/*.md", "corpus/*.md", "corpus/*.toml", "lessons/*.md", "lessons/*.toml",
            "notebooks/source/*.md")
GENERATED = (coursemap.BEGIN, coursemap.END)

NEXT_STEPS = ("make check", "make notebooks", "make test")


class RenumberError(Exception):
    """A move that cannot be made: the message says why and what to do instead."""


@dataclass
class Moved:
    """What a move did: the files renamed (old path, new path) and the lines elsewhere that name the old number."""

    old: str
    new: str
    renamed: list[tuple[Path, Path]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


def lesson_files(course: Path, number: str) -> list[Path]:
    """The files of lesson ``number`` (``"05"``) in the course: source, notebook, guide and bank."""
    return [p for folder, ending in LESSON_FILES for p in sorted((course / folder).glob(f"{number}_*{ending}"))]


def rules(old: str, new: str, stems: set[str]) -> list[tuple[re.Pattern, str]]:
    """(pattern, replacement) for every way a text names lesson ``old``: exercise ids (``05.2``, ``05.k``,
    inside ``exercise()``, ``check()`` and ``answered()`` too), ``sources("05")``, "Lesson 05" and the files' names."""
    found = [(r"(?<![\w.])%s\.(\d+|k)\b" % old, new + r".\1"),
             (r"\bsources\((['\"])%s\1\)" % old, r"sources(\g<1>%s\g<1>)" % new),
             (r"\b([Ll]esson) %s\b" % old, r"\g<1> %s" % new)]
    found += [(r"\b%s\b" % re.escape(stem), new + stem[len(old):]) for stem in sorted(stems)]
    return [(re.compile(pattern), replacement) for pattern, replacement in found]


def rewrite(text: str, old: str, new: str, stems: set[str]) -> str:
    """``text`` with every mention of lesson ``old`` made a mention of lesson ``new``."""
    for pattern, replacement in rules(old, new, stems):
        text = pattern.sub(replacement, text)
    return text


def rewrite_notebook(path: Path, old: str, new: str, stems: set[str]) -> None:
    """Rewrite the cells of a generated notebook as its source is rewritten; its outputs wait for `make notebooks`."""
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        cell["source"] = ([rewrite(line, old, new, stems) for line in source] if isinstance(source, list)
                          else rewrite(source, old, new, stems))
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")


def in_git_work_tree(course: Path) -> bool:
    """True when ``course`` is inside a git work tree (and git is installed)."""
    try:
        done = subprocess.run(["git", "-C", str(course), "rev-parse", "--is-inside-work-tree"],
                              capture_output=True, text=True)
    except FileNotFoundError:
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def move(path: Path, target: Path, git: bool) -> None:
    """Rename one file: ``git mv`` when it is tracked by git, else a plain rename."""
    if git and subprocess.run(["git", "-C", str(path.parent), "ls-files", "--error-unmatch", path.name],
                              capture_output=True).returncode == 0:
        subprocess.run(["git", "-C", str(path.parent), "mv", path.name, target.name], check=True, capture_output=True)
    else:
        path.rename(target)


def mentions(course: Path, old: str, new: str, stems: set[str], skip: set[Path]) -> list[str]:
    """``file:line: text`` for each line of another file that names lesson ``old`` (outside generated sections)."""
    patterns = [pattern for pattern, _ in rules(old, new, stems)]
    found = []
    for pattern_of_files in SEARCHED:
        for path in sorted(course.glob(pattern_of_files)):
            if path in skip or not path.is_file():
                continue
            generated = False
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if line.strip() in GENERATED:
                    generated = line.strip() == GENERATED[0]
                elif not generated and any(p.search(line) for p in patterns):
                    found.append(f"{path.relative_to(course)}:{number}: {line.strip()}")
    return found


def check_numbers(course: Path, old: str, new: str) -> list[Path]:
    """The files of lesson ``old``, or RenumberError when the move cannot be made."""
    for number in (old, new):
        if not re.fullmatch(r"\d\d", number):
            raise RenumberError(f"expected a lesson number of two digits, such as 05, found {number!r}")
    if old == new:
        raise RenumberError(f"lesson {old} is already lesson {new}: nothing to move")
    files = lesson_files(course, old)
    if not files:
        raise RenumberError(f"no lesson {old} in {course}: no {old}_* file in lessons/ or notebooks/")
    taken = lesson_files(course, new)
    if taken:
        free = next(f"{n:02d}" for n in range(100) if not lesson_files(course, f"{n:02d}"))
        names = ", ".join(str(p.relative_to(course)) for p in taken)
        raise RenumberError(f"lesson {new} exists already ({names}): choose a free number such as {free}. "
                            f"To swap lessons {old} and {new}, move one through a free number: "
                            f"{old} {free}, then {new} {old}, then {free} {new}.")
    return files


def renumber(course: Path, old: str, new: str) -> Moved:
    """Move lesson ``old`` to the free number ``new`` in the course at ``course``; return what was done."""
    course = Path(course)
    files = check_numbers(course, old, new)
    stems = {p.stem for p in files}
    git = in_git_work_tree(course)
    done = Moved(old, new)
    for path in files:
        target = path.with_name(new + path.name[len(old):])
        move(path, target, git)
        done.renamed.append((path, target))
    # the generated notebook first, so that its source is the newer file of the pair
    for _, path in sorted(done.renamed, key=lambda pair: pair[1].suffix != ".ipynb"):
        if path.suffix == ".ipynb":
            rewrite_notebook(path, old, new, stems)
        else:
            path.write_text(rewrite(path.read_text("utf-8"), old, new, stems), "utf-8")
    done.mentions = mentions(course, old, new, stems, {target for _, target in done.renamed})
    return done


def warning(old: str, new: str) -> str:
    """What a move does to students' journals, which keep each answer under its exercise id."""
    return (f"WARNING: students' saved answers stay under the old ids. A journal (my_work/answers.sqlite) keeps "
            f"each answer under its exercise id ({old}.1, {old}.2, ...) and the version of the exercise it "
            f"answered, so lesson {new} starts empty for a student who answered lesson {old}, and their dossier "
            f"shows those answers as no longer in their bank; a lesson {old} added later would show them as "
            f"answers to an earlier version of its exercises. Renumber only between courses, never while a "
            f"class is working through one.")


def report(done: Moved, course: Path) -> str:
    """The text printed after a move: files renamed, other mentions to check, next commands, the warning."""
    lines = [f"Moved lesson {done.old} to {done.new}:"]
    lines += [f"  {a.relative_to(course)} -> {b.relative_to(course)}" for a, b in done.renamed]
    lines.append(f"and rewrote {done.old}.k ids, sources(\"{done.old}\") and \"Lesson {done.old}\" in them.")
    if done.mentions:
        lines += ["", f"These lines of other files still name lesson {done.old} (left unchanged: "
                      f"check each, e.g. \"What comes next\" and cross-references):"]
        lines += [f"  {m}" for m in done.mentions]
    lines += ["", "Then run, in order:", *(f"  {step}" for step in NEXT_STEPS), "", warning(done.old, done.new)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.renumber", description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the lesson's number now, two digits (05)")
    parser.add_argument("new", help="a free number to move it to, two digits (09)")
    parser.add_argument("--course", type=Path, default=None, help="the course copy (default: the one in use)")
    args = parser.parse_args(argv)
    course = (args.course or paths.course_root()).resolve()
    try:
        done = renumber(course, args.old, args.new)
    except RenumberError as e:
        print(f"renumber: {e}", file=sys.stderr)
        return 2
    print(report(done, course))
    return 0


if __name__ == "__main__":
    sys.exit(main())

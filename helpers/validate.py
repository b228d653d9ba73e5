"""`make check`: validate everything an instructor edits (corpus, events, lexicon, exercise
banks, the bibliography) and say what was checked, or list every problem, each with its file,
line and field, so an instructor fixes them in one pass.
It also prints the cue figures of the choice exercises (can the answer be guessed unread?)."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from helpers.corpus import CorpusError, load_corpus, load_events
from helpers.reader import Problems, ReadError


def run(root: Path | None = None) -> list[str]:
    """Validate the course copy at ``root`` (default: the one in use); one line per thing checked.

    Raises CorpusError (or its subclass BankError) listing every problem found: the first is the
    error raised, the others are in its ``also`` (:class:`helpers.reader.ReadError`).
    """
    lines, problems = survey(root)
    problems.check()
    return lines


def survey(root: Path | None = None) -> tuple[list[str], Problems]:
    """(one line per thing found valid, every problem found) for the course copy at ``root``.

    Each file is read on its own, so one broken file does not hide the problems of the others;
    within a file, every broken document, row, [[source]] or exercise is reported.
    """
    from helpers import paths
    from helpers.banks import bank_paths, check_folder, load_bank
    from helpers.exercises import grade, model_answer, normalize
    from helpers.kinds.choice import cue_figures, cue_problems, cue_report
    from helpers.text import load_lexicon

    root = Path(root) if root is not None else paths.course_root()
    lines: list[str] = []
    problems = Problems()

    def attempt(read):
        try:
            return read()
        except ReadError as e:
            problems.add(e)
            return None

    corpus = attempt(lambda: load_corpus(root / "corpus"))
    if corpus is not None:
        lines.append(f"corpus: {len(corpus)} documents valid ({', '.join(corpus.ids)})")
    events = attempt(lambda: load_events(root / "corpus"))
    if events is not None:
        lines.append(f"corpus/events.csv: {len(events)} dated events valid")
    lexicon = attempt(lambda: load_lexicon(root / "corpus" / "lexicon.csv"))
    if lexicon is not None:
        lines.append(f"corpus/lexicon.csv: {len(lexicon)} terms in {lexicon.category.nunique()} categories valid")
    attempt(lambda: check_folder(root / "lessons"))  # every lesson with two banks; each bank is still checked below
    every = []
    for path in bank_paths(root / "lessons"):
        bank = attempt(lambda: load_bank(path, root / "corpus"))
        if bank is None:
            continue
        wrong = [CorpusError(bank.file, f'exercise "{ex.id}": expected its model answer to be judged right, '
                             "found it judged wrong", field="answer")
                 for ex in bank.exercises.values() if grade(ex, normalize(ex, model_answer(ex)))[0] is False]
        for problem in wrong:
            problems.add(problem)
        every += bank.exercises.values()
        if not wrong:
            kinds = Counter(ex.kind for ex in bank.exercises.values())
            summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            lines.append(f"{bank.file}: {len(bank.exercises)} exercises valid, model answers judged right ({summary})")
    lines += attempt(lambda: check_sources(root)) or []
    figures = cue_figures(every)
    lines += cue_report(figures)
    lines += [f"cues beyond the limit: {p}" for p in cue_problems(figures)]
    return lines, problems


def check_sources(root: Path) -> list[str]:
    """The bibliography and every citation (helpers.sources): raises CorpusError listing each problem."""
    from helpers.sources import check_citations, load_sources

    bib = load_sources(root / "corpus")
    return [f"corpus/sources.toml: {len(bib)} works valid", check_citations(root)]


def course_argument(argv: list[str], program: str) -> Path | None:
    """The course folder a command works on: its one argument, else the course copy in use
    (``RR_COURSE``, else the course folder around the current one, else the package's own folder,
    :func:`helpers.paths.course_root`); None, after saying how to call it, for a wrong argument."""
    from helpers import paths

    if len(argv) > 1 or argv and not (Path(argv[0]) / "corpus").is_dir():
        print(f"usage: python -m {program} [<course folder holding corpus/ and lessons/>]", file=sys.stderr)
        return None
    return Path(argv[0]) if argv else paths.course_root()


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.validate [course folder]``: the folder defaults to the course copy in use."""
    root = course_argument(sys.argv[1:] if argv is None else argv, "helpers.validate")
    if root is None:
        return 2
    lines, problems = survey(root)
    for line in lines:
        print("ok  " if not line.startswith("cues beyond") else "WARN", line)
    for problem in problems:
        print(f"ERROR {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; fix them all, then run make check again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

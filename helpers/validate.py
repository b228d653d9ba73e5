"""`make check`: validate everything an instructor edits (corpus, events, lexicon, exercise
banks) and say what was checked, or stop at the first error with its file, line and field.
It also prints the cue figures of the choice exercises (can the answer be guessed unread?)."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from helpers.corpus import CorpusError, load_corpus, load_events


def run(root: Path | None = None) -> list[str]:
    """Validate the course copy at ``root`` (default: the one in use); one line per thing checked.

    Raises CorpusError (or its subclass BankError) on the first problem.
    """
    from helpers import paths
    from helpers.banks import check_folder, load_bank
    from helpers.exercises import grade, model_answer, normalize
    from helpers.kinds.choice import cue_figures, cue_problems, cue_report
    from helpers.text import load_lexicon

    root = Path(root) if root is not None else paths.course_root()
    corpus = load_corpus(root / "corpus")
    lines = [f"corpus: {len(corpus)} documents valid ({', '.join(corpus.ids)})"]
    events = load_events(root / "corpus")
    lines.append(f"corpus/events.csv: {len(events)} dated events valid")
    lexicon = load_lexicon(root / "corpus" / "lexicon.csv")
    lines.append(f"corpus/lexicon.csv: {len(lexicon)} terms in {lexicon.category.nunique()} categories valid")
    every = []
    for path in check_folder(root / "lessons"):
        bank = load_bank(path, root / "corpus")
        for ex in bank.exercises.values():
            correct, _ = grade(ex, normalize(ex, model_answer(ex)))
            if correct is False:
                raise CorpusError(bank.file, f'exercise "{ex.id}": expected its model answer to be judged right, '
                                  "found it judged wrong", field="answer")
        every += bank.exercises.values()
        kinds = Counter(ex.kind for ex in bank.exercises.values())
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        lines.append(f"{bank.file}: {len(bank.exercises)} exercises valid, model answers judged right ({summary})")
    lines += check_sources(root)
    figures = cue_figures(every)
    lines += cue_report(figures)
    lines += [f"cues beyond the limit: {p}" for p in cue_problems(figures)]
    return lines


def check_sources(root: Path) -> list[str]:
    """The bibliography and every citation (helpers.sources): raises CorpusError listing each problem."""
    from helpers.sources import check_citations, load_sources

    bib = load_sources(root / "corpus")
    return [f"corpus/sources.toml: {len(bib)} works valid", check_citations(root)]


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.validate [course folder]``: the folder defaults to the course copy in use."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1 or argv and not (Path(argv[0]) / "corpus").is_dir():
        print("usage: python -m helpers.validate [<course folder holding corpus/ and lessons/>]", file=sys.stderr)
        return 2
    try:
        for line in run(Path(argv[0]) if argv else None):
            print("ok  " if not line.startswith("cues beyond") else "WARN", line)
    except CorpusError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

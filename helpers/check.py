"""`make check`: validate everything an instructor edits (corpus, lexicon, exercise banks) and
say what was checked, or stop at the first error with its file, line and field."""
from __future__ import annotations

import sys
from pathlib import Path

from helpers.corpus import CorpusError, load_corpus


def run(root: Path | None = None) -> list[str]:
    """Validate and return one line per thing checked; raises CorpusError on the first problem."""
    corpus = load_corpus(None if root is None else root / "corpus")
    lines = [f"corpus: {len(corpus)} documents valid ({', '.join(corpus.ids)})"]
    return lines


def main() -> int:
    try:
        for line in run():
            print("ok  ", line)
    except CorpusError as e:
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

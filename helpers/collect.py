"""Gather every student's journal from a hub's home folders, safely while they are still working.

    python -m helpers.collect <homes> <dest>        (or: make collect HOMES=<homes> DEST=class)

For each student folder ``<homes>/<student>/``, finds ``**/my_work/answers.sqlite`` (the course
folder may have any name) and writes ``<dest>/<student>/answers.sqlite`` with SQLite's online
backup API: a consistent snapshot of the journal including answers still in its write-ahead log,
taken while the student's kernels may be writing. A file copy of a WAL database can miss answers
or give a damaged copy; this never copies the file. The source is opened read-only (no WAL
checkpoint, nothing written beside it). A journal that can't be read (permissions, damaged, not
SQLite) is listed, and the others are still collected. A student with more than one course copy
gets each as ``answers.sqlite``, ``answers-2.sqlite``, ... in the order of their paths.

Then ``make class-report JOURNALS=<dest>`` turns the folder into class_report.html and answers.csv.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["collect", "backup_journal", "find_journals", "Collected"]

BUSY_TIMEOUT_MS = 5000
TRIES = 5


@dataclass
class Collected:
    copied: dict = field(default_factory=dict)   # student -> [destination paths]
    failed: list = field(default_factory=list)   # (source path, reason)


def find_journals(homes: Path) -> dict[str, list[Path]]:
    """student -> their journals (``<homes>/<student>/**/my_work/answers.sqlite``), sorted."""
    found: dict[str, list[Path]] = {}
    homes = Path(homes)
    for home in sorted(p for p in homes.iterdir() if p.is_dir() and not p.name.startswith(".")):
        journals = []
        for dirpath, dirnames, filenames in os.walk(home, onerror=lambda e: None):
            dirnames[:] = sorted(d for d in dirnames if d not in (".git", "node_modules", "__pycache__"))
            if Path(dirpath).name == "my_work" and "answers.sqlite" in filenames:
                journals.append(Path(dirpath) / "answers.sqlite")
        if journals:
            found[home.name] = sorted(journals)
    return found


def backup_journal(source: Path, dest: Path) -> None:
    """Copy the SQLite database ``source`` into ``dest`` with the backup API, source read-only."""
    source, dest = Path(source), Path(dest)
    with open(source, "rb") as fh:  # a clear error for a missing or unreadable file
        if fh.read(16) != b"SQLite format 3\x00":
            raise sqlite3.DatabaseError("not an SQLite database")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dst = sqlite3.connect(tmp)
        try:
            for attempt in range(TRIES):
                try:
                    src.backup(dst)  # one step: a consistent snapshot of the whole database
                    break
                except sqlite3.OperationalError as e:
                    if "locked" not in str(e) and "busy" not in str(e) or attempt == TRIES - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"the copy fails SQLite's quick_check: {check}")
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file in dest
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)


def collect(homes: str | Path, dest: str | Path) -> Collected:
    """Back up every journal under ``homes`` into ``dest/<student>/answers.sqlite``."""
    result = Collected()
    dest = Path(dest)
    for student, journals in find_journals(Path(homes)).items():
        for n, journal in enumerate(journals, 1):
            target = dest / student / ("answers.sqlite" if n == 1 else f"answers-{n}.sqlite")
            try:
                backup_journal(journal, target)
            except (OSError, sqlite3.Error) as e:
                result.failed.append((journal, f"{type(e).__name__}: {e}"))
                continue
            result.copied.setdefault(student, []).append(target)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("homes", help="the folder holding one home folder per student (e.g. /home)")
    parser.add_argument("dest", nargs="?", default="class", help="where to write <student>/answers.sqlite")
    args = parser.parse_args(argv)
    homes = Path(args.homes)
    if not args.homes or not homes.is_dir():
        print(f"error: {args.homes!r} is not a folder of home folders (make collect HOMES=/home DEST=class)",
              file=sys.stderr)
        return 2
    result = collect(homes, args.dest)
    for student, targets in sorted(result.copied.items()):
        for t in targets:
            print(f"collected {student}: {t}")
    for source, reason in result.failed:
        print(f"could not read {source}: {reason}", file=sys.stderr)
    total = sum(len(t) for t in result.copied.values())
    print(f"{total} journal(s) of {len(result.copied)} student(s) in {args.dest}/; {len(result.failed)} unreadable."
          + (f" Next: make class-report JOURNALS={args.dest}" if total else ""))
    return 1 if result.failed and not total else 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the class report on 300 journals (run by `make bench`). Goal: under 10 s.

Builds 300 students' journals through check() against the synthetic bank of
tests/test_classreport.py (each student answers every exercise, some more than once), then
times reading them all and writing class_report.html and answers.csv.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = 300
GOAL_S = 10.0


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_classreport import BANK, _answers  # the same class, scaled up

    tmp = Path(tempfile.mkdtemp(prefix="rr-bench-report-"))
    (tmp / "lessons").mkdir()
    (tmp / "lessons" / "42_count.toml").write_text(BANK, encoding="utf-8")
    os.environ["RR_LESSONS"] = str(tmp / "lessons")
    from helpers import journal
    from helpers.classreport import write_report
    from helpers.exercises import check

    t0 = time.perf_counter()
    attempts = 0
    for n in range(1, STUDENTS + 1):
        os.environ["RR_JOURNAL"] = str(tmp / "class" / f"s{n:03d}" / "answers.sqlite")
        journal._forget()
        for ex_id, answer in _answers(n % 30 + 1):
            check(ex_id, answer)
            attempts += 1
    journal._forget()
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    page, table = write_report(tmp / "class", tmp / "out")
    took = time.perf_counter() - t0
    verdict = "meets" if took < GOAL_S else "MISSES"
    print(f"class report: {STUDENTS} journals, {attempts} attempts (built in {built:.1f} s)")
    print(f"class report: read and written in {took:.2f} s ({verdict} the goal of {GOAL_S:.0f} s); "
          f"{page.stat().st_size // 1024} kB of HTML, {table.stat().st_size // 1024} kB of CSV")
    return 0


if __name__ == "__main__":
    sys.exit(main())

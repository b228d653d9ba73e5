"""Measure exercise display and journal writes (run by `make bench`).

Targets: exercise(id) shows in <= 50 ms after the first call (the bank is parsed once);
one journal write <= 5 ms. Uses a temporary journal, never a student's.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SHOW_MS = 50.0
TARGET_WRITE_MS = 5.0


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return f"median {statistics.median(samples) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, max {samples[-1] * 1000:.2f} ms (n={len(samples)})"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="rr-bench-"))
    os.environ["RR_JOURNAL"] = str(tmp / "answers.sqlite")

    t0 = time.perf_counter()
    from helpers import journal
    from helpers.exercises import check
    from helpers.widgets import exercise
    print(f"import helpers.exercises: {(time.perf_counter() - t0) * 1000:.0f} ms (ipywidgets not yet loaded)")

    t0 = time.perf_counter()
    exercise("00.1")
    first = time.perf_counter() - t0
    print(f"first exercise('00.1'): {first * 1000:.0f} ms (imports ipywidgets, parses the bank)")

    check("00.1", 3)  # so later displays also restore an answer from the journal
    shows = []
    for _ in range(50):
        t0 = time.perf_counter()
        exercise("00.1")
        shows.append(time.perf_counter() - t0)
    print(f"exercise('00.1') again, restoring an answer: {_ms(shows)}")

    writes = []
    for i in range(500):
        t0 = time.perf_counter()
        journal.record("00.1", "choice", i % 4, i % 4 == 3)
        writes.append(time.perf_counter() - t0)
    print(f"journal.record: {_ms(writes)}")

    checks = []
    for i in range(200):
        t0 = time.perf_counter()
        check("00.1", i % 4)
        checks.append(time.perf_counter() - t0)
    print(f"check('00.1', n) with its journal write: {_ms(checks)}")

    show_ok = statistics.median(shows) * 1000 <= TARGET_SHOW_MS
    write_ok = statistics.median(writes) * 1000 <= TARGET_WRITE_MS
    print(f"targets: show <= {TARGET_SHOW_MS:.0f} ms {'met' if show_ok else 'MISSED'}; "
          f"write <= {TARGET_WRITE_MS:.0f} ms {'met' if write_ok else 'MISSED'}")
    journal._forget()
    return 0 if show_ok and write_ok else 1


if __name__ == "__main__":
    sys.exit(main())

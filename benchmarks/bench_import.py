"""How long a lesson's setup cell takes: `import helpers; load_corpus()` against `import pandas` alone.

Each is timed in a fresh interpreter, the two alternating so that machine load falls on both
alike (median of 15 runs each), in one run of this script, and the ratio printed; then, in one
interpreter, what helpers adds on top of pandas. Goal: <= 1.2x, which holds only while matplotlib and ipywidgets stay out of
helpers' import path.
"""
from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 15
SNIPPETS = {
    "import pandas": "import pandas",
    "import helpers; load_corpus()": "import helpers; helpers.load_corpus()",
}


def time_snippet(code: str) -> float:
    timer = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    for code in SNIPPETS.values():
        time_snippet(code)  # warm the file cache
    samples: dict[str, list[float]] = {name: [] for name in SNIPPETS}
    for _ in range(RUNS):
        for name, code in SNIPPETS.items():
            samples[name].append(time_snippet(code))
    results = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in results.items():
        print(f"{name:32s} {value * 1000:8.1f} ms (median of {RUNS})")
    ratio = results["import helpers; load_corpus()"] / results["import pandas"]
    print(f"ratio helpers+corpus / pandas: {ratio:.2f}x (goal <= 1.20x) {'OK' if ratio <= 1.2 else 'OVER GOAL'}")
    extra = subprocess.run([sys.executable, "-c", "import time, pandas; t = time.perf_counter(); import helpers; "
                            "helpers.load_corpus(); print(time.perf_counter() - t)"], capture_output=True, text=True, check=True)
    print(f"helpers + load_corpus() on top of an imported pandas: {float(extra.stdout) * 1000:.1f} ms")
    loaded = subprocess.run([sys.executable, "-c", "import sys, helpers; helpers.load_corpus(); "
                             "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    print(f"heavy modules imported by helpers: {loaded}")


if __name__ == "__main__":
    main()

"""Speed of helpers.text against NLTK on synthetic corpora built from the real documents' words.

For 100k, 1M and (memory allowing) 10M tokens it writes a corpus of two documents (syn-a and
syn-b, each that size) into a temporary folder, loads it with load_corpus, and times:

- kwic (a rare word, "mistakes", and a common one, "party") against nltk.ConcordanceIndex +
  find_concordance, both *cold* (from the text: our tokenizer feeds NLTK too, and is timed for
  both) and *warm* (our cached index against NLTK's further query on its built index);
- frequencies of every word against nltk.FreqDist, cold and warm (FreqDist has no cache: its
  warm time is building it from ready tokens);
- keyness of syn-a (1M) against syn-b (1M), cold and warm.

It prints ratios measured in this run. Goals: >= 10x faster than NLTK; 10x the corpus costs
<= 11x the time; keyness of 1M against 1M tokens <= 0.5 s. NLTK is not a course dependency: if
it cannot be imported it is installed into .bench/nltk-venv (git-ignored), or the NLTK rows are
skipped with a message.
"""
from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.corpus import DEFAULT_ROOT, load_corpus  # noqa: E402
from helpers.text import _index, frequencies, keyness, kwic, tokens  # noqa: E402

SIZES = [100_000, 1_000_000, 10_000_000]
TERMS = ["mistakes", "party"]
SEED = 1938


# ---------------------------------------------------------------- NLTK, outside the course's venv

def nltk_or_none():
    try:
        import nltk  # noqa: F401
        return nltk
    except ImportError:
        pass
    venv = ROOT / ".bench" / "nltk-venv"
    site = sorted(venv.glob("lib/python*/site-packages"))
    if not site:
        print(f"NLTK is not installed here: installing it into {venv.relative_to(ROOT)} (not the course's .venv) ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "nltk"],
                           check=True, capture_output=True, timeout=600)
        except (subprocess.SubprocessError, OSError) as e:
            print(f"SKIP NLTK comparison: could not install nltk ({e.__class__.__name__}); only our own timings follow.")
            return None
        site = sorted(venv.glob("lib/python*/site-packages"))
    sys.path.append(str(site[0]))  # appended: it must not shadow the course's packages
    try:
        import nltk
        return nltk
    except ImportError as e:
        print(f"SKIP NLTK comparison: nltk did not import from {site[0]} ({e}).")
        return None


# ---------------------------------------------------------------- synthetic corpus

def words(ids: list[str]) -> list[str]:
    """The real documents' words as printed (with their punctuation), one entry per occurrence."""
    real = load_corpus()
    return [w for doc_id in ids for w in re.findall(r"\S+", real[doc_id].text)]


def synthetic_text(pool: list[str], n: int, seed: int) -> str:
    """About ``n`` words drawn from ``pool``, in paragraphs of 40-160 words and lines of about 14."""
    rng = random.Random(seed)
    drawn = rng.choices(pool, k=n)
    paras, i = [], 0
    while i < n:
        size = rng.randint(40, 160)
        chunk = drawn[i:i + size]
        paras.append("\n".join(" ".join(chunk[j:j + 14]) for j in range(0, len(chunk), 14)))
        i += size
    return "\n\n".join(paras) + "\n"


def write_corpus(folder: Path, texts: dict[str, str]) -> None:
    template = (DEFAULT_ROOT / "kwp-1956-09-23" / "document.toml").read_text(encoding="utf-8")
    for doc_id, text in texts.items():
        d = folder / doc_id
        d.mkdir(parents=True)
        data = text.encode("utf-8")
        (d / "raw.txt").write_bytes(data)
        (d / "edition.txt").write_bytes(data)
        toml = re.sub(r'(?m)^id = ".*"$', f'id = "{doc_id}"', template)
        toml = re.sub(r'(?m)^raw_sha256 = ".*"$', f'raw_sha256 = "{hashlib.sha256(data).hexdigest()}"', toml)
        (d / "document.toml").write_text(toml, encoding="utf-8")


# ---------------------------------------------------------------- timing

def best(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def cold(fn, runs: int) -> float:
    def run():
        _index.cache_clear()
        fn()
    return best(run, runs)


def available_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024 ** 2
    except OSError:
        pass
    return 0.0


def measure(n: int, nltk, tmp: Path) -> dict:
    a_pool = words(["vkpb-1938-01-19", "ussr-embassy-1950-05-06", "kwp-1956-09-23", "hrw-2016-05"])
    b_pool = words(["ussr-embassy-1950-05-06", "hrw-2016-05"])
    folder = tmp / f"corpus-{n}"
    write_corpus(folder, {"syn-a": synthetic_text(a_pool, n, SEED), "syn-b": synthetic_text(b_pool, n, SEED + 1)})
    corpus = load_corpus(folder)
    text = corpus["syn-a"].text
    runs = 5 if n <= 1_000_000 else 2  # cold runs (best of): the machine may be shared, so repeat
    nltk_runs = 3 if n <= 1_000_000 else 1
    r: dict = {"n": len(tokens(text))}
    for term in TERMS:
        r[f"kwic cold {term}"] = cold(lambda: kwic(corpus, term, docs="syn-a"), runs)
        r[f"kwic warm {term}"] = best(lambda: kwic(corpus, term, docs="syn-a"))
        r[f"hits {term}"] = len(kwic(corpus, term, docs="syn-a"))
    r["freq cold"] = cold(lambda: frequencies(corpus, docs="syn-a"), runs)
    r["freq warm"] = best(lambda: frequencies(corpus, docs="syn-a"))
    r["keyness cold"] = cold(lambda: keyness(corpus, "syn-a", "syn-b"), runs)
    r["keyness warm"] = best(lambda: keyness(corpus, "syn-a", "syn-b"))
    if nltk is not None:
        from nltk import FreqDist
        from nltk.text import ConcordanceIndex
        r["nltk tokenize"] = best(lambda: tokens(text), nltk_runs)
        toks = tokens(text)
        for term in TERMS:
            def first(term=term):
                index = ConcordanceIndex(toks)
                return index, index.find_concordance(term, width=80)
            r[f"nltk build+query {term}"] = best(first, nltk_runs)
            index, lines = first()
            assert len(lines) == r[f"hits {term}"], (term, len(lines), r[f"hits {term}"])
            r[f"nltk query {term}"] = best(lambda: index.find_concordance(term, width=80), nltk_runs)
            del index, lines
        r["nltk freqdist"] = best(lambda: FreqDist(toks), nltk_runs)
        del toks
    _index.cache_clear()
    return r


def main() -> None:
    nltk = nltk_or_none()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"NLTK {nltk.__version__ if nltk else 'not available'}. Times in seconds, best of several runs.")
    results = []
    with tempfile.TemporaryDirectory(prefix="rr-bench-") as tmp:
        for n in SIZES:
            if n >= 10_000_000 and available_gb() < 6:
                print(f"SKIP {n:,} tokens: {available_gb():.1f} GB of memory available, 6 GB wanted.")
                continue
            r = measure(n, nltk, Path(tmp))
            results.append(r)
            print(f"\n{r['n']:,} tokens per document (syn-a; syn-b the same size):")
            for term in TERMS:
                line = (f"  kwic {term!r} ({r[f'hits {term}']:,} hits): cold {r[f'kwic cold {term}']:.3f}, "
                        f"warm {r[f'kwic warm {term}']:.4f}")
                if nltk:
                    nl_cold = r["nltk tokenize"] + r[f"nltk build+query {term}"]
                    line += (f" | NLTK tokenize+build+query {nl_cold:.3f} -> cold ratio {nl_cold / r[f'kwic cold {term}']:.1f}x; "
                             f"NLTK build+query {r[f'nltk build+query {term}']:.3f} -> warm ratio "
                             f"{r[f'nltk build+query {term}'] / r[f'kwic warm {term}']:.1f}x; NLTK further query "
                             f"{r[f'nltk query {term}']:.4f} -> {r[f'nltk query {term}'] / r[f'kwic warm {term}']:.1f}x")
                print(line)
            line = f"  frequencies (every word): cold {r['freq cold']:.3f}, warm {r['freq warm']:.4f}"
            if nltk:
                nl_cold = r["nltk tokenize"] + r["nltk freqdist"]
                line += (f" | NLTK tokenize+FreqDist {nl_cold:.3f} -> cold ratio {nl_cold / r['freq cold']:.1f}x; "
                         f"FreqDist on ready tokens {r['nltk freqdist']:.3f} -> warm ratio {r['nltk freqdist'] / r['freq warm']:.1f}x")
            print(line)
            goal = " (goal <= 0.5 s)" if r["n"] >= 900_000 and r["n"] < 2_000_000 else ""
            print(f"  keyness syn-a against syn-b: cold {r['keyness cold']:.3f}, warm {r['keyness warm']:.4f}{goal}")
    print("\nScaling (time for 10x the tokens / time; goal <= 11x):")
    keys = [f"kwic cold {t}" for t in TERMS] + [f"kwic warm {t}" for t in TERMS] + \
           ["freq cold", "freq warm", "keyness cold", "keyness warm"]
    for small, big in zip(results, results[1:]):
        ratios = ", ".join(f"{k} {big[k] / small[k]:.1f}x" for k in keys)
        print(f"  {small['n']:,} -> {big['n']:,}: {ratios}")


if __name__ == "__main__":
    main()

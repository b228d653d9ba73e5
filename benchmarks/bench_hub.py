"""How many students one machine holds: a real JupyterHub, 1 (solo), 5, 10, 20 and 40 students at
once, each starting a server, pulling the course with nbgitpuller and running lesson 03 top to
bottom through a kernel of their own server (cell by cell, over the kernel websocket).

Prints, per class size: wall time until every student is done, failures, spawn time per student
(median and worst), lesson time (median and worst), RSS of each single-user server and of its
kernel, and whether every lesson finished within twice the solo time; then the largest class that
met that. Results also go to .bench/hub.json. Each class gets a fresh hub, stopped by its pid.

    python benchmarks/bench_hub.py [--sizes 5,10,20,40] [--deadline 900]

Skips (exit 0, with the reason) where node, configurable-http-proxy (make hub-deps), JupyterHub or
nbgitpuller are missing. The machine is not idle when other work runs: the load average before
each class is printed with it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "hub"))
import hubkit  # noqa: E402

LESSON = "notebooks/03_close_reading_1938.ipynb"
MIB = 1024 * 1024


def lesson_cells(copy: Path) -> list[str]:
    nb = json.loads((copy / LESSON).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def student(hub: hubkit.Hub, bare: Path, name: str, out: dict, kernels: list, lock: threading.Lock) -> None:
    rec = out[name] = {"ok": False}
    t0 = time.monotonic()
    try:
        rec["spawn_s"] = hub.spawn(name)
        t = time.monotonic()
        hub.pull(name, str(bare), "main", hubkit.COURSE_NAME)
        rec["pull_s"] = time.monotonic() - t
        t = time.monotonic()
        kernel = hub.kernel(name, f"{hubkit.COURSE_NAME}/notebooks")
        with lock:
            kernels.append(kernel)
        for n, code in enumerate(lesson_cells(hub.homes / name / hubkit.COURSE_NAME)):
            res = kernel.execute(code, timeout=900)
            if res["error"]:
                raise RuntimeError(f"cell {n}: {res['error']}")
        rec["lesson_s"] = time.monotonic() - t  # kernel start and every cell of the lesson
        rec["ok"] = True
    except Exception as e:  # noqa: BLE001 - a failure is a result to report
        rec["error"] = f"{type(e).__name__}: {str(e)[:300]}"
    rec["total_s"] = time.monotonic() - t0


def run_class(size: int, deadline: float, tmp: Path) -> dict:
    tmp.mkdir(parents=True)
    bare, _ = hubkit.course_repo(tmp)
    hub = hubkit.Hub(tmp)
    load = os.getloadavg()[0]
    hub.start()
    out, kernels, lock = {}, [], threading.Lock()
    try:
        t0 = time.monotonic()
        names = [f"s{size:02d}x{i:02d}" for i in range(size)]
        threads = [threading.Thread(target=student, args=(hub, bare, n, out, kernels, lock), daemon=True) for n in names]
        for th in threads:
            th.start()
        for th in threads:
            th.join(max(0.0, deadline - (time.monotonic() - t0)))
        wall = time.monotonic() - t0
        unfinished = [n for n, th in zip(names, threads) if th.is_alive()]
        rss = hubkit.rss_by_user(hub)  # every kernel still alive: the class at its fullest
    finally:
        for k in kernels:
            try:
                k.ws.close()
            except Exception:  # noqa: BLE001
                pass
        killed = hub.stop()
    recs = [out.get(n, {"ok": False, "error": "did not start"}) for n in names]
    done = [r for r in recs if r.get("ok")]
    return {
        "size": size, "load_before": round(load, 2), "wall_s": round(wall, 1), "unfinished": len(unfinished),
        "failures": size - len(done),
        "errors": sorted({r.get("error", "unfinished") for r in recs if not r.get("ok")})[:5],
        "spawn_s": [round(r["spawn_s"], 2) for r in recs if "spawn_s" in r],
        "pull_s": [round(r["pull_s"], 2) for r in recs if "pull_s" in r],
        "lesson_s": [round(r["lesson_s"], 2) for r in done],
        "server_mib": [round(v["server"] / MIB, 1) for v in rss.values()],
        "kernel_mib": [round(v["kernels"] / MIB, 1) for v in rss.values()],
        "class_gib": round(sum(v["server"] + v["kernels"] for v in rss.values()) / 2**30, 2), "killed_after_stop": killed,
    }


def _med(xs):
    return statistics.median(xs) if xs else float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,10,20,40")
    parser.add_argument("--deadline", type=float, default=900, help="seconds a class may take before it counts as unfinished")
    args = parser.parse_args(argv)
    reason = hubkit.requirements()
    if reason:
        print(f"bench_hub skipped: {reason}")
        return 0
    import psutil
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores (nproc), {psutil.virtual_memory().total / 2**30:.1f} GiB RAM; "
          f"lesson: {LESSON}")
    results = []
    with tempfile.TemporaryDirectory(prefix="rr-bench-hub-") as tmp:
        for size in [1, *sizes]:
            r = run_class(size, args.deadline, Path(tmp) / f"class{size}")
            results.append(r)
            print(f"  {size:>3} students: {r['wall_s']:.0f} s, {r['failures']} failed, load before {r['load_before']}"
                  + (f"; errors: {r['errors']}" if r["errors"] else ""), flush=True)
    solo = results[0]["lesson_s"][0] if results[0]["lesson_s"] else float("nan")
    print()
    print("| students | all done (s) | failures | spawn s (median / worst) | lesson s (median / worst) "
          "| within 2x solo | server MiB | kernel MiB | class GiB | load before |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    best = 0
    for r in results:
        worst = max(r["lesson_s"]) if r["lesson_s"] else float("inf")
        within = r["failures"] == 0 and worst <= 2 * solo
        if within:
            best = max(best, r["size"])
        wall = f"{r['wall_s']:.0f}" + (f" ({r['unfinished']} unfinished at {args.deadline:.0f} s)" if r["unfinished"] else "")
        print(f"| {r['size']}{' (solo)' if r['size'] == 1 else ''} | {wall} | {r['failures']} "
              f"| {_med(r['spawn_s']):.1f} / {max(r['spawn_s'], default=float('nan')):.1f} "
              f"| {_med(r['lesson_s']):.1f} / {worst:.1f} | {'yes' if within else 'no'} "
              f"| {_med(r['server_mib']):.0f} | {_med(r['kernel_mib']):.0f} | {r['class_gib']:.1f} | {r['load_before']} |")
    per_student = _med([s + k for r in results for s, k in zip(r["server_mib"], r["kernel_mib"])])
    print()
    print(f"solo lesson time {solo:.1f} s; largest class with every lesson within 2x solo: {best} "
          f"({best / (os.cpu_count() or 1):.1f} students per core); memory per student (server + kernel, median "
          f"RSS): {per_student:.0f} MiB")
    out = ROOT / ".bench" / "hub.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"cores": os.cpu_count(), "ram_gib": psutil.virtual_memory().total / 2**30,
                               "solo_lesson_s": solo, "largest_within_2x": best, "per_student_mib": per_student,
                               "results": results}, indent=1))
    print(f"details: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

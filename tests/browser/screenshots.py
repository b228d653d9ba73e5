"""`make screenshots`: every lesson after Run All in Chromium at 1400x1000, the whole notebook as
tiles (JupyterLab scrolls inside .jp-WindowedPanel-outer), for anyone changing a lesson to look at
before committing. Writes tests/browser/screenshots/lessons/<NN>-<tile>.png (git-ignored) and
prints what the layout checks of tests/browser/test_layout.py find in each lesson.

    python tests/browser/screenshots.py [03 05 ...]     (default: every lesson)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rr_lab  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots" / "lessons"


def main(wanted: list[str]) -> int:
    reason = rr_lab.requirements()
    if reason:
        print(f"make screenshots: {reason}", file=sys.stderr)
        return 1
    names = [n for n in rr_lab.lessons() if not wanted or any(n.startswith(w) for w in wanted)]
    with tempfile.TemporaryDirectory(prefix="rr-screenshots-") as tmp:
        tmp = Path(tmp)
        with rr_lab.lab_server(tmp) as lab, rr_lab.browser(tmp / "profile") as context:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(rr_lab.STEP_MS)
            for name in names:
                start = time.monotonic()
                rr_lab.open_notebook(page, lab["base"], name)
                rr_lab.run_all(page)
                tiles = rr_lab.screenshot_tiles(page, OUT, name[:2])
                found = rr_lab.layout(page)
                problems = found["scrolls"] + found["selects"] + found["figures"]
                print(f"{name}: {len(tiles)} tiles in {OUT.relative_to(rr_lab.ROOT)}/{name[:2]}-*.png "
                      f"({time.monotonic() - start:.0f} s); {len(problems)} layout problems", flush=True)
                for p in problems:
                    print(f"    {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

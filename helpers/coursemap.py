"""The course map: for each lesson its objectives, the exercises that test each, its time and
documents, generated from the notebooks' "Before you start" cells and the lesson banks, so it is
never written twice. `make coursemap` writes it into README.md; a test checks README is current.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from helpers import paths

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- course-map:begin -->", "<!-- course-map:end -->"
RIGHTS_BEGIN, RIGHTS_END = "<!-- rights:begin -->", "<!-- rights:end -->"
OBJECTIVE = re.compile(r"^\s*\d+\.\s+(.*?)\s*\(exercises?:\s*([\d., ]+)\)\s*$", re.M)
TIME = re.compile(r"\*\*Time:\*\*\s*([^:\n.]+)")


def lesson_header(notebook: Path) -> dict:
    """Title, objectives (with exercise ids) and time from a lesson notebook's opening cells."""
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    md = ["".join(c["source"]) for c in cells[:3] if c["cell_type"] == "markdown"]
    text = "\n".join(md)
    title = re.search(r"^# (.+)$", text, re.M)
    time = TIME.search(text)
    return {
        "title": title.group(1).strip() if title else notebook.stem,
        "objectives": [(o, [i.strip() for i in ids.split(",") if i.strip()]) for o, ids in OBJECTIVE.findall(text)],
        "time": time.group(1).strip() if time else "",
    }


def lesson_documents(bank: Path, notebook: Path | None = None, corpus: Path | None = None) -> list[str]:
    """Document ids the lesson works with: its exercises' `doc` and `docs` fields, and the ids its
    notebook's code cells name (ids of the corpus at ``corpus``, default the course copy's corpus/).
    A broken bank is a BankError naming its file, line and field."""
    from helpers.banks import load_bank

    corpus = Path(corpus) if corpus is not None else paths.corpus_dir()
    docs: set[str] = set()
    if bank.exists():
        for ex in load_bank(bank, corpus).exercises.values():
            docs |= set(ex.documents)
    if notebook is not None and notebook.exists():
        known = [p.name for p in corpus.iterdir() if (p / "document.toml").exists()]
        cells = json.loads(notebook.read_text("utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        docs |= {d for d in known if d in code}
    return sorted(docs)


def course_map(root: Path = ROOT) -> str:
    """The course map as a Markdown table, one row per lesson notebook."""
    rows = ["| lesson | you will be able to (exercises) | time | documents |", "|---|---|---|---|"]
    for nb in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        head = lesson_header(nb)
        objectives = "<br>".join(f"{o} ({', '.join(ids)})" for o, ids in head["objectives"])
        docs = ", ".join(f"`{d}`" for d in lesson_documents(root / "lessons" / f"{nb.stem}.toml", nb, root / "corpus")) or "all (catalog)"
        link = f"[{head['title']}](notebooks/{nb.name})"
        rows.append(f"| {link} | {objectives} | {head['time']} | {docs} |")
    return "\n".join(rows)


def readme_with_map(readme: str, table: str, begin: str = BEGIN, end: str = END) -> str:
    """README with the text between the ``begin`` and ``end`` markers replaced by ``table``."""
    if begin not in readme or end not in readme:
        raise ValueError(f"README.md: expected the markers {begin} and {end}, found none")
    before, _, rest = readme.partition(begin)
    _, _, after = rest.partition(end)
    return f"{before}{begin}\n{table}\n{end}{after}"


def rights_section(root: Path = ROOT) -> str:
    """The README's table of what is known of the rights in each document (from ``rights`` in
    each document.toml), so the README never says more, or less, than the corpus."""
    from helpers.sources import rights_table

    return rights_table(root / "corpus")


def readme_generated(readme: str, root: Path = ROOT) -> str:
    """README with both generated sections (course map, rights) brought up to date."""
    readme = readme_with_map(readme, course_map(root))
    return readme_with_map(readme, rights_section(root), RIGHTS_BEGIN, RIGHTS_END)


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.coursemap [course folder]``: update that course's README.md (the folder as
    for ``python -m helpers.validate``: the argument, else the course copy in use)."""
    from helpers.validate import course_argument

    root = course_argument(sys.argv[1:] if argv is None else argv, "helpers.coursemap")
    if root is None:
        return 2
    readme = root / "README.md"
    try:
        if not readme.is_file():
            raise ValueError(f"{readme}: expected the course's README.md, found no file")
        readme.write_text(readme_generated(readme.read_text("utf-8"), root), "utf-8")
    except ValueError as e:  # a broken bank or corpus (ReadError), or README.md without its markers
        print(f"ERROR {e}", file=sys.stderr)
        return 1
    print("README.md course map and rights table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""README.md keeps no hand-written list of the documents that a new document makes incomplete:
every table, list or paragraph that names two or more documents of the corpus (outside the sections
`make coursemap` generates) names all of them."""
from __future__ import annotations

import re

from helpers.coursemap import ROOT

GENERATED = re.compile(r"<!-- ([\w-]+):begin -->.*?<!-- \1:end -->", re.S)


def incomplete_lists(text: str, ids: set[str]) -> list[str]:
    """Each block of ``text`` (lines between blank lines, generated sections left out) that names at
    least two of ``ids`` but not all of them."""
    blocks = re.split(r"\n\s*\n", GENERATED.sub("", text))
    return [block for block in blocks if 2 <= len({i for i in ids if i in block}) < len(ids)]


def test_readme_names_every_document_wherever_it_lists_them(corpus):
    ids = {doc.id for doc in corpus}
    found = incomplete_lists((ROOT / "README.md").read_text("utf-8"), ids)
    assert not found, ("README.md lists some documents of the corpus but not all; point to the generated "
                       "table (`make coursemap`) instead:\n\n" + "\n\n".join(found))


def test_a_hand_written_table_that_leaves_one_out_is_found(corpus):
    ids = sorted(doc.id for doc in corpus)
    table = "| id | what it is |\n|---|---|\n" + "".join(f"| `{i}` | a document |\n" for i in ids[:-1])
    generated = "<!-- rights:begin -->\n" + table + "<!-- rights:end -->"
    assert incomplete_lists(f"Intro.\n\n{table}\nAfter.", set(ids)) == [table.rstrip("\n")]
    assert incomplete_lists(f"Intro.\n\n{generated}\n\nAfter.", set(ids)) == []

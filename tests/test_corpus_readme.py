"""Following corpus/README.md alone is enough to add a document to the corpus, whatever its size."""
from __future__ import annotations

import hashlib
import re
import textwrap

import pytest

from helpers.corpus import DEFAULT_ROOT, load_corpus

README = DEFAULT_ROOT / "README.md"


def readme_template() -> str:
    blocks = re.findall(r"```toml\n(.*?)```", README.read_text(), flags=re.S)
    assert len(blocks) == 1, "corpus/README.md should hold exactly one ```toml template"
    return textwrap.dedent(blocks[0])


def test_a_document_added_from_the_readme_template_loads_catalogs_and_cites(corpus_copy):
    root = corpus_copy
    before = len(load_corpus(root))
    folder = root / "cpsu-1956-02-25"
    folder.mkdir()
    raw = b"Site menu\n\nComrades! A speech.\n\nShare this page\n"
    (folder / "raw.txt").write_bytes(raw)                       # step 2
    digest = hashlib.sha256(raw).hexdigest()                    # step 3
    (folder / "edition.txt").write_text("Comrades! A speech.\n")  # step 4
    toml = readme_template().replace("paste the 64 hex digits from step 3 here", digest)  # step 5
    (folder / "document.toml").write_text(toml)
    corpus = load_corpus(root)                                  # step 6
    assert len(corpus) == before + 1
    assert corpus["cpsu-1956-02-25"].meta["rights"].strip()
    assert corpus.catalog.loc["cpsu-1956-02-25", "short_title"] == "CPSU Congress speech, February 1956"
    note = corpus["cpsu-1956-02-25"].cite()
    assert note.startswith("N. S. Khrushchev, \u201cOn the Cult of Personality and Its Consequences,\u201d February 25, 1956")
    assert "Wilson Center" in note


def test_the_readme_example_error_is_what_the_loader_says(corpus_copy, edit):
    # The README quotes an error message; it must be the real one.
    edit(corpus_copy / "kwp-1956-09-23" / "document.toml", 'date = "1956-09-23"', 'date = "23 Sept 1956"')
    with pytest.raises(ValueError) as info:  # what the README's reader would catch
        load_corpus(corpus_copy)
    message = str(info.value).splitlines()[0]  # the first problem; every other one follows on its own line
    quoted = re.search(r"^    (corpus/kwp-1956-09-23/document.toml, line \d+.*)$", README.read_text(), flags=re.M).group(1)
    assert re.sub(r"line \d+", "line N", message) == re.sub(r"line \d+", "line N", quoted)

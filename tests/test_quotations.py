"""History is exact: every short quotation in a lesson that names its document and paragraph,
like "serious mistakes" (kwp-1956-09-23, paragraph 5), is found in that paragraph of the corpus."""
from __future__ import annotations

import re

import pytest

from notebook_source import ROOT

# "phrase" followed (within a few words) by (doc-id, paragraph N) or (doc-id, paragraphs N-M and K)
QUOTED = re.compile(r'["\u201c]([^"\u201c\u201d\n]{3,120})["\u201d][^"\u201c\u201d()\n]{0,40}?'
                    r'\(((?:vkpb|kwp|ussr|hrw)[\w-]+),? paragraphs? (\d+(?:\s*(?:-|\u2013|,|and)\s*\d+)*)')
FILES = sorted([*(ROOT / "notebooks" / "source").glob("*.md"), *(ROOT / "lessons").glob("[0-9][0-9]_*.md"),
                *(ROOT / "lessons").glob("[0-9][0-9]_*.toml")])


def paragraph_numbers(spec: str) -> list[int]:
    """'5' -> [5]; '17-20' -> [17, 18, 19, 20]; '5-7 and 10' -> [5, 6, 7, 10]."""
    numbers = []
    for part in re.split(r",|\band\b", spec):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        numbers += list(range(ends[0], ends[-1] + 1)) if ends else []
    return numbers


def fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def misquotations(text: str, corpus) -> list[str]:
    found = []
    for m in QUOTED.finditer(text.replace('\\"', '"')):
        phrase, doc_id, spec = m.groups()
        if doc_id not in corpus:
            found.append(f"{doc_id} is not a document id")
            continue
        paras = corpus[doc_id].paragraphs
        where = fold(" ".join(paras[n - 1] for n in paragraph_numbers(spec) if 1 <= n <= len(paras)))
        pieces = [p.strip(" .,;:") for p in re.split(r"\.\.\.|\u2026", fold(phrase))]
        if not all(p in where for p in pieces if p):
            found.append(f'"{phrase}" is not in {doc_id}, paragraph(s) {spec}')
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_quotations_with_a_paragraph_are_in_that_paragraph(path, corpus):
    assert misquotations(path.read_text("utf-8"), corpus) == []


@pytest.mark.parametrize("sentence,problems", [
    ('It says "were serious" (kwp-1956-09-23, paragraph 5).', []),
    ('It says "were harmless" (kwp-1956-09-23, paragraph 5).',  # misquoted
     ['"were harmless" is not in kwp-1956-09-23, paragraph(s) 5']),
    ('It says "magnanimity" (kwp-1956-09-23, paragraph 5).',  # the wrong paragraph
     ['"magnanimity" is not in kwp-1956-09-23, paragraph(s) 5']),
    ('It says "magnanimity" (kwp-1956-09-23, paragraphs 5-7).', []),
    ('It says "magnanimity" (kwp-1956-09-99, paragraph 5).', ["kwp-1956-09-99 is not a document id"]),
])
def test_quotation_check_catches_a_misquote_and_a_wrong_paragraph(corpus, sentence, problems):
    assert misquotations(sentence, corpus) == problems


@pytest.mark.parametrize("spec,numbers", [("5", [5]), ("17-20", [17, 18, 19, 20]), ("5-7 and 10", [5, 6, 7, 10]),
                                          ("3, 5", [3, 5])])
def test_paragraph_numbers(spec, numbers):
    assert paragraph_numbers(spec) == numbers

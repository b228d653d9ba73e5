"""helpers.sources: the bibliography (corpus/sources.toml), the citations that use it, each
lesson's Sources section, and the checks `make check` runs (unknown labels, CONTEXT, events)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.corpus import CorpusError, load_corpus, load_events
from helpers.sources import (SourceList, check_citations, citation_problems, cited_labels, load_sources,
                             rights_table, sources)

ROOT = Path(__file__).resolve().parent.parent

# The labels of the workers' contract, exactly.
CONTRACT_LABELS = [
    "Getty and Naumov 1999", "Khlevniuk 1996", "Khlevniuk 2004", "Khlevniuk 2015", "Conquest 1990", "Kotkin 2017",
    "Werth 2010", "Politburo decision P57/48, 1938", "Archontology", "Seventeen Moments", "Matthews 1974",
    "FRUS 1933-39, doc. 448", "Lankov 2005", "Person 2006", "Szalontai 2005", "Wilson Center doc. 112046",
    "Wilson Center doc. 113372", "Wilson Center doc. 121795", "Plenum minutes, 23 September 1956",
    "Meeting minutes, 22 September 1956", "Fugitives' letter, 5 September 1956",
    "Encyclopedia of Korean Local Culture", "Yonhap 2007", "HRW press release 2016", "Reading Like a Historian",
    "Seixas and Morton 2013", "Dunning 1993", "Rayson and Garside 2000", "Hardie 2014",
]


@pytest.fixture(scope="module")
def bib():
    return load_sources()


# ---------------------------------------------------------------- the bibliography

def test_the_bibliography_holds_every_label_of_the_contract(bib):
    assert sorted(bib.labels) == sorted(CONTRACT_LABELS)
    assert len(set(bib.keys)) == len(bib) == len(CONTRACT_LABELS)


def test_every_work_has_title_year_and_a_publisher_or_archive(bib):
    for work in bib:
        assert work.title and re.fullmatch(r"\d{4}|n\.d\.", work.year), work.key
        assert work.publisher or work.archive, work.key
        assert work.reference().endswith(".") or work.note


@pytest.mark.parametrize("key,parts", [
    ("dunning-1993", ["Ted Dunning", "Accurate Methods for the Statistics of Surprise and Coincidence",
                      "Computational Linguistics 19, no. 1: 61-74", "1993"]),
    ("rayson-garside-2000", ["Comparing Corpora using Frequency Profiling", "Workshop on Comparing Corpora", "ACL 2000"]),
    ("hardie-2014", ["Log Ratio \u2013 an informal introduction", "(CASS)", "2014"]),
    ("frus-1933-39-448", ["Henderson", "telegram no. 19", "The Soviet Union, 1933-1939", "Government Printing Office",
                          "1952", "history.state.gov/historicaldocuments/frus1933-39/d448"]),
    ("lankov-2005", ["Andrei Lankov", "Crisis in North Korea", "University of Hawai'i Press", "2005"]),
])
def test_full_references(bib, key, parts):
    ref = bib[key].reference()
    for part in parts:
        assert part in ref


def test_unknown_key_names_the_known_ones(bib):
    with pytest.raises(KeyError, match="known keys: getty-naumov-1999"):
        bib["lankov-2006"]


# ---------------------------------------------------------------- a broken bibliography

def error_of(root: Path) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        load_sources(root)
    return info.value


def entry_holding(text: str, old: str) -> int:
    """The number (from 1) of the [[source]] entry of ``text`` that holds ``old``."""
    return sum(line.strip() == "[[source]]" for line in text[:text.index(old)].split("\n"))


@pytest.mark.parametrize("old,new,field,expected", [
    ('key = "lankov-2005"\n', 'key = "lankov-2005"\nedition = "2nd"\n', ".edition", "unknown field"),
    ('key = "person-2006"\n', 'key = "lankov-2005"\n', ".key", "expected a unique key, found 'lankov-2005' again"),
    ('label = "Person 2006"', 'label = "Lankov 2005"', ".label", "expected a unique label"),
    ("year = 2005\npublisher = \"Honolulu", "year = \"2005\"\npublisher = \"Honolulu", ".year", "four-digit year"),
    ("year = 2005\npublisher = \"Honolulu", "year = 205\npublisher = \"Honolulu", ".year", "four-digit year"),
    ('key = "lankov-2005"', 'key = "Lankov 2005"', ".key", "lower-case slug"),
    ('key = "lankov-2005"', 'key = "lankov-2005\\n"', ".key", "without leading or trailing spaces"),
    ('label = "Lankov 2005"', 'label = "[Lankov 2005]"', ".label", "without brackets"),
    ('label = "Lankov 2005"', 'label = " Lankov 2005"', ".label", "without leading or trailing spaces"),
    ('publisher = "Honolulu: University of Hawai\'i Press"\n', "", "", "a publisher or an archive"),
    ('title = "Crisis in North Korea: The Failure of De-Stalinization, 1956"\n', "", ".title", "required field is missing"),
])
def test_each_broken_entry_is_one_error_with_file_line_and_field(corpus_copy, edit, old, new, field, expected):
    path = corpus_copy / "sources.toml"
    n = entry_holding(path.read_text("utf-8"), old)  # the entry this test breaks
    edit(path, old, new)
    err = error_of(corpus_copy)
    assert err.file == "corpus/sources.toml" and err.field == f"source[{n}]{field}" and expected in str(err)
    # the line named is inside that entry
    lines = path.read_text("utf-8").split("\n")
    headers = [i + 1 for i, line in enumerate(lines) if line.strip() == "[[source]]"] + [len(lines) + 1]
    assert headers[n - 1] <= err.line < headers[n]


def test_a_changed_label_is_fine(corpus_copy, edit):
    # keys and labels are the instructor's to choose
    edit(corpus_copy / "sources.toml", 'key = "lankov-2005"\nlabel = "Lankov 2005"', 'key = "lankov-2005"\nlabel = "Lankov 2006"')
    assert "Lankov 2006" in load_sources(corpus_copy).labels


def test_a_syntax_error_names_its_line(corpus_copy, edit):
    edit(corpus_copy / "sources.toml", 'label = "Lankov 2005"', 'label = "Lankov 2005')
    err = error_of(corpus_copy)
    assert err.line is not None and "expected valid TOML" in str(err)


def test_a_missing_bibliography_is_an_error(corpus_copy):
    (corpus_copy / "sources.toml").unlink()
    assert "found no file" in str(error_of(corpus_copy))


def test_a_top_level_field_is_an_error(corpus_copy):
    path = corpus_copy / "sources.toml"
    path.write_text('title = "My bibliography"\n' + path.read_text("utf-8"), "utf-8")
    err = error_of(corpus_copy)
    assert err.field == "title" and err.line == 1


# ---------------------------------------------------------------- citations in text

def test_cited_labels_in_order_with_locators_and_several_in_one_bracket():
    text = ("As [Lankov 2005, ch. 5] shows [Person 2006; Szalontai 2005], and the telegram [FRUS 1933-39, doc. 448] "
            "agrees; see [Lankov 2005] again, [Ten Don Hek] and [kwp-1956-09-23, paragraph 3].")
    assert cited_labels(text) == ["Lankov 2005", "Person 2006", "Szalontai 2005", "FRUS 1933-39, doc. 448"]


def test_a_markdown_link_is_not_a_citation(course):
    path = course / "lessons" / "03_close_reading_1938.md"
    path.write_text(path.read_text("utf-8") + "\nSee [the 1938 resolution](#the-resolution).\n", "utf-8")
    assert citation_problems(course) == []


def test_a_label_must_end_where_the_citation_does():
    # "doc. 4489" is not "doc. 448"; "Lankov 20051" is not "Lankov 2005".
    assert cited_labels("[FRUS 1933-39, doc. 4489] [Lankov 20051]") == []


# ---------------------------------------------------------------- a temporary course to break

NOTEBOOK = """---
jupytext:
  text_representation:
    format_name: myst
---
# Lesson 03

The resolution [vkpb-1938-01-19, paragraph 3] was read at once by the US chargé [FRUS 1933-39, doc. 448];
historians have since read the archives [Getty and Naumov 1999, ch. 9; Khlevniuk 1996].

```{code-cell} ipython3
years = [1938, 1956]          # code: brackets here are not citations
corpus["vkpb-1938-01-19"]
```

Compare `x[1938]` in inline code, also not a citation.
"""
BANK = """[[exercise]]
id = "03.1"
kind = "choice"
doc = "us-embassy-1938-01"
prompt = "What does the chargé report [FRUS 1933-39, doc. 448]?"
options = ["A resolution of 1938", "A speech of 1956"]
answer = 0
feedback = ["Right.", "Look again at `corpus.quote(\\"us-embassy-1938-01\\", 3)`."]
hints = ["Read paragraph 3.", "It is dated 1938."]
"""
GUIDE = "# Lesson 03 guide\n\nSee [Hardie 2014] for the log ratio.\n"


@pytest.fixture
def course(corpus_copy):
    """A course of one lesson (03: notebook source, notebook, bank, guide) beside a copy of the corpus."""
    root = corpus_copy.parent
    (root / "notebooks" / "source").mkdir(parents=True)
    (root / "lessons").mkdir()
    (root / "notebooks" / "source" / "03_close_reading_1938.md").write_text(NOTEBOOK, "utf-8")
    (root / "notebooks" / "03_close_reading_1938.ipynb").write_text('{"cells": []}', "utf-8")
    (root / "lessons" / "03_close_reading_1938.toml").write_text(BANK, "utf-8")
    (root / "lessons" / "03_close_reading_1938.md").write_text(GUIDE, "utf-8")
    return root


def test_a_clean_course_has_no_citation_problem(course):
    assert citation_problems(course) == []
    assert check_citations(course).startswith("citations: every bracketed citation names a work")


@pytest.mark.parametrize("where", ["notebooks/source/03_close_reading_1938.md", "lessons/03_close_reading_1938.md",
                                   "lessons/03_close_reading_1938.toml", "corpus/kwp-1956-09-23/document.toml",
                                   "corpus/README.md"])
def test_an_unknown_label_fails_wherever_it_is(course, where):
    path = course / where
    text = path.read_text("utf-8")
    if path.suffix == ".toml" and "lessons" in where:
        text = text.replace('hints = ["Read paragraph 3.",', 'hints = ["Read [Lankov 2006] first.",')
    elif path.suffix == ".toml":
        text = text.replace('reference = "[Lankov 2005]; [Person 2006]', 'reference = "[Lankov 2006]; [Person 2006]')
    else:
        text += "\nAs [Lankov 2006, ch. 5] says.\n"
    path.write_text(text, "utf-8")
    (problem,) = citation_problems(course)
    assert problem.startswith(where) and "[Lankov 2006" in problem and "starts with no label" in problem
    if not where.startswith("lessons/03_close_reading_1938.toml"):
        line = int(re.search(r", line (\d+):", problem).group(1))
        assert "Lankov 2006" in text.split("\n")[line - 1]


@pytest.mark.parametrize("where", ["notebooks/source/03_close_reading_1938.md", "notebooks/03_close_reading_1938.ipynb",
                                   "lessons/03_close_reading_1938.toml", "lessons/03_close_reading_1938.md",
                                   "corpus/events.csv", "corpus/hrw-2016-05/document.toml", "corpus/sources.toml"])
def test_context_fails_in_notebooks_banks_guides_and_the_corpus(course, where):
    path = course / where
    text = path.read_text("utf-8")
    if where.endswith(".ipynb"):
        text = '{"cells": [{"source": "as CONTEXT says"}]}'
    elif where.endswith(".csv"):
        text = text.replace("Exchange (obmen) of party documents", "Exchange (obmen) of party documents (CONTEXT)")
    else:
        text = text.replace("\n", "\n# see CONTEXT.md\n", 1) if where.endswith(".toml") else text + "\nSee CONTEXT.\n"
    path.write_text(text, "utf-8")
    problems = citation_problems(course)
    assert len(problems) == 1 and problems[0].startswith(where) and '"CONTEXT"' in problems[0]


def test_context_as_an_ordinary_word_is_fine(course):
    path = course / "lessons" / "03_close_reading_1938.md"
    path.write_text(path.read_text("utf-8") + "\nContext and contextualization are fine words.\n", "utf-8")
    assert citation_problems(course) == []


@pytest.mark.parametrize("source", ["CONTEXT.md", "Lankov 2005", "kwp-1956-09-24"])
def test_an_events_source_that_is_neither_a_key_nor_a_document_fails(course, source):
    path = course / "corpus" / "events.csv"
    path.write_text(path.read_text("utf-8") + f"1938,Something happened,{source}\n", "utf-8")
    with pytest.raises(CorpusError) as info:  # load_events checks it, once (make check runs it)
        load_events(course / "corpus")
    n = len(path.read_text("utf-8").splitlines())
    assert [str(p) for p in info.value.problems] == [
        f"corpus/events.csv, line {n}, field \"source\": expected a key of sources.toml "
        f"or a corpus document id (several separated by ';'), found {source!r}"]
    assert not [p for p in citation_problems(course) if "field \"source\"" in p]


def test_make_check_lists_every_problem_at_once(course):
    (course / "lessons" / "03_close_reading_1938.md").write_text(GUIDE + "\n[Nobody 1999] and CONTEXT.\n", "utf-8")
    with pytest.raises(CorpusError) as info:
        check_citations(course)
    message = str(info.value)
    assert len(info.value.problems) == 2 and "[Nobody 1999]" in message and '"CONTEXT"' in message


# ---------------------------------------------------------------- a lesson's Sources section

def test_sources_lists_the_works_then_the_documents_a_lesson_uses(course):
    listing = sources("03", root=course)
    assert isinstance(listing, SourceList)
    # works in the order of sources.toml; documents in corpus order (bank doc, and ids in the notebook)
    assert [w.label for w in listing.works] == ["Getty and Naumov 1999", "Khlevniuk 1996", "FRUS 1933-39, doc. 448"]
    assert [d for d, _ in listing.documents] == ["vkpb-1938-01-19", "us-embassy-1938-01"]
    corpus = load_corpus(course / "corpus")
    assert listing.documents[1][1] == corpus["us-embassy-1938-01"].cite()


def test_sources_is_prose_in_a_notebook_and_deterministic_plain_text(course):
    listing = sources(3, root=course)
    assert repr(listing) == repr(sources("03", root=course))
    text = repr(listing)
    assert text.startswith("Sources of lesson 03\n\nWorks cited:\n- [Getty and Naumov 1999] J. Arch Getty")
    assert "Documents of the corpus used:\n- vkpb-1938-01-19: " in text
    html_out = listing._repr_html_()
    assert "<pre" not in html_out and "<ul>" in html_out and "<em>The Road to Terror" in html_out
    assert '<a href="https://history.state.gov/historicaldocuments/frus1933-39/d448">' in html_out
    assert listing._repr_markdown_().startswith("**Works cited**\n\n- **[Getty and Naumov 1999]**")


def test_sources_of_a_lesson_that_does_not_exist(course):
    with pytest.raises(ValueError, match="expected a lesson number"):
        sources("42", root=course)


def test_sources_can_be_imported_from_helpers_and_called():
    from helpers import sources as from_package

    listing = from_package("03", root=ROOT)
    assert "vkpb-1938-01-19" in [d for d, _ in listing.documents]


# ---------------------------------------------------------------- the course itself

def test_the_course_cites_only_works_of_its_bibliography_and_never_context():
    # Fails until every notebook, bank and guide cites works by label instead of "CONTEXT".
    assert citation_problems(ROOT) == []


def test_the_rights_table_has_a_row_per_document_in_corpus_order():
    table = rights_table(ROOT / "corpus").split("\n")
    corpus = load_corpus(ROOT / "corpus")
    assert len(table) == 2 + len(corpus)
    assert [row.split(" | ")[0].strip("| `") for row in table[2:]] == corpus.ids
    assert "public domain" in next(row for row in table if "us-embassy-1938-01" in row)

"""helpers.apparatus.editorial_marks against every mark in the course's editions, counted by hand.

How the expected counts below were made (corpus/<id>/edition.txt, before the code was written):

  grep -o '\\[[^]]*\\]' edition.txt | sort | uniq -c     closed brackets, one line each
  grep -o '\\[' / grep -o '\\]' edition.txt | wc -l        opening against closing brackets
  grep -o '?[^ ?]*?' edition.txt                         readings between question marks
  grep -o '[¹²³⁴⁵⁶⁷⁸⁹⁰]' edition.txt | wc -l             superscript footnote markers
  grep -o '…' / grep -o '\\.\\.\\.' edition.txt | wc -l     ellipses
  grep -o '/signature/' edition.txt | wc -l

and then reading each hit in its line.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from helpers.apparatus import KINDS, editorial_marks

EXPECTED = {
    # vkpb: no brackets, no ?...?, no superscripts; four "…" closing paragraphs where the
    # excerpt cuts the text ("members of the Party …", "against party members …",
    # "the party ranks …", "against Communists …").
    "vkpb-1938-01-19": {"omission": 4},
    # The cable: 112 closed brackets. Of them 4 [handwritten] + 1 [Handwritten note] = 5 handwritten,
    # 1 [Stamp], 1 [illegible initials], 1 [SIC] ("dug up [SIC]"), and 112 - 8 = 104 insertions
    # (romanized names such as [Ri Ho Je], words such as [our] and [was appointed], Gr[omyk]o,
    # [date off the page], [Japanese-made], Zvezda [Star] ...).
    # 113 "[" against 112 "]": one bracket never closed, "[Sin Tae-yeong, the acting Chief ..."
    # (line 260 of edition.txt). ?sl? twice (Incoming N° 4045-?sl?, ref. 4045-?sl?) and
    # ?Kalinin? once = 3 uncertain. /signature/ twice (Ignat'yev's cable, Kiselev's memo).
    # 14 superscripts: footnotes 1-7, each once as a marker in the text (army¹, Taebaek ²,
    # "concentrating"³, *cheok*⁴, *seung*⁵, *li*⁶, 'wild boars'⁷) and once opening its note.
    # One "..." ("an unknown area of military operations..."); "Mt..Taebaek" and "Mt.. Jiri"
    # have two dots, a typing slip, and are not counted.
    "ussr-embassy-1950-05-06": {"handwritten": 5, "stamp": 1, "illegible": 1, "sic": 1,
                                "insertion": 104, "unclosed": 1, "uncertain": 3,
                                "signature": 2, "footnote": 14, "omission": 1},
    # kwp: "Se [SIC] Hwi" three times (title line, first paragraph, point 2) and "[the following]".
    "kwp-1956-09-23": {"sic": 3, "insertion": 1},
    # hrw: every grep above finds nothing.
    "hrw-2016-05": {},
    # The US chargé's telegram (FRUS doc. 448): one closed bracket, the FRUS editors' conjecture
    # "have [been?] assisting" (paragraph 4); no ?...? between spaces, superscripts or ellipses.
    "us-embassy-1938-01": {"insertion": 1},
}


def marks_of(doc_id, corpus):
    return editorial_marks(corpus[doc_id])


def fake(*paragraphs):
    return SimpleNamespace(id="test", paragraphs=list(paragraphs))


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_mark_counts_per_kind_match_the_hand_count(corpus, doc_id):
    counts = marks_of(doc_id, corpus).groupby("kind").size().to_dict()
    assert counts == EXPECTED[doc_id]


def test_marks_have_the_documented_columns(corpus):
    assert list(marks_of("kwp-1956-09-23", corpus).columns) == ["doc_id", "paragraph", "kind", "mark", "context"]


def test_every_kind_found_is_a_documented_kind(corpus):
    found = set().union(*(set(editorial_marks(d)["kind"]) for d in corpus))
    assert found <= set(KINDS)


def test_sic_marks_sit_in_the_paragraphs_that_print_them(corpus):
    sic = marks_of("kwp-1956-09-23", corpus).query("kind == 'sic'")
    doc = corpus["kwp-1956-09-23"]
    assert all("Se [SIC] Hwi" in doc.paragraphs[p - 1] for p in sic["paragraph"])
    assert sic["mark"].tolist() == ["[SIC]"] * 3


def test_a_bracket_inside_a_word_is_an_insertion(corpus):
    marks = marks_of("ussr-embassy-1950-05-06", corpus)
    row = marks[marks["mark"] == "[omyk]"].iloc[0]
    assert (row["kind"], row["context"]) == ("insertion", "Cde. Gr[omyk]o")


def test_the_unclosed_bracket_is_reported_with_its_opening_words(corpus):
    row = marks_of("ussr-embassy-1950-05-06", corpus).query("kind == 'unclosed'").iloc[0]
    assert row["mark"] == "[Sin Tae-yeong"


def test_a_footnote_marker_and_its_note_are_both_listed(corpus):
    notes = marks_of("ussr-embassy-1950-05-06", corpus).query("kind == 'footnote'")
    assert notes["mark"].tolist()[:2] == ["\u00b9", "\u00b9 Information of the Labor Party CC"]


def test_uncertain_readings_are_the_words_between_question_marks(corpus):
    marks = marks_of("ussr-embassy-1950-05-06", corpus).query("kind == 'uncertain'")
    assert marks["mark"].tolist() == ["?sl?", "?Kalinin?", "?sl?"]


def test_a_question_is_not_an_uncertain_reading():
    assert editorial_marks(fake("What is the Congress? Is it a party?")).empty


def test_bracket_words_are_classified_without_regard_to_case():
    marks = editorial_marks(fake("a [sic] b [Illegible signature] c [HANDWRITTEN] d [stamp]"))
    assert marks["kind"].tolist() == ["sic", "illegible", "handwritten", "stamp"]


def test_two_full_stops_are_not_an_omission():
    assert editorial_marks(fake("regions of Mt..Taebaek and Mt.. Jiri")).empty


def test_paragraph_numbers_count_from_one():
    assert editorial_marks(fake("no marks", "one \u2026")).loc[0, "paragraph"] == 2

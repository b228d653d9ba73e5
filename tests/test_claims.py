"""helpers.claims: the numbers and tables of the documents, checked against sums done by hand."""
from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from helpers.claims import KINDS, numbers, tables

CABLE = "ussr-embassy-1950-05-06"


@pytest.fixture(scope="module")
def cable_numbers(corpus):
    return numbers(corpus[CABLE])


def fake(*paragraphs):
    return SimpleNamespace(id="test", paragraphs=list(paragraphs))


def one(text):
    """The single number found in ``text``, as (text, kind, low, high)."""
    rows = numbers(fake(text))
    assert len(rows) == 1, rows
    r = rows.iloc[0]
    return r["text"], r["kind"], r["low"], r["high"]


def paragraph_starting(doc, start):
    return next(i for i, p in enumerate(doc.paragraphs, 1) if p.startswith(start))


# ---------------------------------------------------------------- tables of the cable

def test_the_province_table_is_one_table_despite_its_stray_blank_line(corpus):
    found = tables(corpus[CABLE])
    assert len(found) == 1
    assert found[0]["Province"].tolist() == [
        "City of Seoul", "Gyeonggi", "North Gangwon", "South Gangwon", "North Jeolla",
        "South Jeolla", "South Gyeongsang", "North Gyeongsang", "Gangwon"]


def test_the_province_table_sums_to_its_stated_total(corpus):
    # 50 + 90 + 150 + 50 + 300 + 1250 + 500 + 2050 + 810 = 5,250, the "Total" row's figure.
    table = tables(corpus[CABLE])[0]
    assert table["Partisan Strength"].sum() == 5250
    assert table.attrs["total"] == {"Province": "Total", "Partisan Strength": 5250}


def test_table_columns_are_typed(corpus):
    table = tables(corpus[CABLE])[0]
    assert str(table["Partisan Strength"].dtype) == "int64"
    assert str(table["Province"].dtype) == "str"


def test_table_remembers_its_document_and_paragraphs(corpus):
    table = tables(corpus[CABLE])[0]
    doc = corpus[CABLE]
    first, last = table.attrs["paragraphs"]
    assert table.attrs["doc_id"] == CABLE
    assert doc.paragraphs[first - 1].startswith("Province\tPartisan Strength")
    assert doc.paragraphs[last - 1].endswith("Total\t5250")


@pytest.mark.parametrize("doc_id", ["vkpb-1938-01-19", "us-embassy-1938-01", "kwp-1956-09-23", "hrw-2016-05"])
def test_documents_without_tab_separated_lines_have_no_tables(corpus, doc_id):
    assert tables(corpus[doc_id]) == []


def test_a_line_of_text_between_tab_lines_makes_two_tables():
    found = tables(fake("A\tB\nx\t1", "some prose", "C\tD\ny\t2"))
    assert [list(t.columns) for t in found] == [["A", "B"], ["C", "D"]]


def test_a_table_without_a_total_row_has_total_none():
    table = tables(fake("Region\tAppeals\nRostov\t2,500\nSaratov\t500"))[0]
    assert table.attrs["total"] is None
    assert table["Appeals"].tolist() == [2500, 500]


def test_decimal_columns_become_floats():
    table = tables(fake("Unit\tMetric\ncheok\t30.3\nseung\t1.8"))[0]
    assert str(table["Metric"].dtype) == "float64"


# ---------------------------------------------------------------- the cable's numbers

def test_the_district_killings_sum_to_8800_low_and_8900_high(corpus, cable_numbers):
    # Andong 700-800, Bonghwa 2,000, Yeongyang 1,500, Yeongju 700, Yeondeok 2,500,
    # Cheongsong 1,000, Yecheon 400: low 700+2000+1500+700+2500+1000+400 = 8,800,
    # high 800+2000+1500+700+2500+1000+400 = 8,900, against the stated "8,800-9,000".
    p = paragraph_starting(corpus[CABLE], "The extermination of the population")
    figures = cable_numbers[(cable_numbers["paragraph"] == p) & cable_numbers["kind"].isin(["number", "range"])]
    districts, stated = figures.iloc[:-1], figures.iloc[-1]
    assert len(districts) == 7
    assert (districts["low"].sum(), districts["high"].sum()) == (8800, 8900)
    assert (stated["text"], stated["low"], stated["high"]) == ("8,800-9,000", 8800, 9000)


def test_troops_against_partisans_is_5_8_to_1_not_the_stated_6_to_1(cable_numbers):
    # 30,500 troops / 5,250 partisans = 5.81, which the memo rounds up to "6:1".
    troops = cable_numbers.query("text == '30,500'")["low"].item()
    partisans = cable_numbers.query("text == '5,250'")["low"].item()
    ratio = cable_numbers.query("kind == 'ratio'")
    assert round(troops / partisans, 1) == 5.8
    assert (ratio["text"].item(), ratio["low"].item()) == ("6:1", 6.0)


def test_the_corps_shrank_by_50_from_420_to_370(corpus, cable_numbers):
    p = paragraph_starting(corpus[CABLE], "1. Relying only on Party organizations")
    values = cable_numbers.query("paragraph == @p and kind == 'number'")["low"].tolist()
    assert values == [420, 370, 50]  # and 420 - 370 = 50, as the cable says


def test_seoul_radio_claims_about_23_killed_for_each_soldier_lost(cable_numbers):
    # 4,382 partisans killed / 193 soldiers killed = 22.7, about 23 to 1.
    killed = cable_numbers.query("text == '4,382'")["low"].item()
    lost = cable_numbers.query("text == '193'")["low"].item()
    assert round(killed / lost) == 23


@pytest.mark.parametrize("text,kind,low,high", [
    ("5-100", "range", 5, 100),           # "a distance of 5-100 meters": a range as printed
    ("N° 4045", "reference", None, None),  # a registry number, not a quantity
    ("1+24", "reference", None, None),     # enclosure notation under "ATTACHMENT: 24-page text."
    ("15/VII 95", "date", None, None),     # a handwritten day/month year
    ("22.V.1950", "date", None, None),
    ("23 V-50", "date", None, None),
    ("6 May 1950", "date", None, None),
    ("one-third", "fraction", 1 / 3, 1 / 3),
    ("Three-fifths", "fraction", 0.6, 0.6),
    ("three-fourths", "fraction", 0.75, 0.75),
    ("one half", "fraction", 0.5, 0.5),
    ("Sixteen to eighteen", "range", 16, 18),
    ("Eighteen", "word", 18, 18),
    ("Six", "word", 6, 6),
    ("30.3", "number", 30.3, 30.3),
    ("a second time", "ordinal", 2, 2),
])
def test_careful_cases_in_the_cable(cable_numbers, text, kind, low, high):
    row = cable_numbers[cable_numbers["text"] == text].iloc[0]
    assert row["kind"] == kind
    if low is None:
        assert math.isnan(row["low"]) and math.isnan(row["high"])
    else:
        assert (row["low"], row["high"]) == (pytest.approx(low), pytest.approx(high))


def test_numbers_in_a_table_are_counts_not_years(cable_numbers):
    # "North Gyeongsang\t2050" would look like a year outside a table.
    assert cable_numbers.query("text == '2050'")["kind"].item() == "number"


def test_a_number_word_inside_a_romanized_name_is_skipped(cable_numbers):
    # "² Translated by [Ten Don Hek]": Ten is a name.
    assert "Ten" not in cable_numbers["text"].tolist()


def test_every_kind_is_documented(corpus):
    found = set().union(*(set(numbers(d)["kind"]) for d in corpus))
    assert found <= set(KINDS)


def test_numbers_have_the_documented_columns(cable_numbers):
    assert list(cable_numbers.columns) == ["doc_id", "paragraph", "text", "kind", "low", "high", "context"]


# ---------------------------------------------------------------- small cases

def test_list_numbers_at_a_line_start_are_items(corpus):
    rows = numbers(corpus["vkpb-1938-01-19"]).query("kind == 'item'")
    assert rows["low"].tolist() == list(range(1, 11))


def test_a_bare_one_is_not_a_number():
    assert numbers(fake("One of the most prominent organizers; one another")).empty


@pytest.mark.parametrize("text,found", [
    ("in 1980, the party", ("1980", "year", 1980, 1980)),
    ("more than 2,500 appeals", ("2,500", "number", 2500, 2500)),  # thousands separators are read
    ("about 12.5 percent of members", ("12.5 percent", "percent", 12.5, 12.5)),
    ("mobilized a million people", ("a million", "word", 1_000_000, 1_000_000)),
    ("a 70-bay \u201cbattle\u201d", ("70", "number", 70, 70)),  # a hyphenated count before a noun
])
def test_the_one_number_of_a_phrase(text, found):
    assert one(text) == found


def test_an_american_date_is_a_date_without_values():
    text, kind, low, high = one("on January 1, 2016, Kim")
    assert (text, kind) == ("January 1, 2016", "date")
    assert math.isnan(low) and math.isnan(high)


def test_quoted_model_numbers_are_references():
    rows = numbers(fake('supplied with models "99" and "38" rifles'))
    assert rows["kind"].tolist() == ["reference", "reference"]

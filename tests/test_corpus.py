"""The corpus loads, is exact to the seeds, and every broken corpus gives one clear CorpusError."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from helpers.corpus import DEFAULT_ROOT, CorpusError, load_corpus, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_OF = {
    "kwp-1956-09-23": "000_f337b8ebda79ad64.txt",
    "vkpb-1938-01-19": "001_a4a86ea8ff3bfa7e.txt",
    "hrw-2016-05": "002_02ad09481aa85285.txt",
    "ussr-embassy-1950-05-06": "003_1ead603107bcf9ee.txt",
}


DOCUMENT_FOLDERS = sorted(p.name for p in DEFAULT_ROOT.iterdir() if (p / "document.toml").is_file())
FRUS = "us-embassy-1938-01"


# ------------------------------------------------------------------ the real corpus

def test_corpus_holds_every_document_folder_in_date_order(corpus):
    # Counted from the folders, so adding a document needs no change here.
    assert sorted(corpus.ids) == DOCUMENT_FOLDERS and len(corpus) == len(DOCUMENT_FOLDERS)
    assert set(SEED_OF) | {FRUS} <= set(corpus.ids)
    # date order; a document dated by month only comes after the dated ones of its month
    assert [i for i in corpus.ids if i in SEED_OF or i == FRUS] == [
        "vkpb-1938-01-19", FRUS, "ussr-embassy-1950-05-06", "kwp-1956-09-23", "hrw-2016-05"]
    keys = [d.date.ljust(10, "~") for d in corpus]
    assert keys == sorted(keys)


# SHA-256 of the four seeds exactly as they reached the project (../shared/seeds/), recorded
# here so that the check holds in any clone, with or without the seeds beside it.
SEED_SHA256 = {
    "kwp-1956-09-23": "3cd8761f184e5197be14e155a56c1ae7820473ab0994f29f79771b0c623e1fb6",
    "vkpb-1938-01-19": "c396504a7244ac2ae8c22ebf42ec327130978c1d186b0f177cfd2aac5484a014",
    "hrw-2016-05": "1b783af659ef440fe25fe172ce646ddc0d9b5c6c07c227261e3c194d0ea2c397",
    "ussr-embassy-1950-05-06": "853d86ebafb99e5430ea57f600a3486a338bfc0e17ae2bac59149945972fa6af",
}


@pytest.mark.parametrize("doc_id", sorted(SEED_OF))
def test_raw_is_byte_identical_to_the_seed(doc_id):
    raw = (DEFAULT_ROOT / doc_id / "raw.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SEED_SHA256[doc_id]
    seed = SEEDS / SEED_OF[doc_id]
    if seed.exists():  # beside the project's own checkout: compare the bytes themselves too
        assert raw == seed.read_bytes()


@pytest.mark.parametrize("doc_id", DOCUMENT_FOLDERS)
def test_every_edition_line_comes_from_raw(corpus, doc_id):
    # The edition only removes page furniture and joins page-broken paragraphs: every
    # edition paragraph, whitespace normalised, occurs in the raw capture.
    # (The cable's three page-broken paragraphs are joined in the edition: with all whitespace
    # folded, they too are runs of the raw text.)
    doc = corpus[doc_id]
    raw = " ".join(doc.raw.split())
    for para in doc.paragraphs:
        assert " ".join(para.split()) in raw, para[:60]


@pytest.mark.parametrize("text,doc_id,kept", [
    # page furniture of the web capture: in raw.txt, not in the edition
    ("Comments are closed", "vkpb-1938-01-19", False),
    ("End of the Purges Announced", "vkpb-1938-01-19", False),
    ("It appears your Web browser", "kwp-1956-09-23", False),
    ("share document", "kwp-1956-09-23", False),
    ("Your tax deductible gift", "hrw-2016-05", False),
    ("Skip to main content", "hrw-2016-05", False),
    ("Citation:", "ussr-embassy-1950-05-06", False),
    # the editors' apparatus and the sources' own errors: kept in the edition as captured
    ("Se [SIC] Hwi", "kwp-1956-09-23", True),
    ("[Stamp]", "ussr-embassy-1950-05-06", True),
    ("[illegible initials]", "ussr-embassy-1950-05-06", True),
    ("?Kalinin?", "ussr-embassy-1950-05-06", True),
    ("\u2074One *cheok* = 30.3 cm.", "ussr-embassy-1950-05-06", True),
    ("members of the Party \u2026", "vkpb-1938-01-19", True),
    ("70-bay \u201cbattle\u201d", "hrw-2016-05", True),
])
def test_the_edition_drops_page_furniture_and_keeps_the_apparatus(corpus, text, doc_id, kept):
    assert text in corpus[doc_id].raw
    assert (text in corpus[doc_id].text) == kept


def test_raw_sha256_recorded_matches_the_file(corpus):
    for doc in corpus:
        digest = hashlib.sha256((doc.folder / "raw.txt").read_bytes()).hexdigest()
        assert doc.meta["raw_sha256"] == digest


def test_catalog_is_indexed_by_id_with_sizes(corpus):
    cat = corpus.catalog
    assert list(cat.index) == corpus.ids
    assert cat.loc["kwp-1956-09-23", "translator"] == "Gary Goldberg"
    assert cat.loc["hrw-2016-05", "kind"] == "secondary"
    assert bool(cat.loc["vkpb-1938-01-19", "excerpted"]) is True
    assert cat.loc["kwp-1956-09-23", "paragraphs"] == len(corpus["kwp-1956-09-23"].paragraphs)


def test_paragraphs_table_numbers_from_one(corpus):
    paras = corpus.paragraphs()
    assert list(paras.columns) == ["doc_id", "paragraph", "text"]
    first = paras[paras.doc_id == "kwp-1956-09-23"].iloc[0]
    assert first.paragraph == 1
    assert first.text == "of the Plenum of the Korean Worker's Party"


def test_sentences_do_not_split_after_cde_or_initials(corpus):
    sents = corpus.sentences()
    assert list(sents.columns) == ["doc_id", "paragraph", "sentence", "text"]
    kwp = sents[sents.doc_id == "kwp-1956-09-23"]
    assert "1. Restore Cdes. Choe Chang-ik and Pak Chang-ok to membership in the Party Central Committee." in set(kwp.text)
    assert split_sentences("Cde. Gromyko came. A. Ignat'yev left! Then?") == ["Cde. Gromyko came.", "A. Ignat'yev left!", "Then?"]


def test_provenance_of_1938_runs_from_plenum_to_web_capture(corpus):
    prov = corpus.provenance()
    steps = prov[prov.doc_id == "vkpb-1938-01-19"]
    assert list(steps.step) == list(range(1, len(steps) + 1))
    actors = " | ".join(steps.actor)
    assert actors.index("Plenum") < actors.index("KPSS") < actors.index("Matthews") < actors.index("website")


def test_cite_gives_archive_translator_and_where_published(corpus):
    note = corpus["kwp-1956-09-23"].cite()
    assert "GARF, Fond 5446, Opis 98, Delo 721, Listy 44-45" in note
    assert "trans. Gary Goldberg" in note
    assert "Wilson Center" in note
    assert "September 23, 1956" in note
    cable = corpus["ussr-embassy-1950-05-06"].cite()
    assert "AVP RF F. 0102 1950i op. 6 p. 21 pp. 84-108" in cable and "Wilson Center" in cable
    vkpb = corpus["vkpb-1938-01-19"].cite()
    assert "p. 306" in vkpb and "pp. 171-175" in vkpb and "End of the Purges Announced" in vkpb
    assert "excerpt" in vkpb and "translator not named" in vkpb


def test_document_repr_and_corpus_repr_have_counts(corpus):
    assert re.fullmatch(rf"<Corpus: {len(DOCUMENT_FOLDERS)} documents, [\d,]+ tokens>", repr(corpus))
    assert repr(corpus["kwp-1956-09-23"]).startswith("<Document kwp-1956-09-23:")


def test_unknown_id_names_the_known_ones(corpus):
    with pytest.raises(KeyError, match="known ids: vkpb-1938-01-19"):
        corpus["kwp-1956"]


# ------------------------------------------------------------------ broken corpora
# Each test breaks corpus_copy (a copy of corpus/ in a temporary folder, tests/conftest.py) in one way.

KWP = "kwp-1956-09-23"


def broken(root: Path) -> CorpusError:
    """The error load_corpus raises for ``root``: a ValueError (what a notebook catches) that names
    the file, line and field."""
    with pytest.raises(ValueError) as info:
        load_corpus(root)
    return info.value


def test_copy_of_the_corpus_loads_cleanly(corpus_copy):
    assert len(load_corpus(corpus_copy)) == len(DOCUMENT_FOLDERS)


# (document, text of its document.toml, replaced by, field named, words of the error, a line is named)
BROKEN_DOCUMENT_TOML = [
    (KWP, 'genre = "resolution"\n', "", "genre", "required field is missing", False),
    (KWP, 'genre = "resolution"\n', 'genre = "resolution"\nauthor = "X"\n', "author", "unknown field", True),
    (KWP, 'date = "1956-09-23"', 'date = "1956-13-23"', "date", "found '1956-13-23'", True),
    (KWP, 'kind = "primary"', 'kind = "archival"', "kind", "expected one of primary, secondary, found 'archival'", True),
    (KWP, f'id = "{KWP}"', 'id = "kwp-1956"', "id", "expected the folder's name", True),
    (KWP, "excerpted = false", 'excerpted = "no"', "excerpted", "expected true or false, found 'no'", True),
    (KWP, 'genre = "resolution"', 'genre = "resolution', None, "expected valid TOML", True),
    (KWP, 'raw_sha256 = "3cd8', 'raw_sha256 = "XYZ', "raw_sha256", "expected 64 lower-case hex digits", True),
    (KWP, 'actor = "Soviet officials"\n', "", "provenance[3].actor", "required field is missing", True),
    (KWP, 'actor = "Soviet officials"', 'actor = "Soviet officials"\nwho = "x"', "provenance[3].who", "unknown field",
     True),
    (KWP, 'date = "1956-09-28"', 'date = "28.9.1956"', "provenance[2].date", "found '28.9.1956'", True),
    (KWP, 'translator = "Gary Goldberg"\n', "", "translation.translator", "required field is missing", True),
    (KWP, 'fond = "5446"', 'fonds = "5446"', "archive.fonds", "unknown field", True),
    (KWP, '"History and Public Policy Program Digital Archive, Wilson Center, document 120163",', "1956,",
     "published_in", "expected a list of non-empty strings", True),
    (FRUS, 'capture = "partial"', 'capture = "half"', "capture", "expected one of complete, partial, found 'half'", True),
    (FRUS, 'capture_note = "', 'unused_note = "', "unused_note", "unknown field", True),
    (FRUS, 'captured = "2026-12-02"', 'captured = "2 Dec 2026"', "captured", "expected YYYY-MM-DD", True),
    (FRUS, 'captured = "2026-12-02"', 'captured = "2026-12-02\\n"', "captured", "expected YYYY-MM-DD", True),
    (FRUS, 'captured = "2026-12-02"', 'captured = "2026-12"', "captured", "expected YYYY-MM-DD", True),
]


@pytest.mark.parametrize("doc_id,old,new,field,expected,has_line", BROKEN_DOCUMENT_TOML)
def test_a_broken_document_toml_is_one_error_with_file_field_and_line(corpus_copy, edit, doc_id, old, new, field,
                                                                       expected, has_line):
    edit(corpus_copy / doc_id / "document.toml", old, new)
    err = broken(corpus_copy)
    assert err.file == f"corpus/{doc_id}/document.toml" and err.field == field and expected in str(err)
    assert (err.line is not None) == has_line


def test_an_unknown_field_names_its_own_line(corpus_copy, edit):
    edit(corpus_copy / KWP / "document.toml", 'genre = "resolution"\n', 'genre = "resolution"\nauthor = "X"\n')
    err = broken(corpus_copy)
    lines = (corpus_copy / KWP / "document.toml").read_text().split("\n")
    assert lines[err.line - 1].startswith("author")


def test_date_in_words_is_rejected_with_line_and_what_was_found(corpus_copy, edit):
    edit(corpus_copy / KWP / "document.toml", 'date = "1956-09-23"', 'date = "23 Sept 1956"')
    err = broken(corpus_copy)
    assert str(err) == (f'corpus/{KWP}/document.toml, line {err.line}, field "date": '
                        "expected YYYY-MM-DD or YYYY-MM, found '23 Sept 1956'")


def test_duplicate_ids_differing_only_in_case(corpus_copy):
    (corpus_copy / "KWP-1956-09-23").mkdir()
    for name in ("raw.txt", "edition.txt"):
        shutil.copy(corpus_copy / KWP / name, corpus_copy / "KWP-1956-09-23" / name)
    (corpus_copy / "KWP-1956-09-23" / "document.toml").write_text(
        (corpus_copy / KWP / "document.toml").read_text().replace(f'id = "{KWP}"', 'id = "KWP-1956-09-23"'))
    err = broken(corpus_copy)
    assert err.field == "id"


def test_edited_raw_is_detected_by_its_sha256(corpus_copy, edit):
    edit(corpus_copy / KWP / "raw.txt", "Search in", "Search")
    err = broken(corpus_copy)
    assert err.file == f"corpus/{KWP}/raw.txt" and err.field == "raw_sha256"


def test_empty_edition_is_rejected(corpus_copy):
    (corpus_copy / KWP / "edition.txt").write_text("\n \n")
    err = broken(corpus_copy)
    assert err.file == f"corpus/{KWP}/edition.txt" and "empty" in str(err)


@pytest.mark.parametrize("name", ["edition.txt", "document.toml"])
def test_a_missing_file_is_named(corpus_copy, name):
    (corpus_copy / KWP / name).unlink()
    assert broken(corpus_copy).file == f"corpus/{KWP}/{name}"


def test_edition_not_utf8_names_the_line(corpus_copy):
    (corpus_copy / KWP / "edition.txt").write_bytes(b"first line\nsecond \xe9 line\n")
    err = broken(corpus_copy)
    assert err.file == f"corpus/{KWP}/edition.txt" and err.line == 2 and "UTF-8" in str(err)


def test_bom_and_crlf_in_edition_are_handled(corpus_copy):
    path = corpus_copy / KWP / "edition.txt"
    text = path.read_text("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    doc = load_corpus(corpus_copy)[KWP]
    assert doc.text == text and not doc.text.startswith("\ufeff") and "\r" not in doc.text


def test_empty_corpus_folder(tmp_path):
    (tmp_path / "corpus").mkdir()
    assert "found none" in str(broken(tmp_path / "corpus"))


def test_missing_corpus_folder(tmp_path):
    assert "no folder" in str(broken(tmp_path / "nowhere"))


# ------------------------------------------------------------------ events.csv

from helpers.corpus import load_events  # noqa: E402


def test_events_load_in_date_order_with_sources():
    events = load_events()
    assert list(events.columns) == ["date", "label", "source"]
    assert list(events.date) == sorted(events.date)
    assert (events.source.str.len() > 0).all()
    assert "1938-11-17" in set(events.date)


@pytest.mark.parametrize("row,field,expected", [
    ("Nov 1938,Something,getty-naumov-1999", "date", "expected YYYY, YYYY-MM or YYYY-MM-DD, found 'Nov 1938'"),
    ("1938,Something,", "source", "expected some text, found an empty field"),
    # a source must be a key of sources.toml or a document id
    *[(f'1938,Something,"{source}"', "source", "expected a key of sources.toml or a corpus document id")
      for source in ["CONTEXT.md", "kwp-1956-09-24", "Lankov 2005", "lankov-2005; nobody-2000"]],
])
def test_a_broken_event_names_its_line_and_field(corpus_copy, row, field, expected):
    path = corpus_copy / "events.csv"
    path.write_text(path.read_text() + row + "\n")
    with pytest.raises(CorpusError) as info:
        load_events(corpus_copy)
    err = info.value
    assert err.field == field and err.line == len(path.read_text().splitlines()) and expected in str(err)


def test_event_sources_are_keys_or_document_ids():
    from helpers.sources import load_sources
    known = set(load_sources().keys) | set(DOCUMENT_FOLDERS)
    events = load_events()
    assert {part.strip() for s in events.source for part in s.split(";")} <= known
    assert not events.label.str.contains("CONTEXT").any() and not events.source.str.contains("CONTEXT").any()


def test_events_hold_the_mass_operations_and_the_quotas_of_1938():
    events = load_events()
    by_date = dict(zip(events.date + " " + events.source, events.label))
    assert "Order 00447" in by_date["1937-07-30 werth-2010"] and "begin" in by_date["1937-08-05 werth-2010"]
    assert "quotas" in by_date["1938-01-31 politburo-p57-48"]
    assert "Postyshev" in by_date["1938-01 khlevniuk-1996"]
    assert "Moscow" in by_date["1950-03-30 wilson-112046"]


def test_events_header_is_checked(corpus_copy):
    path = corpus_copy / "events.csv"
    path.write_text("when,what,source\n" + path.read_text().split("\n", 1)[1])
    with pytest.raises(CorpusError, match="line 1"):
        load_events(corpus_copy)


def test_removed_lines_are_the_page_furniture(corpus):
    removed = corpus["vkpb-1938-01-19"].removed_lines()
    assert list(removed.columns) == ["doc_id", "line", "text"]
    assert list(removed.line) == [1, 3, 7, 9, 87, 89]  # as edition_notes in document.toml list them
    assert removed.text.iloc[-1] == "Comments are closed"


def test_side_by_side_shows_both_quotations_with_their_sources_escaped(corpus):
    from helpers.corpus import Quote, side_by_side

    pair = side_by_side(corpus.quote("vkpb-1938-01-19", 17), Quote("<b>x</b>", "test, paragraph 1"))
    assert repr(pair).startswith("[vkpb-1938-01-19, paragraph 17]\n") and "[test, paragraph 1]\n<b>x</b>" in repr(pair)
    html_out = pair._repr_html_()
    assert html_out.count('<div class="rr-column"') == 2 and "&lt;b&gt;x&lt;/b&gt;" in html_out and "<b>x</b>" not in html_out
    with pytest.raises(ValueError, match="two or more quotations"):
        side_by_side(corpus.quote("vkpb-1938-01-19", 17))


# ------------------------------------------------------------------ the FRUS telegram, a partial capture

def test_the_frus_capture_holds_the_heading_and_numbered_paragraphs_1_to_4(corpus):
    doc = corpus[FRUS]
    firsts = [p.split()[:3] for p in doc.paragraphs]
    assert firsts == [["861.00", "Party,", "All-Union"], ["The", "Chargé", "in"], ["19.", "1.", "Today\u2019s"],
                      ["2.", "The", "resolution"], ["3.", "A", "number"], ["4.", "It", "is"]]
    assert doc.paragraphs[-1].endswith("in regard to the rank and file")  # cut mid-sentence, as captured
    assert len(doc.raw.split()) == 330
    assert doc.meta["capture"] == "partial" and "mid" not in doc.meta.get("web_title", "")
    assert doc.meta["excerpted"] is True and doc.date == "1938-01"
    assert "absolve the Commissariat for Internal Affairs" in corpus.quote(FRUS, 5).text


def test_the_frus_telegram_is_cited_with_its_file_number_volume_and_address(corpus):
    note = corpus[FRUS].cite()
    for part in ("861.00 Party, All-Union Communist/194", "The Soviet Union, 1933-1939", "1952", "doc. 448",
                 "partial capture", "https://history.state.gov/historicaldocuments/frus1933-39/d448",
                 "December 2, 2026"):
        assert part in note
    actions = " | ".join(corpus.provenance().query("doc_id == @FRUS").action)
    for word in ("sent telegram no. 19", "received", "filed", "published the telegram in Foreign Relations",
                 "published the volume online", "captured the page"):
        assert word in actions


def test_every_document_says_what_is_known_of_its_rights(corpus):
    for doc in corpus:
        assert len(doc.meta["rights"].split()) >= 10, doc.id
    assert "public domain" in corpus[FRUS].meta["rights"]
    assert "welcomes reuse of Digital Archive materials for research and educational purposes" in corpus[KWP].meta["rights"]
    assert "criticism and teaching" in corpus["hrw-2016-05"].meta["rights"]
    assert "Matthews 1974" in corpus["vkpb-1938-01-19"].meta["rights"]


def test_wilson_center_documents_are_cited_with_number_address_and_capture_date(corpus):
    for doc_id, number in ((KWP, "120163"), ("ussr-embassy-1950-05-06", "114907")):
        note = corpus[doc_id].cite()
        assert f"document {number}" in note and f"https://digitalarchive.wilsoncenter.org/document/{number}" in note
        assert "copy held by this course since November 25, 2026" in note


def test_the_cable_records_the_korean_to_russian_translation(corpus):
    cable = corpus["ussr-embassy-1950-05-06"]
    steps = corpus.provenance().query("doc_id == 'ussr-embassy-1950-05-06'")
    row = steps[steps.actor.str.contains("Ten Don Hek")].iloc[0]
    assert "from Korean into Russian" in row.action and "paragraph 61" in row.reference
    assert cable.quote(61).text == "\u00b2 Translated by [Ten Don Hek], edited by Z. K."
    # after the report it translates, before the memorandum and the English translation
    actors = list(steps.actor)
    assert actors.index(row.actor) == 1 and actors.index(row.actor) < [i for i, a in enumerate(actors) if "Goldberg" in a][0]


def test_no_document_toml_cites_context(corpus):
    for doc in corpus:
        assert "CONTEXT" not in (doc.folder / "document.toml").read_text("utf-8"), doc.id


@pytest.mark.parametrize("doc_id,line,replaced_by,field,expected", [
    (KWP, r"(?m)^rights = .*\n", "", "rights", "required field is missing"),  # no rights line ...
    (KWP, r"(?m)^rights = .*$", 'rights = "  "', "rights", "line 20, field \"rights\""),  # ... or only spaces
    (FRUS, r"(?m)^capture_note = .*\n", "", "capture", "capture_note"),  # a partial capture says where it stops
])
def test_a_missing_or_empty_field_is_an_error(corpus_copy, doc_id, line, replaced_by, field, expected):
    path = corpus_copy / doc_id / "document.toml"
    path.write_text(re.sub(line, replaced_by, path.read_text("utf-8")), "utf-8")
    err = broken(corpus_copy)
    assert err.field == field and expected in str(err)

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


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


# ------------------------------------------------------------------ the real corpus

def test_corpus_has_the_four_documents_in_date_order(corpus):
    assert corpus.ids == ["vkpb-1938-01-19", "ussr-embassy-1950-05-06", "kwp-1956-09-23", "hrw-2016-05"]
    assert len(corpus) == 4


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


@pytest.mark.parametrize("doc_id", sorted(SEED_OF))
def test_every_edition_line_comes_from_raw(corpus, doc_id):
    # The edition only removes page furniture and joins page-broken paragraphs: every
    # edition paragraph, whitespace normalised, occurs in the raw capture.
    # (The cable's three page-broken paragraphs are joined in the edition: with all whitespace
    # folded, they too are runs of the raw text.)
    doc = corpus[doc_id]
    raw = " ".join(doc.raw.split())
    for para in doc.paragraphs:
        assert " ".join(para.split()) in raw, para[:60]


@pytest.mark.parametrize("furniture,doc_id", [
    ("Comments are closed", "vkpb-1938-01-19"),
    ("End of the Purges Announced", "vkpb-1938-01-19"),
    ("It appears your Web browser", "kwp-1956-09-23"),
    ("share document", "kwp-1956-09-23"),
    ("Your tax deductible gift", "hrw-2016-05"),
    ("Skip to main content", "hrw-2016-05"),
    ("Citation:", "ussr-embassy-1950-05-06"),
])
def test_page_furniture_is_in_raw_but_not_in_the_edition(corpus, furniture, doc_id):
    assert furniture in corpus[doc_id].raw
    assert furniture not in corpus[doc_id].text


@pytest.mark.parametrize("mark,doc_id", [
    ("Se [SIC] Hwi", "kwp-1956-09-23"),
    ("[Stamp]", "ussr-embassy-1950-05-06"),
    ("[illegible initials]", "ussr-embassy-1950-05-06"),
    ("?Kalinin?", "ussr-embassy-1950-05-06"),
    ("\u2074One *cheok* = 30.3 cm.", "ussr-embassy-1950-05-06"),
    ("members of the Party \u2026", "vkpb-1938-01-19"),
    ("70-bay \u201cbattle\u201d", "hrw-2016-05"),
])
def test_apparatus_and_the_sources_own_errors_are_kept(corpus, mark, doc_id):
    assert mark in corpus[doc_id].text


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
    assert re.fullmatch(r"<Corpus: 4 documents, [\d,]+ tokens>", repr(corpus))
    assert repr(corpus["kwp-1956-09-23"]).startswith("<Document kwp-1956-09-23:")


def test_unknown_id_names_the_known_ones(corpus):
    with pytest.raises(KeyError, match="known ids: vkpb-1938-01-19"):
        corpus["kwp-1956"]


# ------------------------------------------------------------------ broken corpora

@pytest.fixture
def copy(tmp_path):
    """A copy of the real corpus in a temporary folder, to break in one way per test."""
    root = tmp_path / "corpus"
    shutil.copytree(DEFAULT_ROOT, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


KWP = "kwp-1956-09-23"


def broken(root: Path) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    return info.value


def test_copy_of_the_corpus_loads_cleanly(copy):
    assert len(load_corpus(copy)) == 4


def test_missing_required_field(copy):
    edit(copy / KWP / "document.toml", 'genre = "resolution"\n', "")
    err = broken(copy)
    assert err.file == f"corpus/{KWP}/document.toml" and err.field == "genre"
    assert "required field is missing" in str(err)


def test_unknown_field_is_an_error_with_its_line(copy):
    edit(copy / KWP / "document.toml", 'genre = "resolution"\n', 'genre = "resolution"\nauthor = "X"\n')
    err = broken(copy)
    assert err.field == "author" and err.line is not None and "unknown field" in str(err)
    lines = (copy / KWP / "document.toml").read_text().split("\n")
    assert lines[err.line - 1].startswith("author")


def test_date_in_words_is_rejected_with_line_and_what_was_found(copy):
    edit(copy / KWP / "document.toml", 'date = "1956-09-23"', 'date = "23 Sept 1956"')
    err = broken(copy)
    assert str(err) == (f'corpus/{KWP}/document.toml, line {err.line}, field "date": '
                        "expected YYYY-MM-DD or YYYY-MM, found '23 Sept 1956'")


def test_impossible_date_is_rejected(copy):
    edit(copy / KWP / "document.toml", 'date = "1956-09-23"', 'date = "1956-13-23"')
    assert broken(copy).field == "date"


def test_kind_outside_vocabulary(copy):
    edit(copy / KWP / "document.toml", 'kind = "primary"', 'kind = "archival"')
    err = broken(copy)
    assert err.field == "kind" and "expected one of primary, secondary, found 'archival'" in str(err)


def test_id_must_equal_folder_name(copy):
    edit(copy / KWP / "document.toml", f'id = "{KWP}"', 'id = "kwp-1956"')
    err = broken(copy)
    assert err.field == "id" and "expected the folder's name" in str(err)


def test_duplicate_ids_differing_only_in_case(copy):
    (copy / "KWP-1956-09-23").mkdir()
    for name in ("raw.txt", "edition.txt"):
        shutil.copy(copy / KWP / name, copy / "KWP-1956-09-23" / name)
    (copy / "KWP-1956-09-23" / "document.toml").write_text(
        (copy / KWP / "document.toml").read_text().replace(f'id = "{KWP}"', 'id = "KWP-1956-09-23"'))
    err = broken(copy)
    assert err.field == "id"


def test_wrong_type_for_excerpted(copy):
    edit(copy / KWP / "document.toml", "excerpted = false", 'excerpted = "no"')
    err = broken(copy)
    assert err.field == "excerpted" and "expected true or false, found 'no'" in str(err)


def test_toml_syntax_error_names_the_line(copy):
    edit(copy / KWP / "document.toml", 'genre = "resolution"', 'genre = "resolution')
    err = broken(copy)
    assert err.line is not None and "expected valid TOML" in str(err)


def test_edited_raw_is_detected_by_its_sha256(copy):
    edit(copy / KWP / "raw.txt", "Search in", "Search")
    err = broken(copy)
    assert err.file == f"corpus/{KWP}/raw.txt" and err.field == "raw_sha256"


def test_malformed_sha256(copy):
    edit(copy / KWP / "document.toml", 'raw_sha256 = "3cd8', 'raw_sha256 = "XYZ')
    assert broken(copy).field == "raw_sha256"


def test_empty_edition_is_rejected(copy):
    (copy / KWP / "edition.txt").write_text("\n \n")
    err = broken(copy)
    assert err.file == f"corpus/{KWP}/edition.txt" and "empty" in str(err)


def test_missing_edition_file(copy):
    (copy / KWP / "edition.txt").unlink()
    assert broken(copy).file == f"corpus/{KWP}/edition.txt"


def test_missing_document_toml(copy):
    (copy / KWP / "document.toml").unlink()
    assert broken(copy).file == f"corpus/{KWP}/document.toml"


def test_edition_not_utf8_names_the_line(copy):
    path = copy / KWP / "edition.txt"
    path.write_bytes(b"first line\nsecond \xe9 line\n")
    err = broken(copy)
    assert err.file == f"corpus/{KWP}/edition.txt" and err.line == 2 and "UTF-8" in str(err)


def test_bom_and_crlf_in_edition_are_handled(copy):
    path = copy / KWP / "edition.txt"
    text = path.read_text("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    doc = load_corpus(copy)[KWP]
    assert doc.text == text and not doc.text.startswith("\ufeff") and "\r" not in doc.text


def test_provenance_step_missing_actor_names_the_step(copy):
    edit(copy / KWP / "document.toml", 'actor = "Soviet officials"\n', "")
    err = broken(copy)
    assert err.field == "provenance[3].actor" and err.line is not None


def test_provenance_step_unknown_field(copy):
    edit(copy / KWP / "document.toml", 'actor = "Soviet officials"', 'actor = "Soviet officials"\nwho = "x"')
    assert broken(copy).field == "provenance[3].who"


def test_provenance_bad_date(copy):
    edit(copy / KWP / "document.toml", 'date = "1956-09-28"', 'date = "28.9.1956"')
    err = broken(copy)
    assert err.field == "provenance[2].date" and "found '28.9.1956'" in str(err)


def test_translation_missing_translator(copy):
    edit(copy / KWP / "document.toml", 'translator = "Gary Goldberg"\n', "")
    assert broken(copy).field == "translation.translator"


def test_archive_unknown_field(copy):
    edit(copy / KWP / "document.toml", 'fond = "5446"', 'fonds = "5446"')
    assert broken(copy).field == "archive.fonds"


def test_published_in_must_be_strings(copy):
    edit(copy / KWP / "document.toml", '"History and Public Policy Program Digital Archive, Wilson Center",', "1956,")
    assert broken(copy).field == "published_in"


def test_empty_corpus_folder(tmp_path):
    (tmp_path / "corpus").mkdir()
    assert "found none" in str(broken(tmp_path / "corpus"))


def test_missing_corpus_folder(tmp_path):
    assert "no folder" in str(broken(tmp_path / "nowhere"))


def test_every_broken_corpus_error_is_a_value_error():
    assert issubclass(CorpusError, ValueError)


# ------------------------------------------------------------------ events.csv

from helpers.corpus import load_events  # noqa: E402


def test_events_load_in_date_order_with_sources():
    events = load_events()
    assert list(events.columns) == ["date", "label", "source"]
    assert list(events.date) == sorted(events.date)
    assert (events.source.str.len() > 0).all()
    assert "1938-11-17" in set(events.date)


def test_event_with_bad_date_names_line_and_field(copy):
    path = copy / "events.csv"
    path.write_text(path.read_text() + "Nov 1938,Something,CONTEXT.md\n")
    with pytest.raises(CorpusError) as info:
        load_events(copy)
    assert info.value.field == "date" and info.value.line == len(path.read_text().splitlines())


def test_event_without_source_is_rejected(copy):
    path = copy / "events.csv"
    path.write_text(path.read_text() + "1938,Something,\n")
    with pytest.raises(CorpusError, match='field "source"'):
        load_events(copy)


def test_events_header_is_checked(copy):
    path = copy / "events.csv"
    path.write_text("when,what,source\n" + path.read_text().split("\n", 1)[1])
    with pytest.raises(CorpusError, match="line 1"):
        load_events(copy)


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
    assert html_out.count("<td") == 2 and "&lt;b&gt;x&lt;/b&gt;" in html_out and "<b>x</b>" not in html_out
    with pytest.raises(ValueError, match="two or more quotations"):
        side_by_side(corpus.quote("vkpb-1938-01-19", 17))

"""Load the course corpus from ``corpus/`` and validate every file as it is read.

Each document lives in ``corpus/<doc-id>/`` with ``document.toml`` (metadata and
provenance), ``raw.txt`` (the capture, never edited) and ``edition.txt`` (the reading
edition). Anything wrong raises one :class:`CorpusError` that names the file, the line
where it can, the field, what was expected and what was found.

>>> corpus = load_corpus()
>>> corpus["kwp-1956-09-23"].date
'1956-09-23'
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

import pandas as pd

from helpers import reader
from helpers.paths import corpus_dir
from helpers.reader import ByKey, Problems, ReadError, csv_records, field_problems, line_of
from helpers.segment import split_paragraphs, split_sentences, tokens

__all__ = ["CorpusError", "Corpus", "Document", "Quote", "load_corpus", "load_events", "side_by_side", "DEFAULT_ROOT"]

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "corpus"  # the installed package's own corpus

KINDS = ("primary", "secondary")
CAPTURES = ("complete", "partial")  # "partial": the capture itself was cut short (say where in capture_note)

# field -> (type, required), types as in helpers.reader.TYPE_NAMES; unknown fields are errors.
TOP_FIELDS = {
    "id": ("str", True), "title": ("str", True), "short_title": ("str", True), "web_title": ("str", False),
    "date": ("str", True), "kind": ("str", True), "genre": ("str", True),
    "issuer": ("str", True), "recipients": ("str", True), "original_language": ("str", True), "excerpted": ("bool", True),
    "capture": ("str", False), "capture_note": ("str", False), "captured": ("str", False), "url": ("str", False),
    "raw_sha256": ("str", True), "published_in": ("list", False), "rights": ("str", True), "edition_notes": ("str", True),
    "translation": ("table", True), "archive": ("table", True), "provenance": ("list", True),
}
TRANSLATION_FIELDS = {"language": ("str", True), "translator": ("str", True), "note": ("str", False)}
ARCHIVE_FIELDS = {"name": ("str", True), "reference": ("str", True),  # then the parts of a Soviet archival reference
                  "fond": ("str", False), "opis": ("str", False), "delo": ("str", False), "papka": ("str", False),
                  "listy": ("str", False)}
PROVENANCE_FIELDS = {"date": ("str", False), "actor": ("str", True), "action": ("str", True),
                     "place": ("str", False), "reference": ("str", False)}

DOC_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?\Z")  # \Z, not $: "1956-09\n" is no date
DAY_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\Z")
STEP_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SHA = re.compile(r"^[0-9a-f]{64}\Z")
MONTHS = ("January February March April May June July August September October "
          "November December").split()


class CorpusError(ReadError):
    """A corpus file is broken: says which file, line and field, and what was expected."""


@dataclass(frozen=True)
class Document:
    """One document of the corpus: its metadata, reading edition and raw capture."""

    id: str
    meta: dict
    text: str
    raw: str
    folder: Path = field(repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def date(self) -> str:
        return self.meta["date"]

    @property
    def paragraphs(self) -> list[str]:
        """The edition's paragraphs (blocks between blank lines); paragraph 1 is ``paragraphs[0]``."""
        return split_paragraphs(self.text)

    def cite(self) -> str:
        """A full citation in Chicago notes style, built from ``document.toml``."""
        return cite(self.meta)

    def removed_lines(self) -> pd.DataFrame:
        """The non-blank lines of ``raw.txt`` that are not in the edition (doc_id, line, text):
        what the editor removed as page furniture. Whitespace is ignored when comparing."""
        edition = " ".join(self.text.split())
        rows = [(self.id, n, line.strip()) for n, line in enumerate(self.raw.split("\n"), 1)
                if line.strip() and " ".join(line.split()) not in edition]
        return pd.DataFrame(rows, columns=["doc_id", "line", "text"])

    def find(self, phrase: str) -> list[int]:
        """Numbers (from 1) of the paragraphs containing ``phrase``, ignoring case and line breaks.

        >>> load_corpus()["kwp-1956-09-23"].find("magnanimity")
        [7]
        """
        needle = " ".join(phrase.lower().split())
        return [i for i, p in enumerate(self.paragraphs, 1) if needle in " ".join(p.lower().split())]

    def quote(self, paragraph: int, sentence: int | None = None) -> "Quote":
        """Paragraph ``paragraph`` (from 1), or one sentence of it, labelled with document id and paragraph."""
        paras = self.paragraphs
        if not isinstance(paragraph, int) or not 1 <= paragraph <= len(paras):
            raise ValueError(f"{self.id}: expected a paragraph number from 1 to {len(paras)}, found {paragraph!r}")
        text = paras[paragraph - 1]
        label = f"{self.id}, paragraph {paragraph}"
        if sentence is not None:
            sents = split_sentences(text)
            if not isinstance(sentence, int) or not 1 <= sentence <= len(sents):
                raise ValueError(f"{label}: expected a sentence number from 1 to {len(sents)}, found {sentence!r}")
            text, label = sents[sentence - 1], f"{label}, sentence {sentence}"
        return Quote(text=text, source=label)

    def __repr__(self) -> str:
        return f"<Document {self.id}: {self.meta['short_title']}, {len(self.paragraphs)} paragraphs>"


@dataclass(frozen=True)
class Quote:
    """A quotation with its source (document id and paragraph); shows as a block quote in a notebook."""

    text: str
    source: str

    def __repr__(self) -> str:
        return f"[{self.source}]\n{self.text}"

    def _repr_html_(self) -> str:
        body = html.escape(self.text).replace("\n", "<br>")
        return (f'<blockquote class="rr-quote" style="margin: 0.3em 0 0.3em 1em; max-width: 48em; font-size: inherit; '
                f'white-space: normal; overflow-wrap: break-word">{body}'
                f'<br><span style="font-size: 0.9em">[{html.escape(self.source)}]</span></blockquote>')


@dataclass(frozen=True)
class SideBySide:
    """Two (or more) quotations in columns, to read against each other; plain text elsewhere."""

    quotes: tuple[Quote, ...]

    def __repr__(self) -> str:
        return "\n\n".join(repr(q) for q in self.quotes)

    def _repr_html_(self) -> str:
        # Each passage a column of prose: left-aligned, in the notebook's own size, wrapped at words.
        cells = "".join(
            f'<div class="rr-column" style="flex: 1 1 0; min-width: 16em; text-align: left; font-size: inherit; line-height: 1.5; '
            f'white-space: normal; overflow-wrap: break-word; border-left: 3px solid var(--jp-border-color2, #ccc); '
            f'padding: 0 0.8em"><strong>[{html.escape(q.source)}]</strong><br>'
            f"{html.escape(q.text).replace(chr(10), '<br>')}</div>"
            for q in self.quotes)
        return f'<div class="rr-side-by-side" style="display: flex; flex-wrap: wrap; gap: 1em; max-width: 100%">{cells}</div>'


def side_by_side(*quotes: Quote) -> SideBySide:
    """Show quotations next to each other: ``side_by_side(corpus.quote(a, 17), corpus.quote(b, 6))``."""
    if len(quotes) < 2 or not all(isinstance(q, Quote) for q in quotes):
        raise ValueError(f"expected two or more quotations made with corpus.quote(), found {quotes!r}")
    return SideBySide(tuple(quotes))


class Corpus(ByKey):
    """The documents in date order; index by id (``corpus["kwp-1956-09-23"]``), iterate, and ask for tables."""

    def __init__(self, documents: list[Document], root: Path):
        self.root = root
        # a document dated by month only ("1938-01") comes after the dated ones of that month
        super().__init__({d.id: d for d in sorted(documents, key=lambda d: (d.date.ljust(10, "~"), d.id))})

    def missing(self, doc_id) -> str:
        return f"no document {doc_id!r} in the corpus; known ids: {', '.join(self.ids)}"

    @classmethod
    def from_texts(cls, texts: dict[str, str]) -> "Corpus":
        """A corpus of plain texts by id, without metadata or files: for examples and tests.

        >>> Corpus.from_texts({"a": "One text.", "b": "Another."}).ids
        ['a', 'b']
        """
        meta = {"title": "", "short_title": "", "date": ""}
        return cls([Document(id=k, meta={**meta, "title": k, "short_title": k}, text=v, raw=v, folder=Path("."))
                    for k, v in texts.items()], Path("."))

    def quote(self, doc_id: str, paragraph: int, sentence: int | None = None) -> Quote:
        """Quote a paragraph (or one of its sentences) of a document, with id and paragraph number."""
        return self[doc_id].quote(paragraph, sentence)

    @property
    def ids(self) -> list[str]:
        return list(self._by_key)

    def __repr__(self) -> str:
        n = sum(len(tokens(d.text)) for d in self)
        return f"<Corpus: {len(self)} documents, {n:,} tokens>"

    @property
    def catalog(self) -> pd.DataFrame:
        """One row per document: what it is, who issued it, its size."""
        rows = []
        for d in self:
            m = d.meta
            rows.append({
                "id": d.id,
                "short_title": m["short_title"],
                "date": m["date"],
                "kind": m["kind"],
                "genre": m["genre"],
                "issuer": m["issuer"],
                "original_language": m["original_language"],
                "translator": m["translation"]["translator"] or ("not named" if m["translation"]["language"] else "not translated"),
                "archive": m["archive"]["reference"] or "none",
                "excerpted": m["excerpted"],
                "paragraphs": len(d.paragraphs),
                "tokens": len(tokens(d.text)),
            })
        return pd.DataFrame(rows).set_index("id")

    def paragraphs(self) -> pd.DataFrame:
        """Every paragraph: doc_id, paragraph (from 1), text."""
        rows = [(d.id, i, p) for d in self for i, p in enumerate(d.paragraphs, 1)]
        return pd.DataFrame(rows, columns=["doc_id", "paragraph", "text"])

    def sentences(self) -> pd.DataFrame:
        """Every sentence: doc_id, paragraph, sentence (from 1 within the paragraph), text."""
        rows = [
            (d.id, i, j, s)
            for d in self
            for i, p in enumerate(d.paragraphs, 1)
            for j, s in enumerate(split_sentences(p), 1)
        ]
        return pd.DataFrame(rows, columns=["doc_id", "paragraph", "sentence", "text"])

    def provenance(self) -> pd.DataFrame:
        """Every provenance step in order: doc_id, step (from 1), date, actor, action, place, reference."""
        rows = [
            (d.id, i, s.get("date", ""), s["actor"], s["action"], s.get("place", ""), s.get("reference", ""))
            for d in self
            for i, s in enumerate(d.meta["provenance"], 1)
        ]
        return pd.DataFrame(rows, columns=["doc_id", "step", "date", "actor", "action", "place", "reference"])


# ---------------------------------------------------------------- citation

def human_date(iso: str) -> str:
    """'1956-09-23' -> 'September 23, 1956'; '2016-05' -> 'May 2016'; '1954' -> '1954'."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def cite(meta: dict) -> str:
    """Chicago notes-style citation: author (for published texts), title, date, archive, translator, where published."""
    archive = meta["archive"]
    tr = meta["translation"]
    parts = []
    if not archive["reference"]:
        parts.append(meta["issuer"])
    parts.append(f"\u201c{meta['title']},\u201d {human_date(meta['date'])}")
    if meta["excerpted"]:
        parts.append("excerpt")
    if archive["reference"]:
        parts.append(archive["reference"])
    if tr["language"]:
        parts.append(f"trans. {tr['translator']}" if tr["translator"] else "translator not named")
    note = ", ".join(parts)
    if meta.get("published_in"):
        note += ", " + "; ".join(meta["published_in"])
    web = meta.get("web_title", "")
    if web and web != meta["title"]:
        note += f"; web page titled \u201c{web}\u201d"
    if meta.get("capture") == "partial":
        note += "; partial capture"
    if meta.get("url"):
        note += f", {meta['url']}"
    if meta.get("captured"):
        note += f" (copy held by this course since {human_date(meta['captured'])})"
    return note + "."


# ---------------------------------------------------------------- loading and validation

def load_corpus(root: str | Path | None = None) -> Corpus:
    """Read and validate every ``<doc-id>/`` folder under ``root`` (default: corpus/ of the course copy in use)."""
    root = Path(root) if root is not None else corpus_dir()
    label = root.name or str(root)
    if not root.is_dir():
        raise CorpusError(label, f"expected a folder of documents, found no folder at {root.name!r}")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    docs: list[Document] = []
    seen: dict[str, str] = {}
    problems = Problems()  # every broken document is reported, not only the first
    for folder in folders:
        try:
            doc = _load_document(folder, f"{label}/{folder.name}")
        except CorpusError as e:
            problems.add(e)
            continue
        key = doc.id.lower()
        if key in seen:
            problems.add(CorpusError(f"{label}/{folder.name}/document.toml", f"expected a unique id, found {doc.id!r} again (also in {seen[key]}/)", field="id"))
            continue
        seen[key] = folder.name
        docs.append(doc)
    problems.check()
    if not docs:
        raise CorpusError(label, "expected at least one <doc-id>/ folder with a document.toml, found none")
    return Corpus(docs, root)


EVENT_COLUMNS = ["date", "label", "source"]


def load_events(root: str | Path | None = None) -> pd.DataFrame:
    """Dated events from ``events.csv`` beside the corpus (date, label, source), in date order.

    These are the facts from outside the documents that the timeline lessons use; each row
    names its source: a key of ``sources.toml`` or a corpus document id (several separated by ';').
    """
    root = Path(root) if root is not None else corpus_dir()
    path = root / "events.csv"
    label = f"{root.name}/events.csv"
    if not path.is_file():
        raise CorpusError(label, "expected a file of dated events (date,label,source), found none")
    known = _source_names(root)
    rows = []
    problems = Problems()  # a wrong header and every broken row are reported, not only the first
    for number, row in csv_records(read_text(path, label), label, ",".join(EVENT_COLUMNS), problems, CorpusError):
        found = _event_problems(row, number, label, known)
        for problem in found:
            problems.add(problem)
        if not found:
            rows.append([c.strip() for c in row])
    problems.check()
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def _event_problems(row: list[str], number: int, label: str, known: set[str] | None) -> list[CorpusError]:
    """What is wrong with one row of events.csv (line ``number``): one error a field, or none."""
    if len(row) != 3:
        return [CorpusError(label, f"expected 3 fields (date,label,source), found {len(row)}: {row!r}", line=number)]
    found = [CorpusError(label, "expected some text, found an empty field", line=number, field=name)
             for name, value in zip(EVENT_COLUMNS, row) if not value.strip()]
    if row[0].strip() and not _valid_date(row[0], STEP_DATE):
        found.append(CorpusError(label, f"expected YYYY, YYYY-MM or YYYY-MM-DD, found {row[0]!r}", line=number, field="date"))
    for name in (part.strip() for part in row[2].split(";")) if row[2].strip() else ():
        if known is not None and name not in known:
            found.append(CorpusError(label, f"expected a key of sources.toml or a corpus document id (several separated by ';'), found {name!r}", line=number, field="source"))
            break
    return found


def _source_names(root: Path) -> set[str] | None:
    """What an events.csv source may name: the keys of sources.toml and the document folders' ids
    (None when the corpus has no sources.toml, so events are not checked against it).

    A broken sources.toml is reported by its own check (:func:`helpers.sources.load_sources`); here its
    keys are then read as written (``key = "..."`` lines), so the events are not blamed for its fault.
    """
    path = root / "sources.toml"
    if not path.is_file():
        return None
    label = f"{root.name}/sources.toml"
    try:
        text = read_text(path, label)
    except CorpusError:
        return None  # not text at all: nothing to check the events against
    try:
        tables = parse_toml(text, label).get("source")
    except CorpusError:
        tables = None
    if isinstance(tables, list) and all(isinstance(t, dict) and isinstance(t.get("key"), str) for t in tables):
        keys = {t["key"] for t in tables}
    else:
        keys = set(WRITTEN_KEY.findall(text))
        if not keys:
            return None
    return keys | {p.name for p in root.iterdir() if (p / "document.toml").is_file()}


WRITTEN_KEY = re.compile(r"""^[ \t]*key[ \t]*=[ \t]*["']?([^"'\s#]+)""", re.M)  # a key line of sources.toml, read as text


def read_text(path: Path, label: str, error: type[CorpusError] = CorpusError) -> str:
    """:func:`helpers.reader.read_text`, raising ``error`` (CorpusError unless told)."""
    return reader.read_text(path, label, error)


def parse_toml(source: str, label: str, error: type[CorpusError] = CorpusError) -> dict:
    """:func:`helpers.reader.parse_toml`, raising ``error`` (CorpusError unless told)."""
    return reader.parse_toml(source, label, error)


_line_of = line_of  # the one line finder (helpers.reader), under its old name


def _field_problems(data: dict, schema: dict, label: str, source: str, prefix: str = "", table: str | None = None,
                    index: int = 0) -> list[CorpusError]:
    """Every field of a parsed table that its spec refuses (:func:`helpers.reader.field_problems`), as CorpusErrors."""
    def problem(message: str, key: str, present: bool) -> CorpusError:
        return CorpusError(label, message, line=_line_of(source, key if present else None, table, index), field=prefix + key)

    return field_problems(data, schema, problem)


def _valid_date(text: str, pattern: re.Pattern) -> bool:
    m = pattern.match(text)
    if not m:
        return False
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        _date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return False
    return True


def _load_document(folder: Path, label: str) -> Document:
    """One document folder, read and checked: CorpusError listing every problem of its document.toml,
    raw.txt and edition.txt."""
    toml_label = f"{label}/document.toml"
    problems = Problems()  # every problem of the folder is reported, not only the first
    try:
        source, meta = reader.read_toml(folder / "document.toml", toml_label, "a document.toml in every document folder",
                                        CorpusError)
    except CorpusError as e:
        if not (folder / "document.toml").is_file():
            raise  # not a document folder, whatever else it holds
        problems.add(e)  # not TOML: raw.txt and edition.txt are still read
        meta = {}
    else:
        for problem in _meta_problems(meta, source, folder.name, toml_label):
            problems.add(problem)
    sha = meta.get("raw_sha256") if isinstance(meta.get("raw_sha256"), str) and SHA.match(meta["raw_sha256"]) else None
    texts = []
    for read in (lambda: _read_capture(folder, label, sha), lambda: _read_edition(folder, label)):
        try:
            texts.append(read())
        except CorpusError as e:
            problems.add(e)
    problems.check()
    raw, text = texts
    return Document(id=meta["id"], meta=meta, text=text, raw=raw, folder=folder)


def _meta_problems(meta: dict, source: str, name: str, toml_label: str) -> list[CorpusError]:
    """Every problem of a parsed document.toml in the folder ``name``; a field of the wrong type is
    reported once, and the checks that rely on it are skipped."""
    problems = _field_problems(meta, TOP_FIELDS, toml_label, source)

    def has(key: str) -> bool:  # present and of its type, so its own checks can run
        return key in meta and reader.type_ok(meta[key], TOP_FIELDS[key][0])

    def fail(key: str, message: str) -> None:
        problems.append(CorpusError(toml_label, message, line=_line_of(source, key), field=key))

    if has("translation"):
        problems += _field_problems(meta["translation"], TRANSLATION_FIELDS, toml_label, source, "translation.", "translation")
    if has("archive"):
        problems += _field_problems(meta["archive"], ARCHIVE_FIELDS, toml_label, source, "archive.", "archive")
    if has("id") and meta["id"] != name:
        fail("id", f"expected the folder's name {name!r}, found {meta['id']!r}")
    elif has("id") and not SLUG.match(meta["id"]):
        fail("id", f"expected a lower-case slug like 'kwp-1956-09-23', found {meta['id']!r}")
    if has("date") and not _valid_date(meta["date"], DOC_DATE):
        fail("date", f"expected YYYY-MM-DD or YYYY-MM, found {meta['date']!r}")
    if has("kind") and meta["kind"] not in KINDS:
        fail("kind", f"expected one of {', '.join(KINDS)}, found {meta['kind']!r}")
    for key in ("title", "short_title", "genre", "issuer"):
        if has(key) and not meta[key].strip():
            fail(key, "expected some text, found an empty string")
    if has("capture") and meta["capture"] not in CAPTURES:
        fail("capture", f"expected one of {', '.join(CAPTURES)}, found {meta['capture']!r}")
    elif meta.get("capture") == "partial" and not (has("capture_note") and meta["capture_note"].strip()):
        fail("capture", "expected a capture_note saying where the partial capture stops, found none")
    if has("captured") and not _valid_date(meta["captured"], DAY_DATE):
        fail("captured", f"expected YYYY-MM-DD (the day the capture entered the course), found {meta['captured']!r}")
    if has("rights") and not meta["rights"].strip():
        fail("rights", "expected what is known of the rights in the text and on what basis the course reproduces it, found an empty string")
    if has("raw_sha256") and not SHA.match(meta["raw_sha256"]):
        fail("raw_sha256", f"expected 64 lower-case hex digits (sha256sum raw.txt), found {meta['raw_sha256']!r}")
    if has("published_in") and not all(isinstance(p, str) and p.strip() for p in meta["published_in"]):
        fail("published_in", f"expected a list of non-empty strings, found {meta['published_in']!r}")
    if has("provenance") and not meta["provenance"]:
        problems.append(CorpusError(toml_label, "expected at least one [[provenance]] step, found none", field="provenance"))
    for i, step in enumerate(meta["provenance"] if has("provenance") else []):
        prefix = f"provenance[{i + 1}]."
        if not isinstance(step, dict):
            fail("provenance", f"expected [[provenance]] tables, found {step!r}")
            continue
        step_problems = _field_problems(step, PROVENANCE_FIELDS, toml_label, source, prefix, "provenance", i)
        problems += step_problems
        if step_problems:
            continue
        if "date" in step and step["date"] and not _valid_date(step["date"], STEP_DATE):
            problems.append(CorpusError(toml_label, f"expected YYYY, YYYY-MM or YYYY-MM-DD, found {step['date']!r}",
                                        line=_line_of(source, "date", "provenance", i), field=prefix + "date"))
        for key in ("actor", "action"):
            if not step[key].strip():
                problems.append(CorpusError(toml_label, "expected some text, found an empty string",
                                            line=_line_of(source, key, "provenance", i), field=prefix + key))
    return problems


def _read_capture(folder: Path, label: str, sha: str | None) -> str:
    """raw.txt, checked against the sha256 recorded in document.toml (``sha``; None when that is broken)."""
    path = folder / "raw.txt"
    if not path.is_file():
        raise CorpusError(f"{label}/raw.txt", "expected raw.txt beside document.toml, found none")
    data = path.read_bytes()
    if not data or data.isspace():
        raise CorpusError(f"{label}/raw.txt", "expected the capture as received, found an empty file", field="raw_sha256")
    digest = hashlib.sha256(data).hexdigest()
    if sha is not None and digest != sha:
        raise CorpusError(f"{label}/raw.txt", f"expected the capture recorded in document.toml (sha256 {sha[:12]}...), found a changed file (sha256 {digest[:12]}...); raw.txt is never edited: restore it, or correct edition.txt instead", field="raw_sha256")
    return read_text(path, f"{label}/raw.txt")


def _read_edition(folder: Path, label: str) -> str:
    """edition.txt, the reading edition: UTF-8 text, not empty."""
    path = folder / "edition.txt"
    if not path.is_file():
        raise CorpusError(f"{label}/edition.txt", "expected edition.txt beside document.toml, found none")
    text = read_text(path, f"{label}/edition.txt")
    if not text.strip():
        raise CorpusError(f"{label}/edition.txt", "expected the reading edition, found an empty file")
    return text

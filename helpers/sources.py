"""The course's bibliography (``corpus/sources.toml``) and the citations that use it.

Prose cites a work by its label in square brackets, with an optional locator after a comma:
``[Lankov 2005]``, ``[Lankov 2005, ch. 5]``, ``[FRUS 1933-39, doc. 448]``. A lesson ends with
``sources("03")``, which lists in full every work its notebook and exercise bank cite, then the
corpus documents it uses.

>>> cited_labels("As [Lankov 2005, ch. 5] and [Dunning 1993] show; see [Lankov 2005].")
['Lankov 2005', 'Dunning 1993']
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.corpus import CorpusError, load_corpus, parse_toml, read_text
from helpers.reader import ByKey, Problems, field_problems, line_of as _line_of, read_toml, without_comments
from helpers.paths import corpus_dir, course_root

__all__ = ["Source", "Bibliography", "SourceList", "load_sources", "cited_labels", "sources",
           "citation_problems", "citation_errors", "check_citations", "rights_table"]

SOURCE_FIELDS = {  # field -> (type, required), as in helpers.reader.TYPE_NAMES
    "key": ("str", True), "label": ("str", True), "author": ("str", False), "title": ("str", True), "year": ("year", True),
    "publisher": ("str", False), "archive": ("str", False), "url": ("str", False), "note": ("str", False),
}
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
YEAR = re.compile(r"\b\d{4}\b")
BRACKET = re.compile(r"(?<![\w)\].])\[([^\[\]\n]*)\]")  # not a subscript such as x["id"]
CONTEXT_WORD = re.compile(r"\bCONTEXT\b")


@dataclass(frozen=True)
class Source:
    """One work of the bibliography."""

    key: str
    label: str
    title: str
    year: str
    author: str = ""
    publisher: str = ""
    archive: str = ""
    url: str = ""
    note: str = ""

    def reference(self) -> str:
        """The full reference in plain text: author, title, where published or kept, year, address."""
        parts = [p for p in (self.author, f"\u201c{self.title}\u201d" if self.archive and not self.publisher else self.title,
                             self.publisher, self.archive) if p]
        text = ", ".join(parts) + f", {self.year}"
        if self.url:
            text += f", {self.url}"
        text += "."
        if self.note:
            text += f" {self.note}"
        return text

    def reference_html(self) -> str:
        title = html.escape(self.title)
        title = f"\u201c{title}\u201d" if self.archive and not self.publisher else f"<em>{title}</em>"
        parts = [p for p in (html.escape(self.author), title, html.escape(self.publisher), html.escape(self.archive)) if p]
        text = ", ".join(parts) + f", {html.escape(self.year)}"
        if self.url:
            url = html.escape(self.url)
            text += f', <a href="{url}">{url}</a>'
        text += "."
        if self.note:
            text += f" {html.escape(self.note)}"
        return text


class Bibliography(ByKey):
    """The works of ``sources.toml`` by key (``bib["lankov-2005"]``) and by label (``bib.by_label``)."""

    def __init__(self, works: list[Source], file: str):
        super().__init__({s.key: s for s in works})
        self.file = file
        self.by_label = {s.label: s for s in works}

    def missing(self, key) -> str:
        return f"no source {key!r} in {self.file}; known keys: {', '.join(self.keys)}"

    @property
    def keys(self) -> list[str]:
        return list(self._by_key)

    @property
    def labels(self) -> list[str]:
        return list(self.by_label)

    def __repr__(self) -> str:
        return f"<Bibliography: {len(self)} works>"


def load_sources(root: str | Path | None = None) -> Bibliography:
    """Read and validate ``sources.toml`` in the corpus folder ``root`` (default: the course's corpus/)."""
    root = Path(root) if root is not None else corpus_dir()
    label = f"{root.name}/sources.toml"
    text, data = read_toml(root / "sources.toml", label, "the course's bibliography ([[source]] tables)", CorpusError)
    problems = Problems()  # every wrong top-level field and every broken [[source]] is reported, not only the first
    for key in data:
        if key != "source":
            problems.add(CorpusError(label, "unknown field; expected only [[source]] tables", line=_line_of(text, key),
                                     field=key))
    tables = data.get("source")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        problems.add(CorpusError(label, f"expected one or more [[source]] tables, found {tables!r}",
                                 line=_line_of(text, "source"), field="source"))
        tables = []
    works: list[Source] = []
    seen: dict[str, dict[str, int]] = {"key": {}, "label": {}}
    for i, table in enumerate(tables):
        try:
            works.append(_source(table, i, text, label, seen))
        except CorpusError as e:
            problems.add(e)
    problems.check()
    return Bibliography(works, label)


def _source(table: dict, i: int, text: str, label: str, seen: dict[str, dict[str, int]]) -> Source:
    """The i-th [[source]] table, validated: CorpusError listing every problem found in it."""
    def fail(field: str | None, message: str) -> CorpusError:  # the line of the field, or of the [[source]] header
        return CorpusError(label, message, line=_line_of(text, field if field in table else None, "source", i),
                           field=f"source[{i + 1}].{field}" if field else f"source[{i + 1}]")

    problems = Problems()
    for k in ("key", "label"):  # a repeated key or label is found even when other fields are wrong
        if isinstance(table.get(k), str) and table[k] in seen[k]:
            problems.add(fail(k, f"expected a unique {k}, found {table[k]!r} again (also source {seen[k][table[k]]})"))
        elif isinstance(table.get(k), str):
            seen[k][table[k]] = i + 1
    for problem in field_problems(table, SOURCE_FIELDS, lambda message, key, present: fail(key, message)):
        problems.add(problem)
    for k, value in table.items():
        if k in SOURCE_FIELDS and isinstance(value, str) and (not value.strip() or value != value.strip()):
            problems.add(fail(k, f"expected some text without leading or trailing spaces, found {value!r}"))
    problems.check()  # the checks below rely on every field having its type
    if not KEY.match(table["key"]):
        problems.add(fail("key", f"expected a lower-case slug like 'lankov-2005', found {table['key']!r}"))
    year = table["year"]
    if isinstance(year, int) and not 1000 <= year <= 2999 or isinstance(year, str) and year != "n.d.":
        problems.add(fail("year", f"expected a four-digit year or \"n.d.\", found {year!r}"))
    if "[" in table["label"] or "]" in table["label"] or ";" in table["label"]:
        problems.add(fail("label", f"expected a label without brackets or semicolons, found {table['label']!r}"))
    if not (table.get("publisher") or table.get("archive")):
        problems.add(fail(None, "expected a publisher or an archive (or both), found neither"))
    problems.check()
    return Source(**{**table, "year": str(year)})


# ---------------------------------------------------------------- citations in text

def _label_at(part: str, labels) -> str | None:
    """The known label that ``part`` (one citation inside brackets) starts with, if any."""
    for lab in sorted(labels, key=len, reverse=True):
        if part.startswith(lab) and (len(part) == len(lab) or part[len(lab)] in ",;:) "):
            return lab
    return None


def cited_labels(text: str, labels=None) -> list[str]:
    """The labels cited in ``text`` (in brackets, several separated by ';'), in order of first citation."""
    labels = load_sources().labels if labels is None else list(labels)
    found: list[str] = []
    for m in BRACKET.finditer(text):
        for part in m.group(1).split(";"):
            lab = _label_at(part.strip(), labels)
            if lab and lab not in found:
                found.append(lab)
    return found


def _unknown_citations(text: str, labels, doc_ids=()) -> list[tuple[int, str]]:
    """(line, bracket) for every bracket holding a four-digit year whose citations start with no known
    label (nor a corpus document id, as in "[kwp-1956-09-23, paragraph 3]"); quoted strings are code."""
    out = []
    for m in BRACKET.finditer(text):
        if text.startswith("(", m.end()):
            continue  # a Markdown link, [text](address): not a citation
        for part in m.group(1).split(";"):
            part = part.strip()
            if part.startswith(("'", '"')):
                continue
            if YEAR.search(part) and not _label_at(part, labels) and not _label_at(part, doc_ids):
                out.append((text.count("\n", 0, m.start()) + 1, m.group(0)))
                break
    return out


def _prose(markdown: str) -> str:
    """A Markdown notebook source or guide with its code blocks blanked (line numbers kept)."""
    out, fence = [], None
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        if fence is None and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append("")
        elif fence is not None:
            if stripped.startswith(fence):
                fence = None
            out.append("")
        else:
            out.append(re.sub(r"`[^`\n]*`", "", line))
    return "\n".join(out)


def _toml_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _toml_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _toml_strings(v)]
    return []


def _bank_data(path: Path) -> dict:
    """A bank's parsed table, or {} when it cannot be read (a broken bank is reported by its own loader)."""
    try:
        return parse_toml(read_text(path, path.name), path.name)
    except CorpusError:
        return {}


def _bank_text(data: dict) -> str:
    """The strings of a parsed bank (prompts, options, feedback ...), one per line, for citation checks."""
    return "\n".join(re.sub(r"`[^`]*`", "", s) for s in _toml_strings(data))


def _lesson_files(root: Path, lesson: str) -> tuple[list[Path], list[Path]]:
    """(notebook sources, banks) of lesson ``lesson`` ("03") in the course at ``root``."""
    return (sorted((root / "notebooks" / "source").glob(f"{lesson}_*.md")),
            sorted((root / "lessons").glob(f"{lesson}_*.toml")))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def citation_problems(root: str | Path | None = None) -> list[str]:
    """Every citation problem in the course copy at ``root``, one line each (file, line: what is wrong);
    see :func:`citation_errors`."""
    return [str(e) for e in citation_errors(root)]


def citation_errors(root: str | Path | None = None) -> list[CorpusError]:
    """Every citation problem in the course copy at ``root``, each a CorpusError naming file and line:

    (a) a bracket holding a four-digit year that starts with no label of sources.toml, in notebook
        sources, banks, guides and corpus files (document.toml, events.csv, sources.toml, README.md);
    (b) the word CONTEXT in notebooks (sources and .ipynb), banks, guides or corpus files.

    An events.csv source that is neither a key of sources.toml nor a corpus document id is
    reported by :func:`helpers.corpus.load_events`, which reads events.csv.
    """
    root = Path(root) if root is not None else course_root()
    corpus = root / "corpus"
    problems: list[CorpusError] = []
    try:
        bib = load_sources(corpus)
    except CorpusError as e:
        return e.problems
    labels = bib.labels
    doc_ids = {p.name for p in corpus.iterdir() if (p / "document.toml").is_file()} if corpus.is_dir() else set()

    cited: list[tuple[Path, str]] = []  # (file, text to check for citations)
    whole: list[Path] = []  # files checked for CONTEXT
    for p in sorted((root / "notebooks" / "source").glob("*.md")):
        cited.append((p, _prose(read_text(p, p.name))))
        whole.append(p)
    whole += sorted((root / "notebooks").glob("*.ipynb"))
    for p in sorted((root / "lessons").glob("*.toml")):
        cited.append((p, _bank_text(_bank_data(p))))
        whole.append(p)
    for p in sorted((root / "lessons").glob("*.md")):
        cited.append((p, _prose(read_text(p, p.name))))
        whole.append(p)
    corpus_files = [corpus / n for n in ("sources.toml", "events.csv", "README.md", "lexicon.csv")]
    corpus_files += sorted(corpus.glob("*/document.toml")) + sorted(corpus.glob("*/edition.txt"))
    for p in corpus_files:
        if not p.is_file():
            continue
        whole.append(p)
        if p.name in ("document.toml", "sources.toml", "events.csv"):
            cited.append((p, read_text(p, p.name)))
        elif p.name == "README.md":
            cited.append((p, _prose(read_text(p, p.name))))

    for p, text in cited:
        bank = p.parent.name == "lessons"  # a bank's text is its strings only: find each in the file
        raw = without_comments(p.read_text("utf-8", errors="replace")) if bank else ""
        seen: dict[str, int] = {}  # bracket -> where in raw its last occurrence was found
        for line, bracket in _unknown_citations(text, labels, doc_ids):
            if bank:
                at = raw.find(bracket, seen.get(bracket, -1) + 1)
                seen[bracket] = at
                line = raw.count("\n", 0, at) + 1 if at >= 0 else None
            problems.append(CorpusError(_rel(p, root), f"citation {bracket} starts with no label of corpus/sources.toml "
                                        "(cite a work by its label there, or add the work first)", line=line))
    for p in whole:
        text = p.read_text("utf-8", errors="replace")
        for m in CONTEXT_WORD.finditer(text):
            problems.append(CorpusError(_rel(p, root), '"CONTEXT" names a file that is not part of the course; '
                                        "cite the work itself by its label from corpus/sources.toml",
                                        line=text.count("\n", 0, m.start()) + 1))
    return problems


def check_citations(root: str | Path | None = None) -> str:
    """For ``make check``: a one-line summary, or CorpusError listing every citation problem (the first
    problem, carrying the others in ``also``)."""
    problems = Problems()
    for problem in citation_errors(root):
        problems.add(problem)
    problems.check()
    root = Path(root) if root is not None else course_root()
    return f"citations: every bracketed citation names a work of corpus/sources.toml ({len(load_sources(root / 'corpus'))} works); no CONTEXT"


def rights_table(root: str | Path | None = None) -> str:
    """A Markdown table, one row per corpus document: its id, short title and ``rights`` (what is
    known of the rights in the text and on what basis the course reproduces it), in corpus order;
    for the README's "Licence and sources" section."""
    root = Path(root) if root is not None else corpus_dir()
    rows = ["| document | what it is | rights, and on what basis the course reproduces it |", "|---|---|---|"]
    for doc in load_corpus(root):
        cells = (f"`{doc.id}`", doc.meta["short_title"], " ".join(doc.meta["rights"].split()))
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


# ---------------------------------------------------------------- a lesson's Sources section

@dataclass(frozen=True)
class SourceList:
    """The works and documents a lesson cites; shows as prose in a notebook, plain text elsewhere."""

    lesson: str
    works: tuple[Source, ...]
    documents: tuple[tuple[str, str], ...]  # (doc_id, citation)

    def __repr__(self) -> str:
        lines = [f"Sources of lesson {self.lesson}", "", "Works cited:"]
        lines += [f"- [{s.label}] {s.reference()}" for s in self.works] or ["- none"]
        lines += ["", "Documents of the corpus used:"]
        lines += [f"- {doc_id}: {cite}" for doc_id, cite in self.documents] or ["- none"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        works = "".join(f"<li><strong>[{html.escape(s.label)}]</strong> {s.reference_html()}</li>" for s in self.works)
        docs = "".join(f"<li><code>{html.escape(i)}</code>: {html.escape(c)}</li>" for i, c in self.documents)
        return (f'<div class="rr-sources"><p><strong>Works cited</strong></p><ul>{works or "<li>none</li>"}</ul>'
                f'<p><strong>Documents of the corpus used</strong></p><ul>{docs or "<li>none</li>"}</ul></div>')

    def _repr_markdown_(self) -> str:
        def md(text: str) -> str:
            return text.replace("*", "\\*").replace("_", "\\_")
        works = "\n".join(f"- **[{md(s.label)}]** {md(s.reference())}" for s in self.works) or "- none"
        docs = "\n".join(f"- `{i}`: {md(c)}" for i, c in self.documents) or "- none"
        return f"**Works cited**\n\n{works}\n\n**Documents of the corpus used**\n\n{docs}\n"


def sources(lesson: str | int, root: str | Path | None = None) -> SourceList:
    """The Sources section of a lesson: every work its notebook source and exercise bank cite
    (in the order of sources.toml), then the ``cite()`` of each corpus document it uses (exercise
    ``doc``/``docs`` in its bank, document ids in its notebook source), in corpus order."""
    root = Path(root) if root is not None else course_root()
    lesson = f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)
    notebooks, banks = _lesson_files(root, lesson)
    if not notebooks and not banks:
        raise ValueError(f"expected a lesson number such as '03' with notebooks/source/{lesson}_*.md "
                         f"or lessons/{lesson}_*.toml, found neither")
    bib = load_sources(root / "corpus")
    corpus = load_corpus(root / "corpus")
    texts = [read_text(p, p.name) for p in notebooks]
    used_ids: set[str] = set()
    for p in banks:
        data = _bank_data(p)
        texts.append(_bank_text(data))
        for ex in data.get("exercise", []) if isinstance(data.get("exercise"), list) else []:
            if isinstance(ex, dict):
                ids = ex.get("docs", [])
                used_ids.update(i for i in ([ex.get("doc")] + (ids if isinstance(ids, list) else [])) if isinstance(i, str))
    labels = set()
    for text in texts:
        labels.update(cited_labels(text, bib.labels))
    for text in texts[:len(notebooks)]:
        used_ids.update(i for i in corpus.ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    works = tuple(s for s in bib if s.label in labels)
    documents = tuple((d.id, d.cite()) for d in corpus if d.id in used_ids)
    return SourceList(lesson, works, documents)


class _CallableModule(type(re)):
    """``from helpers import sources`` may give this module (once it is imported) or the function:
    both answer ``sources("03")``."""

    def __call__(self, lesson, root=None):
        return sources(lesson, root)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _CallableModule

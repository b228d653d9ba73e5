"""Reading every file an instructor edits: one error class, one line finder, one field vocabulary.

The corpus (``document.toml``, ``raw.txt``, ``edition.txt``), ``events.csv``, ``lexicon.csv``,
``sources.toml`` and the exercise banks are all read through :func:`read_text`, then
:func:`parse_toml` (:func:`read_toml` does both) or :func:`csv_rows` (:func:`csv_records` checks the header too). A problem is a :class:`ReadError` (``CorpusError`` and
``BankError`` are its subclasses) naming the file, the line where it can, the field, what was
expected and what was found, tomllib-style:

>>> str(ReadError("corpus/kwp-1956-09-23/document.toml", "expected YYYY-MM-DD or YYYY-MM, found '23 Sept 1956'", line=7, field="date"))
'corpus/kwp-1956-09-23/document.toml, line 7, field "date": expected YYYY-MM-DD or YYYY-MM, found \\'23 Sept 1956\\''

A validator collects every problem of a file in a :class:`Problems` list and raises them together
(:meth:`Problems.check`), so an instructor fixes them in one pass: the error raised is the first
problem, with the others in ``also``, and its message lists them all, one a line.

>>> problems = Problems()
>>> problems.add(ReadError("lessons/03_x.toml", "expected a string, found 3", line=4, field="prompt", exercise="03.1"))
>>> problems.add(ReadError("lessons/03_x.toml", "expected one of choice, multi, found 'sort'", line=9, field="kind", exercise="03.2"))
>>> try:
...     problems.check()
... except ReadError as e:
...     print(e)
lessons/03_x.toml, line 4, exercise "03.1", field "prompt": expected a string, found 3
lessons/03_x.toml, line 9, exercise "03.2", field "kind": expected one of choice, multi, found 'sort'

A field of a parsed table is found by :func:`line_of`:

>>> line_of('title = "x"\\n\\n[[exercise]]\\nid = "03.1"\\nanswer = 2\\n', "answer", "exercise", 0)
5

A parsed table is checked against its field spec (field -> (type, required)) by :func:`field_problems`:

>>> spec = {"title": ("str", True), "year": ("int", False)}
>>> for p in field_problems({"year": "1956", "note": "x"}, spec, lambda message, key, present: ReadError("a.toml", message, field=key)):
...     print(p)
a.toml, field "note": unknown field; expected one of: title, year
a.toml, field "title": required field is missing; expected a string
a.toml, field "year": expected a whole number, found '1956'
"""
from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

__all__ = ["ReadError", "Problems", "ByKey", "read_text", "parse_toml", "read_toml", "toml_position", "csv_rows",
           "csv_records", "header_problem", "line_of", "without_comments", "TYPE_NAMES", "type_ok", "field_problems", "FIELD_LIMIT",
           "MAX_NESTING"]


class ReadError(ValueError):
    """A file an instructor edits is broken: says which file, line and field, and what was expected.

    ``also`` holds the file's (or the check's) other problems, raised together with this one.
    """

    def __init__(self, file: str, message: str, line: int | None = None, field: str | None = None,
                 exercise: str | None = None):
        self.file, self.line, self.field, self.detail, self.exercise = file, line, field, message, exercise
        self.also: list[ReadError] = []
        where = file
        if line is not None:
            where += f", line {line}"
        if exercise is not None:  # exercise banks: "#3" for the third [[exercise]] when it has no id
            where += f", exercise {exercise}" if exercise.startswith("#") else f', exercise "{exercise}"'
        if field is not None:
            where += f', field "{field}"'
        super().__init__(f"{where}: {message}")

    @property
    def problems(self) -> list["ReadError"]:
        """This problem and every other one raised with it, in the order found."""
        return [self, *self.also]

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(str(p) for p in self.also)])


class Problems(list):
    """The problems found so far; :meth:`check` raises them together, the first carrying the rest."""

    def add(self, error: ReadError) -> None:
        """Record ``error`` and every problem raised with it (each once)."""
        found = error.problems
        for p in found:
            p.also = []  # each problem is kept on its own; check() gathers them again
            if not any(q.args[0] == p.args[0] for q in self):
                self.append(p)

    def check(self) -> None:
        """Raise the first problem, carrying the others in its ``also``; nothing when there is none."""
        if self:
            first = self[0]
            first.also = list(self[1:])
            raise first


class ByKey:
    """What was read, by key and in order (the corpus's documents, the bibliography's works):
    ``x[key]``, ``key in x``, ``for thing in x``, ``len(x)``. An unknown key is a KeyError saying :meth:`missing`."""

    def __init__(self, things: dict):
        self._by_key = things

    def missing(self, key) -> str:
        """What the KeyError for an unknown ``key`` says: which keys there are."""
        return f"no {key!r}; known keys: {', '.join(self._by_key)}"

    def __getitem__(self, key):
        try:
            return self._by_key[key]
        except (KeyError, TypeError):  # TypeError: a key that cannot be one, such as a list
            raise KeyError(self.missing(key)) from None

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self):
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)


# ---------------------------------------------------------------- reading text

def read_text(path: Path, label: str, error: type[ReadError] = ReadError) -> str:
    """Decode UTF-8, strip a BOM and turn CRLF/CR into LF; report bytes that are not UTF-8 by line.

    Every file an instructor edits is read through here; ``error`` is the error class to raise.
    """
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise error(label, f"expected UTF-8 text, found byte {data[e.start]:#04x} that is not UTF-8 (save the file as UTF-8)", line=line) from None
    if "\0" in text:  # UTF-16 without a BOM decodes as UTF-8 with a NUL after every ASCII letter
        line = text.count("\n", 0, text.index("\0")) + 1
        raise error(label, "expected UTF-8 text, found a NUL byte (a file saved as UTF-16? save it as UTF-8)", line=line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- TOML

MAX_NESTING = 100  # arrays and inline tables inside each other; a line is named where nesting passes it
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")  # tomllib's message tail before Python 3.14


def toml_position(e: tomllib.TOMLDecodeError) -> tuple[str, int | None, int | None]:
    """(message without position, line, column) of a TOML syntax error.

    Python 3.14 gives ``msg``, ``lineno`` and ``colno``; before it, the position is only the message's
    tail "(at line N, column M)", read here and nowhere else.
    """
    if getattr(e, "lineno", None) is not None and getattr(e, "msg", None) is not None:
        return e.msg, e.lineno, e.colno
    m = _POSITION.search(str(e))
    if m:
        return _POSITION.sub("", str(e)), int(m.group(1)), int(m.group(2))
    return str(e), None, None


def parse_toml(source: str, label: str, error: type[ReadError] = ReadError) -> dict:
    """tomllib.loads, with a syntax error reported as ``error`` naming the file and line."""
    try:
        return tomllib.loads(source)
    except RecursionError:  # tomllib reads nested arrays and inline tables by recursion
        line = _too_deep(source)
        key = re.match(r'\s*"?([\w.\-]+)"?\s*=', source.split("\n")[line - 1]) if line else None
        raise error(label, f"expected arrays and inline tables nested a few levels deep, found more than {MAX_NESTING} "
                    "levels, too deep to read", line=line, field=key.group(1) if key else None) from None
    except tomllib.TOMLDecodeError as e:
        msg, line, _ = toml_position(e)
        raise error(label, f"expected valid TOML, found a syntax error: {msg}", line=line) from None


def read_toml(path: Path, label: str, expected: str, error: type[ReadError] = ReadError) -> tuple[str, dict]:
    """(text, parsed table) of a TOML file an instructor edits; ``expected`` says what belongs there
    when the file is missing ("expected the course's bibliography ..., found no file")."""
    if not Path(path).is_file():
        raise error(label, f"expected {expected}, found no file")
    text = read_text(path, label, error)
    return text, parse_toml(text, label, error)


def _too_deep(source: str) -> int | None:
    """Line where [ and { outside strings and comments first nest more than MAX_NESTING deep, or None."""
    if source.count("[") + source.count("{") <= MAX_NESTING:
        return None
    depth, line, quote, i, n = 0, 1, "", 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\n":
            line += 1
        if quote:
            if source.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
            if ch == "\\" and quote[0] == '"':
                i += 2
                continue
        elif ch == "#":
            i = source.find("\n", i)
            i = n if i < 0 else i
            continue
        elif ch in "\"'":
            quote = ch * 3 if source.startswith(ch * 3, i) else ch
            i += len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif ch in "]}":
            depth -= 1
        i += 1
    return None


def _toml_lines(lines: list[str]):
    """(line, starts inside a multi-line string, column where its comment starts or None) for each line of a
    TOML text: triple quotes are tracked line by line; one inside a one-line string or a comment opens nothing."""
    quote = ""  # the triple quote of the multi-line string open at the line's start
    for text in lines:
        inside, comment = bool(quote), None
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if quote:
                if text.startswith(quote, i):
                    i += 3
                    while i < n and text[i] == quote[0]:  # up to two quotes may end the string's text
                        i += 1
                    quote = ""
                    continue
                i += 2 if ch == "\\" and quote[0] == '"' else 1
            elif ch == "#":
                comment = i
                break
            elif ch in "\"'":
                if text.startswith(ch * 3, i):
                    quote = ch * 3
                    i += 3
                    continue
                i += 1  # a one-line string: skip to its closing quote
                while i < n and text[i] != ch:
                    i += 2 if text[i] == "\\" and ch == '"' else 1
                i += 1
            else:
                i += 1
        yield text, inside, comment


def _outside_strings(lines: list[str]) -> list[str]:
    """The lines, each that starts inside a multi-line string blanked, so a line of an explanation
    that reads ``answer = 2`` is not taken for a key."""
    return ["" if inside else text for text, inside, _ in _toml_lines(lines)]


def without_comments(source: str) -> str:
    """A TOML text with its comments blanked (line numbers and columns kept)."""
    return "\n".join(text if at is None else text[:at] + " " * (len(text) - at)
                     for text, _, at in _toml_lines(source.split("\n")))


def line_of(source: str | list[str], key: str | None = None, table: str | None = None, index: int = 0,
            sub: str | None = None, part: int = 0) -> int | None:
    """Line of ``key = ...`` in a TOML text: the one line finder for a field of a parsed table.

    Without ``table``: a top-level key (before the first ``[table]``), or None. With it: the key among
    the index-th ``[table]``/``[[table]]``'s own keys and those of its ``[[table.part]]`` tables (or
    the keys of its ``[table.sub]`` sub-table, the part-th one of ``[[table.sub]]`` tables);
    the table's header line when the key is absent or None; None when there is no such table.
    """
    lines = _outside_strings(source.split("\n") if isinstance(source, str) else source)
    is_key = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=') if key is not None else None
    header = re.compile(r"^\s*\[")
    if table is None:
        for n, text in enumerate(lines):
            if header.match(text):
                return None
            if is_key and is_key.match(text):
                return n + 1
        return None
    own = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
    starts = [n for n, text in enumerate(lines) if own.match(text)]
    if index >= len(starts):
        return None
    start = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(lines)
    if sub is not None:
        inner = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\.{re.escape(sub)}\s*\]\]?")
        subs = [n for n in range(start, end) if inner.match(lines[n])]
        in_sub = bool(subs)
        if subs:
            start = subs[min(part, len(subs) - 1)]
    else:
        in_sub = False
    if is_key is None:
        return start + 1
    array_part = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\.")  # [[exercise.rubric]]: searched too
    for n in range(start + 1, end):
        if header.match(lines[n]) and (in_sub or not array_part.match(lines[n])):
            break  # a table's own keys stop at another table (a sub-table's at the next one)
        if is_key.match(lines[n]):
            return n + 1
    return start + 1


# ---------------------------------------------------------------- field specs

# A field spec: field -> (type, required), the type a key of TYPE_NAMES. Unknown fields are errors.
TYPE_NAMES = {"str": "a string", "int": "a whole number", "number": "a number", "bool": "true or false",
              "list": "a list", "str-list": "a list of strings", "int-list": "a list of whole numbers",
              "table": "a table", "year": 'a year (a number) or "n.d."',
              "mistakes": "a list of tables {value = ..., feedback = \"...\"}",
              "rubric": "a list of [[exercise.rubric]] tables {criterion = \"...\", levels = [4 strings]}"}


def type_ok(value, typ: str) -> bool:
    """Whether a parsed value has the field type ``typ`` (a key of TYPE_NAMES)."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if typ == "str":
        return isinstance(value, str)
    if typ == "int":
        return whole
    if typ == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ == "bool":
        return isinstance(value, bool)
    if typ == "list":
        return isinstance(value, list)
    if typ == "str-list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if typ == "int-list":
        return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    if typ == "table":
        return isinstance(value, dict)
    if typ == "year":
        return whole or isinstance(value, str)
    if typ in ("mistakes", "rubric"):
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(typ)


def field_problems(table: dict, spec: dict, problem, hint=None) -> list[ReadError]:
    """Every field of a parsed table that its spec refuses: unknown, missing, or not of its type.

    ``problem(message, key, present)`` makes each error (``present``: the key is in the table, so its line
    can be named); ``hint(key)``, if given, adds to "unknown field" a word on where the key belongs.
    """
    found = []
    for key in table:
        if key not in spec:
            found.append(problem(f"unknown field{hint(key) if hint else ''}; expected one of: {', '.join(spec)}", key, True))
    for key, (typ, required) in spec.items():
        if key not in table:
            if required:
                found.append(problem(f"required field is missing; expected {TYPE_NAMES[typ]}", key, False))
        elif not type_ok(table[key], typ):
            found.append(problem(f"expected {TYPE_NAMES[typ]}, found {table[key]!r}", key, True))
    return found


# ---------------------------------------------------------------- CSV

FIELD_LIMIT = 128 * 1024  # the csv module's own limit on one field, in characters


def csv_rows(source: str, label: str, columns: str, error: type[ReadError] = ReadError, problems: Problems | None = None):
    """(line number, fields) of each row of a CSV text (events.csv, lexicon.csv). A field too long
    for the csv module (128 kB, often an unclosed quote) is an error naming the line where its
    row starts, not a bare ``_csv.Error``: raised, or added to ``problems`` and the rows after it read on."""
    lines = source.split("\n")
    skipped = 0  # lines before the part of the text being read (after a row too long to read)
    while True:
        reader = csv.reader(io.StringIO("\n".join(lines[skipped:]), newline=""))
        while True:
            start = skipped + reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                if "field larger" not in str(e):
                    raise error(label, f"expected rows of {columns}, found a broken row ({e})", line=start) from None
                field, spanned = _long_row(lines[start - 1:], columns)
                long = error(label, f"expected fields shorter than {FIELD_LIMIT // 1024} kB, found a longer one "
                             "(an unclosed quote?)", line=start, field=field)
                if problems is None:
                    raise long from None
                problems.add(long)
                skipped = start - 1 + spanned
                break
            yield start, fields


def _long_row(lines: list[str], columns: str) -> tuple[str | None, int]:
    """(column of the over-long field, number of lines) of the row starting the ``lines``: read again without the limit."""
    limit = csv.field_size_limit()
    text = "\n".join(lines)
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        row = next(reader, [])
        spanned = max(reader.line_num, 1)
    finally:
        csv.field_size_limit(limit)
    names = columns.split(",")
    long = [i for i, field in enumerate(row) if len(field) > limit]
    return (names[long[0]] if long and long[0] < len(names) else None), spanned


def csv_records(source: str, label: str, columns: str, problems: Problems, error: type[ReadError] = ReadError):
    """(line number, fields) of each non-blank row after the header of a CSV text (events.csv, lexicon.csv).

    A first row that is not the header ``columns``, or a row the csv module cannot read, is added to
    ``problems`` (the rows are still read, also those after a row too long to read), so the caller
    reports it with the rows' own problems.
    """
    rows = csv_rows(source, label, columns, error, problems)
    try:
        first = next(rows, None)
        wrong = header_problem(first[1] if first else None, columns, label, error)
        if wrong:
            problems.add(wrong)
        for line, fields in rows:
            if any(f.strip() for f in fields):
                yield line, fields
    except ReadError as e:
        problems.add(e)


def header_problem(fields: list[str] | None, columns: str, label: str, error: type[ReadError] = ReadError):
    """The problem with a CSV file's first row (None: the file is empty) if it is not the header ``columns``."""
    found = ",".join(f.strip() for f in fields) if fields is not None else ""
    if found == columns:
        return None
    return error(label, f"expected the header {columns!r}, found {found!r}" if fields is not None
                 else f"expected the header {columns!r}, found an empty file", line=1)

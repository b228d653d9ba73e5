"""Export the student's answers and reflections, by lesson, with full citations of the documents used.

``export_dossier()`` writes ``my_work/dossier.html`` (standalone: no scripts, no external
files) or, with ``fmt="md"``, ``my_work/dossier.md``. All text is escaped as HTML entities
in both formats, student text and bank text alike; in Markdown the characters that make
links, images and code (``[ ] ` * _ \\ !``) are escaped too, so a reflection containing
``<script>`` or ``[x](javascript:...)`` is shown as text.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path, PosixPath, WindowsPath

from helpers import journal, paths
from helpers.banks import get_exercise, lesson_bank

__all__ = ["export_dossier", "DossierPath", "my_name"]

TITLE = "Reading Rehabilitation: my dossier"
# Characters that make Markdown structure anywhere in a line (links, code, emphasis, tables, headings).
MD_SPECIAL = {"[": "&#91;", "]": "&#93;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "\\": "&#92;", "!": "&#33;",
              "#": "&#35;", "|": "&#124;", "~": "&#126;"}
# ... and at the start of a line (lists, quotes, setext underlines, thematic breaks, numbered lists).
MD_LINE_START = re.compile(r"[-+=>:]|\d+[.)]")
CSS = ("body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1b1b1b}"
       "h1,h2,h3{font-family:system-ui,sans-serif}article{border-top:1px solid #ccc;padding-top:.5em}"
       ".answer{white-space:pre-wrap;border-left:4px solid #0969da;padding-left:.8em}"
       ".cite{font-size:.92em;color:#333}")


class DossierPath(PosixPath if isinstance(Path(), PosixPath) else WindowsPath):  # type: ignore[misc]
    """A Path whose printed form names the file relative to the course, never an absolute path."""

    def __repr__(self) -> str:
        try:
            shown = self.resolve().relative_to(paths.course_root()).as_posix()
        except (ValueError, OSError):
            shown = self.name
        return f"Dossier written to {shown}"

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(repr(self))


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _md(text: str, line_start: bool = True) -> str:
    """Text for Markdown: HTML-escaped, and every character that could make structure made an entity,
    so a student's "## Lesson 09", "**Result:** Right" or table renders as the text it is.
    ``line_start=False`` when the text follows something on its line (its first line starts nothing)."""
    out = []
    for n, line in enumerate(str(text).split("\n")):
        if n == 0 and not line_start:
            out.append("".join(MD_SPECIAL.get(c) or _esc(c) for c in line))
            continue
        stripped = line.lstrip()
        indent = "&#32;" * len(line[: len(line) - len(stripped)].expandtabs(4))
        m = MD_LINE_START.match(stripped)
        head = "".join(f"&#{ord(c)};" for c in m.group(0)) if m else ""
        rest = stripped[len(m.group(0)):] if m else stripped
        out.append(indent + head + "".join(MD_SPECIAL.get(c) or _esc(c) for c in rest))
    return "\n".join(out)


# ---------------------------------------------------------------- what goes in

def _result(verdict: str, attempts: int) -> str:
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if verdict == "Open":
        return f"Open question, no single right answer ({tries})"
    if verdict.startswith("Not graded"):
        return f"{verdict} ({tries})"
    return f"{verdict} ({tries})"


def _entry(row: dict) -> dict:
    """One answered exercise, judged now as the widget judges it (exercises.judge)."""
    from helpers.banks import _corpus
    from helpers.exercises import judge

    ex_id, lesson = str(row.get("exercise_id")), str(row.get("lesson") or str(row.get("exercise_id"))[:2])
    ex, problem = None, None
    try:
        ex = get_exercise(ex_id)
    except KeyError:
        problem = "(this exercise is no longer in its bank)"
    except Exception as e:
        problem = f"(the exercise bank has an error; tell your instructor: {e})"
    try:
        bank = lesson_bank(lesson)
    except Exception:
        bank = None
    attempts = int(row.get("attempts") or 1)
    record = {"answer": row.get("answer"), "version": row.get("version"), "attempt": attempts}
    if ex is not None:
        try:
            verdict = judge(ex, record)
            lines, result = verdict.lines, _result(verdict.result, attempts)
        except Exception as e:
            lines, result = [str(row.get("answer"))], f"Not graded: this answer could not be read ({type(e).__name__})"
    else:
        lines, result = [str(row.get("answer"))], "Not graded"
    cites = []
    for doc_id in (ex.documents if ex is not None else []):
        try:
            cites.append(_corpus()[doc_id].cite())
        except Exception:
            cites.append(doc_id)
    return {"id": ex_id, "lesson": lesson, "lesson_title": bank.title if bank else "",
            "kind": str(row.get("kind")), "prompt": ex.prompt.strip() if ex else problem,
            "answer": [str(line) for line in lines], "result": result, "cites": cites}


def _entries() -> tuple[list[dict], list[str]]:
    """(one entry per answered exercise in lesson order, warnings to show at the top)."""
    from helpers.exercises import journal_warning

    warnings: list[str] = []
    try:
        rows = journal.answers().to_dict("records")
    except Exception as e:
        rows = []
        warnings.append(f"Your answers could not be read from the journal ({type(e).__name__}: {e}); "
                        "tell your instructor.")
    status = journal_warning()
    if status:
        warnings.insert(0, status)
    entries = []
    for row in rows:
        try:
            entries.append(_entry(row))
        except Exception as e:  # one bad row never hides the others
            entries.append({"id": str(row.get("exercise_id")), "lesson": str(row.get("lesson")), "lesson_title": "",
                            "kind": str(row.get("kind")), "prompt": "", "answer": [str(row.get("answer"))],
                            "result": f"Not graded: this answer could not be read ({type(e).__name__})",
                            "cites": []})
    return entries, warnings


def _empty_text(warnings: list[str]) -> str:
    if warnings:
        return "No answers could be read: see the warning above. Your answers may still be in the journal file."
    return "No answers saved yet."


# ---------------------------------------------------------------- the two formats

def _student_line(student: str | None) -> str:
    return student if student else 'no name given (run my_name("Your Name") once in any lesson)'


def _html(entries: list[dict], warnings: list[str], student: str | None = None) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             # Defence in depth: even a mistake in escaping could not run a script or load anything.
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>{_esc(TITLE)}</title>", f"<style>{CSS}</style>", "</head>", "<body>", f"<h1>{_esc(TITLE)}</h1>",
             f'<p class="student"><strong>Student:</strong> {_esc(_student_line(student))}</p>']
    for message in warnings:
        parts.append(f'<p class="warning" role="alert"><strong>Warning:</strong> {_esc(message)}</p>')
    if not entries:
        parts.append(f"<p>{_esc(_empty_text(warnings))}</p>")
    lesson = None
    for e in entries:
        if e["lesson"] != lesson:
            if lesson is not None:
                parts.append("</section>")
            lesson = e["lesson"]
            title = f"Lesson {lesson}" + (f": {e['lesson_title']}" if e["lesson_title"] else "")
            parts += ["<section>", f"<h2>{_esc(title)}</h2>"]
        parts += ["<article>", f"<h3>{_esc(e['id'])} ({_esc(e['kind'])})</h3>",
                  f"<p><strong>Question:</strong> {_esc(e['prompt'])}</p>",
                  "<p><strong>My answer:</strong></p>",
                  f'<div class="answer">{"<br>".join(_esc(line) for line in e["answer"])}</div>',
                  f"<p><strong>Result:</strong> {_esc(e['result'])}</p>"]
        for cite in e["cites"]:
            parts.append(f'<p class="cite"><strong>Document:</strong> {_esc(cite)}</p>')
        parts.append("</article>")
    if lesson is not None:
        parts.append("</section>")
    cites = sorted({c for e in entries for c in e["cites"]})
    if cites:
        parts += ["<section>", "<h2>Documents cited</h2>", "<ol>"] + [f"<li>{_esc(c)}</li>" for c in cites]
        parts += ["</ol>", "</section>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _mdi(text: str) -> str:
    """Markdown-escaped text that follows a prefix on its line ("## ", "**Question:** ")."""
    return _md(text, line_start=False)


def _markdown(entries: list[dict], warnings: list[str], student: str | None = None) -> str:
    parts = [f"# {_mdi(TITLE)}", "", f"**Student:** {_mdi(_student_line(student))}", ""]
    for message in warnings:
        parts += [f"**Warning:** {_mdi(message)}", ""]
    if not entries:
        parts += [_md(_empty_text(warnings)), ""]
    lesson = None
    for e in entries:
        if e["lesson"] != lesson:
            lesson = e["lesson"]
            title = f"Lesson {lesson}" + (f": {e['lesson_title']}" if e["lesson_title"] else "")
            parts += [f"## {_mdi(title)}", ""]
        parts += [f"### {_mdi(e['id'])} ({_mdi(e['kind'])})", "", f"**Question:** {_mdi(e['prompt'])}", "",
                  "**My answer:**", ""]
        lines = [sub for line in e["answer"] for sub in str(line).split("\n")]
        parts += [f"> {_md(line)}" if line.strip() else ">" for line in lines]
        parts += ["", f"**Result:** {_mdi(e['result'])}", ""]
        for cite in e["cites"]:
            parts += [f"**Document:** {_mdi(cite)}", ""]
    cites = sorted({c for e in entries for c in e["cites"]})
    if cites:
        parts += ["## Documents cited", ""] + [f"{n}. {_mdi(c)}" for n, c in enumerate(cites, 1)] + [""]
    return "\n".join(parts)


def export_dossier(path: str | Path | None = None, fmt: str = "html") -> DossierPath:
    """Write the dossier (``fmt`` "html" or "md") and return its path; default my_work/dossier.<fmt>
    in the course copy in use."""
    if fmt not in ("html", "md"):
        raise ValueError(f'expected fmt "html" or "md", found {fmt!r}')
    target = Path(path) if path is not None else paths.work_dir() / f"dossier.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    entries, warnings = _entries()
    try:
        student = journal.student_name()
    except Exception:  # the dossier is written whatever the journal's state; its warnings say why
        student = None
    text = _html(entries, warnings, student) if fmt == "html" else _markdown(entries, warnings, student)
    _write_private(target, text)
    return DossierPath(target)


def _write_private(target: Path, text: str) -> None:
    """Write the file readable by its owner only (0600, whatever the umask): it holds a student's work."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
    except (AttributeError, OSError):  # Windows has no fchmod
        pass
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


class NameNote(str):
    """What :func:`my_name` says; shown as plain text in a notebook."""

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def my_name(name: str | None = None) -> NameNote:
    """Give your name once, as in ``my_name("Ada Lovelace")``: it is kept in your journal and heads
    your dossier, so your instructor knows whose work it is. Without a name, says which name is kept."""
    if name is not None:
        try:
            saved = journal.set_student_name(name)
        except ValueError as e:
            return NameNote(str(e))
        note = f'Saved: your dossier will carry the name "{saved}".'
        warning = journal.status()
        return NameNote(note + (f" Note: {warning}" if warning else ""))
    current = journal.student_name()
    if current:
        return NameNote(f'Your dossier will carry the name "{current}". To change it, run my_name("Your Name").')
    return NameNote('No name saved yet. Type your name in quotes and run: my_name("Your Name"). '
                    "It is kept in your journal and heads your dossier.")

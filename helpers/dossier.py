"""Export the student's answers and reflections, by lesson, with full citations of the documents used.

``export_dossier()`` writes ``my_work/dossier.html`` (standalone: no scripts, no external
files) or, with ``fmt="md"``, ``my_work/dossier.md``. All text is escaped as HTML entities
in both formats, student text and bank text alike; in Markdown the characters that make
links, images and code (``[ ] ` * _ \\ !``) are escaped too, so a reflection containing
``<script>`` or ``[x](javascript:...)`` is shown as text.
"""
from __future__ import annotations

import html
from pathlib import Path, PosixPath, WindowsPath

from helpers import journal, paths
from helpers.banks import SOURCING_FIELDS, BankError, Exercise, get_exercise, lesson_bank

__all__ = ["export_dossier", "DossierPath"]

TITLE = "Reading Rehabilitation: my dossier"
MD_SPECIAL = {"[": "&#91;", "]": "&#93;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "\\": "&#92;", "!": "&#33;"}
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


def _md(text: str) -> str:
    out = _esc(text)
    for ch, entity in MD_SPECIAL.items():
        out = out.replace(ch, entity)
    return out


# ---------------------------------------------------------------- what goes in

def _answer_lines(ex: Exercise | None, answer) -> list[str]:
    """The answer in words, one line per part, for a reader rather than for check()."""
    try:
        if ex is None:
            return [str(answer)]
        k = ex.kind
        if k == "choice":
            return [ex["options"][answer]]
        if k == "multi":
            return [ex["options"][i] for i in answer]
        if k == "classify":
            return [f"{item}: {cat}" for item, cat in answer.items()]
        if k == "select":
            return [f"Sentence {i + 1}: {ex.passage[i]}" for i in answer]
        if k == "number":
            return [f"{answer} {ex['unit']}".strip()]
        if k == "order":
            return [f"{n}. {ex['items'][i]}" for n, i in enumerate(answer, 1)]
        if k == "reflect":
            return answer.split("\n")
        return [f"{f.capitalize()}: {answer.get(f, '')}" for f in SOURCING_FIELDS]
    except (IndexError, KeyError, TypeError, AttributeError):  # the bank changed since
        return [str(answer)]


def _result(correct, attempts: int) -> str:
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if correct is None:
        return f"Open question, no single right answer ({tries})"
    return f"{'Right' if correct else 'Not yet right'} ({tries})"


def _entries() -> list[dict]:
    """One entry per answered exercise, in lesson order, with its lesson title and citation."""
    from helpers.banks import _corpus

    entries = []
    frame = journal.answers()
    for row in frame.itertuples(index=False):
        try:
            ex = get_exercise(row.exercise_id)
        except (KeyError, BankError):
            ex = None
        try:
            bank = lesson_bank(row.lesson)
        except BankError:
            bank = None
        cites = []
        for doc_id in (ex.documents if ex is not None else []):
            try:
                cites.append(_corpus()[doc_id].cite())
            except KeyError:
                cites.append(doc_id)
        entries.append({
            "id": row.exercise_id, "lesson": row.lesson, "lesson_title": bank.title if bank else "",
            "kind": row.kind, "prompt": ex.prompt.strip() if ex else "(this exercise is no longer in its bank)",
            "answer": _answer_lines(ex, row.answer), "result": _result(row.correct, int(row.attempts)),
            "docs": ex.documents if ex else [], "cites": cites,
        })
    return entries


# ---------------------------------------------------------------- the two formats

def _html(entries: list[dict]) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             # Defence in depth: even a mistake in escaping could not run a script or load anything.
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>{_esc(TITLE)}</title>", f"<style>{CSS}</style>", "</head>", "<body>", f"<h1>{_esc(TITLE)}</h1>"]
    if not entries:
        parts.append("<p>No answers saved yet.</p>")
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


def _markdown(entries: list[dict]) -> str:
    parts = [f"# {_md(TITLE)}", ""]
    if not entries:
        parts += ["No answers saved yet.", ""]
    lesson = None
    for e in entries:
        if e["lesson"] != lesson:
            lesson = e["lesson"]
            title = f"Lesson {lesson}" + (f": {e['lesson_title']}" if e["lesson_title"] else "")
            parts += [f"## {_md(title)}", ""]
        parts += [f"### {_md(e['id'])} ({_md(e['kind'])})", "", f"**Question:** {_md(e['prompt'])}", "",
                  "**My answer:**", ""]
        parts += [f"> {_md(line)}" if line.strip() else ">" for line in e["answer"]]
        parts += ["", f"**Result:** {_md(e['result'])}", ""]
        for cite in e["cites"]:
            parts += [f"**Document:** {_md(cite)}", ""]
    cites = sorted({c for e in entries for c in e["cites"]})
    if cites:
        parts += ["## Documents cited", ""] + [f"{n}. {_md(c)}" for n, c in enumerate(cites, 1)] + [""]
    return "\n".join(parts)


def export_dossier(path: str | Path | None = None, fmt: str = "html") -> DossierPath:
    """Write the dossier (``fmt`` "html" or "md") and return its path; default my_work/dossier.<fmt>
    in the course copy in use."""
    if fmt not in ("html", "md"):
        raise ValueError(f'expected fmt "html" or "md", found {fmt!r}')
    target = Path(path) if path is not None else paths.work_dir() / f"dossier.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    entries = _entries()
    text = _html(entries) if fmt == "html" else _markdown(entries)
    target.write_text(text, encoding="utf-8")
    return DossierPath(target)

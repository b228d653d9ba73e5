"""The instructor's view of a class: every student's journal read into one report.

``make class-report JOURNALS=<folder>`` reads every ``answers.sqlite`` under the folder (never
writing to one), and writes ``class_report.html`` (standalone, escaped, with the dossier's
content-security policy) and ``answers.csv`` (one row per attempt) beside it, or in ``--out``.

The report gives, per exercise: how many students tried it, how many were right at the first
try and in the end, the median number of tries, and the commonest wrong answers with the
feedback they got; item analysis as test writers do it (difficulty: the share right at the
first try; discrimination: the point-biserial correlation of first-try success with the
student's first-try score on the other exercises); and, for written answers, each student's
text and self-scores. A student is named by the first folder under ``JOURNALS`` that holds the
journal (``class/<student>/answers.sqlite``), or by pseudonyms with ``--pseudonyms``.

>>> report = class_report("class")                       # doctest: +SKIP
>>> report.summary[["exercise_id", "tried", "right_first"]]  # doctest: +SKIP
"""
from __future__ import annotations

import argparse
import html
import io
import json
import math
import shutil
import sqlite3
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["find_journals", "read_journal", "class_report", "write_report", "point_biserial",
           "EASY", "LOW_DISCRIMINATION"]

EASY = 0.9               # right at the first try for this share of students or more: too easy to tell
LOW_DISCRIMINATION = 0.2  # a rule of thumb of item analysis: below it, an item barely separates students
OPEN_KINDS = ("reflect", "sourcing", "essay")
ANSWER_COLUMNS = {"exercise_id", "lesson", "kind", "answer", "correct", "attempt", "recorded_at"}
CSP = "default-src 'none'; style-src 'unsafe-inline'"
CSS = ("body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;line-height:1.45;color:#1b1b1b}"
       "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.25em .5em;"
       "text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}"
       ".flag{color:#8a3b00;font-weight:bold}.answer{white-space:pre-wrap}figure{margin:1em 0}"
       "figcaption{font-size:.95em}.warn{border:2px solid #b35900;padding:.4em .8em}")


@dataclass
class ClassReport:
    """What the report shows, as tables a notebook can use too."""

    attempts: pd.DataFrame                 # one row per attempt (answers.csv)
    summary: pd.DataFrame                  # one row per exercise
    wrong: dict = field(default_factory=dict)     # exercise id -> [(answer text, count, feedback)]
    problems: list = field(default_factory=list)  # (journal label, what is wrong with it)
    changed: dict = field(default_factory=dict)   # exercise id -> answers given to an earlier version
    missing: set = field(default_factory=set)     # exercise ids no bank of this course copy holds


# ---------------------------------------------------------------- reading journals

def find_journals(folder: str | Path) -> list[tuple[str, Path]]:
    """(student, path) for every answers.sqlite under ``folder``, sorted; the student is the first
    folder below ``folder`` on the way to the journal (a journal directly in it is "(top)")."""
    folder = Path(folder)
    found = []
    for path in sorted(folder.rglob("answers.sqlite")):
        parts = path.relative_to(folder).parts
        found.append((parts[0] if len(parts) > 1 else "(top)", path))
    return found


def _open_copy(path: Path, tmp: Path) -> sqlite3.Connection:
    """A private, in-memory copy of the journal; the student's files are never changed, and no file
    is created beside them. A journal closed cleanly (no -wal file) is read in place as immutable;
    one with a -wal file (its newest answers may still be there) is copied with it first."""
    memory = sqlite3.connect(":memory:")
    if Path(f"{path}-wal").exists():
        copy = tmp / "copy.sqlite"
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        source = sqlite3.connect(copy)
    else:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        source.backup(memory)
    finally:
        source.close()
    return memory


def read_journal(path: str | Path) -> tuple[list[dict], dict, str | None]:
    """(rows, meta, problem) of one journal; ``problem`` says why it could not be used, else None."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="rr-report-") as tmp:
        try:
            conn = _open_copy(path, Path(tmp))
        except (sqlite3.Error, OSError) as exc:
            return [], {}, f"could not be opened ({exc})"
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "answers" not in tables:
            return [], {}, "is not a Reading Rehabilitation journal (it has no answers table)" if tables else "is empty"
        columns = {row[1] for row in conn.execute("PRAGMA table_info(answers)")}
        if not ANSWER_COLUMNS <= columns:
            missing = ", ".join(sorted(ANSWER_COLUMNS - columns))
            return [], {}, f"is not a Reading Rehabilitation journal (its answers table lacks {missing})"
        meta = dict(conn.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
        version = "version" if "version" in columns else "NULL"
        rows = [dict(zip(("exercise_id", "lesson", "kind", "answer", "correct", "attempt", "time", "version"), r))
                for r in conn.execute(f"SELECT exercise_id, lesson, kind, answer, correct, attempt, recorded_at, "
                                      f"{version} FROM answers ORDER BY seq")]
    except sqlite3.DatabaseError as exc:
        return [], {}, f"is damaged ({exc})"
    finally:
        conn.close()
    return rows, meta, None


# ---------------------------------------------------------------- statistics

def point_biserial(item: list[int], rest: list[float]) -> float | None:
    """Correlation of a 0/1 item with a score: (M1 - M0) / s * sqrt(p q), s the population standard
    deviation of the score. None when it is undefined (everyone alike on the item or on the score).

    >>> round(point_biserial([1, 1, 0, 0], [0.9, 0.7, 0.3, 0.1]), 3)  # (0.8 - 0.2) / 0.316 * 0.5
    0.949
    """
    n = len(item)
    ones = [r for i, r in zip(item, rest) if i]
    zeros = [r for i, r in zip(item, rest) if not i]
    if not ones or not zeros:
        return None
    s = statistics.pstdev(rest)
    if s == 0:
        return None
    p = len(ones) / n
    return (statistics.fmean(ones) - statistics.fmean(zeros)) / s * math.sqrt(p * (1 - p))


def _summary(attempts: pd.DataFrame) -> pd.DataFrame:
    graded = attempts[attempts["correct"].notna()]
    first = graded[graded["attempt"] == graded.groupby(["student", "exercise_id"])["attempt"].transform("min")]
    # first-try success of each student on each graded exercise: the basis of item analysis
    first_right = first.set_index(["student", "exercise_id"])["correct"].astype(bool).astype(int)
    rows = []
    for ex_id, rows_ex in attempts.groupby("exercise_id", sort=False):
        per_student = rows_ex.groupby("student")
        kind = rows_ex["kind"].iloc[-1]
        row = {"lesson": rows_ex["lesson"].iloc[0], "exercise_id": ex_id, "kind": kind,
               "tried": per_student.ngroups, "median_tries": float(per_student.size().median())}
        if rows_ex["correct"].notna().any():
            item = first_right.xs(ex_id, level="exercise_id")
            last = rows_ex.sort_values("attempt").groupby("student")["correct"].last()
            row["right_first"] = int(item.sum())
            row["right_final"] = int(last.fillna(False).astype(bool).sum())
            row["difficulty"] = round(item.mean(), 3)
            rest = []
            for student in item.index:
                others = first_right.xs(student, level="student").drop(ex_id, errors="ignore")
                rest.append(float(others.mean()) if len(others) else 0.0)
            r = point_biserial(item.tolist(), rest)
            row["discrimination"] = None if r is None else round(r, 3)
            flags = []
            if row["difficulty"] >= EASY:
                flags.append("nearly everyone right at the first try")
            if r is None:
                flags.append("discrimination undefined (everyone alike)")
            elif r < LOW_DISCRIMINATION:
                flags.append("discrimination near zero or negative")
            row["flag"] = "; ".join(flags)
        rows.append(row)
    columns = ["lesson", "exercise_id", "kind", "tried", "right_first", "right_final", "median_tries",
               "difficulty", "discrimination", "flag"]
    frame = pd.DataFrame(rows, columns=columns)
    key = frame["exercise_id"].map(lambda i: tuple(int(x) if x.isdigit() else 0 for x in i.split(".")))
    return frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)


# ---------------------------------------------------------------- answers in words

def _plain(answer) -> str:
    """A stored answer as text when its exercise is gone: strings as they are, lists one per line."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, list):
        return "\n".join(_plain(a) for a in answer)
    if isinstance(answer, dict):
        return "\n".join(f"{k}: {_plain(v)}" for k, v in answer.items())
    return json.dumps(answer, ensure_ascii=False)


def _exercise(exercise_id: str):
    """The exercise as the bank has it now, or None (removed, or the bank is broken)."""
    from helpers.banks import get_exercise

    try:
        return get_exercise(exercise_id)
    except Exception:  # a broken or missing bank must not stop the report
        return None


def _answer_text(ex, answer) -> str:
    """A stored answer in words, as the dossier shows it (an option's text, not its key)."""
    from helpers import kinds

    if ex is not None:
        try:
            return "\n".join(str(line) for line in kinds.get(ex.kind).answer_lines(ex, answer))
        except Exception:  # the bank changed since: show what was stored
            pass
    return _plain(answer)


def _feedback(ex, answer) -> str:
    """The first-try feedback the bank gives this answer now (what the student saw, unless the bank
    changed since: the report marks those exercises)."""
    from helpers.exercises import judge

    try:
        text = judge(ex, {"answer": answer, "version": ex.version, "attempt": 1}).text
    except Exception:
        return ""
    return text.split(": ", 1)[-1] if text.startswith(f"{ex.id}: ") else text


# ---------------------------------------------------------------- the report

def pseudonyms(students: list[str]) -> dict[str, str]:
    """Student 01, Student 02, ... in the sorted order of the real names (stable between runs)."""
    width = max(2, len(str(len(students))))
    return {s: f"Student {n:0{width}d}" for n, s in enumerate(sorted(set(students)), 1)}


def class_report(folder: str | Path, use_pseudonyms: bool = False) -> ClassReport:
    """Read every journal under ``folder`` into a :class:`ClassReport`; broken journals are listed
    in ``problems`` and skipped, never fatal."""
    journals = find_journals(folder)
    names = pseudonyms([s for s, _ in journals]) if use_pseudonyms else {s: s for s, _ in journals}
    rows, problems, seen, exercises = [], [], {}, {}
    for student, path in journals:
        label = names[student]
        # where the journal is: its path under the folder, unless that would give the name away
        where = "the journal" if use_pseudonyms else path.relative_to(folder).as_posix()
        if student in seen:
            problems.append((label, f"has a second journal ({where}); only the first is read"))
            continue
        seen[student] = path
        found, meta, problem = read_journal(path)
        if problem:
            problems.append((label, f"{where} {problem}"))
            continue
        if not found:
            problems.append((label, f"{where} holds no answers yet"))
        for r in found:
            try:
                answer = json.loads(r["answer"])
            except (TypeError, ValueError):
                answer = r["answer"]
            if r["exercise_id"] not in exercises:
                exercises[r["exercise_id"]] = _exercise(r["exercise_id"])
            ex = exercises[r["exercise_id"]]
            rows.append({"student": label, "lesson": r["lesson"], "exercise_id": r["exercise_id"],
                         "kind": r["kind"], "attempt": int(r["attempt"]), "answer": _answer_text(ex, answer),
                         "correct": None if r["correct"] is None else bool(r["correct"]), "time": r["time"],
                         "version": r["version"], "course_version": meta.get("course_version", ""),
                         "_answer": answer})
    columns = ["student", "lesson", "exercise_id", "kind", "attempt", "answer", "correct", "time", "version",
               "course_version", "_answer"]
    attempts = pd.DataFrame(rows, columns=columns)
    attempts["correct"] = attempts["correct"].astype(object)
    if attempts.empty:
        return ClassReport(attempts.drop(columns="_answer"), pd.DataFrame(), problems=problems)
    summary = _summary(attempts)
    wrong, changed, missing = {}, {}, set()
    for ex_id, rows_ex in attempts.groupby("exercise_id"):
        ex = exercises.get(ex_id)
        if ex is None:
            missing.add(ex_id)
        else:
            old = rows_ex["version"].fillna("") != ex.version
            if old.any():  # answered an earlier version of the exercise
                changed[ex_id] = int(old.sum())
        bad = rows_ex[rows_ex["correct"] == False]  # noqa: E712 (object column: True, False or None)
        counts = bad.groupby("answer").size().sort_values(ascending=False, kind="stable").head(3)
        wrong[ex_id] = [(text, int(n), _feedback(ex, bad[bad["answer"] == text]["_answer"].iloc[0]) if ex else "")
                        for text, n in counts.items()]
    return ClassReport(attempts.drop(columns="_answer"), summary, wrong, problems, changed, missing)


# ---------------------------------------------------------------- writing it out

def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _success_figure(lesson: str, rows: pd.DataFrame) -> tuple[str, str]:
    """(inline SVG, description) of first-try and final success by exercise for one lesson."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from helpers.plots import PALETTE

    first = (rows["right_first"] / rows["tried"]).tolist()
    final = (rows["right_final"] / rows["tried"]).tolist()
    ids = rows["exercise_id"].tolist()
    with matplotlib.rc_context({"svg.hashsalt": "rr-class-report", "font.size": 12}):
        fig, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(ids) + 2), 3.6))
        x = range(len(ids))
        ax.bar([i - 0.2 for i in x], first, 0.4, label="right at the first try", color=PALETTE[4], hatch="//",
               edgecolor="black")
        ax.bar([i + 0.2 for i in x], final, 0.4, label="right in the end", color=PALETTE[0], edgecolor="black")
        ax.set_xticks(list(x), ids)
        ax.set_ylim(0, 1)
        ax.set_xlabel("Exercise")
        ax.set_ylabel("Share of students who tried it")
        ax.set_title(f"Lesson {lesson}: success by exercise")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    lowest = min(range(len(ids)), key=lambda i: (first[i], ids[i]))
    description = (f"Bar chart of lesson {lesson}: for each of {len(ids)} graded exercises, the share of students "
                   f"right at the first try and in the end. Lowest first-try success: {ids[lowest]} "
                   f"({first[lowest]:.0%}, {final[lowest]:.0%} in the end).")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_esc(description)}" ', 1)
    return svg, description


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> list[str]:
    out = ["<table>", "<tr>" + "".join(f"<th scope=\"col\">{_esc(h)}</th>" for h in headers) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="n">{_esc(v)}</td>' if i in numeric else f"<td>{_esc(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>")
    return out + ["</table>"]


def _fmt(x) -> str:
    """A number for reading: counts as whole numbers, shares and correlations to two decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else f"{x:.2f}"
    return str(x)


def render_html(report: ClassReport, title: str = "Reading Rehabilitation: class report") -> str:
    """The report as one standalone HTML page: every text escaped, nothing loaded from elsewhere."""
    students = report.attempts["student"].nunique() if not report.attempts.empty else 0
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{CSP}">', f"<title>{_esc(title)}</title>",
             f"<style>{CSS}</style>", "</head>", "<body>", f"<h1>{_esc(title)}</h1>",
             f"<p>{students} student{'s' if students != 1 else ''} with answers; "
             f"{len(report.attempts)} attempts in all.</p>"]
    if report.problems:
        parts += ['<section class="warn">', "<h2>Journals not read</h2>", "<ul>"]
        parts += [f"<li>{_esc(who)}: {_esc(what)}</li>" for who, what in report.problems]
        parts += ["</ul>", "</section>"]
    if report.summary.empty:
        parts += ["<p>No answers in any journal yet.</p>", "</body>", "</html>", ""]
        return "\n".join(parts)
    parts += ["<h2>How to read this report</h2>",
              f"<p><strong>Difficulty</strong> is the share of students right at the first try. "
              f"<strong>Discrimination</strong> is the point-biserial correlation of first-try success with the "
              f"student's first-try score on the other exercises: near zero or negative, the exercise does not "
              f"separate students who read from students who did not. Flagged: difficulty of {EASY:.0%} or more, "
              f"or discrimination below {LOW_DISCRIMINATION}: candidates for rewriting.</p>"]
    for lesson, rows in report.summary.groupby("lesson", sort=True):
        parts.append(f"<h2>Lesson {_esc(lesson)}</h2>")
        graded = rows[rows["right_first"].notna()]
        if not graded.empty:
            svg, description = _success_figure(str(lesson), graded)
            parts += ["<figure>", svg, f"<figcaption><strong>Figure:</strong> {_esc(description)}</figcaption>",
                      "</figure>"]
        table_rows = []
        for r in rows.itertuples(index=False):
            changed = report.changed.get(r.exercise_id)
            mark = f" (bank changed since {changed} of these answers)" if changed else ""
            if r.exercise_id in report.missing:
                mark = " (not in this course's banks: feedback unknown)"
            flag = r.flag if isinstance(r.flag, str) else ""
            counts = [_fmt(None if pd.isna(v) else int(v)) for v in (r.right_first, r.right_final)]
            table_rows.append([r.exercise_id + mark, r.kind, r.tried, *counts, _fmt(r.median_tries),
                               _fmt(r.difficulty), _fmt(r.discrimination), flag])
        parts += _table(["exercise", "kind", "tried", "right at first try", "right in the end", "median tries",
                         "difficulty", "discrimination", "flag"], table_rows, numeric={2, 3, 4, 5, 6, 7})
        for ex_id in rows["exercise_id"]:
            wrong = report.wrong.get(ex_id)
            if wrong:
                parts.append(f"<h3>{_esc(ex_id)}: commonest wrong answers</h3>")
                parts += _table(["answer", "students' attempts", "feedback given"],
                                [[text, n, fb] for text, n, fb in wrong], numeric={1})
        written = report.attempts[(report.attempts["lesson"] == lesson)
                                  & report.attempts["kind"].isin(OPEN_KINDS)]
        if not written.empty:
            latest = written.sort_values("attempt").groupby(["exercise_id", "student"], sort=True).last().reset_index()
            for ex_id, per in latest.groupby("exercise_id", sort=True):
                parts.append(f"<h3>{_esc(ex_id)}: written answers (latest of each student)</h3>")
                parts += ["<table>", '<tr><th scope="col">student</th><th scope="col">answer</th></tr>']
                parts += [f'<tr><td>{_esc(r.student)}</td><td class="answer">{_esc(r.answer)}</td></tr>'
                          for r in per.itertuples(index=False)]
                parts.append("</table>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_report(folder: str | Path, out: str | Path | None = None, use_pseudonyms: bool = False) -> tuple[Path, Path]:
    """Write class_report.html and answers.csv (into ``out``, default the current folder)."""
    report = class_report(folder, use_pseudonyms)
    out = Path(out) if out is not None else Path.cwd()
    out.mkdir(parents=True, exist_ok=True)
    page, table = out / "class_report.html", out / "answers.csv"
    page.write_text(render_html(report), encoding="utf-8")
    columns = ["student", "lesson", "exercise_id", "attempt", "answer", "correct", "time"]
    report.attempts.reindex(columns=columns).to_csv(table, index=False)
    return page, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.classreport", description=__doc__.split("\n\n")[0])
    parser.add_argument("journals", help="folder holding the students' journals (searched for answers.sqlite)")
    parser.add_argument("--out", default=".", help="folder to write class_report.html and answers.csv into")
    parser.add_argument("--pseudonyms", action="store_true", help="replace students' names by Student 01, 02, ...")
    args = parser.parse_args(argv)
    folder = Path(args.journals)
    if not folder.is_dir():
        print(f"class report: expected a folder of journals, found {args.journals!r}", file=sys.stderr)
        return 2
    page, table = write_report(folder, args.out, args.pseudonyms)
    report_journals = len(find_journals(folder))
    print(f"Read {report_journals} journal{'s' if report_journals != 1 else ''} under {args.journals}; "
          f"wrote {page} and {table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

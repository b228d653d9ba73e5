"""The class report on a synthetic class whose every figure is known by hand.

Thirty students answer a four-exercise bank through check(), each in their own journal:
- 42.1 (choice, right = option 2): s01-s20 right at once; s21-s30 choose option 0, then 2.
- 42.2 (number, right = 12): s01-s15 right at once; s16-s25 say 10, then 12;
  s26-s30 say 10, 11, 10 and stop (never right).
- 42.3 (choice, right = option 0): everyone right at once.
- 42.4 (reflect): s01-s03 write 45 words; s01's text holds HTML that must stay text.
By hand: 42.1 right first 20/30 (difficulty 0.667), right in the end 30, median tries 1;
42.2 right first 15, in the end 25, median tries (15 ones, 10 twos, 5 threes) 1.5; its wrong
answers: "10" in 20 attempts, "11" in 5. 42.3 difficulty 1.0, discrimination undefined.
Discrimination (first-try success against the mean first-try success on the other graded
exercises): 42.1 -> 0.707 and 42.2 -> 0.707 (worked in the comments below).
"""
from __future__ import annotations

import hashlib
import sqlite3

import pytest

from bankmaker import bank_toml, choice_toml, exercise_toml
from helpers import classreport, journal
from helpers.classreport import class_report, point_biserial, render_html, write_report

BANK = bank_toml(
    choice_toml("42.1", prompt="Where does the resolution give the date of the plenum?",
                options=["In the first paragraph of the decree", "In the heading above the text",
                         "In the last line, after the signature", "Nowhere in this excerpt at all"],
                feedback=["The decree begins without a date.", "The heading names the body, not the day.",
                          "Yes: the date follows the signature.", "Look again at the end of the text."],
                hints=["Read the text to its very end.", "The last line is not part of the decree."]),
    exercise_toml("42.2", "number", prompt="How many paragraphs does the decree have?", answer=12,
                  feedback="Twelve numbered paragraphs.", default="Count the numbered paragraphs again, one by one.",
                  hints=["Each paragraph of the decree starts with its number."],
                  common_mistakes=[{"value": 10, "feedback": "That count stops before the last two numbered paragraphs: "
                                                             "read to the end."}]),
    choice_toml("42.3", prompt="Who issued the resolution?", answer=0,
                options=["The plenum of the Central Committee", "The Council of People's Commissars",
                         "The regional party committees"],
                feedback=["Yes: the heading says so.", "The heading names another body.",
                          "They are the addressees, not the issuer."],
                hints=["Read the heading."]),
    exercise_toml("42.4", "reflect", prompt="What does the resolution leave out?", model_answer="A model answer.",
                  rubric=["Did you point to a paragraph?"]),
    title="A class to count")

ESSAY = " ".join(["word"] * 44)
STUDENTS = [f"s{n:02d}" for n in range(1, 31)]


def _answers(n: int) -> list[tuple[str, object]]:
    out = [("42.1", 2)] if n <= 20 else [("42.1", 0), ("42.1", 2)]
    if n <= 15:
        out.append(("42.2", 12))
    elif n <= 25:
        out += [("42.2", 10), ("42.2", 12)]
    else:
        out += [("42.2", 10), ("42.2", 11), ("42.2", 10)]
    out.append(("42.3", 0))
    if n <= 3:
        out.append(("42.4", ("<script>alert(1)</script> " if n == 1 else "") + ESSAY))
    return out


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    from helpers.exercises import check

    root = tmp_path_factory.mktemp("class")
    lessons = root / "lessons"
    lessons.mkdir()
    (lessons / "42_count.toml").write_text(BANK, encoding="utf-8")
    journals = root / "class"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RR_LESSONS", str(lessons))
        for n, student in enumerate(STUDENTS, 1):
            env.setenv("RR_JOURNAL", str(journals / student / "answers.sqlite"))
            journal._forget()
            for ex_id, answer in _answers(n):
                fb = check(ex_id, answer)
                assert fb.warning is None, fb.text
        journal._forget()
        # three journals the report must list and skip without stopping
        (journals / "damaged").mkdir()
        (journals / "damaged" / "answers.sqlite").write_bytes(b"\x13\x37 not a database " * 64)
        (journals / "foreign").mkdir()
        with sqlite3.connect(journals / "foreign" / "answers.sqlite") as conn:
            conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.close()
        (journals / "empty").mkdir()
        with sqlite3.connect(journals / "empty" / "answers.sqlite") as conn:
            conn.execute("CREATE TABLE answers (seq INTEGER PRIMARY KEY, exercise_id TEXT, lesson TEXT, kind TEXT, "
                         "answer TEXT, correct INTEGER, attempt INTEGER, recorded_at TEXT, version TEXT)")
        conn.close()
        hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in journals.rglob("answers.sqlite*")}
        report = class_report(journals)
        yield {"root": root, "journals": journals, "report": report, "hashes": hashes}
    journal._forget()


def _row(report, ex_id):
    return report.summary.set_index("exercise_id").loc[ex_id]


def test_counts_per_exercise_match_the_hand_count(klass):
    r = klass["report"]
    one, two, three = _row(r, "42.1"), _row(r, "42.2"), _row(r, "42.3")
    assert (one.tried, one.right_first, one.right_final, one.median_tries) == (30, 20, 30, 1.0)
    assert (two.tried, two.right_first, two.right_final, two.median_tries) == (30, 15, 25, 1.5)
    assert (three.tried, three.right_first, three.right_final) == (30, 30, 30)
    assert _row(r, "42.4").tried == 3


def test_item_analysis_matches_the_hand_count(klass):
    r = klass["report"]
    # 42.1: rest score = mean first-try success on 42.2 and 42.3: s01-15 -> 1, s16-30 -> 0.5.
    # M1 (s01-20) = (15*1 + 5*0.5)/20 = 0.875, M0 (s21-30) = 0.5, s = 0.25, p = 2/3:
    # r = (0.375 / 0.25) * sqrt(2/9) = 0.7071
    assert _row(r, "42.1").difficulty == pytest.approx(0.667, abs=1e-3)
    assert _row(r, "42.1").discrimination == pytest.approx(0.707, abs=1e-3)
    # 42.2: rest = mean of 42.1 and 42.3 first tries: s01-20 -> 1, s21-30 -> 0.5.
    # M1 (s01-15) = 1, M0 (s16-30) = (5*1 + 10*0.5)/15 = 0.667, s = 0.2357, p = 1/2: r = 0.7071
    assert _row(r, "42.2").difficulty == 0.5
    assert _row(r, "42.2").discrimination == pytest.approx(0.707, abs=1e-3)
    assert _row(r, "42.3").difficulty == 1.0
    assert _row(r, "42.3").discrimination is None or _row(r, "42.3").discrimination != _row(r, "42.3").discrimination
    assert "nearly everyone right at the first try" in _row(r, "42.3").flag
    assert _row(r, "42.1").flag == "" and _row(r, "42.2").flag == ""


def test_commonest_wrong_answers_with_their_text_and_feedback(klass):
    wrong = klass["report"].wrong
    assert [(text, n) for text, n, _ in wrong["42.2"]] == [("10", 20), ("11", 5)]
    assert "stops before the last two" in wrong["42.2"][0][2]
    assert "Count the numbered paragraphs again" in wrong["42.2"][1][2]
    # a choice is shown by its option's text, not by a position or a key
    assert [(text, n) for text, n, _ in wrong["42.1"]] == [("In the first paragraph of the decree", 10)]
    assert "The decree begins without a date." in wrong["42.1"][0][2]
    assert wrong["42.3"] == []


def test_broken_journals_are_listed_and_skipped(klass):
    problems = dict(klass["report"].problems)
    assert set(problems) == {"damaged", "foreign", "empty"}
    assert "damaged" in problems["damaged"] or "could not be opened" in problems["damaged"]
    assert "not a Reading Rehabilitation journal" in problems["foreign"]
    assert "no answers" in problems["empty"]
    assert set(klass["report"].attempts["student"]) == set(STUDENTS)


def test_no_journal_is_changed_by_reading_it(klass):
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in klass["journals"].rglob("answers.sqlite*")}
    assert after == klass["hashes"]


def test_csv_has_one_row_per_attempt_and_the_html_escapes_student_text(klass, tmp_path):
    page, table = write_report(klass["journals"], tmp_path)
    import pandas as pd

    rows = pd.read_csv(table)
    assert list(rows.columns) == ["student", "lesson", "exercise_id", "attempt", "answer", "correct", "time"]
    assert len(rows) == 20 + 2 * 10 + 15 + 2 * 10 + 3 * 5 + 30 + 3  # = 123 attempts
    assert (rows[rows.exercise_id == 42.1]["answer"].isin(
        ["In the last line, after the signature", "In the first paragraph of the decree"])).all()
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert text.count('role="img"') == 1 and "aria-label=" in text  # one figure for lesson 42, described


def test_pseudonyms_hide_every_name(klass):
    page = render_html(class_report(klass["journals"], use_pseudonyms=True))
    # sorted names: damaged, empty, foreign, s01, ... -> Student 01, 02, 03, 04, ...
    assert "Student 01: the journal could not be opened" in page or "Student 01: the journal is damaged" in page
    assert "<td>Student 04</td>" in page  # s01's written answer
    assert not any(name in page for name in [*STUDENTS, "damaged", "foreign"])


def test_answers_to_an_earlier_version_of_the_bank_are_marked(klass, tmp_path, monkeypatch):
    older = tmp_path / "older"
    (older / "s01").mkdir(parents=True)
    src = klass["journals"] / "s01" / "answers.sqlite"
    dest = older / "s01" / "answers.sqlite"
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    a.close()
    with sqlite3.connect(dest) as conn:
        conn.execute("UPDATE answers SET version = '000000000000' WHERE exercise_id = '42.1'")
    conn.close()
    monkeypatch.setenv("RR_LESSONS", str(klass["root"] / "lessons"))
    report = class_report(older)
    monkeypatch.delenv("RR_LESSONS")
    assert report.changed == {"42.1": 1}
    assert "bank changed since 1 of these answers" in render_html(report)
    # read against a course copy whose banks lack lesson 42: said so, never graded against another
    report = class_report(older)
    assert report.missing == {"42.1", "42.2", "42.3", "42.4"} and report.changed == {}
    assert "not in this course&#x27;s banks" in render_html(report)


def test_point_biserial_is_undefined_when_everyone_is_alike():
    assert point_biserial([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert point_biserial([1, 0, 1], [0.5, 0.5, 0.5]) is None
    assert point_biserial([1, 0], [1.0, 0.0]) == pytest.approx(1.0)


def test_command_line_writes_both_files_and_refuses_a_missing_folder(klass, tmp_path, capsys):
    assert classreport.main([str(klass["journals"]), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "class_report.html").exists() and (tmp_path / "answers.csv").exists()
    assert "Read 33 journals" in capsys.readouterr().out
    assert classreport.main([str(tmp_path / "nowhere")]) == 2

"""The dossier export, and escaping of student text in the widget and in both export formats."""
from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bankmaker import bank_toml, choice_toml, exercise_toml
from helpers import journal
from helpers.corpus import load_corpus
from helpers.dossier import export_dossier
from helpers.exercises import check
from helpers.widgets import exercise

NAME = "41_dossier.toml"
BANK = bank_toml(
    choice_toml("41.1", doc="hrw-2016-05", prompt="Which kind of source is the <Q&A>?", options=["primary", "secondary"],
                answer=1, feedback=["No.", "Yes."]),
    exercise_toml("41.2", "reflect", doc="vkpb-1938-01-19", prompt="What does it leave out?", model_answer="Who began it.",
                  rubric=["Did you name a gap?"]),
    exercise_toml("41.3", "sourcing", doc="kwp-1956-09-23", prompt="Fill in the card.",
                  model={"author": "The plenum", "date": "23 September 1956", "audience": "Party organizations",
                         "purpose": "To amend punishments", "reliability": "A translated copy", "why": "GARF"}),
    title="Dossier <test> & more")

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
]
FIELDS = ["author", "date", "audience", "purpose", "reliability", "why"]


@pytest.fixture()
def bank(write_bank):
    """Lesson 41's bank in a temporary lessons folder, with a fresh journal: its path."""
    return write_bank(BANK, NAME)


class _Tags(HTMLParser):
    """Collects live markup: tags with their attributes (text and entities are not markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed", "a", "svg", "link", "base", "form"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("href", "src") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=")

    handle_startendtag = handle_starttag


def _unsafe(text: str) -> list[str]:
    """Live markup a payload could have produced, read by an HTML parser."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.found


def _unsafe_markdown(text: str) -> list[str]:
    """As _unsafe, plus Markdown's own link and image syntax (raw HTML passes through Markdown)."""
    found = _unsafe(text)
    for pattern in (r"\]\s*\(", r"!\[", r"<[A-Za-z!/]", r"\[[^\]]*\]\s*\["):
        if re.search(pattern, text):
            found.append(pattern)
    return found


def _widget_html(box) -> str:
    """All HTML the widget shows (HTML widgets only: text controls hold text, not markup)."""
    out, todo = [], [box]
    while todo:
        w = todo.pop()
        todo.extend(getattr(w, "children", ()))
        if type(w).__name__ == "HTML":
            out.append(w.value)
    return "\n".join(out)


def _strip_style(text: str) -> str:
    return re.sub(r"<style>.*?</style>", "", text, flags=re.S)


def test_html_dossier_groups_answers_by_lesson_with_full_citations(bank, tmp_path):
    check("41.1", 0)
    check("41.1", 1)
    check("41.2", "It leaves out the arrests.")
    path = export_dossier(tmp_path / "out" / "dossier.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<h2>Lesson 41: Dossier &lt;test&gt; &amp; more</h2>" in text
    assert "<h3>41.1 (choice)</h3>" in text and "Which kind of source is the &lt;Q&amp;A&gt;?" in text
    assert "Right (2 attempts)" in text and "Draft, not yet long enough for the model answer (1 attempt)" in text
    assert "It leaves out the arrests." in text
    corpus = load_corpus()
    for doc in ("hrw-2016-05", "vkpb-1938-01-19"):
        assert html.escape(corpus[doc].cite(), quote=True) in text
    assert html.escape(corpus["kwp-1956-09-23"].cite(), quote=True) not in text  # 41.3 was not answered


def test_html_dossier_is_standalone(bank, tmp_path):
    check("41.2", "text")
    text = export_dossier(tmp_path / "d.html").read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=""", text, re.I)
    assert "http://" not in text.replace("https://digitalarchive", "")  # no external assets (citations may hold URLs as text)
    assert "default-src 'none'" in text


def test_markdown_dossier(bank, tmp_path):
    check("41.1", 1)
    check("41.3", {"author": "The plenum", "date": "1956"})  # a draft is saved and shown too
    path = export_dossier(tmp_path / "d.md", fmt="md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Reading Rehabilitation: my dossier")
    assert "## Lesson 41: Dossier &lt;test&gt; &amp; more" in text
    assert "### 41.3 (sourcing)" in text and "> Author: The plenum" in text
    assert "**Document:**" in text


def test_empty_dossier(bank, tmp_path):
    assert "No answers saved yet." in export_dossier(tmp_path / "e.html").read_text(encoding="utf-8")


def test_default_path_is_my_work_of_the_course_copy_and_display_is_relative(bank, course_copy, tmp_path):
    shutil.copy(bank, course_copy / "lessons")  # a student's own copy of the course, as on a JupyterHub
    check("41.1", 1)
    path = export_dossier(fmt="md")
    assert path == (course_copy / "my_work" / "dossier.md").resolve() and path.is_file()
    assert repr(path) == "Dossier written to my_work/dossier.md"
    elsewhere = export_dossier(tmp_path / "x" / "mine.html")
    assert repr(elsewhere) == "Dossier written to mine.html"
    assert str(tmp_path) not in repr(path) and isinstance(path, Path)


def test_unknown_format_is_a_clear_error(bank, tmp_path):
    with pytest.raises(ValueError, match='expected fmt "html" or "md", found \'pdf\''):
        export_dossier(tmp_path / "x.pdf", fmt="pdf")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_reflection_is_text_everywhere(bank, payload, tmp_path):
    box = exercise("41.2")
    box.controls[0].value = f"My view: {payload}\nSecond line {payload}"
    box.check_button.click()
    assert "Saved" in box.feedback.value
    assert _unsafe(_strip_style(_widget_html(box))) == []
    again = exercise("41.2")  # restored from the journal
    assert again.controls[0].value == f"My view: {payload}\nSecond line {payload}"
    assert _unsafe(_strip_style(_widget_html(again))) == []
    page = export_dossier(tmp_path / "d.html").read_text(encoding="utf-8")
    assert _unsafe(page) == [] and html.escape(payload, quote=True) in page
    md = export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")
    assert _unsafe_markdown(md) == []
    assert "&lt;" in md or "&#91;" in md


# a few different words in every other field, so the card is a genuine attempt
FILLERS = ["the party itself", "late in 1956", "members of the plenum", "to restore two men", "fairly, for its decrees",
           "its own record says so"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_source_card_field_is_text_everywhere(bank, field, payload, tmp_path):
    box = exercise("41.3")
    for n, (f, area) in enumerate(zip(FIELDS, box.controls[1:])):
        area.value = payload if f == field else FILLERS[n]
    box.check_button.click()
    shown = _strip_style(_widget_html(box))
    assert "Saved your source card" in shown
    assert html.escape(payload, quote=True) in shown  # the card is echoed back, escaped
    assert _unsafe(shown) == []
    assert _unsafe(_strip_style(_widget_html(exercise("41.3")))) == []
    assert _unsafe(export_dossier(tmp_path / "d.html").read_text(encoding="utf-8")) == []
    assert _unsafe_markdown(export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")) == []


def test_payload_through_check_feedback_text_is_plain(bank):
    fb = check("41.3", [PAYLOADS[0]] + FILLERS[1:])
    assert PAYLOADS[0] in fb.text  # plain text for a text display; widgets and exports escape it


def test_an_exercise_with_several_documents_cites_each(write_bank, tmp_path):
    from helpers.banks import load_bank

    bank = write_bank(exercise_toml("09.1", "reflect", doc="vkpb-1938-01-19", docs=["kwp-1956-09-23", "vkpb-1938-01-19"],
                                    prompt="Compare.", model_answer="A model.", rubric=["Evidence?"]), "09_two.toml")
    assert load_bank(bank).exercises["09.1"].documents == ["vkpb-1938-01-19", "kwp-1956-09-23"]
    check("09.1", "My comparison.")
    out = export_dossier(tmp_path / "d.md", fmt="md")
    text = Path(out).read_text("utf-8")
    assert text.count("**Document:**") == 2 and "GARF, Fond 5446" in text and "p. 306" in text


# ---------------------------------------------------------------- a student's text cannot forge the record

FORGERIES = [
    "My view.\n\n## Lesson 09: Forged\n\n### 09.1 (choice)\n\n**Result:** Right (1 attempt)",
    "Result: Right (1 attempt)\n---\n| a | b |\n|---|---|\n| 1 | 2 |",
    "> quoted\n1. listed\n- bullet\n+ plus\n    code\n```\nfence\n```\n<b>x</b> *em* _em_ [l](u)",
]


@pytest.mark.parametrize("text", FORGERIES)
def test_markdown_structure_in_student_text_renders_as_text(bank, text, tmp_path):
    mistune = pytest.importorskip("mistune")
    check("41.2", text)
    md = export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")
    rendered = mistune.html(md.split("## Documents cited")[0]) + "<h2>Documents cited</h2>"
    headings = re.findall(r"<h\d>(.*?)</h\d>", rendered)
    assert headings[1:3] == ["Lesson 41: Dossier &lt;test&gt; &amp; more", "41.2 (reflect)"]
    assert len(headings) == 4 and headings[3] == "Documents cited"  # the real ones only
    for tag in ("<table", "<ol", "<li", "<pre", "<code", "<hr", "<em", "<strong>Result:</strong> Right", "<a ", "<b>"):
        assert tag not in rendered.replace("<strong>Result:</strong> Open", ""), (tag, rendered)
    assert rendered.count("<strong>Result:</strong>") == 1
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z]+", line)]
        for w in words:
            assert w in rendered  # every word is still there, as text


def test_dossier_files_are_private(bank, tmp_path):
    import os
    import stat

    old = os.umask(0o000)
    try:
        check("41.1", 1)
        for fmt in ("html", "md"):
            path = export_dossier(tmp_path / f"p.{fmt}", fmt=fmt)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        (tmp_path / "q.md").write_text("old", encoding="utf-8")
        os.chmod(tmp_path / "q.md", 0o644)
        assert stat.S_IMODE(export_dossier(tmp_path / "q.md", fmt="md").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_journal_warning_is_at_the_top_of_both_formats_and_in_check(bank, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RR_JOURNAL", str(blocker / "answers.sqlite"))
    fb = check("41.1", 1)
    assert fb.correct is True and fb.warning and "Warning: " + fb.warning in fb.text and fb.warning in str(fb)
    for fmt in ("html", "md"):
        text = export_dossier(tmp_path / f"w.{fmt}", fmt=fmt).read_text(encoding="utf-8")
        head = text.split("41.1")[0]
        assert "Warning" in head and "could not be saved" in head, fmt


def test_a_damaged_journal_exports_a_dossier_that_says_so(bank, tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database at all" * 100)
    monkeypatch.setenv("RR_JOURNAL", str(damaged))
    for fmt in ("html", "md"):
        text = export_dossier(tmp_path / f"x.{fmt}", fmt=fmt).read_text(encoding="utf-8")
        assert "No answers saved yet" not in text, fmt
        assert "Warning" in text and "No answers could be read" in text, fmt


def test_a_broken_bank_never_breaks_the_widget_or_the_dossier(bank, write_bank, tmp_path):
    check("41.1", 1)
    write_bank(BANK.replace('kind = "reflect"', 'kind = "sort"'), NAME)
    message = check("41.1", 1).text
    assert "the exercise bank has an error" in message
    box = exercise("41.1")
    assert "the exercise bank has an error" in box.children[0].value and 'field &quot;kind&quot;' in box.children[0].value
    for fmt in ("html", "md"):
        text = export_dossier(tmp_path / f"b.{fmt}", fmt=fmt).read_text(encoding="utf-8")
        assert "the exercise bank has an error" in text and "41.1" in text


def test_a_broken_journal_row_never_breaks_the_dossier(bank, monkeypatch, tmp_path):
    import pandas as pd

    rows = pd.DataFrame([{"exercise_id": "41.1", "lesson": "41", "kind": "choice", "answer": {"odd": [1]},
                          "correct": True, "attempts": 1, "version": "000000000000"},
                         {"exercise_id": "41.9", "lesson": "41", "kind": "choice", "answer": 1,
                          "correct": True, "attempts": 1, "version": None}])
    monkeypatch.setattr(journal, "answers", lambda: rows)
    text = export_dossier(tmp_path / "r.md", fmt="md").read_text(encoding="utf-8")
    assert "Not graded" in text and "Right" not in text.split("## Documents cited")[0].replace("Rights", "")
    assert "no longer in its bank" in text


def test_a_broken_corpus_never_breaks_check_the_widget_or_the_dossier(bank, course_copy, tmp_path, edit):
    shutil.copy(bank, course_copy / "lessons")
    edit(course_copy / "corpus" / "kwp-1956-09-23" / "document.toml", "id = ", "idd = ")
    from helpers.banks import _load_corpus
    _load_corpus.cache_clear()
    try:
        fb = check("41.1", 1)
        assert fb.correct is False and "41.1:" in fb.text and "tell your instructor" in fb.text
        assert html.escape(fb.text, quote=True) in exercise("41.1").children[0].value  # the message check() gives
        for fmt in ("html", "md"):
            export_dossier(tmp_path / f"c.{fmt}", fmt=fmt)  # never raises
    finally:
        _load_corpus.cache_clear()


def test_the_dossier_says_whose_work_it_is(journal_file, tmp_path, monkeypatch):
    """The name is asked once (my_name), kept in the journal across kernels, or taken from the hub user."""
    from helpers import my_name

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert str(my_name()).startswith("No name saved yet")
    assert "no name given" in export_dossier(tmp_path / "d.html").read_text(encoding="utf-8")
    monkeypatch.setenv("JUPYTERHUB_USER", "student07")
    assert "<strong>Student:</strong> student07" in export_dossier(tmp_path / "d.html").read_text(encoding="utf-8")
    assert my_name("  Ada   <b>Lovelace</b> ") == 'Saved: your dossier will carry the name "Ada <b>Lovelace</b>".'
    journal._forget()  # a new kernel: the name comes back from the journal, not from memory
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in export_dossier(tmp_path / "d.html").read_text(encoding="utf-8")
    md = export_dossier(tmp_path / "d.md", fmt="md").read_text(encoding="utf-8")
    assert "**Student:** Ada &lt;b&gt;Lovelace&lt;/b&gt;" in md
    assert str(my_name("   ")).startswith("expected your name")

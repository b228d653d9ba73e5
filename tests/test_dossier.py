"""The dossier export, and escaping of student text in the widget and in both export formats."""
from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import journal
from helpers.corpus import load_corpus
from helpers.dossier import export_dossier
from helpers.exercises import check, exercise

BANK = '''
title = "Dossier <test> & more"

[[exercise]]
id = "41.1"
kind = "choice"
doc = "hrw-2016-05"
prompt = "Which kind of source is the <Q&A>?"
options = ["primary", "secondary"]
answer = 1
feedback = ["No.", "Yes."]

[[exercise]]
id = "41.2"
kind = "reflect"
doc = "vkpb-1938-01-19"
prompt = "What does it leave out?"
model_answer = "Who began it."
rubric = ["Did you name a gap?"]

[[exercise]]
id = "41.3"
kind = "sourcing"
doc = "kwp-1956-09-23"
prompt = "Fill in the card."

[exercise.model]
author = "The plenum"
date = "23 September 1956"
audience = "Party organizations"
purpose = "To amend punishments"
reliability = "A translated copy"
why = "GARF"
'''

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
]
ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["author", "date", "audience", "purpose", "reliability", "why"]


@pytest.fixture()
def bank(tmp_path, monkeypatch):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "41_dossier.toml").write_text(BANK, encoding="utf-8")
    monkeypatch.setenv("RR_LESSONS", str(lessons))
    monkeypatch.setenv("RR_JOURNAL", str(tmp_path / "answers.sqlite"))
    yield tmp_path
    journal._forget()


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


def test_html_dossier_groups_answers_by_lesson_with_full_citations(bank):
    check("41.1", 0)
    check("41.1", 1)
    check("41.2", "It leaves out the arrests.")
    path = export_dossier(bank / "out" / "dossier.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<h2>Lesson 41: Dossier &lt;test&gt; &amp; more</h2>" in text
    assert "<h3>41.1 (choice)</h3>" in text and "Which kind of source is the &lt;Q&amp;A&gt;?" in text
    assert "Right (2 attempts)" in text and "Open question, no single right answer (1 attempt)" in text
    assert "It leaves out the arrests." in text
    corpus = load_corpus()
    for doc in ("hrw-2016-05", "vkpb-1938-01-19"):
        assert html.escape(corpus[doc].cite(), quote=True) in text
    assert html.escape(corpus["kwp-1956-09-23"].cite(), quote=True) not in text  # 41.3 was not answered


def test_html_dossier_is_standalone(bank):
    check("41.2", "text")
    text = export_dossier(bank / "d.html").read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=""", text, re.I)
    assert "http://" not in text.replace("https://digitalarchive", "")  # no external assets (citations may hold URLs as text)
    assert "default-src 'none'" in text


def test_markdown_dossier(bank):
    check("41.1", 1)
    check("41.3", {"author": "The plenum", "date": "1956"})  # a draft is saved and shown too
    path = export_dossier(bank / "d.md", fmt="md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Reading Rehabilitation: my dossier")
    assert "## Lesson 41: Dossier &lt;test&gt; &amp; more" in text
    assert "### 41.3 (sourcing)" in text and "> Author: The plenum" in text
    assert "**Document:**" in text


def test_empty_dossier(bank):
    assert "No answers saved yet." in export_dossier(bank / "e.html").read_text(encoding="utf-8")


def test_default_path_is_my_work_of_the_course_copy_and_display_is_relative(bank, tmp_path, monkeypatch):
    course = tmp_path / "course"  # a student's own copy of the course, as on a JupyterHub
    (course / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "corpus", course / "corpus")
    shutil.copytree(bank / "lessons", course / "lessons")
    monkeypatch.setenv("RR_COURSE", str(course))
    monkeypatch.delenv("RR_LESSONS")
    check("41.1", 1)
    path = export_dossier(fmt="md")
    assert path == (course / "my_work" / "dossier.md").resolve() and path.is_file()
    assert repr(path) == "Dossier written to my_work/dossier.md"
    elsewhere = export_dossier(tmp_path / "x" / "mine.html")
    assert repr(elsewhere) == "Dossier written to mine.html"
    assert str(tmp_path) not in repr(path) and isinstance(path, Path)


def test_unknown_format_is_a_clear_error(bank):
    with pytest.raises(ValueError, match='expected fmt "html" or "md", found \'pdf\''):
        export_dossier(bank / "x.pdf", fmt="pdf")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_reflection_is_text_everywhere(bank, payload):
    box = exercise("41.2")
    box.controls[0].value = f"My view: {payload}\nSecond line {payload}"
    box.check_button.click()
    assert "Saved" in box.feedback.value
    assert _unsafe(_strip_style(_widget_html(box))) == []
    again = exercise("41.2")  # restored from the journal
    assert again.controls[0].value == f"My view: {payload}\nSecond line {payload}"
    assert _unsafe(_strip_style(_widget_html(again))) == []
    page = export_dossier(bank / "d.html").read_text(encoding="utf-8")
    assert _unsafe(page) == [] and html.escape(payload, quote=True) in page
    md = export_dossier(bank / "d.md", fmt="md").read_text(encoding="utf-8")
    assert _unsafe_markdown(md) == []
    assert "&lt;" in md or "&#91;" in md


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_source_card_field_is_text_everywhere(bank, field, payload):
    box = exercise("41.3")
    for f, area in zip(FIELDS, box.controls[1:]):
        area.value = payload if f == field else "three words here"
    box.check_button.click()
    shown = _strip_style(_widget_html(box))
    assert "Saved your source card" in shown
    assert html.escape(payload, quote=True) in shown  # the card is echoed back, escaped
    assert _unsafe(shown) == []
    assert _unsafe(_strip_style(_widget_html(exercise("41.3")))) == []
    assert _unsafe(export_dossier(bank / "d.html").read_text(encoding="utf-8")) == []
    assert _unsafe_markdown(export_dossier(bank / "d.md", fmt="md").read_text(encoding="utf-8")) == []


def test_payload_through_check_feedback_text_is_plain(bank):
    fb = check("41.3", [PAYLOADS[0]] + ["three words here"] * 5)
    assert PAYLOADS[0] in fb.text  # plain text for a text display; widgets and exports escape it


def test_an_exercise_with_several_documents_cites_each(tmp_path, monkeypatch):
    from helpers.banks import load_bank

    bank = tmp_path / "lessons" / "09_two.toml"
    bank.parent.mkdir()
    bank.write_text('''[[exercise]]
id = "09.1"
kind = "reflect"
doc = "vkpb-1938-01-19"
docs = ["kwp-1956-09-23", "vkpb-1938-01-19"]
prompt = "Compare."
model_answer = "A model."
rubric = ["Evidence?"]
''', "utf-8")
    monkeypatch.setenv("RR_LESSONS", str(bank.parent))
    monkeypatch.setenv("RR_JOURNAL", str(tmp_path / "j" / "answers.sqlite"))
    assert load_bank(bank).exercises["09.1"].documents == ["vkpb-1938-01-19", "kwp-1956-09-23"]
    from helpers.exercises import check
    check("09.1", "My comparison.")
    from helpers.dossier import export_dossier
    out = export_dossier(tmp_path / "d.md", fmt="md")
    text = Path(out).read_text("utf-8")
    assert text.count("**Document:**") == 2 and "GARF, Fond 5446" in text and "p. 306" in text

"""The classroom path run for real: a JupyterHub on 127.0.0.1, the nbgitpuller link of `make links`,
three students with their own homes, journals and edits, one of them in Chromium, two real system
users who cannot read each other's answers, and the instructor collecting every journal.

The hub uses the dummy authenticator, SimpleLocalProcessSpawner (homes in a temporary folder) and
configurable-http-proxy from npm (`make hub-deps` installs it into .hub-deps/). The course is served
from a bare git repository made from this checkout's working tree. Each test skips with a message
where node, the proxy, JupyterHub, Chromium or (for the system users) root and useradd are missing.
Every process is started by the test and stopped by its id; the last check is that none is left.

Set RR_SKIP_HUB=1 to skip the whole file (e.g. on a machine where the hub is too slow).
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
import hubkit  # noqa: E402
import rr_lab  # noqa: E402 - the browser, its flags and its waits, as in tests/browser
from hubkit import COURSE_NAME, ROOT  # noqa: E402

# One worker runs this whole file (make test runs pytest with --dist loadfile).
pytestmark = [
    pytest.mark.xdist_group("hub"),
    pytest.mark.skipif(os.environ.get("RR_SKIP_HUB") == "1", reason="hub tests switched off by RR_SKIP_HUB=1"),
]

STUDENTS = {"ann": 0, "ben": 1, "cat": 2}  # student -> the option of exercise 00.1 they choose
BROWSER_STUDENT = "dee"
SCREENSHOTS = ROOT / "tests" / "hub" / "screenshots"
LAB_MS = 120_000
STEP_MS = 30_000
SETUP = "from helpers import load_corpus\ncorpus = load_corpus()\ncorpus"


def _options() -> list[str]:
    from helpers.banks import load_bank
    return list(load_bank(ROOT / "lessons" / "00_start_here.toml").exercises["00.1"]["options"])


def _keys() -> list:
    """How the journal records each option of 00.1: the bank's explicit keys, else the option texts."""
    from helpers.banks import load_bank
    ex = load_bank(ROOT / "lessons" / "00_start_here.toml").exercises["00.1"]
    return list(ex.get("keys") or ex["options"])


def _journal_rows(journal: Path) -> list[tuple]:
    con = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    try:
        return con.execute("SELECT exercise_id, answer FROM answers ORDER BY seq").fetchall()
    finally:
        con.close()


def _is_answer(stored: str, choice: int) -> bool:
    """The journal's record of option ``choice`` of 00.1: its stable key (or, in older journals, its index)."""
    return json.loads(stored) in (choice, _keys()[choice], _options()[choice])


def _hub_link(base: str, bare: Path) -> tuple[str, dict]:
    """The link `make links` prints for this hub, pointed at the local repository instead of GitHub."""
    from helpers.links import nbgitpuller_link
    link = nbgitpuller_link(base, f"https://github.com/instructor/{COURSE_NAME}")
    parts = urllib.parse.urlsplit(link)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["repo"] = str(bare)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query))), query


# ---------------------------------------------------------------- one hub for the file

@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    reason = hubkit.requirements()
    if reason:
        pytest.skip(f"hub test skipped: {reason}")
    tmp = tmp_path_factory.mktemp("hub")
    bare, work = hubkit.course_repo(tmp)
    h = hubkit.Hub(tmp)
    h.start()
    h.bare, h.work = bare, work
    try:
        yield h
    finally:
        family = [p.pid for p in h.processes()]
        killed = h.stop()
        left = [pid for pid in family if _alive(pid)]
        assert not left, f"processes of the hub test still running: {left}"
        if killed:  # stopped by id all the same; say so, for a slow machine
            print(f"hub test: SIGKILLed {killed} that had not stopped with the hub")


def _alive(pid: int) -> bool:
    import psutil
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture(scope="module")
def pulled(hub):
    """Each of the three students: server started, the course pulled, lesson 00's setup and one
    check() run in a kernel of their own server. Returns {student: facts}."""
    _, query = _hub_link(hub.base, hub.bare)
    folder = query["urlpath"].split("/")[2]  # lab/tree/<folder>/notebooks/...: where nbgitpuller puts it
    options = _options()

    def student(name: str, choice: int) -> dict:
        spawn_s = hub.spawn(name)
        events = hub.pull(name, query["repo"], query["branch"], folder)
        with hub.kernel(name, f"{folder}/notebooks") as kernel:
            setup = kernel.execute(SETUP)
            answer = kernel.execute(f'from helpers.exercises import check\ncheck("00.1", {choice})')
            where = kernel.execute(
                "import helpers, os, json\nfrom helpers import paths, journal\n"
                "print(json.dumps({'helpers': helpers.__file__, 'cwd': os.getcwd(), 'course': str(paths.course_root()),"
                " 'corpus': str(paths.corpus_dir()), 'lessons': str(paths.lessons_dir()),"
                " 'journal': str(journal.journal_path())}))")
        return {"spawn_s": spawn_s, "events": events, "setup": setup, "answer": answer,
                "where": json.loads(where["stdout"]) if not where["error"] else where,
                "home": hub.homes / name, "copy": hub.homes / name / folder, "option": options[choice],
                "choice": choice}

    # the three students at once, as in a class
    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        futures = {name: pool.submit(student, name, choice) for name, choice in STUDENTS.items()}
        facts = {name: f.result() for name, f in futures.items()}
    return facts


# ---------------------------------------------------------------- the link

def test_the_link_make_links_prints_has_the_form_the_test_follows(hub):
    link, query = _hub_link(hub.base, hub.bare)
    parts = urllib.parse.urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    assert set(query) == {"repo", "branch", "targetpath", "urlpath"}
    assert query["branch"] == "main"
    assert query["urlpath"] == f"lab/tree/{COURSE_NAME}/notebooks/00_start_here.ipynb"
    # nbgitpuller puts the course in the folder targetpath names, and the link opens that folder
    assert query["targetpath"] == COURSE_NAME == query["urlpath"].split("/")[2]


@pytest.mark.parametrize("repo", [f"https://github.com/you/{COURSE_NAME}", f"https://github.com/you/{COURSE_NAME}/",
                                  f"https://github.com/you/{COURSE_NAME}.git"])
def test_the_folder_nbgitpuller_makes_is_the_one_the_link_opens(repo):
    from helpers.links import nbgitpuller_link
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(nbgitpuller_link("https://hub.example.edu", repo)).query))
    # nbgitpuller 1.3.0 (handlers.py): targetpath defaults to repo.rstrip('/').split('/')[-1]
    folder = query.get("targetpath") or query["repo"].rstrip("/").split("/")[-1]
    assert query["urlpath"].split("/")[2] == folder, query


# ---------------------------------------------------------------- three students

def test_each_student_gets_the_course_in_their_home(pulled):
    for name, f in pulled.items():
        assert f["events"][-1] == {"phase": "finished"}, name
        for part in ("corpus", "lessons", "notebooks", "helpers"):
            assert (f["copy"] / part).is_dir(), f"{name}: {part}/ missing from the pulled course"
        assert (f["copy"] / "notebooks" / "00_start_here.ipynb").is_file()
        assert (f["copy"] / ".git").is_dir(), f"{name}: nbgitpuller's copy should be a git clone"


def test_a_kernel_in_each_server_runs_lesson_00_and_check(pulled):
    for name, f in pulled.items():
        assert f["setup"]["error"] is None, f"{name}: {f['setup']}"
        assert re.match(r"<Corpus: \d+ documents, [\d,]+ tokens>", f["setup"]["result"] or ""), f["setup"]
        assert f["answer"]["error"] is None, f"{name}: {f['answer']}"
        assert (f["answer"]["result"] or "").startswith("00.1: "), f["answer"]


def test_helpers_comes_from_the_environment_and_reads_the_students_copy(pulled):
    """As in the image: helpers is installed once, each student's pulled copy gives corpus and banks."""
    for name, f in pulled.items():
        w, copy = f["where"], f["copy"].resolve()
        assert "helpers" in w, f"{name}: {w}"
        assert not Path(w["helpers"]).resolve().is_relative_to(f["home"].resolve()), \
            f"{name}: helpers should be imported from the environment, not from the pulled copy: {w['helpers']}"
        assert Path(w["cwd"]).resolve() == copy / "notebooks"
        assert Path(w["course"]).resolve() == copy
        assert Path(w["corpus"]).resolve() == copy / "corpus"
        assert Path(w["lessons"]).resolve() == copy / "lessons"
        assert Path(w["journal"]).resolve() == copy / "my_work" / "answers.sqlite"


def test_each_journal_holds_that_students_answer_only_and_is_private(pulled):
    for name, f in pulled.items():
        journal = f["copy"] / "my_work" / "answers.sqlite"
        rows = _journal_rows(journal)
        assert [r[0] for r in rows] == ["00.1"], f"{name}: {rows}"
        assert _is_answer(rows[0][1], f["choice"]), f"{name}'s journal should hold {name}'s answer: {rows}"
        others = [g["choice"] for n, g in pulled.items() if n != name]
        assert not any(_is_answer(r[1], c) for r in rows for c in others), f"{name}'s journal: {rows}"
        assert stat.S_IMODE((f["copy"] / "my_work").stat().st_mode) == 0o700, name
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600, name
    # no journal anywhere else: not in the homes' roots, not in the instructor's repository
    found = sorted(p.relative_to(next(iter(pulled.values()))["home"].parent)
                   for p in next(iter(pulled.values()))["home"].parent.rglob("answers.sqlite"))
    assert found == sorted(Path(n) / COURSE_NAME / "my_work" / "answers.sqlite" for n in pulled), found


def test_a_second_pull_keeps_answers_and_the_students_own_edits(hub, pulled):
    name = "ann"
    f = pulled[name]
    journal = f["copy"] / "my_work" / "answers.sqlite"
    before = _journal_rows(journal)
    # the student adds a note of their own to lesson 00 (as JupyterLab would save it)
    nb_path = f["copy"] / "notebooks" / "00_start_here.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    mine = "My own note: ask who kept this cable, and why."
    nb["cells"].append({"cell_type": "markdown", "id": "student-note", "metadata": {}, "source": mine})
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # the instructor revises lesson 01's bank and guide, commits and pushes to the course repository
    bank = hub.work / "lessons" / "01_what_is_this_document.toml"
    text = bank.read_text(encoding="utf-8")
    revised = re.sub(r'^prompt = "Practice: ', 'prompt = "Practice (revised): ', text, count=1, flags=re.M)
    assert revised != text, "lesson 01's first prompt changed its form: update this test"
    bank.write_text(revised, encoding="utf-8")
    guide = hub.work / "lessons" / "01_what_is_this_document.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nA note added this term.\n", encoding="utf-8")
    hubkit.git("commit", "-q", "-am", "Lesson 01: revised prompt", cwd=hub.work)
    hubkit.git("push", "-q", "hub", "main", cwd=hub.work)

    events = hub.pull(name, str(hub.bare), "main", COURSE_NAME)
    assert events[-1] == {"phase": "finished"}
    copy = f["copy"]
    assert "Practice (revised): " in (copy / "lessons" / "01_what_is_this_document.toml").read_text(encoding="utf-8")
    assert (copy / "lessons" / "01_what_is_this_document.md").read_text(encoding="utf-8").endswith("A note added this term.\n")
    assert mine in (copy / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"), \
        "the student's own edit of lesson 00 was lost by the second pull"
    assert _journal_rows(journal) == before, "the second pull changed the student's journal"

    # a fresh kernel reads the revised bank from the student's copy, and the old answer is still there
    with hub.kernel(name) as kernel:
        out = kernel.execute("from helpers.banks import lesson_bank\nfrom helpers.journal import last_record\n"
                             "first = next(iter(lesson_bank('01').exercises.values()))\n"
                             "import json\nprint(first.prompt[:30]); print(json.dumps(last_record('00.1')['answer']))")
    assert out["error"] is None, out
    assert out["stdout"].splitlines()[0].startswith("Practice (revised): "), out
    assert _is_answer(out["stdout"].splitlines()[1], f["choice"]), out
    # other students keep the old version until they pull
    assert "Practice (revised): " not in (pulled["ben"]["copy"] / "lessons" / "01_what_is_this_document.toml").read_text()


# ---------------------------------------------------------------- collecting journals

def test_collect_gathers_every_journal_from_the_hub_homes(hub, pulled, tmp_path):
    from helpers.collect import collect
    dest = tmp_path / "class"
    result = collect(hub.homes, dest)
    assert sorted(result.copied) == sorted(pulled), result
    assert result.failed == []
    for name, f in pulled.items():
        assert _journal_rows(dest / name / "answers.sqlite") == _journal_rows(f["copy"] / "my_work" / "answers.sqlite")
    # the next step the docs give: make class-report JOURNALS=class
    from helpers.classreport import main as class_report
    out = tmp_path / "report"
    assert class_report([str(dest), "--out", str(out)]) == 0
    assert (out / "class_report.html").is_file()
    rows = (out / "answers.csv").read_text(encoding="utf-8")
    assert all(name in rows for name in pulled), rows[:500]


# ---------------------------------------------------------------- one student in Chromium

def test_a_student_follows_the_link_in_chromium_and_answers_with_the_mouse(hub, request):
    rr_lab.skip_without_browser("browser part")
    options = _options()
    choice = len(options) - 1
    link, query = _hub_link(hub.base, hub.bare)
    with rr_lab.browser(hub.tmp / "chromium-profile", viewport={"width": 1280, "height": 1000}) as context:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(STEP_MS)
        try:
            page.goto(f"{hub.base}/hub/login")
            page.fill("#username_input", BROWSER_STUDENT)
            page.fill("#password_input", "any")
            page.click("#login_submit")
            page.wait_for_url(re.compile(r"/(hub/spawn|hub/home|user/)"), timeout=LAB_MS)
            page.goto(link)
            page.wait_for_url(re.compile(rf"/user/{BROWSER_STUDENT}/lab/.*00_start_here\.ipynb"), timeout=LAB_MS)
            page.wait_for_selector(".jp-Notebook", timeout=LAB_MS)
            assert page.locator(".lm-TabBar-tab.jp-mod-current, .lm-TabBar-tab.lm-mod-current").filter(
                has_text="00_start_here.ipynb").count() >= 1
            rr_lab.wait_for_kernel(page, timeout=LAB_MS)
            rr_lab.run_all(page)
            page.wait_for_selector(".rr-ex-00-1 .rr-check", timeout=STEP_MS)
            page.locator(".rr-ex-00-1 .widget-radio-box label").nth(choice).click()
            page.locator(".rr-ex-00-1 .rr-check").click()
            page.locator(".rr-ex-00-1 .rr-feedback").filter(has_text="00.1: ").wait_for()
        finally:
            if getattr(request.node, "rr_failed", True):
                SCREENSHOTS.mkdir(exist_ok=True)
                try:
                    page.screenshot(path=str(SCREENSHOTS / "hub-chromium.png"))
                except Exception:  # noqa: BLE001 - a screenshot must not hide the failure
                    pass
    copy = hub.homes / BROWSER_STUDENT / query["urlpath"].split("/")[2]
    assert (copy / "corpus").is_dir(), "the link did not pull the course into the student's home"
    rows = _journal_rows(copy / "my_work" / "answers.sqlite")
    assert rows and rows[-1][0] == "00.1" and _is_answer(rows[-1][1], choice), rows


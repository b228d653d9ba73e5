"""helpers finds the course copy the student works in, not only the installed package."""
from helpers import paths
from helpers.corpus import load_corpus


def test_course_root_is_found_from_a_notebook_folder_of_another_copy(corpus_copy, monkeypatch):
    copy = corpus_copy.parent
    (copy / "lessons").mkdir()
    (copy / "notebooks").mkdir()
    monkeypatch.delenv("RR_COURSE", raising=False)
    monkeypatch.chdir(copy / "notebooks")
    assert paths.course_root() == copy.resolve()
    assert load_corpus().root == (copy / "corpus").resolve()
    assert paths.work_dir() == copy.resolve() / "my_work"


def test_rr_course_overrides_the_search(tmp_path, monkeypatch):
    monkeypatch.setenv("RR_COURSE", str(tmp_path))
    assert paths.course_root() == tmp_path.resolve()


def test_outside_any_course_the_package_copy_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("RR_COURSE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.course_root() == paths.PACKAGE_ROOT

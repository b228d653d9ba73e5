"""The course map in README.md is generated, and current."""
from helpers.coursemap import BEGIN, END, ROOT, course_map, lesson_header, readme_with_map


def test_readme_course_map_is_current():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert BEGIN in readme and END in readme
    assert readme_with_map(readme, course_map()) == readme, "README.md course map is stale: run `make coursemap`"


def test_every_lesson_header_has_objectives_with_exercises_and_a_time():
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        head = lesson_header(nb)
        assert 1 <= len(head["objectives"]) <= 4, nb.name
        assert all(ids for _, ids in head["objectives"]), nb.name
        assert head["time"], nb.name


def test_objectives_name_real_exercises_and_every_exercise_serves_an_objective():
    from helpers.banks import lesson_bank

    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        named = {i for _, ids in lesson_header(nb)["objectives"] for i in ids}
        bank = lesson_bank(nb.stem[:2], ROOT / "lessons")
        assert bank is not None, nb.name
        assert named <= set(bank.exercises), f"{nb.name}: objectives name {sorted(named - set(bank.exercises))}, not in its bank"


def test_documents_come_from_the_bank_and_the_notebooks_code_not_its_prose(tmp_path):
    import json

    from helpers.coursemap import lesson_documents

    bank = tmp_path / "09_x.toml"
    bank.write_text('[[exercise]]\nid = "09.1"\nkind = "reflect"\ndocs = ["hrw-2016-05"]\nprompt = "Why?"\n'
                    'model_answer = "Because."\nrubric = ["Did you say why?"]\n')
    nb = tmp_path / "09_x.ipynb"
    nb.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["Compare with kwp-1956-09-23 later."]},
        {"cell_type": "code", "source": ['corpus.quote("vkpb-1938-01-19", 1)']}]}))
    assert lesson_documents(bank, nb) == ["hrw-2016-05", "vkpb-1938-01-19"]


def test_readme_rights_table_is_current_and_names_every_document(corpus):
    from helpers.coursemap import RIGHTS_BEGIN, RIGHTS_END, rights_section

    readme = (ROOT / "README.md").read_text("utf-8")
    table = rights_section()
    assert readme_with_map(readme, table, RIGHTS_BEGIN, RIGHTS_END) == readme, \
        "README.md rights table is stale: run `make coursemap`"
    for doc in corpus:
        assert f"`{doc.id}`" in table


def test_rights_table_check_can_fail():
    from helpers.coursemap import RIGHTS_BEGIN, RIGHTS_END, rights_section

    readme = (ROOT / "README.md").read_text("utf-8")
    stale = readme.replace("public domain", "public-domain", 1)
    assert stale != readme
    assert readme_with_map(stale, rights_section(), RIGHTS_BEGIN, RIGHTS_END) != stale

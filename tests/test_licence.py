"""The course can be cited and its licences are stated where tools look for them."""
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("cff-version", "message", "title", "authors")


def citation_problems(cff_text: str, project: dict) -> list[str]:
    """What is wrong with a CITATION.cff against pyproject's [project] table (empty list: nothing)."""
    data = yaml.safe_load(cff_text)
    if not isinstance(data, dict):
        return ["CITATION.cff is not a YAML mapping"]
    problems = [f"missing {key}" for key in REQUIRED if key not in data]
    if data.get("cff-version") != "1.2.0":
        problems.append(f"cff-version should be 1.2.0, found {data.get('cff-version')!r}")
    if str(data.get("version")) != project["version"]:
        problems.append(f"version {data.get('version')!r} differs from pyproject's {project['version']!r}")
    authors = data.get("authors") or []
    if not authors or not all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in authors):
        problems.append("every author needs a name (an entity) or family-names (a person)")
    licences = data.get("license") or []
    licences = [licences] if isinstance(licences, str) else licences
    expression = project["license"]["text"].split("#")[0]
    stated = {part.strip() for part in expression.split(" AND ")}
    if set(licences) != stated:
        problems.append(f"license {sorted(licences)} differs from pyproject's {sorted(stated)}")
    return problems


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_cff_is_valid_and_names_the_project_version(project):
    assert citation_problems((ROOT / "CITATION.cff").read_text(encoding="utf-8"), project) == []


@pytest.mark.parametrize("change, expected", [
    (("version: \"0.1.0\"", "version: \"9.9.9\""), "differs from pyproject"),
    (("cff-version: 1.2.0", "cff-version: 1.1.0"), "cff-version should be 1.2.0"),
    (("  - CC-BY-4.0\n", ""), "license"),
    (("title:", "tytle:"), "missing title"),
])
def test_citation_check_can_fail(project, change, expected):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert change[0] in text
    problems = citation_problems(text.replace(*change), project)
    assert any(expected in p for p in problems), problems


def test_licence_files_are_where_tools_look():
    # GitHub's licensee and pip's metadata recognise an MIT LICENSE file at the root by its first line.
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    cc = (ROOT / "LICENSES" / "CC-BY-4.0.md").read_text(encoding="utf-8")
    assert "SPDX-License-Identifier: CC-BY-4.0" in cc
    assert "creativecommons.org/licenses/by/4.0/legalcode" in cc

"""Launch links for Binder and for a JupyterHub (nbgitpuller)."""
from urllib.parse import parse_qs, urlparse

import pytest

from helpers.links import binder_badge, binder_link, nbgitpuller_link
from notebook_source import ROOT

REPO = "https://github.com/you/reading-rehabilitation"


def test_binder_link_opens_lesson_00_in_jupyterlab():
    assert binder_link(REPO) == ("https://mybinder.org/v2/gh/you/reading-rehabilitation/main"
                                 "?urlpath=lab/tree/notebooks/00_start_here.ipynb")


def test_readme_badge_has_the_form_make_links_prints():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert binder_badge("https://github.com/OWNER/REPO") in readme


def test_nbgitpuller_link_pulls_the_repo_into_its_own_folder_and_opens_lesson_00():
    url = urlparse(nbgitpuller_link("https://hub.example.edu/", REPO + ".git"))
    assert (url.scheme, url.netloc, url.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    # targetpath fixes the folder's name, so the link opens it whether or not the address ends in .git
    assert query == {"repo": REPO + ".git", "branch": "main", "targetpath": "reading-rehabilitation",
                     "urlpath": "lab/tree/reading-rehabilitation/notebooks/00_start_here.ipynb"}


@pytest.mark.parametrize("repo", ["reading-rehabilitation", "https://gitlab.com/you/x", ""])
def test_a_repo_that_is_not_on_github_is_refused_clearly(repo):
    with pytest.raises(ValueError, match="expected a GitHub URL"):
        binder_link(repo)


def test_a_hub_address_without_scheme_is_refused():
    with pytest.raises(ValueError, match="hub's address"):
        nbgitpuller_link("hub.example.edu", REPO)

"""Launch links for a copy of the course on GitHub: a Binder badge and an nbgitpuller link for a
JupyterHub. `make links REPO=https://github.com/<you>/<repo> [HUB=https://hub.example.edu]`.

>>> binder_link("https://github.com/you/reading-rehabilitation")
'https://mybinder.org/v2/gh/you/reading-rehabilitation/main?urlpath=lab/tree/notebooks/00_start_here.ipynb'
"""
from __future__ import annotations

import argparse
import re
import sys
from urllib.parse import quote, urlencode

START = "notebooks/00_start_here.ipynb"


def _owner_repo(repo: str) -> tuple[str, str]:
    m = re.fullmatch(r"https://github\.com/([\w.\-]+)/([\w.\-]+?)(?:\.git)?/?", repo.strip())
    if not m:
        raise ValueError(f"expected a GitHub URL like https://github.com/<owner>/<repo>, found {repo!r}")
    return m.group(1), m.group(2)


def binder_link(repo: str, branch: str = "main") -> str:
    """A mybinder.org link that builds environment.yml and opens lesson 00 in JupyterLab."""
    owner, name = _owner_repo(repo)
    return f"https://mybinder.org/v2/gh/{owner}/{name}/{branch}?urlpath=lab/tree/{START}"


def binder_badge(repo: str, branch: str = "main") -> str:
    """Markdown for the 'launch binder' badge."""
    return f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder_link(repo, branch)})"


def nbgitpuller_link(hub: str, repo: str, branch: str = "main") -> str:
    """A JupyterHub link that pulls the repository into each student's home and opens lesson 00."""
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", hub.strip()):
        raise ValueError(f"expected the hub's address like https://hub.example.edu, found {hub!r}")
    _, name = _owner_repo(repo)
    # targetpath names the student's folder: without it nbgitpuller names it after the address's last
    # part, ".git" included, and the link would open a folder that does not exist
    query = urlencode({"repo": repo.strip().removesuffix("/"), "branch": branch, "targetpath": name,
                       "urlpath": f"lab/tree/{name}/{START}"}, quote_via=quote, safe="")
    return f"{hub.strip().rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True, help="your copy on GitHub, https://github.com/<owner>/<repo>")
    parser.add_argument("--hub", default="", help="your JupyterHub's address, for the nbgitpuller link")
    parser.add_argument("--branch", default="main")
    args = parser.parse_args(argv)
    try:
        print("Binder link: ", binder_link(args.repo, args.branch))
        print("Binder badge:", binder_badge(args.repo, args.branch))
        if args.hub:
            print("Hub link:    ", nbgitpuller_link(args.hub, args.repo, args.branch))
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

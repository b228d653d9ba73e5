"""Where the course's files are: the copy of the course the student is working in.

A notebook runs inside ``<course>/notebooks/``, so the course root is found by walking up from
the current folder to the first folder holding ``corpus/``, ``lessons/`` and ``notebooks/``.
This matters on a JupyterHub, where ``helpers`` may be installed once in the image while each
student works in their own pulled copy. ``RR_COURSE`` overrides it; the installed package's
own folder is the fallback.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def is_course(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in ("corpus", "lessons", "notebooks"))


def course_root() -> Path:
    """The root of the course copy in use: $RR_COURSE, else the nearest course folder above the cwd."""
    env = os.environ.get("RR_COURSE")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if is_course(folder):
            return folder
    return PACKAGE_ROOT


def corpus_dir() -> Path:
    return course_root() / "corpus"


def lessons_dir() -> Path:
    return course_root() / "lessons"


def work_dir() -> Path:
    """``my_work/`` in the course copy: where a student's journal and exports go."""
    return course_root() / "my_work"


def make_private_dirs(folder: Path) -> Path:
    """Create ``folder`` and any missing parents with mode 0700 (owner only), whatever the umask.

    On a shared machine (The Littlest JupyterHub gives each student a system user) a folder made
    with the default umask is readable by every other student. Only folders made here are
    chmodded: a folder that already exists keeps the mode its owner gave it.
    """
    folder = Path(folder)
    missing, here = [], folder
    while not here.exists() and here.parent != here:
        missing.append(here)
        here = here.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, 0o700)
        except FileExistsError:  # made a moment ago by another kernel: not ours to chmod
            continue
        os.chmod(made, 0o700)    # mkdir's mode is filtered by the umask; chmod is not
    return folder

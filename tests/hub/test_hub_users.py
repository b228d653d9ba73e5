"""Answers stay private on a shared machine: two real system users on a JupyterHub with
LocalProcessSpawner (as The Littlest JupyterHub gives each student), servers and kernels started
under the default umask 022, homes 0755 as useradd makes them. One student answers and exports
a dossier; a kernel in the other student's server, running as that user, cannot read either.

The test creates the users with `useradd` (homes in a temporary folder) and removes them with
`userdel` at the end, after stopping every process it started; it checks that no process of
either user is left. Skips where it is not root or useradd is missing.
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hubkit  # noqa: E402
from hubkit import COURSE_NAME, ROOT  # noqa: E402

pytestmark = [
    pytest.mark.xdist_group("hub"),
    pytest.mark.skipif(os.environ.get("RR_SKIP_HUB") == "1", reason="hub tests switched off by RR_SKIP_HUB=1"),
]


def _requirements() -> str | None:
    if os.geteuid() != 0:
        return "creating system users needs root (useradd); run as root to check that answers stay private"
    if not (shutil.which("useradd") and shutil.which("userdel")):
        return "useradd/userdel are not installed"
    return hubkit.requirements()


@pytest.fixture(scope="module")
def users():
    reason = _requirements()
    if reason:
        pytest.skip(f"system-user hub test skipped: {reason}")
    base = Path(tempfile.mkdtemp(prefix="rr-hub-users-"))
    os.chmod(base, 0o755)  # the users must reach their homes through it
    homes = base / "homes"
    homes.mkdir(mode=0o755)
    tag = uuid.uuid4().hex[:6]
    names = [f"rr{tag}a", f"rr{tag}b"]
    made = []
    hub = None
    try:
        for name in names:
            home = homes / name
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/sh",
                            "--user-group", name], check=True, capture_output=True)
            made.append(name)
            pw = pwd.getpwnam(name)
            home.mkdir(mode=0o755)
            copy = home / COURSE_NAME
            for part in ("corpus", "lessons", "notebooks"):
                shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
            for dirpath, dirnames, filenames in os.walk(home):
                os.chown(dirpath, pw.pw_uid, pw.pw_gid)
                for f in filenames:
                    os.chown(os.path.join(dirpath, f), pw.pw_uid, pw.pw_gid)
        python, how = hubkit.python_for_other_users(base)
        if python is None:
            pytest.skip(f"system-user hub test skipped: {how}")
        helpers_dir = Path(__import__("helpers").__file__).parent
        if not hubkit.world_usable(helpers_dir / "__init__.py"):
            pytest.skip(f"system-user hub test skipped: the course's helpers ({helpers_dir}) are not readable by other users")
        hub = hubkit.Hub(base, spawner="localprocess", homes=homes, umask=0o022,
                         cmd=[*python, "-m", "jupyterhub.singleuser"])
        hub.start()
        yield hub, names
    finally:
        uids = []
        for name in made:
            try:
                uids.append(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        if hub is not None:
            hub.stop()
        left = _processes_of(uids)
        for name in made:
            subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        assert not left, f"processes of the test users still running: {left}"
        for name in made:
            with pytest.raises(KeyError):
                pwd.getpwnam(name)


def _processes_of(uids: list[int]) -> list[tuple]:
    import psutil
    found = []
    for p in psutil.process_iter(["pid", "uids", "name"]):
        try:
            if p.info["uids"] and p.info["uids"].real in uids and p.status() != psutil.STATUS_ZOMBIE:
                found.append((p.info["pid"], p.info["name"]))
        except psutil.NoSuchProcess:
            pass
    return found


def test_one_students_server_cannot_read_anothers_journal_or_dossier(users):
    hub, (alice, bob) = users
    for name in (alice, bob):
        hub.spawn(name)
    copy = hub.homes / alice / COURSE_NAME
    facts = hub.run_json(alice, "import os, json\nu = os.umask(0); os.umask(u)\n"
                         "from helpers.exercises import check\nfrom helpers.dossier import export_dossier\n"
                         "fb = check('00.1', 3)\np = export_dossier()\n"
                         "print(json.dumps({'uid': os.getuid(), 'umask': u, 'dossier': str(p), 'feedback': fb.text[:5]}))")
    assert facts["uid"] == pwd.getpwnam(alice).pw_uid
    assert facts["umask"] == 0o022, "the server should run under the default umask for this test to mean anything"
    journal, dossier = copy / "my_work" / "answers.sqlite", Path(facts["dossier"])
    assert journal.is_file() and dossier.is_file() and dossier.parent == copy / "my_work"
    assert journal.stat().st_uid == pwd.getpwnam(alice).pw_uid
    assert stat.S_IMODE((copy / "my_work").stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert stat.S_IMODE(dossier.stat().st_mode) == 0o600

    probe = json.dumps({"journal": str(journal), "dossier": str(dossier), "my_work": str(copy / "my_work"),
                        "corpus": str(copy / "corpus" / "README.md")})
    seen = hub.run_json(bob, "import os, json\npaths = json.loads(" + repr(probe) + ")\nresult = {'uid': os.getuid()}\n"
                        "for key, path in paths.items():\n"
                        "    try:\n"
                        "        if key == 'my_work':\n"
                        "            os.listdir(path)\n"
                        "        else:\n"
                        "            open(path, 'rb').read(16)\n"
                        "        result[key] = 'read'\n"
                        "    except OSError as e:\n"
                        "        result[key] = type(e).__name__\n"
                        "print(json.dumps(result))")
    assert seen["uid"] == pwd.getpwnam(bob).pw_uid
    assert seen["corpus"] == "read", "the other student can read the course files (the denial below is my_work's)"
    assert seen["journal"] == "PermissionError", seen
    assert seen["dossier"] == "PermissionError", seen
    assert seen["my_work"] == "PermissionError", seen

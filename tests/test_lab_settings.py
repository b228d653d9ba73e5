"""The course ships JupyterLab defaults for a class: no "official Jupyter news?" prompt and no
update check. They are installed into the environment (`make`, Binder's postBuild, a hub image),
so a student with no settings of their own gets them: checked here against a real JupyterLab
server with an empty user-settings folder."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER = Path(sys.executable).parent / "jupyter"
TOKEN = "rr-settings-test"
PLUGIN = "@jupyterlab/apputils-extension:notification"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_install_script_writes_overrides_into_a_prefix(tmp_path):
    subprocess.run(["sh", str(ROOT / "jupyter-settings" / "install.sh"), str(tmp_path)], check=True)
    written = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(written.read_text(encoding="utf-8"))[PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}


def test_binder_and_make_install_the_settings():
    assert "jupyter-settings/install.sh" in (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "jupyter-settings/install.sh $(VENV)" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_a_fresh_user_gets_no_news_prompt_and_no_update_check(tmp_path):
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not installed.exists():
        pytest.fail(f"{installed} is missing: run `make` (setup installs the course's JupyterLab defaults)")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),  # empty: a student with no settings
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    port = _free_port()
    proc = subprocess.Popen([str(JUPYTER), "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
                             f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                             f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={tmp_path}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/lab/api/settings/{PLUGIN}?token={TOKEN}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    reply = json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer its settings API within 60 s")
                time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    # JupyterLab applies overrides.json to the plugin's schema defaults (without it: "none" and true).
    defaults = {name: prop.get("default") for name, prop in reply["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"
    assert defaults["checkForUpdates"] is False
    assert reply["raw"] == "{}"  # and the student's own settings are untouched

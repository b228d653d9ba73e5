"""A real JupyterHub on 127.0.0.1 for tests/hub/ and benchmarks/bench_hub.py.

The hub uses the dummy authenticator, configurable-http-proxy from npm (installed into .hub-deps/
by `make hub-deps`), and either SimpleLocalProcessSpawner (every student's home a folder of the
test's own) or LocalProcessSpawner (real system users). A service token with admin scopes creates
users, starts their servers, follows the nbgitpuller pull and runs code in their kernels through
the Jupyter server's REST API and kernel websocket. Every process is started here and stopped
here by its id: the hub by SIGTERM (it stops the proxy and the servers it spawned), then anything
of its process group or its children still alive by SIGKILL.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROXY = ROOT / ".hub-deps" / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent
TOKEN = "rr-hub-test-" + uuid.uuid4().hex
COURSE_NAME = "reading-rehabilitation"  # the folder nbgitpuller makes: the repository's name, as on GitHub
HUB_START_S = 120
SPAWN_S = 300
PULL_S = 300


def requirements() -> str | None:
    """Why the hub can't run here, or None."""
    for exe in ("jupyterhub", "jupyterhub-singleuser"):
        if not (BIN / exe).exists():
            return f"{exe} is not installed beside {sys.executable} (the hub extra: make test-setup)"
    try:
        import nbgitpuller  # noqa: F401
    except ImportError:
        return "nbgitpuller is not installed (the hub extra: make test-setup)"
    if shutil.which("node") is None:
        return "node is not installed (JupyterHub's configurable-http-proxy needs Node.js)"
    if not PROXY.exists():
        return f"configurable-http-proxy is not installed in {PROXY.parents[2]} (run: make hub-deps)"
    if shutil.which("git") is None:
        return "git is not installed (nbgitpuller needs it)"
    if subprocess.run(["git", "-c", "safe.directory=*", "rev-parse", "--git-dir"], cwd=ROOT,
                      capture_output=True).returncode != 0:
        return f"{ROOT} is not a git checkout (the test serves the course from a repository made from it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(*args, cwd=None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Instructor", "GIT_AUTHOR_EMAIL": "instructor@example.edu",
           "GIT_COMMITTER_NAME": "Instructor", "GIT_COMMITTER_EMAIL": "instructor@example.edu"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def course_repo(tmp: Path) -> tuple[Path, Path]:
    """A bare repository `<tmp>/repos/<COURSE_NAME>` (no `.git`: nbgitpuller names the student's folder
    after the repository's last path segment, as it is) whose `main` holds the checkout's working tree
    (tracked and new files, as `git ls-files` sees them), and a working clone to commit changes from."""
    work = tmp / "instructor"
    work.mkdir(parents=True)
    files = subprocess.run(["git", "-c", "safe.directory=*", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, work / name)
    git("init", "-q", "-b", "main", cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "The course as checked out", cwd=work)
    bare = tmp / "repos" / COURSE_NAME
    git("clone", "-q", "--bare", str(work), str(bare))
    git("remote", "add", "hub", str(bare), cwd=work)
    return bare, work


class Hub:
    def __init__(self, tmp: Path, spawner: str = "simple", homes: Path | None = None, env: dict | None = None,
                 umask: int | None = None, cmd: list[str] | None = None):
        self.tmp = Path(tmp)
        self.dir = self.tmp / "hub"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.homes = Path(homes) if homes else self.tmp / "homes"
        self.homes.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.spawner = spawner
        self.env = env or {}
        self.umask = umask  # the hub's (and so every server's) umask; None: the caller's
        self.cmd = cmd or [str(BIN / "jupyterhub-singleuser")]
        self.proc: subprocess.Popen | None = None
        self.log = self.dir / "hub.log"

    # ------------------------------------------------------------ start and stop

    def config(self) -> str:
        root = os.geteuid() == 0 and self.spawner == "simple"
        cfg = {
            "ip": "127.0.0.1", "port": self.port, "hub_port": free_port(), "proxy_api": free_port(),
            "proxy": str(PROXY), "singleuser": self.cmd, "homes": str(self.homes),
            "dir": str(self.dir), "token": TOKEN, "root": root, "spawner": self.spawner, "env": self.env,
            "start": SPAWN_S,
        }
        return f"""# written by tests/hub/hubkit.py
cfg = {cfg!r}
c.JupyterHub.ip = cfg["ip"]
c.JupyterHub.port = cfg["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = cfg["hub_port"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % cfg["proxy_api"]
c.ConfigurableHTTPProxy.command = [cfg["proxy"]]
c.ConfigurableHTTPProxy.pid_file = cfg["dir"] + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + cfg["dir"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = cfg["dir"] + "/cookie_secret"
c.JupyterHub.pid_file = cfg["dir"] + "/hub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = cfg["spawner"]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
c.JupyterHub.check_running_interval = 3600
c.JupyterHub.last_activity_interval = 3600
c.SimpleLocalProcessSpawner.home_dir_template = cfg["homes"] + "/{{username}}"
c.Spawner.cmd = cfg["singleuser"]
c.Spawner.args = ["--allow-root"] if cfg["root"] else []
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = cfg["start"]
c.Spawner.http_timeout = cfg["start"]
c.Spawner.environment = cfg["env"]
c.JupyterHub.services = [{{"name": "rr-test", "api_token": cfg["token"]}}]
c.JupyterHub.load_roles = [{{"name": "rr-test", "services": ["rr-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"]}}]
"""

    def start(self) -> "Hub":
        (self.dir / "jupyterhub_config.py").write_text(self.config(), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RR_", "JUPYTER"))}
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        self._log = self.log.open("w")
        self.proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(self.dir / "jupyterhub_config.py")],
                                     cwd=self.dir, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True,
                                     preexec_fn=None if self.umask is None else (lambda: os.umask(self.umask)))
        deadline = time.monotonic() + HUB_START_S
        while True:
            try:
                self.api("GET", "/hub/api/")
                return self
            except (OSError, urllib.error.HTTPError):
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"JupyterHub did not start within {HUB_START_S} s:\n{self.tail()}")
            time.sleep(0.5)

    def tail(self, n: int = 4000) -> str:
        try:
            self._log.flush()
        except (AttributeError, ValueError):
            pass
        return self.log.read_text(errors="replace")[-n:]

    def processes(self) -> list:
        """The hub's process and all its descendants now alive (psutil.Process objects)."""
        import psutil
        if self.proc is None:
            return []
        try:
            p = psutil.Process(self.proc.pid)
            return [p, *p.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> list[int]:
        """Stop the hub (it stops the proxy and the servers it spawned); kill what is left, by pid.
        Returns the pids that had to be killed."""
        import psutil
        if self.proc is None:
            return []
        family = self.processes()
        killed = []
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for p in family[1:]:
            try:
                p.wait(timeout=10)
            except psutil.TimeoutExpired:
                p.kill()
                killed.append(p.pid)
            except psutil.NoSuchProcess:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()
        return killed

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------ REST

    def request(self, method: str, path: str, body=None, timeout: float = 60, raw: bool = False):
        data = json.dumps(body).encode() if body is not None else (b"" if method in ("POST", "PUT") else None)
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
        r = urllib.request.urlopen(req, timeout=timeout)
        if raw:
            return r
        with r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text.strip() else None)

    def api(self, method: str, path: str, body=None, timeout: float = 60):
        return self.request(method, path, body, timeout)[1]

    def add_user(self, name: str) -> None:
        try:
            self.api("POST", f"/hub/api/users/{name}")
        except urllib.error.HTTPError as e:
            if e.code != 409:  # already there
                raise

    def spawn(self, name: str) -> float:
        """Start the user's server and wait until it is ready; return the seconds it took."""
        started = time.monotonic()
        self.add_user(name)
        try:
            self.request("POST", f"/hub/api/users/{name}/server", timeout=SPAWN_S)
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"the hub could not start {name}'s server ({e.code}):\n{self.tail()}") from e
        deadline = started + SPAWN_S
        while True:
            model = self.api("GET", f"/hub/api/users/{name}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                break
            if time.monotonic() > deadline or (not server and not model.get("pending")):
                raise RuntimeError(f"{name}'s server did not start:\n{self.tail()}")
            time.sleep(0.3)
        # the proxy route can lag the ready flag: wait until the server answers through the hub
        while True:
            try:
                self.request("GET", f"/user/{name}/api/status", timeout=30)
                return time.monotonic() - started
            except urllib.error.HTTPError as e:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name}'s server does not answer ({e.code}):\n{self.tail()}") from e
            time.sleep(0.3)

    def pull(self, name: str, repo: str, branch: str = "main", targetpath: str = COURSE_NAME) -> list[dict]:
        """Follow nbgitpuller's event stream until it says finished; return its events."""
        query = urllib.parse.urlencode({"repo": repo, "branch": branch, "targetpath": targetpath})
        events = []
        with self.request("GET", f"/user/{name}/git-pull/api?{query}", timeout=PULL_S, raw=True) as r:
            for line in r:
                line = line.decode().strip()
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                events.append(event)
                if event.get("phase") == "finished":
                    return events
                if event.get("phase") == "error":
                    raise RuntimeError(f"nbgitpuller failed for {name}: {event}")
        raise RuntimeError(f"nbgitpuller's stream ended before 'finished' for {name}: {events[-5:]}")

    def kernel(self, name: str, path: str = f"{COURSE_NAME}/notebooks") -> "Kernel":
        model = self.api("POST", f"/user/{name}/api/kernels", {"name": "python3", "path": path}, timeout=SPAWN_S)
        return Kernel(self, name, model["id"])

    def run_json(self, name: str, code: str) -> dict:
        """Run ``code`` in a new kernel of ``name``'s server (it must not fail); return the JSON it prints."""
        with self.kernel(name) as kernel:
            out = kernel.execute(code)
        assert out["error"] is None, out
        return json.loads(out["stdout"])


class Kernel:
    """One kernel in a student's server, driven over its websocket (Jupyter messaging, JSON)."""

    def __init__(self, hub: Hub, user: str, kernel_id: str):
        import websocket
        self.hub, self.user, self.id = hub, user, kernel_id
        self.session = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel_id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {TOKEN}"], timeout=SPAWN_S)

    def execute(self, code: str, timeout: float = 300) -> dict:
        """Run code; return {"stdout", "stderr", "result", "error"} (texts; error is "ename: evalue")."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user, "session": self.session, "msg_type": "execute_request",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out = {"stdout": "", "stderr": "", "result": None, "error": None}
        idle = replied = False
        deadline = time.monotonic() + timeout
        self.ws.settimeout(timeout)
        while not (idle and replied):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.user}: code did not finish within {timeout} s: {code[:80]!r}")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind in ("execute_result", "display_data") and kind == "execute_result":
                out["result"] = content["data"].get("text/plain")
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
                if content.get("status") == "error" and not out["error"]:
                    out["error"] = f"{content.get('ename')}: {content.get('evalue')}"
        return out

    def __enter__(self) -> "Kernel":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            try:
                self.hub.request("DELETE", f"/user/{self.user}/api/kernels/{self.id}")
            except (OSError, urllib.error.HTTPError):
                pass


def world_usable(path: Path) -> bool:
    """Can any user reach and read ``path`` (every folder above it o+x, the file o+r)?"""
    path = Path(os.path.realpath(path))
    if not path.stat().st_mode & 0o004:
        return False
    return all(p.stat().st_mode & 0o001 for p in path.parents)


def python_for_other_users(tmp: Path) -> tuple[list[str] | None, str]:
    """A Python other users can run, with this environment's packages: this interpreter when it is
    world-usable, else a venv of a system Python of the same version whose site-packages is this
    environment's (through a .pth). Returns (the interpreter as a command, how), or (None, why not)."""
    import sysconfig
    site = Path(sysconfig.get_paths()["purelib"])
    if not world_usable(site / "jupyterhub" / "__init__.py"):
        return None, f"this environment's packages ({site}) are not readable by other users"
    here = Path(os.path.realpath(sys.executable))
    if world_usable(here):
        return [sys.executable], f"{sys.executable}"
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for base in (Path("/usr/bin") / version, Path("/usr/local/bin") / version):
        if base.exists() and world_usable(base):
            venv = tmp / "venv-for-users"
            subprocess.run([str(base), "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
            purelib = subprocess.run([str(venv / "bin" / "python"), "-c",
                                      "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     check=True, capture_output=True, text=True).stdout.strip()
            (Path(purelib) / "rr_shared_env.pth").write_text(f"import site; site.addsitedir({str(site)!r})\n")
            return [str(venv / "bin" / "python")], f"a venv of {base} using {site}"
    return None, (f"this Python ({here}) is not reachable by other users (a folder above it is private) "
                  f"and there is no system {version} to stand in for it")


def rss_by_user(hub: Hub) -> dict[str, dict]:
    """RSS (bytes) of each user's single-user server and of its kernels, from the hub's process tree."""
    import psutil
    out: dict[str, dict] = {}
    for p in hub.processes()[1:]:
        try:
            env = p.environ()
            user = env.get("JUPYTERHUB_USER")
            if not user or "jupyterhub-singleuser" not in " ".join(p.cmdline()):
                continue
            entry = out.setdefault(user, {"server": 0, "kernels": 0})
            entry["server"] += p.memory_info().rss
            for k in p.children(recursive=True):
                entry["kernels"] += k.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out

"""A real JupyterLab and Chromium for the layout test, the axe-core audit and `make screenshots`.

Shared by tests/browser/test_layout.py and tests/browser/screenshots.py (not a test file itself).
The server serves a fresh copy of the course (notebooks, lessons, corpus) with its own journal,
config, runtime, settings and workspace folders, and is stopped by the PID it was started with.
Every notebook cell is kept in the page (windowingMode "none"), so what is measured is every
output of the lesson, not only those in the window.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
JUPYTER = Path(sys.executable).parent / "jupyter"
AXE = ROOT / ".browser-deps" / "node_modules" / "axe-core" / "axe.min.js"
TOKEN = "rr-layout-test-token"
VIEWPORT = {"width": 1400, "height": 1000}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--font-render-hinting=none"]
SERVER_START_S = 90
KERNEL_READY_MS = 90_000
RUN_ALL_MS = 240_000
RUN_STARTED_MS = 20_000
STEP_MS = 30_000

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None
    PlaywrightError = Exception


def requirements() -> str | None:
    """Why the browser cannot run here, or None."""
    if sync_playwright is None:
        return "the playwright Python package is not installed (the browser extra: make test-setup)"
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed at /usr/bin/chromium (run: sh tests/browser/install_chromium.sh)"
    if not JUPYTER.exists():
        return f"jupyter is not installed beside {sys.executable}"
    return None


def skip_without_browser(what: str = "browser test") -> None:
    """Skip the test (pytest.skip) with the reason when the browser cannot run here."""
    import pytest

    reason = requirements()
    if reason:
        pytest.skip(f"{what} skipped: {reason}")


def lessons(root: Path = ROOT) -> list[str]:
    return sorted(p.name for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # leftover kernels in the server's own process group
    except (ProcessLookupError, PermissionError):
        pass


def _write_settings(settings: Path) -> None:
    def put(plugin: str, values: dict) -> None:
        path = settings / (plugin.split(":")[0]) / f"{plugin.split(':')[1]}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")

    put("@jupyterlab/apputils-extension:notification", {"fetchNews": "false", "checkForUpdates": False})
    # Every cell in the page: the checks see every output, not only those in the window.
    put("@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})


@contextlib.contextmanager
def lab_server(tmp: Path, source: Path = ROOT):
    """Start JupyterLab on a fresh copy of the course at ``source``; yield {"base", "course", "log"}."""
    course = tmp / "course"
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "lessons", "corpus"):
        shutil.copytree(source / name, course / name, ignore=ignore)
    settings = tmp / "settings"
    _write_settings(settings)
    env = {**os.environ,
           "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
           "IPYTHONDIR": str(tmp / "ipython"), "RR_JOURNAL": str(tmp / "journal" / "answers.sqlite"),
           "RR_LESSONS": str(course / "lessons"), "RR_COURSE": str(course),
           "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    port = _free_port()
    log_path = tmp / "server.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={course}", "--LabApp.news_url=", "--ServerApp.open_browser=False"],
        cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(f"JupyterLab did not start within {SERVER_START_S} s:\n"
                                   + log_path.read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield {"base": base, "course": course, "log": log_path}
    finally:
        _stop(proc)
        log.close()


@contextlib.contextmanager
def browser(profile: Path, viewport: dict = VIEWPORT):
    """A headless Chromium context (1400x1000 unless ``viewport`` says otherwise)."""
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS, viewport=viewport)
        try:
            yield context
        finally:
            context.close()


def open_notebook(page, base: str, notebook: str) -> None:
    """Open a notebook in a workspace of its own and wait for an idle Python kernel."""
    workspace = re.sub(r"\W", "-", notebook)  # a workspace of its own: no tab of another test reopens
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{notebook}?token={TOKEN}", timeout=KERNEL_READY_MS)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=KERNEL_READY_MS)
    wait_for_kernel(page)


def wait_for_kernel(page, timeout: float = KERNEL_READY_MS) -> None:
    """Wait until the open notebook's Python kernel is idle."""
    page.wait_for_function(
        """() => { const k = document.querySelector('.jp-KernelName');
                   const i = document.querySelector('.jp-Notebook-ExecutionIndicator');
                   return k && k.textContent.includes('Python 3') && i && i.getAttribute('data-status') === 'idle'; }""",
        timeout=timeout)


def is_modified(page) -> bool:
    """Whether the notebook's tab shows it as modified (unsaved changes)."""
    page.wait_for_timeout(1000)  # metadata from the kernel arrives just after it is idle
    return page.evaluate("""() => !!document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current.jp-mod-dirty')
                                 || !!document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty')""")


def run_all(page, tries: int = 3) -> float:
    """Run All Cells from the menu; wait until every code cell has run and the kernel is idle.
    Returns the seconds it took. A menu opened too early is closed and tried again."""
    start = time.monotonic()
    for attempt in range(1, tries + 1):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        try:
            page.wait_for_function(
                """() => { const p = document.querySelector('.jp-Notebook .jp-CodeCell .jp-InputPrompt');
                           return p && /\\[(\\*|\\d+)\\]/.test(p.textContent); }""", timeout=RUN_STARTED_MS)
            break
        except PlaywrightError:
            page.keyboard.press("Escape")
            if attempt == tries:
                raise
    page.wait_for_function(
        """() => { const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
                   const i = document.querySelector('.jp-Notebook-ExecutionIndicator');
                   return cells.length > 0 && cells.every(c => /\\[\\d+\\]/.test(c.textContent))
                          && i && i.getAttribute('data-status') === 'idle'; }""",
        timeout=RUN_ALL_MS)
    # images decoded, widgets drawn
    page.wait_for_function("() => [...document.querySelectorAll('.jp-OutputArea-output img')].every(i => i.complete)",
                           timeout=STEP_MS)
    page.wait_for_timeout(500)
    return time.monotonic() - start


def errors(page) -> list[str]:
    """Error outputs (tracebacks) shown after Run All."""
    return page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')]
                                  .map(e => e.innerText.slice(0, 300)).filter(t => /Error|Traceback/.test(t))""")


# What a student cannot read: measured in the page after Run All.
LAYOUT_JS = r"""
() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  const where = el => {
    const cell = el.closest('.jp-Cell');
    const n = cells.indexOf(cell);
    const ex = el.closest('.rr-exercise');
    const exId = ex ? [...ex.classList].find(c => /^rr-ex-/.test(c)) : null;
    return `cell ${n}` + (exId ? ` (${exId.slice(6).replace('-', '.')})` : '');
  };
  const text = el => (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 70);
  const body = (() => {
    const p = document.querySelector('.jp-MarkdownOutput p') || document.querySelector('.jp-RenderedHTMLCommon');
    return parseFloat(getComputedStyle(p).fontSize);
  })();
  const scrolls = [];
  for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    if (out.scrollWidth > out.clientWidth + 1)
      scrolls.push(`${where(out)}: output area ${out.scrollWidth} px wide in ${out.clientWidth} px: "${text(out)}"`);
    for (const el of out.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      if (el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || cs.display === 'none') continue;
      const clipped = (cs.overflowX !== 'visible') && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
      if (clipped)
        scrolls.push(`${where(el)}: ${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} `
                     + `${el.scrollWidth} px of content in ${el.clientWidth} px (overflow ${cs.overflowX}): "${text(el)}"`);
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  const selects = [];
  for (const sel of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output select')) {
    const cs = getComputedStyle(sel);
    canvas.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    let longest = '', width = 0;
    for (const o of sel.options) {
      const w = canvas.measureText(o.text).width;
      if (w > width) { width = w; longest = o.text; }
    }
    if (width > room + 0.5)
      selects.push(`${where(sel)}: "${longest}" needs ${Math.ceil(width)} px, the drop-down shows ${Math.floor(room)} px`);
  }
  const figures = [];
  for (const img of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')) {
    const natural = img.naturalWidth, shown = img.clientWidth;
    const px = parseFloat(img.dataset.rrMinTextPx || 'NaN');
    if (!(px > 0)) {
      figures.push(`${where(img)}: a ${natural} px image shown at ${shown} px that does not say its smallest text size`);
      continue;
    }
    const rendered = px * shown / natural;
    if (rendered < body - 0.05)
      figures.push(`${where(img)}: smallest text ${rendered.toFixed(1)} px (${px.toFixed(1)} px in a ${natural} px image `
                   + `shown at ${shown} px), body text ${body} px`);
  }
  return {body, scrolls, selects, figures,
          outputs: document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length,
          images: document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img').length};
}
"""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_JS = """
async ([tags, labToo]) => {
  const opts = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
  const course = await axe.run({include: [['.jp-Notebook .jp-OutputArea-output']]}, opts);
  const lab = labToo ? await axe.run({exclude: [['.jp-Notebook .jp-OutputArea-output']]}, opts) : null;
  const brief = r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                summary: (n.failureSummary || '').slice(0, 300)}))}));
  return {course: brief(course), lab: lab && brief(lab)};
}
"""


def layout(page) -> dict:
    return page.evaluate(LAYOUT_JS)


def axe(page, lab_too: bool = True) -> dict | None:
    """axe-core's WCAG 2.1 A/AA violations: {"course": [...] in the output areas, "lab": [...]
    in JupyterLab's own interface (None unless ``lab_too``)}; None when axe-core is not installed."""
    if not AXE.exists():
        return None
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_JS, [AXE_TAGS, lab_too])


def screenshot_tiles(page, folder: Path, stem: str) -> list[Path]:
    """The whole notebook as tiles: JupyterLab scrolls inside .jp-WindowedPanel-outer."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    outer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer").first
    total, view = page.evaluate(
        """() => { const o = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
                   return [o.scrollHeight, o.clientHeight]; }""")
    paths, top, n = [], 0, 1
    while True:
        page.evaluate("""(y) => { document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer').scrollTop = y; }""", top)
        page.wait_for_timeout(250)
        path = folder / f"{stem}-{n:02d}.png"
        outer.screenshot(path=str(path))
        paths.append(path)
        if top + view >= total:
            break
        top += view - 40  # a little overlap, so nothing falls between two tiles
        n += 1
    return paths

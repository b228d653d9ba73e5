"""Root pytest configuration: every test and every notebook run uses a fresh, temporary journal,
and nbval always uses the course's sanitizer file, whatever the current directory."""
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SANITIZER = ROOT / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    # A student's journal is never touched by tests: kernels started by nbval inherit this.
    tmp = Path(tempfile.mkdtemp(prefix="rr-test-journal-"))
    os.environ["RR_JOURNAL"] = str(tmp / "answers.sqlite")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if hasattr(config.option, "nbval_sanitize_with") and not config.option.nbval_sanitize_with:
        config.option.nbval_sanitize_with = str(SANITIZER)

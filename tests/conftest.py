"""Make the test-side tools (notebook_source, execute_notebooks) importable from tests."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#!/bin/sh
# Install axe-core (the accessibility engine the layout test injects into JupyterLab) from npm
# into .browser-deps/ (git-ignored). Called by `make test`. Without npm, say so; the axe audit in
# tests/browser/test_layout.py then skips with that reason.
AXE_VERSION=4.14.1
cd "$(dirname "$0")/../.." || exit 0
if [ -f .browser-deps/node_modules/axe-core/axe.min.js ]; then exit 0; fi
if command -v npm >/dev/null 2>&1; then
  echo "Installing axe-core $AXE_VERSION from npm into .browser-deps/ (once) ..."
  mkdir -p .browser-deps
  LIMIT=""; if command -v timeout >/dev/null 2>&1; then LIMIT="timeout 180"; fi  # no endless wait offline
  $LIMIT npm install --prefix .browser-deps --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null 2>&1 \
    || echo "WARNING: npm could not install axe-core; the axe-core audit will be skipped."
else
  echo "NOTE: npm is not installed; the axe-core audit in tests/browser/test_layout.py will be skipped."
fi
exit 0

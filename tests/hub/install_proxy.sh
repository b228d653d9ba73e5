#!/bin/sh
# Install configurable-http-proxy (JupyterHub's proxy, from npm) into .hub-deps/ for tests/hub/ and
# benchmarks/bench_hub.py, if it is missing. Called by `make test` and `make bench`. Where node or npm
# is missing, or npm cannot install it, say so; the hub tests then skip with that reason.
VERSION=5.3.0
DEST="${1:-.hub-deps}"
if [ -x "$DEST/node_modules/.bin/configurable-http-proxy" ]; then exit 0; fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "NOTE: node or npm is not installed; the JupyterHub tests in tests/hub/ will be skipped."
  echo "      Install Node.js (with npm) to run them."
  exit 0
fi
echo "Installing configurable-http-proxy $VERSION from npm into $DEST/ for the hub tests (once) ..."
mkdir -p "$DEST"
npm install --silent --no-audit --no-fund --prefix "$DEST" "configurable-http-proxy@$VERSION" >/dev/null 2>&1 \
  || echo "WARNING: npm could not install configurable-http-proxy; the hub tests will be skipped."
exit 0

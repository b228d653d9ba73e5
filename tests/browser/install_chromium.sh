#!/bin/sh
# Install Debian's Chromium for the real-browser tests (tests/browser/) if it is missing.
# Called by `make test`. Where apt cannot be used, say so; the browser tests then skip with that reason.
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian for the browser tests (once) ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "WARNING: apt-get could not install chromium; browser tests will be skipped."
else
  echo "NOTE: chromium is not installed and apt-get is not usable here (not root or not Debian);"
  echo "      the browser tests in tests/browser/ will be skipped. Install chromium to run them."
fi
exit 0

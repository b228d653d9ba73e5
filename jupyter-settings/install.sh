#!/bin/sh
# Install the course's JupyterLab defaults (no news prompt, no update check) into a Python prefix:
#   sh jupyter-settings/install.sh [prefix]      (default: the prefix of the `python` on PATH)
# Used by `make` (the course's .venv), Binder (postBuild) and a hub image (docs/classroom.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-$(python -c 'import sys; print(sys.prefix)')}
mkdir -p "$prefix/share/jupyter/lab/settings"
cp "$here/overrides.json" "$prefix/share/jupyter/lab/settings/overrides.json"

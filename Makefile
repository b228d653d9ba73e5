# Reading Rehabilitation: the two commands that matter are `make lab` and `make test`.
# Everything is installed into .venv/ from exact pins: requirements.lock (the course, what `make lab`
# installs) and requirements-test.lock (the test tools on top of it, only for `make test` and the
# maintainers' targets). Each part is reinstalled only when its files change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: lab test test-setup notebooks bench check lock coursemap links setup browser-deps screenshots hub-deps collect clean class-report renumber

## make setup: the course's environment in .venv/ (what `make lab` needs), nothing of the test tools
setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock jupyter-settings/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || \
	  { echo "Reading Rehabilitation needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Run: make PYTHON=python3.11 ..." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-deps -e .
	@MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot" # warm the font cache once
	@sh jupyter-settings/install.sh $(VENV) # JupyterLab defaults for a class: no news prompt, no update check
	@touch $@

## make test-setup: the course's environment plus the test tools (pytest-xdist, Playwright, JupyterHub, nbgitpuller)
test-setup: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(PIP) -r requirements-test.lock -c requirements.lock
	@touch $@

## make lab: set up (first time only) and open the course in JupyterLab
lab: setup
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

## make test: set up, then run every unit test and strict nbval over every notebook
test: test-setup browser-deps hub-deps
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-cell-timeout=120 -n 2 --dist loadfile

## make notebooks: strip and re-execute every notebook in order, then refresh the README's course map
## and rights table, which are built from the notebooks, banks and corpus (commit the result)
notebooks: setup
	$(BIN)/python tests/execute_notebooks.py
	$(BIN)/python -m helpers.coursemap

## make bench: run the benchmarks and print what they measure
bench: test-setup hub-deps
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

## make check: validate corpus, lexicon and exercise banks; print what was checked
check: setup
	$(BIN)/python -m helpers.validate

## make renumber FROM=05 TO=09: move a lesson to a free number (its files, exercise ids, titles); prints what to run next
renumber: setup
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make renumber FROM=<the lesson's number> TO=<a free number>, e.g. make renumber FROM=05 TO=09" >&2; exit 2; }
	$(BIN)/python -m helpers.renumber $(FROM) $(TO)

## make coursemap: regenerate the course map in README.md from notebooks and banks
coursemap: setup
	$(BIN)/python -m helpers.coursemap

## make class-report JOURNALS=<folder> [OUT=<folder>] [PSEUDONYMS=1]: every answers.sqlite under the
## folder (read only) -> class_report.html and answers.csv (in OUT, default the current folder)
class-report: setup
	@test -n "$(JOURNALS)" || { echo "usage: make class-report JOURNALS=<folder of students' journals> [OUT=<folder>] [PSEUDONYMS=1]" >&2; exit 2; }
	$(BIN)/python -m helpers.classreport "$(JOURNALS)" --out "$(or $(OUT),.)" $(if $(PSEUDONYMS),--pseudonyms)

## make links REPO=https://github.com/<you>/<repo> [HUB=https://hub.example.edu]: Binder and hub links
links:
	@$(PYTHON) helpers/links.py --repo "$(REPO)" $(if $(HUB),--hub "$(HUB)")

## make lock: regenerate both locks from pyproject.toml with pip-compile (existing pins are kept where they
## still fit; the test lock is resolved against the course's pins, then keeps only what it adds to them)
COMPILE = $(BIN)/pip-compile --quiet --strip-extras -c lock-constraints.txt --no-header --annotation-style=line \
	  --no-emit-index-url --no-emit-find-links
lock: setup
	$(PIP) pip-tools
	$(COMPILE) -o requirements.lock pyproject.toml
	cat requirements.lock $(wildcard requirements-test.lock) > $(VENV)/everything.lock
	$(COMPILE) --extra test --extra browser --extra hub -c requirements.lock -o $(VENV)/everything.lock pyproject.toml
	{ echo "# The test tools (pyproject.toml's extras test, browser, hub) on top of requirements.lock: written by make lock"; \
	  grep -v -e '-c requirements.lock' $(VENV)/everything.lock; } > requirements-test.lock
	rm $(VENV)/everything.lock

## browser-deps: Chromium from Debian and axe-core from npm for tests/browser (each skipped with a message where apt or npm is not available)
browser-deps:
	@sh tests/browser/install_chromium.sh
	@sh tests/browser/install_axe.sh

## make screenshots [LESSONS="03 05"]: every lesson after Run All, tiled, into tests/browser/screenshots/lessons/ (look before you commit a lesson)
screenshots: test-setup browser-deps
	$(BIN)/python tests/browser/screenshots.py $(LESSONS)

## hub-deps: configurable-http-proxy from npm into .hub-deps/ for tests/hub/ (skipped with a message where node is missing)
hub-deps:
	@sh tests/hub/install_proxy.sh .hub-deps

## make collect HOMES=/home DEST=class: copy every student's journal into DEST/<student>/answers.sqlite (safe while they work)
collect: setup
	$(BIN)/python -m helpers.collect "$(HOMES)" "$(or $(DEST),class)"

clean:
	rm -rf $(VENV)

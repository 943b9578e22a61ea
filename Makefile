# Two commands set everything up on a fresh clone: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# A Python >= 3.12: the pyenv one selected by .python-version, else python3.13/3.12 on PATH.
PYTHON ?= $(shell for p in python3 python3.13 python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test test-fast bench identity lint clean setup docs docs-serve docs-check docs-figures i18n

setup: $(STAMP)

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "error: Python 3.12 or newer is needed and none was found (tried python3, python3.13, python3.12)." >&2; exit 2; fi
	@echo "setting up $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/rehearse run $(ARGS)

# The tests spread over the machine's cores (pytest-xdist), a file to a worker so that a file's
# shared fixtures are made once; TEST_WORKERS=0 runs them in this process (to debug one). Two
# workers a core were no faster (15 min 31 s against 15 min 57 s on two cores, and a fifth more
# CPU): the suite is bound by its CPU, not by waiting on the processes it starts.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The edit loop: everything but the browser, Dask, README-figure and slow tests.
test-fast: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not (browser or dask or docs or slow)" $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/run_benchmarks.py

# Fingerprints of reference runs' kpis.json, before and after a change that must not alter them:
# `make identity ARGS="--write before.json"`, then `make identity ARGS="--check before.json"`.
identity: $(STAMP)
	$(PY) -m benchmarks.kpi_identity $(ARGS)

# The manual (docs/, mkdocs.yml) built into site/, strictly: a broken link or anchor or a missing
# page fails; the reference pages are generated from the code first (docs/gen_reference.py).
# The variables quiet the banners MkDocs' plugins print about MkDocs 2.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(VENV)/bin/mkdocs build --strict

# The manual served at http://127.0.0.1:8000, rebuilt as its pages change.
docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(VENV)/bin/mkdocs serve

# The measured figures the README and the manual quote (between <!-- figures: NAME --> markers,
# in README.md and docs/**/*.md, English and Chinese pages), rerun at their seeds: docs-check
# exits 1 listing each occurrence that differs by file and line; docs-figures rewrites every
# occurrence in place.
docs-check: $(STAMP)
	$(PY) -m tests.readme_figures $(ARGS)

docs-figures: $(STAMP)
	$(PY) -m tests.readme_figures --write $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# The message catalogues (sim/locale/): extract the messages from the code, merge them into
# each language's .po (translate what is new there), and compile the .mo files read at run time.
# The .mo files are committed, so a fresh clone needs no build step.
I18N_DOMAIN := rehearse
I18N_DIR := sim/locale
i18n: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k tr -k N_ -k Phrase --no-location --sort-output \
		--project lockdown-rehearsal -o $(I18N_DIR)/$(I18N_DOMAIN).pot sim agents
	$(VENV)/bin/pybabel update -D $(I18N_DOMAIN) -i $(I18N_DIR)/$(I18N_DOMAIN).pot -d $(I18N_DIR) --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile --statistics -D $(I18N_DOMAIN) -d $(I18N_DIR)

# Thin targets: every one calls `python -m pipeline <command>`; the logic lives in the package.
# `make pdf` and `make test` set up everything they need on a fresh Debian machine (run as root).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIPELINE := $(PY) -m pipeline
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get

# Debian packages: what leaflets need, and what translation and the tests add.
DEB_PDF := poppler-utils fonts-noto-core fonts-noto-cjk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
DEB_MT := apertium apertium-eng-spa apertium-fr-es apertium-eng-cat
DEB_TEST := gettext poppler-utils chromium $(DEB_MT)

.PHONY: setup setup-mt setup-test pot update translate check status pdf release preview lint test bench clean

# --- setup -----------------------------------------------------------------

$(VENV)/.stamp-core: pyproject.toml
	scripts/apt-ensure $(DEB_PDF)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.stamp-mt: $(VENV)/.stamp-core
	scripts/apt-ensure $(DEB_MT)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[mt]'
	touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-mt
	scripts/apt-ensure $(DEB_TEST)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[mt,test]'
	touch $@

setup: $(VENV)/.stamp-core
setup-mt: $(VENV)/.stamp-mt
setup-test: $(VENV)/.stamp-test

# --- the pipeline ------------------------------------------------------------

pot: setup
	$(PIPELINE) pot

update: setup
	$(PIPELINE) update

translate: setup-mt update
	$(PIPELINE) translate

check: setup
	$(PIPELINE) check

status: setup
	$(PIPELINE) status --output docs/status.svg

pdf: update
	$(PIPELINE) pdf

release: update
	$(PIPELINE) pdf --release

preview: pdf
	$(PIPELINE) pdf --print --booklet --lang es
	$(PIPELINE) cards
	$(PIPELINE) preview --docs docs

# --- quality -----------------------------------------------------------------

lint: setup-test
	$(PY) -m ruff check pipeline tests benchmarks
	$(PY) -m mypy

test: lint
	$(PY) -m pytest -q

bench: setup-test
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf build .pytest_cache .hypothesis

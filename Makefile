# Thin targets: every one calls `python -m pipeline <command>`; the logic lives in the package.
# `make pdf` and `make test` set up everything they need on a fresh Debian machine (run as root).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIPELINE := $(PY) -m pipeline
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
PIP := $(PY) -m pip install --disable-pip-version-check --progress-bar on
ARGOS_NO_DEPS := argostranslate==1.11.0

# Debian packages: what leaflets need, and what translation and the tests add.
DEB_PDF := poppler-utils fonts-noto-core fonts-noto-cjk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
DEB_ICU := libicu-dev pkg-config g++ python3-dev  # PyICU (sentence boundaries) builds from source against ICU
DEB_MT := apertium apertium-eng-spa apertium-fr-es apertium-eng-cat
DEB_TEST := gettext poppler-utils chromium $(DEB_MT)

.PHONY: setup setup-mt setup-test pot update translate check status pdf release preview lint test bench clean

# --- setup -----------------------------------------------------------------

$(VENV)/.stamp-core: pyproject.toml setup.py
	@echo "setup 1/3: Debian packages for leaflets, the virtualenv, the pipeline"
	scripts/apt-ensure $(DEB_PDF) $(DEB_ICU)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.stamp-mt: $(VENV)/.stamp-core
	@echo "setup 2/3: Apertium, and the [mt] extra (CTranslate2, SentencePiece; no torch)"
	scripts/apt-ensure $(DEB_MT)
	$(PIP) $$($(PY) scripts/extra-requirements mt)
	touch $@

# argostranslate itself only for the tests that prove its install code and ours agree:
# --no-deps, since its declared dependencies pull torch, stanza and spaCy (see pyproject.toml).
$(VENV)/.stamp-test: $(VENV)/.stamp-mt
	@echo "setup 3/3: gettext, and the [test] extra"
	scripts/apt-ensure $(DEB_TEST)
	$(PIP) $$($(PY) scripts/extra-requirements test)
	$(PIP) --no-deps $(ARGOS_NO_DEPS)
	touch $@

# The benchmark compares with argostranslate's own translate(), which needs torch.
$(VENV)/.stamp-bench: $(VENV)/.stamp-test
	$(PIP) $$($(PY) scripts/extra-requirements bench)
	touch $@

# The package byte-compiled, again for each module that changed: pip compiles a wheel install
# but not an editable one, and where PYTHONDONTWRITEBYTECODE is set Python would compile
# every module from source on every run (about 0.1 s of each command).
$(VENV)/.stamp-bytecode: $(VENV)/.stamp-core $(shell find pipeline -name '*.py')
	$(PY) -m compileall -q pipeline
	touch $@

setup: $(VENV)/.stamp-core $(VENV)/.stamp-bytecode
setup-mt: $(VENV)/.stamp-mt $(VENV)/.stamp-bytecode
setup-test: $(VENV)/.stamp-test $(VENV)/.stamp-bytecode

# --- the pipeline ------------------------------------------------------------

pot: setup
	$(PIPELINE) pot

update: setup
	$(PIPELINE) update

translate: setup-mt update
	$(PIPELINE) translate

# make turns any failure into its own exit status 2: print the gate's status (3 invalid,
# 4 stale, 5 quality, 6 below threshold) first. CI should run `pipeline check` itself.
check: setup
	@$(PIPELINE) check; status=$$?; [ $$status -eq 0 ] || echo "pipeline check: exit status $$status (see \`$(PIPELINE) check --help\`)" >&2; exit $$status

status: setup
	$(PIPELINE) status --output docs/status.svg

pdf: setup
	$(PIPELINE) pdf --update

release: setup
	$(PIPELINE) pdf --release --update

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

bench: $(VENV)/.stamp-bench
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf build .pytest_cache .hypothesis

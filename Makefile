# `make run` and `make test` set everything up on a fresh machine (Python 3.11+ and pip are all they need).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck pytest bench eval-scoring clean chromium

# (Re)install when pyproject.toml changes; the venv is created once. pip installs uv, and uv installs the rest: the
# same versions as pip resolves (checked with `pip list`), in 20 s instead of 61 s on a clean clone of the 2-core
# machine (stop 30's CI took 346 s, 61 of them pip's). Byte-compiled at install (--compile-bytecode), as pip does: where PYTHONDONTWRITEBYTECODE is
# set, nothing would otherwise ever be compiled. Where uv cannot be had or fails, pip installs as before.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if $(BIN)/python -m pip install --quiet --disable-pip-version-check 'uv>=0.5,<1' 2>/dev/null \
		&& $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'; then :; \
	else \
		echo "make: installing with pip (uv could not be had or failed)"; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'; \
	fi
	@touch $(STAMP)

# Byte-compile first: where PYTHONDONTWRITEBYTECODE is set, every start would otherwise compile the package anew
# (measured: 12 ms of a ~280 ms first paint). Up to date, this takes a few ms.
run: $(STAMP)
	@$(BIN)/python -m compileall -q quiz >/dev/null
	$(BIN)/quiz

lint: $(STAMP)
	$(BIN)/ruff check quiz tests scripts
	$(BIN)/ruff format --check quiz tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# The browser test of `quiz serve` (tests/test_serve_browser.py) drives Debian's chromium: install it where it is
# missing and apt-get is there (as root, or with password-less sudo). Where it cannot be had, the test says so and
# is skipped.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)

chromium:
	@if [ ! -x $(CHROMIUM) ] && command -v apt-get >/dev/null; then \
		echo "installing chromium for the browser test (apt-get install chromium)"; \
		{ $(SUDO) apt-get update -qq >/dev/null && \
		  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null; } \
		|| echo "make: chromium could not be installed; the browser test will be skipped"; \
	fi

# Three workers on two cores, each taking tests from the others once its own run out (worksteal): much of the suite
# waits (an app between frames, a timer, a subprocess), and the waits overlap. Measured on the 2-core machine: 287 s
# with -n 2, 237 s with -n 3 --dist worksteal, 225-238 s with -n 4.
pytest: $(STAMP) chromium
	@$(BIN)/python -m compileall -q quiz >/dev/null
	$(BIN)/pytest -n 3 --dist worksteal -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# The scorer's agreement with the labelled answers of tests/data/scoring/ (per card, per kind, overall).
eval-scoring: $(STAMP)
	$(BIN)/python scripts/eval_scoring.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

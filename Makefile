# Two entry points for a fresh machine: `make demo` and `make test`.
# the interpreter the venv is made from: the system's /usr/bin/python3 when it is >= 3.11
# with venv and ensurepip (Debian's is built with PGO and LTO: the seed runs in 7.9 % fewer
# instructions than under pyenv's 3.11.7, bench/README.md session 25), else python3
PY ?= $(shell for p in /usr/bin/python3 python3; do $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; exit; }; done; echo python3)
VENV := .venv
BIN := $(VENV)/bin
# the cover letter's script: ../shared/seed's, or the repository's verbatim copy (the
# seed-kmem_test conformance case) on a clone without ../shared beside it
SEED := $(firstword $(wildcard ../shared/seed/kmem_test.sh) tests/conformance/scripts/seed-kmem_test.sh)

$(BIN)/memcgsim: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

.PHONY: demo test test-slow bench docs
# bytecode compiled ahead: a run must not pay for compiling (PYTHONDONTWRITEBYTECODE)
demo: $(BIN)/memcgsim
	$(BIN)/python -m compileall -q src > /dev/null
	$(BIN)/memcgsim compare $(SEED) --kernel 5.12 --kernel 5.13 || test $$? -eq 1  # 1: they differ

# the tests spread over every core (pytest-xdist): ~2x on CI's two; src compiled ahead
# as for demo: under PYTHONDONTWRITEBYTECODE each of the dozens of `memcgsim` processes
# the tests start would compile the modules it imports again (~0.5 s of CPU each:
# tests/test_cli.py took 37 s, now 19 s at idle, bench/README.md session 40 ctime40)
test: $(BIN)/memcgsim
	$(BIN)/python -m compileall -q src > /dev/null
	$(BIN)/python -m pytest -q -n auto

test-slow: $(BIN)/memcgsim
	$(BIN)/python -m pytest -q -m slow

bench: $(BIN)/memcgsim
	$(BIN)/python bench/bench.py

# the API reference (pdoc) in build/api/; fails on any warning
docs: $(VENV)/.docs
	$(BIN)/python tools/apidocs.py build/api

$(VENV)/.docs: $(BIN)/memcgsim pyproject.toml
	$(BIN)/pip install -q -e '.[docs]'
	touch $@

# long seeded random-operations runs, every design x v1/v2, every call checked
# (bench/soak.py; SOAK_ARGS="--design 5.13 --ops 100000" for a part)
SOAK_ARGS ?= --all --ops 1000000 --minutes 10
.PHONY: soak
soak: $(BIN)/memcgsim
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

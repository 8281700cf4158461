# Two commands do all set-up: `make brief` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SEEDS  ?= seeds
OUT    ?= build

.PHONY: brief test check lint bench system clean mutation messages

brief: $(VENV)/.installed system
	$(VENV)/bin/briefing build $(SEEDS) --out $(OUT)

test: lint system
	$(PY) -m pytest

check: $(VENV)/.installed
	$(VENV)/bin/briefing check $(SEEDS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check briefing tests bench
	$(VENV)/bin/vulture  # dead code ([tool.vulture] in pyproject.toml)

# The benchmark of issues 13 and 25 (bench/README.md): every case as a ratio against its target, the desk, then the scaling
# run and its plot; the table goes into README.md. BENCH_ARGS passes options, e.g. BENCH_ARGS="--reps 5 --no-scale".
bench: $(VENV)/.bench system
	$(PY) bench/run.py --readme $(BENCH_ARGS)

$(VENV)/.bench: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev,bench]'
	@touch $@

system:
	@bash scripts/system-deps.sh

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "briefing needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) -m briefing.fonts  # static Plex Sans faces, once: no build instances the variable font again
	@touch $@

clean:
	rm -rf $(OUT) $(VENV)

# Mutation testing (issue 9; docs/mutation.md): mutmut 3 on briefing/load/, citations.py,
# html/markdown.py, values.py and theme_values.py against their fast in-process tests (chosen by subject
# marker: [tool.mutmut]), then the score per module (killed / (mutants run - equivalent)). About 5,300 mutants: 20-90 a minute with one
# child on a busy two-core machine; results are kept in mutants/, so a re-run only tries what is left. One module, one child:
#   make mutation MUTMUT_ARGS='"briefing.load.text*"' MUTMUT_CHILDREN=1
# then `.venv/bin/mutmut results` and `.venv/bin/mutmut show NAME` for each survivor.
MUTMUT_CHILDREN ?= 2
MUTMUT_ARGS ?=
mutation: $(VENV)/.mutation
	$(VENV)/bin/mutmut run --max-children $(MUTMUT_CHILDREN) $(MUTMUT_ARGS)
	$(PY) scripts/mutation_score.py

$(VENV)/.mutation: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev,mutation]'
	@touch $@

# The tool's messages: re-extract the template and merge it into every catalogue (docs/languages.md).
messages: $(VENV)/.installed
	PYBABEL=$(VENV)/bin/pybabel bash scripts/messages.sh

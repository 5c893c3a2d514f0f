# Two entry points: `make demo` (the main job on the bundled corpus) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: setup demo test eval bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(PY) -m extractor extract corpus/articles.jsonl --format text

test: setup
	$(PY) -m pytest -q

eval: setup
	$(PY) -m extractor eval $(SHARED)/eval/dev.jsonl

bench: setup
	$(PY) bench/bench_extract.py $(SHARED)/corpus/real-news.jsonl.gz

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

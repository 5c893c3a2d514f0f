# Two entry points: `make demo` (the main job on the bundled corpus) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: setup browser demo test wheel-check eval bench lexicons clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

# The main job on the bundled site: served on 127.0.0.1, crawled into out/news.db, tables in out/tables/.
demo: setup
	$(PY) -m extractor demo --out out
	$(PY) -m extractor check corpus/articles.jsonl --html out/report.html > /dev/null

# Debian's chromium renders the HTML report in a test; installed when we may (root with apt-get).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium for the HTML report test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium is not installed; the HTML rendering test will be skipped"; fi; }

test: setup browser
	$(PY) -m pytest -q

# The built wheel installed into a fresh venv outside the checkout: extract and check a sample.
wheel-check: setup
	bash .ci/wheel-check

eval: setup
	$(PY) -m extractor eval $(SHARED)/eval/dev.jsonl

# Person, organisation, title and place words learned from the corpus into patterns/names.toml.
lexicons: setup
	$(PY) scripts/learn_lexicons.py $(SHARED)/corpus/real-news.jsonl.gz patterns/names.toml

bench: setup
	$(PY) bench/bench_extract.py $(SHARED)/corpus/real-news.jsonl.gz
	$(PY) bench/bench_scrape.py $(SHARED)/html
	$(PY) bench/bench_store.py $(SHARED)/corpus/real-news.jsonl.gz

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache out

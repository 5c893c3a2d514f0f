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

# Debian's chromium renders the HTML report and the Datasette pages in tests; installed when we may
# (root with apt-get). Another apt or dpkg run holding the package lock is waited for up to
# APT_LOCK_WAIT seconds; if it still holds it, or there is no network, the step says so and the
# browser tests skip: this step never fails `make test`.
CHROMIUM ?= chromium
APT_LOCK_WAIT ?= 300
APT_GET = DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT) -qq
browser:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium (about 250 MB, once) for the browser tests; waiting up to $(APT_LOCK_WAIT) s if apt is busy"; \
	    { apt-cache show chromium >/dev/null 2>&1 || $(APT_GET) update; } && $(APT_GET) install -y chromium >/dev/null \
	      || echo "note: chromium could not be installed now (package lock busy or no network); the browser tests will be skipped"; \
	  else echo "note: chromium is not installed; the browser tests will be skipped (as root, make browser installs it)"; fi; }

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

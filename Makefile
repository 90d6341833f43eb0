# Recouvre — two commands do all the set-up on a fresh machine:
#   make run    create .venv, install the service, serve it with gunicorn on $(PORT)
#   make test   create .venv with the test extras, install the Debian tools the tests use, run the suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
WORKERS ?= 2

.PHONY: run test install install-test debian-tools lint bench check-templates clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# poppler-utils (pdfsig, pdftoppm, pdftotext), qpdf, and the Pango stack WeasyPrint needs
# (libharfbuzz-subset0: without it WeasyPrint subsets fonts with fontTools, 5x slower);
# LibreOffice Writer (optional) for the DOCX conversion test.
debian-tools:
	@if ! command -v pdfsig >/dev/null || ! command -v qpdf >/dev/null || ! command -v pdftoppm >/dev/null \
	   || ! ldconfig -p | grep -q libpango-1.0 || ! ldconfig -p | grep -q libharfbuzz-subset; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      poppler-utils qpdf libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	  else echo "install poppler-utils, qpdf and libpango-1.0-0 (apt-get, as root)"; exit 1; fi; \
	fi
	@# LibreOffice Writer converts the DOCX drafts in one test (skipped where it is absent)
	@if ! command -v soffice >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui >/dev/null || echo "LibreOffice not installed: its test is skipped"; \
	fi

run: install
	$(BIN)/gunicorn --preload --workers $(WORKERS) --bind 0.0.0.0:$(PORT) --max-requests 1000 \
	  --max-requests-jitter 100 --timeout 300 'service.app:create_app()'

test: install-test debian-tools
	$(BIN)/ruff check service tests bench
	$(BIN)/mypy service
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check service tests bench

bench: install-test
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache

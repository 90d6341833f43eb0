# Recouvre — two commands do all the set-up on a fresh machine:
#   make run    system libraries (as root), .venv from the lock file, gunicorn (gunicorn.conf.py)
#   make test   the same with the test extras and the Debian tools the tests use, then the suite
# Python packages come from uv.lock, exported with hashes to requirements/*.txt (`make lock`).
# the interpreter of the virtualenv: empty = the distribution's optimised one (deploy/make-venv.sh)
PYTHON ?=
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 2
export PORT HOST WORKERS

.PHONY: run test install install-test system-libs debian-tools redis-server lint lock bench check-templates clean

$(BIN)/python:
	sh deploy/make-venv.sh $(VENV) $(PYTHON)

$(VENV)/.installed: requirements/service.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/service.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/test.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# uv.lock from pyproject.toml, then the hashed requirements pip installs from
lock: install-test
	$(BIN)/uv lock
	$(BIN)/uv export --frozen --no-emit-project --no-dev -q -o requirements/service.txt
	$(BIN)/uv export --frozen --no-emit-project --no-dev --extra test -q -o requirements/test.txt

# What the service needs from Debian: Pango for WeasyPrint and libharfbuzz-subset0 (without it
# fonts are subset by fontTools and a letter renders about 2.5x slower; /readyz says so).
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
system-libs:
	@if ! ldconfig -p | grep -q 'libpango-1.0.so' || ! ldconfig -p | grep -q 'libpangoft2-1.0.so' \
	   || ! ldconfig -p | grep -q 'libharfbuzz-subset.so'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing $(SYSTEM_LIBS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_LIBS) >/dev/null; \
	  else \
	    echo "Recouvre needs the system libraries $(SYSTEM_LIBS)."; \
	    echo "Install them as root:  sudo apt-get install $(SYSTEM_LIBS)"; \
	    echo "(or run make as root, which installs them)"; exit 1; \
	  fi; \
	fi

# + poppler-utils (pdfsig, pdftoppm, pdftotext), qpdf, Debian's chromium (the /docs test and
# bench/chromium.py), LibreOffice Writer (optional) for the DOCX conversion test.
debian-tools: system-libs
	@if ! command -v pdfsig >/dev/null || ! command -v qpdf >/dev/null || ! command -v pdftoppm >/dev/null \
	   || ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      poppler-utils qpdf chromium >/dev/null; \
	  else echo "install poppler-utils, qpdf and chromium (apt-get, as root)"; exit 1; fi; \
	fi
	@# LibreOffice Writer converts the DOCX drafts in one test (skipped where it is absent)
	@if ! command -v soffice >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui >/dev/null || echo "LibreOffice not installed: its test is skipped"; \
	fi

# the embedded default: gunicorn with gunicorn.conf.py (HOST, PORT, WORKERS from the
# environment); with no RECOUVRE_BROKER_URL, `recouvre embedded` runs the job workers beside it
run: system-libs install
	$(BIN)/recouvre embedded -- $(BIN)/gunicorn -c gunicorn.conf.py

# redis-server for tests/jobs (each run starts its own on a free loopback port)
redis-server:
	@if ! command -v redis-server >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server is not installed (apt-get install redis-server, as root):" \
	    "the job tests on Redis are skipped"; fi; \
	fi

test: install-test debian-tools redis-server
	$(BIN)/ruff check service tests bench gunicorn.conf.py
	$(BIN)/mypy service
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check service tests bench gunicorn.conf.py

bench: install-test debian-tools
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.chromium
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) .pytest_cache

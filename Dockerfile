# Recouvre — mirrors `make run`: the hashed lock file, the project, gunicorn with gunicorn.conf.py.
# (Not built in the development workplace, which has no Docker engine: keep it simple.)
FROM python:3.11-slim-bookworm

# Pango/HarfBuzz for WeasyPrint (libharfbuzz-subset0: fast font subsetting), poppler and qpdf
# for the operators' checks, curl for the HEALTHCHECK. Fonts are bundled in templates/fonts.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 recouvre
WORKDIR /app
# dependencies first (a layer kept while only the code changes), exactly as locked
COPY requirements/service.txt /app/requirements/service.txt
RUN python -m venv /app/.venv \
 && /app/.venv/bin/pip install --no-cache-dir --upgrade pip \
 && /app/.venv/bin/pip install --no-cache-dir --require-hashes -r /app/requirements/service.txt
COPY --chown=recouvre:recouvre . /app
RUN /app/.venv/bin/pip install --no-cache-dir --no-deps -e /app

# the job store (RECOUVRE_JOB_STORE): a volume shared by the API and the job workers
RUN mkdir -p /var/lib/recouvre/jobs && chown recouvre:recouvre /var/lib/recouvre/jobs

USER recouvre
# gunicorn.conf.py reads these; PROMETHEUS_MULTIPROC_DIR is emptied at each start
ENV HOST=0.0.0.0 PORT=8000 WORKERS=2 PYTHONUNBUFFERED=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/recouvre-metrics \
    RECOUVRE_JOB_STORE=/var/lib/recouvre/jobs
EXPOSE 8000
# The production seal: mount a PKCS#12 and set RECOUVRE_SIGNING_P12 and
# RECOUVRE_SIGNING_P12_PASSWORD (from a secret store). Without them the service seals with a
# generated TEST certificate and says so in every answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/readyz" >/dev/null || exit 1
# SIGTERM: gunicorn stops accepting, lets requests in progress end (graceful_timeout 30 s)
STOPSIGNAL SIGTERM
CMD ["/app/.venv/bin/gunicorn", "-c", "/app/gunicorn.conf.py"]

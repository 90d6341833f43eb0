# Recouvre — mirrors `make run`: a virtualenv with the project, served by gunicorn.
# (Not built in the development workplace, which has no Docker engine: keep it simple.)
FROM python:3.11-slim-bookworm

# Pango/HarfBuzz for WeasyPrint (libharfbuzz-subset0: fast font subsetting), poppler and qpdf
# for the operators' checks. Fonts are bundled in templates/fonts: no system font is used.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 recouvre
WORKDIR /app
COPY --chown=recouvre:recouvre . /app
RUN python -m venv /app/.venv \
 && /app/.venv/bin/pip install --no-cache-dir --upgrade pip \
 && /app/.venv/bin/pip install --no-cache-dir -e /app

# the job store (RECOUVRE_JOB_STORE): a volume shared by the API and the job workers
RUN mkdir -p /var/lib/recouvre/jobs && chown recouvre:recouvre /var/lib/recouvre/jobs

USER recouvre
ENV PORT=8000 WORKERS=2 PYTHONUNBUFFERED=1 RECOUVRE_JOB_STORE=/var/lib/recouvre/jobs
EXPOSE 8000
# The production seal: mount a PKCS#12 and set RECOUVRE_SIGNING_P12 and
# RECOUVRE_SIGNING_P12_PASSWORD (from a secret store). Without them the service seals with a
# generated TEST certificate and says so in every answer.
CMD ["sh", "-c", "exec /app/.venv/bin/gunicorn --preload --workers ${WORKERS} --bind 0.0.0.0:${PORT} --max-requests 1000 --max-requests-jitter 100 --timeout 300 'service.app:create_app()'"]

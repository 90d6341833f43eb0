"""Application factory: configuration from the environment, blueprints, error handlers."""

from __future__ import annotations

import hmac
import logging
import time
import uuid

from flask import Flask, Response, g, request

from service import metrics
from service.api import batch as batch_api
from service.api import decompte as decompte_api
from service.api import documents as documents_api
from service.api import health, problems
from service.api import intake as intake_api
from service.api import jobs as jobs_api
from service.api.docs import register_docs
from service.api.openapi import RecouvreApi, marshmallow_plugin, register_components
from service.config import Settings
from service.runtime import Runtime

log = logging.getLogger("recouvre")
access_log = logging.getLogger("recouvre.access")
OPEN_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/web/")
OPEN_EXACT = ("/",)  # the page itself; its calls to /v1 carry the key like any client's


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    settings = settings or Settings.from_environ()
    app = Flask("recouvre")
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="Recouvre",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    api = RecouvreApi(app, spec_kwargs={
        "marshmallow_plugin": marshmallow_plugin(), "info": {"description": DESCRIPTION}})
    register_components(api)
    for blp in (health.blp, decompte_api.blp, documents_api.blp):
        api.register_blueprint(blp)
    api.register_blueprint(batch_api.blp)
    api.register_blueprint(intake_api.blp)
    api.register_blueprint(jobs_api.blp)
    from service.api import preview as preview_api
    from service.web import register as register_page

    api.register_blueprint(preview_api.blp)
    register_page(app)  # GET /: the page for people
    register_docs(app)
    problems.register(app)
    # Fonts, stylesheets and the signing key are loaded here, once: with gunicorn --preload
    # the workers fork from this process and share them (and the same TEST seal when no
    # production key is configured).
    runtime = runtime or Runtime(settings)
    metrics.instrument(runtime)
    _log_font_subsetting()
    if settings.warm_up:
        from service.warmup import warm_up

        warm_up(runtime)
    app.extensions["recouvre"] = runtime  # the views' runtime
    app.extensions["recouvre_settings"] = settings

    @app.before_request
    def _request_id_and_auth() -> Response | None:
        g.started = time.perf_counter()
        rid = request.headers.get("X-Request-ID", "")
        g.request_id = rid[:100] if rid and rid.isprintable() else uuid.uuid4().hex
        request.request_id = g.request_id  # type: ignore[attr-defined]
        if (settings.api_keys and request.path not in OPEN_EXACT
                and not request.path.startswith(OPEN_PATHS)):
            given = request.headers.get("X-API-Key") or ""
            auth = request.headers.get("Authorization", "")
            if not given and auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            if not given:
                return problems.problem(401, "Unauthorized", "An API key is required"
                                        " (X-API-Key or Authorization: Bearer).")
            if not any(hmac.compare_digest(given, k) for k in settings.api_keys):
                return problems.problem(403, "Forbidden", "This API key is not accepted.")
        return None

    @app.after_request
    def _echo(resp: Response) -> Response:
        resp.headers["X-Request-ID"] = getattr(g, "request_id", "")
        rule = request.url_rule.rule if request.url_rule else "unmatched"
        seconds = time.perf_counter() - g.started if "started" in g else None
        metrics.observe_request(request.method, rule, resp.status_code, seconds)
        access_log.info("%s %s %s", request.method, request.path, resp.status_code, extra={
            "method": request.method, "path": request.path, "status": resp.status_code,
            "ms": round(seconds * 1000, 1) if seconds is not None else None})
        return resp

    return app


DESCRIPTION = """French debt-recovery documents (relances, mise en demeure, injonction de payer,
assignations, bordereaux) from the JSON of an unpaid-invoice case: rendered, sealed (PAdES) and
priced for LRAR postage. Errors are `application/problem+json` (RFC 9457) naming every faulty
field by its path, in French and English; a request may carry `X-Request-ID`, echoed on every
answer.

Documents de recouvrement de créances (relances, mise en demeure, injonction de payer,
assignations, bordereaux) à partir du JSON d'un dossier d'impayés : rendus, scellés (PAdES) et
affranchis pour la LRAR. Les erreurs sont en `application/problem+json` (RFC 9457) et nomment
chaque champ fautif par son chemin, en français et en anglais."""


def _log_font_subsetting() -> None:
    from service.api.health import font_subsetting

    check = font_subsetting()
    if check["status"] != "ok":
        log.warning(check["message_en"], extra={"check": "font_subsetting"})


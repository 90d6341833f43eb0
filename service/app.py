"""Application factory: configuration from the environment, blueprints, error handlers."""

from __future__ import annotations

import hmac
import logging
import uuid

from flask import Flask, Response, g, request
from flask_smorest import Api

from service import metrics
from service.api import batch as batch_api
from service.api import decompte as decompte_api
from service.api import documents as documents_api
from service.api import health, problems
from service.api import intake as intake_api
from service.api.docs import register_docs
from service.api.openapi import register_components
from service.config import Settings
from service.runtime import Runtime, set_runtime

log = logging.getLogger("recouvre")
OPEN_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs")


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
    api = Api(app, spec_kwargs={"info": {"description": (
        "French debt-recovery documents (relances, mise en demeure, injonction de payer,"
        " assignations, bordereaux) from the JSON of an unpaid-invoice case: rendered, sealed"
        " (PAdES) and priced for LRAR postage.")}})
    register_components(api)
    for blp in (health.blp, decompte_api.blp, documents_api.blp):
        api.register_blueprint(blp)
    api.register_blueprint(batch_api.blp)
    api.register_blueprint(intake_api.blp)
    register_docs(app)
    problems.register(app)
    # Fonts, stylesheets and the signing key are loaded here, once: with gunicorn --preload
    # the workers fork from this process and share them (and the same TEST seal when no
    # production key is configured).
    runtime = runtime or Runtime(settings)
    set_runtime(runtime)
    if settings.warm_up:
        from service.warmup import warm_up

        warm_up(runtime)
    app.extensions["recouvre"] = runtime
    app.extensions["recouvre_settings"] = settings

    @app.before_request
    def _request_id_and_auth() -> Response | None:
        rid = request.headers.get("X-Request-ID", "")
        g.request_id = rid[:100] if rid and rid.isprintable() else uuid.uuid4().hex
        request.request_id = g.request_id  # type: ignore[attr-defined]
        if settings.api_keys and not request.path.startswith(OPEN_PATHS):
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
        metrics.observe_request(request.method, rule, resp.status_code)
        return resp

    return app


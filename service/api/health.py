"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify
from flask_smorest import Blueprint

from service import metrics
from service.api.openapi import PROMETHEUS, json_ok
from service.documents.registry import KINDS

blp = Blueprint("health", __name__, description="Liveness, readiness and metrics")


def font_subsetting() -> dict[str, Any]:
    """Whether WeasyPrint subsets fonts with HarfBuzz (libharfbuzz-subset0) or falls back to
    fontTools, which renders a letter about 2.5 times slower."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return {"status": "ok", "engine": "harfbuzz"}
    return {"status": "degraded", "engine": "fonttools",
            "message_en": "libharfbuzz-subset0 is missing: fonts are subset by fontTools,"
                          " about 2.5x slower. Install it (apt-get install libharfbuzz-subset0).",
            "message_fr": "libharfbuzz-subset0 absente : les polices sont réduites par fontTools,"
                          " environ 2,5 fois plus lentement. Installez-la (apt-get install"
                          " libharfbuzz-subset0)."}


@blp.route("/healthz")
@blp.doc(summary="Liveness: the process answers / le processus répond",
         responses={"200": json_ok("Health", "alive / vivant")})
def healthz() -> Response:
    return jsonify({"status": "ok"})


@blp.route("/readyz")
@blp.doc(
    summary="Readiness: fonts, font subsetting, templates, Cerfa forms, signing key, start-up"
            " render / disponibilité",
    description="`status` is `ok` (200) when no check is in `error`; a `degraded` check (for"
                " example fonts subset without HarfBuzz: slower) does not make the service"
                " unready. / `ok` (200) tant qu'aucune vérification n'est en `error`.",
    responses={"200": json_ok("Readiness", "ready / prêt"),
               "503": json_ok("Readiness", "not ready: a check is in error / indisponible")})
def readyz() -> Response:
    checks = dict(current_app.extensions["recouvre"].readiness(KINDS))
    checks["font_subsetting"] = font_subsetting()
    ok = all(c["status"] != "error" for c in checks.values())
    resp = jsonify({"status": "ok" if ok else "unavailable", "checks": checks})
    resp.status_code = 200 if ok else 503
    return resp


@blp.route("/metrics")
@blp.doc(
    summary="Prometheus metrics, summed over every worker / métriques Prometheus",
    responses={"200": {"description": "Prometheus text exposition format 0.0.4",
                       "content": {PROMETHEUS: {"schema": {"type": "string"}}}}})
def prometheus() -> Response:
    return Response(metrics.render(), content_type=metrics.CONTENT_TYPE)

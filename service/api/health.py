"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from flask import Response, current_app, jsonify
from flask_smorest import Blueprint

from service import metrics
from service.documents.registry import KINDS

blp = Blueprint("health", __name__, description="Liveness, readiness and metrics")


@blp.route("/healthz")
@blp.doc(summary="Liveness: the process answers")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@blp.route("/readyz")
@blp.doc(summary="Readiness: fonts, templates, Cerfa forms, signing key, start-up warm-up render")
def readyz() -> Response:
    checks = current_app.extensions["recouvre"].readiness(KINDS)
    ok = all(c["status"] == "ok" for c in checks.values())
    resp = jsonify({"status": "ok" if ok else "unavailable", "checks": checks})
    resp.status_code = 200 if ok else 503
    return resp


@blp.route("/metrics")
@blp.doc(summary="Prometheus metrics (per worker process)")
def prometheus() -> Response:
    return Response(metrics.render(), mimetype="text/plain; version=0.0.4")

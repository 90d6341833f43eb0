"""RFC 9457 problem details for every error answer."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from service.errors import RecouvreError
from service.problems import problem_body, title_fr

log = logging.getLogger("recouvre.api")

PROBLEM = "application/problem+json"


def _response(body: dict[str, Any]) -> Response:
    rid = getattr(request, "request_id", None) if request else None
    if rid:
        body["instance"] = f"urn:request:{rid}"
    return Response(json.dumps(body, ensure_ascii=False), status=body["status"], mimetype=PROBLEM)


def problem(status: int, title: str, detail: str = "", *, type_: str = "about:blank",
            detail_fr: str | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail,
                            "title_fr": title_fr(status, title)}
    if detail_fr:
        body["detail_fr"] = detail_fr
    body.update(extra)
    return _response(body)


def recouvre_problem(exc: RecouvreError) -> Response:
    body = problem_body(exc)
    if not exc.errors:
        del body["errors"]
    return _response(body)


DETAILS_FR = {
    404: "Cette adresse n'existe pas.",
    405: "Méthode non autorisée pour cette adresse (voir l'en-tête Allow).",
    413: "Le corps de la requête dépasse {limit} octets.",
}


def register(app: Flask) -> None:
    @app.errorhandler(RecouvreError)
    def _recouvre(exc: RecouvreError) -> Response:
        return recouvre_problem(exc)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        detail = exc.description or ""
        if status == 413:
            detail = f"The request body exceeds {app.config['MAX_CONTENT_LENGTH']} bytes."
        detail_fr = DETAILS_FR.get(status, "").format(limit=app.config["MAX_CONTENT_LENGTH"])
        resp = problem(status, exc.name, detail, detail_fr=detail_fr or None)
        # a 405 names the methods the resource has (RFC 9110 §15.5.6)
        for name, value in exc.get_headers():
            if name.lower() == "allow":
                resp.headers["Allow"] = value
        return resp

    @app.errorhandler(Exception)
    def _bug(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal Server Error", "An unexpected error occurred: a bug.",
                       detail_fr="Erreur inattendue : un défaut du service.")

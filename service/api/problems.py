"""RFC 9457 problem details for every error answer."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from service.errors import RecouvreError

log = logging.getLogger("recouvre.api")

PROBLEM = "application/problem+json"

_TITLES_FR = {
    400: "Requête illisible",
    401: "Authentification requise",
    403: "Clé d'API refusée",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    413: "Corps de requête trop volumineux",
    415: "Type de contenu non pris en charge",
    422: "Dossier invalide",
    429: "Trop de requêtes",
    500: "Erreur interne",
    503: "Service momentanément indisponible",
}


def problem(status: int, title: str, detail: str = "", *, type_: str = "about:blank",
            detail_fr: str | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail}
    body["title_fr"] = _TITLES_FR.get(status, title)
    if detail_fr:
        body["detail_fr"] = detail_fr
    rid = getattr(request, "request_id", None) if request else None
    if rid:
        body["instance"] = f"urn:request:{rid}"
    body.update(extra)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)


def recouvre_problem(exc: RecouvreError) -> Response:
    extra: dict[str, Any] = {}
    detail_fr = None
    if exc.errors:
        extra["errors"] = [e.as_dict() for e in exc.errors]
        paths = ", ".join(e.path for e in exc.errors[:10])
        detail_fr = f"{len(exc.errors)} champ(s) en erreur : {paths}"
    return problem(exc.status, exc.title, exc.detail, type_=exc.type, detail_fr=detail_fr,
                   **extra)


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
        return problem(status, exc.name, detail)

    @app.errorhandler(Exception)
    def _bug(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal Server Error", "An unexpected error occurred: a bug.")

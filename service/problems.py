"""RFC 9457 problem bodies as plain dicts (no Flask): shared by the API, the batch and the CLI."""

from __future__ import annotations

from typing import Any

from service.errors import RecouvreError

TITLES_FR = {
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


def title_fr(status: int, default: str) -> str:
    return TITLES_FR.get(status, default)


def problem_body(exc: RecouvreError) -> dict[str, Any]:
    """The problem of an error: type, titles, status, details, and every faulty field."""
    body: dict[str, Any] = {"type": exc.type, "title": exc.title, "status": exc.status,
                            "detail": exc.detail, "title_fr": title_fr(exc.status, exc.title)}
    if exc.errors:
        paths = ", ".join(e.path for e in exc.errors[:10])
        body["detail_fr"] = f"{len(exc.errors)} champ(s) en erreur : {paths}"
    body["errors"] = [e.as_dict() for e in exc.errors]
    return body

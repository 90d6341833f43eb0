"""GET /docs: the interactive API reference (Swagger UI, vendored), served by the service itself.

Every asset is a file under ``service/api/static`` (swagger-ui-dist 5.35.0, see VENDORED.md);
the page runs no inline script and its Content-Security-Policy lets it load nothing from
elsewhere than the service.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory

STATIC = Path(__file__).with_name("static")

# no inline script or style, nothing from another origin; the spec is fetched from /openapi.json
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
       " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none';"
       " frame-ancestors 'none'")

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Recouvre API — reference / référence</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="/docs/static/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="/docs/static/swagger-ui/swagger-ui.css">
<link rel="stylesheet" href="/docs/static/docs.css">
</head><body>
<header>
<h1>Recouvre API</h1>
<p>French debt-recovery documents from the JSON of an unpaid-invoice case: rendered, sealed
(PAdES) and priced for postage. Each operation shows its request example (the contract's
example case), its answers and their media types; errors are <code>application/problem+json</code>
naming every faulty field. Machine-readable: <a href="/openapi.json">/openapi.json</a>
(OpenAPI 3.1).</p>
<p lang="fr">Documents de recouvrement de créances à partir du JSON d'un dossier d'impayés :
rendus, scellés (PAdES) et affranchis. Chaque opération montre son exemple de requête (le dossier
d'exemple du contrat), ses réponses et leurs types ; les erreurs en
<code>application/problem+json</code> nomment chaque champ fautif, en français et en anglais.</p>
</header>
<div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/docs/static/docs.js"></script>
</body></html>
"""

blp = Blueprint("docs_page", __name__)


def _secure(resp: Response) -> Response:
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return resp


@blp.get("/docs")
def docs() -> Response:
    return _secure(Response(PAGE, mimetype="text/html"))


@blp.get("/docs/static/<path:filename>")
def docs_static(filename: str) -> Response:
    resp = send_from_directory(STATIC, filename, max_age=86400)
    return _secure(resp)


def register_docs(app: Flask) -> None:
    app.register_blueprint(blp)

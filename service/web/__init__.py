"""GET /: the page for people (French), plain HTML/CSS/JS served by the service itself.

Stateless: the page keeps the case in the browser and calls the public API (/v1/validate,
/v1/decompte, /v1/documents/{kind}, its /preview, /v1/batch, /v1/cases/from-invoices); nothing
is stored on the server. Every asset is served from /web/; the strict Content-Security-Policy
below forbids anything else (no CDN, no inline script or style, no framing).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory

STATIC = Path(__file__).parent / "static"

CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob:",  # the preview PNG is shown from a blob: URL
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

bp = Blueprint("web", __name__, static_folder="static", static_url_path="/web")


@bp.get("/")
def index() -> Response:
    resp = send_from_directory(STATIC, "index.html", mimetype="text/html")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.after_request
def _headers(resp: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(name, value)
    return resp


def register(app: Flask) -> None:
    app.register_blueprint(bp)

"""GET /docs: a self-contained page describing the API (no CDN, no external asset)."""

from __future__ import annotations

from flask import Flask, Response, current_app
from markupsafe import escape


def register_docs(app: Flask) -> None:
    @app.get("/docs")
    def docs() -> Response:
        api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
        spec = api.spec.to_dict()
        rows = []
        for path, ops in sorted(spec.get("paths", {}).items()):
            for method, op in ops.items():
                if method not in ("get", "post", "put", "delete"):
                    continue
                rows.append(
                    f"<tr><td><code>{escape(method.upper())}</code></td><td><code>{escape(path)}"
                    f"</code></td><td>{escape(op.get('summary', ''))}</td></tr>"
                )
        html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Recouvre API</title><style>
body{{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}}
td{{padding:.3em .8em;border-bottom:1px solid #ddd;vertical-align:top}}</style></head><body>
<h1>Recouvre API {escape(spec['info']['version'])}</h1>
<p>{escape(spec['info'].get('description', ''))}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are
<code>application/problem+json</code> (RFC 9457) naming every faulty field by its path.</p>
<table>{''.join(rows)}</table>
<h2>Schemas</h2><ul>{''.join(f'<li>{escape(n)}</li>' for n in spec['components']['schemas'])}</ul>
</body></html>"""
        return Response(html, mimetype="text/html")

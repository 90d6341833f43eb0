"""GET /: the page and its assets, with a strict Content-Security-Policy (no browser needed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _csp(resp) -> dict[str, list[str]]:
    policy = resp.headers["Content-Security-Policy"]
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_the_page_has_a_strict_csp(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    csp = _csp(r)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "blob:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'none'"]
    every = " ".join(" ".join(v) for v in csp.values())
    assert "unsafe" not in every and "http" not in every and "*" not in every
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "no-referrer"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.inline: list[str] = []
        self.ids: dict[str, str] = {}
        self.labels_for: set[str] = set()
        self.controls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a or any(k.startswith("on") for k in a):
            self.inline.append(f"{tag} {a}")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            if "src" not in a:
                self.inline.append("<script> without src")
            else:
                self.assets.append(a["src"])
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag in ("input", "select", "textarea"):
            self.controls.append(a.get("id", ""))


def test_the_page_has_no_inline_code_and_every_control_a_label(client):
    html = client.get("/").get_data(as_text=True)
    page = _Collect()
    page.feed(html)
    assert page.inline == []
    assert not re.search(r"https?://", html.replace("http-equiv", ""))  # nothing from outside
    for control in page.controls:
        assert control and control in page.labels_for, control
    for testid in ("case-file", "errors", "kind", "generate", "download"):
        assert f'data-testid="{testid}"' in html
    assert '<html lang="fr">' in html


def test_the_assets_are_served_by_the_service_with_the_same_policy(client):
    html = client.get("/").get_data(as_text=True)
    page = _Collect()
    page.feed(html)
    assert "/web/app.js" in page.assets and "/web/app.css" in page.assets
    modules = ["/web/app.js", "/web/schema-form.js", "/web/labels.js", "/web/fmt.js", "/web/zip.js"]
    for path in [*page.assets, *modules]:
        r = client.get(path)
        assert r.status_code == 200, path
        assert "Content-Security-Policy" in r.headers
        if path.endswith(".js"):
            assert r.mimetype in ("text/javascript", "application/javascript")
            body = r.get_data(as_text=True)
            assert not re.search(r"https?://(?!json-schema)", body), path  # no remote fetch
            assert "eval(" not in body and "innerHTML" not in body, path

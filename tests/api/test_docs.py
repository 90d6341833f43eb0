"""/docs in a real headless Chromium (Debian's, driven by Playwright): it renders every operation
from the service's own assets, breaks no Content-Security-Policy rule, and sends no request
anywhere but the service."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.api.live import gunicorn

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium_or_skip() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (as root: apt-get install chromium;"
                    " `make test` installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")


def test_docs_renders_every_operation_with_nothing_from_outside(tmp_path):
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with gunicorn(tmp_path, workers=1) as server, sync_playwright() as pw:
        origin = urlsplit(server.url).netloc
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.add_init_script("window.__csp = []; document.addEventListener("
                                 "'securitypolicyviolation', e => window.__csp.push("
                                 "e.violatedDirective + ' ' + e.blockedURI));")
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url + "/docs", wait_until="networkidle")
            page.wait_for_selector(".opblock-summary-path", timeout=30_000)
            paths = set(page.locator(".opblock-summary-path").all_inner_texts())
            # the request example: the contract's example case, in the first POST operation
            page.locator("#operations-decompte-post_v1_decompte .opblock-summary").click()
            page.wait_for_selector("#operations-decompte-post_v1_decompte .body-param__example",
                                   timeout=10_000)
            example = page.locator(
                "#operations-decompte-post_v1_decompte .body-param__example").inner_text()
            csp_violations = page.evaluate("window.__csp || []")
        finally:
            browser.close()

    assert {"/v1/documents/{kind}", "/v1/decompte", "/v1/validate", "/v1/batch", "/v1/kinds",
            "/readyz", "/metrics"} <= {p.replace("\u200b", "") for p in paths}, paths
    assert "DOS-2026-0042" in example and "Atelier Dupont" in example
    outside = [u for u in requests if urlsplit(u).scheme not in ("data", "blob")
               and urlsplit(u).netloc != origin]
    assert outside == [], outside
    assert any(u.endswith("/openapi.json") for u in requests)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    assert csp_violations == []


def test_the_docs_page_has_a_strict_content_security_policy(client):
    r = client.get("/docs")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    html = r.get_data(as_text=True)
    assert "<script>" not in html and "http://" not in html and "https://" not in html
    assert client.get("/docs/static/swagger-ui/LICENSE").status_code == 200

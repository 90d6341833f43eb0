"""Fixtures of the browser tests: the app served on loopback, one Chromium, a fresh page."""

from __future__ import annotations

import pytest

from tests.web.harness import chromium, serve, why_no_browser


@pytest.fixture(scope="session")
def base_url():
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    # Module-scoped: Playwright's sync API keeps an asyncio loop running in this thread while
    # the browser is open, and the other modules' tests sign in this thread (asyncio.run).
    reason = why_no_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    with chromium() as b:
        yield b


@pytest.fixture()
def page(base_url, browser):
    """A French desktop page on the service; ``page.requests`` lists every URL it asked for."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    pg = context.new_page()
    pg.requests = []
    pg.console_errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    # JavaScript errors and CSP violations; not the browser's note of an expected 422 answer
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" and not (
        m.text.startswith("Failed to load resource") and "status of 422" in m.text) else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.set_default_timeout(15_000)
    pg.goto(base_url + "/")
    pg.wait_for_selector("body[data-ready='true']")
    yield pg
    context.close()

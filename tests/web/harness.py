"""The real app on a free loopback port and Debian's Chromium driven by Playwright (Python).

Shared by the browser tests and by ``python -m tests.web.screenshots``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-extensions"]


def why_no_browser() -> str | None:
    """None when the browser tests can run, else why not (the skip message)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -e '.[test]')"
    if not shutil.which("chromium"):
        return "Debian's chromium is not installed (make test installs it when run as root)"
    return None


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextmanager
def serve() -> Iterator[str]:
    """The real app in its own process on 127.0.0.1 and a free port; yield its base URL.

    A process of its own, not a thread beside Playwright: the service forks (the evidence
    parser's child) and signs with asyncio.run, neither of which may happen in a process whose
    main thread runs Playwright's event loop.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOUVRE_")}
    env["RECOUVRE_WARM_UP"] = "0"
    proc = subprocess.Popen([sys.executable, "-m", "tests.web.harness"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("http://"):
            raise RuntimeError(f"the app did not start (exit code {proc.poll()})")
        yield line.strip()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _main() -> None:
    """The child of :func:`serve`: the app with a TEST seal, threaded, on a free port."""
    from service.app import create_app
    from service.config import Settings

    app = create_app(Settings.from_environ())  # no RECOUVRE_SIGNING_*: the TEST seal
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    print(f"http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


if __name__ == "__main__":
    _main()

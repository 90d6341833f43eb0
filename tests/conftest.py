"""Shared fixtures: one Runtime (renderer, test signer) and one Flask app per test process."""

from __future__ import annotations

import pytest

from service.app import create_app
from service.config import Settings
from service.runtime import Runtime


@pytest.fixture(scope="session")
def runtime() -> Runtime:
    return Runtime()  # no production key: the service makes its TEST PKI


@pytest.fixture(scope="session")
def app(runtime):
    return create_app(Settings(max_body_bytes=2 * 1024 * 1024), runtime=runtime)


@pytest.fixture()
def client(app):
    return app.test_client()

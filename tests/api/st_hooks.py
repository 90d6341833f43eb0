"""schemathesis hooks (SCHEMATHESIS_HOOKS=tests.api.st_hooks): the NDJSON body of /v1/batch, and
a CPython 3.11.7 workaround."""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from hypothesis.internal import lambda_sources

_describe_lambda = lambda_sources.lambda_description


def _lambda_description(f: Any) -> str:
    """Hypothesis names a filter lambda by parsing its module's source; on CPython 3.11.7 that
    ast.parse can raise SystemError ("AST constructor recursion depth mismatch", a CPython bug
    fixed in 3.11.8) inside schemathesis's coverage phase for path parameters. The name is only
    a repr: fall back to a plain one instead of aborting the run."""
    try:
        return _describe_lambda(f)
    except SystemError:
        return "lambda x: <source unavailable>"


lambda_sources.lambda_description = _lambda_description


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx: Any, value: Any) -> bytes:
    items = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(item, default=str).encode() + b"\n" for item in items)

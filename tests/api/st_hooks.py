"""schemathesis hooks (SCHEMATHESIS_HOOKS=tests.api.st_hooks): the NDJSON body of /v1/batch."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx: Any, value: Any) -> bytes:
    items = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(item, default=str).encode() + b"\n" for item in items)

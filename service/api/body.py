"""Reading JSON request bodies: media type, size and syntax checks, numbers as Decimal."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import request

from service.errors import RecouvreError


class BadJson(RecouvreError):
    pass


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(data: bytes) -> Any:
    try:
        return json.loads(data, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadJson(title="Unreadable JSON", status=400,
                      detail=f"The body is not valid JSON: {exc}"[:300],
                      type="https://recouvre.example/problems/unreadable-json") from None


def json_body() -> Any:
    """The request's JSON body, or a 415 / 400 problem."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise RecouvreError(title="Unsupported Media Type", status=415,
                            detail="Send the body as application/json.",
                            type="https://recouvre.example/problems/unsupported-media-type")
    return parse_json(request.get_data(cache=False))


def decimal_default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return str(o)
    raise TypeError(type(o).__name__)

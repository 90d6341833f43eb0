"""Reading JSON request bodies: media type, size and syntax checks, numbers as Decimal."""

from __future__ import annotations

from typing import Any

from flask import request

from service.errors import RecouvreError
from service.jsonio import BadJson, parse_json


def json_body() -> Any:
    """The request's JSON body, or a 415 / 400 problem."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise RecouvreError(title="Unsupported Media Type", status=415,
                            detail="Send the body as application/json.",
                            type="https://recouvre.example/problems/unsupported-media-type")
    return parse_json(request.get_data(cache=False))


__all__ = ["BadJson", "json_body", "parse_json"]

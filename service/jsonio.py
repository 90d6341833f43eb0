"""Reading JSON the way the contract wants it: numbers as Decimal, never floats; NaN refused."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from service.errors import RecouvreError


class BadJson(RecouvreError):
    pass


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(data: bytes | str) -> Any:
    try:
        return json.loads(data, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadJson(title="Unreadable JSON", status=400,
                      detail=f"The body is not valid JSON: {exc}"[:300],
                      type="https://recouvre.example/problems/unreadable-json") from None

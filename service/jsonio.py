"""Reading JSON the way the contract wants it: numbers as Decimal, never floats; NaN refused."""

from __future__ import annotations

import json
import re
import uuid
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


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text with every Decimal written as a number, exactly as it reads (``4800.10``
    stays ``4800.10``: no float on the way); dates and other objects as strings."""
    token = f"\x00{uuid.uuid4().hex}\x00"

    def mark(v: Any) -> Any:
        if isinstance(v, Decimal):
            if not v.is_finite():
                raise ValueError(f"{v} is not valid JSON")
            return f"{token}{v}{token}"
        if isinstance(v, dict):
            return {k: mark(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [mark(x) for x in v]
        return v

    text = json.dumps(mark(value), ensure_ascii=False, indent=indent, default=str)
    quoted = json.dumps(token)[1:-1]
    return re.sub(f'"{re.escape(quoted)}([-+0-9.eE]+){re.escape(quoted)}"', r"\1", text)

"""Turn marshmallow's nested error messages into flat, bilingual :class:`FieldError` lists."""

from __future__ import annotations

from typing import Any

from service.contract.fields import SEP
from service.errors import FieldError

_GENERIC = {
    "Unknown field.": ("unknown_field", "Champ inconnu (faute de frappe ?).",
                       "Unknown field (typo?)."),
    "Missing data for required field.": ("required", "Champ obligatoire manquant.",
                                         "Missing required field."),
    "Field may not be null.": ("null", "Ce champ ne peut pas être null.", "Field may not be null."),
    "Invalid input type.": ("invalid_type", "Type de donnée invalide.", "Invalid input type."),
    "Not a valid list.": ("invalid_type", "Une liste est attendue.", "A list is expected."),
}


def _one(path: str, message: str) -> FieldError:
    if SEP in message:
        code, fr, en = message.split(SEP, 2)
        return FieldError(path, code, fr, en)
    code, fr, en = _GENERIC.get(message, ("invalid", "Valeur invalide : " + message,
                                          "Invalid value: " + message))
    return FieldError(path, code, fr, en)


def _join(prefix: str, key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdecimal()):
        return f"{prefix}[{key}]"
    if key == "_schema":
        return prefix
    return f"{prefix}.{key}" if prefix else str(key)


def to_field_errors(messages: Any, prefix: str = "case") -> list[FieldError]:
    """Flatten ``{"invoices": {1: {"due_date": ["..."]}}}`` into path-named errors."""
    out: list[FieldError] = []
    if isinstance(messages, str):
        return [_one(prefix, messages)]
    if isinstance(messages, list):
        for m in messages:
            out.extend(to_field_errors(m, prefix))
        return out
    if isinstance(messages, dict):
        def order(k: Any) -> tuple[int, Any]:
            # isdecimal, not isdigit: « ² » is a digit that int() refuses (a 500 before)
            return (0, int(k)) if isinstance(k, int) or str(k).isdecimal() else (1, str(k))
        for key in sorted(messages, key=order):
            out.extend(to_field_errors(messages[key], _join(prefix, key)))
    return out

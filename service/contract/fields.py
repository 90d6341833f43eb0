"""Custom marshmallow fields and bilingual error messages for the case contract.

Validation messages travel through marshmallow as ``"code\\x1ffrench\\x1fenglish"`` strings
(:func:`msg`) and are split back into ``FieldError`` objects by
:mod:`service.contract.errors`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from marshmallow import ValidationError, fields

SEP = "\x1f"


def msg(code: str, fr: str, en: str) -> str:
    return f"{code}{SEP}{fr}{SEP}{en}"


def fail(code: str, fr: str, en: str) -> ValidationError:
    return ValidationError(msg(code, fr, en))


REQUIRED = msg("required", "Champ obligatoire manquant.", "Missing required field.")
NULL = msg("null", "Ce champ ne peut pas être null.", "Field may not be null.")
NOT_STRING = msg("invalid_type", "Une chaîne de caractères est attendue.", "A string is expected.")
NOT_BOOL = msg("invalid_type", "Un booléen (true/false) est attendu.", "A boolean is expected.")
NOT_INT = msg("invalid_type", "Un nombre entier est attendu.", "An integer is expected.")
NOT_DATE = msg(
    "invalid_date",
    "Date invalide : format AAAA-MM-JJ attendu.",
    "Invalid date: YYYY-MM-DD expected.",
)
NOT_LIST = msg("invalid_type", "Une liste est attendue.", "A list is expected.")
NOT_OBJECT = msg("invalid_type", "Un objet JSON est attendu.", "A JSON object is expected.")


def _metadata(f: fields.Field) -> dict[str, Any]:
    """A field's metadata (a dict at run time; the stubs type it as a read-only Mapping)."""
    return cast(dict[str, Any], f.metadata)


def std_messages(extra: dict[str, str] | None = None) -> dict[str, Any]:
    base: dict[str, Any] = {"required": REQUIRED, "null": NULL}
    base.update(extra or {})
    return base


class Text(fields.String):
    """A trimmed string with a maximum length; empty strings count as missing."""

    def __init__(self, *, max_length: int = 300, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", std_messages({"invalid": NOT_STRING}))
        super().__init__(**kwargs)
        self.max_length = max_length
        _metadata(self).setdefault("maxLength", max_length)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        out = super()._deserialize(value, attr, data, **kwargs)
        out = out.strip()
        if len(out) > self.max_length:
            raise fail(
                "too_long",
                f"Texte trop long : {len(out)} caractères, {self.max_length} au plus.",
                f"Text too long: {len(out)} characters, at most {self.max_length}.",
            )
        if "\x00" in out:
            raise fail("invalid_character", "Caractère NUL interdit.", "NUL character not allowed.")
        if not out and self.required:
            raise ValidationError(REQUIRED)
        return out or None


class Money(fields.Field):
    """A euro amount: a JSON string ("1250.00") or number, at most two decimals, as Decimal.

    Strings are preferred: JSON numbers are parsed as Decimal by the API (never as floats).
    """

    def __init__(self, *, allow_zero: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", std_messages())
        super().__init__(**kwargs)
        self.allow_zero = allow_zero
        _metadata(self).setdefault("type", "string")
        _metadata(self).setdefault("pattern", r"^\d+(\.\d{1,2})?$")
        _metadata(self).setdefault("example", "1250.00")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else str(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise fail("invalid_amount", "Montant invalide.", "Invalid amount.")
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise fail(
                "invalid_amount", "Montant invalide : « 1250.00 » attendu.",
                "Invalid amount: \"1250.00\" expected.",
            ) from None
        if not amount.is_finite():
            raise fail("invalid_amount", "Montant invalide.", "Invalid amount.")
        if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):  # type: ignore[operator]
            raise fail(
                "too_many_decimals",
                "Montant avec plus de deux décimales.",
                "Amount with more than two decimals.",
            )
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise fail(
                "amount_not_positive",
                "Le montant doit être strictement positif."
                if not self.allow_zero
                else "Le montant ne peut pas être négatif.",
                "The amount must be positive." if not self.allow_zero else "Negative amount.",
            )
        if amount >= Decimal("1e12"):
            raise fail("amount_too_large", "Montant démesuré.", "Amount out of range.")
        return amount.quantize(Decimal("0.01"))


class RateField(fields.Field):
    """An annual rate as a decimal fraction: "0.12" means 12 %."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", std_messages())
        super().__init__(**kwargs)
        _metadata(self).setdefault("type", "string")
        _metadata(self).setdefault("example", "0.12")
        _metadata(self).setdefault("description", "annual rate as a decimal fraction (0.12 = 12 %)")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else str(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise fail("invalid_rate", "Taux invalide.", "Invalid rate.")
        try:
            rate = Decimal(str(value).strip())
        except InvalidOperation:
            raise fail("invalid_rate", "Taux invalide.", "Invalid rate.") from None
        if not rate.is_finite() or rate < 0 or rate > 1:
            raise fail(
                "rate_out_of_range",
                "Taux hors limites : exprimez-le en fraction décimale (0.12 pour 12 %).",
                "Rate out of range: write it as a decimal fraction (0.12 for 12 %).",
            )
        return rate


class Choice(fields.String):
    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", std_messages({"invalid": NOT_STRING}))
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("enum", list(choices))
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        out = super()._deserialize(value, attr, data, **kwargs)
        if out not in self.choices:
            allowed = ", ".join(self.choices)
            raise fail(
                "invalid_choice",
                f"Valeur « {out[:40]} » non admise ; valeurs possibles : {allowed}.",
                f"Value {out[:40]!r} not allowed; one of: {allowed}.",
            )
        return out


def date_field(**kwargs: Any) -> fields.Date:
    kwargs.setdefault("error_messages", std_messages({"invalid": NOT_DATE}))
    return fields.Date(**kwargs)


class StrictBoolean(fields.Boolean):
    """JSON true or false only: 0 and 1 (equal to False and True in Python) are refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def bool_field(**kwargs: Any) -> fields.Boolean:
    kwargs.setdefault("error_messages", std_messages({"invalid": NOT_BOOL}))
    return StrictBoolean(truthy={True}, falsy={False}, **kwargs)


def int_field(**kwargs: Any) -> fields.Integer:
    kwargs.setdefault("error_messages", std_messages({"invalid": NOT_INT}))
    return fields.Integer(strict=True, **kwargs)

"""Errors the domain raises; the HTTP layer turns them into RFC 9457 problem details.

A domain function never returns an HTTP status itself: it raises one of these, naming the
faulty field by its JSON path (``case.invoices[1].due_date``) with a French and an English
message, and :mod:`service.api.problems` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    path: str
    code: str
    message_fr: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        return {
            "path": self.path,
            "code": self.code,
            "message_fr": self.message_fr,
            "message_en": self.message_en,
        }


@dataclass
class RecouvreError(Exception):
    """Base of every error a client can cause. ``status`` is the HTTP status it maps to."""

    title: str = "Invalid request"
    detail: str = ""
    status: int = 422
    type: str = "about:blank"
    errors: list[FieldError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.detail or self.title)


class CaseInvalid(RecouvreError):
    """The case is readable JSON but breaks the contract or a legal requirement (422)."""

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        paths = ", ".join(e.path for e in errors[:10])
        super().__init__(
            title="Invalid case",
            detail=detail or f"{len(errors)} field(s) invalid: {paths}",
            status=422,
            type="https://recouvre.example/problems/invalid-case",
            errors=list(errors),
        )


class LimitExceeded(RecouvreError):
    """A configured limit (pages, evidence items, render time...) was exceeded."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None, status: int = 422):
        super().__init__(
            title="Limit exceeded",
            detail=detail,
            status=status,
            type="https://recouvre.example/problems/limit-exceeded",
            errors=list(errors or []),
        )


def field_error(path: str, code: str, fr: str, en: str) -> FieldError:
    return FieldError(path=path, code=code, message_fr=fr, message_en=en)


def invalid(path: str, code: str, fr: str, en: str) -> CaseInvalid:
    """Shorthand for a one-field :class:`CaseInvalid`."""
    return CaseInvalid([field_error(path, code, fr, en)])

"""What the readers of invoice files produce, before cases are built from it.

A reader (Factur-X, CII, UBL, CSV) turns one file into :class:`InvoiceRecord` objects whose
parties are already in the shape of the case contract (``type``, ``name``, ``siren``,
``address``...), each record knowing where it came from (:class:`Source`), so that a fault
found later, when the case is validated, still names the file and the row or element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from service.errors import CaseInvalid, FieldError, LimitExceeded, RecouvreError

RecordKind = Literal["invoice", "credit_note"]


@dataclass(frozen=True)
class Source:
    """Where a datum was read: ``files[index]`` (its ``name``), a CSV line, an XML element."""

    index: int
    name: str
    fmt: str = ""
    row: int | None = None

    @property
    def path(self) -> str:
        return f"files[{self.index}]" + (f".rows[{self.row}]" if self.row is not None else "")

    def label_fr(self) -> str:
        return f"« {self.name} »" + (f", ligne {self.row}" if self.row is not None else "")

    def label_en(self) -> str:
        return f"'{self.name}'" + (f", line {self.row}" if self.row is not None else "")


@dataclass(frozen=True)
class FileFault(FieldError):
    """A field error that also names the file, and the row (CSV) or element (XML)."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    element: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(super().as_dict())
        for key in ("file", "row", "column", "element", "line"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def fault(src: Source, code: str, fr: str, en: str, *, column: str | None = None,
          element: str | None = None, line: int | None = None, row: int | None = None,
          ) -> FileFault:
    """A fault in ``src``: the messages are prefixed with the file's name (and row)."""
    row = row if row is not None else src.row
    where = Source(src.index, src.name, src.fmt, row)
    path = where.path + (f".{column}" if column else "")
    at_fr = where.label_fr() + (f", élément {element}" if element else "") + (
        f" (ligne {line})" if line and row is None else "")
    at_en = where.label_en() + (f", element {element}" if element else "") + (
        f" (line {line})" if line and row is None else "")
    return FileFault(path=path, code=code, message_fr=f"{at_fr} : {fr}",
                     message_en=f"{at_en}: {en}", file=src.name, row=row, column=column,
                     element=element, line=line)


class IntakeInvalid(CaseInvalid):
    """One or more files cannot be read into a case (422), every fault listed."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__(list(errors))
        self.title = "Invalid invoice file"
        self.type = "https://recouvre.example/problems/invalid-invoice-file"
        names = sorted({e.file for e in errors if isinstance(e, FileFault) and e.file})
        self.detail = (f"{len(errors)} fault(s) in the files"
                       + (f" ({', '.join(names[:5])})" if names else "")
                       + ": " + "; ".join(e.message_en for e in errors[:3]))[:600]


class UnsupportedFile(RecouvreError):
    """A part that is no invoice format the service reads: a 422 naming the file (the request's
    own media type, multipart/form-data, was right: a 415 is for that)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(
            title="Unsupported invoice file", status=422,
            detail="; ".join(e.message_en for e in errors[:5])[:600],
            type="https://recouvre.example/problems/unsupported-invoice-file",
            errors=list(errors))


def too_large(detail: str, errors: list[FieldError] | None = None) -> LimitExceeded:
    return LimitExceeded(detail, errors, status=413)


@dataclass
class Notice:
    """A warning about the cases built: ``path`` is a case path (``case.signatory``)."""

    code: str
    message_fr: str
    message_en: str
    path: str | None = None
    file: str | None = None
    row: int | None = None
    case_index: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code}
        if self.path is not None:
            out["path"] = self.path
        if self.case_index is not None:
            out["case_index"] = self.case_index
        if self.file is not None:
            out["file"] = self.file
        if self.row is not None:
            out["row"] = self.row
        out["message_fr"] = self.message_fr
        out["message_en"] = self.message_en
        return out


@dataclass
class InvoiceRecord:
    """One invoice or credit note read from a file, parties in the case contract's shape."""

    source: Source
    kind: RecordKind
    number: str
    issue_date: date
    due_date: date
    amount_incl_tax: Decimal
    amount_excl_tax: Decimal | None = None
    description: str | None = None
    performed_on: date | None = None
    prepaid: Decimal | None = None
    prepaid_date: date | None = None
    seller: dict[str, Any] | None = None
    buyer: dict[str, Any] | None = None
    bank: dict[str, Any] | None = None
    preceding: tuple[str, ...] = ()
    pdf: bytes | None = None
    profile: str | None = None
    notices: list[Notice] = field(default_factory=list)

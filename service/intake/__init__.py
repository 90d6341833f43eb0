"""Cases from the creditor's own files: Factur-X / ZUGFeRD PDFs, UBL 2.1 and CII e-invoices,
CSV exports (``POST /v1/cases/from-invoices``, ``recouvre case-from-invoices``).

The one public door is :func:`cases_from_files`; the readers (:mod:`.facturx`, :mod:`.cii`,
:mod:`.ubl`, :mod:`.csv`) turn a file into invoice records, :mod:`.cases` groups them into
cases. Pure: no HTTP, no file system.
"""

from __future__ import annotations

from typing import Any

from service.intake.cases import build_cases
from service.intake.csv import COLUMNS, mapping_of
from service.intake.files import InputFile, IntakeLimits, read_all
from service.intake.model import FileFault, IntakeInvalid, UnsupportedFile

__all__ = ["COLUMNS", "FileFault", "InputFile", "IntakeInvalid", "IntakeLimits",
           "UnsupportedFile", "cases_from_files"]


def cases_from_files(files: list[InputFile], *, defaults: Any = None, mapping: Any = None,
                     limits: IntakeLimits | None = None) -> dict[str, Any]:
    """``{"cases": [...], "warnings": [...]}`` from the files; a 422 (:class:`IntakeInvalid`)
    names every faulty file, row or element, a 413 a limit, a 415 a file of no known format."""
    limits = limits or IntakeLimits()
    if defaults is not None and not isinstance(defaults, dict):
        raise IntakeInvalid([FileFault("case", "invalid_type", "Un objet JSON est attendu.",
                                       "A JSON object is expected.")])
    columns = mapping_of(mapping)
    records, notices = read_all(files, mapping=columns, limits=limits)
    return build_cases(records, notices, defaults)

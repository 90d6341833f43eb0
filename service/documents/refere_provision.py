"""Draft assignation en référé-provision (CPC 835 al. 2 before the tribunal judiciaire, 873
al. 2 before the tribunal de commerce): the text is written by :mod:`service.documents.drafts`.
"""

from __future__ import annotations

from typing import Any

from service.documents import drafts
from service.documents.base import DocumentPlan, KindSpec
from service.errors import FieldError
from service.law.decompte import Decompte
from service.model import Case


def check(case: Case, options: dict[str, Any]) -> list[FieldError]:
    return drafts.check(case, options)


def plan(case: Case, decompte: Decompte, options: dict[str, Any]) -> DocumentPlan:
    return drafts.draft_plan(case, decompte, options, "refere_provision")


SPEC = KindSpec(
    name="refere_provision",
    template_version="refere_provision@1",
    description="Draft assignation en référé-provision (CPC 835 al. 2 / 873 al. 2), watermarked"
                " « PROJET — NON SIGNIFIÉ », PDF or DOCX",
    options={"draft": "watermark (default true)", "format": "pdf (default) | docx",
             "attach_evidence": "append the bordereau and the pièces (default true)"},
    check=check,
    plan=plan,
    posted_by_lrar="no",
    formats=("pdf", "docx"),
    draft_default=True,
    attach_evidence_default=True,
)

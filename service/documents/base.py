"""What a document kind provides: its options and answer schemas, its checks, and its plan.

A plan is **data**: the parts to produce (an HTML page to render, a Cerfa to fill with its
annex, pièces to bundle behind a bordereau), the DOCX paragraphs, the filename, the mailing,
warnings and the answer's ``details``. :func:`service.pdf.compose.compose` executes the parts
with the runtime :func:`service.documents.generate.generate` was given; a kind never renders,
merges, reads a runtime or imports another kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from marshmallow import Schema

from service.contract.options import CommonOptionsSchema, Options
from service.documents.facts import CaseFacts
from service.errors import FieldError
from service.model import Case, Warning
from service.pdf.compose import Cerfa, Html, Part, Pieces
from service.pdf.evidence import Piece
from service.postage import Mailing

Style = Literal["title", "subtitle", "heading", "p", "center", "strong", "item", "claim", "notice",
                "blank", "quote", "lead", "period_head", "period", "period_total"]


@dataclass(frozen=True)
class Para:
    """One paragraph of a draft: a style (laid out by the PDF template and the DOCX writer)."""

    style: Style
    text: str
    amount: str | None = None  # « claim » rows: the amount column
    cells: tuple[str, ...] = ()  # « period* » rows: the cells of the breakdown table
    # consecutive paragraphs with the same ``keep`` are never split across pages (PDF: one
    # block with break-inside: avoid; DOCX: keep with next)
    keep: str | None = None


@dataclass(frozen=True)
class DocumentPlan:
    parts: tuple[Part, ...]  # the front documents, in order, then at most one Pieces
    filename: str
    signature_reason: str
    docx: tuple[Para, ...] | None = None  # the same text for ``format: docx``
    docx_meta: Mapping[str, Any] = field(default_factory=dict)  # meta, header, footer
    mailing: Mailing | None = None
    warnings: tuple[Warning, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)  # dumped by the kind's details_schema
    # fields the answer carries at its top level too (kept from the first version of the API)
    legacy: Mapping[str, Any] = field(default_factory=dict)


def pieces_wanted(case: Case, options: Options) -> bool:
    """Whether the pièces of ``case.evidence`` go behind this filing (PDF output only)."""
    return bool(case.evidence) and options.attach_evidence and options.format == "pdf"


class NoDetailsSchema(Schema):
    """A kind that adds nothing to the answer."""


CheckFn = Callable[[Case, CaseFacts, Any], list[FieldError]]
PlanFn = Callable[[Case, CaseFacts, Any], DocumentPlan]


@dataclass(frozen=True)
class KindSpec:
    """A kind: ``check(case, facts, options) -> [FieldError]`` (errors only) and
    ``plan(case, facts, options) -> DocumentPlan``, both given the same :class:`CaseFacts`
    (décompte, statement, court choice, prepared pièces) and the options loaded by
    ``options_schema``; ``details_schema`` dumps ``DocumentPlan.details`` into the answer."""

    name: str
    template_version: str
    description: str
    options_schema: type[CommonOptionsSchema]
    details_schema: type[Schema]
    check: CheckFn
    plan: PlanFn
    posted_by_lrar: str
    formats: tuple[str, ...] = ("pdf",)
    # pursues the debtor (demands payment, sues, enforces): refused while its collective
    # proceedings are open on ``as_of`` (C. com. L622-21), checked once by the registry
    pursues_debtor: bool = False

    @property
    def draft_default(self) -> bool:
        return self.options_schema.draft_default

    @property
    def attach_evidence_default(self) -> bool:
        return self.options_schema.attach_evidence_default


__all__ = ["Cerfa", "CheckFn", "DocumentPlan", "Html", "KindSpec", "NoDetailsSchema", "Para",
           "Part", "Piece", "Pieces", "PlanFn", "Style", "pieces_wanted"]

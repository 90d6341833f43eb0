"""What a document kind provides: its checks and its plan (template, context, postage)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.errors import FieldError
from service.law.decompte import Decompte
from service.model import Address, Case, Warning


@dataclass(frozen=True)
class PostagePlan:
    """Who posts to whom, and how; priced once the page count is known."""

    registered: bool
    recipient_name: str
    recipient_address: Address
    recipient_attention: str | None
    recipient_path: str
    sender_name: str
    sender_address: Address
    sender_path: str


@dataclass
class DocumentPlan:
    template: str
    context: dict[str, Any]
    filename: str
    title: str
    signature_reason: str
    postage: PostagePlan | None = None
    warnings: list[Warning] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific answer fields
    # post-processing of the rendered PDF (e.g. bundle the pièces) before signing
    finish: Callable[[bytes], bytes] | None = None
    stylesheets: tuple[str, ...] = ("css/letter.css",)
    # a kind that does not go through HTML (a filled Cerfa) renders itself
    render_pdf: Callable[[], bytes] | None = None
    docx: Callable[[], bytes] | None = None


@dataclass(frozen=True)
class KindSpec:
    name: str
    template_version: str
    description: str
    options: dict[str, str]
    check: Callable[[Case, dict[str, Any]], list[FieldError]]
    plan: Callable[[Case, Decompte, dict[str, Any]], DocumentPlan]
    posted_by_lrar: str
    formats: tuple[str, ...] = ("pdf",)
    # the value of ``options.draft`` (watermark) when the request omits it or sends null
    draft_default: bool = False
    # court filings: whether the bordereau and the pièces follow when ``options.attach_evidence``
    # is omitted or null (:func:`service.documents.bordereau.attach_evidence`)
    attach_evidence_default: bool = False


def option_flag(options: dict[str, Any], name: str, default: bool) -> bool:
    """A boolean option that may be absent or null (then ``default``)."""
    value = options.get(name)
    return default if value is None else bool(value)

"""Draft assignation en paiement au fond (CPC 54, 56, 648 and 752/753 or 855): the text is
written by :mod:`service.documents.drafts`.
"""

from __future__ import annotations

from service.documents import drafts

SPEC = drafts.draft_spec(
    "assignation",
    "Draft assignation en paiement au fond, watermarked « PROJET — NON SIGNIFIÉ », PDF or DOCX",
)

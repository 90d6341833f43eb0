"""Draft assignation en référé-provision (CPC 835 al. 2 before the tribunal judiciaire, 873
al. 2 before the tribunal de commerce): the text is written by :mod:`service.documents.drafts`.
"""

from __future__ import annotations

from service.documents import drafts

SPEC = drafts.draft_spec(
    "refere_provision",
    "Draft assignation en référé-provision (CPC 835 al. 2 / 873 al. 2), watermarked"
    " « PROJET — NON SIGNIFIÉ », PDF or DOCX",
)

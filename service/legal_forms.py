"""French legal forms: the activity a company's form implies (for the court and the décompte)."""

from __future__ import annotations

import re
import unicodedata

# Commercial by form whatever their object (C. com. L210-1): SA, SAS, SASU, SARL, EURL, SNC,
# SCA, SCS, SE. Professional practice companies (SEL*, SCP) are liberal; farming companies are
# agricultural. Anything else (SCI, association, GIE, SC...) has no implied activity: the case
# must say it.
_BY_FORM: dict[str, str] = {
    "SA": "commercial", "SAS": "commercial", "SASU": "commercial", "SARL": "commercial",
    "EURL": "commercial", "SNC": "commercial", "SCA": "commercial", "SCS": "commercial",
    "SE": "commercial",
    "SELARL": "liberal", "SELAS": "liberal", "SELASU": "liberal", "SELAFA": "liberal",
    "SELCA": "liberal", "SELEURL": "liberal", "SCP": "liberal", "SEL": "liberal",
    "SCEA": "agricultural", "EARL": "agricultural", "GAEC": "agricultural",
}


def normalise_form(legal_form: str | None) -> str:
    if not legal_form:
        return ""
    text = unicodedata.normalize("NFKD", legal_form).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", text.upper())


def activity_for_legal_form(legal_form: str | None) -> str | None:
    return _BY_FORM.get(normalise_form(legal_form))

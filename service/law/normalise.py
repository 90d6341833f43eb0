"""Normal forms of free text for comparison: city names, legal forms (never for display)."""

from __future__ import annotations

import re
import unicodedata


def words(text: str) -> str:
    """Upper case, no accents, no punctuation, single spaces; « St »/« Ste » spelt out."""
    text = text.replace("œ", "oe").replace("Œ", "OE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    text = re.sub(r"[^A-Z0-9]+", " ", text).strip()
    return re.sub(r"^ST(E?) ", r"SAINT\1 ", text)


def letters(text: str | None) -> str:
    """Upper-case ASCII letters only: « S.A.S. » -> « SAS »."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", text.upper())

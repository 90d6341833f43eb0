"""The kinds of court a requête goes to, their forms and their French and English names."""

from __future__ import annotations

from typing import Literal

Jurisdiction = Literal[
    "tribunal_de_commerce",
    "tribunal_des_activites_economiques",
    "chambre_commerciale_tj",
    "tribunal_judiciaire",
]
CERFA_COMMERCIAL = "12946*02"
CERFA_CIVIL = "12948*06"
COMMERCIAL: frozenset[str] = frozenset(
    {"tribunal_de_commerce", "tribunal_des_activites_economiques", "chambre_commerciale_tj"}
)

KIND_FR = {
    "tribunal_de_commerce": "le tribunal de commerce",
    "tribunal_des_activites_economiques": "le tribunal des activités économiques",
    "chambre_commerciale_tj": "la chambre commerciale du tribunal judiciaire",
    "tribunal_judiciaire": "le tribunal judiciaire",
}
KIND_EN = {
    "tribunal_de_commerce": "the tribunal de commerce (commercial court)",
    "tribunal_des_activites_economiques": "the tribunal des activités économiques",
    "chambre_commerciale_tj": "the commercial chamber of the tribunal judiciaire",
    "tribunal_judiciaire": "the tribunal judiciaire",
}



def of_kind(kind: str) -> str:
    """« du tribunal judiciaire », « de la chambre commerciale … » (never « de le »)."""
    name = KIND_FR[kind]
    return "du " + name[3:] if name.startswith("le ") else "de " + name

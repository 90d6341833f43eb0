"""Naming a party in letters and in deeds (service/documents/parties.py)."""

from __future__ import annotations

from dataclasses import replace

from service.documents.parties import designation, short_designation
from tests.factories import company


def test_a_company_named_societe_is_never_la_societe_societe():
    p = replace(company("Société Lyonnaise de Travaux"), legal_form="SAS", siren="732829320",
                rcs_city="Lyon")
    # the name is kept whole (second reading 7): « la Société Lyonnaise de Travaux »
    assert short_designation(p) == "la Société Lyonnaise de Travaux"
    for style in ("letter", "deed"):
        text = designation(p, style)  # type: ignore[arg-type]
        assert text.startswith(("la Société Lyonnaise de Travaux",
                                "La Société Lyonnaise de Travaux")), text
        assert "société Société" not in text and "société société" not in text


def test_a_plain_company_name_gets_its_article():
    assert designation(company("Atelier Dupont"), "deed").startswith("La société Atelier Dupont")

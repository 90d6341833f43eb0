"""The practitioner's eighth reading (filings), read back from the PDF."""

from __future__ import annotations

from tests import pdfcheck
from tests.documents.test_pieces_third_reading import RETENTION, _declaration_raw, render


def _section_3(text: str) -> str:
    return text.split("3. Sûretés et privilèges")[1].split("4. Instance")[0]


def test_sv8_1_a_retention_clause_is_the_one_surete_not_neant(runtime):
    """C. civ. 2329 4° (ord. 2021-1192): « la propriété retenue … à titre de garantie » is a
    sûreté on movables; the section no longer says « Néant : … aucune sûreté » beside it."""
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    section = _section_3(pdfcheck.flat(
        render(runtime, "declaration_de_creance", raw, securities=[RETENTION]).content))
    assert "Néant" not in section and "aucune sûreté ni" not in section
    assert "d’aucune autre sûreté que la propriété retenue à titre de garantie (articles" \
           " 2329, 4° et 2367 du code civil)" in section


def test_sv8_1_with_another_security_the_clause_is_still_listed(runtime):
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    security = "Cautionnement solidaire de M. Paul Martin du 2 mars 2026"
    section = _section_3(pdfcheck.flat(render(
        runtime, "declaration_de_creance", raw, securities=[security, RETENTION]).content))
    assert security in section
    assert "se prévaut en outre de la clause de réserve de propriété suivante" in section
    assert "Clause de réserve de propriété" in section

"""Third reading, items 2 to 4: the filings are shown with their pièces (the golden cases carry
the evidence a practitioner files), and the déclaration de créance proves the réserve de
propriété it relies on and declares the claim « à titre chirographaire »."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.golden import GOLDEN_DIR
from tests import pdfcheck
from tests.documents.test_insolvency_guard import insolvent_raw

RETENTION = "Clause de réserve de propriété (article 9 des conditions générales de vente)"


def fixture(name: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    data = json.loads((GOLDEN_DIR / f"{name}.case.json").read_text(encoding="utf-8"))
    return data["kind"], data["case"], dict(data.get("options") or {})


def render(runtime, kind: str, raw: dict[str, Any], **options: Any):
    options.setdefault("sign", False)
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def render_fixture(runtime, name: str, **extra: Any):
    kind, raw, options = fixture(name)
    return render(runtime, kind, raw, **{**options, **extra})


def codes(doc) -> list[str]:
    return [w["code"] for w in doc.warnings]


def titles(name: str) -> list[str]:
    return [ev["title"] for ev in fixture(name)[1]["evidence"]]


@pytest.mark.parametrize("name", ["assignation", "assignation-tj-avocat"])
def test_tr2_the_assignation_golden_is_served_with_a_real_bordereau(runtime, name):
    # strict_pieces refused the placeholder bordereau: it passes now that every pièce is there
    doc = render_fixture(runtime, name, strict_pieces=True)
    assert "piece_missing" not in codes(doc) and "no_evidence" not in codes(doc)
    text = pdfcheck.flat(doc.content)
    assert "Bordereau à établir" not in text and "à énumérer" not in text
    assert "sont énumérées au bordereau figurant à la fin du présent acte" in text
    expected = titles(name)
    assert "Conditions générales de vente" in expected and "Décompte de la créance" in expected
    for number, title in enumerate(expected, start=1):
        assert f"Pièce n° {number} : {title}" in text, title  # the act's own bordereau
        assert f"Pièce n° {number} — page 1/1 — Réf. DOS-2026-0042" in text  # stamped
    assert f"Total : {len(expected)} pièces communiquées, {len(expected)} pages" in text
    # the facts cite the general terms and each invoice by their pièce
    assert "(Conditions générales de vente, pièce n° 1)" in text  # the contract, not its clause 9
    assert "1 800,00 €, solde restant dû : 3 000,00 € (pièce n° 2)" in text
    assert pdfcheck.pages(doc.content) >= 4 + len(expected)


def test_tr2_the_tj_assignation_produces_the_mise_en_demeure_and_its_receipt(runtime):
    doc = render_fixture(runtime, "assignation-tj-avocat")
    text = pdfcheck.flat(doc.content)
    assert ("Pièce n° 4 : Mise en demeure par lettre recommandée avec demande d’avis de"
            " réception du 01/10/2026") in text
    assert "Pièce n° 5 : Avis de réception de la mise en demeure du 03/10/2026" in text
    # the facts recall the mise en demeure with the pièces proving it and its receipt
    assert ("mise en demeure par lettre recommandée avec demande d’avis de réception du"
            " 1er octobre 2026, pièces n° 4 et 5)") in text
    # interest runs from the day after the first presentation (API.md rule 3)
    assert "mise_en_demeure_receipt_unknown" not in codes(doc)
    assert ("à compter du 4 octobre 2026, lendemain de la première présentation de la mise en"
            " demeure du 1er octobre 2026") in text


def test_tr3_the_requete_lists_its_pieces(runtime):
    doc = render_fixture(runtime, "injonction_de_payer", strict_pieces=True)
    assert "piece_missing" not in codes(doc) and "no_evidence" not in codes(doc)
    text = pdfcheck.flat(doc.content)
    principal = re.search(r"Principal Contrat \(.*?4 500,00 €", text)
    assert principal is not None
    row = principal.group(0)
    assert "Décompte annexé" not in row
    assert ("Contrat : pièce n° 1 ; F-2026-0117 : pièce n° 2 ; F-2026-0152 : pièce n° 3"
            in row), row
    assert "BORDEREAU DES PIÈCES JUSTIFICATIVES" in text
    assert "Total : 3 pièces produites, 3 pages" in text
    for number in (1, 2, 3):
        assert f"Pièce n° {number} — page 1/1 — Réf. DOS-2026-0042" in text


def test_tr3_the_refere_produces_every_invoice_and_the_terms(runtime):
    doc = render_fixture(runtime, "refere_provision", strict_pieces=True)
    assert "piece_missing" not in codes(doc)
    text = pdfcheck.flat(doc.content)
    assert "Pièce n° 1 : Conditions générales de vente du 05/01/2026" in text
    assert "Pièce n° 3 : Facture F-2026-0152 du 15/06/2026" in text
    assert "1 500,00 € TTC, solde restant dû : 1 500,00 € (pièce n° 3)" in text
    assert "Total : 5 pièces communiquées, 5 pages" in text


def _declaration_raw(evidence_titles: list[str]) -> dict[str, Any]:
    raw = insolvent_raw()
    _, golden, _ = fixture("declaration_de_creance")
    by_title = {ev["title"]: ev for ev in golden["evidence"]}
    raw["evidence"] = [by_title[t] for t in evidence_titles]
    return raw


def test_tr4_a_retention_clause_without_its_terms_warns_and_strict_refuses(runtime):
    raw = _declaration_raw(["Facture F-2026-0117", "Facture F-2026-0152"])
    doc = render(runtime, "declaration_de_creance", raw, securities=[RETENTION])
    missing = [w for w in doc.warnings if w["code"] == "piece_missing"]
    assert [w["path"] for w in missing] == ["options.securities[0]"]
    assert "L624-16" in missing[0]["message_fr"]
    text = pdfcheck.flat(doc.content)
    # no pièce to cite
    assert ("en vertu de la clause de réserve de propriété suivante, dont le créancier se"
            " prévaut :") in text
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "declaration_de_creance", raw, securities=[RETENTION],
               strict_pieces=True)
    assert [(e.path, e.code) for e in exc.value.errors] == [("options.securities[0]",
                                                             "piece_missing")]
    # no retention clause: nothing to prove, strict or not
    plain = render(runtime, "declaration_de_creance", raw, strict_pieces=True)
    assert "piece_missing" not in codes(plain)


def test_tr4_the_terms_pieces_prove_the_clause_and_are_cited(runtime):
    doc = render_fixture(runtime, "declaration_de_creance", strict_pieces=True)
    assert "piece_missing" not in codes(doc)
    text = pdfcheck.flat(doc.content)
    assert ("en vertu de la clause de réserve de propriété suivante (pièce n° 1), dont le"
            " créancier se prévaut :") in text
    assert "1. Conditions générales de vente du 05/01/2026" in text
    assert "2. Facture F-2026-0117 du 04/05/2026" in text


def test_tr4_the_claim_with_a_retention_clause_is_declared_chirographaire(runtime):
    doc = render_fixture(runtime, "declaration_de_creance")
    text = pdfcheck.flat(doc.content)
    assert "déclare entre vos mains la créance suivante, à titre chirographaire, pour un" \
           " montant total de 4 764,40 €" in text
    assert "assortie des sûretés" not in text
    # eighth reading 1: no « Néant … aucune sûreté » beside the clause relied on (C. civ. 2329
    # 4°: la propriété retenue à titre de garantie is a sûreté on movables since 2022)
    assert "Néant" not in text.split("3. Sûretés et privilèges")[1].split("4. Instance")[0]
    assert ("La créance est déclarée à titre chirographaire : elle n’est assortie d’aucun"
            " privilège ni d’aucune autre sûreté que la propriété retenue à titre de garantie"
            " (articles 2329, 4° et 2367 du code civil) en vertu de la clause de réserve de"
            " propriété suivante (pièce n° 1), dont le créancier se prévaut :") in text
    assert "revendication des biens vendus qui se retrouvent en nature (article L624-16" in text
    assert "n’est pas déclarée comme une sûreté" not in text
    assert doc.details["secured"] is False and doc.details["retention_of_title"] is True


def test_tr4_a_real_security_covers_its_part_the_rest_is_chirographaire(runtime):
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    security = "Cautionnement solidaire de M. Paul Martin du 2 mars 2026"
    doc = render(runtime, "declaration_de_creance", raw, securities=[security, RETENTION])
    text = pdfcheck.flat(doc.content)
    assert ("assortie des sûretés indiquées ci-dessous pour la part qu’elles garantissent et,"
            " pour le surplus, à titre chirographaire") in text
    assert security in text and RETENTION in text
    assert "Néant : la créance n’est assortie" not in text
    assert doc.details["secured"] is True and doc.details["retention_of_title"] is True


def test_tr4_two_retention_clauses_are_named_in_the_plural(runtime):
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    doc = render(runtime, "declaration_de_creance", raw,
                 securities=[RETENTION, "Réserve de propriété, article 3 du contrat cadre"])
    text = pdfcheck.flat(doc.content)
    assert ("en vertu des clauses de réserve de propriété suivantes (pièce n° 1), dont le"
            " créancier se prévaut :") in text
    assert "Ces clauses fondent la revendication" in text
    assert "à titre chirographaire, pour un montant total" in text

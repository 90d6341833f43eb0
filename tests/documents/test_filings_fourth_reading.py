"""The practitioner's fourth reading of the filings (findings 1, 4, 6, 10–14), read back from
the PDF of the golden cases (the filings as filed, with their pièces) and of variants."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def golden_request(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.case.json").read_text(encoding="utf-8"))


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def golden(runtime, name, **extra):
    d = golden_request(name)
    return render(runtime, d["kind"], d["case"], **{**d.get("options", {}), **extra})


def pdfcheck_spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def codes(doc) -> list[str]:
    return [w["code"] for w in doc.warnings]


# ------------------------------------------------- 1: the consumer requête lists its pièces

def test_fr1_consumer_requete_lists_its_pieces_and_bordereau(runtime):
    doc = golden(runtime, "injonction_de_payer-consumer")
    text = pdfcheck.flat(doc.content)
    assert "Contrat : pièce n° 1 ; F-2026-0117 : pièce n° 2 ; F-2026-0152 : pièce n° 3" in text
    # the legal interest's start is proved by the mise en demeure and its avis de réception
    assert "Décompte annexé ; mise en demeure : pièces n° 4, 5 Total" in text or \
        "Décompte annexé ; mise en demeure : pièces n° 4, 5 15,60" in text
    assert "Bordereau des pièces justificatives" in text
    assert "Avis de réception de la mise en demeure" in text
    assert "piece_missing" not in codes(doc)


def test_fr1_requete_without_any_piece_says_each_is_to_be_joined(runtime):
    raw = copy.deepcopy(golden_request("injonction_de_payer-consumer")["case"])
    raw["evidence"] = []
    doc = render(runtime, "injonction_de_payer", raw, flatten=False)
    text = pdfcheck.flat(doc.content)
    # the principal's pièces: the contract and each invoice, never the décompte
    principal = text[text.index("Principal"):text.index("Intérêts au taux légal Intérêts")]
    assert "Contrat et factures à joindre" in principal
    assert "Décompte annexé" not in principal
    assert "piece_missing" in codes(doc)


def test_fr1_one_invoice_without_any_piece_names_it(runtime):
    raw = copy.deepcopy(golden_request("injonction_de_payer-consumer")["case"])
    raw["evidence"] = []
    raw["invoices"] = raw["invoices"][:1]
    raw["terms"]["reference"] = None
    doc = render(runtime, "injonction_de_payer", raw, flatten=False)
    text = pdfcheck.flat(doc.content)
    principal = text[text.index("Principal"):text.index("Intérêts au taux légal Intérêts")]
    assert "Facture à joindre" in principal and "Décompte annexé" not in principal


# ---------------------------------------------- 6: the greffe letter files every invoice's pièce

def test_fr6_greffe_letter_encloses_a_piece_for_each_invoice_claimed(runtime):
    doc = golden(runtime, "lettre_greffe")
    text = pdfcheck.flat(doc.content)
    assert "pièce n° 1 : Conditions générales de vente du 05/01/2026" in text
    assert "pièce n° 2 : Facture F-2026-0117 du 04/05/2026" in text
    assert "pièce n° 3 : Facture F-2026-0152 du 15/06/2026" in text
    assert "piece_missing" not in codes(doc)


def test_fr6_greffe_letter_warns_when_an_invoice_has_no_piece(runtime):
    raw = copy.deepcopy(golden_request("lettre_greffe")["case"])
    raw["evidence"] = [e for e in raw["evidence"] if "0152" not in e["title"]]
    doc = render(runtime, "lettre_greffe", raw)
    assert "piece_missing" in codes(doc)


# ---------------------------------------------------- 10: the bordereau by the requête's title

def test_fr10_greffe_letter_names_the_requetes_bordereau(runtime):
    text = pdfcheck.flat(golden(runtime, "lettre_greffe").content)
    assert "le bordereau des pièces justificatives (article 1407 du code de procédure civile)" \
        in text
    assert "pièces communiquées" not in text


def test_fr10_greffe_letter_without_pieces_encloses_no_bordereau(runtime):
    raw = copy.deepcopy(golden_request("lettre_greffe")["case"])
    raw["evidence"] = []
    text = pdfcheck.flat(render(runtime, "lettre_greffe", raw).content)
    assert "bordereau" not in text
    assert "la requête en injonction de payer. Conformément" in text


# ---------------------------------------------------------- 11: no seal caption without a seal

def test_fr11_unsealed_bordereau_prints_no_seal_caption(runtime):
    doc = golden(runtime, "bordereau")
    assert "Cachet électronique" not in pdfcheck.text(doc.content)


def test_fr11_sealed_bordereau_caption_names_no_party(runtime):
    text = pdfcheck.flat(golden(runtime, "bordereau", sign=True).content)
    assert "Cachet électronique de scellement du document (intégrité et origine ; ne vaut pas" \
           " signature manuscrite du signataire)" in text
    assert "signature d’une partie" not in text


def test_fr11_unsealed_letters_print_no_seal_caption(runtime):
    for name in ("mise_en_demeure", "lettre_greffe", "pouvoir_special"):
        assert "Cachet électronique" not in pdfcheck.text(golden(runtime, name).content), name


# ------------------------------------------------------------------------- 12: pouvoir spécial

def test_fr12_pouvoir_names_the_agent_signatory_and_its_grounds(runtime):
    doc = golden(runtime, "pouvoir_special")
    text = pdfcheck.flat(doc.content)
    assert "(articles 416 et 853 du code de procédure civile)" in text
    assert "consigner au greffe les frais de la procédure (article 1425 du code de procédure" \
           " civile)" in text
    # eleventh reading 2: the bordereau too, as the étude will serve it (1411)
    assert "retirer au greffe la copie certifiée conforme de la requête, du bordereau des pièces" \
           " et de l’ordonnance revêtue de la formule exécutoire, ainsi que les pièces produites" \
           " (articles 1410 et 1411" in text
    # the name and capacity under « Le mandataire », in the right-hand column
    words = pdfcheck.words(doc.content, doc.pages)
    head = max((w for w in words if w[0] == "mandataire"), key=lambda w: w[2])
    below = sorted((w for w in words if w[1] >= head[1] - 20 and head[2] + 2 < w[2] < head[2] + 30),
                   key=lambda w: (round(w[2]), w[1]))
    line = " ".join(w[0] for w in below)
    assert line.startswith("Julien Morel, chargé de recouvrement, pour Recouvre Conseil SAS"), line


def test_fr12_pouvoir_before_the_tribunal_judiciaire_cites_416_only_and_no_1425(runtime):
    d = golden_request("pouvoir_special")
    raw = copy.deepcopy(d["case"])
    raw["debtor"] = copy.deepcopy(golden_request("injonction_de_payer-consumer")["case"]["debtor"])
    raw["court"] = copy.deepcopy(golden_request("injonction_de_payer-consumer")["case"]["court"])
    doc = render(runtime, "pouvoir_special", raw, acts=["requete"])
    text = pdfcheck.flat(doc.content)
    assert "(article 416 du code de procédure civile)" in text
    assert "1425" not in text and "853" not in text
    assert "(articles 1410 et 1411 du code de procédure civile)" in text


def test_fr12_named_agent_signs_by_its_name(runtime):
    d = golden_request("pouvoir_special")
    doc = render(runtime, "pouvoir_special", d["case"],
                 agent="M. Paul Roche, 3 rue Mercière, 69002 Lyon")
    text = pdfcheck.flat(doc.content)
    # « Le mandataire : M. Paul Roche, 3 rue … » above; the signature block by the name alone
    assert "Le mandataire M. Paul Roche Signature" in text


# ----------------------------------------------------------------- 13: the 750-1 dispensation

def test_fr13_requete_dispensation_is_worded_on_the_non_contradictory_decision(runtime):
    text = pdfcheck.flat(golden(runtime, "injonction_de_payer-consumer").content)
    assert "La requête en injonction de payer tend à une décision rendue non" \
           " contradictoirement : le demandeur est donc dispensé de cette tentative (article" \
           " 750-1, 3°, du code de procédure civile)." in text
    assert "appelant" not in text and "appelé" not in text


# ---------------------------------------------------------------- 14: the référé's address

def test_fr14_refere_addresses_madame_ou_monsieur_le_president(runtime):
    text = pdfcheck.flat(golden(runtime, "refere_provision").content)
    assert "PLAISE À MADAME OU MONSIEUR LE PRÉSIDENT" in text.upper()
    assert "Monsieur ou Madame" not in text and "MONSIEUR OU MADAME" not in text


# ------------------------------------------------------- 4: the reception without reservation

def test_fr4_refere_says_received_without_reservation(runtime):
    doc = golden(runtime, "refere_provision")
    text = pdfcheck.flat(doc.content)
    # as the pièce says it, not tied to the invoices (seventh reading 4), in the facts; not
    # argued when it predates part of the work billed (ninth reading 3)
    assert "Les travaux ont été réceptionnés sans réserve le 30 avril 2026" in text
    assert "en outre, les travaux ont été réceptionnés" not in text


def test_fr4_reception_before_a_later_invoice_is_a_warning(runtime):
    """F-2026-0152 (« Pose et finitions ») is issued 46 days after the report of 30 April: the
    lawyer checks the report covers it; F-2026-0117, issued four days after, is not suspect.
    With ``performed_on`` the dates of the work decide."""
    doc = golden(runtime, "refere_provision")
    warning = next(w for w in doc.warnings if w["code"] == "reception_before_invoice")
    assert "Le procès-verbal de réception du 30/04/2026 (pièce n° 4) précède la facture" \
           " F-2026-0152 du 15/06/2026 : vérifiez" in pdfcheck_spaces(warning["message_fr"])
    assert "F-2026-0117" not in warning["message_fr"]
    assert warning["path"] == "case.evidence[3]"
    raw = golden_request("refere_provision")
    for inv in raw["case"]["invoices"]:
        inv["performed_on"] = "2026-04-28"
    doc = render(runtime, "refere_provision", raw["case"], **raw.get("options", {}))
    assert "reception_before_invoice" not in {w["code"] for w in doc.warnings}
    raw["case"]["invoices"][0]["performed_on"] = "2026-05-02"
    doc = render(runtime, "refere_provision", raw["case"], **raw.get("options", {}))
    warning = next(w for w in doc.warnings if w["code"] == "reception_before_invoice")
    assert "F-2026-0117" in warning["message_fr"] and "F-2026-0152" not in warning["message_fr"]

"""Kind ``declaration_de_creance``: the proof of claim to the mandataire judiciaire."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.documents.test_insolvency_guard import insolvent_raw
from tests.factories import example_raw


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS["declaration_de_creance"])
    return generate("declaration_de_creance", case, opts, runtime)


@pytest.fixture(scope="module")
def doc(runtime):
    return render(runtime, insolvent_raw(), securities=["Clause de réserve de propriété"])


def test_the_deadline_is_two_months_from_the_bodacc_publication(doc):
    assert doc.details["deadline"] == "2026-12-16"
    assert doc.details["deadline_text"] == "16 décembre 2026"
    text = pdfcheck.flat(doc.content)
    assert "16 décembre 2026" in text and "R622-24" in text
    assert doc.details["late"] is False and "L622-26" not in text


def test_every_mention_is_read_back(doc):
    text = pdfcheck.flat(doc.content)
    for mention in ("Déclaration de créance", "SELARL MJ Synergie".upper(), "3 RUE SERVIENT",
                    "redressement judiciaire", "le tribunal des activités économiques de Lyon",
                    "6 octobre 2026",
                    "16 octobre 2026", "L622-24", "R622-23", "Martin Bâtiment",
                    "Atelier Dupont", "F-2026-0117", "F-2026-0152", "Sommes à échoir",
                    "Clause de réserve de propriété", "Instance en cours",
                    "Pièces justificatives", "Marie Dupont", "Gérante",
                    "LETTRE RECOMMANDÉE AVEC DEMANDE D’AVIS DE RÉCEPTION"):
        assert mention in text, mention
    # a retention-of-title clause is no security: the claim stays chirographaire (TR4)
    assert "assortie des sûretés" not in text and "à titre chirographaire" in text


def test_interest_stops_on_the_eve_of_the_opening_judgment(doc):
    assert doc.details["interest_until"] == "2026-10-05"
    text = pdfcheck.flat(doc.content)
    assert "arrêtés au 5 octobre 2026, veille du jugement" in text and "L622-28" in text
    # 3 000 + 1 500 principal, 142,61 + 41,79 interest to 5 Oct., 2 × 40 € indemnities
    assert doc.details["amount_declared"] == "4764.40"
    assert "4 764,40 €" in text


def test_sums_to_fall_due_are_listed_with_their_dates(runtime):
    raw = insolvent_raw(opened_on="2026-07-10", bodacc_published_on="2026-07-20")
    doc = render(runtime, raw)
    text = pdfcheck.flat(doc.content)
    # F-2026-0152 falls due on 15 July, after the opening: principal only, no indemnity
    assert doc.details["amount_to_fall_due"] == "1500.00"
    assert "15/07/2026" in text and "Total des sommes à échoir" in text
    assert "chirographaire" in text


def test_a_late_declaration_asks_for_relief_within_six_months(runtime):
    raw = insolvent_raw(opened_on="2026-08-03", bodacc_published_on="2026-08-14")
    doc = render(runtime, raw)
    assert doc.details["deadline"] == "2026-10-14" and doc.details["late"] is True
    assert doc.details["relief_deadline"] == "2027-02-14"
    text = pdfcheck.flat(doc.content)
    assert "relevé de forclusion" in text or "relevé de la forclusion" in text
    assert "L622-26" in text and "14 février 2027" in text
    assert "declaration_late" in [w["code"] for w in doc.warnings]


def test_a_pending_lawsuit_is_named(runtime):
    doc = render(runtime, insolvent_raw(), pending_lawsuit="le tribunal de commerce de Lyon"
                 " (RG 2026F01234)")
    assert "RG 2026F01234" in pdfcheck.flat(doc.content)


def test_without_proceedings_or_mandataire_it_is_a_422(runtime):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, example_raw())
    assert "case.debtor.insolvency" in [e.path for e in exc.value.errors]
    raw = insolvent_raw()
    del raw["debtor"]["insolvency"]["mandataire"]
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, raw)
    assert "case.debtor.insolvency.mandataire" in [e.path for e in exc.value.errors]


def test_it_is_posted_to_the_mandataire(doc):
    assert doc.postage is not None
    assert doc.filename == "declaration-de-creance_DOS-2026-0042.pdf"


# ------------------------------------------------------------ second reading (lawyer, 2026-12)


@pytest.mark.parametrize("procedure,words", [
    ("redressement_judiciaire", ("a ouvert un redressement judiciaire", "d’un redressement"
                                 " judiciaire ouvert", "redressement judiciaire de Martin"
                                 " Bâtiment ouvert le")),
    ("sauvegarde", ("a ouvert une procédure de sauvegarde", "d’une procédure de sauvegarde"
                    " ouverte", "procédure de sauvegarde de Martin Bâtiment ouverte le")),
    ("liquidation_judiciaire", ("a ouvert une liquidation judiciaire", "d’une liquidation"
                                " judiciaire ouverte", "liquidation judiciaire de Martin"
                                " Bâtiment ouverte le")),
])
def test_sr9_the_procedure_names_agree_in_gender(runtime, procedure, words):
    doc = render(runtime, insolvent_raw(procedure=procedure))
    text = pdfcheck.flat(doc.content)
    letter, warning, object_line = words
    assert letter in text and object_line in text
    assert "une redressement" not in text and "un procédure" not in text
    message = next(w for w in doc.warnings if w["code"] == "insolvency_open")["message_fr"]
    assert warning in message.replace("\u00a0", " ")


def test_sr9_penalties_between_professionals_legal_interest_for_a_consumer(doc, runtime):
    words = [w for w, *_ in pdfcheck.words(doc.content, 1)]
    # the case has a payment: « Principal restant dû » after the amount and the payments
    # (seventh reading 1)
    head = " ".join(words).split(" Principal restant dû ")[1][:40]
    assert head.lstrip().startswith("Pénalités de retard Indemnité")
    assert "Intérêts Indemnité" not in " ".join(words)


def test_sr9_a_retention_of_title_clause_gives_its_source_and_the_claim_in_kind(doc):
    text = pdfcheck.flat(doc.content)
    # the stipulation it rests on (case.terms.reference)
    assert ("Clause de réserve de propriété (stipulée par : Conditions générales de vente,"
            " article 9)") in text
    # the reminder: the declaration does not preserve the right to the goods (L624-9)
    assert "revendication des biens vendus qui se retrouvent en nature" in text
    assert "La présente déclaration ne vaut pas revendication de ces biens" in text
    assert "trois mois de la publication" in text and "L624-9" in text
    assert "au plus tard le 16 janvier 2027" in text
    warning = next(w for w in doc.warnings if w["code"] == "retention_of_title_claim")
    assert "L624-16" in warning["message_fr"] and "L624-9" in warning["message_fr"]


def test_sr9_a_retention_clause_without_any_stipulation_warns(runtime):
    raw = insolvent_raw()
    raw["terms"]["reference"] = None
    doc = render(runtime, raw, securities=["Clause de réserve de propriété"])
    assert "retention_of_title_source_missing" in [w["code"] for w in doc.warnings]
    named = render(runtime, raw, securities=["Réserve de propriété, article 5 des CGV"])
    assert "retention_of_title_source_missing" not in [w["code"] for w in named.warnings]
    assert "stipulée par" not in pdfcheck.flat(named.content)


def test_fv2_the_creditor_certifies_the_claim_sincere(doc):
    text = pdfcheck.flat(doc.content)
    amount = doc.details["amount_declared"].replace(".", ",")
    whole, cents = amount.split(",")
    grouped = f"{int(whole):,}".replace(",", " ")
    assert (f"La société Atelier Dupont certifie sincère et véritable la présente créance de"
            f" {grouped},{cents} €.") in text
    # before the closing request, without an article the reference file does not source
    assert text.index("certifie sincère") < text.index("accuser réception")
    assert "L622-25" not in text

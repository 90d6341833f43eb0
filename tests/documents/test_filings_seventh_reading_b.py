"""The practitioner's seventh reading of the filings, findings 2, 3 and 4, read back from the
PDF of the golden cases and of variants."""

from __future__ import annotations

from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.documents.test_filings_fourth_reading import golden_request, render
from tests.factories import MDE_PRESENTED, consumer_raw


def flat(doc) -> str:
    return pdfcheck.flat(doc.content).replace("\u00a0", " ").replace("\u202f", " ")


def golden_doc(runtime, name, mutate=None, **extra):
    d = golden_request(name)
    if mutate is not None:
        mutate(d["case"])
    return render(runtime, d["kind"], d["case"], **{**d.get("options", {}), **extra})


# ------------------------------ 2: the agent company acts through its legal representative

def test_sv7_2_an_employee_acts_for_the_agent_company_duly_authorised(runtime):
    """« Chargé de recouvrement » is not the legal representative of an SAS (C. com. L227-6):
    the company acts through its legal representative and, for it, M. Morel."""
    doc = golden_doc(runtime, "pouvoir_special")
    text = flat(doc)
    assert ("Le mandataire : Recouvre Conseil SAS, dont le siège social est situé 20 rue"
            " Childebert, 69002 Lyon, prise en la personne de son représentant légal, et pour"
            " elle M. Julien Morel, chargé de recouvrement, dûment habilité.") in text
    assert "représentée par M. Julien Morel" not in text
    warning = next(w for w in doc.warnings if w["code"] == "agent_signatory_delegation")
    assert warning["path"] == "case.issuer.signatory.title"
    assert "délégation" not in text  # the advice is the API's, not the document's


def test_sv7_2_a_chargee_is_duly_authorised_in_the_feminine(runtime):
    def chargee(case):
        case["issuer"]["signatory"] = {"name": "Claire Roux", "title": "Chargée de recouvrement"}
    text = flat(golden_doc(runtime, "pouvoir_special", chargee))
    assert ("et pour elle Mme Claire Roux, chargée de recouvrement, dûment habilitée.") in text


def test_sv7_2_the_president_represents_the_agent_company(runtime):
    def president(case):
        case["issuer"]["signatory"] = {"name": "Julien Morel", "title": "Président"}
    doc = golden_doc(runtime, "pouvoir_special", president)
    text = flat(doc)
    assert ("20 rue Childebert, 69002 Lyon, représentée par son président, M. Julien Morel.") \
        in text
    assert "représentant légal" not in text
    assert "agent_signatory_delegation" not in [w["code"] for w in doc.warnings]


# ------------------------------------- 4: the reception report says what it says, no more

def test_sv7_4_refere_states_the_reception_as_the_piece_says_it(runtime):
    """The report of 30 April predates both invoices (« Pose et finitions » billed 15 June):
    the act gives its date, not the reception of each invoice."""
    text = flat(golden_doc(runtime, "refere_provision"))
    assert ("Les travaux ont été réceptionnés sans réserve le 30 avril 2026 (procès-verbal de"
            " réception, pièce n° 4).") in text
    assert "a réceptionné les prestations" not in text
    assert "prestations ont été réceptionnées" not in text
    # the argument rests on the contract and the invoices; a report that predates part of the
    # work billed is not argued (ninth reading 3: reception_before_invoice)
    assert ("l’obligation de payer n’est pas sérieusement contestable : elle résulte du contrat"
            " liant les parties (Conditions générales de vente, pièce n° 1) et des"
            " factures produites (pièces n° 2 et 3), dont le solde demeure impayé malgré les"
            " démarches amiables restées sans effet.") in text
    assert "en outre, les travaux" not in text
    # the tribunal des activités économiques: CPC 873, never 835
    assert "article 873 alinéa 2 du code de procédure civile" in text
    assert "835" not in text


def test_sv7_4_the_report_is_tied_to_the_invoices_only_when_the_case_ties_it(runtime):
    def performed(case):
        for inv in case["invoices"]:
            inv["performed_on"] = "2026-04-28"
    text = flat(golden_doc(runtime, "refere_provision", performed))
    assert ("les prestations facturées ont été réceptionnées par la société Martin Bâtiment sans"
            " réserve le 30 avril 2026 (procès-verbal de réception, pièce n° 4)") in text
    # covering every invoice, the report is argued too (ninth reading 3)
    assert ("restées sans effet ; en outre, les prestations facturées ont été réceptionnées"
            " par la société Martin Bâtiment sans réserve le 30 avril 2026") in text


def test_sv7_4_the_assignation_says_it_the_same_way(runtime):
    """The assignation au fond on the référé's case: the same exposé of the reception."""
    d = golden_request("refere_provision")
    text = flat(render(runtime, "assignation", d["case"]))
    assert ("Les travaux ont été réceptionnés sans réserve le 30 avril 2026 (procès-verbal de"
            " réception, pièce n° 4).") in text
    assert "prestations ont été réceptionnées" not in text


# -------------------------------- 3: the greffe's costs go with the request (CPC 1425)

def test_sv7_3_the_letter_encloses_the_fees_without_waiting_for_the_greffe(runtime):
    """No figure given, the tariff unconfirmed: the payment is enclosed without a figure, and
    the API (never the letter) tells the user to enclose the current tariff."""
    doc = golden_doc(runtime, "lettre_greffe", fee_amount=None)  # the golden gives 30.23
    text = flat(doc)
    assert ("Conformément à l’article 1425 du code de procédure civile, je joins à la présente le"
            " règlement des frais de procédure, par chèque à l’ordre du greffe du tribunal des"
            " activités économiques de Lyon.") in text
    assert "m’indiquer le montant" not in text and "dès que vous me l’aurez indiqué" not in text
    assert "25,19" not in text and "33,47" not in text
    warning = next(w for w in doc.warnings if w["code"] == "greffe_fees_amount_unknown")
    assert warning["path"] == "options.fee_amount"
    assert "court_fee_unverified" not in [w["code"] for w in doc.warnings]
    assert doc.details["court_fee_printed"] is False


def test_sv7_3_a_fee_amount_given_is_the_cheque_enclosed(runtime):
    doc = golden_doc(runtime, "lettre_greffe", fee_amount="33.47")
    text = flat(doc)
    assert ("Conformément à l’article 1425 du code de procédure civile, je joins à la présente un"
            " chèque de 33,47 € à l’ordre du greffe du tribunal des activités économiques de"
            " Lyon, en règlement des frais de procédure.") in text
    assert "greffe_fees_amount_unknown" not in [w["code"] for w in doc.warnings]
    assert doc.details["court_fee_printed"] is True


def test_sv7_3_fees_paid_online_are_said_paid(runtime):
    text = flat(golden_doc(runtime, "lettre_greffe", fee_payment="online", fee_amount="33.47"))
    assert ("les frais de procédure, soit 33,47 €, ont été réglés au greffe par son service de"
            " paiement en ligne.") in text
    assert "chèque" not in text


def test_sv7_3_a_transfer_says_the_fifteen_days_and_warns(runtime):
    doc = golden_doc(runtime, "lettre_greffe", fee_payment="virement")
    text = flat(doc)
    assert ("sont à verser au greffe dans les quinze jours de la présente demande, à peine de"
            " caducité de celle-ci") in text
    assert "greffe_fees_not_enclosed" in [w["code"] for w in doc.warnings]


def test_sv7_3_no_fees_before_the_tribunal_judiciaire(runtime):
    """Before the TJ the procedure is free: no 1425 paragraph, a given amount is not printed."""
    raw = consumer_raw(received_on=MDE_PRESENTED)
    raw["evidence"] = evidence()
    raw["court"] = {"name": "Tribunal judiciaire de Lyon", "address": {
        "street": "67 rue Servient", "postal_code": "69003", "city": "Lyon"}}
    doc = render(runtime, "lettre_greffe", raw, fee_amount="33.47")
    text = flat(doc)
    assert "1425" not in text and "33,47" not in text and "chèque" not in text
    assert "greffe_fees_not_applicable" in [w["code"] for w in doc.warnings]


def test_sv7_2_the_greffe_letter_says_the_agent_company_holds_the_power(runtime):
    """Filed by the mandataire: the power was given to Recouvre Conseil SAS, not to the
    employee who signs the letter."""
    d = golden_request("lettre_greffe")
    d["case"]["issuer"] = golden_request("pouvoir_special")["case"]["issuer"]
    text = flat(render(runtime, "lettre_greffe", d["case"], filed_by="issuer"))
    assert ("le pouvoir spécial par lequel Atelier Dupont a donné mandat à Recouvre Conseil SAS"
            " de la représenter (article 416 du code de procédure civile).") in text
    assert "m’a donné mandat" not in text

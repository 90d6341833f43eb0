"""Helpers shared by the documents: invoice-to-pièce matching, décompte verification flag."""

from __future__ import annotations

from dataclasses import replace

from service.contract import load_request
from service.documents import common, injonction_claim, injonction_de_payer, injonction_form
from service.documents.facts import CaseFacts
from service.model import Evidence
from tests.documents.test_bordereau import evidence
from tests.factories import example_raw, inv, make_case


def piece(title: str) -> Evidence:
    return Evidence(title=title, media_type="application/pdf", content_base64="")


def test_an_invoice_number_matches_a_piece_only_as_a_whole_token():
    case = replace(make_case([inv("F-1", "100.00", "2026-01-10"), inv("F-12", "200.00", "2026-01-20")],
                             as_of="2026-03-01"),
                   evidence=(piece("Facture F-12"), piece("Facture F-1 (avoir F-1/2 exclu)"),
                             piece("Relance du 3 février, factures F-1 et F-12"),
                             piece("Facture F-1/2"), piece("Bon F-1_bis"), piece("Facture AF-1")))
    assert common.invoice_pieces(case) == {"F-1": [2, 3], "F-12": [1, 3]}


def test_an_invoice_named_by_no_piece_maps_to_no_piece():
    case = replace(make_case([inv("F-1", "100.00", "2026-01-10")], as_of="2026-03-01"),
                   evidence=(piece("Conditions générales de vente"),))
    assert common.invoice_pieces(case) == {"F-1": []}


def test_the_injonction_cites_only_the_pieces_naming_a_whole_invoice_number():
    raw = example_raw()
    raw["evidence"] = evidence()
    numbers = [i["number"] for i in raw["invoices"]]
    raw["evidence"][0]["title"] = f"Facture {numbers[0]}9"  # another invoice, longer number
    raw["evidence"][1]["title"] = f"Facture {numbers[1]}"
    case, options = load_request({"case": raw, "options": {}}, injonction_de_payer.SPEC)
    facts = CaseFacts(case)
    claim = injonction_claim.build(case, facts, issuer=options.issuer, referral=None)
    # per invoice (second reading SR7): « F-2026-0117 » is not proved by « F-2026-01179 »
    assert claim.principal.documents == (f"{numbers[0]}\u00a0: non produite\u00a0;"
                                         f" {numbers[1]}\u00a0: pièce n°\u00a02")
    values = injonction_form.form_values(case, claim, facts.court)
    assert values["sums.principal.documents"] == claim.principal.documents


def test_attach_evidence_and_draft_follow_the_kind_defaults_unless_the_options_say():
    from service.contract import load_options
    from service.documents import assignation, mise_en_demeure

    def attach(raw, spec):
        return load_options(raw, spec).attach_evidence

    assert attach({}, injonction_de_payer.SPEC) is True
    assert attach({"attach_evidence": None}, injonction_de_payer.SPEC) is True
    assert attach({"attach_evidence": False}, injonction_de_payer.SPEC) is False
    assert attach({}, mise_en_demeure.SPEC) is False
    assert attach({"attach_evidence": True}, mise_en_demeure.SPEC) is True

    case, _ = load_request({"case": example_raw()}, with_options=False)
    facts = CaseFacts(case)
    for raw, watermark in (({}, True), ({"draft": None}, True), ({"draft": True}, True),
                           ({"draft": False}, False)):
        plan = assignation.SPEC.plan(case, facts, load_options(raw, assignation.SPEC))
        assert plan.details["draft"] is watermark, raw
        assert (plan.parts[0].context["draft"] is not None) is watermark

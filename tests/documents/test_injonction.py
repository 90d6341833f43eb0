"""Requête en injonction de payer: the Cerfa filled from the case and the décompte, read back."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from service import fr
from service.contract import load_request
from service.documents import common
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.law.decompte import compute_decompte
from service.pdf.verify import verify_pdf
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.factories import consumer_raw, copy_raw, example_raw


def consumer_tj():
    """The consumer case without the example's commercial court (a 422 for a consumer, A4)."""
    raw = consumer_raw()
    raw.pop("court", None)
    return raw


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS["injonction_de_payer"])
    return generate("injonction_de_payer", case, opts, runtime), case


def fields(pdf: bytes) -> dict[str, str]:
    found = PdfReader(BytesIO(pdf)).get_fields() or {}
    return {k: str(v.get("/V")) for k, v in found.items() if v.get("/V") is not None}


@pytest.fixture(scope="module")
def unflattened(runtime):
    return render(runtime, example_raw(), flatten=False)


def test_commercial_form_fields_equal_the_case_and_the_decompte(unflattened):
    doc, case = unflattened
    t = compute_decompte(case).totals
    f = fields(doc.content)
    assert f["juridiction_nom"] == "Tribunal des activités économiques de Lyon"
    assert f["juridiction_adresse"] == "44 rue de Bonnel, 69003 Lyon"
    assert f["demandeur_pm"] == "/Oui" and f["demandeur_pp"] == "/Off"
    assert f["demandeur_nom"] == "Atelier Dupont"
    assert f["demandeur_forme"] == "SARL"
    assert f["demandeur_siren"] == "RCS Lyon 732\u00a0829\u00a0320"  # never cut
    assert f["demandeur_siege"] == "12 rue de la République, 69002 Lyon"
    assert f["demandeur_representant"] == "Marie Dupont, Gérante"
    assert f["debiteur_pm"] == "/Oui"
    assert f["debiteur_nom"] == "Martin Bâtiment"
    assert f["debiteur_forme"] == "SAS"
    assert f["debiteur_siren"] == "RCS Lyon 404\u00a0833\u00a0048"
    assert f["debiteur_adresse"] == "Bâtiment B, 45 avenue Roger Salengro, 69100 Villeurbanne"
    assert f["renvoi_1408"] == "/Off"  # never ticked unless asked
    assert f["principal_montant"] == fr.money(t.outstanding) == "4\u202f500,00\u00a0€"
    assert "F-2026-0117, F-2026-0152" in f["principal_fondement"]
    assert "L441-10" not in f["principal_fondement"]  # I10: contract and invoices
    assert f["interets_montant"] == fr.money(t.interest)
    assert f["interets_date"] == "04/06/2026"  # day after the first due date
    assert f["clause_penale_montant"] == "Néant"
    assert f["frais_montant"] == fr.money(t.indemnities) == "80,00\u00a0€"
    assert "D441-5" in f["frais_fondement"]
    assert f["total_montant"] == fr.money(t.total_due) == "4\u202f834,72\u00a0€"
    assert f["fait_a"] == "Lyon" and f["fait_le"] == "20 novembre 2026"
    assert f["signataire"] == "Marie Dupont, Gérante, pour Atelier Dupont"
    assert doc.extra["form"] == "12946*02"
    assert doc.extra["court"]["jurisdiction"] == "tribunal_des_activites_economiques"
    assert doc.extra["court"]["department"] == "69"
    assert doc.extra["court_fees"]["uncertain"] is True
    assert doc.extra["lawyer_required"] is False
    assert any(w["code"] == "court_fee_uncertain" for w in doc.warnings)


def test_the_annex_carries_the_detailed_decompte_and_nothing_false(unflattened):
    doc, _ = unflattened
    text = pdfcheck.flat(doc.content)
    assert doc.pages == 3  # two form pages, one annex page
    for mention in ["ANNEXE À LA REQUÊTE", "Décompte détaillé de la créance", "189,49 €", "65,23 €",
                    "4 834,72 €", "Relance par courriel du 10 juin 2026"]:
        assert mention in text, mention
    assert "interrompt la prescription" not in text and "interrompre la prescription" not in text


def test_the_request_is_sealed_invisibly_and_valid(unflattened, runtime):
    doc, _ = unflattened
    (report,) = verify_pdf(doc.content, runtime.signer.trust_roots)
    assert report.ok, report.summary
    assert pdfcheck.qpdf_check(doc.content).returncode == 0
    reader = PdfReader(BytesIO(doc.content))
    for page in reader.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/FT") == "/Sig":  # never drawn in the creditor's signature box
                assert [float(v) for v in a["/Rect"]] == [0, 0, 0, 0]


def test_flattened_form_shows_the_values_as_text(runtime):
    doc, _ = render(runtime, example_raw())
    reader = PdfReader(BytesIO(doc.content))
    assert {k: v.get("/FT") for k, v in (reader.get_fields() or {}).items()} == {
        "RecouvreSeal": "/Sig"}  # only the seal: no form field left
    text = pdfcheck.flat(doc.content)
    for value in ["Tribunal des activités économiques de Lyon", "Atelier Dupont", "Martin Bâtiment",
                  "RCS Lyon 404 833 048", "4 500,00 €", "80,00 €", "4 834,72 €", "Néant",
                  "04/06/2026", "Marie Dupont, Gérante, pour Atelier Dupont"]:
        assert value in text, value
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok


def test_consumer_in_grenoble_gets_the_tj_form_with_the_amicable_block(runtime):
    doc, case = render(runtime, consumer_tj(), flatten=False)
    f = fields(doc.content)
    assert doc.extra["form"] == "12948*06"
    assert doc.extra["court"]["jurisdiction"] == "tribunal_judiciaire"
    assert doc.extra["court"]["department"] == "38"
    assert f["debiteur_pp"] == "/Oui" and f["debiteur_nom"] == "LEFÈVRE"
    assert f["debiteur_prenoms"] == "Claire"
    assert f["interets_taux_legal"] == "/Oui" and f["interets_taux_conv"] == "/Off"
    assert f["interets_date"] == "02/10/2026"  # the day after the mise en demeure
    assert f["frais_montant"] == "Néant"  # no 40 € indemnity against a consumer
    assert f["total_montant"] == fr.money(compute_decompte(case).totals.total_due)
    # claim ≤ 5 000 € before the TJ: the 750-1 statement, dispensation ground 3°
    assert f["amiable_dispense"] == "/Oui" and f["amiable_effectuee"] == "/Off"
    assert "750-1 3°" in f["amiable_precisions"]
    assert any(w["code"] == "amicable_attempt_statement" for w in doc.warnings)


def test_overlong_debtor_name_goes_to_the_annex_with_its_reference(runtime):
    raw = copy_raw(example_raw())
    long_name = "Martin Bâtiment Rénovation " + " ".join(
        f"Menuiserie Charpente Couverture Zinguerie Lot {i}" for i in range(4))
    raw["debtor"]["name"] = long_name
    doc, _ = render(runtime, raw, flatten=False)
    f = fields(doc.content)
    assert f["debiteur_nom"].endswith("(suite en annexe, point 1)")
    annex = pdfcheck.flat(doc.content).split("ANNEXE À LA REQUÊTE")[1]
    assert "(suite en annexe, point 1) — Débiteur — nom ou dénomination" in annex
    assert long_name in annex


def test_evidence_is_appended_after_a_bordereau(runtime):
    raw = example_raw()
    raw["evidence"] = evidence()
    doc, _ = render(runtime, raw)
    assert doc.pages == 3 + 1 + 3  # form, annex, bordereau, pièces (2 + 1 pages)
    text = pdfcheck.flat(doc.content)
    # a requête is not contradictory: pièces produced to the judge, creditor and debtor
    bordereau = text.split("BORDEREAU DES PIÈCES JUSTIFICATIVES")
    assert len(bordereau) == 2
    page = text.split("Pièces produites à l’appui de la requête")[1].split("Pièce n° 1 — page")[0]
    assert "CRÉANCIER" in page and "DÉBITEUR" in page and "2 pièces produites" in page
    assert "DÉFENDEUR" not in page and "communiquée" not in page
    assert "Pièce n° 1 — page 2/2 — Réf. DOS-2026-0042" in text
    assert fields(doc.content) == {} or "principal_montant" not in fields(doc.content)
    reader = PdfReader(BytesIO(doc.content))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "Requête en injonction de payer"
    assert "Bordereau des pièces justificatives" in titles
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok
    assert pdfcheck.qpdf_check(doc.content).returncode == 0


def test_referral_1408_option_ticks_the_box_and_names_the_court(runtime):
    doc, _ = render(runtime, example_raw(), flatten=False,
                    referral_1408="Tribunal des activités économiques de Lyon")
    f = fields(doc.content)
    assert f["renvoi_1408"] == "/Oui"
    assert f["renvoi_juridiction"] == "Tribunal des activités économiques de Lyon"


def test_the_rate_box_is_the_conventional_rate_only(runtime, unflattened):
    # « au taux conventionnel de … % »: neither the legal rate nor BCE + 10 points goes there
    consumer, _ = render(runtime, consumer_tj(), flatten=False)
    assert not fields(consumer.content).get("interets_taux")
    assert not fields(unflattened[0].content).get("interets_taux")
    raw = copy_raw(example_raw())
    raw["terms"]["late_penalty_rate"] = "0.15"
    contractual, _ = render(runtime, raw, flatten=False)
    f = fields(contractual.content)
    assert f["interets_taux_conv"] == "/Oui" and f["interets_taux"] == "15,00"


def test_the_amicable_box_fits_and_the_annex_lists_the_reminders_once(runtime):
    doc, _ = render(runtime, consumer_tj(), flatten=False)
    f = fields(doc.content)
    assert "suite en annexe" not in f["amiable_precisions"]
    assert f["amiable_precisions"].endswith("Démarches amiables\u00a0: voir l’annexe.")
    annex = pdfcheck.flat(doc.content).split("ANNEXE À LA REQUÊTE")[1]
    assert "Suite des rubriques" not in annex  # nothing overflowed
    assert ("Relance par courriel du 10 juin 2026 ; relance par appel téléphonique du 20 juillet"
            " 2026 ; relance par courrier du 1er septembre 2026 ; mise en demeure par lettre"
            " recommandée avec accusé de réception du 1er octobre 2026.") in annex


def test_form_values_follow_french_typography(unflattened):
    f = fields(unflattened[0].content)
    assert "n°\u00a0F-2026-0117" in f["principal_fondement"]
    assert "\u00a0; art. 1103 C. civ." in f["principal_fondement"]
    annex = PdfReader(BytesIO(unflattened[0].content)).pages[2].extract_text()
    assert "Décompte arrêté au 20\u00a0novembre\u00a02026\u00a0:" in annex  # a date is never cut
    assert "Cerfa n°\u00a012946*02" in annex and "Réf.\u00a0DOS-2026-0042" in annex


def test_an_agent_firm_name_fits_its_box(runtime):
    # « SELARL Actes & Recouvrement, commissaires de justice associés » (61 characters) went to
    # the annex when the box shared its line with « Qualité »
    raw = copy_raw(example_raw())
    raw["issuer"]["signatory"] = {"name": "Me Luc Bernard"}
    doc, case = render(runtime, raw, flatten=False, issuer="commissaire_de_justice")
    f = fields(doc.content)
    assert f["mandataire_nom"] == case.issuer.name
    # I6: the officer signs, not the creditor's manager
    assert f["signataire"] == "Me Luc Bernard, pour Atelier Dupont"
    assert f["mandataire_qualite"] == "Commissaire de justice"
    assert "suite en annexe" not in f["mandataire_nom"] + f["signataire"]


def test_the_annex_never_casts_doubt_on_the_claim(runtime):
    """L11/M6: an unverified source is an API warning, never a sentence in the annex filed
    with the judge (the partial the letters share)."""
    consumer, consumer_case = render(runtime, consumer_tj(), flatten=False)
    assert common.decompte_unverified(compute_decompte(consumer_case))  # the legal rate's source
    text = pdfcheck.flat(consumer.content)
    assert "restent à confirmer" not in text and "non officielles" not in text


def test_the_request_without_evidence_carries_its_metadata_and_language(runtime):
    doc, case = render(runtime, example_raw())
    assert not case.evidence
    reader = PdfReader(BytesIO(doc.content))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Requête en injonction de payer — {case.reference}"
    assert meta.author == case.creditor.display_name
    assert meta.subject == f"Requête en injonction de payer, dossier {case.reference}"
    assert meta.keywords == f"{case.reference}, injonction de payer, {case.debtor.display_name}"
    assert meta["/CreationDate"] == "D:20261120120000+01'00'"  # noon, Paris, on as_of
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert pdfcheck.qpdf_check(doc.content).returncode == 0


# ---------------------------------------------------------------------------- legal review I
# each reads the requête back from the PDF and failed before the fix


def _all_text(doc) -> str:
    """The flattened form and its annex, as pdftotext reads them."""
    return pdfcheck.flat(doc.content)


def test_I2_the_interest_row_gives_each_start_date_the_running_penalties_and_the_costs(runtime):
    doc, _ = render(runtime, example_raw())
    text = _all_text(doc)
    assert "F-2026-0117 : dès le 04/06/2026" in text
    assert "F-2026-0152 : dès le 16/07/2026" in text
    assert "jusqu’à parfait paiement" in text and "dépens" in text
    assert "12,15 % puis 12,40 %" in text


def test_I3_a_contractual_rate_raised_to_the_floor_prints_the_floor(runtime):
    raw = copy_raw(example_raw())
    raw["terms"]["late_penalty_rate"] = "0.05"
    doc, _ = render(runtime, raw)
    text = _all_text(doc)
    assert "porté au taux plancher de trois fois le taux de l’intérêt légal" in text
    assert "(7,86 % puis 8,25 %)" in text


def test_I6_the_lawyer_who_files_signs(runtime):
    doc, _ = render(runtime, example_raw(), flatten=False, issuer="avocat")
    f = fields(doc.content)
    assert f["signataire"] == "Maître Sophie Garnier, avocat, pour Atelier Dupont"
    assert "Marie Dupont" not in f["signataire"]


def _time_barred(raw):
    raw = copy_raw(raw)
    raw["invoices"][1]["issue_date"] = "2020-06-01"
    raw["invoices"][1]["due_date"] = "2020-07-01"
    return raw


@pytest.mark.parametrize("kind", ["injonction_de_payer", "refere_provision", "assignation"])
def test_I8_a_time_barred_invoice_makes_every_filing_a_422(runtime, kind):
    from service.errors import CaseInvalid
    case, opts = load_request({"case": _time_barred(example_raw()), "options": {}}, KINDS[kind])
    with pytest.raises(CaseInvalid) as info:
        generate(kind, case, opts, runtime)
    (err,) = [e for e in info.value.errors if e.code == "prescription_acquired"]
    assert err.path == "case.invoices[1]"
    assert "F-2026-0152" in err.message_fr and "prescrite" in err.message_fr

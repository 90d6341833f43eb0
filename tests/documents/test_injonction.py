"""Requête en injonction de payer, read back from the PDF: the free-form requête (no official
form installed, the usual case) and the official-Cerfa path with a form the test builds."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from service import fr, paths
from service.contract import load_request
from service.documents import common
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.law.decompte import compute_decompte
from service.pdf.verify import verify_pdf
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.factories import MDE_PRESENTED, consumer_raw, copy_raw, example_raw
from tests.pdf.cerfa_fixture import build_form


def consumer_tj():
    """The consumer case without the example's commercial court (a 422 for a consumer, A4)."""
    raw = consumer_raw(received_on=MDE_PRESENTED)
    raw.pop("court", None)
    return raw


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS["injonction_de_payer"])
    return generate("injonction_de_payer", case, opts, runtime), case


def fields(pdf: bytes) -> dict[str, str]:
    found = PdfReader(BytesIO(pdf)).get_fields() or {}
    return {k: str(v.get("/V")) for k, v in found.items() if v.get("/V") is not None}


@pytest.fixture(scope="module")
def company(runtime):
    return render(runtime, example_raw())


@pytest.fixture(scope="module")
def consumer(runtime):
    return render(runtime, consumer_tj())


def strasbourg():
    raw = copy_raw(example_raw())
    raw["debtor"]["address"] = {"street": "3 quai Kléber", "postal_code": "67000",
                                "city": "Strasbourg"}
    raw["debtor"]["rcs_city"] = "Strasbourg"
    raw.pop("court", None)
    return raw


@pytest.fixture
def official_forms(tmp_path, monkeypatch):
    """The official forms dropped into forms/cerfa (here: forms the test builds)."""
    for form_id in ("12946*02", "12948*06"):
        build_form(tmp_path, form_id)
    monkeypatch.setattr(paths, "FORMS_CERFA", tmp_path)
    return tmp_path


def test_the_free_form_requete_carries_the_case_and_the_decompte(company):
    doc, case = company
    t = compute_decompte(case).totals
    text = pdfcheck.flat(doc.content)
    for mention in ["Tribunal des activités économiques de Lyon", "44 rue de Bonnel, 69003 Lyon",
                    "La société Atelier Dupont, SARL", "RCS de Lyon sous le n° 732 829 320",
                    "La société Martin Bâtiment, SAS", "situé 45 avenue Roger Salengro, 69100",
                    fr.money(t.outstanding).replace("\u202f", " ").replace("\u00a0", " "),
                    "254,72 €", "80,00 €", "Total de la demande", "4 834,72 €",
                    "Fait à Lyon, le 20 novembre 2026", "Marie Dupont, Gérante, pour Atelier Dupont"]:
        assert mention in text, mention
    assert doc.extra["form"] == "free_form" and doc.details["court_form"] == "12946*02"
    assert doc.extra["court"]["jurisdiction"] == "tribunal_des_activites_economiques"
    assert doc.extra["court_fees"]["uncertain"] is True
    assert doc.extra["lawyer_required"] is False
    codes = [w["code"] for w in doc.warnings]
    assert "court_fee_uncertain" in codes and "official_form_absent" in codes
    reader = PdfReader(BytesIO(doc.content))
    assert set(reader.get_fields() or {}) == {"RecouvreSeal"}  # HTML: no form field


def test_i1_no_cerfa_branding_and_the_1407_mentions(company):
    doc, _ = company
    text = pdfcheck.flat(doc.content)
    assert text.startswith("REQUÊTE EN INJONCTION DE PAYER (articles 1405 et suivants du code de"
                           " procédure civile)")
    for mark in ["cerfa", "Cerfa", "RÉPUBLIQUE FRANÇAISE", "République française",
                 "Ministère de la justice", "12946", "12948", "Reproduction", "non officiel"]:
        assert mark not in text, mark
    # CPC 54, 57, 1407: court, parties, object, exact amount with its breakdown and ground,
    # date and signature
    for mention in ["Juridiction saisie", "Demandeur", "Débiteur", "Objet de la requête",
                    "Sommes demandées (article 1407", "Fondement de la créance",
                    "art. 1103 C. civ.", "Date et signature", "Signature",
                    "Décompte détaillé de la créance"]:
        assert mention in text, mention
    assert doc.pages == 2  # the requête on one page, its annex on the next


def test_the_annex_carries_the_detailed_decompte_and_nothing_false(company):
    doc, _ = company
    annex = pdfcheck.flat(doc.content).split("ANNEXE À LA REQUÊTE")[1]
    for mention in ["Décompte détaillé de la créance", "189,49 €", "65,23 €", "4 834,72 €",
                    "Relance par courriel du 10 juin 2026"]:
        assert mention in annex, mention
    text = pdfcheck.flat(doc.content)
    assert "interrompt la prescription" not in text and "interrompre la prescription" not in text


def test_the_request_is_sealed_invisibly_and_valid(company, runtime):
    doc, _ = company
    (report,) = verify_pdf(doc.content, runtime.signer.trust_roots)
    assert report.ok, report.summary
    assert pdfcheck.qpdf_check(doc.content).returncode == 0
    reader = PdfReader(BytesIO(doc.content))
    for page in reader.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/FT") == "/Sig":  # never drawn in the signature box
                assert [float(v) for v in a["/Rect"]] == [0, 0, 0, 0]


def test_consumer_in_grenoble_before_the_tj_with_the_amicable_statement(consumer):
    doc, case = consumer
    text = pdfcheck.flat(doc.content)
    assert doc.details["court_form"] == "12948*06"
    assert doc.extra["court"]["jurisdiction"] == "tribunal_judiciaire"
    assert "À Madame ou Monsieur le Président du tribunal judiciaire" in text
    assert "Claire LEFÈVRE" in text or "Claire Lefèvre" in text
    assert "Intérêts au taux légal" in text and "Indemnités forfaitaires" not in text
    assert fr.money(compute_decompte(case).totals.total_due).replace(
        "\u202f", " ").replace("\u00a0", " ") in text
    assert "Tentative préalable de résolution amiable" in text
    # a whole sentence (third reading), not « dispensé de cette tentative. Art. 750-1 3° CPC : … »
    assert ("tend à une décision rendue non contradictoirement : le demandeur est donc"
            " dispensé de cette tentative (article 750-1, 3°, du code de procédure civile).") in text
    assert "1425" not in text  # no consignation before the TJ
    assert any(w["code"] == "amicable_attempt_statement" for w in doc.warnings)


def test_evidence_is_appended_after_a_bordereau(runtime):
    raw = example_raw()
    raw["evidence"] = evidence()
    doc, _ = render(runtime, raw)
    # requête (its last row, total and signature on page 2: second reading 4) and annex,
    # bordereau, pièces (2 + 1 pages)
    assert doc.pages == 3 + 1 + 3
    text = pdfcheck.flat(doc.content)
    assert "énumérées au bordereau qui y est joint" in text
    # the sums name their pièces, invoice by invoice (second reading 7)
    assert "F-2026-0117 : pièce n° 1" in text.split("ANNEXE À LA REQUÊTE")[0]
    bordereau = text.split("BORDEREAU DES PIÈCES JUSTIFICATIVES")
    assert len(bordereau) == 2
    page = text.split("Pièces produites à l’appui de la requête")[1].split("Pièce n° 1 — page")[0]
    assert "CRÉANCIER" in page and "DÉBITEUR" in page and "2 pièces produites" in page
    assert "DÉFENDEUR" not in page and "communiquée" not in page
    assert "Pièce n° 1 — page 2/2 — Réf. DOS-2026-0042" in text
    reader = PdfReader(BytesIO(doc.content))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "Requête en injonction de payer"
    assert "Bordereau des pièces justificatives" in titles
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok
    assert pdfcheck.qpdf_check(doc.content).returncode == 0


def test_referral_1408_option_names_the_court(runtime, company):
    doc, _ = render(runtime, example_raw(), referral_1408="Tribunal des activités économiques de Lyon")
    text = pdfcheck.flat(doc.content)
    assert ("En cas d’opposition, le demandeur demande le renvoi immédiat de l’affaire devant la"
            " juridiction qu’il estime compétente, à savoir : Tribunal des activités économiques"
            " de Lyon.") in text
    assert "1408" not in pdfcheck.flat(company[0].content)  # never asked unless named


def test_the_annex_lists_the_reminders_once(consumer):
    text = pdfcheck.flat(consumer[0].content)
    reminders = ("Relance par courriel du 10 juin 2026 (facture F-2026-0117) ; relance par appel"
                 " téléphonique du 20 juillet 2026 ; relance par courrier du 1er septembre 2026 ;"
                 " mise en demeure par lettre recommandée avec demande d’avis de réception"
                 " du 1er octobre 2026.")
    assert text.count(reminders) == 1 and reminders in text.split("ANNEXE À LA REQUÊTE")[1]
    assert "Les démarches amiables accomplies sont énumérées en annexe." in text


def test_the_text_follows_french_typography(company):
    reader = PdfReader(BytesIO(company[0].content))
    page1, annex = (page.extract_text() for page in reader.pages)
    assert "n°\u00a0F-2026-0117" in page1 and re.search(r"\u00a0;\s+art\.\u00a01103", page1)
    assert "Décompte arrêté au 20\u00a0novembre\u00a02026\u00a0:" in annex  # a date is never cut
    assert "Réf.\u00a0DOS-2026-0042" in annex


def test_the_request_without_evidence_carries_its_metadata_and_language(company):
    doc, case = company
    assert not case.evidence
    reader = PdfReader(BytesIO(doc.content))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Requête en injonction de payer — {case.reference}"
    assert meta.author == case.creditor.display_name
    assert meta.subject == f"Requête en injonction de payer, dossier {case.reference}"
    assert meta.keywords == f"{case.reference}, injonction de payer, {case.debtor.display_name}"
    assert meta["/CreationDate"].startswith("D:20261120120000+01'00")  # noon, Paris, on as_of
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert pdfcheck.qpdf_check(doc.content).returncode == 0


@pytest.mark.parametrize("variant", ["pdf/a-3a", "pdf/ua-1"])
def test_the_free_form_requete_may_be_tagged(runtime, variant):
    doc, _ = render(runtime, example_raw(), pdf_variant=variant)
    root = PdfReader(BytesIO(doc.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok


# ---------------------------------------------------------------------------- official form


def test_i1_an_official_form_dropped_in_is_filled(runtime, official_forms):
    doc, case = render(runtime, example_raw(), flatten=False)
    t = compute_decompte(case).totals
    f = fields(doc.content)
    assert doc.extra["form"] == "12946*02"
    assert f["juridiction_nom"] == "Tribunal des activités économiques de Lyon"
    assert f["demandeur_pm"] == "/Oui" and f["demandeur_pp"] == "/Off"
    assert f["demandeur_nom"] == "Atelier Dupont"
    assert f["demandeur_siren"] == "RCS Lyon 732\u00a0829\u00a0320"
    assert f["debiteur_nom"] == "Martin Bâtiment"
    assert f["renvoi_1408"] == "/Off"
    assert f["principal_montant"] == fr.money(t.outstanding)
    assert "L441-10" not in f["principal_fondement"]  # I10
    assert f["interets_date"] == "04/06/2026"
    assert f["clause_penale_montant"] == "Néant"
    assert f["total_montant"] == fr.money(t.total_due)
    assert f["signataire"] == "Marie Dupont, Gérante, pour Atelier Dupont"
    assert "official_form_absent" not in [w["code"] for w in doc.warnings]
    annex = pdfcheck.flat(doc.content).split("ANNEXE À LA REQUÊTE")[1]
    assert "Cerfa n° 12946*02" in annex and "Décompte détaillé de la créance" in annex


def test_i1_the_official_form_is_flattened_by_default(runtime, official_forms):
    doc, _ = render(runtime, example_raw())
    reader = PdfReader(BytesIO(doc.content))
    assert {k: v.get("/FT") for k, v in (reader.get_fields() or {}).items()} == {
        "RecouvreSeal": "/Sig"}
    assert "Marie Dupont, Gérante, pour Atelier Dupont" in pdfcheck.flat(doc.content)


def test_variant_not_available_applies_to_the_official_form_only(runtime, official_forms):
    from service.errors import CaseInvalid
    with pytest.raises(CaseInvalid) as info:
        render(runtime, example_raw(), pdf_variant="pdf/a-3a")
    assert [e.code for e in info.value.errors] == ["variant_not_available"]


def test_c3_overflow_annex_headings_name_the_point(runtime, official_forms):
    raw = copy_raw(example_raw())
    long_name = "Martin Bâtiment Rénovation " + " ".join(
        f"Menuiserie Charpente Couverture Zinguerie Lot {i}" for i in range(4))
    raw["debtor"]["name"] = long_name
    doc, _ = render(runtime, raw, flatten=False)
    assert fields(doc.content)["debiteur_nom"].endswith("(suite en annexe, point 1)")
    annex = pdfcheck.flat(doc.content).split("ANNEXE À LA REQUÊTE")[1]
    assert "Point 1 — Débiteur — nom ou dénomination" in annex
    assert "(suite en annexe, point 1) —" not in annex
    assert long_name in annex


def test_the_rate_box_is_the_conventional_rate_only(runtime, official_forms):
    consumer, _ = render(runtime, consumer_tj(), flatten=False)
    assert not fields(consumer.content).get("interets_taux")
    raw = copy_raw(example_raw())
    raw["terms"]["late_penalty_rate"] = "0.15"
    contractual, _ = render(runtime, raw, flatten=False)
    f = fields(contractual.content)
    assert f["interets_taux_conv"] == "/Oui" and f["interets_taux"] == "15,00"


# ---------------------------------------------------------------------------- reviews
# each reads the requête back from the PDF


def _all_text(doc) -> str:
    return pdfcheck.flat(doc.content)


def test_I2_the_interest_row_gives_each_start_date_the_running_penalties_and_the_costs(company):
    text = _all_text(company[0])
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


def test_i4_the_annex_never_casts_doubt_on_the_claim(consumer, runtime):
    """An unverified source is an API warning, never a sentence in the annex filed with the
    judge (legal review I4, M6)."""
    doc, case = consumer
    assert common.decompte_unverified(compute_decompte(case))  # the legal rate's source
    raw = copy_raw(example_raw())
    raw["terms"]["late_penalty_rate"] = "0.05"
    contract, _ = render(runtime, raw)
    for text in (pdfcheck.flat(doc.content), pdfcheck.flat(contract.content)):
        assert "restent à confirmer" not in text and "non officielles" not in text
        assert "UNVERIFIED" not in text and "à vérifier" not in text


def test_i5_alsace_moselle_addressed_to_the_commercial_chamber_without_1425(runtime):
    doc, _ = render(runtime, strasbourg())
    text = pdfcheck.flat(doc.content)
    assert doc.extra["court"]["jurisdiction"] == "chambre_commerciale_tj"
    assert ("À Madame ou Monsieur le Président du tribunal judiciaire de Strasbourg, chambre commerciale"
            in text)
    assert "tribunal de commerce" not in text and "activités économiques" not in text
    assert "1425" not in text and "caducité" not in text  # the fee is unknown: no consignation
    assert "court_fee_unknown" in [w["code"] for w in doc.warnings]


def test_i5_the_1425_consignation_is_printed_before_a_commercial_court(company):
    text = _all_text(company[0])
    assert ("consigne au greffe dans les quinze jours de la présente demande, à peine de caducité de"
            " celle-ci (article 1425 du code de procédure civile)") in text


def test_I6_the_lawyer_who_files_signs(runtime):
    doc, _ = render(runtime, example_raw(), issuer="avocat")
    text = _all_text(doc)
    assert "Maître Sophie Garnier, avocat, pour Atelier Dupont" in text
    assert "Marie Dupont, Gérante, pour Atelier Dupont" not in text
    assert "Maître Sophie Garnier, avocat au barreau de Lyon" in text
    assert "dont le cabinet est situé" in text


def test_i6_a_commissaire_de_justice_files_and_his_officer_signs(runtime):
    raw = copy_raw(example_raw())
    raw["issuer"]["signatory"] = {"name": "Me Luc Bernard"}
    doc, case = render(runtime, raw, issuer="commissaire_de_justice")
    text = _all_text(doc)
    assert f"{case.issuer.name}, dont l’étude est située" in text  # the agent block, once
    assert "associés, commissaire de justice" not in text
    assert "Me Luc Bernard, commissaire de justice, pour Atelier Dupont" in text


def test_i7_the_mandate_rule_of_cpc_416_written_whole(runtime, company):
    doc, _ = render(runtime, example_raw(), issuer="avocat")
    text = _all_text(doc)
    # the rule as it applies to this agent (second reading 8)
    assert ("Maître Sophie Garnier, avocat, est dispensé de justifier d’un pouvoir (article 416"
            " du code de procédure civile).") in text
    assert "qui n’est pas avocat" not in text
    assert "Mandataire" not in _all_text(company[0])  # the creditor files itself: no block
    raw = copy_raw(example_raw())
    raw["issuer"]["signatory"] = {"name": "Me Luc Bernard"}
    cj, _ = render(runtime, raw, issuer="commissaire_de_justice")
    assert "mandate_dispensation_unsure" in [w["code"] for w in cj.warnings]


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


def test_i9_the_requete_never_says_it_interrupts_prescription(runtime):
    raw = copy_raw(example_raw())
    raw["invoices"][1]["issue_date"] = "2021-11-01"
    raw["invoices"][1]["due_date"] = "2021-12-15"
    doc, _ = render(runtime, raw)
    (w,) = [w for w in doc.warnings if w["code"] == "prescription_near"]
    assert "le dépôt d’une requête en injonction de payer ne l’interrompent" in w["message_fr"]
    text = _all_text(doc)
    assert "interrompt la prescription" not in text and "interruptive" not in text


def test_i10_the_principal_rests_on_the_contract_and_invoices(company):
    text = _all_text(company[0])
    row = text[text.index("Principal Contrat"):].split("Pénalités de retard")[0]
    assert "art. 1103 C. civ." in row and "L441-10" not in row


def test_i12_no_dans_son_ressort(company, runtime):
    for doc in (company[0], render(runtime, strasbourg())[0]):
        assert "dans son ressort" not in _all_text(doc)


def test_c5_no_bordereau_announced_without_pieces(company):
    text = _all_text(company[0])
    assert "bordereau" not in text.lower()
    assert "Pièce n°" not in text


def test_c2_a_long_signatory_name_stays_whole_on_the_requete(runtime):
    raw = copy_raw(example_raw())
    raw["creditor"]["representative"] = {"name": "Marie-Christine Dupont-Lamarche",
                                         "title": "Gérante associée"}
    raw["signatory"] = {"name": "Marie-Christine Dupont-Lamarche", "title": "Gérante associée",
                        "place": "Villefranche-sur-Saône"}
    raw["creditor"]["address"]["street"] = ("Zone artisanale des Grandes Terres, lot 14, bâtiment"
                                            " C, 1245 route de Riottier")
    doc, _ = render(runtime, raw)
    requete = pdfcheck.flat(doc.content).split("ANNEXE À LA REQUÊTE")[0]
    page = pdfcheck.pages(doc.content) - 1  # the page before the annex carries the signature
    signed = " ".join(w[0] for w in pdfcheck.words(doc.content, page) if w[1] < 340
                      and "Fait" not in w[0]).replace("\u00a0", " ")
    assert "Marie-Christine Dupont-Lamarche, Gérante associée, pour Atelier Dupont" in signed
    assert "Zone artisanale des Grandes Terres, lot 14, bâtiment C, 1245 route de Riottier" \
        in requete
    assert "suite en annexe" not in requete and "point 1" not in requete


def test_c4_the_court_is_named_once_without_its_label(company):
    text = _all_text(company[0])
    assert "Tribunal de commerce (ou des activités économiques) de" not in text
    assert "Juridiction saisie Tribunal des activités économiques de Lyon — 44 rue de Bonnel" in text


def test_t7_amounts_are_right_aligned(company):
    words = pdfcheck.words(company[0].content, 1)
    euros = [w for w in words if w[0] == "€" and w[1] > 400]  # the amount column
    # principal, penalties, indemnities, total: the € signs end on one right edge
    rights = {round(w[3]) for w in euros}
    assert len(euros) >= 4 and max(rights) - min(rights) <= 1


def test_c6_the_section_numbers_hang_outside_their_headings(consumer):
    words = pdfcheck.words(consumer[0].content, 1)
    amicable = next(i for i, w in enumerate(words) if w[0] == "Tentative")
    number = words[amicable - 1]
    top = words[amicable][2]
    heading = [w for w in words[amicable:amicable + 30] if top + 2 < w[2] < top + 16]
    # a wrapped heading line starts under the heading's text, never under the number
    assert number[0].isdigit() and number[3] < words[amicable][1]
    assert heading and min(w[1] for w in heading) >= words[amicable][1] - 0.5


# ------------------------------------------------------------ second reading (lawyer, 2026-12)


def _with_pieces(raw=None):
    raw = copy_raw(raw or example_raw())
    raw["evidence"] = evidence()
    return raw


def _sums(doc) -> str:
    text = _all_text(doc)
    return text.split("Sommes demandées")[1].split("Total de la demande")[0]


def _sign_page_words(doc) -> tuple[list[str], list[tuple[str, float, float, float, float]]]:
    for n in range(1, pdfcheck.pages(doc.content) + 1):
        boxes = pdfcheck.words(doc.content, n)
        words = [w for w, *_ in boxes]
        if "signature" in words and "Fait" in words:
            return words, boxes
    raise AssertionError("no page with the date and signature")


@pytest.mark.parametrize("which", ["avocat_with_pieces", "long_case"])
def test_sr4_the_signature_stays_with_the_last_lines_of_the_sums(runtime, which):
    if which == "avocat_with_pieces":
        doc, _ = render(runtime, _with_pieces(), issuer="avocat")
    else:
        from tests.documents.test_drafts_review import long_case
        doc, _ = render(runtime, long_case(0))
    words, boxes = _sign_page_words(doc)
    joined = " ".join(words)
    # the total and the last row of the sums are on the signature's page, above it
    assert "Total de la demande" in joined and "Indemnité forfaitaire de" in joined
    y_total = next(y0 for w, x0, y0, x1, y1 in boxes if w == "Total")
    y_signed = next(y0 for w, x0, y0, x1, y1 in boxes if w == "Fait")
    assert y_total < y_signed
    # and the page is not the signature alone: its sums section began on the page before
    assert "Sommes demandées" not in joined or "Principal" in joined


def test_sr5_a_consumer_requete_asks_the_interest_after_as_of_and_the_costs(consumer):
    sums = _sums(consumer[0])
    assert ("arrêtés au 20/11/2026, outre les intérêts au taux légal sur 4 500,00 € à compter du"
            " 21 novembre 2026 jusqu’à parfait paiement") in sums
    after_total = _all_text(consumer[0]).split("Total de la demande")[1]
    assert after_total.split("€", 1)[1].lstrip().startswith("Outre les dépens.")


def test_sr6_the_professional_requete_dates_the_running_penalties_and_asks_the_costs_apart(
        company):
    sums = _sums(company[0])
    assert ("sur le principal restant dû (4 500,00 €) à compter du 21 novembre 2026 jusqu’à"
            " parfait paiement") in sums
    assert "du lendemain" not in sums and "dépens" not in sums
    after_total = _all_text(company[0]).split("Total de la demande")[1]
    assert after_total.split("€", 1)[1].lstrip().startswith("Outre les dépens.")


def test_sr7_the_pieces_column_gives_each_invoice_its_own_piece(runtime):
    doc, _ = render(runtime, _with_pieces())
    sums = _sums(doc)
    # pièce 1 is invoice F-2026-0117 only; no pièce names F-2026-0152
    assert sums.count("F-2026-0117 : pièce n° 1 ; F-2026-0152 : non produite") == 3
    assert "Pièce n° 1" not in sums


def test_sr8_the_requete_s_bordereau_is_signed_by_the_avocat_who_signs_it(runtime):
    doc, _ = render(runtime, _with_pieces(), issuer="avocat")
    text = _all_text(doc)
    requete = text.split("ANNEXE À LA REQUÊTE")[0]
    assert "Maître Sophie Garnier, avocat, pour Atelier Dupont" in requete
    assert ("Maître Sophie Garnier, avocat, est dispensé de justifier d’un pouvoir (article 416"
            " du code de procédure civile).") in requete
    assert "l’avocat en est dispensé, de même que le commissaire" not in requete
    bordereau = text.split("BORDEREAU DES PIÈCES JUSTIFICATIVES")[1].split("Signature :")[0]
    assert "Maître Sophie Garnier Avocat au barreau de Lyon" in bordereau
    assert "Marie Dupont" not in bordereau.split("Fait à")[1]


def test_sr8_a_commissaire_filed_requete_s_bordereau_is_signed_by_its_officer(runtime):
    raw = _with_pieces()
    raw["issuer"]["signatory"] = {"name": "Me Luc Bernard"}
    doc, _ = render(runtime, raw, issuer="commissaire_de_justice")
    text = _all_text(doc)
    assert "Me Luc Bernard, commissaire de justice, pour Atelier Dupont" in text
    sign = text.split("BORDEREAU DES PIÈCES JUSTIFICATIVES")[1].split("Signature :")[0]
    assert "Me Luc Bernard Commissaire de justice, pour la société Atelier Dupont" in sign
    assert "Marie Dupont" not in sign.split("Fait à")[1]

"""The amicable-path kinds (issue 13): petites_creances, echeancier, decompte, and the delivery
channel. Every mention is read back from the PDF (pdftotext)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.law.texts import SMALL_CLAIMS_TEXTS, legal_text
from tests import pdfcheck
from tests.factories import MDE_PRESENTED, consumer_raw, copy_raw, example_raw

OFFICER = {"name": "Maître Julien Rivière", "title": "Commissaire de justice associé"}


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def errors_of(runtime, kind, raw, **options):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, kind, raw, **options)
    return {(e.path, e.code): e for e in exc.value.errors}


def small_claim_raw():
    raw = example_raw()
    raw["issuer"]["signatory"] = dict(OFFICER)
    return raw


def body_text(pdf: bytes) -> str:
    """The text without running footers, typographic apostrophes read back as straight ones."""
    return pdfcheck.body(pdf).replace("’", "'")


def norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).replace("’", "'").strip()


# ---------------------------------------------------------------------------- petites créances


@pytest.fixture(scope="module")
def invitation(runtime):
    return render(runtime, "petites_creances", small_claim_raw())


def test_invitation_carries_every_r125_2_mention(invitation):
    text = pdfcheck.flat(invitation.content)
    for mention in [
        "LETTRE RECOMMANDÉE AVEC DEMANDE D’AVIS DE RÉCEPTION",
        "PROCÉDURE SIMPLIFIÉE DE RECOUVREMENT DES PETITES CRÉANCES",
        # I 1°: the officer's name and address
        "SELARL Actes & Recouvrement", "5 quai Saint-Antoine", "69002 Lyon",
        "Maître Julien Rivière",
        # I 2°: the creditor's name and seat
        "Atelier Dupont", "siège social : 12 rue de la République, 69002 Lyon",
        # I 3°: basis and amount, each element of the debt
        "cause contractuelle", "F-2026-0117", "F-2026-0152",
        "Principal restant dû", "4 500,00 €", "Pénalités de retard", "254,72 €",
        "Montant en principal et intérêts", "4 754,72 €",
        "indemnité forfaitaire pour frais de recouvrement", "80,00 €",
        "Total de la créance", "4 834,72 €",
        # L125-1: costs on the creditor
        "à la charge exclusive du créancier", "aucuns frais de procédure ne vous sont réclamés",
        # III 1° to 5°
        "accepter ou refuser", "un mois à compter de l’envoi de la présente lettre",
        "21 décembre 2026", "formulaire d’acceptation", "émargement de la présente lettre",
        "toute personne spécialement mandatée", "formulaire de refus ci-joint, ou par tout autre"
        " moyen", "L’absence de réponse dans le délai d’un mois vaut refus implicite",
        "le créancier pourra saisir le juge afin d’obtenir un titre exécutoire",
        # effects, R125-7
        "suspend la prescription", "titre exécutoire", "R. 125-7",
        "aucun paiement ne peut avoir lieu avant que le commissaire de justice ait constaté",
        # the forms
        "FORMULAIRE D’ACCEPTATION", "FORMULAIRE DE REFUS", "Déclare ACCEPTER",
        "Déclare REFUSER",
    ]:
        assert mention in text, mention
    # no payment details: R125-7
    assert "IBAN" not in text and "QR code" not in text
    assert pdfcheck.decode_qr(invitation.content, 1) == []


def test_invitation_reproduces_the_four_texts_verbatim(invitation):
    text = body_text(invitation.content)
    for name in SMALL_CLAIMS_TEXTS:
        t = legal_text(name, date(2026, 11, 20))
        assert norm(t.heading) in text
        for paragraph in t.paragraphs:
            assert norm(paragraph) in text, (name, paragraph[:60])


def test_invitation_answer_gives_the_acceptance_deadline(invitation):
    meta = invitation.metadata()
    assert meta["details"]["acceptance_deadline"] == "2026-12-21"  # 20 Dec 2026 is a Sunday
    assert meta["details"]["acceptance_deadline_nominal"] == "2026-12-20"
    assert meta["details"]["sent_on"] == "2026-11-20"
    assert meta["details"]["principal_and_interest"] == "4754.72"
    assert meta["details"]["ceiling"]["eur"] == "5000.00" and "R125-1" in meta["details"]["ceiling"]["source"]
    assert {t["text"] for t in meta["details"]["texts"]} == set(SMALL_CLAIMS_TEXTS)
    assert all("69c0e9a" in t["source"] or "2b00270" in t["source"] for t in meta["details"]["texts"])
    codes = {w["code"] for w in meta["warnings"]}
    assert {"petites_creances_model_not_checked", "petites_creances_territoriality_not_checked",
            "legal_text_snapshot"} <= codes
    assert meta["delivery"]["channel"] == "lrar"
    assert meta["delivery"]["document"]["sha256"] == invitation.sha256
    assert meta["postage"]["service"] == "lettre_recommandee"
    assert invitation.pages == pdfcheck.pages(invitation.content)


def _claim_of(amount: str) -> dict:
    raw = small_claim_raw()
    raw["invoices"] = [{"number": "F-1", "issue_date": "2026-10-20", "due_date": "2026-11-20",
                        "amount_incl_tax": amount}]
    raw["payments"] = []
    return raw


def test_a_claim_over_5000_in_principal_and_interest_is_refused(runtime):
    errs = errors_of(runtime, "petites_creances", _claim_of("5000.01"))
    err = errs[("case.invoices", "small_claim_over_ceiling")]
    assert "R. 125-1" in err.message_fr and "5\u202f000,00" in err.message_fr
    assert "0,01" in err.message_fr and "R125-1" in err.message_en
    doc = render(runtime, "petites_creances", _claim_of("5000.00"))
    assert doc.metadata()["details"]["principal_and_interest"] == "5000.00"


def test_only_a_named_commissaire_de_justice_sends_it(runtime):
    raw = small_claim_raw()
    raw["issuer"]["kind"] = "mandataire"
    assert ("case.issuer.kind", "issuer_kind_mismatch") in errors_of(runtime, "petites_creances",
                                                                    raw)
    raw = small_claim_raw()
    del raw["issuer"]["signatory"]
    assert ("case.issuer.signatory", "required") in errors_of(runtime, "petites_creances", raw)
    raw = small_claim_raw()
    del raw["issuer"]
    assert ("case.issuer", "required") in errors_of(runtime, "petites_creances", raw)


def test_invitation_travels_by_lrar_or_lre_only(runtime):
    errs = errors_of(runtime, "petites_creances", small_claim_raw(), channel="lettre_simple")
    assert "R. 125-2" in errs[("options.channel", "channel_not_allowed")].message_fr


def test_lre_invitation_to_a_company(runtime):
    doc = render(runtime, "petites_creances", small_claim_raw(), channel="lre_qualifiee")
    text = pdfcheck.flat(doc.content)
    assert "LETTRE RECOMMANDÉE ÉLECTRONIQUE QUALIFIÉE" in text
    meta = doc.metadata()
    assert meta["postage"] is None
    d = meta["delivery"]
    assert d["electronic"] and "lettre recommandée" in d["legal_basis"].lower()
    assert d["recipient"]["email"] == "fournisseurs@martin-batiment.example"
    assert d["providers"]["ar24"]["available"]
    assert d["providers"]["ar24"]["match_proof"]["full_hash_sha256"] == doc.sha256


def test_lre_to_a_consumer_without_consent_is_refused(runtime):
    raw = consumer_raw(received_on=MDE_PRESENTED)  # the invitation claims the interest
    raw["issuer"]["signatory"] = dict(OFFICER)
    raw["debtor"]["email"] = "claire.lefevre@example.org"
    errs = errors_of(runtime, "petites_creances", raw, channel="lre_qualifiee")
    err = errs[("case.debtor.lre_consent", "lre_consent_required")]
    assert "consentement" in err.message_fr and "L. 100" in err.message_fr
    raw["debtor"]["lre_consent"] = {"date": "2026-03-02", "reference": "CGV art. 14, signées"}
    doc = render(runtime, "petites_creances", raw, channel="lre_qualifiee")
    assert "LETTRE RECOMMANDÉE ÉLECTRONIQUE QUALIFIÉE" in pdfcheck.flat(doc.content)
    d = doc.metadata()["delivery"]
    assert "lettre recommandée électronique" in d["label"].lower()
    assert d["recipient"]["status"] == "particulier"
    assert d["recipient"]["lre_consent"] == {"date": "2026-03-02",
                                             "reference": "CGV art. 14, signées"}
    ar24 = d["providers"]["ar24"]["body"]
    assert ar24["dest_statut"] == "particulier" and ar24["to_lastname"] == "Lefèvre"


# ---------------------------------------------------------------------------- échéancier


@pytest.fixture(scope="module")
def plan_doc(runtime):
    return render(runtime, "echeancier", example_raw(),
                  plan={"count": 3, "first_date": "2026-11-28", "periodicity": "monthly"})


def test_echeancier_says_every_clause(plan_doc):
    text = pdfcheck.flat(plan_doc.content)
    for mention in [
        "PROTOCOLE D’ÉCHÉANCIER ET RECONNAISSANCE DE DETTE",
        "LETTRE RECOMMANDÉE AVEC DEMANDE D’AVIS DE RÉCEPTION",
        "ci-après « le créancier »", "ci-après « le débiteur »",
        "reconnaît devoir au créancier, au 20 novembre 2026, la somme de 4 834,72 €",
        "quatre mille huit cent trente-quatre euros et soixante-douze centimes",
        "Principal restant dû", "4 500,00 €", "254,72 €", "80,00 €",
        "article 2240 du code civil", "interrompt le délai de prescription", "2231",
        "en 3 échéances mensuelles",
        "30 novembre 2026", "reportée du samedi 28 novembre 2026", "28 décembre 2026",
        "28 janvier 2027", "1 611,57 €", "1 611,58 €",
        "1342-10", "Imputation des paiements",
        "aucun intérêt, aucune pénalité ni aucuns frais ne s’ajoutent",  # fourth reading 11
        "Déchéance du terme", "mise en demeure", "quinze (15) jours", "immédiatement exigible",
        "s’engage à n’introduire aucune action en justice",  # fifth reading 8
        "Le créancier", "Le débiteur", "Marie Dupont", "Paul Martin",
        "Bon pour reconnaissance de dette de la somme de quatre mille huit cent trente-quatre"
        " euros et soixante-douze centimes (4 834,72 €)",
        "FR76 3000 6000 0112 3456 7890 189", "DOS-2026-0042 — échéance n° 1",
    ]:
        assert mention in text, mention


def test_echeancier_schedule_in_the_answer_adds_up(plan_doc):
    meta = plan_doc.metadata()
    schedule = meta["details"]["schedule"]
    assert [s["date"] for s in schedule] == ["2026-11-30", "2026-12-28", "2027-01-28"]
    assert schedule[0]["nominal_date"] == "2026-11-28"  # a Saturday, moved to Monday
    assert sum(Decimal(s["amount"]) for s in schedule) == Decimal(meta["details"]["total"]) \
        == Decimal(meta["decompte"]["totals"]["total_due"])
    assert meta["delivery"]["providers"]["maileva"]["sending"][
        "acknowledgement_of_receipt"] is True


def test_echeancier_qr_code_pays_the_first_instalment(plan_doc):
    # one per original (fifth reading 3), the first on page 3 (behind the address sheet)
    found = {n: pdfcheck.decode_qr(plan_doc.content, n) for n in range(1, plan_doc.pages + 1)}
    codes = {n: q for n, q in found.items() if q}
    assert list(codes)[0] == 3 and len(codes) == 2
    first, second = codes.values()
    assert first == second
    (payload,) = first
    lines = payload.split("\n")
    assert lines[0] == "BCD" and lines[6] == "FR7630006000011234567890189"
    assert lines[7] == "EUR1611.57"
    assert "echeance 1" in lines[10]


def test_echeancier_for_a_consumer_is_free_of_charge(runtime):
    doc = render(runtime, "echeancier", consumer_raw(),
                 plan={"instalments": [{"date": "2026-12-15", "amount": "2000.00"},
                                       {"date": "2027-01-15", "amount": "2516.95"}]})
    text = pdfcheck.flat(doc.content)
    assert "consenti à titre gratuit" in text
    assert "d’abord sur les intérêts, puis sur le principal (article 1343-1" in text
    assert "Indemnité forfaitaire" not in text
    assert [s["amount"] for s in doc.metadata()["details"]["schedule"]] == ["2000.00", "2516.95"]


def test_echeancier_plan_faults(runtime):
    errs = errors_of(runtime, "echeancier", example_raw())
    assert ("options.plan", "required") in errs
    errs = errors_of(runtime, "echeancier", example_raw(),
                     plan={"instalments": [{"date": "2026-12-15", "amount": "100.00"}]})
    assert "4\u202f834,72" in errs[("options.plan.instalments", "plan_total_mismatch")].message_fr
    errs = errors_of(runtime, "echeancier", example_raw(),
                     plan={"count": 3, "first_date": "2026-11-01"})
    assert ("options.plan.first_date", "before_plan_date") in errs
    errs = errors_of(runtime, "echeancier", example_raw(),
                     plan={"count": 3, "first_date": "2026-12-01",
                           "instalments": [{"date": "2026-12-15", "amount": "1.00"}]})
    assert ("options.plan", "plan_ambiguous") in errs


# ---------------------------------------------------------------------------- décompte


@pytest.fixture(scope="module")
def statement(runtime):
    raw = example_raw()
    raw["payments"].append({"date": "2026-08-10", "amount": "500.00", "method": "chèque"})
    return raw, render(runtime, "decompte", raw)


def test_decompte_document_figures_equal_the_api_period_by_period(client, statement):
    raw, doc = statement
    api = client.post("/v1/decompte", data=json.dumps({"case": raw}, default=str),
                      content_type="application/json").json
    text = pdfcheck.text(doc.content, layout=True)
    rows = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    counted = 0
    for inv in api["invoices"]:
        assert f"Facture {inv['number']}" in pdfcheck.flat(doc.content)
        for p in inv["periods"]:
            start = date.fromisoformat(p["from"]).strftime("%d/%m/%Y")
            end = date.fromisoformat(p["to"]).strftime("%d/%m/%Y")
            rate = Decimal(p["rate"]) * 100
            expected = (f"{start} {end} {p['days']} {_eur(p['principal'])}"
                        f" {format(rate.quantize(Decimal('0.01')), 'f').replace('.', ',')} %")
            row = next((r for r in rows if r.startswith(expected)), None)
            assert row is not None, expected
            assert row.endswith(_eur(p["amount"])), (row, p["amount"])
            counted += 1
        assert _eur(inv["interest"]) in pdfcheck.flat(doc.content)
    assert counted == sum(len(i["periods"]) for i in api["invoices"]) >= 3
    flat = pdfcheck.flat(doc.content)
    for key in ("outstanding", "interest", "indemnities", "total_due"):
        assert _eur(api["totals"][key]) in flat, key


def test_decompte_document_says_payments_sources_and_rules(statement):
    _, doc = statement
    text = pdfcheck.flat(doc.content)
    for mention in [
        "DÉCOMPTE DE CRÉANCE", "arrêté au 20 novembre 2026", "entre professionnels",
        "Paiement du", "01/07/2026", "imputé sur la facture désignée au paiement", "10/08/2026",
        "imputé par ancienneté (art. 1342-10)",
        "Taux de refinancement BCE au 1er janvier 2026 (2,15 %) + 10 points",
        "Taux de refinancement BCE au 1er juillet 2026 (2,40 %) + 10 points", "L441-10",
        "Jours", "Base (principal)", "Taux annuel", "Source du taux",
        "Indemnité forfaitaire pour frais de recouvrement", "Règles de calcul appliquées",
        "1342-10", "÷ 365", "arrondis au centime une fois par facture",
        "Marie Dupont",
    ]:
        assert mention in text, mention
    # landscape pages
    from io import BytesIO

    from pypdf import PdfReader
    box = PdfReader(BytesIO(doc.content)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def _eur(value: str) -> str:
    whole, cents = f"{Decimal(value):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", " ")
    return f"{groups},{cents} €"


def test_kinds_are_listed(client):
    kinds = {k["kind"]: k for k in client.get("/v1/kinds").json["kinds"]}
    for name in ("petites_creances", "echeancier", "decompte"):
        assert kinds[name]["template_version"] == f"{name}@1"


def test_consumer_instalments_copy(runtime):
    raw = copy_raw(consumer_raw())
    doc = render(runtime, "decompte", raw)
    assert "débiteur consommateur" in pdfcheck.flat(doc.content)


# ---------------------------------------------------------------------------- batch, CLI, fuzz


def test_batch_and_cli_produce_the_new_kinds(client, tmp_path):
    from tests.test_batch import read_zip

    items = [
        {"id": "pc", "kind": "petites_creances", "case": small_claim_raw(),
         "options": {"sign": False}},
        {"id": "ech", "kind": "echeancier", "case": example_raw(),
         "options": {"sign": False, "plan": {"count": 2, "first_date": "2026-12-10"}}},
        {"id": "dc", "kind": "decompte", "case": example_raw(), "options": {"sign": False}},
        {"id": "too-big", "kind": "petites_creances", "case": _claim_of("5000.01")},
    ]
    r = client.post("/v1/batch", data=json.dumps({"items": items}, default=str),
                    content_type="application/json")
    assert r.status_code == 200
    archive, manifest = read_zip(r.get_data())
    status = {e["id"]: e["status"] for e in manifest["items"]}
    assert status == {"pc": "ok", "ech": "ok", "dc": "ok", "too-big": "error"}
    too_big = next(e for e in manifest["items"] if e["id"] == "too-big")
    assert too_big["problem"]["errors"][0]["code"] == "small_claim_over_ceiling"

    from service.cli import main
    path = tmp_path / "case.json"
    path.write_text(json.dumps(example_raw(), default=str), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    assert main(["render", "echeancier", str(path), "-o", str(out), "--option", "sign=false",
                 "--option", "plan.count=4", "--option", "plan.first_date=2026-12-15"]) == 0
    assert "PROTOCOLE D’ÉCHÉANCIER" in pdfcheck.flat(out.read_bytes())


def test_mutated_cases_never_cause_a_server_error_in_the_new_kinds(client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.api.test_fuzz import ALL_PATHS, junk, mutated

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutations=st.lists(st.tuples(st.sampled_from(ALL_PATHS), junk, st.booleans()),
                              min_size=1, max_size=3),
           kind=st.sampled_from(["petites_creances", "echeancier", "decompte"]),
           plan=st.one_of(st.just({"count": 3, "first_date": "2026-12-01"}),
                          st.just({"instalments": [{"date": "2026-12-31", "amount": "1.00"}]}),
                          st.fixed_dictionaries({"count": st.integers(-3, 500),
                                                 "first_date": st.just("2026-12-05"),
                                                 "periodicity": st.sampled_from(
                                                     ["weekly", "quarterly", "daily"])})),
           channel=st.sampled_from([None, "lrar", "lre_qualifiee", "lettre_simple", "fax"]))
    def run(mutations, kind, plan, channel):
        raw = mutated(mutations)
        options = {"sign": False, "channel": channel}
        if kind == "echeancier":
            options["plan"] = plan
        body = {"case": raw, "options": options}
        r = client.post(f"/v1/documents/{kind}", data=json.dumps(body, default=str),
                        content_type="application/json")
        assert r.status_code in (200, 400, 422), (r.status_code, r.get_data(as_text=True)[:500])
        if r.status_code != 200:
            assert r.mimetype == "application/problem+json"

    run()


def test_decompte_document_names_the_floor_and_the_contractual_rate(runtime):
    raw = example_raw()
    raw["terms"]["late_penalty_rate"] = "0.05"  # under 3 × the legal rate: raised to the floor
    text = pdfcheck.flat(render(runtime, "decompte", raw).content)
    assert "Plancher : 3 × taux de l’intérêt légal, 1er semestre 2026 (2,62 %)" in text
    assert "porté à ce plancher" in text
    raw["terms"]["below_floor"] = "default_rate"
    text = pdfcheck.flat(render(runtime, "decompte", raw).content)
    assert "Taux contractuel sous le plancher légal : taux de refinancement BCE" in text
    assert "le taux légal supplétif (BCE + 10 points) s’applique" in text
    del raw["terms"]["below_floor"]
    raw["terms"]["late_penalty_rate"] = "0.15"
    text = pdfcheck.flat(render(runtime, "decompte", raw).content)
    assert "Taux contractuel (Conditions générales de vente, article 9)" in text
    assert "15,00 %" in text


def test_no_line_cuts_what_typography_keeps_together(invitation, plan_doc, statement):
    for doc in (invitation, plan_doc, statement[1]):
        assert pdfcheck.line_cuts(doc.content) == []


def test_decompte_document_shows_what_each_payment_paid(client, runtime):
    raw = example_raw()
    raw["terms"]["imputation"] = "interest_first"
    raw["payments"].append({"date": "2026-08-10", "amount": "500.00"})
    api = client.post("/v1/decompte", data=json.dumps({"case": raw}, default=str),
                      content_type="application/json").json
    paid = [p for inv in api["invoices"] for p in inv["payments"] if p["date"] == "2026-08-10"]
    assert paid and Decimal(paid[0]["interest"]) > 0
    doc = render(runtime, "decompte", raw)
    rows = [re.sub(r"\s+", " ", line).strip()
            for line in pdfcheck.text(doc.content, layout=True).splitlines()]
    row = f"10/08/2026 {_eur(paid[0]['amount'])} {_eur(paid[0]['principal'])}" \
          f" {_eur(paid[0]['interest'])}"
    assert any(r.startswith(row) for r in rows), row
    assert "il paie d’abord les intérêts échus et non payés à sa date" in \
        pdfcheck.flat(doc.content)


def test_open_insolvency_stops_the_pursuing_kinds_not_the_decompte(runtime):
    raw = small_claim_raw()
    raw["debtor"]["insolvency"] = {"procedure": "redressement_judiciaire",
                                   "opened_on": "2026-10-15", "court": "Tribunal des activités"
                                   " économiques de Lyon"}
    for kind, options in (("petites_creances", {}),
                          ("echeancier", {"plan": {"count": 2, "first_date": "2026-12-10"}})):
        errs = errors_of(runtime, kind, raw, **options)
        assert "L622-21" in errs[("case.debtor.insolvency", "insolvency_open")].message_fr
    assert render(runtime, "decompte", raw).pages >= 1


def test_channel_on_the_existing_letters(runtime):
    doc = render(runtime, "mise_en_demeure", example_raw(), channel="lre_qualifiee")
    assert "LETTRE RECOMMANDÉE ÉLECTRONIQUE QUALIFIÉE" in pdfcheck.flat(doc.content)
    meta = doc.metadata()
    assert meta["postage"] is None and meta["delivery"]["electronic"]
    doc = render(runtime, "relance", example_raw(), level=2, channel="lettre_suivie")
    assert "LETTRE SUIVIE" in pdfcheck.flat(doc.content)
    meta = doc.metadata()
    assert meta["postage"]["service"] == "lettre_suivie"
    assert meta["delivery"]["providers"]["merci_facteur"]["body"]["modeEnvoi"] == "suivi"
    # without a channel: as before (LRAR mention for a level 3, a plain letter for a level 1)
    meta = render(runtime, "relance", example_raw(), level=1).metadata()
    assert meta["delivery"]["channel"] == "lettre_simple"
    assert meta["postage"]["service"] == "lettre_simple"
    raw = consumer_raw()
    raw["debtor"]["email"] = "claire@example.org"
    errs = errors_of(runtime, "mise_en_demeure", raw, channel="lre_qualifiee")
    assert ("case.debtor.lre_consent", "lre_consent_required") in errs


def test_a_debtor_abroad_cannot_be_invited(runtime):
    raw = small_claim_raw()
    raw["debtor"]["address"] = {"street": "Rue de la Loi 16", "postal_code": "1000",
                                "city": "Bruxelles", "country": "BE"}
    errs = errors_of(runtime, "petites_creances", raw)
    assert "R. 125-1" in errs[("case.debtor.address.country", "debtor_not_in_france")].message_fr

"""Relances 1-3 and the mise en demeure: rendered, sealed, read back from the outside."""

from __future__ import annotations

import http.server
import re
import threading
from decimal import Decimal

import pytest

from service import fr
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.pdf.verify import pdfsig_report, verify_pdf
from tests import pdfcheck
from tests.factories import consumer_raw, copy_raw, example_raw, private_creditor_raw

MM = pdfcheck.MM


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


@pytest.fixture(scope="module")
def mde(runtime):
    return render(runtime, "mise_en_demeure", example_raw())


def test_mise_en_demeure_says_every_expected_mention(mde):
    text = pdfcheck.flat(mde.content)
    for mention in [
        "MISE EN DEMEURE", "LETTRE RECOMMANDÉE AVEC DEMANDE D’AVIS DE RÉCEPTION",
        "Martin Bâtiment (SAS)", "404 833 048", "45 AVENUE ROGER SALENGRO", "69100 VILLEURBANNE",
        "F-2026-0117", "04/05/2026", "4 800,00 €", "F-2026-0152", "1 500,00 €",
        "reste dû un principal de 4 500,00 €",  # after payments
        "pénalités de retard", "L441-10", "40,00 €", "D441-5",
        "189,49 €", "65,23 €", "4 834,72 €",  # décompte
        "quatre mille huit cent trente-quatre euros et soixante-douze centimes",
        "10 juin 2026", "20 juillet 2026", "1er septembre 2026",  # reminders already made
        # deadline: presented Mon 23 Nov (J+2 postal days, second reading 1) + 8 = Tue 1 Dec
        "huit (8) jours", "1er décembre 2026",
        "injonction de payer", "1405",  # next step
        "Marie Dupont", "Gérante",  # signatory
        "RCS Lyon 732 829 320", "SARL au capital de 10 000,00 €",  # R123-237
        "FR76 3000 6000 0112 3456 7890 189",
    ]:
        assert mention in text, mention
    assert "interrompt la prescription" not in text and "interrompre la prescription" not in text
    assert mde.extra["deadline"] == "2026-12-01"
    assert mde.pages == pdfcheck.pages(mde.content) == 2
    assert "1/2" in text and "2/2" in text


def test_recipient_block_sits_in_the_dl_window(mde):
    words = pdfcheck.words(mde.content, page=1)
    block = [w for w in words if w[0] in ("MARTIN", "VILLEURBANNE")]
    assert len(block) >= 2
    for _, x0, y0, x1, y1 in block:
        assert x0 >= 98 * MM and x1 <= 192 * MM  # DL window 95-195 mm, 3 mm to spare
        assert y0 >= 47.5 * MM and y1 <= 86.5 * MM


def test_seal_validates_with_pyhanko_and_pdfsig(runtime, mde):
    (report,) = verify_pdf(mde.content, runtime.signer.trust_roots)
    assert report.ok
    assert mde.signature["test_certificate"] is True and "TEST" in mde.signature["signer"]
    out = pdfsig_report(mde.content)
    assert "Signature is Valid" in out and "Total document signed" in out
    assert pdfcheck.qpdf_check(mde.content).returncode == 0


def test_pdfa_markers_and_embedded_fonts(mde):
    markers = pdfcheck.pdfa_markers(mde.content)
    assert markers == {"part": "3", "conformance": "B", "output_intent": True,
                       "encrypted": False}
    assert pdfcheck.unembedded_fonts(mde.content) == []


def test_unsigned_output_is_deterministic(runtime):
    a = render(runtime, "mise_en_demeure", example_raw(), sign=False)
    b = render(runtime, "mise_en_demeure", example_raw(), sign=False)
    assert a.content == b.content
    from io import BytesIO

    from pypdf import PdfReader

    info = PdfReader(BytesIO(a.content)).metadata
    assert info.title.startswith("Mise en demeure") and info.author == "Atelier Dupont"
    assert "2026" in str(info.get("/CreationDate"))


def test_epc_qr_code_scans_to_the_payment(mde):
    payloads = []
    for page in range(1, mde.pages + 1):
        payloads += pdfcheck.decode_qr(mde.content, page)
    (payload,) = payloads
    lines = payload.split("\n")
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert lines[4:8] == ["AGRIFRPP", "Atelier Dupont", "FR7630006000011234567890189",
                          "EUR4834.72"]
    assert lines[-1] == "DOS-2026-0042"


def test_postage_metadata_follows_the_rule(mde):
    p = mde.postage
    assert p["service"] == "lettre_recommandee" and p["level"] == "R1"
    assert p["recipient_lines"] == ["MARTIN BATIMENT", "SERVICE COMPTABILITE FOURNISSEURS",
                                    "BATIMENT B", "45 AVENUE ROGER SALENGRO", "69100 VILLEURBANNE"]
    assert p["pages"] == 2 and p["sheets"] == 2 and p["envelope"] == "DL"
    assert p["weight_step_g"] == 20 and p["price_eur"] == "7.56"
    assert p["tariff"]["source"] == "estimate"


@pytest.mark.parametrize("level,words", [
    # three relances on file: no « simple oubli », no number in the title, no « Rappel »
    # (third reading 6a-b, sixth reading 2)
    (1, ["Relance — factures impayées", "ne nous est toujours pas parvenu",
         "au plus tard le 30 novembre 2026"]),
    (2, ["Nouvelle relance pour factures impayées", "Malgré nos relances des 10 juin 2026 (courriel,"
         " facture F-2026-0117), 20 juillet 2026 (appel téléphonique) et 1er septembre 2026"
         " (courrier)", "4 834,72 €"]),
    (3, ["Dernière relance avant mise en demeure", "injonction de payer",
         "LETTRE RECOMMANDÉE AVEC DEMANDE D’AVIS DE RÉCEPTION"]),
])
def test_relance_levels_get_firmer(runtime, level, words):
    doc = render(runtime, "relance", example_raw(), level=level)
    text = pdfcheck.flat(doc.content)
    for w in words:
        assert w in text, (level, w)
    assert doc.postage["service"] == ("lettre_recommandee" if level == 3 else "lettre_simple")
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok
    if level < 3:
        assert "LETTRE RECOMMANDÉE" not in text.upper()


def test_consumer_debtor_gets_legal_interest_and_no_indemnity(runtime):
    doc = render(runtime, "mise_en_demeure", consumer_raw())
    text = pdfcheck.flat(doc.content)
    assert "Madame," in text and "Claire LEFÈVRE" in text
    assert "taux de l’intérêt légal" in text and "1231-6" in text
    assert "D441-5" not in text and "Indemnité forfaitaire" not in text
    assert doc.decompte["regime"] == "consumer"
    assert Decimal(doc.decompte["totals"]["indemnities"]) == 0


def no_mise_en_demeure(raw):
    raw["reminders"] = [r for r in raw.get("reminders", []) if r["kind"] != "mise_en_demeure"]
    return raw


def with_officer(raw):
    raw["issuer"].update({"signatory": {"name": "Maître Jean Roche",
                                        "title": "Commissaire de justice associé"},
                          "legal_form": "SELARL", "share_capital": "20000",
                          "siren": "552100554", "rcs_city": "Lyon",
                          "mandate_reference": "MAND-2026-118"})
    return raw


def test_private_person_creditor(runtime):
    doc = render(runtime, "relance", no_mise_en_demeure(private_creditor_raw()), level=2)
    text = pdfcheck.flat(doc.content)
    assert "Jean MOREAU" in text and "RCS" not in text
    assert doc.decompte["rate_basis"] == "legal_private"


def test_commissaire_de_justice_issuer_states_its_role_and_l111_8(runtime):
    doc = render(runtime, "mise_en_demeure", with_officer(example_raw()),
                 issuer="commissaire_de_justice")
    text = pdfcheck.flat(doc.content)
    assert "SELARL Actes & Recouvrement" in text and "COMMISSAIRE DE JUSTICE" in text
    assert "pour le compte d’Atelier Dupont" in text
    assert "L111-8" in text and "recouvrement amiable" in text
    assert doc.postage["sender_lines"][0].startswith("SELARL ACTES")
    # the étude signs its letter by a named officer; the creditor's manager does not
    closing = text[text.index("salutations distinguées"):]
    assert "Maître Jean Roche" in closing and "Commissaire de justice associé" in closing
    assert "Marie Dupont" not in closing and "Gérante" not in closing


def test_M9_commissaire_de_justice_letter_cites_no_l124_1(runtime):
    doc = render(runtime, "mise_en_demeure", with_officer(example_raw()),
                 issuer="commissaire_de_justice", sign=False)
    text = pdfcheck.flat(doc.content)
    assert "L124-1" not in text and "R124" not in text
    # fourth reading 2: the mandator with its form, capital, RCS and seat
    assert "Mandatée par la société Atelier Dupont (SARL au capital de" in text
    assert "69002 Lyon, notre étude procède au recouvrement amiable de sa créance" in text


def test_M10_l111_8_al_2_and_3_reproduced_verbatim(runtime):
    from service.documents.mise_en_demeure import l111_8_text

    doc = render(runtime, "mise_en_demeure", with_officer(example_raw()),
                 issuer="commissaire_de_justice", sign=False)
    text = pdfcheck.flat(doc.content)
    law = " ".join(l111_8_text(doc_date()).replace("'", "’").split())
    assert law.startswith("Les frais de recouvrement entrepris sans titre exécutoire restent à"
                          " la charge du créancier, sauf s’ils concernent un acte dont"
                          " l’accomplissement est prescrit par la loi au créancier.")
    assert law.endswith("à la charge du débiteur de mauvaise foi.")
    assert f"« {law} »" in text


def doc_date():
    from datetime import date
    return date(2026, 11, 20)


def test_M11_the_40_euros_stated_as_the_statutory_exception(runtime):
    doc = render(runtime, "mise_en_demeure", with_officer(example_raw()),
                 issuer="commissaire_de_justice", sign=False)
    text = pdfcheck.flat(doc.content)
    assert "ne comprennent aucuns frais de recouvrement amiable, à l’exception de l’indemnité" \
           " forfaitaire pour frais de recouvrement de 40,00 € par facture, que la loi met à la" \
           " charge du débiteur professionnel (articles L441-10 II et D441-5" in text


def test_M12_mandante_wording_and_payment_to_the_creditor_said(runtime):
    doc = render(runtime, "mise_en_demeure", with_officer(example_raw()),
                 issuer="commissaire_de_justice", sign=False)
    text = pdfcheck.flat(doc.content)
    assert "nos conditions" not in text and "de nous régler" not in text
    assert "aux conditions de notre mandante" in text
    assert "nous vous mettons en demeure de régler à notre mandante la somme" in text
    assert "directement entre les mains de notre mandante, par virement sur son compte" in text


def test_M13_no_client_e_and_professional_phrasing(runtime):
    for issuer in ("commissaire_de_justice", "avocat"):
        doc = render(runtime, "mise_en_demeure", with_officer(example_raw()), issuer=issuer,
                     sign=False)
        text = pdfcheck.flat(doc.content)
        assert "client(e)" not in text and "(e)" not in text, issuer
        assert "Nous intervenons" not in text and "envers Atelier Dupont" not in text
    assert "Je vous écris en qualité de conseil de la société Atelier Dupont" in text
    assert "je vous mets en demeure de régler à la société Atelier Dupont" in text
    assert "mes salutations distinguées" in text and "nos salutations" not in text
    assert "Avocat au barreau de Lyon" in text


def test_M14_officer_required_selarl_mentions_mandate_and_gdpr_notice(runtime):
    raw = example_raw()
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "mise_en_demeure", raw, issuer="commissaire_de_justice")
    paths = {e.path for e in exc.value.errors}
    assert "case.issuer.signatory" in paths and "case.issuer.siren" in paths
    doc = render(runtime, "mise_en_demeure", with_officer(example_raw()),
                 issuer="commissaire_de_justice", sign=False)
    text = pdfcheck.flat(doc.content)
    assert "SELARL au capital de 20 000,00 €" in text and "RCS Lyon 552 100 554" in text
    assert "siège social : 5 quai Saint-Antoine, 69002 Lyon" in text
    assert "Mandat MAND-2026-118" in text
    assert "Données personnelles" in text and "2016/679" in text and "CNIL" in text
    assert "que lui a communiquées la société Atelier Dupont" in text


def test_M1_last_sentence_says_who_seizes_and_who_summons(runtime):
    expected = {"creditor": "nous saisirons sans autre avis la juridiction compétente d’une"
                            " requête en injonction de payer (articles 1405 et suivants du code"
                            " de procédure civile), ou vous ferons assigner en paiement",
                "commissaire_de_justice": "notre mandante saisira sans autre avis",
                "avocat": "la société Atelier Dupont saisira sans autre avis"}
    for issuer, words in expected.items():
        doc = render(runtime, "mise_en_demeure", with_officer(example_raw()), issuer=issuer,
                     sign=False)
        text = pdfcheck.flat(doc.content)
        assert words in text, issuer
        assert "l’assignerons" not in text
        if issuer != "creditor":
            assert "ou vous fera assigner en paiement" in text


def test_M2_fixed_date_after_expected_delivery_and_no_cpc_642(runtime):
    raw = example_raw()
    raw["as_of"] = "2026-11-23"  # Monday: presented Wednesday 25 (J+2) + 8 days = Thursday 3/12
    doc = render(runtime, "mise_en_demeure", raw, sign=False)
    text = pdfcheck.flat(doc.content)
    assert "642" not in text and "à compter de la date de la présente" not in text
    assert "au plus tard le 3 décembre 2026" in text
    assert "après la première présentation prévisible de la présente lettre" in text
    assert doc.extra["deadline"] == "2026-12-03"


def test_M3_L8_legal_address_not_mailing_address(mde):
    text = pdfcheck.flat(mde.content)
    # second reading 3: no delivery-point lines (service, building) in the siège either
    assert "dont le siège social est situé 45 avenue Roger Salengro" in text
    assert "situé Service comptabilité" not in text


def test_M6_L11_no_unverified_rate_sentence_in_any_letter(runtime):
    for kind, raw, opts in (("mise_en_demeure", consumer_raw(), {}),
                            ("relance", no_mise_en_demeure(private_creditor_raw()),
                             {"level": 2})):
        doc = render(runtime, kind, raw, sign=False, **opts)
        text = pdfcheck.flat(doc.content)
        assert "restent à confirmer" not in text and "non officielles" not in text
        assert any(w["code"] == "parameter_not_verified" for w in doc.warnings) or kind == "relance"


def test_M7_consumer_and_professional_accessories_named_right(runtime, mde):
    text = pdfcheck.flat(mde.content)
    assert "les pénalités de retard (article L441-10 II du code de commerce) continueront" in text
    doc = render(runtime, "mise_en_demeure", consumer_raw(), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "pénalités" not in text.lower()
    assert "les intérêts au taux légal continueront de courir" in text


def test_M5_consumer_interest_sentence_not_self_contradictory(runtime):
    doc = render(runtime, "mise_en_demeure", consumer_raw(), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "qui courent déjà depuis notre précédente mise en demeure" not in text
    # the start as the décompte counts it (third reading 1: tests/documents/
    # test_consumer_interest.py)
    assert ("Les intérêts au taux de l’intérêt légal courent sur les sommes dues à compter du"
            " 2 octobre 2026, lendemain de la date de la mise en demeure du" in text) \
        or "la présente mise en demeure fait courir" in text


def test_M8_no_internal_note_quoted_and_plusieurs_reprises_only_when_true(runtime, mde):
    text = pdfcheck.flat(mde.content)
    assert "Rappel courtois" not in text and "Promesse de règlement" not in text
    assert "à plusieurs reprises" in text
    raw = example_raw()
    raw["reminders"] = raw["reminders"][:1]
    text = pdfcheck.flat(render(runtime, "mise_en_demeure", raw, sign=False).content)
    assert "à plusieurs reprises" not in text
    assert "Cette créance vous a déjà été réclamée, sans effet : relance par courriel du" \
           " 10 juin 2026 (facture F-2026-0117)." in text


def test_D6_R6_rates_applied_printed_with_their_periods(mde):
    text = pdfcheck.flat(mde.content)
    assert "soit 12,15 % puis 12,40 % l’an" in text
    assert "au 1er janvier ou au 1er juillet de chaque semestre" not in text
    laid_out = [re.sub(r"\s+", " ", line).strip()
                for line in pdfcheck.text(mde.content, layout=True).splitlines()]
    for row in ("F-2026-0117 04/06/2026 30/06/2026 27 4 800,00 € 12,15 % 43,14 €",
                "F-2026-0117 02/07/2026 20/11/2026 142 3 000,00 € 12,40 % 144,72 €",
                "F-2026-0152 16/07/2026 20/11/2026 128 1 500,00 € 12,40 % 65,23 €"):
        assert row in laid_out, row
    assert "Facture Du Au Jours Base Taux annuel Montant" in laid_out  # LR13


def test_R1_reminder_sentence_built_from_reminders(runtime):
    text = pdfcheck.flat(render(runtime, "relance", example_raw(), level=2, sign=False).content)
    assert "premier rappel" not in text
    assert "Malgré nos relances des 10 juin 2026 (courriel, facture F-2026-0117), 20 juillet" \
           " 2026 (appel téléphonique) et 1er septembre 2026 (courrier)," in text


def test_R2_no_reminder_no_broken_sentence(runtime):
    raw = example_raw()
    raw["reminders"] = []
    text = pdfcheck.flat(render(runtime, "relance", raw, level=2, sign=False).content)
    assert "le précédemment" not in text
    assert "Malgré notre précédent rappel, les factures suivantes restent impayées" in text


def test_R3_relance_after_mise_en_demeure_is_refused(runtime):
    raw = example_raw()
    raw["reminders"].append({"date": "2026-10-01", "kind": "mise_en_demeure",
                             "channel": "lrar"})
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "relance", raw, level=2)
    (err,) = exc.value.errors
    assert err.code == "relance_after_mise_en_demeure" and err.path == "case.reminders[3]"


def test_R5_L10_dispute_notes_not_quoted_in_letters(runtime, mde):
    assert "Le débiteur n" not in pdfcheck.flat(mde.content)
    text = pdfcheck.flat(render(runtime, "relance", example_raw(), level=3, sign=False).content)
    assert "Le débiteur n" not in text and "Règlement échelonné" not in text


def test_R9_level_3_does_not_contradict_itself(runtime):
    text = pdfcheck.flat(render(runtime, "relance", example_raw(), level=3, sign=False).content)
    assert "sans autre avis" not in text
    assert "nous vous adresserons une mise en demeure" in text


def test_mise_en_demeure_refuses_a_case_missing_what_it_must_say(runtime):
    raw = copy_raw(example_raw())
    del raw["signatory"]
    del raw["creditor"]["siren"]
    raw["creditor"].pop("vat_number")
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "mise_en_demeure", raw)
    assert {e.path for e in exc.value.errors} == {"case.signatory", "case.creditor.siren"}
    del raw["issuer"]
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "mise_en_demeure", raw, issuer="commissaire_de_justice")
    assert {e.path for e in exc.value.errors} == {"case.creditor.siren", "case.issuer"}


def test_hostile_content_is_escaped_and_layout_holds(runtime):
    raw = copy_raw(example_raw())
    long_name = "Société " + "Très-Longue-Dénomination " * 11  # ~300 characters
    raw["debtor"]["name"] = long_name[:300]
    # letters no longer quote the dispute notes (R5): the hostile text goes in a description
    raw["invoices"][1]["description"] = ('<img src="http://127.0.0.1:9/x"> <b>gras</b>'
                                         ' "guillemets" \'apostrophes\' 😀 שלום مرحبا & </p></div>')
    raw["invoices"][0]["description"] = "<script>alert(1)</script>" + "x" * 200
    doc = render(runtime, "mise_en_demeure", raw)
    text = pdfcheck.text(doc.content)
    assert "<img" in text and "<b>gras</b>" in pdfcheck.flat(doc.content)
    assert "<script>alert(1)</" in text
    assert "שלום" in text
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok
    assert any(w["code"] == "address_line_shortened" for w in doc.warnings)
    assert doc.pages <= 4


def test_long_payment_details_wrap_beside_the_qr_code_and_it_still_scans(runtime):
    """An unbreakable 80-character reference and a one-word creditor name wrap inside the
    transfer details, left of the QR code column (A4 width minus the 18 mm right margin, the
    3 mm inset and the 22 mm code, P4), and the code still scans."""
    raw = copy_raw(example_raw())
    raw["reference"] = "R" * 80
    raw["creditor"]["name"] = "Établissements" + "X" * 60
    doc = render(runtime, "mise_en_demeure", raw)
    qr_left = 595.28 - (18 + 3 + 22) * 72 / 25.4
    pages_with_qr = [p for p in range(1, doc.pages + 1) if pdfcheck.decode_qr(doc.content, p)]
    assert len(pages_with_qr) == 1
    page = pages_with_qr[0]
    (payload,) = pdfcheck.decode_qr(doc.content, page)
    assert payload.split("\n")[-1] == "R" * 80
    # the body only: the running head (L15) and the footer also name the reference / creditor
    long_words = [w for w in pdfcheck.words(doc.content, page)
                  if ("RRRR" in w[0] or "XXXX" in w[0]) and 20 * MM < w[2] < 271 * MM]
    assert long_words
    assert all(x_max < qr_left for _, _, _, x_max, _ in long_words), long_words


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_no_fetch_ever_leaves_the_renderer(runtime, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    try:
        raw = copy_raw(example_raw())
        raw["dispute"]["summary"] = (f'<img src="http://127.0.0.1:{port}/a.png">'
                                     f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
                                     f'<img src="file://{secret}">')
        raw["reference"] = f'X<style>@import url("http://127.0.0.1:{port}/i.css");</style>'
        doc = render(runtime, "mise_en_demeure", raw)
        assert "TOP-SECRET-CONTENT" not in pdfcheck.text(doc.content)
        # Even HTML reaching the renderer directly cannot fetch: the render is aborted.
        from service.errors import RecouvreError

        for html in (f'<img src="http://127.0.0.1:{port}/b.png">',
                     f'<img src="file://{secret}">', "<img src='data:image/png;base64,AAAA'>",
                     f"<style>@import url('http://127.0.0.1:{port}/c.css');</style>"):
            with pytest.raises(RecouvreError) as exc:
                runtime.renderer.render(f"<html><body>{html}</body></html>")
            assert exc.value.status == 422
        assert _Counter.hits == 0
    finally:
        server.shutdown()


@pytest.mark.parametrize("case_name", ["example", "consumer", "private_creditor"])
@pytest.mark.parametrize("kind,options", [
    ("relance", {"level": 1}), ("relance", {"level": 2}), ("relance", {"level": 3}),
    ("mise_en_demeure", {}), ("mise_en_demeure", {"issuer": "commissaire_de_justice"}),
    ("mise_en_demeure", {"issuer": "avocat"}),
])
def test_every_letter_renders_for_every_kind_of_party(runtime, case_name, kind, options):
    raw = {"example": example_raw, "consumer": consumer_raw,
           "private_creditor": private_creditor_raw}[case_name]()
    raw = with_officer(no_mise_en_demeure(raw) if kind == "relance" else raw)
    doc = render(runtime, kind, raw, sign=False, **options)
    text = pdfcheck.flat(doc.content)
    assert doc.pages == pdfcheck.pages(doc.content) and 1 <= doc.pages <= 3
    # the courteous reminder asks for the principal; the others for the whole décompte
    field = "outstanding" if options.get("level") == 1 else "total_due"
    total = Decimal(doc.decompte["totals"][field])
    assert " ".join(fr.money(total).replace("\u202f", " ").split()) in text
    assert f"1/{doc.pages}" in text
    if options.get("issuer") == "avocat":
        assert "Sophie GARNIER" in text and "Avocat au barreau de Lyon" in text

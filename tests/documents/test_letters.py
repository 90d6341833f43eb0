"""Relances 1-3 and the mise en demeure: rendered, sealed, read back from the outside."""

from __future__ import annotations

import http.server
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
        "MISE EN DEMEURE", "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
        "Martin Bâtiment (SAS)", "404 833 048", "45 AVENUE ROGER SALENGRO", "69100 VILLEURBANNE",
        "F-2026-0117", "04/05/2026", "4 800,00 €", "F-2026-0152", "1 500,00 €",
        "reste dû un principal de 4 500,00 €",  # after payments
        "pénalités de retard", "L441-10", "40,00 €", "D441-5",
        "189,49 €", "65,23 €", "4 834,72 €",  # décompte
        "quatre mille huit cent trente-quatre euros et soixante-douze centimes",
        "10 juin 2026", "20 juillet 2026", "1er septembre 2026",  # reminders already made
        "aucune réserve", "Règlement échelonné",  # the situation
        "huit (8) jours", "30 novembre 2026",  # deadline: Sat 28 Nov moved to Mon 30 Nov
        "injonction de payer", "1405",  # next step
        "Marie Dupont", "Gérante",  # signatory
        "RCS Lyon 732 829 320", "SARL au capital de 10 000,00 €",  # R123-237
        "FR76 3000 6000 0112 3456 7890 189",
    ]:
        assert mention in text, mention
    assert "interrompt la prescription" not in text and "interrompre la prescription" not in text
    assert mde.extra["deadline"] == "2026-11-30"
    assert mde.pages == pdfcheck.pages(mde.content) == 2
    assert "1/2" in text and "2/2" in text


def test_recipient_block_sits_in_the_dl_window(mde):
    words = pdfcheck.words(mde.content, page=1)
    block = [w for w in words if w[0] in ("MARTIN", "VILLEURBANNE")]
    assert len(block) >= 2
    for _, x0, y0, x1, y1 in block:
        assert x0 >= 110 * MM - 1 and x1 <= 195 * MM
        assert y0 >= 55 * MM - 1 and y1 <= 80 * MM


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
    (1, ["Rappel", "simple oubli", "au plus tard le 30 novembre 2026"]),
    (2, ["2e relance pour facture impayée", "premier rappel", "4 834,72 €"]),
    (3, ["dernière relance avant mise en demeure", "injonction de payer",
         "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION"]),
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


def test_private_person_creditor(runtime):
    doc = render(runtime, "relance", private_creditor_raw(), level=2)
    text = pdfcheck.flat(doc.content)
    assert "Jean MOREAU" in text and "RCS" not in text
    assert doc.decompte["rate_basis"] == "legal_private"


def test_commissaire_de_justice_issuer_states_its_role_and_l111_8(runtime):
    doc = render(runtime, "mise_en_demeure", example_raw(), issuer="commissaire_de_justice")
    text = pdfcheck.flat(doc.content)
    assert "SELARL Actes & Recouvrement" in text and "COMMISSAIRE DE JUSTICE" in text
    assert "pour le compte de la société Atelier Dupont" in text
    assert "L111-8" in text and "recouvrement amiable" in text
    assert doc.postage["sender_lines"][0].startswith("SELARL ACTES")
    # the étude signs its letter, for the creditor; the creditor's manager does not
    closing = text[text.index("salutations distinguées"):]
    assert "Commissaire de justice" in closing and "pour Atelier Dupont" in closing
    assert "Marie Dupont" not in closing and "Gérante" not in closing


def test_commissaire_de_justice_named_signatory_signs_for_the_etude(runtime):
    raw = copy_raw(example_raw())
    raw["issuer"]["signatory"] = {"name": "Maître Jean Roche", "title": "Commissaire de justice"}
    doc = render(runtime, "mise_en_demeure", raw, issuer="commissaire_de_justice", sign=False)
    closing = pdfcheck.flat(doc.content).split("salutations distinguées")[-1]
    assert "Maître Jean Roche" in closing and "Commissaire de justice" in closing
    assert "SELARL Actes & Recouvrement, commissaires de justice associés, pour Atelier" \
           " Dupont" in closing


def test_mise_en_demeure_refuses_a_case_missing_what_it_must_say(runtime):
    raw = copy_raw(example_raw())
    del raw["signatory"]
    del raw["creditor"]["siren"]
    raw["creditor"].pop("vat_number")
    del raw["issuer"]
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "mise_en_demeure", raw, issuer="commissaire_de_justice")
    paths = {e.path for e in exc.value.errors}
    assert paths == {"case.signatory", "case.creditor.siren", "case.issuer"}


def test_hostile_content_is_escaped_and_layout_holds(runtime):
    raw = copy_raw(example_raw())
    long_name = "Société " + "Très-Longue-Dénomination " * 11  # ~300 characters
    raw["debtor"]["name"] = long_name[:300]
    raw["dispute"]["summary"] = ('<img src="http://127.0.0.1:9/x"> <b>gras</b> "guillemets"'
                                 " 'apostrophes' 😀 שלום مرحبا & </p></div>")
    raw["invoices"][0]["description"] = "<script>alert(1)</script>" + "x" * 200
    doc = render(runtime, "mise_en_demeure", raw)
    text = pdfcheck.text(doc.content)
    assert '<img src="http://127.0.0.1:9/x">' in text and "<script>alert(1)</" in text
    assert "שלום" in text
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok
    assert any(w["code"] == "address_line_shortened" for w in doc.warnings)
    assert doc.pages <= 4


def test_long_payment_details_wrap_beside_the_qr_code_and_it_still_scans(runtime):
    """An unbreakable 80-character reference and a one-word creditor name wrap inside the
    transfer details, left of the QR code column (A4 width minus the 18 mm right margin, the
    3 mm inset and the 27 mm code), and the code still scans."""
    raw = copy_raw(example_raw())
    raw["reference"] = "R" * 80
    raw["creditor"]["name"] = "Établissements" + "X" * 60
    doc = render(runtime, "mise_en_demeure", raw)
    qr_left = 595.28 - (18 + 3 + 27) * 72 / 25.4
    pages_with_qr = [p for p in range(1, doc.pages + 1) if pdfcheck.decode_qr(doc.content, p)]
    assert len(pages_with_qr) == 1
    page = pages_with_qr[0]
    (payload,) = pdfcheck.decode_qr(doc.content, page)
    assert payload.split("\n")[-1] == "R" * 80
    long_words = [w for w in pdfcheck.words(doc.content, page) if "RRRR" in w[0] or "XXXX" in w[0]]
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
    doc = render(runtime, kind, raw, sign=False, **options)
    text = pdfcheck.flat(doc.content)
    assert doc.pages == pdfcheck.pages(doc.content) and 1 <= doc.pages <= 3
    # the courteous reminder asks for the principal; the others for the whole décompte
    field = "outstanding" if options.get("level") == 1 else "total_due"
    total = Decimal(doc.decompte["totals"][field])
    assert " ".join(fr.money(total).replace("\u202f", " ").split()) in text
    assert f"1/{doc.pages}" in text
    if options.get("issuer") == "avocat":
        assert "Maître Sophie Garnier" in text and "Barreau de Lyon" in text

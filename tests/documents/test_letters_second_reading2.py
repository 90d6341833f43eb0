"""The practitioner's second reading of the letters, part 2 (findings LR4, LR5, LR6, LR7, LR11,
LR12, LR13, LR18), read back from the PDF."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from service import fr
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from tests import pdfcheck
from tests.documents.test_facture_rectificative import closed_raw
from tests.factories import consumer_raw, example_raw

VISUAL = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
OFFICER = {"name": "Maître Julien Rivière", "title": "Commissaire de justice associé"}


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def no_mise_en_demeure(raw):
    raw["reminders"] = [r for r in raw.get("reminders", []) if r["kind"] != "mise_en_demeure"]
    return raw


def chars(pdf: bytes) -> str:
    """The text with its no-break spaces and minus signs as printed."""
    return "".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in pdfcheck.text(pdf).splitlines() if line.strip()]


def small_claim_raw():
    raw = example_raw()
    raw["issuer"]["signatory"] = dict(OFFICER)
    return raw


@pytest.fixture(scope="module")
def invitation(runtime):
    return render(runtime, "petites_creances", small_claim_raw())


LEGAL = ("Nous vous rappelons que, conformément à nos conditions de paiement")


# --------------------------------------------------------------------------- LR4


@pytest.mark.parametrize("level", [2, 3])
def test_lr4_relances_2_and_3_found_the_penalties_and_the_indemnity(runtime, level):
    doc = render(runtime, "relance", example_raw(), level=level)
    text = pdfcheck.body(doc.content)
    assert "Pénalités de retard" in text and "Indemnité forfaitaire" in text
    assert LEGAL in text
    assert "tout retard de paiement fait courir de plein droit des pénalités de retard" in text
    assert "(article L441-10 II du code de commerce)" in text
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture (article" \
           " D441-5 du code de commerce)" in text


@pytest.mark.parametrize("level", [1, 2, 3])
def test_lr4_no_legal_paragraph_for_a_consumer(runtime, level):
    raw = no_mise_en_demeure(consumer_raw())
    doc = render(runtime, "relance", raw, level=level)
    text = pdfcheck.body(doc.content)
    assert "L441-10" not in text and "D441-5" not in text and LEGAL not in text


# --------------------------------------------------------------------------- LR5


def test_lr5_rate_rule_worded_per_half_year_and_figures_in_the_small_claim(runtime,
                                                                             invitation):
    rule = ("en vigueur au 1er janvier pour le premier semestre et au 1er juillet pour le"
            " second")
    docs = {"petites_creances": invitation,
            "echeancier": render(runtime, "echeancier", example_raw(), plan={
                "count": 3, "first_date": "2026-11-28", "periodicity": "monthly"}),
            "decompte": render(runtime, "decompte", example_raw())}
    for kind, doc in docs.items():
        text = pdfcheck.flat(doc.content)
        assert "de chaque semestre" not in text, kind
        assert "au 1er janvier ou au 1er juillet" not in text, kind
        # eighth reading 2: the échéancier's décompte is the letters' table, with their wording
        if kind in ("petites_creances", "echeancier"):
            assert "le taux en vigueur au 1er janvier s’appliquant au premier semestre et celui" \
                   " en vigueur au 1er juillet au second" in text
            assert "soit 12,15 % puis 12,40 % l’an" in text, kind
        else:
            assert rule in text, kind
    text = pdfcheck.flat(invitation.content)
    assert "soit 12,15 % puis 12,40 % l’an" in text


# --------------------------------------------------------------------------- LR6, LR7


def test_lr6_small_claim_footer_gives_the_etude_mentions(runtime):
    raw = small_claim_raw()
    raw["issuer"].update({"legal_form": "SELARL", "share_capital": "50000.00",
                          "siren": "123456782", "rcs_city": "Lyon"})
    doc = render(runtime, "petites_creances", raw)
    med = render(runtime, "mise_en_demeure", no_mise_en_demeure(raw),
                 issuer="commissaire_de_justice")
    mentions = ("SELARL Actes & Recouvrement, commissaires de justice associés — SELARL au"
                " capital de 50 000,00 € — siège social : 5 quai Saint-Antoine, 69002 Lyon —"
                " RCS Lyon 123 456 782")
    assert mentions in pdfcheck.flat(med.content)  # the étude's mise en demeure, same footer
    text = pdfcheck.flat(doc.content)
    assert text.count(mentions) == pdfcheck.pages(doc.content) - 1  # all but the address sheet
    assert "agissant à la demande d’Atelier Dupont" in text
    assert "à la demande de Atelier Dupont" not in text


def test_lr6_forms_name_the_etude_with_its_article_and_elide(invitation):
    text = pdfcheck.flat(invitation.content)
    assert text.count("mise en œuvre par la SELARL Actes & Recouvrement, commissaires de"
                      " justice associés, à la demande d’Atelier Dupont") == 2
    assert "associés à la demande" not in text


def test_lr7_small_claim_in_the_etude_style(invitation):
    text = pdfcheck.flat(invitation.content)
    assert "Mandatée par la société Atelier Dupont, notre étude met en œuvre à votre égard" in text
    assert "Nous avons été mandatés" not in text
    assert "aucuns frais de procédure ne vous sont réclamés" in text  # fourth reading 7
    assert "aucun frais" not in text


# --------------------------------------------------------------------------- LR11


def test_lr11_decompte_costs_note_excepts_the_indemnity_it_charges(runtime):
    text = pdfcheck.flat(render(runtime, "decompte", example_raw()).content)
    assert "Indemnité forfaitaire pour frais de recouvrement" in text
    assert ("ni frais de recouvrement amiable, à l’exception de l’indemnité forfaitaire pour"
            " frais de recouvrement (art. L441-10 II et D441-5 C. com.).") in text
    raw = example_raw()
    raw["terms"]["flat_indemnity"] = False
    plain = pdfcheck.flat(render(runtime, "decompte", raw).content)
    assert "ni frais de recouvrement amiable." in plain and "à l’exception" not in plain


# --------------------------------------------------------------------------- LR12


def _rectificative(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": {
        "number": "AV-2026-0007", "invoices": ["F-2026-0117", "F-2026-0152"],
        "vat_chargeability": "debits", **options}},
        KINDS["facture_rectificative"])
    return generate("facture_rectificative", case, opts, runtime)


def test_lr12_rectifying_invoice_identifies_the_customer_and_signs_minus(runtime):
    raw = closed_raw()
    # addressed to another than the customer (third reading 6e: after the closure, the former
    # liquidator, never « ès qualités »): the customer is still identified
    doc = _rectificative(runtime, raw, addressee_after_closure="former_liquidator")
    text = pdfcheck.flat(doc.content)
    debtor = raw["debtor"]
    assert "Client : la société Martin Bâtiment" in text
    siren = debtor["siren"]
    assert f"{siren[:3]} {siren[3:6]} {siren[6:]}" in text
    assert debtor["address"]["street"] in text
    if debtor.get("vat_number"):
        assert f"TVA intracommunautaire {debtor['vat_number']}" in text
    assert "Destinataire : SELARL MJ Synergie, ancien liquidateur judiciaire" in text
    printed = chars(doc.content)
    assert "\u2212" in printed
    assert not re.search(r"-\d[\d\s\u202f\u00a0]*,\d\d", printed)


def test_lr12_money_writes_the_minus_sign():
    from decimal import Decimal

    assert fr.money(Decimal("-1234.5")) == "\u22121\u202f234,50\u00a0€"
    assert fr.money(Decimal("0")) == "0,00\u00a0€"


# --------------------------------------------------------------------------- LR13


@pytest.mark.parametrize("kind, options", [("relance", {"level": 2}), ("relance", {"level": 3}),
                                           ("mise_en_demeure", {})])
def test_lr13_period_tables_give_the_amount_per_period(runtime, kind, options):
    raw = example_raw() if kind == "relance" else no_mise_en_demeure(example_raw())
    doc = render(runtime, kind, raw, **options)
    layout = pdfcheck.text(doc.content, layout=True)
    head = next(line for line in layout.splitlines() if "Taux annuel" in line)
    assert head.rstrip().endswith("Montant")
    after = layout[layout.index(head):]
    rows = [line for line in after.splitlines()
            if re.match(r"\s*F-2026-01\d\d\s+\d\d/\d\d/\d{4}\s+\d\d/\d\d/\d{4}", line)]
    assert len(rows) == 4
    amounts = [re.findall(r"([\d\s]+,\d\d) €", row)[-1] for row in rows]
    assert all(re.fullmatch(r"\s*\d+,\d\d", a) for a in amounts)
    total = sum(float(a.strip().replace(",", ".")) for a in amounts)
    assert abs(total - 254.72) < 0.05  # the periods add up to the penalties, rounded apart


# --------------------------------------------------------------------------- LR18


def test_lr18_letterhead_phone_and_email_on_their_own_lines(runtime, invitation):
    doc = render(runtime, "relance", example_raw(), level=1)
    ls = lines(doc.content)
    assert "Tél. +33 4 72 00 00 00" in ls
    assert "compta@atelier-dupont.example" in ls
    assert not any(line.endswith("—") for line in ls)  # nor in the footer
    officer = lines(invitation.content)
    assert "Tél. +33 4 78 00 00 00" in officer and "etude@actes-recouvrement.example" in officer
    assert not any(line.endswith("—") and line != "—" for line in officer)


def test_lr18_relance_1_cites_l441_10_once(runtime):
    text = pdfcheck.body(render(runtime, "relance", example_raw(), level=1).content)
    para = text[text.index(LEGAL):]
    para = para[:para.index(".", para.index("D441-5")) + 1]
    assert para.count("L441-10") == 1


def test_lr18_small_claim_title_balanced_and_not_hyphenated(invitation):
    ls = lines(invitation.content)
    assert "CRÉANCES" not in ls
    i = ls.index("PROCÉDURE SIMPLIFIÉE DE RECOUVREMENT")
    assert ls[i + 1] == "DES PETITES CRÉANCES"
    raw = pdfcheck.text(invitation.content)
    assert "exécu\u2010" not in raw
    assert "d’exécution" in raw


def test_lr18_lot_and_street_number_kept_together(runtime):
    raw = json.loads((VISUAL / "many.case.json").read_text(encoding="utf-8"))
    raw = raw.get("case", raw)
    doc = render(runtime, "relance", raw, level=2)
    for line in lines(doc.content):
        assert not re.search(r"\blots?$", line), line
    assert fr.keep_together("lot 10, n° 3") == "lot\u00a010, n° 3"
    assert fr.keep_together("siège social : 5 quai Saint-Antoine") == \
        "siège social : 5\u00a0quai Saint-Antoine"
    assert fr.keep_together("12 bis rue de la Paix") == "12 bis\u00a0rue de la Paix"
    assert fr.keep_together("Lyon — Tél. 04 72 00 00 00") == \
        "Lyon —\u00a0Tél.\u00a004\u00a072\u00a000\u00a000\u00a000"


def test_lr18_etude_footer_keeps_the_number_with_its_street(invitation):
    for line in lines(invitation.content):
        assert not re.search(r"siège social : \d+$", line), line
        assert not line.endswith("Tél."), line
    assert "5\u00a0quai Saint-Antoine" in chars(invitation.content) or \
        "5 quai Saint-Antoine" in pdfcheck.flat(invitation.content)


def test_lr18_rate_description_without_its_citation():
    from service.documents import common
    from service.documents.facts import CaseFacts

    case, _ = load_request({"case": example_raw(), "options": {"level": 2}}, KINDS["relance"])
    decompte = CaseFacts(case).decompte
    cited = common.letter_rate_description(decompte, case)
    assert "(article L441-10 II du code de commerce)" in cited
    bare = common.letter_rate_description(decompte, case, cite=False)
    assert "L441-10" not in bare
    assert bare.replace("\u00a0", " ").endswith("second, soit 12,15 % puis 12,40 % l’an")

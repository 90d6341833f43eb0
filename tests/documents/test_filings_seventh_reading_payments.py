"""The filings' seventh reading (findings 1 and 5), read back from the PDF of the golden cases and
of variants."""

from __future__ import annotations

import re
from decimal import Decimal

from tests import layout_rules, pdfcheck
from tests.documents.test_filings_fourth_reading import golden_request, render


def _lines(pdf: bytes) -> list[layout_rules.Line]:
    """Every body line of the document, spaces (no-break ones too) collapsed."""
    return [layout_rules.Line(ln.page, ln.top_mm, ln.bottom_mm,
                              re.sub(r"[\s\u00a0\u202f]+", " ", ln.text))
            for page in layout_rules.body_lines(pdf) for ln in page]


def _row(lines: list[layout_rules.Line], start: str, after: str) -> tuple[int, list[str]]:
    """The index of the first line starting with ``start`` below the first containing ``after``,
    and the texts of that line and the next."""
    first = next(i for i, ln in enumerate(lines) if after in ln.text)
    i = next(i for i, ln in enumerate(lines) if i > first and ln.text.startswith(start))
    return i, [lines[i].text, lines[i + 1].text]


def _doc(runtime, name: str, change=None):
    d = golden_request(name)
    if change is not None:
        change(d["case"])
    return render(runtime, d["kind"], d["case"], **d.get("options", {}))


# ------------------------------- 1: the requête's décompte shows the invoice and its payment
def test_sv7_1_requete_decompte_shows_invoice_amount_and_dated_payment(runtime):
    for name in ("injonction_de_payer", "injonction_de_payer-consumer"):
        pdf = _doc(runtime, name).content
        lines = _lines(pdf)
        _i, (row, below) = _row(lines, "F-2026-0117", "Décompte détaillé de la créance")
        # Montant TTC | Règlements | Principal restant dû, then the payment's date under it
        assert re.match(r"F-2026-0117 4 800,00 € 1 800,00 € 3 000,00 € ", row), (name, row)
        assert below.strip() == "le 01/07/2026", (name, below)
        _j, (other, _) = _row(lines, "F-2026-0152", "Décompte détaillé de la créance")
        assert other.startswith("F-2026-0152 1 500,00 € — 1 500,00 € "), (name, other)
        totals = next(ln.text for ln in lines if ln.text.startswith("Sous-totaux"))
        assert totals.startswith("Sous-totaux 6 300,00 € 1 800,00 € 4 500,00 € "), totals
        assert any(ln.text.startswith("Facture Montant TTC Règlements") for ln in lines), name


def test_sv7_1_requete_principal_is_the_balance_of_the_invoices(runtime):
    for name in ("injonction_de_payer", "injonction_de_payer-consumer"):
        text = pdfcheck.flat(_doc(runtime, name).content)
        assert "solde des factures n° F-2026-0117, F-2026-0152 ; art. 1103 C. civ." in text, name
        assert "factures impayées" not in text, name


def test_sv7_1_without_payment_the_requete_keeps_unpaid_invoices_and_its_table(runtime):
    def unpaid(case):
        case["payments"] = []

    pdf = _doc(runtime, "injonction_de_payer", unpaid).content
    text = pdfcheck.flat(pdf)
    assert "factures impayées n° F-2026-0117, F-2026-0152 ; art. 1103 C. civ." in text
    assert "solde des factures" not in text
    assert "Règlements" not in text and "Montant TTC" not in text
    lines = _lines(pdf)
    _i, (row, _) = _row(lines, "F-2026-0117", "Décompte détaillé de la créance")
    assert row.startswith("F-2026-0117 4 800,00 € "), row  # principal: the whole invoice


def test_sv7_1_declaration_shows_invoice_amount_and_dated_payment(runtime):
    pdf = _doc(runtime, "declaration_de_creance").content
    lines = _lines(pdf)
    _i, (row, below) = _row(lines, "F-2026-0117", "Sommes échues au jour du jugement")
    # Échéance | Montant TTC | Règlements | Principal restant dû | Pénalités | Indemnité
    assert row == "F-2026-0117 03/06/2026 4 800,00 € 1 800,00 € 3 000,00 € 142,61 € 40,00 €", row
    assert below == "émise le 04/05/2026 le 01/07/2026", below
    assert any(ln.text.startswith("Facture Échéance Montant TTC Règlements") for ln in lines)
    assert "Total des sommes échues 4 764,40 €" in pdfcheck.flat(pdf)


def test_sv7_1_declaration_without_payment_keeps_its_columns(runtime):
    def unpaid(case):
        case["payments"] = []

    text = pdfcheck.flat(_doc(runtime, "declaration_de_creance", unpaid).content)
    assert "Facture Émise le Échéance" in text
    assert "Règlements" not in text


# ------------------------------- 5: the LRE's closing page is not left ~90 % blank
def test_sv7_5_lre_closing_page_carries_the_reproduced_texts(runtime):
    pdf = _doc(runtime, "petites_creances-lre").content
    pages = layout_rules.body_lines(pdf)
    closing = next(p for p in pages if any(layout_rules._CLOSING.match(x.text) for x in p))
    heading = [x for x in closing if x.text.startswith("Textes reproduits en application")]
    assert heading, [x.text for x in closing]
    sign = next(x for x in closing if x.text.startswith("Maître Julien Rivière"))
    assert heading[0].top_mm > sign.bottom_mm
    # the page is full: its body runs to the foot (it stopped at 54 mm before)
    assert closing[-1].bottom_mm > 225, closing[-1]
    # the heading is followed on its page by the first text
    after = [x for x in closing if x.top_mm > heading[0].bottom_mm]
    assert any(x.text.startswith("Article L. 111-2") for x in after)
    # the signature is never alone (the paragraph announcing the texts stays above it); no
    # page of the letter holds a line or two
    assert layout_rules.closing_keeps_body(pages) == []
    assert layout_rules.no_short_page(pages) == []
    assert pdfcheck.pages(pdf) == 6


def test_sv7_5_lrar_keeps_the_emargement_on_the_closing_page_and_texts_on_a_new_one(runtime):
    pdf = _doc(runtime, "petites_creances").content
    pages = layout_rules.body_lines(pdf)
    closing = next(p for p in pages if any(layout_rules._CLOSING.match(x.text) for x in p))
    assert any(x.text.upper().startswith("ÉMARGEMENT VALANT ACCEPTATION") for x in closing)
    assert not any(x.text.startswith("Textes reproduits") for x in closing)
    texts = next(p for p in pages if any(x.text.startswith("Textes reproduits") for x in p))
    assert texts[0].text.startswith("Textes reproduits"), texts[0]


def test_sv7_1_each_payment_has_its_line_and_interest_taken_first_is_said(runtime):
    def second_payment(case):
        # after the mise en demeure: against a consumer, the interest accrued is paid first
        case["payments"].append({"date": "2026-11-02", "amount": "500.00",
                                 "invoice": "F-2026-0117", "method": "virement"})

    doc = _doc(runtime, "injonction_de_payer-consumer", second_payment)
    lines = _lines(doc.content)
    i, (row, below) = _row(lines, "F-2026-0117", "Décompte détaillé de la créance")
    cell = [ln.text for ln in lines[i:i + 7]]
    assert re.match(r"F-2026-0117 4 800,00 € 1 800,00 € \d", row), row
    assert below == "le 01/07/2026", cell
    flat = " ".join(cell)
    # the second payment: its principal part, its date, and what went to the interest
    match = re.search(r"(\d+,\d\d) € le 02/11/2026 outre (\d+,\d\d) € imputés sur les intérêts",
                      flat)
    assert match, cell
    principal, interest = (Decimal(x.replace(",", ".")) for x in match.groups())
    assert principal + interest == Decimal("500.00")
    paid = f"{1800 + principal:,.2f}".replace(",", " ").replace(".", ",")
    totals = next(ln.text for ln in lines if ln.text.startswith("Sous-totaux"))
    assert totals.startswith(f"Sous-totaux 6 300,00 € {paid} €"), totals

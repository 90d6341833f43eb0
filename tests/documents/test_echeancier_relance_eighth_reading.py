"""The practitioner's eighth reading of the letters (review of 1 December 2026, findings 2 and
3), read back from the PDF of the golden cases (tests/golden/*.case.json) and of variants."""

from __future__ import annotations

import re

import pytest

from tests import layout_rules, pdfcheck
from tests.documents.test_echeancier_fifth_reading import LABELS, page_text
from tests.documents.test_letters_fourth_reading import fixture, flat, golden, render
from tests.factories import copy_raw

# ------------------------------------- 2: the échéancier's sum acknowledged, invoice by invoice

# the per-invoice rows of the décompte table (principal, penalties or interest, indemnity, from)
SPLIT = {
    "echeancier": [
        "F-2026-0117 3 000,00 € 189,49 € 40,00 € 04/06/2026",
        "F-2026-0152 1 500,00 € 65,23 € 40,00 € 16/07/2026",
        "Sous-totaux 4 500,00 € 254,72 € 80,00 €",
        "Total dû au 20 novembre 2026 4 834,72 €",
    ],
    "echeancier-consumer": [
        "F-2026-0117 3 000,00 € 11,30 € 02/10/2026",
        "F-2026-0152 1 500,00 € 5,65 € 02/10/2026",
        "Sous-totaux 4 500,00 € 16,95 €",
        "Total dû au 20 novembre 2026 4 516,95 €",
    ],
}


def _lines(pdf: bytes) -> list[layout_rules.Line]:
    """The body lines of every page, spaces (no-break ones included) collapsed."""
    out = []
    for page in layout_rules.body_lines(pdf):
        for line in page:
            text = re.sub(r"[\s\u00a0\u202f]+", " ", line.text)
            out.append(layout_rules.Line(line.page, line.top_mm, line.bottom_mm, text))
    return out


def _originals(pdf: bytes, count: int) -> list[range]:
    """The pages (1-based) of each original, from its label to the next one."""
    pages = [page_text(pdf, n) for n in range(1, count + 1)]
    starts = [next(i for i, p in enumerate(pages) if label in p) + 1 for label in LABELS]
    return [range(starts[0], starts[1]), range(starts[1], count + 1)]


@pytest.mark.parametrize("name", ["echeancier", "echeancier-consumer"])
def test_sv8_2_echeancier_acknowledges_the_sum_invoice_by_invoice(runtime, name):
    """Article 3 imputes each payment invoice by invoice and article 5 charges penalties on the
    principal left after it: article 1 gives, per invoice, the principal, the penalties or
    interest and the indemnity, in each of the two originals, the table on one page."""
    doc = golden(runtime, name)
    lines = _lines(doc.content)
    for original in _originals(doc.content, doc.pages):
        mine = [x for x in lines if x.page in original]
        found = [next((x for x in mine if x.text == row), None) for row in SPLIT[name]]
        assert all(found), [row for row, x in zip(SPLIT[name], found, strict=True) if x is None]
        # the rows in order, on one page, under the article 1 heading of the same original
        assert len({x.page for x in found if x}) == 1
        tops = [x.top_mm for x in found if x]
        assert tops == sorted(tops)
    text = flat(doc)
    # the single-column breakdown is gone; the totals are unchanged
    assert "Total reconnu" not in text and "Somme reconnue, arrêtée au" not in text
    if name == "echeancier":
        # the headers of the columns, and the indemnity's ground kept under the table
        assert "Pénalités de retard" in text and "Indemnité forfaitaire" in text
        assert text.count("indemnité forfaitaire pour frais de recouvrement de 40,00 € (article"
                          " D441-5 du code de commerce)") == 2
        assert text.count("(article L441-10 II du code de commerce), soit 12,15 % puis 12,40 %"
                          " l’an") == 2
    else:
        assert "Intérêts au taux légal" in text and "D441-5" not in text
        assert "Indemnité forfaitaire" not in text
        assert text.count("à compter du 2 octobre 2026, lendemain de la date de la mise en"
                          " demeure du 1er octobre 2026 (articles 1231-6 et 1344-1 du code"
                          " civil)") == 2


@pytest.mark.parametrize("name", ["echeancier", "echeancier-consumer"])
def test_sv8_2_echeancier_keeps_its_pages_and_rules(runtime, name):
    """No page added: the address sheet, then two originals of three pages each; the periods of
    the letters' décompte stay out of the protocol; no heading alone at a page foot."""
    doc = golden(runtime, name)
    assert doc.pages == 7
    assert [len(o) for o in _originals(doc.content, doc.pages)] == [3, 3]
    text = flat(doc)
    assert "Taux annuel" not in text and "taux appliqués par période ci-dessus" not in text
    for page in layout_rules.body_lines(doc.content):
        last = page[-1].text
        assert not re.match(r"^Article \d", last), last


# ------------------------------------------------ 3: relance 3, the penalties keep running

RUNNING = ("les pénalités de retard (article L441-10 II du code de commerce) continueront de"
           " courir jusqu’au complet paiement")


def test_sv8_3_relance3_says_the_penalties_keep_running_until_full_payment(runtime):
    text = flat(golden(runtime, "relance-3"))
    assert ("requête en injonction de payer (articles 1405 et suivants du code de procédure"
            " civile). Les pénalités de retard (article L441-10 II du code de commerce)"
            " continueront de courir jusqu’au complet paiement.") in text
    # the sum asked stays the one arrêtée on as_of
    assert "Nous vous demandons de régler la somme de 4 834,72 €" in text


def test_sv8_3_relance2_and_relance3_share_one_wording(runtime):
    two = flat(golden(runtime, "relance-2"))
    assert ("puis une mise en demeure, et " + RUNNING + ".") in two
    assert RUNNING[1:] in flat(golden(runtime, "relance-3"))


def test_sv8_3_relance1_and_the_private_creditor_unchanged(runtime):
    one = golden(runtime, "relance-1")
    assert doc_pages(one) == 1 and "continueront de courir" not in flat(one)
    # a private creditor writing to a consumer: no penalties, the mise en demeure's interest
    kind, raw, options = fixture("relance-private-creditor")
    for level in (2, 3):
        text = flat(render(runtime, kind, copy_raw(raw), {**options, "level": level}))
        assert "pénalités de retard" not in text and "L441-10" not in text
        assert ("qui fera courir les intérêts au taux légal (articles 1231-6 et 1344-1 du code"
                " civil)") in text


def test_sv8_3_relance3_without_court_threat_still_says_it(runtime):
    """options.include_time_barred: no court action announced, the penalties still run."""
    kind, raw, options = fixture("relance-3")
    raw = copy_raw(raw)
    raw["invoices"].append({"number": "F-2020-0500", "issue_date": "2020-06-15",
                            "due_date": "2020-07-01", "performed_on": "2020-06-15",
                            "amount_excl_tax": "500.00", "amount_incl_tax": "600.00",
                            "description": "Réparation de volets"})
    doc = render(runtime, kind, raw, {**options, "include_time_barred": True})
    text = flat(doc)
    assert "injonction de payer" not in text and "F-2020-0500" in text
    assert ("d’avis de réception. Les pénalités de retard (article L441-10 II du code de"
            " commerce) continueront de courir jusqu’au complet paiement.") in text


def doc_pages(doc) -> int:
    return pdfcheck.pages(doc.content)

"""The practitioner's fifth reading of the échéancier (review 23, findings 1, 2, 3 and 8), read
back from the PDF of the golden cases (tests/golden/echeancier*.case.json)."""

from __future__ import annotations

import re

import pytest

from tests import pdfcheck
from tests.documents.test_letters_fourth_reading import flat, golden

BOTH = ["echeancier", "echeancier-consumer"]
FIRST = {"echeancier": "30 novembre 2026", "echeancier-consumer": "15 décembre 2026"}
LABELS = ("Exemplaire n° 1 sur 2 — à conserver par le débiteur",
          "Exemplaire n° 2 sur 2 — à retourner signé au créancier")


def page_text(pdf: bytes, page: int) -> str:
    """One page's words, whitespace (no-break spaces included) collapsed."""
    joined = " ".join(w for w, *_ in pdfcheck.words(pdf, page=page))
    return re.sub(r"[\s\u00a0\u202f]+", " ", re.sub(r"\u2010\s+", "", joined))


# ---------------------------------------------- 1: the 15 days from the first presentation

@pytest.mark.parametrize("name", BOTH)
def test_fv1_acceleration_period_runs_from_first_presentation(runtime, name):
    text = flat(golden(runtime, name))
    assert ("Si cette mise en demeure reste sans effet pendant quinze (15) jours à compter de"
            " sa première présentation (ou de sa réception, s’il s’agit d’une lettre"
            " recommandée électronique), la déchéance du terme sera encourue") in text
    assert "jours à compter de sa réception" not in text


# ------------------------------------- 2: an electronic registered letter to a consumer

def test_fv2_consumer_gets_an_electronic_registered_letter_only_if_she_accepted_it(runtime):
    text = flat(golden(runtime, "echeancier-consumer"))
    assert ("par lettre recommandée avec demande d’avis de réception ou, si le débiteur a"
            " accepté de la recevoir par voie électronique, par lettre recommandée"
            " électronique.") in text
    # no article number is stated: the source is unverified (reference/lrar.md)
    assert "L100" not in text


def test_fv2_professional_debtor_keeps_the_plain_alternative(runtime):
    text = flat(golden(runtime, "echeancier"))
    assert ("par lettre recommandée avec demande d’avis de réception ou lettre recommandée"
            " électronique.") in text
    assert "accepté de la recevoir" not in text


# ------------------------------------------------------------- 3: two originals (1375)

@pytest.mark.parametrize("name", BOTH)
def test_fv3_protocol_is_made_in_two_numbered_originals(runtime, name):
    doc = golden(runtime, name)
    text = flat(doc)
    assert ("Le présent protocole est établi en deux exemplaires originaux, signés par le"
            " créancier. Le débiteur les complète, date et signe tous deux, en conserve un et"
            f" retourne l’autre au créancier au plus tard le {FIRST[name]}, date de la première"
            " échéance.") in text
    assert "un exemplaire original" not in text and "copie revêtue" not in text
    pages = [page_text(doc.content, n) for n in range(1, doc.pages + 1)]
    starts = [next(i for i, p in enumerate(pages) if label in p) for label in LABELS]
    # each label once, the second original on a page of its own after the first
    assert [sum(label in p for p in pages) for label in LABELS] == [1, 1]
    assert 0 < starts[0] < starts[1]
    assert "PROTOCOLE D’ÉCHÉANCIER" in pages[starts[1]]
    copies = ("".join(pages[starts[0]:starts[1]]), "".join(pages[starts[1]:]))
    for copy in copies:  # each original is complete: the articles, both blocks, the mention
        for heading in ("Le débiteur reconnaît devoir", "Article 2 — Échéancier",
                        "Article 5 — Déchéance", "Article 7", "Le créancier Fait à",
                        "Le débiteur Fait à", "Mention manuscrite à recopier",
                        "« Bon pour reconnaissance de dette", "Signature"):
            assert copy.count(heading) == 1, (heading, name)
    # the window address only on the first original's first page
    assert pages[starts[0]].count("Objet") == 1 and "Objet" not in copies[1]


@pytest.mark.parametrize("name", BOTH)
def test_fv3_each_original_ends_with_clause_and_both_signatures_on_one_page(runtime, name):
    doc = golden(runtime, name)
    pages = [page_text(doc.content, n) for n in range(1, doc.pages + 1)]
    second = next(i for i, p in enumerate(pages) if LABELS[1] in p)
    for last in (second - 1, doc.pages - 1):  # the last page of each original
        page = pages[last]
        assert "établi en deux exemplaires originaux" in page
        assert "Le créancier Fait à" in page and "Le débiteur Fait à" in page
        assert "Mention manuscrite" in page
        words = pdfcheck.words(doc.content, page=last + 1)
        fait = sorted((x0, y0) for w, x0, y0, _, _ in words if w == "Fait")
        assert len(fait) == 2 and abs(fait[0][1] - fait[1][1]) < 2


@pytest.mark.parametrize("name", BOTH)
def test_fv3_postage_counts_both_originals(runtime, name):
    doc = golden(runtime, name)
    postage = doc.postage
    # six pages of protocol go flat in a C4 behind an address sheet, which is counted once
    assert doc.pages == 7 and postage["sheets"] == doc.pages
    assert postage["envelope"] == "C4" and postage["address_sheet"] is True
    assert "PORTE-ADRESSE" in page_text(doc.content, 1)


# ---------------------------------------------------------- 8: the creditor's undertaking

@pytest.mark.parametrize("name", BOTH)
def test_fv8_creditor_undertakes_to_bring_no_action_and_levy_no_measure(runtime, name):
    text = flat(golden(runtime, name))
    assert ("le créancier s’engage à n’introduire aucune action en justice et à ne pratiquer"
            " aucune mesure conservatoire ou d’exécution en recouvrement de la somme reconnue"
            " à l’article 1er") in text
    assert "n’engager aucune" not in text


def test_sx1_the_creditors_undertaking_lasts_until_the_decheance(runtime):
    """Sixth reading 1: article 6 binds the creditor until the déchéance of article 5 is incurred
    (after the mise en demeure and its period), not only while each instalment is paid on time."""
    for name in BOTH:
        text = flat(golden(runtime, name))
        assert ("Tant que la déchéance du terme n’est pas encourue dans les conditions de"
                " l’article 5, le créancier s’engage à n’introduire aucune action en justice") in text
        assert "Tant que les échéances sont payées à leur date" not in text

"""The practitioner's eighth reading (filings), read back from the PDF."""

from __future__ import annotations

from tests import pdfcheck
from tests.documents.test_pieces_third_reading import RETENTION, _declaration_raw, render


def _section_3(text: str) -> str:
    return text.split("3. Sûretés et privilèges")[1].split("4. Instance")[0]


def test_sv8_1_a_retention_clause_is_the_one_surete_not_neant(runtime):
    """C. civ. 2329 4° (ord. 2021-1192): « la propriété retenue … à titre de garantie » is a
    sûreté on movables; the section no longer says « Néant : … aucune sûreté » beside it."""
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    section = _section_3(pdfcheck.flat(
        render(runtime, "declaration_de_creance", raw, securities=[RETENTION]).content))
    assert "Néant" not in section and "aucune sûreté ni" not in section
    assert "d’aucune autre sûreté que la propriété retenue à titre de garantie (articles" \
           " 2329, 4° et 2367 du code civil)" in section


def test_sv8_1_with_another_security_the_clause_is_still_listed(runtime):
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    security = "Cautionnement solidaire de M. Paul Martin du 2 mars 2026"
    section = _section_3(pdfcheck.flat(render(
        runtime, "declaration_de_creance", raw, securities=[security, RETENTION]).content))
    assert security in section
    assert "se prévaut en outre de la clause de réserve de propriété suivante" in section
    assert "Clause de réserve de propriété" in section


def test_sv9_1_the_1413_mentions_no_longer_send_the_debtor_to_the_greffe(runtime):
    """CPC 1413 (2023 text, legal.md §2.1) has no « prendre connaissance au greffe » warning
    any more; the pièces returned by the greffe (1410) go with the deed, for 1411."""
    from tests.documents.test_instructions_signification import ordonnance_raw
    from tests.documents.test_instructions_signification import render as render_instructions
    doc = render_instructions(runtime, ordonnance_raw())
    text = pdfcheck.flat(doc.content)
    assert "prendre connaissance au greffe" not in text
    assert "avertir le débiteur qu’à défaut d’opposition dans le délai indiqué" in text
    assert ("Y sont également jointes les pièces produites à l’appui de la requête, que le greffe"
            " m’a restituées avec l’ordonnance (article 1410 du même code)") in text
    # the P. J. line of the letter head lists them too
    assert "pièces produites à" in text.split("INSTRUCTIONS DE SIGNIFICATION")[0]


def test_sv9_2_the_revendication_says_to_whom_it_goes(runtime):
    """C. com. R624-13 (Légifrance, in force 2024): the revendication goes by registered letter
    to the administrateur or, failing one, to the debtor, copy to the mandataire; in a
    liquidation, to the liquidator (R641-31)."""
    raw = _declaration_raw(["Conditions générales de vente", "Facture F-2026-0117",
                            "Facture F-2026-0152"])
    section = _section_3(pdfcheck.flat(
        render(runtime, "declaration_de_creance", raw, securities=[RETENTION]).content))
    assert ("par lettre recommandée avec demande d’avis de réception adressée à l’administrateur"
            " judiciaire s’il en a été désigné ou, à défaut, au débiteur, avec copie au mandataire"
            " judiciaire (article R624-13 du code de commerce)") in section
    raw["debtor"]["insolvency"]["procedure"] = "liquidation_judiciaire"
    section = _section_3(pdfcheck.flat(
        render(runtime, "declaration_de_creance", raw, securities=[RETENTION]).content))
    assert "adressée au liquidateur (article R641-31 du code de commerce)" in section


def test_sv10_2_the_greffe_letter_asks_for_what_the_etude_will_serve(runtime):
    """Tenth reading: the certified copy the instructions de signification enclose (requête,
    bordereau, ordonnance: CPC 1411) is what the greffe letter asks for."""
    from tests.documents.test_filings_seventh_reading_b import flat, golden_doc
    text = flat(golden_doc(runtime, "lettre_greffe"))
    assert ("me retourner la copie certifiée conforme de la requête, du bordereau des pièces et de"
            " l’ordonnance revêtue de la formule exécutoire, ainsi que les pièces produites"
            " (articles 1410 et 1411 du code de procédure civile)") in text


def test_sv10_contract_named_without_its_late_payment_clause(runtime):
    """Tenth reading: « Conditions générales de vente, article 9 » is the late-payment clause;
    the principal rests on the contract: the facts and the requête's basis name it without
    the clause (``common.contract_name``)."""
    from tests.documents.test_filings_seventh_reading_b import flat, golden_doc
    text = flat(golden_doc(runtime, "injonction_de_payer"))
    assert "Contrat (Conditions générales de vente) et solde des" in text
    assert "Contrat (Conditions générales de vente, article 9)" not in text
    text = flat(golden_doc(runtime, "refere_provision"))
    assert "contractuelles (Conditions générales de vente, pièce n° 1)" in text


def test_sv10_consumer_echeancier_states_the_legal_rate(runtime):
    from tests.documents.test_filings_seventh_reading_b import flat, golden_doc
    text = flat(golden_doc(runtime, "echeancier-consumer"))
    assert "(articles 1231-6 et 1344-1 du code civil), soit 2,75 % l’an." in text


def test_sv11_petites_creances_names_the_contract_not_its_clause(runtime):
    from tests.documents.test_filings_seventh_reading_b import flat, golden_doc
    for name in ("petites_creances", "petites_creances-lre"):
        text = flat(golden_doc(runtime, name))
        assert "(Conditions générales de vente, article 9)" not in text, name
        assert "(Conditions générales de vente)" in text, name

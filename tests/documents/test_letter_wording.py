"""The letters' wording and typography after the December 2026 reviews (legal R4, R7, R8, M15;
visual L12-L14, T1-T4, T8, T10, P11), read back from the PDF."""

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
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.factories import consumer_raw, copy_raw, example_raw, private_creditor_raw

VISUAL = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
MM = pdfcheck.MM


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def visual(name):
    raw = json.loads((VISUAL / f"{name}.case.json").read_text(encoding="utf-8"))
    return raw.get("case", raw)


def chars(pdf: bytes) -> str:
    """The text with its no-break spaces (pdftotext turns U+00A0 and U+202F into spaces)."""
    return "".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def no_mise_en_demeure(raw):
    raw["reminders"] = [r for r in raw.get("reminders", []) if r["kind"] != "mise_en_demeure"]
    return raw


object_words = pdfcheck.object_words
object_line = pdfcheck.object_line


LETTERS = [("relance", {"level": 1}), ("relance", {"level": 2}), ("relance", {"level": 3}),
           ("mise_en_demeure", {}), ("mise_en_demeure", {"issuer": "avocat"})]


@pytest.fixture(scope="module")
def letters_example(runtime):
    return {(kind, json.dumps(opts)): render(runtime, kind, example_raw(), **opts)
            for kind, opts in LETTERS}


# --------------------------------------------------------------------------- legal review


@pytest.mark.parametrize("level", [2, 3])
def test_r4_consumer_relance_without_mise_en_demeure_asks_the_principal_only(runtime, level):
    doc = render(runtime, "relance", no_mise_en_demeure(consumer_raw()), level=level)
    text = pdfcheck.flat(doc.content)
    assert "Intérêts au taux légal" not in text and "Sous-totaux" not in text
    assert "Calculé à compter du" not in text and "Total dû" not in text
    assert "la somme de 4 500,00 €" in text and "montant en principal restant dû" in text
    assert "qui fera courir les intérêts au taux légal (articles 1231-6 et 1344-1 du code" \
           " civil)" in text
    assert "Montant : 4 500,00 €" in text  # the transfer (and its QR code) asks the same sum
    # a professional debtor still gets the décompte
    text = pdfcheck.flat(render(runtime, "relance", example_raw(), level=level).content)
    assert "Pénalités de retard" in text and "Sous-totaux" in text


def test_r7_private_creditor_writes_in_the_first_person_singular(runtime):
    doc = render(runtime, "relance", no_mise_en_demeure(private_creditor_raw()), level=2)
    text = pdfcheck.flat(doc.content)
    assert "Réf. DOS-2026-0042" in text and "Nos réf." not in text
    assert "Malgré mes relances des 10 juin 2026" in text
    assert "Je vous demande de régler" in text and "je vous adresserai une dernière relance" \
        in text
    assert "Je vous prie d’agréer, Madame, l’expression de mes salutations distinguées." in text
    assert "Créancier" not in text
    assert not re.search(r"\b(Nous|nous|nos|Notre|notre)\b", text), text
    doc = render(runtime, "mise_en_demeure", private_creditor_raw())
    text = pdfcheck.flat(doc.content)
    # fourth reading 6 and 7: « Vous restez », « à nouveau » after the notice of 1 October, and
    # the CPC 750-1 attempt before an assignation (tribunal judiciaire, under 5 000 €)
    assert "Vous restez redevable envers moi" in text
    assert "je vous mets à nouveau en demeure de me régler" in text
    assert "je saisirai sans autre avis" in text and "l’article 750-1 du même code, vous ferai" \
        " assigner en paiement" in text
    assert "Créancier" not in text and "Nos réf." not in text
    # a company keeps « nous »
    text = pdfcheck.flat(render(runtime, "relance", example_raw(), level=2).content)
    assert "Nos réf." in text and "Nous vous demandons de régler" in text


def test_r7_someone_signing_for_a_private_person_keeps_his_title(runtime):
    raw = no_mise_en_demeure(private_creditor_raw())
    raw["signatory"] = {"name": "Paul Moreau", "title": "Mandataire", "place": "Lyon"}
    text = pdfcheck.flat(render(runtime, "relance", raw, level=1).content)
    assert "Paul Moreau Mandataire" in text


@pytest.mark.parametrize("case_name", ["example", "long"])
def test_r8_no_short_word_alone_on_the_first_line_of_relance_1(runtime, case_name):
    raw = example_raw() if case_name == "example" else visual("long")
    raw["reminders"] = []  # « un simple oubli » only with no reminder on file (third reading 6a)
    doc = render(runtime, "relance", raw, level=1)
    lines = [line.strip() for line in pdfcheck.text(doc.content, layout=True).splitlines()]
    assert "Il" not in lines
    assert any(line.startswith("Ce retard tient sans doute à un simple oubli. Nous vous")
               for line in lines), lines
    # no body line (the left column, text size) holds a single word of three letters or less
    for page in range(1, doc.pages + 1):
        rows: dict[int, list[tuple]] = {}
        for w in pdfcheck.words(doc.content, page):
            rows.setdefault(round(w[2]), []).append(w)
        for row in rows.values():
            if len(row) == 1 and row[0][1] < 25 * MM and row[0][2] > 100 * MM:
                assert len(row[0][0]) > 3 or row[0][0].isdigit(), row


def test_m15_avocat_writes_in_the_first_person_and_says_who_is_paid(letters_example):
    doc = letters_example[("mise_en_demeure", json.dumps({"issuer": "avocat"}))]
    text = pdfcheck.flat(doc.content)
    assert "Je vous écris en qualité de conseil de la société Atelier Dupont" in text
    assert "je vous mets en demeure de régler à la société Atelier Dupont" in text
    assert "Le règlement est à effectuer directement entre les mains de la société Atelier" \
           " Dupont, par virement sur son compte ci-dessous." in text
    assert "Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations" \
           " distinguées." in text
    assert "Avocat au barreau de Lyon" in text and "Avocat, Barreau" not in text
    assert "nos salutations" not in text and "de nous régler" not in text


def test_m4_rcs_town_is_the_greffe_in_the_letter(letters_example):
    text = pdfcheck.flat(letters_example[("mise_en_demeure", "{}")].content)
    assert "RCS de Lyon" in text and "Villeurbanne" not in text.split("RCS")[1][:20]
    assert "RCS de Villeurbanne" not in text


# --------------------------------------------------------------------------- visual review


def test_l12_fully_paid_invoices_are_neither_listed_nor_in_the_objet(runtime):
    raw = visual("long")
    paid = ("F-2025-1000", "F-2025-1037", "F-2025-1074")
    doc = render(runtime, "relance", raw, level=1)
    text = pdfcheck.flat(doc.content)
    for number in paid:
        assert number not in text, number
    assert "F-2025-1111" in text and "F-2025-1259" in text
    # the table's total is that of the invoices listed: 49 200,39 € invoiced, 5 379,36 € paid
    assert re.search(r"Total\s+49 200,39 €\s+5 379,36 €\s+43 821,03 €",
                     pdfcheck.text(doc.content, layout=True))
    doc = render(runtime, "mise_en_demeure", raw)
    obj = object_line(doc.content)
    assert obj.startswith("Mise en demeure de payer — factures n° F-2025-1111, F-2025-1148")
    for number in paid:
        assert number not in obj, number
    # an invoice paid late still bears its penalties and indemnity in the décompte, and the
    # letter says why it is there
    # pdftotext drops the hyphen of « ci-dessous » when the line breaks there
    text = re.sub(r"ci-? ?dessous", "ci-dessous", pdfcheck.flat(doc.content))
    assert re.search(r"F-2025-1000 0,00 € 453,36 € 40,00 €", text)
    assert ("Les factures n° F-2025-1000, F-2025-1037 et F-2025-1074, réglées après leur"
            " échéance, figurent au décompte ci-dessous pour les seules pénalités de retard et"
            " indemnités forfaitaires qu’elles ont fait naître.") in text


def test_l12_level_1_with_every_invoice_paid_is_refused(runtime):
    raw = example_raw()
    raw["payments"] = [{"date": "2026-11-10", "amount": "6300.00", "method": "virement"}]
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "relance", raw, level=1)
    assert [(e.path, e.code) for e in exc.value.errors] == [
        ("case.invoices", "nothing_outstanding")]


def test_l13_objet_with_many_invoices_names_the_first_and_last(runtime):
    doc = render(runtime, "mise_en_demeure", visual("many"))
    obj = object_line(doc.content)
    assert re.fullmatch(r"Mise en demeure de payer — factures n° F-2025-20\d\d à F-2025-2039"
                        r" \(\d\d factures, détail ci-dessous\)", obj), obj
    # 40 invoices go in a C4: the address sheet comes first, the letter's page 1 second;
    # the object's own height (it was 33 mm of numbers)
    lines = object_words(doc.content)
    assert (lines[-1][0][4] - lines[0][0][2]) / MM < 21
    # a few invoices are still all named
    raw = example_raw()
    raw["reminders"] = []  # a first reminder (with relances on file it is a « Relance »)
    text = object_line(render(runtime, "relance", raw, level=1).content)
    assert text == "Rappel — factures arrivées à échéance — F-2026-0117, F-2026-0152"


def one_relance_on_file() -> dict:
    """The example with its first reminder only: a level 2 is then the « 2e relance » (third
    reading 6b: with more relances on file the title carries no number)."""
    raw = example_raw()
    raw["reminders"] = raw["reminders"][:1]
    return raw


def test_l14_singular_plural_and_the_first_reminder_cited(runtime, letters_example):
    two = letters_example[("relance", json.dumps({"level": 2}))]
    assert object_line(two.content).startswith("Nouvelle relance pour factures impayées")
    text = pdfcheck.flat(two.content)
    assert "premier rappel" not in text
    assert re.search(r"Malgré nos relances des 10 juin 2026 \(courriel, facture F-2026-0117\),", text)
    raw = one_relance_on_file()
    raw["invoices"] = raw["invoices"][:1]
    raw["payments"] = [p for p in raw.get("payments", []) if p.get("invoice") != "F-2026-0152"]
    one = render(runtime, "relance", raw, level=2)
    assert object_line(one.content) == "2e relance pour facture impayée — F-2026-0117"
    assert "la facture suivante reste impayée" in pdfcheck.flat(one.content)


def test_t1_ordinals_raised_and_the_text_layer_still_reads_1er(runtime):
    raw = one_relance_on_file()
    raw["reminders"] = [{**raw["reminders"][0], "date": "2026-09-01"}]
    doc = render(runtime, "relance", raw, level=2)
    for text in (pdfcheck.flat(doc.content), re.sub(r"\s+", " ", chars(doc.content))):
        assert "2e relance pour factures impayées" in text and "1er septembre 2026" in text
    words = pdfcheck.words(doc.content, 1)
    for digit, suffix in (("2", "e"), ("1", "er")):
        pairs = [(a, b) for a, b in zip(words, words[1:], strict=False)
                 if a[0] == digit and b[0] == suffix]
        assert pairs, (digit, suffix)
        for a, b in pairs:
            assert b[4] < a[4] - 1 and (b[4] - b[2]) < (a[4] - a[2])  # higher and smaller
            assert b[1] - a[3] < 0.5  # set tight against the number


def test_t2_case_apostrophes_typographic_in_print_and_raw_in_the_metadata(runtime):
    raw = example_raw()
    raw["debtor"]["name"] = "L'Atelier d'Auvergne"
    raw["invoices"][0]["description"] = "Travaux d'isolation, conseil d'administration"
    doc = render(runtime, "mise_en_demeure", raw)
    text = pdfcheck.flat(doc.content)
    assert "L’Atelier d’Auvergne" in text and "Travaux d’isolation" in text
    assert "'" not in text
    keywords = PdfReader(BytesIO(doc.content)).metadata["/Keywords"]
    assert "L'Atelier d'Auvergne" in keywords  # an integrator searching finds the raw text


def test_t3_french_spacing_inside_guillemets_and_after_numero(runtime):
    raw = example_raw()
    raw["invoices"][0]["description"] = "Résidence « Les Terrasses de Gerland » lot n° 7"
    raw["invoices"][1]["description"] = "Bâtiment «Le Parc» lot n°  8"
    doc = render(runtime, "relance", raw, level=1)
    text = chars(doc.content).replace("\n", " ")
    assert "«\u202fLes Terrasses de Gerland\u202f»" in text and "lot n°\u00a07" in text
    assert "«\u202fLe Parc\u202f»" in text and "lot n°\u00a08" in text
    assert "« " not in text and " »" not in text


def test_t4_one_spacing_rule_before_colon_semicolon_question_and_exclamation(runtime,
                                                                           letters_example):
    docs = list(letters_example.values())
    docs.append(render(runtime, "mise_en_demeure", no_mise_en_demeure(consumer_raw())))
    for doc in docs:
        text = chars(doc.content)
        assert re.findall(r"\u00a0[:;]", text)
        bad = re.findall(r".{12}[ \u202f][:;?!]", text)
        assert not bad, bad
        for warning in doc.warnings:
            assert not re.search(r"[ \u202f][:;?!]", warning["message_fr"]), warning


def test_t4_fr_typo_applies_the_one_rule():
    assert fr.typo("Objet : a; b ?c ! d\u202f: e") == "Objet\u00a0: a\u00a0; b ?c\u00a0! d\u00a0: e"
    assert fr.typo("http://x.example/?a=1 à 09:30") == "http://x.example/?a=1 à 09:30"


def test_t8_zero_amounts_shown_one_way(letters_example):
    text = pdfcheck.text(letters_example[("relance", json.dumps({"level": 1}))].content,
                         layout=True)
    assert re.search(r"F-2026-0152\s+15/06/2026\s+15/07/2026\s+1 500,00 €\s+0,00 €\s+1 500,00 €",
                     text)
    for key, doc in letters_example.items():
        rows = [line for line in pdfcheck.text(doc.content, layout=True).splitlines()
                if re.match(r"\s*F-\d{4}-\d{4}\s", line) and "€" in line]
        assert rows, key
        for row in rows:  # an amount column shows an amount; « — » stays for a missing date
            assert not re.search(r"\s{2}—\s{2}", row), row


def test_t10_phone_rcs_siren_and_email_never_cut(runtime):
    raw = visual("long")
    for kind, opts in (("relance", {"level": 1}), ("mise_en_demeure", {})):
        doc = render(runtime, kind, copy_raw(raw), **opts)
        text = pdfcheck.text(doc.content)
        assert "compta@atelier-dupont.example" in text
        assert "+33 4 72 00 00 00" in text
        assert re.search(r"RCS Lyon 732 829 320", text), text
        raw_chars = chars(doc.content)
        assert "RCS\u00a0Lyon\u00a0732\u00a0829\u00a0320" in raw_chars
        assert "+33\u00a04\u00a072\u00a000\u00a000\u00a000" in raw_chars
    html = fr.typeset_html("<body><p>écrire à etude@actes-recouvrement.example</p></body>")
    assert '<span style="white-space: nowrap">etude@actes-recouvrement.example</span>' in html


def test_p11_dates_and_article_numbers_never_split(runtime, letters_example):
    docs = list(letters_example.values())
    docs.append(render(runtime, "mise_en_demeure", visual("long"), issuer="avocat"))
    for doc in docs:
        assert pdfcheck.line_cuts(doc.content) == []
        text = pdfcheck.text(doc.content)
        assert not re.search(r"\b(articles?|alinéas?)\n\d", text)
        assert not re.search(r"\b(\d{1,2}|1er)\n(janvier|juillet|septembre|novembre)", text)
    text = chars(letters_example[("mise_en_demeure", "{}")].content)
    assert "article\u00a09" in text and "1er\u00a0janvier" in text


def test_typeset_html_leaves_tags_attributes_and_head_alone():
    html = ('<head><title>L\'Atelier : 1er</title></head><body class="a:b">'
            '<p title="x ; y">L&#39;Atelier&#8239;: &lt;b&gt; 3e</p></body>')
    out = fr.typeset_html(html)
    assert out.startswith('<head><title>L\'Atelier : 1er</title></head><body class="a:b">')
    assert '<p title="x ; y">L’Atelier\u00a0: &lt;b&gt; 3<span style=' in out

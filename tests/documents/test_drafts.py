"""Draft assignation and référé-provision: every mention read back, PDF and DOCX alike."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from pypdf import PdfReader

from service.contract import load_request
from service.documents import drafts
from service.documents.facts import CaseFacts
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.pdf.verify import verify_pdf
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.factories import MDE_PRESENTED, consumer_raw, copy_raw, example_raw, private_creditor_raw

WATERMARK = "PROJET — NON SIGNIFIÉ"


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def big_claim(raw):
    """A claim above the 10 000 € representation threshold."""
    raw = copy_raw(raw)
    raw["invoices"][1]["amount_excl_tax"] = Decimal("10000.00")
    raw["invoices"][1]["amount_incl_tax"] = Decimal("12000.00")
    return raw


def tj(raw):
    raw = copy_raw(raw)
    raw.pop("court", None)
    return raw


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def assignation_tc(runtime):
    return render(runtime, "assignation", example_raw())


def test_assignation_before_the_commercial_court_has_every_mention(assignation_tc, runtime):
    doc = assignation_tc
    text = pdfcheck.flat(doc.content)
    for mention in [
        "ASSIGNATION EN PAIEMENT", "L’an deux mille ………",
        "À LA REQUÊTE DE :", "La société Atelier Dupont, SARL au capital de 10 000,00 €",
        "RCS de Lyon sous le n° 732 829 320", "prise en la personne de sa gérante,"
        " Mme Marie Dupont", "commissaire de justice", "DONNE ASSIGNATION À COMPARAÎTRE À :",
        "La société Martin Bâtiment, SAS", "404 833 048",
        # 56 1°: place, date, time, room
        "mardi 19 janvier 2027 à 9 h 30", "44 rue de Bonnel, 69003 Lyon", "salle 3",
        "Tribunal des activités économiques de Lyon",
        # 855 and 861-2 before a commercial court
        "article 853", "pouvoir spécial", "article 861-2", "délai de paiement",
        "requête faite, remise ou adressée au greffe", "lettre recommandée avec demande d’avis de"
        " réception",
        # 56 4°
        "faute pour le défendeur de comparaître, il s’expose à ce qu’un jugement soit rendu contre"
        " lui sur les seuls éléments fournis par son adversaire",
        "PLAISE AU TRIBUNAL", "F-2026-0117", "4 800,00 €", "1 800,00 €", "10 juin 2026",
        "1103", "L441-10", "D441-5",
        "4 500,00 €", "254,72 €", "80,00 €", "4 834,72 €", "article 700", "…… €", "dépens",
        "SOUS TOUTES RÉSERVES", "BORDEREAU DES PIÈCES COMMUNIQUÉES",
    ]:
        assert mention.lower() in text.lower(), mention
    assert "se constitue" not in text  # no compulsory lawyer at 4 834,72 €
    assert "interrompt la prescription" not in text
    pages = page_texts(doc.content)
    assert len(pages) == doc.pages >= 2 and all(WATERMARK in p for p in pages)
    (report,) = verify_pdf(doc.content, runtime.signer.trust_roots)
    assert report.ok, report.summary
    assert pdfcheck.qpdf_check(doc.content).returncode == 0
    assert doc.extra["court"]["jurisdiction"] == "tribunal_des_activites_economiques"
    assert doc.extra["lawyer_required"] is False


def test_docx_has_the_same_paragraphs_and_the_header_watermark(runtime, assignation_tc):
    raw = example_raw()
    doc = render(runtime, "assignation", raw, format="docx")
    assert doc.filename.endswith(".docx") and doc.signature is None
    word = Document(BytesIO(doc.content))
    assert word.sections[0].header.paragraphs[0].text == WATERMARK
    body = [p.text for p in word.paragraphs] + [
        cell.text for table in word.tables for row in table.rows for cell in row.cells]
    case, _ = load_request({"case": raw}, with_options=False)
    paras = drafts.draft_paragraphs(case, CaseFacts(case), "assignation")
    tables = ("claim", "period_head", "period", "period_total")  # laid out as tables
    assert [p.text for p in paras if p.style not in tables] == body[:len(word.paragraphs)]
    pdf_text = pdfcheck.flat(assignation_tc.content)
    flat_body = [re.sub(r"[\s\u00a0\u202f]+", " ", t) for t in body]
    for key in ["DONNE ASSIGNATION À COMPARAÎTRE À :", "article 861-2", "PLAISE AU TRIBUNAL",
                "SOUS TOUTES RÉSERVES", "mardi 19 janvier 2027 à 9 h 30"]:
        assert any(key in t for t in flat_body), key
        assert key in pdf_text, key


def test_docx_core_properties_are_the_drafts_metadata(runtime):
    raw = example_raw()
    doc = render(runtime, "assignation", raw, format="docx")
    props = Document(BytesIO(doc.content)).core_properties
    case, _ = load_request({"case": raw, "options": {}})
    assert props.title == f"Assignation en paiement — {case.reference}"
    assert props.author == props.last_modified_by == case.creditor.display_name
    assert props.subject == f"Projet d’assignation en paiement, dossier {case.reference}"
    assert props.keywords == f"{case.reference}, assignation, {case.debtor.display_name}"
    assert props.language == "fr-FR"
    assert "python-docx" not in props.comments
    # noon in Paris on the case's date, stored in UTC
    noon = datetime.combine(case.as_of, time(12, 0), tzinfo=ZoneInfo("Europe/Paris"))
    assert props.created == props.modified == noon.astimezone(UTC)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx_to_a_pdf_with_the_same_text(runtime, tmp_path):
    doc = render(runtime, "refere_provision", example_raw(), format="docx")
    source = tmp_path / doc.filename
    source.write_bytes(doc.content)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    text = pdfcheck.flat((tmp_path / (source.stem + ".pdf")).read_bytes())
    for key in ["ASSIGNATION EN RÉFÉRÉ", "article 873", "SOUS TOUTES RÉSERVES", WATERMARK]:
        assert key in text, key


def test_claim_above_10000_before_the_commercial_court_needs_a_lawyer(runtime):
    raw = big_claim(example_raw())
    doc = render(runtime, "assignation", raw, sign=False)
    text = pdfcheck.flat(doc.content)
    # second reading 17: 853 « se faire représenter », no constitution before the TAE
    assert "qui se constitue sur la présente assignation" not in text
    assert "Représentée par Maître Sophie Garnier" in text
    assert "tenues de se faire représenter par un avocat (article 853" in text
    assert doc.extra["lawyer_required"] is True
    raw.pop("lawyer")
    with pytest.raises(CaseInvalid) as info:
        render(runtime, "assignation", raw)
    assert [e.path for e in info.value.errors] == ["case.lawyer"]


def test_assignation_before_the_tj_above_10000_constitutes_a_lawyer(runtime):
    doc = render(runtime, "assignation", tj(big_claim(consumer_raw(received_on=MDE_PRESENTED))), sign=False)
    text = pdfcheck.flat(doc.content)
    assert doc.extra["court"]["jurisdiction"] == "tribunal_judiciaire"
    assert "qui se constitue sur la présente assignation" in text
    assert "constituer avocat dans le délai de quinze jours" in text
    assert "articles 752 et 763" in text
    assert "861-2" not in text  # a commercial-court rule only
    assert "Grenoble" in text


def test_refere_provision_before_the_tj(runtime):
    doc = render(runtime, "refere_provision", tj(big_claim(consumer_raw(received_on=MDE_PRESENTED))))
    text = pdfcheck.flat(doc.content)
    for mention in ["ASSIGNATION EN RÉFÉRÉ-PROVISION", "statuant en référé",
                    "PLAISE À MADAME OU MONSIEUR LE PRÉSIDENT", "article 835 alinéa 2",
                    "n’est pas sérieusement contestable", "à titre de provision",
                    "une décision soit rendue contre lui sur les seuls éléments",
                    "mardi 19 janvier 2027 à 9 h 30", "articles 760 et 761"]:
        assert mention in text, mention
    assert all(WATERMARK in p for p in page_texts(doc.content))
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok


def test_refere_provision_before_the_commercial_court_cites_873(runtime):
    doc = render(runtime, "refere_provision", example_raw(), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "article 873 alinéa 2" in text and "article 861-2" in text


def test_tj_claim_up_to_5000_states_the_amicable_attempt(runtime):
    doc = render(runtime, "assignation", tj(consumer_raw(received_on=MDE_PRESENTED)), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "TENTATIVE PRÉALABLE DE RÉSOLUTION AMIABLE" in text
    assert "articles 54 5° et 750-1" in text
    assert any(w["code"] == "amicable_attempt_to_state" for w in doc.warnings)
    # art. 753: art. 832 reproduced in full, checked against the 2023 text (warning lifted)
    assert "l’article 832 du même code sont reproduites" in text
    assert "courrier remis ou adressé au greffe" in text and "[texte" not in text
    assert not any(w["code"] == "article_832_unverified" for w in doc.warnings)


def test_pieces_are_appended_after_the_draft(runtime):
    raw = example_raw()
    raw["evidence"] = evidence()
    doc = render(runtime, "assignation", raw)
    texts = page_texts(doc.content)
    alone = render(runtime, "assignation", example_raw(), sign=False).pages
    assert doc.pages == alone + 1 + 3
    assert "BORDEREAU DE COMMUNICATION DE PIÈCES" in texts[alone]
    assert WATERMARK in texts[alone]
    assert "Pièce n° 2 — page 1/1" in texts[-1]
    assert verify_pdf(doc.content, runtime.signer.trust_roots)[0].ok


def test_draft_without_hearing_is_a_422_naming_case_hearing(client):
    raw = example_raw()
    raw.pop("hearing")
    for kind in ("assignation", "refere_provision"):
        r = client.post(f"/v1/documents/{kind}", json={"case": _jsonable(raw), "options": {}})
        assert r.status_code == 422
        assert "case.hearing" in [e["path"] for e in r.json["errors"]]


def _jsonable(raw):
    import json

    return json.loads(json.dumps(raw, default=str))


def test_the_draft_is_written_in_the_register_of_a_deed(assignation_tc):
    text = pdfcheck.flat(assignation_tc.content)
    # titles in lower case in a sentence; « domiciliée » agrees with « sa gérante »
    assert "sa gérante, Mme Marie Dupont, domiciliée en cette qualité" in text
    assert "domicilié(e)" not in text
    assert "solde restant dû : 3 000,00 €" in text and "reste due" not in text
    # the BCE + 10 rate changes every half-year: never « au même taux »
    assert "au même taux" not in text
    assert ("soit un total de 4 834,72 € (quatre mille huit cent trente-quatre euros et"
            " soixante-douze centimes) arrêté au 20 novembre 2026,") in text
    assert ("outre les pénalités de retard, calculées selon les mêmes modalités, sur le principal"
            " restant dû à compter du 21 novembre 2026 et jusqu’à complet paiement ;") in text
    assert text.index("soit un total de 4 834,72 €") < text.index("outre les pénalités")
    assert "les prestations facturées comme suit" in text  # no pronoun guessing the gender


def test_the_draft_never_cuts_a_number_or_a_date_at_a_line_end(runtime, assignation_tc):
    assert pdfcheck.line_cuts(assignation_tc.content) == []
    raw = example_raw()
    raw["evidence"] = evidence()
    for kind in ("assignation", "refere_provision"):
        doc = render(runtime, kind, tj(big_claim(consumer_raw(received_on=MDE_PRESENTED))), sign=False)
        assert pdfcheck.line_cuts(doc.content) == [], kind
    bundle = render(runtime, "refere_provision", raw, sign=False)  # with its bordereau page
    assert pdfcheck.line_cuts(bundle.content) == []


def test_refere_without_reminders_claims_no_amicable_steps(runtime):
    raw = example_raw()
    raw["reminders"] = []
    text = pdfcheck.flat(render(runtime, "refere_provision", raw, sign=False).content)
    assert "leur prix demeure impayé." in text
    assert "démarches amiables restées sans effet" not in text
    with_steps = pdfcheck.flat(render(runtime, "refere_provision", example_raw(),
                                      sign=False).content)
    assert "malgré les démarches amiables restées sans effet." in with_steps


def test_an_individual_claimant_missing_648_mentions_gets_a_visible_blank(runtime):
    raw = tj(private_creditor_raw(received_on=MDE_PRESENTED))
    doc = render(runtime, "assignation", raw, sign=False)
    text = pdfcheck.flat(doc.content)
    assert "M. Jean MOREAU, demeurant 3 place Bellecour, 69002 Lyon." in text
    assert ("[À compléter, à peine de nullité (articles 54 et 648 du code de procédure civile) :"
            " profession, nationalité, date de naissance, lieu de naissance du demandeur]") in text
    assert "Représenté par Maître Sophie Garnier" in text  # M.: no « (e) »
    assert any(w["code"] == "claimant_identity_incomplete" for w in doc.warnings)
    raw["creditor"].update(profession="artisan ébéniste", nationality="française",
                           birth_date="1970-03-01", birth_place="Villeurbanne")
    text = pdfcheck.flat(render(runtime, "assignation", raw, sign=False).content)
    assert ("M. Jean MOREAU, né le 1er mars 1970 à Villeurbanne, de nationalité française,"
            " artisan ébéniste, demeurant 3 place Bellecour") in text
    assert "À compléter, à peine de nullité" not in text


@pytest.mark.parametrize("kind", ["assignation", "refere_provision"])
def test_draft_dated_before_the_amicable_threshold_existed_renders(runtime, kind):
    # art. 750-1's 5 000 € threshold is dated from 1 October 2023: an earlier case must still
    # render (it was a 500), without the amicable-attempt paragraph
    raw = tj(consumer_raw(received_on=MDE_PRESENTED))
    raw["as_of"] = "2023-06-01"
    for inv in raw["invoices"]:
        inv["issue_date"], inv["due_date"] = "2023-01-10", "2023-02-10"
    raw["hearing"]["date"] = "2023-09-15"
    raw["payments"], raw["reminders"] = [], []
    doc = render(runtime, kind, raw, sign=False)
    text = pdfcheck.flat(doc.content)
    assert "TENTATIVE PRÉALABLE" not in text and doc.pages >= 2


def _hearing_in(days: int):
    raw = example_raw()
    case, _ = load_request({"case": raw}, with_options=False)
    raw["hearing"]["date"] = (case.as_of + timedelta(days=days)).isoformat()
    case, _ = load_request({"case": raw}, with_options=False)
    facts = CaseFacts(case)
    return case, facts, facts.court


def test_a_refere_hearing_is_judged_by_sufficient_time_not_fifteen_days():
    case, _, choice = _hearing_in(10)
    assert "hearing_too_close" not in {w.code for w in drafts.draft_warnings(case, choice,
                                                                             "refere_provision")}
    assignation = {w.code: w for w in drafts.draft_warnings(case, choice, "assignation")}
    assert "quinze jours" in assignation["hearing_too_close"].message_fr
    case, _, choice = _hearing_in(5)
    (close,) = [w for w in drafts.draft_warnings(case, choice, "refere_provision")
                if w.code == "hearing_too_close"]
    assert "temps suffisant" in close.message_fr and "486" in close.message_fr
    assert "indication de pratique, non un délai légal" in close.message_fr
    assert "quinze" not in close.message_fr


def test_the_refere_order_is_provisionally_enforceable_under_489_and_514_1():
    case, facts, choice = _hearing_in(30)
    refere = " ".join(p.text for p in drafts.draft_paragraphs(case, facts, "refere_provision"))
    # « article 489 »: a no-break space keeps the article with its number
    assert re.search(r"exécutoire à titre provisoire \(article\s489 du code de procédure civile\)",
                     refere)
    assert re.search(r"ne pouvant écarter l’exécution provisoire de droit \(article\s514-1"
                     r" alinéa 3", refere)
    merits = " ".join(p.text for p in drafts.draft_paragraphs(case, facts, "assignation"))
    assert "489" not in merits and re.search(r"article\s514 du code de procédure civile", merits)


# ---------------------------------------------------------------------------- legal review F/A
# each reads the draft back from the PDF (pdftotext) and failed before the fix


def test_F1_tj_refere_above_10000_says_the_lawyer_is_compulsory(runtime):
    doc = render(runtime, "refere_provision", tj(big_claim(consumer_raw(received_on=MDE_PRESENTED))),
                 sign=False)
    text = pdfcheck.flat(doc.content)
    assert doc.extra["court"]["jurisdiction"] == "tribunal_judiciaire"
    assert "La représentation par avocat est obligatoire" in text
    assert "articles 760 et 761" in text
    assert "est tenu de constituer avocat" in text
    assert "se défendre lui-même" not in text and "article 762" not in text
    assert not any(w["code"] == "refere_representation_unverified" for w in doc.warnings)


def _861_2(text: str) -> None:
    for bit in ["requête faite, remise ou adressée au greffe, où elle est enregistrée",
                "doit justifier avant l’audience que l’adversaire en a eu connaissance par lettre"
                " recommandée avec demande d’avis de réception",
                "sont jointes à la requête",
                "conformément au second alinéa de l’article 446-1",
                "que s’il les estime régulières, recevables et bien fondées"]:
        assert bit in text, bit


@pytest.mark.parametrize("kind", ["refere_provision", "assignation"])
def test_F2_article_861_2_is_reproduced_in_full_before_the_commercial_court(runtime, kind):
    text = pdfcheck.flat(render(runtime, kind, example_raw(), sign=False).content)
    assert "article 861-2" in text
    _861_2(text)


def test_F3_tj_refere_up_to_10000_carries_article_832_in_full(runtime):
    doc = render(runtime, "refere_provision", tj(consumer_raw(received_on=MDE_PRESENTED)), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "l’article 832" in text
    assert "La demande est communiquée aux autres parties, à l’audience, par le juge" in text
    assert "que s’il les estime régulières, recevables et bien fondées" in text
    # the 2023 text matches (francois76/legifrance): the warning is lifted
    assert not any(w["code"] == "article_832_unverified" for w in doc.warnings)


@pytest.mark.parametrize("kind", ["refere_provision", "assignation"])
def test_F4_no_article_1231_6_in_a_professional_claim(runtime, kind):
    text = pdfcheck.flat(render(runtime, kind, example_raw(), sign=False).content)
    assert "L441-10" in text
    assert "1231-6" not in text


def test_F8_the_year_of_service_is_left_blank(runtime, assignation_tc):
    text = pdfcheck.flat(assignation_tc.content)
    assert "L’an deux mille …" in text
    assert "deux mille vingt-six" not in text


def test_F9_the_representative_agrees_in_gender(assignation_tc):
    text = pdfcheck.flat(assignation_tc.content)
    assert "prise en la personne de sa gérante, Mme Marie Dupont, domiciliée en cette qualité" in text
    assert "prise en la personne de son président, M. Paul Martin, domicilié en cette qualité" in text
    assert "représentant légal, Marie Dupont" not in text


def test_F10_the_oral_procedure_is_stated_before_the_commercial_court(runtime, assignation_tc):
    text = pdfcheck.flat(assignation_tc.content)
    assert "La procédure est orale (article 860-1" in text
    assert "en personne ou s’y faire représenter" in text


def test_A3_tj_with_a_lawyer_states_763_al_2_and_the_audience_d_orientation(runtime):
    doc = render(runtime, "assignation", tj(big_claim(consumer_raw(received_on=MDE_PRESENTED))), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "article 763 alinéa 2" in text
    assert "peut constituer avocat jusqu’à l’audience" in text
    assert "à l’audience d’orientation du mardi 19 janvier 2027" in text


@pytest.mark.parametrize("kind", ["refere_provision", "assignation", "injonction_de_payer"])
def test_A4_a_commercial_court_named_for_a_consumer_is_a_422(runtime, kind):
    raw = consumer_raw(received_on=MDE_PRESENTED)  # the example's Lyon commercial court, a Grenoble consumer
    with pytest.raises(CaseInvalid) as info:
        render(runtime, kind, raw)
    (err,) = [e for e in info.value.errors if e.code == "court_kind_mismatch"]
    assert err.path == "case.court.name"
    assert "relève du tribunal judiciaire" in err.message_fr


def test_A5_the_lawyer_s_office_is_where_his_cabinet_is(runtime):
    doc = render(runtime, "assignation", tj(big_claim(consumer_raw(received_on=MDE_PRESENTED))), sign=False)
    text = pdfcheck.flat(doc.content)
    assert "dont le cabinet est situé" in text
    assert "avocat au barreau" in text and ", demeurant 7" not in text

"""A litigation lawyer's second reading of the référé and assignation drafts and the party
designations (findings 5–8, 15–18): one test per finding, each reading the document back."""

from __future__ import annotations

import json
import re

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from service.paths import ROOT
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.documents.test_drafts import big_claim, tj
from tests.factories import MDE_PRESENTED, consumer_raw, copy_raw, example_raw

LONG = ROOT / "tests" / "fixtures" / "visual" / "long.case.json"
GOLDEN = ROOT / "tests" / "golden"
SEAT = {"street": "217 avenue du Maréchal de Lattre de Tassigny", "postal_code": "69003",
        "city": "Lyon"}


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": {"sign": False, **options}}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def text_of(doc) -> str:
    return re.sub(r"\s+", " ", pdfcheck.flat(doc.content))


def long_case(*, seat: bool = True) -> dict:
    """The long case: its debtor's postal address is a CEDEX one, its seat is legal_address."""
    raw = json.loads(LONG.read_text(encoding="utf-8"))
    assert raw["debtor"]["legal_address"] == SEAT | {"country": "FR"}
    if not seat:
        raw["debtor"].pop("legal_address")
    return raw


def with_evidence(raw=None):
    raw = copy_raw(raw or example_raw())
    raw["evidence"] = evidence()  # « Facture F-2026-0117 », « Procès-verbal de réception » (30/04)
    return raw


def codes(doc) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for w in doc.warnings:
        out.setdefault(w["code"], []).append(w.get("path"))
    return out


DRAFTS = ["refere_provision", "assignation"]


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr5_the_dispute_note_is_never_pasted_into_the_act(runtime, kind):
    for raw in (long_case(), example_raw(), tj(consumer_raw(received_on=MDE_PRESENTED))):
        text = text_of(render(runtime, kind, raw))
        for note in ("aucune réserve sur les travaux", "prétendu retard", "sans l’étayer",
                     "sans l'étayer", "Le débiteur n'a", "Le débiteur n’a formulé",
                     "mensualités"):
            assert note not in text, note


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr5_the_reception_is_stated_from_the_reception_report_and_its_piece(runtime, kind):
    text = text_of(render(runtime, kind, with_evidence()))
    # what the pièce says, not tied to the invoices (seventh reading 4)
    assert ("La réception a été prononcée le 30 avril 2026 (procès-verbal de réception, pièce"
            " n° 2).") in text
    # « sans réserve » only when the pièce's title says so
    assert "sans réserve" not in text
    raw = with_evidence()
    raw["evidence"][1]["title"] = "Procès-verbal de réception sans réserve"
    assert "sans réserve le 30 avril 2026 (procès-verbal de réception, pièce n° 2)" in text_of(
        render(runtime, kind, raw))
    # a report with reserves, or none at all: nothing is said of the reception
    raw["evidence"][1]["title"] = "Procès-verbal de réception avec réserves"
    assert "réceptionné" not in text_of(render(runtime, kind, raw))


RATE = ("au taux appliqué par la Banque centrale européenne à son opération de refinancement la"
        " plus récente, en vigueur au 1er janvier pour le premier semestre et au 1er juillet pour"
        " le second, majoré de dix points")


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr6_the_l441_10_rate_is_worded_by_half_year(runtime, kind):
    text = text_of(render(runtime, kind, example_raw()))
    assert RATE in text
    assert "chaque semestre" not in text


def test_sr6_the_declaration_shares_the_rate_wording(runtime):
    request = json.loads((GOLDEN / "declaration_de_creance.case.json").read_text("utf-8"))
    text = text_of(render(runtime, "declaration_de_creance", request["case"]))
    assert "chaque semestre" not in text
    assert RATE in text  # common.rate_description, shared with the drafts


@pytest.mark.parametrize("kind", [*DRAFTS, "injonction_de_payer"])
def test_sr7_designations_agree_with_the_title_and_keep_the_company_name_whole(runtime, kind):
    doc = render(runtime, kind, long_case())
    text = text_of(doc)
    assert ("prise en la personne de sa gérante associée, Mme Marie-Christine Dupont-Lamarche,"
            " domiciliée en cette qualité audit siège") in text
    assert "représentant légal, Marie-Christine" not in text
    assert "Société Nouvelle des Établissements" in text
    assert "société Nouvelle" not in text  # « Société » never stripped
    assert "ociété Société" not in text  # never « la société Société … », exposé included
    # an SAS represented by an SA organ: said, not refused
    assert codes(doc)["representative_title_unusual"] == ["case.debtor.representative.title"]
    assert "representative_title_unusual" not in codes(render(runtime, kind, example_raw()))
    if kind in DRAFTS:  # the exposé opens with the claimant
        assert "La Société Nouvelle des Établissements" in text


@pytest.mark.parametrize("kind", [*DRAFTS, "injonction_de_payer"])
def test_sr8_a_cedex_only_seat_is_refused_on_every_filing(runtime, kind):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, kind, long_case(seat=False))
    assert [(e.path, e.code) for e in exc.value.errors
            if e.code == "legal_address_required"] == [("case.debtor.legal_address",
                                                        "legal_address_required")]


def test_sr8_a_po_box_seat_of_the_claimant_is_refused_too(runtime):
    raw = example_raw()
    raw["creditor"]["address"]["street"] = "BP 4021"
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, "assignation", raw)
    assert ("case.creditor.legal_address", "legal_address_required") in [
        (e.path, e.code) for e in exc.value.errors]
    raw["creditor"]["legal_address"] = {"street": "12 rue de la République",
                                        "postal_code": "69002", "city": "Lyon"}
    assert "BP 4021" not in text_of(render(runtime, "assignation", raw))


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr8_the_deed_names_the_legal_address_never_the_cedex_one(runtime, kind):
    doc = render(runtime, kind, long_case())
    text = text_of(doc)
    assert ("dont le siège social est situé 217 avenue du Maréchal de Lattre de Tassigny,"
            " 69003 Lyon, prise en la personne") in text
    assert "CEDEX" not in text and "4e étage" not in text
    assert "legal_address_assumed" not in codes(doc)
    # no legal_address: the postal address stands for the seat, with a warning
    plain = render(runtime, kind, example_raw())
    assert codes(plain)["legal_address_assumed"] == ["case.debtor.legal_address"]


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr15_consumer_interest_runs_from_the_receipt_of_the_notice(runtime, kind):
    # third reading 1 sharpened it: the start is the day the décompte counts from, the day
    # after the first presentation (an unknown receipt is a 422: tests/documents/
    # test_consumer_interest.py)
    raw = tj(consumer_raw(received_on="2026-10-03"))
    text = text_of(render(runtime, kind, raw))
    assert ("à compter de la mise en demeure, soit en l’espèce à compter du 4 octobre 2026,"
            " lendemain de la première présentation de la mise en demeure du 1er octobre"
            " 2026.") in text
    assert "à compter de la réception de la mise en demeure" not in text


def test_sr16_the_refere_argues_from_the_reception_report(runtime):
    text = text_of(render(runtime, "refere_provision", with_evidence()))
    # the contract and the invoices, the report besides (seventh reading 4) — but only when it
    # can cover every invoice (ninth reading 3): here one is issued weeks after it
    assert ("l’obligation de payer n’est pas sérieusement contestable : elle résulte du contrat"
            " liant les parties") in text
    assert "outre, la réception a été prononcée" not in text
    raw = with_evidence()
    for inv in raw["invoices"]:
        inv["performed_on"] = "2026-04-28"
    text = text_of(render(runtime, "refere_provision", raw))
    assert ("dont le solde demeure impayé malgré les démarches amiables restées sans effet ; en"
            " outre, les prestations facturées ont été réceptionnées") in text
    assert "les factures n’ont fait l’objet d’aucune contestation" not in text
    bare = text_of(render(runtime, "refere_provision", example_raw()))
    assert ("les prestations exécutées au profit de la société Martin Bâtiment sont établies par"
            " les pièces produites, et leur prix demeure impayé malgré les démarches amiables"
            " restées sans effet.") in bare


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr16_the_dispositif_cites_l441_10_and_d441_5(runtime, kind):
    text = text_of(render(runtime, kind, example_raw()))
    assert ("indemnités forfaitaires pour frais de recouvrement (articles L441-10 II et D441-5 du"
            " code de commerce)") in text
    assert "(article D441-5 du code de commerce)" not in text


@pytest.mark.parametrize("kind", DRAFTS)
def test_sr17_above_10000_before_the_tae_the_parties_are_represented(runtime, kind):
    raw = big_claim(example_raw())  # the example names Maître Sophie Garnier
    text = text_of(render(runtime, kind, raw))
    assert "les parties sont tenues de se faire représenter par un avocat (article 853" in text
    assert "Représentée par Maître Sophie Garnier" in text
    assert "constituer avocat" not in text and "qui se constitue" not in text
    assert "avocat constitué" not in text


def test_sr18_a_refere_room_on_an_assignation_is_a_warning(runtime):
    raw = example_raw()
    raw["hearing"]["room"] = "Chambre des référés, salle 3"
    assert codes(render(runtime, "assignation", raw))["hearing_room_refere"] == [
        "case.hearing.room"]
    assert "hearing_room_refere" not in codes(render(runtime, "refere_provision", raw))
    assert "hearing_room_refere" not in codes(render(runtime, "assignation", example_raw()))
    golden = json.loads((GOLDEN / "assignation.case.json").read_text("utf-8"))
    assert "référé" not in (golden["case"]["hearing"].get("room") or "").lower()

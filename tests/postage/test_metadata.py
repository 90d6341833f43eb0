"""The ``postage`` object of a document answer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from service.errors import CaseInvalid
from service.model import Address
from service.postage import postage_metadata

EXAMPLE = json.loads(Path("/work/shared/spec/case.example.json").read_text(encoding="utf-8"))
API_KEYS = {"service", "level", "avis_de_reception", "pages", "sheets", "duplex", "envelope",
            "weight_g", "weight_step_g", "price_eur", "tariff", "recipient_lines",
            "sender_lines", "warnings", "compensation_eur", "tracking_number"}


def _address(raw: dict[str, Any]) -> Address:
    return Address(**{k: v for k, v in raw.items() if k in Address.__dataclass_fields__})


def _meta(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "pages": 2,
        "letter_date": date(2026, 11, 20),
        "recipient_name": EXAMPLE["debtor"]["name"],
        "recipient_address": _address(EXAMPLE["debtor"]["address"]),
        "recipient_attention": None,
        "recipient_path": "case.debtor.address",
        "sender_name": EXAMPLE["creditor"]["name"],
        "sender_address": _address(EXAMPLE["creditor"]["address"]),
        "sender_path": "case.creditor.address",
    }
    kwargs.update(overrides)
    return postage_metadata(**kwargs)


def test_example_mise_en_demeure_2026() -> None:
    m = _meta()
    assert set(m) >= API_KEYS
    json.dumps(m)  # plain JSON values only
    assert m["service"] == "lettre_recommandee"
    assert (m["level"], m["avis_de_reception"], m["pages"], m["sheets"], m["duplex"]) == (
        "R1", True, 2, 2, False)
    assert (m["envelope"], m["weight_g"], m["weight_step_g"]) == ("DL", 15, 20)
    assert isinstance(m["weight_g"], int)
    assert m["price_eur"] == "7.56"
    assert m["tariff"]["valid_from"] == "2026-01-01"
    assert (m["tariff"]["source"], m["tariff"]["status"]) == ("estimate", "estimate")
    assert m["compensation_eur"] == "16.00"
    assert m["recipient_lines"] == ["MARTIN BATIMENT", "SERVICE COMPTABILITE FOURNISSEURS",
                                    "BATIMENT B", "45 AVENUE ROGER SALENGRO",
                                    "69100 VILLEURBANNE"]
    assert m["sender_lines"] == ["ATELIER DUPONT", "12 RUE DE LA REPUBLIQUE", "69002 LYON"]
    assert m["tracking_number"] is None
    assert [w["code"] for w in m["warnings"]] == ["postage_tariff_estimate"]
    assert set(m["warnings"][0]) >= {"code", "message_fr", "message_en"}


def test_three_pages_2023_r2_without_ar_uses_the_50g_step_and_its_source() -> None:
    m = _meta(pages=3, letter_date=date(2023, 3, 1), level="R2", avis_de_reception=False)
    assert (m["weight_g"], m["weight_step_g"]) == (20, 50)
    assert m["price_eur"] == "6.38"
    assert m["tariff"]["status"] == "secondary"
    assert "tarif-postal.fr" in m["tariff"]["source"]
    assert m["compensation_eur"] == "153.00"
    assert [w["code"] for w in m["warnings"]] == ["postage_tariff_unverified"]


@pytest.mark.parametrize(("level", "amount"), [("R1", "16.00"), ("R2", "153.00"),
                                               ("R3", "458.00")])
def test_compensation_per_level(level: str, amount: str) -> None:
    assert _meta(level=level)["compensation_eur"] == amount


def test_simple_letter_has_no_guessed_price() -> None:
    m = _meta(registered=False)
    assert m["service"] == "lettre_simple"
    assert m["price_eur"] is None and m["tariff"] is None and m["compensation_eur"] is None
    assert m["avis_de_reception"] is False
    assert [w["code"] for w in m["warnings"]] == ["postage_price_unavailable"]


def test_duplex_and_tracking_number() -> None:
    m = _meta(pages=6, duplex=True, tracking_number="1A 123 456 7890 1")
    assert (m["sheets"], m["envelope"], m["weight_step_g"]) == (3, "DL", 50)
    assert m["price_eur"] == "8.43"  # 6.98 + 1.45, estimate
    assert m["tracking_number"] == {"number": "1A12345678901", "format": "domestic"}


def test_abroad_recipient_has_international_compensation_and_no_price() -> None:
    m = _meta(recipient_address=Address(street="Rue de la Loi 16", postal_code="1000",
                                        city="Bruxelles", country="BE"))
    assert m["recipient_lines"][-1] == "BELGIQUE"
    assert m["price_eur"] is None and m["tariff"] is None
    assert m["compensation_eur"] == "45.00"
    assert [w["code"] for w in m["warnings"]] == ["postage_international_tariff_missing"]


def test_letter_after_the_loaded_tariffs_gets_no_price() -> None:
    m = _meta(letter_date=date(2027, 1, 4))
    assert m["price_eur"] is None
    assert [w["code"] for w in m["warnings"]] == ["postage_tariff_not_loaded"]


def test_shortened_name_warning_is_carried() -> None:
    m = _meta(recipient_name=EXAMPLE["issuer"]["name"])
    codes = [(w["code"], w.get("path")) for w in m["warnings"]]
    assert ("address_line_shortened", "case.debtor.name") in codes


def test_every_fault_is_listed_at_once() -> None:
    with pytest.raises(CaseInvalid) as exc:
        _meta(
            pages=500,
            letter_date=date(2022, 6, 1),
            recipient_address=Address(street="1234 chemin des Grandes Vignes du Haut "
                                      "Beaujolais Occidental", postal_code="69430",
                                      city="Beaujeu"),
            sender_address=Address(street="1 rue A", postal_code="690", city="Lyon"),
            tracking_number="EB000717594HK",
        )
    paths = sorted(e.path for e in exc.value.errors)
    assert paths == ["case.as_of", "case.creditor.address.postal_code",
                     "case.debtor.address.street", "options.postage",
                     "options.postage.tracking_number"]
    assert exc.value.status == 422

"""NF Z10-011 address lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from service.errors import CaseInvalid
from service.model import Address
from service.postage import address_lines

EXAMPLE = Path("/work/shared/spec/case.example.json")
STRICT = re.compile(r"^[A-Z0-9 ]*$")


def _address(raw: dict) -> Address:
    return Address(**{k: v for k, v in raw.items() if k in Address.__dataclass_fields__})


@pytest.fixture(scope="module")
def case() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _paths(exc: pytest.ExceptionInfo[CaseInvalid]) -> list[str]:
    return [e.path for e in exc.value.errors]


def test_example_debtor_gives_exactly_the_api_lines(case: dict) -> None:
    block = address_lines(case["debtor"]["name"], _address(case["debtor"]["address"]),
                          path="case.debtor.address")
    assert block.lines == (
        "MARTIN BATIMENT",
        "SERVICE COMPTABILITE FOURNISSEURS",
        "BATIMENT B",
        "45 AVENUE ROGER SALENGRO",
        "69100 VILLEURBANNE",
    )
    assert block.warnings == ()


def test_example_creditor_and_court(case: dict) -> None:
    creditor = address_lines(case["creditor"]["name"], _address(case["creditor"]["address"]),
                             path="case.creditor.address")
    assert creditor.lines == ("ATELIER DUPONT", "12 RUE DE LA REPUBLIQUE", "69002 LYON")
    court = address_lines(case["court"]["name"], _address(case["court"]["address"]),
                          path="case.court.address")
    assert court.lines == ("TRIBUNAL DES ACTIVITES ECONOMIQUES", "44 RUE DE BONNEL",
                           "69003 LYON")
    assert [w.path for w in court.warnings] == ["case.court.name"]


def test_example_issuer_long_name_is_shortened_with_a_warning(case: dict) -> None:
    block = address_lines(case["issuer"]["name"], _address(case["issuer"]["address"]),
                          path="case.issuer.address")
    assert block.lines == ("SELARL ACTES & RECOUVREMENT", "5 QUAI SAINT ANTOINE", "69002 LYON")
    (warning,) = block.warnings
    assert warning.code == "address_line_shortened"
    assert warning.path == "case.issuer.name"
    assert "«\u00a0SELARL ACTES & RECOUVREMENT\u00a0»" in warning.message_fr
    assert "SELARL ACTES & RECOUVREMENT" in warning.message_en


def test_individual_with_attention_and_punctuation() -> None:
    addr = Address(street="5 bis, rue de l’Église", locality="Lieu-dit « Les Granges »",
                   postal_code="12100", city="Millau")
    block = address_lines("M. Jean DUPONT", addr, attention="chez Mme Zoé Durand-Lefèvre",
                          path="case.debtor.address")
    assert block.lines == ("M. JEAN DUPONT", "CHEZ MME ZOE DURAND-LEFEVRE",
                           "5 B RUE DE L EGLISE", "LIEU DIT LES GRANGES", "12100 MILLAU")


@pytest.mark.parametrize(
    ("street", "line"),
    [
        ("12/14 rue Garibaldi", "12 RUE GARIBALDI"),
        ("12-14, rue Garibaldi", "12 RUE GARIBALDI"),
        ("4 à 8 place Bellecour", "4 PLACE BELLECOUR"),
        ("7 ter avenue Foch", "7 T AVENUE FOCH"),
        ("7bis avenue Foch", "7 B AVENUE FOCH"),
        ("7B avenue Foch", "7 B AVENUE FOCH"),
        ("3, cours Lafayette (2e étage)", "3 COURS LAFAYETTE 2E ETAGE"),
        ("Chemin de l'Œuvre", "CHEMIN DE L OEUVRE"),
    ],
)
def test_street_numbers_and_punctuation(street: str, line: str) -> None:
    block = address_lines("X", Address(street=street, postal_code="69001", city="Lyon"),
                          path="p.address")
    assert block.lines[1] == line


def test_cedex_forms() -> None:
    base = {"street": "BP 4211", "postal_code": "12101", "city": "Millau"}
    for cedex, last in (("CEDEX 11", "12101 MILLAU CEDEX 11"), ("11", "12101 MILLAU CEDEX 11"),
                        ("cedex", "12101 MILLAU CEDEX"), (None, "12101 MILLAU"),
                        ("", "12101 MILLAU")):
        block = address_lines("Société X", Address(**base, cedex=cedex), path="p.address")
        assert block.lines[-1] == last, cedex
    # CEDEX written in the city is not duplicated
    block = address_lines("X", Address(street="1 rue A", postal_code="69411",
                                       city="Lyon Cedex 06"), path="p.address")
    assert block.lines[-1] == "69411 LYON CEDEX 06"
    block = address_lines("X", Address(street="1 rue A", postal_code="69411",
                                       city="Lyon Cedex", cedex="06"), path="p.address")
    assert block.lines[-1] == "69411 LYON CEDEX 06"
    with pytest.raises(CaseInvalid) as exc:
        address_lines("X", Address(street="1 rue A", postal_code="69411", city="Lyon",
                                   cedex="BP 12"), path="p.address")
    assert _paths(exc) == ["p.address.cedex"]


def test_abroad_country_last_in_french_capitals() -> None:
    block = address_lines("Dupont SPRL", Address(street="Rue de la Loi 16", postal_code="1000",
                                                 city="Bruxelles", country="BE"),
                          path="case.debtor.address")
    assert block.lines == ("DUPONT SPRL", "RUE DE LA LOI 16", "1000 BRUXELLES", "BELGIQUE")
    us = address_lines("ACME Inc.", Address(street="1600 Amphitheatre Pkwy",
                                            postal_code="CA 94043", city="Mountain View",
                                            country="US"), path="p.address")
    assert us.lines[-2:] == ("CA 94043 MOUNTAIN VIEW", "ETATS UNIS")


def test_abroad_allows_seven_lines_france_six() -> None:
    addr = {"delivery_point": "Service achats", "building": "Bloc C",
            "street": "Rue de la Loi 16", "locality": "Zoning nord", "postal_code": "1000",
            "city": "Bruxelles"}
    be = address_lines("Dupont SPRL", Address(**addr, country="BE"), path="p.address")
    assert len(be.lines) == 7 and be.lines[-1] == "BELGIQUE"
    fr = address_lines("Dupont SARL", Address(**{**addr, "postal_code": "69001", "city": "Lyon"}),
                       attention="M. Paul Dupont", path="p.address")
    # 7 candidate lines in France: two free lines are merged
    assert fr.lines == ("DUPONT SARL", "M. PAUL DUPONT, SERVICE ACHATS", "BLOC C",
                        "RUE DE LA LOI 16", "ZONING NORD", "69001 LYON")


def test_too_many_lines_that_cannot_merge_names_the_address() -> None:
    addr = Address(delivery_point="Direction administrative et financière",
                   building="Immeuble Le Panoramique, entrée nord",
                   street="45 avenue Roger Salengro prolongée",
                   locality="Zone industrielle du Grand Champ",
                   postal_code="69100", city="Villeurbanne")
    with pytest.raises(CaseInvalid) as exc:
        address_lines("Martin Bâtiment", addr, attention="Monsieur Paul-Henri Martin-Durand",
                      path="case.debtor.address")
    assert _paths(exc) == ["case.debtor.address"]
    assert exc.value.errors[0].code == "address_too_many_lines"


def test_sixty_char_street_names_the_path() -> None:
    street = "1234 chemin des Grandes Vignes du Haut Beaujolais Occidental"
    assert len(street) == 60
    with pytest.raises(CaseInvalid) as exc:
        address_lines("X", Address(street=street, postal_code="69430", city="Beaujeu"),
                      path="case.debtor.address")
    assert _paths(exc) == ["case.debtor.address.street"]
    assert exc.value.errors[0].code == "address_line_too_long"


def test_street_type_abbreviated_only_when_needed() -> None:
    fits = address_lines("X", Address(street="3 avenue des Fleurs", postal_code="69001",
                                      city="Lyon"), path="p.address")
    assert fits.lines[1] == "3 AVENUE DES FLEURS"
    long = address_lines("X", Address(street="12 boulevard du Maréchal de Lattre de Tassigny",
                                      postal_code="69001", city="Lyon"), path="p.address")
    assert long.lines[1] == "12 BD DU MAL DE LATTRE DE TASSIGNY"
    type_only = address_lines("X", Address(street="102 avenue de la Libération Charles Hernu",
                                           postal_code="69001", city="Lyon"), path="p.address")
    assert type_only.lines[1] == "102 AV DE LA LIBERATION CHARLES HERNU"


def test_saint_abbreviated_on_the_last_line_only_to_fit() -> None:
    short = address_lines("X", Address(street="1 rue A", postal_code="42000",
                                       city="Saint-Étienne"), path="p.address")
    assert short.lines[-1] == "42000 SAINT ETIENNE"
    exact = address_lines("X", Address(street="1 rue A", postal_code="38660",
                                       city="Saint-Hilaire-du-Touvet", cedex="CEDEX 12"),
                          path="p.address")
    assert exact.lines[-1] == "38660 SAINT HILAIRE DU TOUVET CEDEX 12"  # 38: fits
    long = address_lines("X", Address(street="1 rue A", postal_code="73440",
                                      city="Saint-Martin-de-Belleville", cedex="CEDEX 12"),
                         path="p.address")
    assert long.lines[-1] == "73440 ST MARTIN DE BELLEVILLE CEDEX 12"


def test_invalid_french_postcode_and_missing_city_listed_together() -> None:
    with pytest.raises(CaseInvalid) as exc:
        address_lines("X", Address(street="1 rue A", postal_code="6900", city=" "),
                      path="case.debtor.address")
    assert sorted(_paths(exc)) == ["case.debtor.address.city",
                                   "case.debtor.address.postal_code"]


def test_unknown_country() -> None:
    with pytest.raises(CaseInvalid) as exc:
        address_lines("X", Address(street="1 A", postal_code="1", city="B", country="ZZ"),
                      path="p.address")
    assert _paths(exc) == ["p.address.country"]


def test_building_pushed_to_line_four_loses_its_punctuation() -> None:
    block = address_lines("Martin", Address(delivery_point="Service comptabilité fournisseurs",
                                            building="Bât. B, esc. 2", street="45 rue A",
                                            postal_code="69100", city="Villeurbanne"),
                          attention="M. Paul Martin", path="p.address")
    assert block.lines == ("MARTIN", "M. PAUL MARTIN", "SERVICE COMPTABILITE FOURNISSEURS",
                           "BAT B ESC 2", "45 RUE A", "69100 VILLEURBANNE")


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzÉéèêàçôœÿ'’-,./()«»&°0123456789  ")),
    max_size=70,
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_TEXT, attention=st.none() | _TEXT, delivery_point=st.none() | _TEXT,
    building=st.none() | _TEXT, street=st.none() | _TEXT, locality=st.none() | _TEXT,
    city=st.from_regex(r"\A[A-Za-zÉéèô' -]{0,40}[a-z]\Z"),
    cedex=st.sampled_from([None, "", "CEDEX", "CEDEX 9", "11"]),
    country=st.sampled_from(["FR", "FR", "BE", "DE", "CI"]),
    postal_code=st.from_regex(r"\A[0-9]{5}\Z"),
)
def test_property_every_line_fits_and_lower_lines_are_clean(
    name: str, attention: str | None, delivery_point: str | None, building: str | None,
    street: str | None, locality: str | None, city: str, cedex: str | None, country: str,
    postal_code: str,
) -> None:
    addr = Address(street=street, postal_code=postal_code, city=city, cedex=cedex,
                   delivery_point=delivery_point, building=building, locality=locality,
                   country=country)
    try:
        block = address_lines(name, addr, attention=attention, path="case.debtor.address")
    except CaseInvalid as exc:
        assert exc.errors
        assert all(e.path.startswith("case.debtor") for e in exc.errors)
        event(f"invalid: {sorted(e.code for e in exc.errors)}")
        return
    event(f"valid, {len(block.lines)} lines")
    assert len(block.lines) <= (6 if country == "FR" else 7)
    assert all(0 < len(line) <= 38 for line in block.lines)
    assert all(line == line.upper() and line.isascii() for line in block.lines)
    assert all(STRICT.match(line) for line in block.lines[3:])
    assert STRICT.match(block.lines[-1])
    if country == "FR":
        assert re.match(r"^\d{5} ", block.lines[-1])

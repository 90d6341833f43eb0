"""Dated tariffs and compensation (the poste/ parameters)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service.errors import CaseInvalid
from service.postage import (
    TariffNotKnown,
    compensation,
    is_domestic,
    registered_tariff,
    weight_steps,
)
from service.postage.tariffs import LEVELS, tariff_data


def test_every_grid_covers_every_level_and_step() -> None:
    data = tariff_data()
    assert [g.valid_from for g in data.grids] == [date(2023, 1, 1), date(2024, 1, 1),
                                                   date(2025, 1, 1), date(2026, 1, 1)]
    for grid in data.grids:
        for level in LEVELS:
            assert sorted(grid.prices[level]) == list(weight_steps())
            prices = [grid.prices[level][s] for s in weight_steps()]
            assert prices == sorted(prices), (grid.valid_from, level)
        for step in weight_steps():
            r1, r2, r3 = (grid.prices[lv][step] for lv in LEVELS)
            assert r1 < r2 < r3


def test_2023_verified_grid_is_secondary_with_its_source() -> None:
    t = registered_tariff(date(2023, 6, 1), "R1", True, 20)
    assert (t.price, t.base, t.avis_de_reception) == (Decimal("6.08"), Decimal("4.83"),
                                                      Decimal("1.25"))
    assert t.status == "secondary"
    assert "tarif-postal.fr" in t.source
    assert registered_tariff(date(2023, 12, 31), "R3", False, 2000).price == Decimal("14.38")
    assert registered_tariff(date(2023, 1, 1), "R2", True, 20).price == Decimal("7.02")


def test_2026_lrar_r1_20g_is_the_quoted_7_56_but_an_estimate() -> None:
    t = registered_tariff(date(2026, 11, 20), "R1", True, 20)
    assert t.price == Decimal("7.56")
    assert t.valid_from == date(2026, 1, 1)
    assert (t.status, t.source) == ("estimate", "estimate")
    assert any("demat-tech.com" in r for r in t.references)


def test_r1_20g_without_ar_keeps_its_secondary_status_other_cells_are_estimates() -> None:
    anchor = registered_tariff(date(2025, 3, 1), "R1", False, 20)
    assert (anchor.price, anchor.status) == (Decimal("5.74"), "secondary")
    assert "boursorama" in anchor.source
    other = registered_tariff(date(2025, 3, 1), "R1", False, 50)
    assert (other.price, other.status, other.source) == (Decimal("6.56"), "estimate", "estimate")
    assert registered_tariff(date(2024, 12, 31), "R2", False, 100).price == Decimal("7.88")


def test_dates_outside_the_data() -> None:
    with pytest.raises(CaseInvalid) as exc:
        registered_tariff(date(2022, 12, 31), "R1", True, 20)
    assert [e.path for e in exc.value.errors] == ["case.as_of"]
    with pytest.raises(TariffNotKnown):
        registered_tariff(date(2027, 1, 1), "R1", True, 20)


def test_unknown_level() -> None:
    with pytest.raises(CaseInvalid) as exc:
        registered_tariff(date(2026, 1, 1), "R4", True, 20)
    assert [e.path for e in exc.value.errors] == ["options.postage.level"]


@pytest.mark.parametrize(("level", "amount"), [("R1", "16.00"), ("R2", "153.00"),
                                               ("R3", "458.00")])
def test_compensation_per_level(level: str, amount: str) -> None:
    c = compensation(date(2026, 11, 20), level)
    assert c is not None
    assert c.amount == Decimal(amount)
    assert c.status == "secondary"


def test_international_compensation() -> None:
    r1 = compensation(date(2026, 11, 20), "R1", international=True)
    assert r1 is not None and r1.amount == Decimal("45.00")
    assert compensation(date(2026, 11, 20), "R3", international=True) is None


def test_domestic_zone() -> None:
    assert is_domestic("FR") and is_domestic("MC") and is_domestic("AD") and is_domestic(None)
    assert not is_domestic("BE")

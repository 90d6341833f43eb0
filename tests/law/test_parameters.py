"""The dated parameter files: every one loads, values are Decimal strings with sources."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service.law.parameters import ParameterNotFound, available, load, value_at


def test_every_parameter_file_loads_with_a_reference_per_value():
    names = available()
    expected = {"legal_rate_private", "legal_rate_other", "ecb_mro_rate", "flat_indemnity"}
    assert expected <= set(names)
    for name in names:
        p = load(name)
        assert p.values, name
        for v in p.values:
            assert v.reference.title, (name, v.valid_from)
            if p.unit in ("rate", "eur"):
                assert isinstance(v.value, Decimal)


def test_legal_rates_per_half_year_match_the_reference_table():
    assert value_at("legal_rate_other", date(2026, 3, 1)).value == Decimal("0.0262")
    assert value_at("legal_rate_private", date(2026, 3, 1)).value == Decimal("0.0667")
    assert value_at("legal_rate_other", date(2026, 3, 1)).status == "verified"
    s2 = value_at("legal_rate_private", date(2026, 9, 1))
    assert s2.value == Decimal("0.0684") and s2.status == "secondary"


def test_ecb_rate_in_force_on_reference_dates():
    assert value_at("ecb_mro_rate", date(2025, 1, 1)).value == Decimal("0.0315")
    assert value_at("ecb_mro_rate", date(2026, 7, 1)).value == Decimal("0.0240")
    assert value_at("ecb_mro_rate", date(2026, 9, 20)).status == "unverified"


def test_no_value_past_the_last_known_date():
    with pytest.raises(ParameterNotFound):
        value_at("legal_rate_other", date(2027, 1, 1))
    with pytest.raises(ParameterNotFound):
        value_at("legal_rate_other", date(2014, 12, 31))

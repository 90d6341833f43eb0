"""The dated parameter files: every one loads, values are Decimal strings with sources."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from service.law.parameters import ParameterNotFound, available, load, names, value_at


def test_every_parameter_file_loads_with_a_reference_per_value():
    found = available()
    expected = {names.LEGAL_RATE_PRIVATE, names.LEGAL_RATE_OTHER, names.ECB_MRO_RATE, names.FLAT_INDEMNITY}
    assert expected <= set(found)
    for name in found:
        p = load(name)
        assert p.values, name
        for v in p.values:
            assert v.reference.title, (name, v.valid_from)
            if p.unit in ("rate", "eur"):
                assert isinstance(v.value, Decimal)


def test_legal_rates_per_half_year_match_the_reference_table():
    assert value_at(names.LEGAL_RATE_OTHER, date(2026, 3, 1)).value == Decimal("0.0262")
    assert value_at(names.LEGAL_RATE_PRIVATE, date(2026, 3, 1)).value == Decimal("0.0667")
    assert value_at(names.LEGAL_RATE_OTHER, date(2026, 3, 1)).status == "verified"
    s2 = value_at(names.LEGAL_RATE_PRIVATE, date(2026, 9, 1))
    assert s2.value == Decimal("0.0684") and s2.status == "secondary"


def test_ecb_rate_in_force_on_reference_dates():
    assert value_at(names.ECB_MRO_RATE, date(2025, 1, 1)).value == Decimal("0.0315")
    assert value_at(names.ECB_MRO_RATE, date(2026, 7, 1)).value == Decimal("0.0240")
    assert value_at(names.ECB_MRO_RATE, date(2026, 9, 20)).status == "unverified"


def test_no_value_past_the_last_known_date():
    with pytest.raises(ParameterNotFound):
        value_at(names.LEGAL_RATE_OTHER, date(2027, 1, 1))
    with pytest.raises(ParameterNotFound):
        value_at(names.LEGAL_RATE_OTHER, date(2014, 12, 31))


def test_names_module_lists_exactly_the_files_of_the_tree():
    assert sorted(names.ALL) == available()
    public = {k: v for k, v in vars(names).items() if k.isupper() and k != "ALL"}
    assert sorted(public.values()) == available()
    for const, name in public.items():
        assert const == name.rsplit(".", 1)[-1].upper()


def test_a_parameter_is_named_by_its_path_and_answers_show_its_stem():
    p = load(names.FLAT_INDEMNITY)
    assert p.path == "interets.flat_indemnity"
    assert p.name == "flat_indemnity" == p.values[0].name
    with pytest.raises(ParameterNotFound) as exc:
        p.at(date(2000, 1, 1))
    assert exc.value.name == "flat_indemnity"
    with pytest.raises(ValueError):
        load("interets/../flat_indemnity")
    with pytest.raises(FileNotFoundError):
        load("flat_indemnity")  # the flat names of the old store are gone


def test_fee_alternatives_are_metadata_read_by_the_loader():
    p = load(names.COURT_FEE_INJONCTION_TC)
    amounts = [str(v.value) for v in p.alternatives]
    assert amounts == ["33.47", "30.23", "35.21", "38.40"]
    assert all(v.status == "secondary" and v.reference.title for v in p.alternatives)
    assert "alternatives" in p.metadata


# service/pdf/cerfa.py reads the Cerfa field maps (forms/cerfa/*.fields.yaml): layout of a form,
# not dated legal data, and another owner's module; it is the one exception.
# the Cerfa field maps are the layout of an official form dropped in forms/cerfa/, not legal data
_YAML_READERS_ALLOWED = {"service/law/parameters/__init__.py", "service/pdf/cerfa.py",
                         "service/pdf/cerfa_maps.py"}


def test_i11_8_one_loader_reads_the_yaml_data_of_service():
    """Courts, tariffs, weights, address rules and legal forms are parameters of the tree: no
    module of service/ but the loader opens a YAML file itself."""
    from service.paths import ROOT

    readers = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "service").rglob("*.py")
        if re.search(r"\byaml\.(safe_)?load|^\s*import yaml|^\s*from yaml import",
                     p.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert set(readers) <= _YAML_READERS_ALLOWED, readers
    assert not list((ROOT / "service").glob("*/*.yaml")), "a YAML data file outside the tree"

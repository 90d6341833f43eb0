"""UPU S10 and La Poste domestic tracking numbers (lrar.md §4)."""

from __future__ import annotations

import pytest

from service.errors import CaseInvalid
from service.postage import check_tracking_number, s10_check_digit


@pytest.mark.parametrize(("serial", "digit"), [("47312482", 9), ("79921063", 3),
                                               ("00071758", 1), ("96633102", 0),
                                               ("76129403", 8), ("00000000", 5)])  # c = 11 -> 5
def test_s10_check_digit_vectors(serial: str, digit: int) -> None:
    assert s10_check_digit(serial) == digit


@pytest.mark.parametrize("number", ["RR473124829GB", "RW799210633FR", "EE471108151FR",
                                    "EB000717595HK", "rw 7992 1063 3 fr"])
def test_valid_s10(number: str) -> None:
    info = check_tracking_number(number)
    assert info.format == "S10"
    assert info.number == number.replace(" ", "").upper()
    assert info.as_dict()["format"] == "S10"


def test_s10_parts() -> None:
    info = check_tracking_number("RW799210633FR")
    assert (info.service_indicator, info.serial, info.check_digit, info.country) == (
        "RW", "79921063", 3, "FR")


@pytest.mark.parametrize(("number", "code"), [
    ("EB000717594HK", "invalid_tracking_check_digit"),
    ("RR473124828GB", "invalid_tracking_check_digit"),
    ("RR473124829ZZ", "invalid_tracking_country"),
    ("RR47312482GB", "invalid_tracking_number"),
    ("1A1234567890", "invalid_tracking_number"),
    ("AB1234567890123", "invalid_tracking_number"),
    ("", "invalid_tracking_number"),
])
def test_invalid_numbers(number: str, code: str) -> None:
    with pytest.raises(CaseInvalid) as exc:
        check_tracking_number(number)
    (err,) = exc.value.errors
    assert (err.path, err.code) == ("options.postage.tracking_number", code)
    assert "\u00a0:" in err.message_fr


def test_domestic_shape_only() -> None:
    assert check_tracking_number("1A12345678901").format == "domestic"
    assert check_tracking_number("1B34567890123").format == "domestic"
    info = check_tracking_number("1a 123 456 7890 1")
    assert (info.format, info.number, info.country) == ("domestic", "1A12345678901", None)

"""Sheets, envelope, weight and weight step."""

from __future__ import annotations

import pytest

from service.errors import CaseInvalid
from service.postage import letter_weight, weight_steps


@pytest.mark.parametrize(
    ("pages", "duplex", "sheets", "envelope", "weight", "step"),
    [
        (1, False, 1, "DL", 10, 20),  # 5 + 5 = 10, +2 -> 12
        (2, False, 2, "DL", 15, 20),  # 17 <= 20
        (3, False, 3, "DL", 20, 50),  # 20 + 2 margin = 22 > 20
        (5, False, 5, "DL", 30, 50),  # last DL count
        (6, False, 6, "C4", 45, 50),  # C4 (15 g) from 6 sheets: 47 <= 50
        (7, False, 7, "C4", 50, 100),  # 52 > 50
        (6, True, 3, "DL", 20, 50),
        (5, True, 3, "DL", 20, 50),
        (4, True, 2, "DL", 15, 20),
        (3, True, 2, "DL", 15, 20),
        (1, True, 1, "DL", 10, 20),
    ],
)
def test_weight_and_step(pages: int, duplex: bool, sheets: int, envelope: str, weight: int,
                         step: int) -> None:
    w = letter_weight(pages, duplex=duplex)
    assert (w.sheets, w.envelope, w.weight_g, w.weight_step_g) == (sheets, envelope, weight, step)
    assert w.margin_g == 2
    assert w.status == "estimate"


def test_address_sheet_only_when_flagged() -> None:
    assert letter_weight(2).sheets == 2
    w = letter_weight(2, address_sheet=True)
    assert (w.sheets, w.weight_g, w.weight_step_g) == (3, 20, 50)
    assert letter_weight(5, address_sheet=True).envelope == "C4"


def test_steps_are_the_api_steps() -> None:
    assert weight_steps() == (20, 50, 100, 250, 500, 1000, 2000)


def test_heaviest_letter_and_over_two_kilograms() -> None:
    # 396 sheets: 1980 + 15 = 1995 g, + 2 = 1997 <= 2000
    heavy = letter_weight(396)
    assert (heavy.weight_g, heavy.weight_step_g) == (1995, 2000)
    assert [w.code for w in heavy.warnings] == ["envelope_capacity_exceeded"]
    assert letter_weight(45).warnings == ()
    with pytest.raises(CaseInvalid) as exc:
        letter_weight(397)  # 2000 g + 2 g margin
    (err,) = exc.value.errors
    assert (err.path, err.code) == ("options.postage", "postage_too_heavy")


def test_no_page_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        letter_weight(0)

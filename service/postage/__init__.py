"""La Poste postage metadata: NF Z10-011 address lines, weight and step, dated tariffs,
tracking numbers, and the ``postage`` object of a document answer.
"""

from service.postage.address import AddressBlock, address_lines, name_on_two_lines
from service.postage.mailing import Mailing, post
from service.postage.metadata import postage_metadata
from service.postage.tariffs import (
    Compensation,
    Tariff,
    TariffNotKnown,
    compensation,
    is_domestic,
    registered_tariff,
)
from service.postage.tracking import TrackingInfo, check_tracking_number, s10_check_digit
from service.postage.weight import LetterWeight, letter_weight, weight_steps

__all__ = [
    "AddressBlock",
    "Compensation",
    "LetterWeight",
    "Mailing",
    "Tariff",
    "TariffNotKnown",
    "TrackingInfo",
    "address_lines",
    "check_tracking_number",
    "compensation",
    "is_domestic",
    "letter_weight",
    "name_on_two_lines",
    "post",
    "postage_metadata",
    "registered_tariff",
    "s10_check_digit",
    "weight_steps",
]

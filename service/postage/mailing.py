"""Who posts what to whom: the :class:`Mailing` a letter's plan carries, priced once the page
count is known by :func:`post`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from service.model import Address
from service.postage.metadata import postage_metadata


@dataclass(frozen=True)
class Mailing:
    registered: bool
    recipient_name: str
    recipient_address: Address
    recipient_attention: str | None
    recipient_path: str
    sender_name: str
    sender_address: Address
    sender_path: str
    # how it travels (service.postage.channel); None: lrar when registered, else lettre_simple
    channel: str | None = None

    @property
    def travels_by(self) -> str:
        return self.channel or ("lrar" if self.registered else "lettre_simple")


def post(mailing: Mailing, options: Any, *, pages: int, letter_date: date,
         address_sheet: bool | None = None) -> dict[str, Any]:
    """The ``postage`` answer of ``mailing`` sent with ``options`` (``options.postage`` of the
    request: level, avis de réception, duplex, address sheet, tracking number). ``pages``: the
    letter's; ``address_sheet``: whether a sheet was put in front (default: the option)."""
    sheet = bool(options.address_sheet) if address_sheet is None else address_sheet
    return postage_metadata(
        pages=pages, letter_date=letter_date, recipient_name=mailing.recipient_name,
        recipient_address=mailing.recipient_address,
        recipient_attention=mailing.recipient_attention, recipient_path=mailing.recipient_path,
        sender_name=mailing.sender_name, sender_address=mailing.sender_address,
        sender_path=mailing.sender_path, registered=mailing.registered, level=options.level,
        avis_de_reception=options.avis_de_reception, duplex=options.duplex,
        address_sheet=sheet, tracking_number=options.tracking_number)

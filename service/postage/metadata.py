"""The ``postage`` object of a document answer (API.md « Document answer » and « Postage
metadata: the rule »): service, weight and step, dated price, compensation, address lines,
tracking number and warnings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from service import fr
from service.errors import CaseInvalid, FieldError
from service.fr import NBSP
from service.law.parameters import WARN_STATUSES
from service.model import Address, Warning
from service.postage.address import AddressBlock, address_lines
from service.postage.tariffs import (
    Tariff,
    TariffNotKnown,
    compensation,
    is_domestic,
    registered_tariff,
)
from service.postage.tracking import TrackingInfo, check_tracking_number
from service.postage.weight import LetterWeight, letter_weight


def _amount(value: Decimal | None) -> str | None:
    """An amount for the JSON answer: a string of euros, to the cent."""
    return None if value is None else str(fr.round_cents(value))


def _tariff_warning(t: Tariff, path: str) -> Warning | None:
    if t.status not in WARN_STATUSES:
        return None
    if t.status == "estimate":
        return Warning(
            code="postage_tariff_estimate",
            message_fr=f"Prix d’affranchissement estimé (grille provisoire du "
            f"{fr.date_short(t.valid_from)}, non vérifiée sur la brochure de La Poste){NBSP}: à "
            "contrôler avant l’envoi.",
            message_en=f"Estimated postage price (provisional grid of {t.valid_from.isoformat()}, "
            "not checked against La Poste's brochure): check it before posting.",
            path=path,
        )
    return Warning(
        code="postage_tariff_unverified",
        message_fr=f"Prix d’affranchissement tiré d’une source non officielle (grille du "
        f"{fr.date_short(t.valid_from)}){NBSP}: à vérifier auprès de La Poste.",
        message_en=f"Postage price taken from an unofficial source (grid of "
        f"{t.valid_from.isoformat()}): check it with La Poste.",
        path=path,
    )


def _no_price_warning(code: str, fr: str, en: str, path: str) -> Warning:
    return Warning(code=code, message_fr=fr, message_en=en, path=path)


def postage_metadata(
    *,
    pages: int,
    letter_date: date,
    recipient_name: str,
    recipient_address: Address,
    recipient_attention: str | None,
    recipient_path: str,
    sender_name: str,
    sender_address: Address,
    sender_path: str,
    registered: bool = True,
    level: str = "R1",
    avis_de_reception: bool = True,
    duplex: bool = False,
    address_sheet: bool = False,
    tracking_number: str | None = None,
    options_path: str = "options.postage",
    date_path: str = "case.as_of",
    recipient_attention_path: str | None = None,
) -> dict[str, Any]:
    """The postage metadata of a letter of ``pages`` A4 pages dated ``letter_date``.

    Raises one :class:`~service.errors.CaseInvalid` listing every fault (addresses that
    cannot be made to fit, a letter over 2 kg, an invalid tracking number or level, a date
    before the first tariff grid). ``*_path`` arguments are the JSON paths errors and
    warnings name: the addresses (``case.debtor.address``; names are their sibling ``name``),
    the postage options, the letter's date and, when given, the attention line.
    """
    errors: list[FieldError] = []
    warnings: list[Warning] = []

    recipient: AddressBlock | None = None
    sender: AddressBlock | None = None
    weight: LetterWeight | None = None
    tracking: TrackingInfo | None = None
    try:
        recipient = address_lines(recipient_name, recipient_address,
                                  attention=recipient_attention, path=recipient_path,
                                  attention_path=recipient_attention_path)
    except CaseInvalid as e:
        errors += e.errors
    try:
        sender = address_lines(sender_name, sender_address, path=sender_path)
    except CaseInvalid as e:
        errors += e.errors
    try:
        weight = letter_weight(pages, duplex=duplex, address_sheet=address_sheet,
                               path=options_path)
    except CaseInvalid as e:
        errors += e.errors
    if tracking_number:
        try:
            tracking = check_tracking_number(tracking_number,
                                             path=f"{options_path}.tracking_number")
        except CaseInvalid as e:
            errors += e.errors

    tariff: Tariff | None = None
    comp_eur: Decimal | None = None
    domestic = is_domestic(recipient_address.country)
    if registered:
        try:
            comp = compensation(letter_date, level, international=not domestic, path=date_path,
                                level_path=f"{options_path}.level")
            comp_eur = comp.amount if comp else None
            if weight is not None and domestic:
                tariff = registered_tariff(letter_date, level, avis_de_reception,
                                           weight.weight_step_g, path=date_path,
                                           level_path=f"{options_path}.level")
        except CaseInvalid as e:
            errors += e.errors
        except TariffNotKnown as e:
            warnings.append(_no_price_warning(
                "postage_tariff_not_loaded",
                f"Aucun tarif postal chargé pour une lettre datée du {fr.date_short(letter_date)} "
                f"(données jusqu’au {fr.date_short(e.last_known)}){NBSP}: prix non indiqué.",
                f"No postal tariff loaded for a letter dated {letter_date.isoformat()} (data "
                f"up to {e.last_known.isoformat()}): no price given.",
                options_path,
            ))
    if errors:
        raise CaseInvalid(errors)
    assert recipient is not None and sender is not None and weight is not None

    warnings[:0] = [*recipient.warnings, *sender.warnings, *weight.warnings]
    if registered and not domestic:
        warnings.append(_no_price_warning(
            "postage_international_tariff_missing",
            f"Aucun tarif de lettre recommandée internationale n’est chargé{NBSP}: prix non "
            "indiqué.",
            "No international registered-letter tariff is loaded: no price given.",
            options_path,
        ))
    if not registered:
        warnings.append(_no_price_warning(
            "postage_price_unavailable",
            f"Aucun tarif de lettre simple n’est chargé{NBSP}: prix d’affranchissement non "
            "indiqué.",
            "No simple-letter tariff is loaded: no postage price given.",
            options_path,
        ))
    if tariff is not None and (w := _tariff_warning(tariff, options_path)):
        warnings.append(w)

    return {
        "service": "lettre_recommandee" if registered else "lettre_simple",
        "level": level if registered else None,
        "avis_de_reception": bool(registered and avis_de_reception),
        "pages": weight.pages,
        "sheets": weight.sheets,
        "duplex": weight.duplex,
        "address_sheet": weight.address_sheet,
        "envelope": weight.envelope,
        "weight_g": weight.weight_g,
        "weight_step_g": weight.weight_step_g,
        "weight_margin_g": weight.margin_g,
        "weight_status": weight.status,
        "price_eur": _amount(tariff.price) if tariff else None,
        "tariff": None if tariff is None else {
            "valid_from": tariff.valid_from.isoformat(),
            "source": tariff.source,
            "status": tariff.status,
            "base_eur": _amount(tariff.base),
            "avis_de_reception_eur": _amount(tariff.avis_de_reception),
            "references": list(tariff.references),
        },
        "compensation_eur": _amount(comp_eur),
        "recipient_lines": list(recipient.lines),
        "sender_lines": list(sender.lines),
        "tracking_number": tracking.as_dict() if tracking else None,
        "warnings": [w.as_dict() for w in warnings],
    }

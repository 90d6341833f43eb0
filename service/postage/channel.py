"""How a letter travels (``options.channel``) and the ``delivery`` block of the answer: what a
posting or electronic-registered-letter provider needs, mapped onto Maileva, Merci Facteur and
AR24 field names.

Channels:

- ``lrar``: lettre recommandée avec demande d'avis de réception (paper, La Poste).
- ``lre_qualifiee``: lettre recommandée électronique sent through a *qualified* electronic
  registered delivery service (eIDAS art. 44). Code des postes et des communications
  électroniques art. L100: equivalent to a registered letter; to a recipient who is not a
  professional, only with their prior consent (``case.debtor.lre_consent``).
- ``lettre_suivie``: tracked letter (proof of delivery, not of content or receipt by the
  addressee).
- ``lettre_simple``: plain letter.

Provider field names come from ``shared/reviews/ecosystem-research-2026-12.md`` §5–6 (an SDK's
generated model doc for Maileva, Merci Facteur's stored API doc v1.2.7, third-party SDK code for
AR24). Every name not confirmed there is listed in the mapping's ``unconfirmed``; nothing here
talks to a provider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.errors import FieldError, field_error
from service.model import POSTAL_CHANNELS, Case, Party
from service.postage.address import AddressBlock, fold

CHANNELS = POSTAL_CHANNELS
L100 = "article L. 100 du code des postes et des communications électroniques"


@dataclass(frozen=True)
class Channel:
    code: str
    heading: str | None  # printed at the head of the letter (none for a plain letter)
    label_en: str
    registered: bool  # a registered letter (paper or qualified electronic)
    electronic: bool
    postal_service: str | None  # the ``postage.service`` of a paper letter


CHANNEL_INFO: dict[str, Channel] = {
    "lrar": Channel("lrar", "Lettre recommandée avec demande d’avis de réception",
                    "registered letter with acknowledgement of receipt", True, False,
                    "lettre_recommandee"),
    "lre_qualifiee": Channel("lre_qualifiee", "Lettre recommandée électronique qualifiée",
                             "qualified electronic registered letter (eIDAS art. 44)", True,
                             True, None),
    "lettre_suivie": Channel("lettre_suivie", "Lettre suivie", "tracked letter", False, False,
                             "lettre_suivie"),
    "lettre_simple": Channel("lettre_simple", None, "plain letter", False, False,
                             "lettre_simple"),
}


def channel_info(code: str) -> Channel:
    return CHANNEL_INFO[code]


def check_channel(case: Case, channel: str, *, allowed: tuple[str, ...] = CHANNELS,
                  rule_fr: str | None = None, rule_en: str | None = None) -> list[FieldError]:
    """What the case lacks to travel by ``channel``: a channel the kind does not allow (naming
    its rule), an LRE without the debtor's e-mail, or to a non-professional without consent."""
    errors: list[FieldError] = []
    if channel not in allowed:
        names = ", ".join(allowed)
        errors.append(field_error(
            "options.channel", "channel_not_allowed",
            f"Mode d’envoi « {channel} » impossible pour ce document ; modes admis : {names}"
            + (f" ({rule_fr})" if rule_fr else "") + ".",
            f"Channel {channel!r} is not allowed for this document; allowed: {names}"
            + (f" ({rule_en})" if rule_en else "") + "."))
        return errors
    if channel == "lre_qualifiee":
        d = case.debtor
        if not d.email:
            errors.append(field_error(
                "case.debtor.email", "required",
                "Adresse électronique du débiteur manquante pour une lettre recommandée"
                " électronique.",
                "The debtor's e-mail address is missing for an electronic registered letter."))
        if not is_professional(d) and getattr(d, "lre_consent", None) is None:
            errors.append(field_error(
                "case.debtor.lre_consent", "lre_consent_required",
                "Lettre recommandée électronique à un destinataire non professionnel : son"
                f" consentement préalable est requis ({L100}) ; renseignez"
                " case.debtor.lre_consent (date et référence du consentement) ou choisissez"
                " options.channel = lrar.",
                "Electronic registered letter to a non-professional recipient: their prior"
                " consent is required (Code des postes et des communications électroniques"
                " art. L100); fill case.debtor.lre_consent (date and reference) or use"
                " options.channel = lrar."))
    return errors


def is_professional(party: Party) -> bool:
    return not party.is_consumer


_REF_CHARS = re.compile(r"[^A-Za-z0-9 _-]+")


def provider_reference(reference: str) -> str:
    """The case reference as providers print it (Merci Facteur: at most 30 characters from
    ``[A-Za-z0-9 -_]``, printed on the avis de réception)."""
    return _REF_CHARS.sub("-", fold(reference))[:30].strip(" -") or "REF"


# NF Z10-011 line roles -> Maileva's positional address lines (1 company, 2 civility + name,
# 3 building, 4 street, 5 lieu-dit / BP, 6 postcode + city)
_MAILEVA_SLOT = {"name": 1, "attention": 2, "delivery_point": 2, "building": 3, "street": 4,
                 "locality": 5, "city": 6}


def maileva_lines(block: AddressBlock) -> dict[str, str]:
    """``address_line_1``…``_6`` for a recipient or sender block (a role whose slot is taken
    goes to the next free one before the postcode line)."""
    slots: dict[int, str] = {}
    roles = block.roles or ("name",) + ("street",) * (len(block.lines) - 2) + ("city",)
    for line, role in zip(block.lines, roles, strict=False):
        if role == "country":
            continue
        slot = _MAILEVA_SLOT.get(role, 5)
        while slot in slots and slot < 5:
            slot += 1
        slots[slot] = f"{slots[slot]}, {line}" if slot in slots else line
    return {f"address_line_{k}": slots[k] for k in sorted(slots)}


def _recipient(case: Case, block: AddressBlock | None) -> dict[str, Any]:
    d = case.debtor
    consent = getattr(d, "lre_consent", None)
    out: dict[str, Any] = {
        "name": d.display_name,
        "status": "professionnel" if is_professional(d) else "particulier",
        "company": d.name if d.is_company else None,
        "siren": d.siren if d.is_company else None,
        "civility": d.civility if not d.is_company else None,
        "first_name": d.first_name if not d.is_company else None,
        "last_name": d.last_name if not d.is_company else None,
        "email": d.email,
        "phone": d.phone,
        "country_code": (d.address.country or "FR").upper(),
        "lines": list(block.lines) if block else None,
        "lre_consent": None if consent is None else {
            "date": consent.date.isoformat() if getattr(consent, "date", None) else None,
            "reference": getattr(consent, "reference", None)},
    }
    return out


def delivery_block(*, case: Case, channel: str, filename: str, sha256: str, pages: int,
                   postage: dict[str, Any] | None, recipient: AddressBlock | None,
                   sender: AddressBlock | None, sender_name: str,
                   duplex: bool = False, address_sheet: bool = False) -> dict[str, Any]:
    """The answer's ``delivery`` block for a document of ``pages`` pages and digest ``sha256``
    sent by ``channel`` (``postage``: the paper postage answer, None for an LRE)."""
    info = CHANNEL_INFO[channel]
    ref = provider_reference(case.reference)
    recipient_data = _recipient(case, recipient)
    price: dict[str, Any] | None = None
    price_note = None
    if postage is not None and postage.get("price_eur") is not None:
        price = {"eur": postage["price_eur"], "tariff": postage.get("tariff")}
    elif info.electronic:
        price_note = ("Prix fixé par le prestataire d’envoi recommandé électronique qualifié :"
                      " aucun tarif daté n’est chargé.")
    else:
        price_note = "Aucun tarif daté chargé pour ce mode d’envoi."
    block: dict[str, Any] = {
        "channel": channel,
        "label": info.heading or "Lettre simple",
        "label_en": info.label_en,
        "registered": info.registered,
        "electronic": info.electronic,
        "legal_basis": ("Équivalent à la lettre recommandée : " + L100 + " et règlement (UE)"
                        " n° 910/2014, art. 44 (service qualifié)") if info.electronic else None,
        "reference": ref,
        "document": {"filename": filename, "sha256": sha256, "pages": pages,
                     "media_type": "application/pdf"},
        "recipient": recipient_data,
        "sender": {"name": sender_name, "lines": list(sender.lines) if sender else None},
        "price": price,
        "price_note": price_note,
        "providers": {
            "maileva": _maileva(info, ref, recipient, sender, duplex, address_sheet, filename),
            "merci_facteur": _merci_facteur(info, ref, case, recipient_data, sender_name,
                                            duplex, filename),
            "ar24": _ar24(info, ref, recipient_data, sha256, filename),
        },
    }
    return block


def _unavailable(note: str) -> dict[str, Any]:
    return {"available": False, "note": note}


def _maileva(info: Channel, ref: str, recipient: AddressBlock | None,
             sender: AddressBlock | None, duplex: bool, address_sheet: bool,
             filename: str) -> dict[str, Any]:
    if info.electronic or recipient is None:
        return _unavailable("Maileva’s API products found are paper letters; whether it sells a"
                            " qualified electronic registered letter is unconfirmed.")
    registered = info.code == "lrar"
    sending: dict[str, Any] = {
        "name": ref, "custom_id": ref,
        "color_printing": False, "duplex_printing": duplex,
        "optional_address_sheet": address_sheet,
    }
    unconfirmed = ["sender_country_code value format"]
    if registered:
        sending["acknowledgement_of_receipt"] = True
    else:
        unconfirmed += ["postage_type (the value for a tracked letter)", "envelope_windows_type"]
        if info.code == "lettre_suivie":
            sending["postage_type"] = None  # the tracked-letter value is not documented here
    if sender is not None:
        sending.update({f"sender_{k}": v for k, v in maileva_lines(sender).items()})
        sending["sender_country_code"] = "FR"
    rec = maileva_lines(recipient)
    rec["custom_id"] = ref
    return {
        "available": True,
        "endpoint": "/registered_mail/v4/sendings" if registered else "/mail/v2/sendings",
        "sending": sending,
        "recipient": rec,
        "document": {"multipart": "document", "metadata": {"priority": 1, "name": filename}},
        "unconfirmed": unconfirmed,
        "source": "ecosystem-research-2026-12 §5 (SendingCreation model of a generated SDK;"
                  " octolo/python-pymissive maileva.py)",
    }


def _merci_facteur(info: Channel, ref: str, case: Case, recipient: dict[str, Any],
                   sender_name: str, duplex: bool, filename: str) -> dict[str, Any]:
    if info.electronic:
        return _unavailable("Merci Facteur’s electronic modes (ere_otp_mail, ere_otp_sms) are a"
                            " simple-level ERE by its own description, not the qualified"
                            " service art. L100 requires.")
    mode = {"lrar": "lrar", "lettre_suivie": "suivi", "lettre_simple": "normal"}[info.code]
    d = case.debtor
    a = d.address
    middle = [x for x in (a.delivery_point, a.building, a.street, a.locality) if x]
    if len(middle) > 3:
        middle = middle[:2] + [", ".join(middle[2:])]
    dest: dict[str, Any] = {
        "civilite": recipient["civility"], "nom": recipient["last_name"]
        or (d.representative.name if d.is_company and d.representative else None),
        "prenom": recipient["first_name"], "societe": recipient["company"],
        **{f"adresse{k}": v for k, v in enumerate(middle, start=1)},
        "cp": a.postal_code, "ville": a.city + (f" CEDEX {a.cedex}" if a.cedex else "")
        if a.city else None,
        "pays": a.country or "FR", "email": d.email, "phone": d.phone, "reference": ref,
    }
    return {
        "available": True,
        "endpoint": "POST /sendCourrier",
        "body": {
            "modeEnvoi": mode,
            "designation": ref,
            "adress": {"exp": {"societe": sender_name}, "dest": [
                {k: v for k, v in dest.items() if v is not None}]},
            "content": {"letter": {"final_filename": filename, "base64files": ["<document>"],
                                   "print_sides": "rectoverso" if duplex else "recto"}},
        },
        "unconfirmed": ["pays (country name or ISO code)", "exp (an address-book id is the"
                        " documented form; the inline object is assumed)"],
        "source": "Merci Facteur API v1.2.7 doc (ecosystem-research-2026-12 §5)",
    }


def _ar24(info: Channel, ref: str, recipient: dict[str, Any], sha256: str,
          filename: str) -> dict[str, Any]:
    if not info.electronic:
        return _unavailable("AR24 sends electronic registered letters only.")
    professional = recipient["status"] == "professionnel"
    body: dict[str, Any] = {
        "to_email": recipient["email"],
        "to_firstname": recipient["first_name"],
        "to_lastname": recipient["last_name"],
        "to_company": recipient["company"],
        "dest_statut": "professionnel" if professional else "particulier",
        "ref_dossier": ref,
        "eidas": True,
        "attachment": {"filename": filename, "sha256": sha256},
    }
    return {
        "available": True,
        "endpoint": "POST /mail",
        "body": {k: v for k, v in body.items() if v is not None},
        "match_proof": {"full_hash_sha256": sha256},
        "unconfirmed": ["dest_statut value for a professional", "eidas (the flag's name)",
                        "attachment (uploaded first; its id goes in the mail call)",
                        "full_hash_sha256 (whether it is the document's hash)",
                        "authentication and base URL"],
        "source": "third-party AR24 SDK code (ecosystem-research-2026-12 §5)",
    }


def delivery(mailing: Any, case: Case, postage_options: Any, postage: dict[str, Any] | None, *,
             filename: str, sha256: str, pages: int) -> dict[str, Any]:
    """The ``delivery`` answer of a document sent as ``mailing``
    (:class:`service.postage.Mailing`); a tracked letter's ``postage.service`` says so."""
    channel = mailing.travels_by
    if postage is not None and CHANNEL_INFO[channel].postal_service:
        postage["service"] = CHANNEL_INFO[channel].postal_service
    return delivery_answer(
        case=case, channel=channel, sender_name=mailing.sender_name,
        sender_address=mailing.sender_address, sender_path=mailing.sender_path,
        filename=filename, sha256=sha256, pages=pages, postage=postage,
        recipient_attention=mailing.recipient_attention, duplex=postage_options.duplex,
        address_sheet=bool(postage["address_sheet"]) if postage is not None
        else bool(postage_options.address_sheet))


def delivery_answer(*, case: Case, channel: str, sender_name: str, sender_address: Any,
                    sender_path: str, filename: str, sha256: str, pages: int,
                    postage: dict[str, Any] | None, recipient_attention: str | None = None,
                    duplex: bool = False, address_sheet: bool = False) -> dict[str, Any]:
    """:func:`delivery_block` with the address blocks built here (an electronic letter whose
    postal address cannot be laid out still travels: its lines are then None)."""
    from service.errors import CaseInvalid
    from service.postage.address import address_lines

    def block(name: str, address: Any, path: str, attention: str | None = None
              ) -> AddressBlock | None:
        try:
            return address_lines(name, address, attention=attention, path=path)
        except CaseInvalid:
            if CHANNEL_INFO[channel].electronic:
                return None
            raise

    d = case.debtor
    recipient = block(d.display_name, d.address, "case.debtor.address", recipient_attention)
    sender = block(sender_name, sender_address, sender_path)
    return delivery_block(case=case, channel=channel, filename=filename, sha256=sha256,
                          pages=pages, postage=postage, recipient=recipient, sender=sender,
                          sender_name=sender_name, duplex=duplex, address_sheet=address_sheet)

"""W7: when a letter gets an address sheet (feuille porte-adresse) in front of it, and where
the sheet prints the address (data: the parameter ``poste/address_rules.yaml``, ``c4_address_sheet``)."""

from __future__ import annotations

from typing import Any

from service.errors import CaseInvalid
from service.model import Warning
from service.postage.address import rules
from service.postage.weight import letter_weight


def wants_address_sheet(option: bool | None, *, pages: int, duplex: bool = False) -> bool:
    """``options.postage.address_sheet`` as given, or by default: yes when the letter alone
    goes in a C4 (more than 5 sheets), where it is posted flat and its page 1 is not placed
    for a window."""
    if option is not None:
        return option
    try:
        return letter_weight(pages, duplex=duplex).envelope == "C4"
    except CaseInvalid:  # too heavy: the postage answer says so
        return False


def sheet_geometry() -> dict[str, dict[str, float]]:
    """Where the sheet prints the sender, the address block and the mention, in mm from the
    sheet's top-left corner."""
    data: dict[str, Any] = rules()["c4_address_sheet"]
    return {k: {a: float(v) for a, v in data[k].items()}
            for k in ("block_mm", "sender_mm", "mention_mm")}


def sheet_warning(path: str = "options.postage.address_sheet") -> Warning:
    """The C4 window's position is not verified: the answer says so (never the document)."""
    return Warning(
        code="address_sheet_window_unverified",
        message_fr="Feuille porte-adresse ajoutée en tête\u00a0: la position de la fenêtre des "
        "enveloppes C4 n’est pas vérifiée (bloc adresse placé comme pour la fenêtre DL, à "
        "20\u00a0mm du bord droit)\u00a0; contrôlez-la sur l’enveloppe utilisée.",
        message_en="Address sheet added in front: the window position of C4 envelopes is not "
        "verified (block placed as for the DL window, 20 mm from the right edge); check it "
        "against the envelope used.",
        path=path,
    )


__all__ = ["sheet_geometry", "sheet_warning", "wants_address_sheet"]

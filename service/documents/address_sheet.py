"""W7: a letter posted flat in a C4 envelope: rendered again without its fold marks, and, when
``options.postage.address_sheet`` asks for it (by default: in a C4), with an address sheet in
front whose block sits where the C4 window shows it (:mod:`service.postage.address_sheet`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from service.model import Warning
from service.pdf.bundle import assemble_bundle
from service.pdf.compose import Composed, Html, Part, compose, render_html
from service.pdf.render import Anchor, Renderer
from service.postage.address import address_lines
from service.postage.address_sheet import sheet_geometry, sheet_warning, wants_address_sheet
from service.postage.mailing import Mailing
from service.postage.weight import letter_weight

SHEET_STYLESHEETS = ("css/letter.css", "css/address_sheet.css")
C4_STYLESHEET = "css/letter_c4.css"


@dataclass(frozen=True)
class Posted:
    """The letter as posted: its PDF (with the sheet in front, if any), its page count, its
    anchors (the seal moved one page on; ``recipient``: the sheet's block), whether a sheet was
    added, and the warnings that go with it."""

    composed: Composed
    address_sheet: bool
    letter_pages: int  # the letter's own pages (the postage answer adds the sheet)
    warnings: tuple[Warning, ...] = ()


def _is_c4(pages: int, *, duplex: bool, sheet: bool) -> bool:
    try:
        return letter_weight(pages, duplex=duplex, address_sheet=sheet).envelope == "C4"
    except Exception:  # too heavy: the postage answer raises it with its path
        return False


def post_flat(parts: tuple[Part, ...], composed: Composed, mailing: Mailing,
              postage_options: Any, renderer: Renderer, *, pdfa: bool,
              variant: str) -> Posted:
    """``composed`` as rendered when the letter goes in a DL; otherwise rendered again for a
    C4 (no fold marks) with the address sheet in front when it is wanted."""
    duplex = bool(postage_options.duplex)
    sheet = wants_address_sheet(postage_options.address_sheet, pages=composed.pages,
                                duplex=duplex)
    front = parts[0] if parts and isinstance(parts[0], Html) else None
    if front is None or not _is_c4(composed.pages, duplex=duplex, sheet=sheet):
        return Posted(composed, address_sheet=False, letter_pages=composed.pages)
    flat = replace(front, stylesheets=(*front.stylesheets, C4_STYLESHEET))
    composed = compose((flat, *parts[1:]), renderer, pdfa=pdfa, variant=variant)
    if not sheet:
        return Posted(composed, address_sheet=False, letter_pages=composed.pages)
    sheet_part = _sheet_part(front, mailing, composed.pages)
    sheet_pdf, _, sheet_anchors = render_html(sheet_part, renderer, pdfa=pdfa)
    context = front.context
    bundle = assemble_bundle(
        [("Feuille porte-adresse", sheet_pdf), (front.bookmark or context["meta"]["title"],
                                                composed.pdf)],
        [], reference=str(context.get("reference", "")), title=context["meta"]["title"])
    anchors: dict[str, Anchor] = {
        name: replace(a, page=a.page + 1) for name, a in composed.anchors.items()}
    if "recipient" in sheet_anchors:
        anchors["recipient"] = sheet_anchors["recipient"]
    return Posted(Composed(bundle.pdf, bundle.pages, anchors), address_sheet=True,
                  letter_pages=composed.pages, warnings=(sheet_warning(),))


def _sheet_part(front: Html, mailing: Mailing, letter_pages: int) -> Html:
    ctx = front.context
    sender = address_lines(mailing.sender_name, mailing.sender_address, path=mailing.sender_path)
    context = {
        "meta": ctx["meta"], "footer": "", "draft": None,
        "geometry": sheet_geometry(),
        "sender_lines": sender.lines,
        "recipient_lines": ctx["recipient_lines"],
        "lrar": ctx.get("lrar"),
        "reference": ctx.get("reference", ""),
        "letter_date": ctx.get("letter_date", ""),
        "letter_pages": letter_pages,
    }
    return Html("address_sheet/sheet.html", context, stylesheets=SHEET_STYLESHEETS,
                anchors=("recipient",))


__all__ = ["Posted", "post_flat"]

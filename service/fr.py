"""French formatting for documents: amounts, dates, rates, amounts in words, typography."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

NBSP = "\u00a0"  # before « : ; ? ! » and between an amount and €
NNBSP = "\u202f"  # thousands separator (babel's fr locale) and inside « guillemets »
CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    """The one rounding rule of the service: to the cent, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal | None) -> str:
    """« 4 834,72 € » with a narrow no-break space between thousands and a no-break space
    before the euro sign."""
    if amount is None:
        return ""
    q = round_cents(amount)
    return format_decimal(q, format="#,##0.00", locale="fr_FR") + NBSP + "€"


def date_long(d: date | None) -> str:
    """« 20 novembre 2026 », « 1er novembre 2026 »."""
    if d is None:
        return ""
    text = format_date(d, "d MMMM y", locale="fr")
    if d.day == 1:
        text = "1er" + text[1:]
    return text


def date_short(d: date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def percent(rate: Decimal | None) -> str:
    """0.124 -> « 12,40 % »."""
    if rate is None:
        return ""
    pct = (rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_decimal(pct, format="0.00", locale="fr_FR") + NBSP + "%"


def number_in_words(n: int) -> str:
    """3 -> « trois »."""
    return str(num2words(n, lang="fr"))


def amount_in_words(amount: Decimal) -> str:
    """« quatre mille huit cent trente-quatre euros et soixante-douze centimes »."""
    q = round_cents(amount)
    euros = int(q)
    cents = int((q - euros) * 100)
    words = num2words(euros, lang="fr")
    unit = "euro" if euros in (0, 1) else "euros"
    if words.endswith(("million", "millions", "milliard", "milliards")):
        unit = "d’euros"
    text = f"{words} {unit}"
    if cents:
        text += f" et {num2words(cents, lang='fr')} centime{'s' if cents > 1 else ''}"
    return text


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def apostrophes(text: str) -> str:
    """The typographic apostrophe (’) for the straight one between two letters: « d’Auxerre »."""
    return _APOSTROPHE.sub("’", text)


def prose(text: str) -> str:
    """Text the service writes itself (court names, warnings): typographic apostrophes and the
    spacing of :func:`typo`. Case data is quoted as written, through :func:`typo` alone."""
    return typo(apostrophes(text))


_PUNCT = re.compile(r"\s*([:;?!])")
_OPEN_Q = re.compile(r"«\s*")
_CLOSE_Q = re.compile(r"\s*»")
_NUMERO = re.compile(r"\b([nN]°s?) +(?=\w)")


def typo(text: str | None) -> str:
    """French typography for free text: no-break spaces before « : ; ? ! », inside
    guillemets and after « n° »; straight quotes left as they are (case data is quoted, not
    rewritten)."""
    if not text:
        return ""
    text = _PUNCT.sub(lambda m: NBSP + m.group(1), text)
    # undo for URLs and times written with a colon (http://, 09:30)
    text = re.sub(r"(\w)" + NBSP + r":(//|\d)", r"\1:\2", text)
    text = _OPEN_Q.sub("«" + NNBSP, text)
    text = _CLOSE_Q.sub(NNBSP + "»", text)
    text = _NUMERO.sub(lambda m: m.group(1) + NBSP, text)
    return text

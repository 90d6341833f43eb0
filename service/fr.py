"""French formatting for documents: amounts, dates, rates, amounts in words, typography."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape, unescape

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

NBSP = "\u00a0"  # before « : ; ? ! », after « n° », between an amount and €
MINUS = "\u2212"  # a negative amount (« −750,00 € »)
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
    text = format_decimal(abs(q), format="#,##0.00", locale="fr_FR") + NBSP + "€"
    return MINUS + text if q < 0 else text  # LR12: the minus sign, not a hyphen


def date_long(d: date | None) -> str:
    """« 20 novembre 2026 », « 1er novembre 2026 »."""
    if d is None:
        return ""
    text = format_date(d, "d MMMM y", locale="fr")
    if d.day == 1:
        text = "1er" + text[1:]
    return text


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def date_with_weekday(d: date) -> str:
    """« dimanche 20 décembre 2026 »."""
    return f"{_WEEKDAYS[d.weekday()]} {date_long(d)}"


def date_short(d: date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def percent(rate: Decimal | None) -> str:
    """0.124 -> « 12,40 % »."""
    if rate is None:
        return ""
    pct = (rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_decimal(pct, format="0.00", locale="fr_FR") + NBSP + "%"


def percent_short(rate: Decimal) -> str:
    """A rate as an invoice prints it, without trailing zeros: 0.20 -> « 20 % », 0.055 ->
    « 5,5 % », 0.0175 -> « 1,75 % »."""
    pct = (rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_decimal(pct, format="0.##", locale="fr_FR") + NBSP + "%"


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
    """Text the service writes itself (court names, warnings): the same rules as :func:`typo`
    (kept as a name: the callers say the text is the service's own)."""
    return typo(text)


# One spacing rule before « : ; ? ! » (T4): a no-break space (U+00A0), whatever space the text
# had (none, a space, a narrow no-break space).
_PUNCT = re.compile(r"[ \t\n\u00a0\u202f]*([:;?!])(?=[\s»)\]?!]|$)")
_OPEN_Q = re.compile(r"«[ \t\u00a0\u202f]*")
_CLOSE_Q = re.compile(r"[ \t\u00a0\u202f]*»")
_NUMERO = re.compile(r"\b([nN]°s?)[ \t\n]+(?=\w)")
_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
           "|décembre")
# P11: a date (day, month, year), an article and its number are never split across lines
_DAY_MONTH = re.compile(rf"(?<![\w-])(\d{{1,2}}|1er)[ \t\n]+(?=(?:{_MONTHS})\b)")
_MONTH_YEAR = re.compile(rf"\b({_MONTHS})[ \t\n]+(?=\d{{4}}\b)")
_ARTICLE = re.compile(r"(?<![\w-])((?:[Aa]rticles?|[Aa]rt\.|[Aa]linéas?|al\.|§|[Pp]ièces?"
                      r"|[Pp]oints?|[Pp]ages?|[LRDA]\.)|Cerfa)[ \t\n]+(?=[LRDA]?\.?\d)")
# T10: telephone numbers (« 04 72 00 00 00 », « +33 4 72 00 00 00 »), SIREN / SIRET and the
# RCS town with its number are never cut
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{2,3}[ \u00a0.]\d|0\d)(?:[ \u00a0.]\d{2}){4}(?!\d)")
_SIREN = re.compile(r"(?<![\d,])\d{3}[ \u00a0]\d{3}[ \u00a0]\d{3}(?:[ \u00a0]\d{5})?(?![\d,])")
_RCS = re.compile(r"\b((?:RCS|SIREN|SIRET)(?:[ \u00a0][^\W\d_][\w’'-]*){0,3})[ \t]+(?=\d{3}"
                  r"[ \u00a0]\d{3}[ \u00a0]\d{3})")
# LR18: a street number stays with its street (« 5 quai Saint-Antoine »), « lot 10 » together
_STREET = re.compile(r"(?<![\w,.-])(\d{1,4}(?:[ \u00a0]?(?:bis|ter|quater))?)[ \t\n]+(?=(?:rue|quai|avenue"
                     r"|av\.|boulevard|bd|place|allée|chemin|impasse|route|cours|square|passage"
                     r"|voie|esplanade|parvis|promenade|sentier|faubourg|mail|rond-point)\b)",
                     re.IGNORECASE)
_DASH = re.compile(r"(?<= )\u2014[ \t\n]+")
_TEL = re.compile(r"\b(Tél\.|Fax)[ \t\n]+(?=[+\d])")
_LOT = re.compile(r"(?<![\w-])([Ll]ots?)[ \t\n]+(?=\d)")
_SPACES = re.compile(r"[ \t\n]")
_CODE = re.compile(r"\b(C\.|CPC|CPCE|CGI)[ \t\n]+(?=(?:civ|com|consom|trav|pr|art)\b\.?)")


def _glue(match: re.Match[str]) -> str:
    return _SPACES.sub(NBSP, match.group(0))


def typo(text: str | None) -> str:
    """French typography for any text, the service's or the case's (the raw case text stays
    in the case and the PDF's metadata): typographic apostrophes (T2); a no-break space before
    « : ; ? ! » (T4) and after « n° »; narrow no-break spaces inside guillemets (T3)."""
    if not text:
        return ""
    text = apostrophes(text)
    # only punctuation that ends a word: URLs, times and query strings keep theirs (http://,
    # 09:30, ?a=1)
    text = _PUNCT.sub(lambda m: NBSP + m.group(1), text)
    text = _OPEN_Q.sub("«" + NNBSP, text)
    text = _CLOSE_Q.sub(NNBSP + "»", text)
    return _NUMERO.sub(lambda m: m.group(1) + NBSP, text)


def keep_together(text: str) -> str:
    """No line break inside a date (day, month, year), « article 9 », « C. civ. », a telephone
    number, a SIREN or an RCS mention (P11, T10): no-break spaces, for the printed page only
    (the API's strings keep their plain spaces)."""
    text = _DAY_MONTH.sub(lambda m: m.group(1) + NBSP, text)
    text = _MONTH_YEAR.sub(lambda m: m.group(1) + NBSP, text)
    text = _ARTICLE.sub(lambda m: m.group(1) + NBSP, text)
    text = _CODE.sub(lambda m: m.group(1) + NBSP, text)  # « C. civ. », « CPC art. »
    text = _PHONE.sub(_glue, text)
    text = _TEL.sub(lambda m: m.group(1) + NBSP, text)  # LR18: « Tél. » with its number
    text = _SIREN.sub(_glue, text)
    text = _RCS.sub(lambda m: _SPACES.sub(NBSP, m.group(1)) + NBSP, text)
    text = _STREET.sub(lambda m: m.group(1) + NBSP, text)
    # LR18: a separating dash goes with the next item, never alone at a line end
    text = _DASH.sub("\u2014" + NBSP, text)
    return _LOT.sub(lambda m: m.group(1) + NBSP, text)


# --------------------------------------------------------------------------- the printed HTML

_TAG = re.compile(r"(<[^>]*>)")
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)
# T1: ordinals set as superscripts by a raised, smaller span that keeps the text layer « 1er »
# (pdftotext and pypdf read the letters on: ``vertical-align`` keeps them in the painting order,
# where ``position: relative`` painted them last; ``line-height: 0`` keeps the line's height).
# The Liberation fonts' ``sups`` feature has digits only: ``font-variant-position`` would change
# nothing.
_ORDINAL = re.compile(r"(?<![\w-])(\d{1,3})(er|re|e|nd|nde)(?![\w-])")
ORDINAL_STYLE = "vertical-align: 0.35em; font-size: 0.72em; line-height: 0"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NOWRAP_STYLE = "white-space: nowrap"


def _typeset_text(raw: str) -> str:
    text = escape(keep_together(typo(unescape(raw))), quote=False)
    text = _ORDINAL.sub(
        lambda m: f'{m.group(1)}<span style="{ORDINAL_STYLE}">{m.group(2)}</span>', text)
    return _EMAIL.sub(lambda m: f'<span style="{NOWRAP_STYLE}">{m.group(0)}</span>', text)


def typeset_html(html: str) -> str:
    """:func:`typo` and :func:`keep_together` applied to every text node of the rendered
    ``<body>`` (templates' own words and case data alike), ordinals raised (T1) and e-mail
    addresses kept on one line (T10). Tags and attribute values are left as they are, and so
    is the ``<head>`` (the metadata keeps the text as written)."""
    start = _BODY.search(html)
    if start is None:
        return html
    head, body = html[:start.end()], html[start.end():]
    pieces = _TAG.split(body)
    out = []
    for i, piece in enumerate(pieces):
        out.append(piece if i % 2 or not piece.strip() else _typeset_text(piece))
    return head + "".join(out)

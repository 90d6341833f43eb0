"""NF Z10-011 address blocks: the lines printed in the envelope window.

Rules (``shared/reference/lrar.md`` §2, data in the parameter ``poste/address_rules.yaml``):

1. name (company name, or « M. Jean DUPONT »)
2. attention / delivery point (person, service, apartment, « chez … »)
3. building (entrance, building, residence, industrial zone)
4. number + street
5. locality, BP, lieu-dit
6. ``POSTCODE CITY [CEDEX nn]`` (the CEDEX code is given as the postal code)
7. abroad only: the country, in French

Empty lines are dropped; every line is in unaccented capitals, at most 38 characters; from line
4 down only letters, digits and spaces. Lines 1-3 that are too long are shortened at a word
boundary with a warning, after the usual abbreviations (W6); lines 4 and below are never
cut (an address that cannot be made to fit raises :class:`~service.errors.CaseInvalid` naming the field).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from service.errors import CaseInvalid, FieldError, field_error
from service.fr import NBSP
from service.law.parameters import load, names
from service.model import Address, Warning

_FOLD = str.maketrans(
    {
        "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "Ø": "O", "ø": "o",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i",
        "’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'",
        "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
        "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
        "…": "...",
    }
)
_NOT_STRICT = re.compile(r"[^A-Z0-9]+")
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]+")
_SPACES = re.compile(r"\s+")
_FR_POSTCODE = re.compile(r"^\d{5}$")
_CEDEX_TAIL = re.compile(r"\s+CEDEX(?:\s+(\d{1,2}))?$")
# "12/14", "12-14", "4 A 8" (from "4 à 8"), "4 ET 6", "4 AU 8": keep the first number.
_NUMBER_RANGE = re.compile(r"^(\d+)\s*(?:[-/]|\s(?:A|AU|ET)\s)\s*\d+(?=\D|$)")
_NUMBER_LETTER = re.compile(r"^(\d+)([A-Z])(?=[^A-Z0-9]|$)")
# Words a shortened line must not end with.
_DANGLING = frozenset({"A", "AU", "AUX", "D", "DE", "DES", "DU", "ET", "EN", "L", "LA", "LE", "LES",
                       "OU", "SUR", "SOUS", "POUR", "PAR", "&", "-"})
_STREET_NUMBER = re.compile(r"^(\d+(?: [A-Z](?= ))?) (.*)$")


@dataclass(frozen=True)
class AddressBlock:
    """The address lines as printed, and the warnings raised while building them."""

    lines: tuple[str, ...]
    warnings: tuple[Warning, ...] = ()
    # the role of each line (name, attention, delivery_point, building, street, locality, city,
    # country): what a provider's positional address fields need
    roles: tuple[str, ...] = ()


@dataclass
class _Line:
    role: str  # name, attention, delivery_point, building, street, locality, city, country
    text: str
    path: str

    @property
    def free(self) -> bool:
        """Lines 1-3 of the norm: punctuation allowed, may be shortened with a warning."""
        return self.role in ("name", "attention", "delivery_point", "building")


@cache
def rules() -> dict[str, Any]:
    """The address rules (``poste/address_rules.yaml`` as it stands), read once."""
    data: dict[str, Any] = load(names.ADDRESS_RULES).values[-1].value
    return data


def _max_chars() -> int:
    return int(rules()["max_chars_per_line"])


# --------------------------------------------------------------------------- text cleaning


def fold(text: str) -> str:
    """Unaccented printable ASCII capitals with single spaces (punctuation kept)."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = _NOT_PRINTABLE_ASCII.sub(" ", text.upper())
    return _SPACES.sub(" ", text).strip()


def strict(text: str) -> str:
    """Unaccented capitals, letters digits and spaces only (lines 4 and below)."""
    return _SPACES.sub(" ", _NOT_STRICT.sub(" ", fold(text))).strip()


def _normalise_number(street: str) -> str:
    """``5 bis`` -> ``5 B``, ``12/14`` -> ``12``, ``4 à 8`` -> ``4``, ``5B`` -> ``5 B``."""
    s = fold(street)
    s = _NUMBER_RANGE.sub(r"\1", s)
    s = _NUMBER_LETTER.sub(r"\1 \2", s)
    suffixes: dict[str, str] = rules()["number_suffixes"]
    m = re.match(r"^(\d+)\s*(" + "|".join(suffixes) + r")(?=[^A-Z0-9]|$)", s)
    if m:
        s = f"{m.group(1)} {suffixes[m.group(2)]}{s[m.end():]}"
    return strict(s)


def _replace_word(text: str, word: str, abbr: str) -> str | None:
    """Replace the first whole-word occurrence of ``word``; None when absent."""
    new, n = re.subn(rf"(?<![A-Z0-9]){re.escape(word)}(?![A-Z0-9])", abbr, text, count=1)
    return new if n else None


def _abbreviate_words(text: str, table: dict[str, str]) -> str:
    """Abbreviate words of ``table`` one at a time (left to right) until the text fits."""
    limit = _max_chars()
    while len(text) > limit:
        best: tuple[int, str] | None = None
        for word in table:
            m = re.search(rf"(?<![A-Z0-9]){re.escape(word)}(?![A-Z0-9])", text)
            if m and table[word] != word and (best is None or m.start() < best[0]):
                best = (m.start(), word)
        if best is None:
            break
        text = _replace_word(text, best[1], table[best[1]]) or text
    return text


def _abbreviate_street(line: str) -> str:
    """Abbreviate a street line that does not fit: its street type, then title words.

    The street label (the line without its number) is abbreviated only when it exceeds 32
    characters (« AVENUE DES FLEURS » never becomes « AV DES FLEURS »).
    """
    data = rules()
    if len(line) <= _max_chars():
        return line
    m = _STREET_NUMBER.match(line)
    number, label = (m.group(1), m.group(2)) if m else ("", line)
    if len(label) <= int(data["street_label_abbreviate_above"]):
        return line
    types: dict[str, str] = data["street_types"]["values"]
    for street_type in sorted(types, key=len, reverse=True):
        if label == street_type or label.startswith(street_type + " "):
            label = types[street_type] + label[len(street_type):]
            break
    line = f"{number} {label}".strip()
    return _abbreviate_words(line, data["title_words"]["values"])


def _abbreviate_free(text: str) -> str:
    """W6: a free line (1-3) over the limit, abbreviated before any cut: the usual words
    (``name_words``), then without its punctuation and small words (``name_small_words``)."""
    data = rules()
    limit = _max_chars()
    abbreviated = _abbreviate_words(text, data["name_words"]["values"])
    if len(abbreviated) <= limit or abbreviated == text:  # a line with no usual word is cut
        return abbreviated
    text = abbreviated
    small = set(data["name_small_words"])
    words = [w for w in _SPACES.sub(" ", re.sub(r"[,;:.()]", " ", text)).split(" ") if w]
    kept = [w for w in words if w not in small and not w.endswith("'")] or words
    return " ".join(kept)


def _shorten_free(text: str) -> str:
    """The abbreviated line, cut if it must be, unless the plain cut keeps more of its words
    (« SOCIETE NOUVELLE DES ETABLISSEMENTS » rather than « STE NOUVELLE ETS »)."""
    small = set(rules()["name_small_words"])

    def kept(line: str) -> int:
        return sum(1 for w in line.split(" ") if w not in small)

    plain, abbreviated = _shorten(text), _shorten(_abbreviate_free(text))
    return abbreviated if kept(abbreviated) > kept(plain) else plain


# a name's second line begins best with the preposition that starts its complement
_PREPOSITIONS = frozenset({"DE", "DU", "DES", "D"})


def name_on_two_lines(text: str) -> tuple[str, str] | None:
    """An official name too long for one window line, on two lines cut at a word, unabbreviated
    (seventh reading 3): « GREFFE DU TRIBUNAL » / « DES ACTIVITES ECONOMIQUES DE LYON ». Among the
    cuts leaving both lines within the limit and the first not ending with a small word, the
    cut before a preposition (« de », « du », « des ») first, then the most even; None when the
    name fits on one line or on no two."""
    limit = _max_chars()
    folded = fold(text)
    if len(folded) <= limit:
        return None
    words = folded.split(" ")
    cuts = []
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        if len(first) > limit or len(second) > limit or words[i - 1] in _DANGLING:
            continue
        before_preposition = words[i].split("'")[0] in _PREPOSITIONS
        cuts.append((not before_preposition, max(len(first), len(second)), first, second))
    if not cuts:
        return None
    _, _, first, second = min(cuts)
    return first, second


def _shorten(text: str) -> str:
    """Cut a free line at a word boundary to the maximum length."""
    limit = _max_chars()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    words = cut[:limit].rstrip(" ,;:-&/.'\"(").split(" ")
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    cut = " ".join(words).rstrip(" ,;:-&/.'\"(")
    return cut or text[:limit]


# --------------------------------------------------------------------------- messages


def _q(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def _too_long(path: str, line: str) -> FieldError:
    limit = _max_chars()
    return field_error(
        path,
        "address_line_too_long",
        f"Ligne d’adresse trop longue ({len(line)} caractères, {limit} au plus après "
        f"abréviation){NBSP}: {_q(line)}.",
        f"Address line too long ({len(line)} characters, at most {limit} after "
        f"abbreviation): \"{line}\".",
    )


def _shortened_warning(path: str, original: str, short: str) -> Warning:
    limit = _max_chars()
    return Warning(
        code="address_line_shortened",
        message_fr=f"Ligne d’adresse de plus de {limit} caractères raccourcie{NBSP}: "
        f"{_q(original)} devient {_q(short)}.",
        message_en=f"Address line longer than {limit} characters shortened: "
        f"\"{original}\" becomes \"{short}\".",
        path=path,
    )


# --------------------------------------------------------------------------- lines 6 and 7


def _cedex(address: Address, city: str, path: str) -> tuple[str, str | None, FieldError | None]:
    """Split the CEDEX mention from the city; return (city, "CEDEX [nn]" or None, error)."""
    cedex_raw = strict(address.cedex or "")
    m = _CEDEX_TAIL.search(city)
    if m:  # "LYON CEDEX 03" written in the city
        city = city[: m.start()]
        if not cedex_raw:
            cedex_raw = f"CEDEX {m.group(1) or ''}".strip()
    if not cedex_raw:
        return city, None, None
    number = cedex_raw.removeprefix("CEDEX").strip()
    if number and not re.fullmatch(r"\d{1,2}", number):
        return city, None, field_error(
            f"{path}.cedex",
            "invalid_cedex",
            f"Mention CEDEX invalide{NBSP}: {_q(address.cedex or '')} (attendu {_q('CEDEX')} "
            "suivi éventuellement d’un numéro de bureau à un ou deux chiffres).",
            f"Invalid CEDEX mention: \"{address.cedex}\" (expected \"CEDEX\" optionally "
            "followed by a one- or two-digit office number).",
        )
    return city, f"CEDEX {number}".strip(), None


def _country_name(code: str) -> str | None:
    if code in rules()["not_countries"]:
        return None
    name = Locale("fr").territories.get(code)
    return strict(name) if name else None


def _last_lines(address: Address, path: str) -> tuple[list[_Line], list[FieldError]]:
    errors: list[FieldError] = []
    lines: list[_Line] = []
    country = (address.country or "FR").upper()
    abroad = country != "FR"
    city = strict(address.city or "")
    postcode = strict(address.postal_code or "")
    if not city:
        errors.append(field_error(f"{path}.city", "required", "Commune manquante.",
                                  "City missing."))
    if not abroad and not _FR_POSTCODE.match((address.postal_code or "").strip()):
        errors.append(field_error(
            f"{path}.postal_code", "invalid_postal_code",
            f"Code postal français invalide{NBSP}: cinq chiffres attendus.",
            "Invalid French postal code: five digits expected.",
        ))
        postcode = ""
    city, cedex, cedex_error = _cedex(address, city, path)
    if cedex_error:
        errors.append(cedex_error)
    last = " ".join(p for p in (postcode, city, cedex or "") if p)
    last = _abbreviate_words(last, rules()["last_lines_words"])
    if len(last) > _max_chars():
        errors.append(_too_long(f"{path}.city", last))
    if last:
        lines.append(_Line("city", last, f"{path}.city"))
    if abroad:
        name = _country_name(country)
        if name is None:
            errors.append(field_error(
                f"{path}.country", "invalid_country",
                f"Pays inconnu{NBSP}: {_q(country)} (code ISO 3166 alpha-2 attendu).",
                f"Unknown country: \"{country}\" (ISO 3166 alpha-2 code expected).",
            ))
        else:
            lines.append(_Line("country", name, f"{path}.country"))
    return lines, errors


# --------------------------------------------------------------------------- the block


def _merge_one(lines: list[_Line]) -> bool:
    """Merge two neighbouring lines into one that still fits; False when none can be."""
    limit = _max_chars()
    free = [i for i, ln in enumerate(lines) if ln.free and ln.role != "name"]
    for a, b in zip(free, free[1:], strict=False):
        if b == a + 1:
            joined = f"{lines[a].text}, {lines[b].text}"
            if len(joined) <= limit:
                lines[a] = _Line(lines[a].role, joined, lines[a].path)
                del lines[b]
                return True
    roles = [ln.role for ln in lines]
    if "street" in roles and "locality" in roles:
        s, loc = roles.index("street"), roles.index("locality")
        joined = f"{lines[s].text} {lines[loc].text}"
        if len(joined) <= limit:
            lines[s] = _Line("street", joined, lines[s].path)
            del lines[loc]
            return True
    return False


def _parent(path: str) -> str:
    return path[: -len(".address")] if path.endswith(".address") else path


def address_lines(
    name: str,
    address: Address,
    *,
    attention: str | None = None,
    path: str,
    name_path: str | None = None,
    attention_path: str | None = None,
    name_continued: str | None = None,
) -> AddressBlock:
    """The NF Z10-011 lines of ``name`` at ``address``.

    ``name_continued``: the second line of a name written on two (:func:`name_on_two_lines`,
    a court's greffe), kept whole and never merged with the lines below it.

    ``path`` is the JSON path of the address (``case.debtor.address``); errors name its
    fields. ``name_path`` defaults to the sibling ``name`` of the address
    (``case.debtor.name``), ``attention_path`` to ``path``.
    Raises :class:`CaseInvalid` listing every field that cannot be made to fit.
    """
    limit = _max_chars()
    name_path = name_path or f"{_parent(path)}.name"
    attention_path = attention_path or path
    errors: list[FieldError] = []
    abroad = (address.country or "FR").upper() != "FR"

    lines: list[_Line] = []
    for role, raw, field_path in (
        ("name", name, name_path),
        ("name", name_continued, name_path),
        ("attention", attention, attention_path),
        ("delivery_point", address.delivery_point, f"{path}.delivery_point"),
        ("building", address.building, f"{path}.building"),
    ):
        text = fold(raw or "")
        if text:
            lines.append(_Line(role, text, field_path))
    if not lines:
        errors.append(field_error(name_path, "required", "Nom du destinataire manquant.",
                                  "Addressee name missing."))

    if address.street and (street := _normalise_number(address.street)):
        street = _abbreviate_street(street)
        if len(street) > limit:
            errors.append(_too_long(f"{path}.street", street))
        lines.append(_Line("street", street, f"{path}.street"))
    if address.locality and (locality := strict(address.locality)):
        locality = _abbreviate_words(locality, rules()["last_lines_words"])
        if len(locality) > limit:
            errors.append(_too_long(f"{path}.locality", locality))
        lines.append(_Line("locality", locality, f"{path}.locality"))

    last, last_errors = _last_lines(address, path)
    errors += last_errors
    lines += last

    max_lines = int(rules()["max_lines_abroad" if abroad else "max_lines_domestic"])
    while len(lines) > max_lines and _merge_one(lines):
        pass
    if len(lines) > max_lines:
        errors.append(field_error(
            path, "address_too_many_lines",
            f"Adresse trop longue{NBSP}: {len(lines)} lignes, {max_lines} au plus "
            "(norme NF Z10-011).",
            f"Address too long: {len(lines)} lines, at most {max_lines} (NF Z10-011).",
        ))
    if errors:
        raise CaseInvalid(errors)

    warnings: list[Warning] = []
    out: list[str] = []
    roles: list[str] = []
    for ln in lines:
        text = ln.text
        if len(out) >= 3:  # lines 4 and below: no punctuation, whatever their role
            text = strict(text)
        if ln.free and len(text) > limit:
            short = _shorten_free(text)
            warnings.append(_shortened_warning(ln.path, text, short))
            text = short
        if text:
            out.append(text)
            roles.append(ln.role)
    return AddressBlock(lines=tuple(out), warnings=tuple(warnings), roles=tuple(roles))

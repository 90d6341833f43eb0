"""CSV exports of an accounting or invoicing tool: one invoice per row.

- Encoding UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's « Texte Unicode »),
  else Windows-1252; separator ``;``, ``,`` or tab,
  whichever the header line uses most.
- Amounts in French (« 1 234,56 », « 1234,56 € ») or with a decimal point; dates as ISO
  (2026-05-04) or French (04/05/2026).
- Columns (:data:`COLUMNS`): ``debtor_name, debtor_siren, debtor_street, debtor_postal_code,
  debtor_city, invoice_number, issue_date, due_date, amount_excl_tax, amount_incl_tax, paid``
  and optionally ``debtor_type, debtor_activity, debtor_legal_form, debtor_siret,
  debtor_vat_number, debtor_email, debtor_country, description, performed_on, paid_date``.
  Headers are matched case-insensitively; a ``mapping`` ``{"their header": "our column"}``
  renames the columns of another export.
- ``paid`` (already paid on the invoice) becomes a payment dated ``paid_date``, or the issue
  date with a warning; a fully paid invoice is left out, with a warning.

Every faulty row is reported at once (up to :data:`MAX_FAULTS`), as ``files[i].rows[n].column``
where ``n`` is the line number a spreadsheet shows (the header is line 1).
"""

from __future__ import annotations

import csv as std_csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from service.intake import values
from service.intake.model import (
    FileFault,
    IntakeInvalid,
    InvoiceRecord,
    Notice,
    Source,
    fault,
    too_large,
)

REQUIRED = ("debtor_name", "invoice_number", "issue_date", "due_date", "amount_incl_tax")
DOCUMENTED = ("debtor_name", "debtor_siren", "debtor_street", "debtor_postal_code",
              "debtor_city", "invoice_number", "issue_date", "due_date", "amount_excl_tax",
              "amount_incl_tax", "paid")
OPTIONAL = ("debtor_type", "debtor_activity", "debtor_legal_form", "debtor_siret",
            "debtor_vat_number", "debtor_email", "debtor_country", "description",
            "performed_on", "paid_date")
COLUMNS = DOCUMENTED + OPTIONAL
MAX_FAULTS = 100
TYPES = {"company": "company", "société": "company", "societe": "company",
         "entreprise": "company", "professionnel": "company", "individual": "individual",
         "particulier": "individual", "personne physique": "individual"}
ACTIVITIES = ("commercial", "artisanal", "liberal", "agricultural", "consumer")


def decode(data: bytes, src: Source) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IntakeInvalid([fault(src, "csv_encoding", "UTF-16 illisible.",
                                       "unreadable UTF-16.")]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise IntakeInvalid([fault(src, "csv_encoding",
                                   "encodage illisible : UTF-8 ou Windows-1252 attendu.",
                                   "unreadable encoding: UTF-8 or Windows-1252 expected.")]) from None


def delimiter(header: str) -> str:
    counts = {d: 0 for d in (";", ",", "\t")}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best


def mapping_of(raw: Any, prefix: str = "mapping") -> dict[str, str]:
    """``{"their header": "our column"}``, checked: every target must be a known column."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise IntakeInvalid([FileFault(prefix, "invalid_type", "Un objet JSON est attendu"
                                       " ({\"colonne de l’export\": \"colonne documentée\"}).",
                                       "A JSON object is expected ({\"export column\":"
                                       " \"documented column\"}).")])
    faults: list[FileFault] = []
    out: dict[str, str] = {}
    for key, target in raw.items():
        if not isinstance(target, str) or target.strip().lower() not in COLUMNS:
            faults.append(FileFault(
                f"{prefix}[{key!r}]".replace("'", '"'), "unknown_column",
                f"Colonne cible inconnue : {target!r} (colonnes : {', '.join(COLUMNS)}).",
                f"Unknown target column: {target!r} (columns: {', '.join(COLUMNS)})."))
            continue
        out[str(key).strip().lower()] = target.strip().lower()
    if faults:
        raise IntakeInvalid(list(faults))
    return out


def read_csv(data: bytes, src: Source, *, mapping: dict[str, str] | None = None,
             max_rows: int = 5000) -> tuple[list[InvoiceRecord], list[Notice]]:
    text = decode(data, src)
    first = text.split("\n", 1)[0]
    try:
        rows = list(_rows(text, delimiter(first)))
    except std_csv.Error as exc:
        raise IntakeInvalid([fault(src, "csv_unreadable", f"CSV illisible : {exc}.",
                                   f"unreadable CSV: {exc}.")]) from None
    if not rows:
        raise IntakeInvalid([fault(src, "csv_empty", "fichier vide.", "empty file.")])
    header_line, header = rows[0]
    mapping = mapping or {}
    names = [mapping.get(h.strip().lower(), h.strip().lower()) for h in header]
    seen: dict[str, int] = {}
    faults: list[FileFault] = []
    for i, n in enumerate(names):
        if n in seen and n in COLUMNS:
            faults.append(fault(src, "duplicate_column", f"colonne « {n} » en double.",
                                f"column '{n}' appears twice.", column=n, row=header_line))
        seen.setdefault(n, i)
    missing = [c for c in REQUIRED if c not in seen]
    for c in missing:
        faults.append(fault(src, "missing_column",
                            f"colonne obligatoire « {c} » absente (en-têtes lus : "
                            f"{', '.join(header)[:200]} ; un « mapping » peut renommer les"
                            " colonnes).",
                            f"required column '{c}' missing (headers read: "
                            f"{', '.join(header)[:200]}; a 'mapping' can rename columns).",
                            column=c, row=header_line))
    if faults:
        raise IntakeInvalid(faults)
    body = [(n, r) for n, r in rows[1:] if any(c.strip() for c in r)]
    if len(body) > max_rows:
        raise too_large(f"{src.name}: {len(body)} rows, at most {max_rows}"
                        " (RECOUVRE_INTAKE_MAX_ROWS).",
                        [fault(src, "too_many_rows", f"{len(body)} lignes, {max_rows} au plus.",
                               f"{len(body)} rows, at most {max_rows}.")])
    records: list[InvoiceRecord] = []
    notices: list[Notice] = []
    for line, cells in body:
        row = {n: (cells[i].strip() if i < len(cells) else "") for n, i in seen.items()}
        rec, row_faults, row_notices = _record(row, Source(src.index, src.name, "csv", line))
        faults += row_faults
        notices += row_notices
        if rec is not None:
            records.append(rec)
        if len(faults) >= MAX_FAULTS:
            break
    if faults:
        raise IntakeInvalid(faults[:MAX_FAULTS])
    return records, notices


def _rows(text: str, sep: str) -> Any:
    reader = std_csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    for cells in reader:
        yield reader.line_num, cells


def _record(row: dict[str, str], src: Source
            ) -> tuple[InvoiceRecord | None, list[FileFault], list[Notice]]:
    faults: list[FileFault] = []
    notices: list[Notice] = []

    def get(col: str) -> str | None:
        return values.clean(row.get(col)) or None

    def money(col: str) -> Decimal | None:
        try:
            v = values.amount(get(col))
        except ValueError:
            faults.append(fault(src, "invalid_amount",
                                f"montant illisible dans « {col} » : « {get(col)} » (attendu"
                                " « 1 234,56 » ou « 1234.56 »).",
                                f"unreadable amount in '{col}': '{get(col)}' (expected"
                                " '1 234,56' or '1234.56').", column=col))
            return None
        if v is not None and v < 0:
            faults.append(fault(src, "negative_amount", f"montant négatif dans « {col} ».",
                                f"negative amount in '{col}'.", column=col))
            return None
        return v

    def when(col: str) -> date | None:
        try:
            return values.day(get(col))
        except ValueError as exc:
            faults.append(fault(src, "invalid_date",
                                f"date illisible dans « {col} » : « {get(col)} » (attendu"
                                " JJ/MM/AAAA ou AAAA-MM-JJ).",
                                f"unreadable date in '{col}': '{get(col)}' ({exc}).",
                                column=col))
            return None

    for col in REQUIRED:
        if not get(col):
            faults.append(fault(src, "required", f"« {col} » vide.", f"'{col}' is empty.",
                                column=col))
    issue, due = when("issue_date"), when("due_date")
    performed, paid_date = when("performed_on"), when("paid_date")
    excl, incl, paid = money("amount_excl_tax"), money("amount_incl_tax"), money("paid")
    kind = get("debtor_type")
    party_type = None
    if kind:
        party_type = TYPES.get(kind.lower())
        if party_type is None:
            faults.append(fault(src, "invalid_choice", f"type de débiteur inconnu : « {kind} »"
                                " (company ou individual).", f"unknown debtor type: '{kind}'"
                                " (company or individual).", column="debtor_type"))
    activity = get("debtor_activity")
    if activity and activity.lower() not in ACTIVITIES:
        faults.append(fault(src, "invalid_choice", f"activité inconnue : « {activity} » "
                            f"({', '.join(ACTIVITIES)}).", f"unknown activity: '{activity}' "
                            f"({', '.join(ACTIVITIES)}).", column="debtor_activity"))
    if incl is not None and paid is not None and paid > incl:
        faults.append(fault(src, "paid_above_amount", f"« paid » ({paid}) dépasse le montant TTC"
                            f" ({incl}).", f"'paid' ({paid}) exceeds the amount including tax"
                            f" ({incl}).", column="paid"))
    if faults or issue is None or due is None or incl is None:
        return None, faults, notices
    number = get("invoice_number") or ""
    if paid is not None and paid == incl:
        notices.append(Notice("invoice_paid", f"Facture {number} ({src.label_fr()}) : entièrement"
                              " payée, elle n’est pas reprise.", f"Invoice {number}"
                              f" ({src.label_en()}): paid in full, left out.", file=src.name,
                              row=src.row))
        return None, faults, notices
    ids = values.company_ids([("0002", get("debtor_siren")), ("0009", get("debtor_siret"))],
                             get("debtor_vat_number"))
    if not party_type and ids:
        party_type = "company"
    buyer = values.prune({
        "type": party_type, "name": get("debtor_name"),
        "activity": activity.lower() if activity else None,
        "legal_form": get("debtor_legal_form"), **ids,
        "address": values.address([get("debtor_street")], get("debtor_postal_code"),
                                  get("debtor_city"), get("debtor_country")),
        "email": get("debtor_email"),
    })
    rec = InvoiceRecord(source=src, kind="invoice", number=number, issue_date=issue,
                        due_date=due, amount_incl_tax=incl, amount_excl_tax=excl,
                        description=values.clean(get("description"), 2000),
                        performed_on=performed, prepaid=paid or None, prepaid_date=paid_date,
                        buyer=buyer)
    return rec, faults, notices

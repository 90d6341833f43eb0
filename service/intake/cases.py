"""Cases from invoice records: one case per creditor and debtor.

- The creditor is the seller of the invoices (a CSV export has none: the ``case`` part gives
  it), the debtor the buyer; parties are told apart by SIREN, else VAT number, else name and
  postcode. Two invoices of one creditor with the same number are a 422 naming both files.
- Invoices are in due-date order; a credit note becomes a payment « avoir n° … » dated its
  issue date, on the invoice it names (BT-25) when the case holds it; a prepaid amount
  (BT-113) or a CSV ``paid`` becomes a payment on its invoice.
- The ``case`` part (defaults) is merged into every case: its values win over the files'
  (a replaced value is a warning), its ``reminders`` and ``evidence`` are added to every
  case, its ``payments`` go to the case holding the invoice they name.
- Each case is then loaded with the public case schema: a missing value only the user can
  supply (the debtor's activity, the signatory...) is a warning naming its path
  (``case.debtor.activity``); any other fault is a 422 naming the file (and row) it came
  from, or the ``case`` part.
"""

from __future__ import annotations

import base64
import copy
import re
import unicodedata
from decimal import Decimal
from typing import Any

from service import fr
from service.contract import load_case
from service.contract.case import InvoiceSchema
from service.errors import CaseInvalid, FieldError
from service.intake import values
from service.intake.model import (
    FileFault,
    IntakeInvalid,
    InvoiceRecord,
    Notice,
    Source,
    fault,
)

CASE_ORDER = ("reference", "as_of", "creditor", "debtor", "invoices", "payments", "terms",
              "reminders", "dispute", "grace_period_days", "signatory", "issuer", "court",
              "hearing", "lawyer", "evidence")
FROM_FILES = ("invoices",)
APPENDED = ("reminders", "evidence")
CSV_COLUMNS = {"debtor.name": "debtor_name", "debtor.siren": "debtor_siren",
               "debtor.siret": "debtor_siret", "debtor.vat_number": "debtor_vat_number",
               "debtor.email": "debtor_email", "debtor.type": "debtor_type",
               "debtor.activity": "debtor_activity", "debtor.legal_form": "debtor_legal_form",
               "debtor.address.street": "debtor_street",
               "debtor.address.postal_code": "debtor_postal_code",
               "debtor.address.city": "debtor_city", "debtor.address.country": "debtor_country",
               "number": "invoice_number", "issue_date": "issue_date", "due_date": "due_date",
               "amount_excl_tax": "amount_excl_tax", "amount_incl_tax": "amount_incl_tax",
               "description": "description", "performed_on": "performed_on",
               "amount": "paid", "date": "paid_date"}
CASE_PART = "case"
INVOICE_NOTICE_FIELDS = {"due_date_from_payment_terms": "due_date",
                         "performed_on_from_invoicing_period": "performed_on"}
LETTER_KIND = "mise_en_demeure"  # the kind whose mandatory mentions the warnings name


def performed_on_supported() -> bool:
    """Whether the case contract in this build has ``invoices[].performed_on``."""
    return "performed_on" in InvoiceSchema._declared_fields


def money(d: Decimal) -> str:
    """Two decimals when exact; otherwise as read (the schema then names the fault)."""
    q = d.quantize(Decimal("0.01"))
    return f"{q}" if q == d else f"{d}"


def _norm(text: str | None) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]", "", t.upper())


def party_key(p: dict[str, Any] | None) -> str:
    if not p:
        return ""
    siren = values.digits(p.get("siren")) or values.digits(p.get("siret"))[:9]
    if siren:
        return "siren:" + siren
    if p.get("vat_number"):
        return "vat:" + _norm(p["vat_number"])
    postcode = (p.get("address") or {}).get("postal_code") if isinstance(p.get("address"), dict) \
        else None
    return f"name:{_norm(p.get('name'))}|{_norm(postcode)}"


def merge(base: Any, over: Any, path: str, replaced: list[str]) -> Any:
    """``over`` merged into ``base`` (``over`` wins; objects merged key by key); the paths of
    the values of ``base`` that ``over`` changed are appended to ``replaced``."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k), v, f"{path}.{k}", replaced) if k in base else copy.deepcopy(v)
        return out
    if base is not None and over is not None and str(base) != str(over):
        replaced.append(path)
    return copy.deepcopy(over) if over is not None else base


def _tokens(path: str) -> list[str | int]:
    out: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        out.append(int(index) if index else name)
    return out


def _lookup(data: Any, path: str) -> tuple[bool, Any]:
    cur = data
    for t in _tokens(path):
        if isinstance(t, int):
            if not isinstance(cur, list) or t >= len(cur):
                return False, None
        elif not isinstance(cur, dict) or t not in cur:
            return False, None
        cur = cur[t]
    return True, cur


class _Case:
    """One case being built: its raw JSON and where each part of it came from."""

    def __init__(self, creditor_key: str, debtor_key: str) -> None:
        self.keys = (creditor_key, debtor_key)
        self.records: list[InvoiceRecord] = []
        self.raw: dict[str, Any] = {}
        self.origins: dict[str, Source | str] = {}
        self.notices: list[Notice] = []


def build_cases(records: list[InvoiceRecord], notices: list[Notice],
                defaults: dict[str, Any] | None) -> dict[str, Any]:
    """``{"cases": [...], "warnings": [...]}`` from the records of every file."""
    defaults = copy.deepcopy(defaults) if defaults else {}
    notices = list(notices)
    faults: list[FieldError] = []
    for key in FROM_FILES:
        if key in defaults:
            faults.append(FileFault(f"{CASE_PART}.{key}", "from_files",
                                    "Les factures viennent des fichiers, pas de la partie « case ».",
                                    "Invoices come from the files, not from the 'case' part."))
    creditor_default = defaults.get("creditor") if isinstance(defaults.get("creditor"), dict) else {}
    debtor_default = defaults.get("debtor") if isinstance(defaults.get("debtor"), dict) else {}

    groups: dict[tuple[str, str], _Case] = {}
    numbers: dict[tuple[str, str], InvoiceRecord] = {}
    for rec in records:
        creditor = merge(rec.seller or {}, creditor_default, "", [])
        ckey, dkey = party_key(creditor), party_key(merge(rec.buyer or {}, debtor_default, "", []))
        first = numbers.get((ckey, rec.number))
        if first is not None:
            faults.append(fault(
                rec.source, "duplicate_invoice",
                f"numéro {rec.number} déjà lu dans {first.source.label_fr()} pour le même"
                " créancier.",
                f"number {rec.number} already read in {first.source.label_en()} for the same"
                " creditor."))
            continue
        numbers[(ckey, rec.number)] = rec
        if rec.kind == "invoice" and rec.prepaid is not None and rec.prepaid == rec.amount_incl_tax:
            notices.append(Notice(
                "invoice_paid", f"Facture {rec.number} ({rec.source.label_fr()}) : entièrement"
                " payée d’avance (BT-113), elle n’est pas reprise.", f"Invoice {rec.number}"
                f" ({rec.source.label_en()}): fully prepaid (BT-113), left out.",
                file=rec.source.name))
            continue
        groups.setdefault((ckey, dkey), _Case(ckey, dkey)).records.append(rec)
    if faults:
        raise IntakeInvalid(faults)

    built: list[_Case] = []
    warnings: list[Notice] = notices
    for case in groups.values():
        invoices = [r for r in case.records if r.kind == "invoice"]
        credits = [r for r in case.records if r.kind == "credit_note"]
        if not invoices:
            for r in credits:
                warnings.append(Notice(
                    "credit_note_without_invoice",
                    f"Avoir {r.number} ({r.source.label_fr()}) : aucune facture du même créancier"
                    " et du même débiteur parmi les fichiers ; il n’est pas repris.",
                    f"Credit note {r.number} ({r.source.label_en()}): no invoice of the same"
                    " creditor and debtor among the files; left out.", file=r.source.name))
            continue
        _fill(case, invoices, credits, faults)
        built.append(case)
    if faults:
        raise IntakeInvalid(faults)

    _merge_defaults(built, defaults, faults)
    if faults:
        raise IntakeInvalid(faults)
    out_cases: list[dict[str, Any]] = []
    for index, case in enumerate(built):
        _validate(case, defaults, faults)
        for n in case.notices:
            n.case_index = index
            warnings.append(n)
        out_cases.append(case.raw)
    if faults:
        raise IntakeInvalid(faults)
    return {"cases": out_cases, "warnings": [w.as_dict() for w in warnings]}


def _fill(case: _Case, invoices: list[InvoiceRecord], credits: list[InvoiceRecord],
          faults: list[FieldError]) -> None:
    invoices.sort(key=lambda r: (r.due_date, r.issue_date, r.number))
    with_seller = next((r for r in invoices + credits if r.seller), None)
    buyer_rec = next((r for r in invoices + credits if r.buyer), None)
    raw: dict[str, Any] = {}
    if with_seller is not None:
        raw["creditor"] = copy.deepcopy(with_seller.seller)
        case.origins["creditor"] = with_seller.source
        bank = next((r.bank for r in invoices + credits if r.bank), None)
        if bank:
            raw["creditor"]["bank"] = dict(bank)
    if buyer_rec is not None:
        debtor: dict[str, Any] = copy.deepcopy(buyer_rec.buyer or {})
        case.origins["debtor"] = buyer_rec.source
        for r in invoices + credits:
            if r is buyer_rec or not r.buyer:
                continue
            conflicts = _fill_gaps(debtor, r.buyer, "case.debtor")
            if conflicts:
                case.notices.append(Notice(
                    "debtor_details_differ",
                    f"Le débiteur n’a pas les mêmes coordonnées dans {buyer_rec.source.label_fr()}"
                    f" et {r.source.label_fr()} ({', '.join(conflicts[:5])}) ; celles de la"
                    " première sont reprises.",
                    f"The debtor's details differ between {buyer_rec.source.label_en()} and"
                    f" {r.source.label_en()} ({', '.join(conflicts[:5])}); the first one's are"
                    " taken.", path=conflicts[0], file=r.source.name, row=r.source.row))
        raw["debtor"] = debtor
    with_performed = performed_on_supported()
    raw["invoices"] = []
    payments: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    for i, r in enumerate(invoices):
        inv: dict[str, Any] = {"number": r.number, "issue_date": r.issue_date.isoformat(),
                               "due_date": r.due_date.isoformat()}
        if r.amount_excl_tax is not None:
            inv["amount_excl_tax"] = money(r.amount_excl_tax)
        inv["amount_incl_tax"] = money(r.amount_incl_tax)
        if r.description:
            inv["description"] = r.description
        if with_performed and r.performed_on:
            inv["performed_on"] = r.performed_on.isoformat()
        raw["invoices"].append(inv)
        case.origins[f"invoices[{i}]"] = r.source
        for n in r.notices:
            if n.path is None and n.code in INVOICE_NOTICE_FIELDS:
                n.path = f"case.invoices[{i}].{INVOICE_NOTICE_FIELDS[n.code]}"
        case.notices += r.notices
        if r.prepaid:
            if r.prepaid > r.amount_incl_tax:
                faults.append(fault(r.source, "prepaid_above_amount",
                                    f"montant payé d’avance ({r.prepaid}) supérieur au total TTC"
                                    f" ({r.amount_incl_tax}).", f"prepaid amount ({r.prepaid})"
                                    f" above the total including tax ({r.amount_incl_tax})."))
                continue
            pay: dict[str, Any] = {"date": (r.prepaid_date or r.issue_date).isoformat(),
                                   "amount": money(r.prepaid), "invoice": r.number}
            if r.source.fmt != "csv":
                pay["method"] = "acompte"
            case.origins[f"payments[{len(payments)}]"] = r.source
            if r.prepaid_date is None:
                what_fr = "payé d’avance (BT-113)" if r.source.fmt != "csv" else "déjà payé (paid)"
                what_en = "prepaid (BT-113)" if r.source.fmt != "csv" else "already paid (paid)"
                case.notices.append(Notice(
                    "payment_dated_issue_date",
                    f"Facture {r.number} ({r.source.label_fr()}) : {fr.money(r.prepaid)} {what_fr}"
                    " sans date ; le paiement est daté du jour d’émission"
                    f" ({fr.date_long(r.issue_date)}), ce qui ne fait courir aucune pénalité sur"
                    " cette somme."
                    " Corrigez la date si vous la connaissez.",
                    f"Invoice {r.number} ({r.source.label_en()}): {money(r.prepaid)} EUR {what_en}"
                    f" without a date; the payment is dated the issue date"
                    f" ({r.issue_date.isoformat()}), so no penalty runs on that sum. Correct the"
                    " date if you know it.",
                    path=f"case.payments[{len(payments)}].date", file=r.source.name,
                    row=r.source.row))
            payments.append(pay)
        if r.pdf is not None:
            evidence.append(_piece(r))
    numbers = {r.number for r in invoices}
    for r in credits:
        target = next((n for n in r.preceding if n in numbers), None)
        pay = {"date": r.issue_date.isoformat(), "amount": money(r.amount_incl_tax)}
        if target:
            pay["invoice"] = target
        pay["method"] = f"avoir n° {r.number}"[:60]
        case.origins[f"payments[{len(payments)}]"] = r.source
        case.notices += r.notices
        case.notices.append(Notice(
            "credit_note_applied",
            f"Avoir {r.number} ({r.source.label_fr()}) de {fr.money(r.amount_incl_tax)} porté en"
            f" déduction au {fr.date_long(r.issue_date)}"
            + (f" sur la facture {target}." if target else
               " ; il ne vise aucune facture du dossier (BT-25) : il est imputé sur la plus"
               " ancienne (C. civ. 1342-10)."),
            f"Credit note {r.number} ({r.source.label_en()}) of {money(r.amount_incl_tax)} EUR"
            f" deducted on {r.issue_date.isoformat()}"
            + (f" from invoice {target}." if target else
               "; it names no invoice of the case (BT-25): it goes to the oldest (C. civ."
               " 1342-10)."),
            path=f"case.payments[{len(payments)}]", file=r.source.name))
        payments.append(pay)
        if r.pdf is not None:
            evidence.append(_piece(r))
    raw["payments"] = payments
    raw["evidence"] = evidence
    case.raw = raw
    case.records = invoices + credits


def _fill_gaps(target: dict[str, Any], other: dict[str, Any], path: str) -> list[str]:
    """Copy into ``target`` what only ``other`` has; the paths where both differ."""
    conflicts: list[str] = []
    for k, v in other.items():
        if k not in target:
            target[k] = copy.deepcopy(v)
        elif isinstance(v, dict) and isinstance(target[k], dict):
            conflicts += _fill_gaps(target[k], v, f"{path}.{k}")
        elif str(v) != str(target[k]):
            conflicts.append(f"{path}.{k}")
    return conflicts


def _piece(r: InvoiceRecord) -> dict[str, Any]:
    title = ("Facture n° " if r.kind == "invoice" else "Avoir n° ") + r.number
    assert r.pdf is not None
    return {"title": title, "date": r.issue_date.isoformat(), "media_type": "application/pdf",
            "content_base64": base64.b64encode(r.pdf).decode("ascii")}


def _merge_defaults(cases: list[_Case], defaults: dict[str, Any], faults: list[FieldError]) -> None:
    several = len(cases) > 1
    holder: dict[str, int] = {}
    for i, case in enumerate(cases):
        for inv in case.raw["invoices"]:
            holder[inv["number"]] = i
    extra_payments: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for j, p in enumerate(defaults.get("payments") or [] if isinstance(
            defaults.get("payments"), list) else []):
        target = p.get("invoice") if isinstance(p, dict) else None
        if isinstance(target, str) and target.strip() in holder:
            extra_payments.setdefault(holder[target.strip()], []).append((j, p))
        elif isinstance(target, str) and target.strip():
            faults.append(FileFault(f"{CASE_PART}.payments[{j}].invoice", "unknown_invoice",
                                    f"Le paiement vise la facture {target}, absente des fichiers.",
                                    f"The payment names invoice {target}, absent from the files."))
        elif several:
            faults.append(FileFault(f"{CASE_PART}.payments[{j}].invoice", "required",
                                    "Les fichiers donnent plusieurs dossiers : indiquez la facture"
                                    " que ce paiement règle.", "The files give several cases:"
                                    " name the invoice this payment pays."))
        else:
            extra_payments.setdefault(0, []).append((j, p))
    base_ref = defaults.get("reference")
    for i, case in enumerate(cases):
        raw = case.raw
        replaced: list[str] = []
        for key, value in defaults.items():
            if key in FROM_FILES:
                continue
            if key == "payments":
                for j, p in extra_payments.get(i, []):
                    case.origins[f"payments[{len(raw['payments'])}]"] = f"{CASE_PART}.payments[{j}]"
                    raw["payments"].append(copy.deepcopy(p))
            elif key in APPENDED and isinstance(value, list):
                start = len(raw.get(key) or [])
                raw[key] = list(raw.get(key) or []) + copy.deepcopy(value)
                for k in range(len(value)):
                    case.origins[f"{key}[{start + k}]"] = f"{CASE_PART}.{key}[{k}]"
            elif key == "reference":
                continue
            else:
                raw[key] = merge(raw.get(key), value, f"case.{key}", replaced) if key in raw \
                    else copy.deepcopy(value)
        for path in replaced:
            case.notices.append(Notice(
                "file_value_replaced",
                f"{path} : la valeur des fichiers est remplacée par celle de la partie « case ».",
                f"{path}: the files' value is replaced by the 'case' part's.", path=path))
        if isinstance(base_ref, str) and base_ref.strip():
            raw["reference"] = f"{base_ref.strip()}-{i + 1:02d}" if several else base_ref.strip()
        else:
            first = raw["invoices"][0]["number"]
            raw["reference"] = ("REC-" + re.sub(r"[^A-Za-z0-9._-]+", "-", first))[:80]
            case.notices.append(Notice(
                "reference_generated",
                f"Référence du dossier générée : « {raw['reference']} ». Donnez la vôtre dans la"
                " partie « case » (reference ; -01, -02… s’ajoutent quand il y a plusieurs"
                " dossiers).",
                f"Case reference generated: '{raw['reference']}'. Give your own in the 'case'"
                " part (reference; -01, -02... are appended when there are several cases).",
                path="case.reference"))
        for extra in (k for k in defaults if k not in CASE_ORDER and k not in FROM_FILES):
            case.origins[extra] = f"{CASE_PART}.{extra}"
        case.raw = {k: raw[k] for k in CASE_ORDER if k in raw} | {
            k: v for k, v in raw.items() if k not in CASE_ORDER}
        if not case.raw.get("payments"):
            case.raw.pop("payments", None)
        if not case.raw.get("evidence"):
            case.raw.pop("evidence", None)


# what only the user can supply: a missing value there is a warning, not a fault of the files
_USER_CODES = ("required",)


def _validate(case: _Case, defaults: dict[str, Any], faults: list[FieldError]) -> None:
    raw = case.raw
    try:
        loaded = load_case(copy.deepcopy(raw))
    except CaseInvalid as exc:
        loaded = None
        for e in exc.errors:
            if e.code in _USER_CODES and not e.path.startswith("case.invoices"):
                case.notices.append(Notice(
                    "input_required",
                    f"À compléter : {e.path} — {e.message_fr.rstrip('.')} (dans le dossier, ou pour tous"
                    " les dossiers dans la partie « case »).",
                    f"To supply: {e.path} — {e.message_en.rstrip('.')} (in the case, or for every case in"
                    " the 'case' part).", path=e.path))
            else:
                faults.append(_attribute(e, case, defaults))
    named = {n.path for n in case.notices if n.code == "input_required"}
    if loaded is not None:
        # what the letters would still need: a mise en demeure's mandatory mentions
        from service.contract import load_options
        from service.documents.facts import CaseFacts
        from service.documents.registry import check_kind, get_kind

        spec = get_kind(LETTER_KIND)
        try:
            check_kind(spec, loaded, CaseFacts(loaded), load_options({}, spec))
        except CaseInvalid as exc:
            for e in exc.errors:
                if e.path not in named:
                    named.add(e.path)
                    case.notices.append(Notice(
                        "input_required",
                        f"À compléter pour une mise en demeure : {e.path} — {e.message_fr}",
                        f"To supply for a mise en demeure: {e.path} — {e.message_en}",
                        path=e.path))
    if not raw.get("signatory") and "case.signatory" not in named:
        case.notices.append(Notice(
            "input_required",
            "À compléter : case.signatory — qui signe les lettres (nom, qualité, lieu).",
            "To supply: case.signatory — who signs the letters (name, title, place).",
            path="case.signatory"))
    if not raw.get("reminders"):
        case.notices.append(Notice(
            "no_reminders",
            "Aucune relance enregistrée (case.reminders) : indiquez celles déjà faites (date,"
            " kind, channel) ; la mise en demeure les rappelle.",
            "No reminder recorded (case.reminders): list those already made (date, kind,"
            " channel); the mise en demeure recalls them.", path="case.reminders"))
    creditor = raw.get("creditor") if isinstance(raw.get("creditor"), dict) else {}
    if creditor and not creditor.get("bank"):
        case.notices.append(Notice(
            "no_bank_details",
            "Pas d’IBAN du bénéficiaire dans les factures (BT-84) : les lettres ne donneront pas"
            " de coordonnées de paiement (case.creditor.bank).",
            "No payee IBAN in the invoices (BT-84): the letters will give no payment details"
            " (case.creditor.bank).", path="case.creditor.bank"))
    without_pdf = [r.number for r in case.records if r.pdf is None]
    if without_pdf:
        case.notices.append(Notice(
            "evidence_missing",
            f"Pas de PDF pour {', '.join(without_pdf[:10])} : joignez la facture en pièce"
            " (case.evidence) pour une requête ou une assignation.",
            f"No PDF for {', '.join(without_pdf[:10])}: attach the invoice as evidence"
            " (case.evidence) for a court filing.", path="case.evidence"))


def _attribute(e: FieldError, case: _Case, defaults: dict[str, Any]) -> FieldError:
    rel = e.path[len("case."):] if e.path.startswith("case.") else e.path
    found, _ = _lookup(defaults, rel)
    if found and not rel.startswith(("payments", "reminders", "evidence")):
        return FileFault(f"{CASE_PART}.{rel}", e.code, f"Partie « case » : {e.message_fr}",
                         f"'case' part: {e.message_en}")
    best = ""
    for prefix in case.origins:
        if (rel == prefix or rel.startswith(prefix + ".") or rel.startswith(prefix + "[")) \
                and len(prefix) > len(best):
            best = prefix
    origin = case.origins.get(best) if best else None
    if isinstance(origin, str):
        return FileFault(origin + rel[len(best):], e.code, f"Partie « case » : {e.message_fr}",
                         f"'case' part: {e.message_en}")
    if isinstance(origin, Source):
        leaf = rel[len(best):].lstrip(".")
        column = None
        if origin.fmt == "csv":
            column = CSV_COLUMNS.get(leaf if best.startswith(("invoices", "payments")) else
                                     f"{best}.{leaf}" if leaf else best)
        return fault(origin, e.code, f"{e.path} : {e.message_fr}", f"{e.path}: {e.message_en}",
                     column=column)
    return e

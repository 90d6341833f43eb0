"""From when the legal interest runs against a consumer, worded as the décompte computes it
(API.md rule 3; third reading, item 1).

The décompte starts the interest the day after the first mise en demeure took effect: its
``received_on`` (first presentation or receipt) when known, else its date (warning
``mise_en_demeure_receipt_unknown``). Every document says that date and what it is the day after
(:func:`start_phrase`), never « à compter de la réception » when the figure counts from the
letter's date. A court filing (and the small-claims invitation, which leads to an enforceable
title) does not claim interest from a receipt nobody knows: :func:`receipt_errors` is the 422
``mise_en_demeure_receipt_required`` naming ``case.reminders[i].received_on``.
"""

from __future__ import annotations

from datetime import date

from service import fr
from service.errors import FieldError, field_error
from service.law.decompte import Decompte
from service.model import Case, Reminder

__all__ = ["receipt_errors", "start_phrase"]

# the channels whose receipt is a postal first presentation (the avis de réception says it)
_PRESENTED = frozenset({"lrar"})


def _notice(case: Case, sent: date) -> tuple[int, Reminder] | None:
    """The mise en demeure the décompte relied on (its date) and its index in the case."""
    for i, r in enumerate(case.reminders):
        if r.kind == "mise_en_demeure" and r.date == sent:
            return i, r
    return None


def start_phrase(decompte: Decompte, case: Case, *, short: bool = False) -> str | None:
    """« à compter du 6 octobre 2026, lendemain de la première présentation de la mise en
    demeure du 1er octobre 2026 » (``received_on`` known) or « …, lendemain de la date de la mise
    en demeure du 1er octobre 2026 » (unknown: the day the décompte counts from); ``None`` when
    the debtor is no consumer or no mise en demeure makes the interest run. An invoice falling
    due after that day earns from the day after its due date (rule 4): said when there is one.
    ``short`` prints the dates as 06/10/2026 (a form's cell)."""
    rules = decompte.rules
    start = decompte.interest_start
    if decompte.regime != "consumer" or start is None or rules is None \
            or rules.mise_en_demeure_date is None:
        return None
    day = fr.date_short if short else fr.date_long
    sent = rules.mise_en_demeure_date
    received = rules.mise_en_demeure_received_on
    if received is not None:
        found = _notice(case, sent)
        event = ("la première présentation" if found and found[1].channel in _PRESENTED
                 else "la réception")
    else:
        event = "la date"
    text = f"à compter du {day(start)}, lendemain de {event} de la mise en demeure du {day(sent)}"
    if any(line.interest_start and line.interest_start > start for line in decompte.invoices):
        text += ", et, pour une facture échue depuis, à compter du lendemain de son échéance"
    return fr.typo(text)


def receipt_errors(case: Case, decompte: Decompte) -> list[FieldError]:
    """A filing against a consumer whose interest would start from the letter's date (receipt
    unknown): the 422 naming the ``received_on`` of the mise en demeure relied on."""
    rules = decompte.rules
    if rules is None or rules.interest_start != "mise_en_demeure_sent" \
            or rules.mise_en_demeure_date is None:
        return []
    found = _notice(case, rules.mise_en_demeure_date)
    path = f"case.reminders[{found[0]}].received_on" if found else "case.reminders"
    sent = rules.mise_en_demeure_date
    return [field_error(
        path, "mise_en_demeure_receipt_required",
        fr.typo(f"Date de première présentation (ou de réception) de la mise en demeure du"
                f" {fr.date_long(sent)} inconnue : contre un consommateur, les intérêts au taux"
                " légal ne courent qu’à compter de la mise en demeure, qui prend effet à sa"
                " réception (C. civ. art. 1231-6 et 1344-1) ; une demande qui tend à un titre"
                " exécutoire ne les réclame pas depuis la date d’envoi. Indiquez la date de"
                f" l’avis de réception ou de première présentation dans {path}."),
        f"The first presentation (or receipt) of the mise en demeure of {sent.isoformat()} is"
        " unknown: against a consumer, legal interest runs only from the mise en demeure, which"
        " takes effect on receipt (Civil Code arts 1231-6, 1344-1); a claim seeking an"
        " enforceable title does not ask it from the date sent. Give the date of the"
        f" acknowledgement of receipt or of first presentation in {path}.")]

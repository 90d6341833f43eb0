"""What the requête en injonction de payer says, whatever carries it (free-form or official form).

One :class:`Claim` per request: the agent who files, the sums with their ground and pièces (CPC
1407: exact amount, breakdown, ground), the art. 750-1 statement, the 1408 referral and the
signature. :mod:`service.documents.injonction_requete` lays it out as the free-form requête;
:mod:`service.documents.injonction_form` maps it onto an official Cerfa's field keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from service import fr
from service.documents import common, consumer_interest, letters
from service.documents.facts import CaseFacts
from service.documents.parties import legal_address, role_word
from service.model import Case


@dataclass(frozen=True)
class Agent:
    name: str
    capacity: str  # « Avocat », « Commissaire de justice »
    address: str
    kind: str  # avocat | commissaire_de_justice
    designation: str  # the agent in running text, with the office's address
    city: str  # where the agent signs


@dataclass(frozen=True)
class SumRow:
    nature: str
    amount: str
    basis: str
    documents: str


@dataclass(frozen=True)
class Claim:
    agent: Agent | None
    principal: SumRow
    interest: SumRow
    costs: SumRow | None  # None: no indemnity claimed
    total: str
    # asked besides the total, on its own line of the request (second reading 6)
    besides: str
    # the official form's interest boxes
    interest_legal: bool
    interest_contractual: bool
    interest_rate_box: str | None  # « 5,00 » only for a single contractual rate applied as is
    interest_from: str | None
    amicable_ground: str | None  # the 750-1 statement, when the court wants one
    referral_1408: str | None
    place: str
    date: str
    signatory: str  # « Marie Dupont, Gérante, pour Atelier Dupont »


def _bar(bar: str) -> str:
    """« Barreau de Lyon » -> « barreau de Lyon » (after « avocat au »)."""
    return bar[:1].lower() + bar[1:] if bar.lower().startswith("barreau") else bar


def agent_of(case: Case, issuer: str) -> Agent | None:
    if issuer == "avocat" and case.lawyer is not None:
        lw = case.lawyer
        where = legal_address(lw.address)
        bar = f" au {_bar(lw.bar)}" if lw.bar else ""
        toque = f", toque {lw.toque}" if lw.toque else ""
        return Agent(lw.name, "Avocat", where, "avocat",
                     fr.typo(f"{lw.name}, avocat{bar}{toque}, dont le cabinet est situé {where}"),
                     lw.address.city or "")
    if issuer == "commissaire_de_justice" and case.issuer is not None:
        office = case.issuer
        where = legal_address(office.address) if office.address is not None else ""
        # « SELARL …, commissaires de justice associés » already says what the office is
        capacity = "" if "commissaire" in office.name.lower() else ", commissaire de justice"
        seat = f", dont l’étude est située {where}" if where else ""
        return Agent(office.name, "Commissaire de justice", where, "commissaire_de_justice",
                     fr.typo(f"{office.name}{capacity}{seat}"),
                     office.address.city or "" if office.address is not None else "")
    return None


def pieces_label(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return fr.typo(f"Pièce n° {numbers[0]}")
    return fr.typo("Pièces n° " + ", ".join(str(n) for n in numbers))


def _lower_label(label: str) -> str:
    """« Pièce n° 1 » or « Non produite » inside a list: lower case (an invoice number
    stays as it is)."""
    return label[:1].lower() + label[1:] if label.startswith(("Pièce", "Non ")) else label


def pieces_of(case: Case, invoices: list[str]) -> str:
    """The pièces of these invoices, matched by the invoice number in the pièce's title (as
    ``filing_checks.missing_pieces`` does), « non produite » where none (second reading 7):
    « Pièce n° 1 » for one invoice, else « F-1 : pièce n° 1 ; F-2 : non produite ». A case
    with no pièce at all says « Factures à joindre » (the invoices are named beside, in the
    ground): the filer still has the paper to join (fourth reading 1; ``piece_missing``
    warns), and the décompte never stands as proof of the principal."""
    if not case.evidence:
        return "Facture à joindre" if len(invoices) == 1 else "Factures à joindre"
    found = common.invoice_pieces(case)
    if len(invoices) == 1:
        numbers = found.get(invoices[0], [])
        return pieces_label(numbers) if numbers else "Non produite"
    each = []
    for number in invoices:
        numbers = found.get(number, [])
        label = pieces_label(numbers) if numbers else "non produite"
        each.append(f"{number} : {label[:1].lower()}{label[1:]}")
    return fr.typo(" ; ".join(each))


def _interest(case: Case, facts: CaseFacts) -> tuple[str, bool, bool, str | None]:
    """The interest row's ground, its two boxes and the conventional-rate box."""
    decompte = facts.decompte
    periods = sorted((p for line in decompte.invoices for p in line.periods), key=lambda p: p.start)
    rates = list(dict.fromkeys(p.rate for p in periods))
    rules = decompte.rules
    raised = rules is not None and rules.below_floor_applied
    # the interest after the décompte's date, asked with its real start (second reading 5, 6)
    after = fr.date_long(decompte.as_of + timedelta(days=1))
    principal = fr.money(decompte.totals.outstanding)
    if decompte.regime == "consumer":
        # the start as counted (third reading 1: an unknown receipt is refused before)
        start = (consumer_interest.start_phrase(decompte, case, short=True)
                 or "à compter de la mise en demeure")
        return (f"Intérêts au taux légal {start} (art. 1231-6 et 1344-1"
                f" C. civ.), arrêtés au {fr.date_short(decompte.as_of)}, outre les intérêts au"
                f" taux légal sur {principal} à compter du {after} jusqu’à parfait paiement",
                True, False, None)
    applied = " puis ".join(fr.percent(r) for r in rates)
    contractual = fr.percent(case.terms.late_penalty_rate) if case.terms.late_penalty_rate \
        is not None else ""
    if decompte.rate_basis == "contractual" and raised and rules is not None:
        # the rate printed is the rate applied (legal review I3)
        rate = (f"taux contractuel de {contractual}, porté au taux plancher de trois fois le taux"
                " de l’intérêt légal" if rules.below_floor == "floor" else
                f"taux contractuel de {contractual}, inférieur au plancher légal et écarté au profit"
                " du taux BCE + 10 points")
        rate += f" ({applied})"
    elif decompte.rate_basis == "contractual":
        rate = f"taux contractuel de {contractual}"
    else:
        rate = f"taux BCE + 10 points ({applied})"
    each = "; ".join(f"{line.invoice.number} : dès le {fr.date_short(line.interest_start)}"
                     for line in decompte.invoices if line.interest_start)
    basis = (f"Pénalités de retard (art. L441-10 II C. com.) au {rate}, échues au"
             f" {fr.date_short(decompte.as_of)} ({each}), outre les pénalités au même régime sur"
             f" le principal restant dû ({principal}) à compter du {after} jusqu’à parfait"
             " paiement")
    box = None
    if decompte.rate_basis == "contractual" and len(rates) == 1 and not raised:
        # the box of « au taux conventionnel de … % »: never a legal or BCE rate
        box = fr.percent(rates[0]).replace("\u00a0%", "")
    return basis, False, decompte.rate_basis == "contractual", box


def signatory_line(case: Case, issuer: str) -> str:
    """Who signs, in full: the agent who files (CPC 57; legal review I6), else the creditor."""
    sig = letters.signatory(case)
    principal = case.creditor.name if case.creditor.is_company else case.creditor.display_name
    if issuer == "avocat" and case.lawyer is not None:
        return f"{case.lawyer.name}, avocat, pour {principal}"
    if issuer == "commissaire_de_justice" and case.issuer is not None:
        officer = case.issuer.signatory.name if case.issuer.signatory else case.issuer.name
        return f"{officer}, commissaire de justice, pour {principal}"
    who = sig["name"] + (f", {sig['title']}" if sig.get("title") else "")
    if case.creditor.is_company:
        who += f", pour {case.creditor.name}"
    return who


def build(case: Case, facts: CaseFacts, *, issuer: str, referral: str | None) -> Claim:
    decompte = facts.decompte
    t = decompte.totals
    numbers = ", ".join(i.number for i in case.invoices)
    plural = "s" if len(case.invoices) > 1 else ""
    # without pièces nothing is « produced »: each invoice is « à joindre » (a warning says
    # so, C5), never the annexed décompte standing for the proof of the principal (fourth
    # reading 1)
    claimed = [line.invoice.number for line in decompte.invoices]
    docs = pieces_of(case, claimed)
    contract = common.contract_name(case) or "relations contractuelles"
    # the principal rests on the contract too: its pièce first (third reading 3)
    terms = common.terms_pieces(case)
    principal_docs = (fr.typo(f"Contrat : {_lower_label(pieces_label(terms))} ;"
                              f" {_lower_label(docs)}") if terms else docs)
    if not case.evidence and case.terms.reference:
        principal_docs = "Contrat et " + docs[:1].lower() + docs[1:]
    # partly paid: the principal is the balance of the invoices, the payments in the annexed
    # décompte (CPC 1407; seventh reading 1)
    invoices = (f"solde de{'s' if plural else ' la'} facture{plural} n° {numbers}" if t.paid > 0
                else f"facture{plural} impayée{plural} n° {numbers}")
    principal = SumRow(
        "Principal", fr.money(t.outstanding),
        # L441-10 founds the penalties and the 40 € only (legal review I10)
        fr.typo(f"Contrat ({contract}) et {invoices} ; art. 1103 C. civ."), principal_docs)
    basis, legal, contractual, box = _interest(case, facts)
    # the legal interest runs from the mise en demeure's receipt: its letter and avis de
    # réception prove the start (fourth reading 1)
    notice = common.notice_pieces(case) if decompte.regime == "consumer" else []
    notice_docs = (f" ; mise en demeure : {_lower_label(pieces_label(notice))}"
                   if notice else "")
    interest = SumRow(
        "Intérêts au taux légal" if decompte.regime == "consumer" else "Pénalités de retard",
        fr.money(t.interest), fr.typo(basis),
        # the consumer's interest rests on the notice, not on the invoices' dates
        fr.typo("Décompte annexé" + (notice_docs or (f" ; {_lower_label(docs)}"
                                                     if case.evidence else ""))))
    costs = None
    if t.indemnities > 0:
        with_indemnity = [line.invoice.number for line in decompte.invoices
                          if line.indemnity > 0]
        count = len(with_indemnity)
        costs = SumRow(
            "Indemnités forfaitaires (frais de recouvrement)", fr.money(t.indemnities),
            fr.typo(f"Indemnité forfaitaire de {fr.money(facts.flat_indemnity)} × {count}"
                    " (art. L441-10 II et D441-5 C. com.)"),
            pieces_of(case, with_indemnity))
    starts = [line.interest_start for line in decompte.invoices if line.interest_start]
    amicable = None
    if facts.court.amicable_attempt_statement_required:
        # 750-1 3°: circumstances requiring a decision rendered non contradictorily (fourth
        # reading 13)
        exempt = role_word(case.creditor, "le demandeur est donc dispensé",
                           "la demanderesse est donc dispensée")
        amicable = fr.typo("La requête en injonction de payer tend à une décision rendue non"
                           f" contradictoirement : {exempt} de cette"
                           " tentative (article 750-1, 3°, du code de procédure civile).")
    agent = agent_of(case, issuer)
    if agent is not None and agent.city:  # the agent signs where the office is
        place = agent.city
    else:
        place = (case.signatory.place if case.signatory and case.signatory.place
                 else case.creditor.address.city or "")
    return Claim(
        agent=agent, principal=principal, interest=interest, costs=costs,
        total=fr.money(t.total_due), besides="Outre les dépens.", interest_legal=legal,
        interest_contractual=contractual,
        interest_rate_box=box, interest_from=fr.date_short(min(starts)) if starts else None,
        amicable_ground=amicable,
        referral_1408=referral.strip() if isinstance(referral, str) and referral.strip() else None,
        place=place, date=fr.date_long(case.as_of), signatory=fr.typo(signatory_line(case, issuer)))

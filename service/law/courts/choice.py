"""Which court hears the requête en injonction de payer, and which Cerfa form goes with it.

Decisions (legal.md §1.1, §1.3, §2.1, §2.5, §2.6, §2.11, §2.12):

* **Subject matter follows the debtor.** A debt is commercial, and goes to the tribunal de commerce
  (TC) with Cerfa 12946*02, when the debtor is a company, unless its activity is ``consumer`` or its
  legal form is civil (SCI, SCP, association...), or an individual trader (``commercial``). An
  individual ``artisanal`` debtor goes to the TC from 1 January 2022 (C. com. L721-3 as amended in
  2021, from memory: a warning says so), to the tribunal judiciaire (TJ) before. A ``consumer``,
  ``liberal`` or ``agricultural`` individual goes to the TJ with Cerfa 12948*06. The creditor's
  status does not matter.
* **Place is the debtor's** domicile or seat (CPC 1406, ordre public): any clause of the terms
  choosing another court is deemed unwritten, so ``case.terms`` is never read here.
* **Court of the place:** departments 57, 67, 68 -> commercial chamber of the TJ; the 12 tribunaux
  des activités économiques (TAE) replace the TC in their ressort from 1 January 2025 to
  31 December 2028 (dated on ``case.as_of``); overseas departments -> tribunal mixte de commerce.
  Ressorts are approximate (``juridictions/tae_courts.yaml``): when the case names no court, a warning asks
  the user to name it.
* **A named court** (``case.court``) is used as the addressee, but ``jurisdiction`` and
  ``cerfa_form`` always state what the law gives for this debtor; a named court in another
  department or of another kind gets a warning.
* **A debtor abroad** is not rejected: the court kind is still chosen from the debtor's status,
  with no department and a ``debtor_abroad`` warning (international jurisdiction, the European
  order for payment, service abroad are outside this tool).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from service import fr
from service.errors import CaseInvalid, field_error
from service.fr import prose
from service.law.courts import data
from service.law.courts.fees import court_fee, threshold
from service.law.courts.findings import Findings
from service.law.courts.kinds import (
    CERFA_CIVIL,
    CERFA_COMMERCIAL,
    COMMERCIAL,
    KIND_EN,
    KIND_FR,
    Jurisdiction,
)
from service.law.courts.naming import kind_of_name
from service.law.courts.naming import president_title as title_of
from service.law.courts.rules import check_named_court, debt_is_commercial, locate
from service.law.parameters import ParameterValue, names
from service.model import Address, Case, Party, Warning


@dataclass(frozen=True)
class CourtChoice:
    jurisdiction: Jurisdiction
    court_name: str
    court_address: Address | None
    president_title: str
    cerfa_form: str
    department: str | None
    lawyer_required_merits: bool
    lawyer_required_requete: bool
    amicable_attempt_statement_required: bool
    court_fee: dict[str, Any]
    warnings: list[Warning] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    # Every dated parameter the choice used, for the caller's source list / status warnings.
    parameters: tuple[ParameterValue, ...] = ()
    # the thresholds the choice read (None: not read, or no value on that date), so that a
    # document prints the values the decision rests on
    lawyer_threshold: Decimal | None = None
    amicable_threshold: Decimal | None = None
    # ``warnings`` are the requête's; ``common_warnings`` those that hold for every document
    # naming this court (the requête's fee, representation after opposition, amicable
    # attempt and named-court department are the requête's own); ``naming_warning``: the
    # court was derived from the debtor's address, not named by the case
    common_warnings: tuple[Warning, ...] = ()
    naming_warning: Warning | None = None

    @property
    def is_commercial(self) -> bool:
        return self.jurisdiction in COMMERCIAL


def _guard(case: Case, claim_amount: Decimal) -> str | None:
    """The debtor's department, once the date, the amount and the postal code allow a choice
    (CaseInvalid otherwise)."""
    on = case.as_of
    supported_from = data.supported_from()
    if on < supported_from:
        raise CaseInvalid(
            [
                field_error(
                    "case.as_of",
                    "date_not_supported",
                    f"Date antérieure au {fr.date_short(supported_from)} (création du tribunal"
                    " judiciaire) : le choix de la juridiction n'est pas pris en charge.",
                    f"Date before {supported_from.isoformat()} (creation of the tribunal"
                    " judiciaire): choosing the court is not supported.",
                )
            ]
        )
    if claim_amount <= 0:
        raise CaseInvalid(
            [
                field_error(
                    "case.invoices",
                    "nothing_due",
                    "Aucune somme n'est due : pas de requête en injonction de payer possible.",
                    "Nothing is due: no injonction de payer request is possible.",
                )
            ]
        )
    debtor = case.debtor
    try:
        dept = debtor.address.department
    except ValueError as exc:
        raise CaseInvalid(
            [
                field_error(
                    "case.debtor.address.postal_code",
                    "invalid_postal_code",
                    "Code postal français invalide : cinq chiffres attendus.",
                    "Invalid French postal code: five digits expected.",
                )
            ]
        ) from exc
    if debtor.address.country == "FR" and dept is None:
        raise CaseInvalid(
            [
                field_error(
                    "case.debtor.address.postal_code",
                    "required",
                    "Code postal du débiteur manquant : il détermine le tribunal compétent"
                    " (CPC art. 1406).",
                    "Debtor's postal code missing: it decides the competent court (CPC art. 1406).",
                )
            ]
        )
    return dept


def _debtor_abroad(debtor: Party, d: Findings) -> None:
    if debtor.address.country != "FR":
        d.warn(
            "debtor_abroad",
            f"Débiteur domicilié hors de France ({debtor.address.country}) : la compétence"
            " internationale des juridictions françaises, la signification à l'étranger et"
            " l'injonction de payer européenne (règlement (CE) n° 1896/2006) ne sont pas traitées"
            " par cet outil. La juridiction est choisie selon la seule qualité du débiteur ;"
            " désignez-la explicitement après vérification.",
            f"Debtor outside France ({debtor.address.country}): the international jurisdiction"
            " of French courts, service abroad and the European order for payment (Regulation"
            " (EC) No 1896/2006) are outside this tool. The court kind follows the debtor's"
            " status only; name the court explicitly once checked.",
            path="case.debtor.address.country",
        )


def _court_for_place(case: Case, dept: str | None, d: Findings) -> tuple[Jurisdiction, str]:
    """The court kind the debtor's status and place give, and its generic designation; a court
    the case names is checked against it."""
    debtor, on = case.debtor, case.as_of
    commercial = debt_is_commercial(debtor, on, d)
    if commercial:
        d.cite("C. com. art. L721-3")
    kind, generic_name = locate(debtor, commercial, dept, on, d)

    # A named court in a department holding part of a TAE ressort may rightly be either.
    alternatives: set[str] = set()
    if kind == "tribunal_de_commerce" and any(
        w.code == "tae_ressort_uncertain" for w in d.warnings
    ):
        alternatives.add("tribunal_des_activites_economiques")
    check_named_court(case, kind, dept, alternatives, d)
    return kind, generic_name


def _addressee(
    case: Case, kind: Jurisdiction, generic_name: str, d: Findings
) -> tuple[str, Address | None, str, Warning | None]:
    """(court name, its address, the president's title, the court_not_named warning)."""
    naming: Warning | None = None
    if case.court is not None:
        court_name = case.court.name
        court_address = case.court.address
        title_kind: str | None = kind_of_name(court_name) or kind
    else:
        court_name = prose(generic_name)
        court_address = None
        title_kind = kind
        naming = d.warn(
            "court_not_named",
            f"Aucun tribunal désigné : « {generic_name} » est une désignation générique déduite"
            " de l'adresse du débiteur ; le rattachement territorial est approximatif. Désignez"
            " explicitement le tribunal et son adresse.",
            f"No court named: “{generic_name}” is a generic designation derived from the"
            " debtor's address; the territorial mapping is approximate. Name the court and its"
            " address explicitly.",
            path="case.court",
        )
    president_title = title_of(court_name, title_kind)
    return court_name, court_address, president_title, naming


def _representation(
    kind: Jurisdiction, claim_amount: Decimal, on: date, d: Findings
) -> tuple[Decimal | None, bool]:
    """(the lawyer threshold read, whether a lawyer is needed on the merits after opposition)."""
    # Lawyer: never for the requête (1407); on the merits after opposition above the threshold.
    lawyer_threshold = threshold(names.LAWYER_THRESHOLD, on, d)
    lawyer_merits = lawyer_threshold is not None and claim_amount > lawyer_threshold
    d.cite("CPC art. 1407 (requête déposée par le créancier ou tout mandataire, sans avocat)")
    if lawyer_merits and lawyer_threshold is not None:
        d.cite("CPC art. 760 et 761" if kind == "tribunal_judiciaire" else "CPC art. 853")
        d.warn(
            "lawyer_required_on_merits",
            f"Demande supérieure à {fr.money(lawyer_threshold)} : la requête peut être déposée sans"
            " avocat (CPC art. 1407), mais en cas d'opposition la représentation par avocat est"
            " obligatoire devant "
            + KIND_FR[kind]
            + (" (CPC art. 760 et 761)." if kind == "tribunal_judiciaire" else " (CPC art. 853)."),
            f"Claim above {lawyer_threshold} EUR: the request needs no lawyer (CPC art. 1407),"
            " but if the debtor opposes, representation by a lawyer is compulsory before "
            + KIND_EN[kind]
            + (" (CPC arts 760-761)." if kind == "tribunal_judiciaire" else " (CPC art. 853)."), requete=True)
    return lawyer_threshold, lawyer_merits


def _amicable_attempt(
    kind: Jurisdiction, claim_amount: Decimal, on: date, d: Findings
) -> tuple[bool, Decimal | None]:
    """(whether the requête states the prior amicable attempt, the threshold read)."""
    # Prior amicable attempt (750-1): tribunal judiciaire only, claims up to the threshold.
    amicable = False
    amicable_threshold: Decimal | None = None
    if kind == "tribunal_judiciaire":
        amicable_threshold = threshold(names.AMICABLE_ATTEMPT_THRESHOLD, on, d)
        if amicable_threshold is None:
            d.warn(
                "amicable_rule_not_covered",
                f"Règle de la tentative amiable préalable (CPC art. 750-1) non couverte au"
                f" {fr.date_short(on)} : vérifiez si la requête doit la mentionner.",
                f"The prior amicable attempt rule (CPC art. 750-1) is not covered on"
                f" {on.isoformat()}: check whether the request must mention it.",
                path="case.as_of",
            )
        elif claim_amount <= amicable_threshold:
            amicable = True
            d.cite("CPC art. 750-1", "CPC art. 54 5°")
            d.warn(
                "amicable_attempt_statement",
                f"Demande n'excédant pas {fr.money(amicable_threshold)} devant le tribunal"
                " judiciaire : la requête indique la tentative préalable de conciliation, de"
                " médiation ou de procédure participative, ou le motif de dispense (CPC art."
                " 750-1 et 54 5°). L'application de l'article 750-1 à l'injonction de payer"
                " n'est pas tranchée (source secondaire unique) ; la mention est faite par"
                " prudence, la dispense usuelle étant une décision à rendre sans que l'autre"
                " partie soit appelée (art. 750-1 3°).",
                f"Claim not above {amicable_threshold} EUR before the tribunal judiciaire: the"
                " request states the prior conciliation, mediation or participatory procedure,"
                " or why it was dispensed with (CPC arts 750-1 and 54 5°). Whether art. 750-1"
                " applies to the injonction de payer is not settled (single secondary source);"
                " the statement is made out of caution, the usual dispensation being a decision"
                " to be made without hearing the other party (art. 750-1 3°).", requete=True)
    return amicable, amicable_threshold


def _tae_contribution(kind: Jurisdiction, claim_amount: Decimal, on: date, d: Findings) -> None:
    if kind == "tribunal_des_activites_economiques":
        contribution = data.economic_justice_threshold(on)
        if claim_amount > contribution:
            d.warn(
                "economic_justice_contribution",
                f"Demande supérieure à {fr.money(contribution)} devant un tribunal des activités"
                " économiques : une contribution pour la justice économique peut être due si le"
                " demandeur emploie au moins 250 salariés (loi n° 2023-1059, art. 27 ; décret"
                " n° 2024-1225 ; source secondaire unique). Son application à l'injonction de"
                " payer n'est pas vérifiée.",
                f"Claim above {contribution} EUR before a tribunal des activités économiques: a"
                " contribution pour la justice économique may be due if the claimant has 250"
                " employees or more (loi 2023-1059 art. 27; décret 2024-1225; single secondary"
                " source). Whether it applies to the injonction de payer is not checked.",
            )


def choose_court(case: Case, *, claim_amount: Decimal) -> CourtChoice:
    """The court, form and procedural facts for a requête en injonction de payer.

    ``claim_amount`` is the amount of the claim as valued for the lawyer and amicable-attempt
    thresholds (CPC 35-37); it must be positive. Pure: reads only the case and bundled data.
    """
    on = case.as_of
    dept = _guard(case, claim_amount)
    d = Findings()
    d.cite(
        "CPC art. 1405",
        "CPC art. 1406 (juge du domicile ou du siège du débiteur, règle d'ordre public ; clause"
        " contraire réputée non écrite)",
        "CPC art. 42 et 43",
    )
    _debtor_abroad(case.debtor, d)
    kind, generic_name = _court_for_place(case, dept, d)
    court_name, court_address, president_title, naming = _addressee(case, kind, generic_name, d)
    lawyer_threshold, lawyer_merits = _representation(kind, claim_amount, on, d)
    amicable, amicable_threshold = _amicable_attempt(kind, claim_amount, on, d)
    _tae_contribution(kind, claim_amount, on, d)
    fee = court_fee(kind, dept, on, d)
    return CourtChoice(
        jurisdiction=kind,
        court_name=court_name,
        court_address=court_address,
        president_title=president_title,
        cerfa_form=CERFA_CIVIL if kind == "tribunal_judiciaire" else CERFA_COMMERCIAL,
        department=dept,
        lawyer_required_merits=lawyer_merits,
        lawyer_required_requete=False,
        amicable_attempt_statement_required=amicable,
        court_fee=fee,
        warnings=d.warnings,
        legal_basis=d.basis,
        parameters=tuple(d.params),
        lawyer_threshold=lawyer_threshold,
        amicable_threshold=amicable_threshold,
        common_warnings=tuple(w for w in d.warnings if not any(w is r for r in d.requete_only)),
        naming_warning=naming,
    )


"""What stops a draft summons (422 field errors) and what it warns about."""

from __future__ import annotations

import re
from datetime import timedelta

from service import fr
from service.contract.options import Options
from service.documents.drafts_text import DraftKind, missing_claimant_identity, reception_report
from service.documents.facts import CaseFacts
from service.documents.filing_checks import filing_errors
from service.errors import FieldError, field_error
from service.law.courts import CourtChoice
from service.model import Case, Warning


def check(case: Case, facts: CaseFacts, options: Options) -> list[FieldError]:
    errors: list[FieldError] = filing_errors(case, facts)
    if case.hearing is None:
        errors.append(field_error("case.hearing", "required",
                                  "Audience manquante (case.hearing) : lieu, date et heure de"
                                  " l’audience sont des mentions obligatoires de l’assignation"
                                  " (CPC art. 56 1°).",
                                  "Hearing missing (case.hearing): its place, date and time are"
                                  " mandatory in a summons (CPC art. 56 1°)."))
    if case.creditor.is_company and case.creditor.representative is None:
        errors.append(field_error("case.creditor.representative", "required",
                                  "Représentant légal du demandeur manquant (CPC art. 54 3° b et"
                                  " 648).",
                                  "The claimant's legal representative is missing (CPC arts 54"
                                  " and 648)."))
    choice = facts.court_or_none  # no court: reported in full by the generation pipeline
    if choice is not None and choice.lawyer_required_merits and case.lawyer is None:
        errors.append(field_error("case.lawyer", "required",
                                  "Demande supérieure au seuil de représentation obligatoire :"
                                  " l’avocat constitué du demandeur (case.lawyer) doit figurer"
                                  " dans l’assignation (CPC art. 752, 760, 853).",
                                  "Claim above the compulsory-representation threshold: the"
                                  " claimant's lawyer (case.lawyer) must appear in the summons"
                                  " (CPC arts 752, 760, 853)."))
    return errors


# référé (CPC 486, « temps suffisant »): below this many days, a warning (practice, not law)
REFERE_PRACTICE_DAYS = 8
# a room named for the référé judge (« Chambre des référés », « salle des référés »)
_REFERE_ROOM = re.compile(r"r[ée]f[ée]r[ée]", re.IGNORECASE)


def draft_warnings(case: Case, choice: CourtChoice, kind: DraftKind) -> list[Warning]:
    """choose_court's warnings that hold for every document, and the summons' own."""
    out = list(choice.common_warnings)
    hearing = case.hearing
    assert hearing is not None
    court_dept = case.court.address.department if case.court and case.court.address else None
    if court_dept and choice.department and court_dept != choice.department:
        out.append(Warning(
            "court_department_mismatch",
            fr.typo("Le tribunal désigné n’est pas dans le département du défendeur : vérifiez"
                    " sa compétence territoriale (CPC art. 42, 46 et 48 ; une clause attributive"
                    " n’est valable qu’entre commerçants)."),
            "The named court is not in the defendant's department: check its territorial"
            " jurisdiction (CPC arts 42, 46, 48; a jurisdiction clause binds traders only).",
            path="case.court.address.postal_code"))
    days = (hearing.date - case.as_of).days
    if kind == "refere_provision":
        # CPC 486: no fixed delay in référé, only « un temps suffisant »; eight days is the usual
        # practice, said as such
        if days < REFERE_PRACTICE_DAYS:
            out.append(Warning(
                "hearing_too_close",
                fr.typo(f"L’audience de référé a lieu {days} jour(s) après la date du dossier : le"
                        " juge s’assure qu’il s’est écoulé un temps suffisant entre l’assignation"
                        " et l’audience pour que le défendeur ait pu préparer sa défense (CPC art."
                        " 486). Le seuil de huit jours retenu pour cet avertissement est une"
                        " indication de pratique, non un délai légal."),
                f"The référé hearing is {days} day(s) after the case date: the judge checks that"
                " enough time elapsed between the summons and the hearing for the defendant to"
                " prepare a defence (CPC art. 486). The eight-day threshold of this warning is a"
                " practice indication, not a statutory delay.", path="case.hearing.date"))
    elif days < 15:
        out.append(Warning(
            "hearing_too_close",
            fr.typo(f"L’audience a lieu {days} jour(s) après la date du dossier : l’assignation"
                    " doit être signifiée au moins quinze jours avant l’audience (CPC art. 856"
                    " devant le tribunal de commerce ; délai de comparution devant le tribunal"
                    " judiciaire)."),
            f"The hearing is {days} day(s) after the case date: the summons must be served at"
            " least fifteen days before the hearing.", path="case.hearing.date"))
    if kind != "refere_provision" and hearing.room and _REFERE_ROOM.search(hearing.room):
        out.append(Warning(
            "hearing_room_refere",
            fr.typo(f"La salle d’audience indiquée (« {hearing.room} ») est celle des référés,"
                    " alors que l’acte est une assignation au fond : vérifiez auprès du greffe"
                    " la chambre et la salle de l’audience (CPC art. 56 1°)."),
            f"The hearing room given ('{hearing.room}') is the référé room, but the deed is a"
            " summons on the merits: check the chamber and room with the greffe (CPC art. 56"
            " 1°).", path="case.hearing.room"))
    placement = ("au moins huit jours avant l’audience (CPC art. 857)" if choice.is_commercial
                 else "au moins quinze jours avant l’audience (CPC art. 754)")
    out.append(Warning(
        "draft_to_serve",
        fr.typo("Projet à faire signifier par un commissaire de justice, qui complète la date, ses"
                " nom et adresse, les modalités de remise et signe l’acte ; une copie est ensuite"
                f" remise au greffe {placement}, à peine de caducité."),
        "Draft to be served by a commissaire de justice, who completes the date, his name and"
        " address and the manner of service and signs the deed; a copy is then lodged at the"
        " greffe " + ("at least eight days before the hearing (CPC art. 857)"
                      if choice.is_commercial else
                      "at least fifteen days before the hearing (CPC art. 754)")
        + ", or the summons lapses."))
    if choice.amicable_attempt_statement_required:
        threshold = choice.amicable_threshold
        assert threshold is not None
        out.append(Warning(
            "amicable_attempt_to_state",
            fr.typo(f"Demande n’excédant pas {fr.money(threshold)} devant le tribunal judiciaire :"
                    " complétez la tentative préalable de conciliation, médiation ou procédure participative,"
                    " ou le motif de dispense (CPC art. 54 5° et 750-1), à peine"
                    " d’irrecevabilité ; les relances ne sont pas une telle tentative."),
            f"Claim up to {threshold} EUR before the tribunal judiciaire: fill in the prior"
            " conciliation, mediation or participatory procedure, or the dispensation ground"
            " (CPC arts 54 5° and 750-1), or the claim is inadmissible; reminders do not count.",
            path="case.reminders"))
    missing = missing_claimant_identity(case)
    if missing:
        out.append(Warning(
            "claimant_identity_incomplete",
            fr.typo(f"Demandeur personne physique : {', '.join(missing)} à compléter dans le"
                    " projet (CPC art. 54 3° a et 648, à peine de nullité)."),
            "Individual claimant: " + ", ".join(missing) + " to be completed in the draft (CPC"
            " arts 54 and 648, on pain of nullity).", path="case.creditor"))
    out += reception_warnings(case)
    if not case.evidence:
        out.append(Warning(
            "no_evidence",
            fr.typo("Aucune pièce fournie (case.evidence) : le projet porte un bordereau à"
                    " établir. L’assignation ne peut être signifiée sans le bordereau des pièces"
                    " sur lesquelles la demande est fondée (CPC art. 56 3°, à peine de"
                    " nullité) ; options.strict_pieces refuse un tel projet."),
            "No evidence supplied (case.evidence): the draft carries a bordereau to be drawn"
            " up. The summons cannot be served without the bordereau of the pièces the claim"
            " rests on (CPC art. 56 3°, on pain of nullity); options.strict_pieces refuses such"
            " a draft.", path="case.evidence"))
    return out


RECEPTION_INVOICE_GRACE_DAYS = 30


def reception_warnings(case: Case) -> list[Warning]:
    """``reception_before_invoice`` (fourth reading 4): the act says the debtor received « the
    prestations » on the report's date; an invoice issued after that date may bill work the
    report does not cover, which only the file can tell. An invoice whose ``performed_on`` is
    after the report is flagged; without ``performed_on``, one issued more than
    ``RECEPTION_INVOICE_GRACE_DAYS`` after it (invoicing normally follows the reception: an
    invoice of the following weeks is not suspect)."""
    reception = reception_report(case)
    if reception is None:
        return []
    grace = timedelta(days=RECEPTION_INVOICE_GRACE_DAYS)
    later = [inv for inv in case.invoices
             if (inv.performed_on > reception.date if inv.performed_on is not None
                 else inv.issue_date > reception.date + grace)]
    if not later:
        return []
    named = ("la facture " if len(later) == 1 else "les factures ") + ", ".join(
        f"{inv.number} du {fr.date_short(inv.issue_date)}" for inv in later)
    return [Warning(
        "reception_before_invoice",
        fr.typo(f"Le procès-verbal de réception du {fr.date_short(reception.date)} (pièce"
                f" n° {reception.number}) précède {named} : vérifiez qu’il couvre"
                " les prestations facturées avant de vous en prévaloir (l’acte en dit la date"
                " sans le rattacher aux factures)."),
        f"The reception report of {reception.date.isoformat()} (pièce {reception.number})"
        " predates invoice(s) " + ", ".join(inv.number for inv in later) + ": check that it"
        " covers the work invoiced before relying on it (the deed gives its date without"
        " tying it to the invoices).",
        path=f"case.evidence[{reception.number - 1}]")]

"""Draft summonses (``refere_provision``, ``assignation``): one list of paragraphs, two outputs.

:func:`draft_paragraphs` writes the whole deed as a list of :class:`Para` (style + text);
the PDF template (``templates/drafts/assignation.html``) and the DOCX writer
(:mod:`service.documents.docx_writer`) only lay that list out, so the two cannot diverge.

Mentions (shared/reference/legal.md §2.2, §2.3, §2.5, §2.6):

* CPC 648: date of the deed (left blank for the commissaire de justice), the requesting party
  (individual: names, profession, domicile, nationality, date and place of birth; company:
  form, name, seat, legal representative), the commissaire de justice (placeholder), the
  addressee;
* CPC 54: court seised, subject, claimant's identity, and before the tribunal judiciaire for a
  claim up to 5 000 € the prior amicable attempt or the reason for dispensation (54 5°, 750-1);
* CPC 56: hearing place, day and time (and room); facts and law; the pièces in a bordereau;
  how to appear, and the warning that a defendant who does not appear may be judged on the
  claimant's evidence alone;
* TJ: 752 (lawyer compulsory: constitution d’avocat, 15 days to appoint one, art. 763) or 753
  (how the defendant may be assisted or represented, art. 762); TC: 855 (how to be
  represented, art. 853) and the 861-2 reminder (payment terms by a simple requête to the
  greffe after informing the claimant by LRAR);
* référé-provision: CPC 835 al. 2 (TJ) or 873 al. 2 (TC): obligation not seriously disputable.

The service's electronic seal is never presented as the party's or the officer's signature:
the drafts are sealed invisibly and carry « PROJET — NON SIGNIFIÉ » on every page.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any, Literal

from babel.dates import format_date
from marshmallow import Schema, fields

from service import fr
from service.contract.options import CommonOptionsSchema, Options
from service.documents import common
from service.documents import pieces as pieces_mod
from service.documents.base import DocumentPlan, Html, KindSpec, Para, Style
from service.documents.facts import CaseFacts
from service.documents.filing_checks import filing_errors
from service.documents.parties import designation, legal_address, missing_identity
from service.errors import FieldError, field_error
from service.law.courts import CourtChoice
from service.model import Case, Party, Warning

DraftKind = Literal["refere_provision", "assignation"]
WATERMARK = "PROJET — NON SIGNIFIÉ"
BLANK = "…………………………"
STYLESHEETS = ("css/letter.css", "css/draft.css")
_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
           "|décembre")
# « 20 novembre 2026 » is never cut between its day and its month, nor its month and its year
_DATE_SPACES = re.compile(rf"\b(\d{{1,2}}|1er) ({_MONTHS}) (\d{{4}})\b")
# CPC texts reproduced in the deeds, as in force (Légifrance, via francois76/legifrance,
# source/code_de_procédure_civile/code_de_procédure_civile.md at 697f9a61): art. 861-2 (required
# by art. 855 in a payment claim before the TC/TAE) and art. 832 (required by art. 753 before the
# TJ, and printed in a TJ référé by prudence).
ARTICLE_861_2 = (
    "« Sans préjudice des dispositions de l’article 68, la demande incidente tendant à l’octroi"
    " d’un délai de paiement en application de l’article 1343-5 du code civil peut être formée"
    " par requête faite, remise ou adressée au greffe, où elle est enregistrée. L’auteur de cette"
    " demande doit justifier avant l’audience que l’adversaire en a eu connaissance par lettre"
    " recommandée avec demande d’avis de réception. Les pièces que la partie invoque à l’appui"
    " de sa demande de délai de paiement sont jointes à la requête.",
    "L’auteur de cette demande incidente peut ne pas se présenter à l’audience, conformément au"
    " second alinéa de l’article 446-1. Dans ce cas, le juge ne fait droit aux demandes"
    " présentées contre cette partie que s’il les estime régulières, recevables et bien"
    " fondées. »",
)
ARTICLE_832 = (
    "« Sans préjudice des dispositions de l’article 68, la demande incidente tendant à l’octroi"
    " d’un délai de paiement en application de l’article 1343-5 du code civil peut être formée"
    " par courrier remis ou adressé au greffe. Les pièces que la partie souhaite invoquer à"
    " l’appui de sa demande sont jointes à son courrier. La demande est communiquée aux autres"
    " parties, à l’audience, par le juge, sauf la faculté pour ce dernier de la leur faire"
    " notifier par le greffier, accompagnée des pièces jointes, par lettre recommandée avec"
    " demande d’avis de réception.",
    "L’auteur de cette demande incidente peut ne pas se présenter à l’audience, conformément au"
    " second alinéa de l’article 446-1. Dans ce cas, le juge ne fait droit aux demandes"
    " présentées contre cette partie que s’il les estime régulières, recevables et bien"
    " fondées. »",
)
# ---------------------------------------------------------------------------- checks


class DraftOptionsSchema(CommonOptionsSchema):
    """The common options; ``draft`` (the watermark) and ``attach_evidence`` default to true,
    ``format`` may be ``docx``."""

    draft_default = True
    attach_evidence_default = True


class DraftCourtSchema(Schema):
    name = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    department = fields.String(allow_none=True, required=True)


class DraftHearingSchema(Schema):
    date = fields.String(allow_none=True, required=True, metadata={"format": "date"})
    time = fields.String(allow_none=True, required=True)


class DraftDetailsSchema(Schema):
    court = fields.Nested(DraftCourtSchema, required=True)
    lawyer_required = fields.Boolean(required=True)
    hearing = fields.Nested(DraftHearingSchema, required=True)
    draft = fields.Boolean(required=True, metadata={"description": "watermarked"})
    pieces = fields.Integer(required=True)


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


# ---------------------------------------------------------------------------- text helpers


def hearing_time(raw: str) -> str:
    """« 09:30 » -> « 9 h 30 », « 14:00 » -> « 14 heures »."""
    hours, _, minutes = raw.partition(":")
    h = int(hours)
    m = int(minutes or 0)
    return f"{h} heure{'s' if h > 1 else ''}" if m == 0 else f"{h} h {m:02d}"


def _invoice_piece(pieces: dict[str, list[int]], number: str) -> str:
    found = pieces.get(number)
    if not found:
        return ""
    if len(found) == 1:
        return f" (pièce n°\u00a0{found[0]})"
    return " (pièces n°\u00a0" + ", ".join(str(n) for n in found) + ")"


def _ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short_name(case: Case, who: str) -> str:
    p = case.creditor if who == "creditor" else case.debtor
    return f"la société {p.name}" if p.is_company else p.display_name


# ---------------------------------------------------------------------------- the deed


def draft_paragraphs(case: Case, facts: CaseFacts, kind: DraftKind) -> list[Para]:
    """The whole draft, in order, as styled paragraphs (the single source of both formats)."""
    assert case.hearing is not None  # checked
    decompte = facts.decompte
    choice = facts.court
    refere = kind == "refere_provision"
    commercial = choice.is_commercial
    tj = choice.jurisdiction == "tribunal_judiciaire"
    lawyer_needed = choice.lawyer_required_merits
    court = choice.court_name
    hearing = case.hearing
    creditor, debtor = _short_name(case, "creditor"), _short_name(case, "debtor")
    t = common.totals(decompte)
    out: list[Para] = []

    def threshold(value: Decimal | None) -> str:
        # the value choose_court decided with (it is read only where it applies)
        assert value is not None
        return fr.money(value)

    def p(text: str, style: Style = "p", amount: str | None = None) -> None:
        text = _DATE_SPACES.sub("\\1\u00a0\\2\u00a0\\3", fr.typo(text))
        out.append(Para(style, text.upper() if style in ("title", "heading", "center") else text, amount))

    # -- heading and the commissaire de justice's opening -------------------------------------
    p("Assignation en référé-provision" if refere else "Assignation en paiement", "title")
    p(f"devant {'le président du ' if refere else 'le '}{court}"
      + (", statuant en référé" if refere else ""), "subtitle")
    # the year too: service may fall in the next year (F8)
    p(f"L’an deux mille {BLANK} et le {BLANK}", "strong")
    p("[Date de la signification : à compléter par le commissaire de justice]", "blank")

    p("À la requête de :", "heading")
    p(designation(case.creditor, "deed") + ".")
    missing = missing_claimant_identity(case)
    if missing:
        p(f"[À compléter, à peine de nullité (articles 54 et 648 du code de procédure civile) :"
          f" {', '.join(missing)} du demandeur]", "blank")
    if case.lawyer is not None:
        lw = case.lawyer
        toque = f", toque {lw.toque}" if lw.toque else ""
        where = legal_address(lw.address)
        if lawyer_needed:
            p(f"Ayant pour avocat constitué {lw.name}, avocat au {_lower(lw.bar)}{toque}, dont le"
              f" cabinet est situé {where}, qui se constitue sur la présente assignation et ses"
              " suites, et au cabinet duquel il est fait élection de domicile.")
        else:
            agreed = "e" if case.creditor.is_company or _is_woman(case.creditor) else (
                "" if (case.creditor.civility or "").lower().startswith(("m.", "monsieur"))
                else "(e)")
            p(f"Représenté{agreed} par {lw.name}, avocat au {_lower(lw.bar)}{toque}, dont le"
              f" cabinet est situé {where},"
              " au cabinet duquel il est fait élection de domicile.")
    if case.creditor.address.country != "FR" and case.lawyer is None:
        p(f"Le demandeur, domicilié à l’étranger, élit domicile en France : {BLANK}")

    p(f"J’ai, {BLANK}, commissaire de justice, [nom, prénom et adresse de l’étude], soussigné(e),",
      "strong")
    p("Donne assignation à comparaître à :", "heading")
    p(designation(case.debtor, "deed") + ".")
    p(f"Où étant et parlant à : {BLANK} [modalités de remise de l’acte]", "blank")

    # -- the hearing (56 1°) ----------------------------------------------------------------
    p("À l’audience", "heading")
    day = format_date(hearing.date, "EEEE d MMMM y", locale="fr")
    if hearing.date.day == 1:
        day = day.replace(" 1 ", " 1er ", 1)
    place = legal_address(hearing.address)
    room = f", {hearing.room}" if hearing.room else ""
    p(f"Devant {'le président du ' if refere else 'le '}{court}"
      + (", statuant en référé," if refere else ",")
      + f" siégeant {place}{room}, à l’audience"
      + (" d’orientation" if tj and lawyer_needed and not refere else "")
      + f" du {day} à {hearing_time(hearing.time)}.",
      "strong")

    # -- how to appear (56 4°, 752/753, 855, 861-2) ----------------------------------------
    p("Très important", "heading")
    if tj and lawyer_needed:
        # CPC 760, 761: above 10 000 € the lawyer is compulsory before the TJ, référé included
        # (décret 2019-1333); the 762 list of lay representatives does not apply
        p("La représentation par avocat est obligatoire devant le tribunal judiciaire pour la"
          " présente demande (articles 760 et 761 du code de procédure civile) : le défendeur"
          + (" est tenu de constituer avocat pour être représenté à l’audience de référé."
             if refere else
             " est tenu de constituer avocat dans le délai de quinze jours à compter de la"
             " présente assignation (articles 752 et 763 du code de procédure civile)."))
        if not refere:
            p("Toutefois, si l’assignation lui est délivrée dans un délai inférieur ou égal à"
              " quinze jours avant la date de l’audience, le défendeur peut constituer avocat"
              " jusqu’à l’audience (article 763 alinéa 2 du code de procédure civile).")
        p("Le demandeur ne consent pas, à ce stade, à ce que la procédure se déroule sans"
          " audience (article L212-5-1 du code de l’organisation judiciaire).")
    elif tj:
        p("Le défendeur peut se défendre lui-même ou se faire assister ou représenter par un"
          " avocat, par son conjoint, son concubin ou la personne avec laquelle il a conclu un"
          " pacte civil de solidarité, par ses parents ou alliés en ligne directe, par ses"
          " parents ou alliés en ligne collatérale jusqu’au troisième degré inclus, ou par une"
          " personne exclusivement attachée à son service personnel ou à son entreprise"
          " (article 762 du code de procédure civile) ; le représentant, s’il n’est pas avocat,"
          " doit justifier d’un pouvoir spécial.")
        # art. 753 (and, by prudence, the référé too: F3): art. 832 reproduced in full
        p("Conformément à l’article 753 du code de procédure civile, les dispositions de"
          " l’article 832 du même code sont reproduites ci-après :")
        for para in ARTICLE_832:
            p(para, "quote")
    else:
        if lawyer_needed:
            p(f"La demande excédant {threshold(choice.lawyer_threshold)}, les parties sont tenues de"
              " constituer avocat (article 853 du code de procédure civile) : le défendeur doit"
              " être représenté à l’audience par un avocat.")
        else:
            p("Les parties sont dispensées de constituer avocat ; elles ont la faculté de se"
              " faire assister ou représenter par toute personne de leur choix, le représentant"
              " devant, s’il n’est pas avocat, justifier d’un pouvoir spécial (article 853 du"
              " code de procédure civile).")
            p("La procédure est orale (article 860-1 du code de procédure civile) : le défendeur"
              " doit comparaître à l’audience en personne ou s’y faire représenter par une"
              " personne munie d’un pouvoir spécial, ou par un avocat.")
        p("Conformément à l’article 855 du code de procédure civile, les dispositions de"
          " l’article 861-2 du même code sont reproduites ci-après :")
        for para in ARTICLE_861_2:
            p(para, "quote")
    decision = "une décision soit rendue" if refere else "un jugement soit rendu"
    p(f"Faute pour le défendeur de comparaître, il s’expose à ce qu’{decision} contre lui sur"
      " les seuls éléments fournis par son adversaire (article 56 du code de procédure civile).",
      "notice")
    if case.lawyer is not None:
        p(f"Le demandeur a pour représentant {case.lawyer.name}, avocat au {_lower(case.lawyer.bar)}.")
    p("La présente assignation vaut conclusions. Les pièces sur lesquelles la demande est fondée"
      " sont énumérées au bordereau figurant à la fin du présent acte.")

    # -- amicable attempt (54 5°, 750-1) ----------------------------------------------------
    if choice.amicable_attempt_statement_required:
        p("Tentative préalable de résolution amiable", "heading")
        steps = "; ".join(f"{r['kind']} par {r['channel']} du {r['date']}"
                          for r in common.reminders_list(case))
        p("Conformément aux articles 54 5° et 750-1 du code de procédure civile, la demande"
          f" n’excédant pas {threshold(choice.amicable_threshold)}, le demandeur précise : "
          + f"{BLANK} [tentative de conciliation, de médiation ou de procédure participative"
            " accomplie (date, intervenant), ou motif de dispense prévu à l’article 750-1]."
          + (f" Démarches amiables accomplies auprès du défendeur : {steps}." if steps else ""))

    # -- facts -------------------------------------------------------------------------------
    p("Plaise à Monsieur ou Madame le Président" if refere else "Plaise au Tribunal", "title")
    p("I. Exposé des faits", "heading")
    terms = f" ({case.terms.reference})" if case.terms.reference else ""
    p(f"{_ucfirst(creditor)} a exécuté au profit de {debtor}, dans le cadre de leurs relations"
      f" contractuelles{terms}, les prestations facturées comme suit :")
    invoice_pieces = common.invoice_pieces(case)
    for line in decompte.invoices:
        inv = line.invoice
        desc = f" ({inv.description})" if inv.description else ""
        p(f"facture n° {inv.number} du {fr.date_long(inv.issue_date)}{desc}, échue le"
          f" {fr.date_long(inv.due_date)}, d’un montant de {fr.money(inv.amount_incl_tax)} TTC"
          + (f", réglée à hauteur de {fr.money(line.paid)}" if line.paid else "")
          + f", solde restant dû : {fr.money(line.outstanding)}"
          + _invoice_piece(invoice_pieces, inv.number) + ";", "item")
    reminders = common.reminders_list(case)
    if reminders:
        steps = "; ".join(f"{r['kind']} par {r['channel']} du {r['date']}" for r in reminders)
        p(f"Malgré les démarches amiables du créancier ({steps}), {debtor} n’a pas réglé le"
          f" solde de sa dette, qui s’élève en principal à {t['outstanding']}.")
    else:
        p(f"À ce jour, {debtor} n’a pas réglé le solde de sa dette, qui s’élève en principal à"
          f" {t['outstanding']}.")
    if case.dispute and case.dispute.summary:
        p(case.dispute.summary)

    # -- law -----------------------------------------------------------------------------------
    p("II. Discussion", "heading")
    p("Aux termes de l’article 1103 du code civil, les contrats légalement formés tiennent lieu"
      " de loi à ceux qui les ont faits. Le défendeur est donc tenu de payer le prix des"
      " prestations qui lui ont été facturées.")
    if decompte.regime == "consumer":
        start = fr.date_long(decompte.interest_start) if decompte.interest_start else BLANK
        p("Selon l’article 1231-6 du code civil, les dommages et intérêts dus à raison du retard"
          " dans le paiement d’une obligation de somme d’argent consistent dans l’intérêt au taux"
          f" légal, à compter de la mise en demeure, soit en l’espèce à compter du {start}.")
    else:
        p("L’article L441-10 II du code de commerce prévoit que les sommes dues non réglées à"
          " leur échéance portent de plein droit, sans qu’un rappel soit nécessaire, des"
          f" {re.sub(r' [(]article L441-10[^)]*[)]$', '', common.rate_description(decompte, case))}.")
        if decompte.totals.indemnities > 0:
            p("Le débiteur en retard de paiement est en outre de plein droit redevable, pour"
              " chaque facture, d’une indemnité forfaitaire pour frais de recouvrement de"
              f" {fr.money(facts.flat_indemnity)} (articles L441-10 II"
              " et D441-5 du code de commerce).")
    if refere:
        article = "873 alinéa 2" if commercial else "835 alinéa 2"
        p(f"En application de l’article {article} du code de procédure civile, dans les cas où"
          " l’existence de l’obligation n’est pas sérieusement contestable, le président peut"
          " accorder une provision au créancier.")
        p("En l’espèce, l’obligation de payer n’est pas sérieusement contestable : les"
          " prestations ont été facturées et les factures n’ont fait l’objet d’aucune"
          " contestation sérieuse"
          + (", et les démarches amiables sont restées sans effet." if case.reminders else "."))
    p("Il serait inéquitable de laisser à la charge du demandeur les frais non compris dans les"
      " dépens qu’il a dû exposer pour faire valoir ses droits (article 700 du code de"
      " procédure civile).")

    # -- claims -------------------------------------------------------------------------------
    p("Par ces motifs", "title")
    vus = ["les articles 1103 et 1231-6 du code civil" if decompte.regime == "consumer"
           else "l’article 1103 du code civil"]
    if decompte.regime != "consumer":
        vus.append("les articles L441-10 et D441-5 du code de commerce"
                   if decompte.totals.indemnities > 0 else "l’article L441-10 du code de commerce")
    if refere:
        vus.append(f"l’article {'873' if commercial else '835'} du code de procédure civile")
    vus.append("les pièces visées au bordereau")
    p("Vu " + ", ".join(vus[:-1]) + " et " + vus[-1] + ",")
    if refere:
        p("Il est demandé à Monsieur ou Madame le Président de renvoyer les parties à se pourvoir"
          " au principal ainsi qu’elles aviseront, mais dès à présent, vu l’absence de"
          " contestation sérieuse :")
        p(f"Condamner {debtor} à payer à {creditor}, à titre de provision :", "strong")
    else:
        p("Il est demandé au Tribunal de :")
        p(f"Condamner {debtor} à payer à {creditor} :", "strong")
    p("en principal, au titre des factures impayées", "claim", t["outstanding"])
    after = fr.date_long(decompte.as_of + timedelta(days=1))
    if decompte.regime == "consumer":
        p(f"intérêts au taux légal arrêtés au {fr.date_long(decompte.as_of)}", "claim",
          t["interest"])
        running = "les intérêts au taux légal"
    else:
        p(f"pénalités de retard (article L441-10 du code de commerce) arrêtées au"
          f" {fr.date_long(decompte.as_of)}", "claim", t["interest"])
        if decompte.totals.indemnities > 0:
            p("indemnités forfaitaires pour frais de recouvrement (article D441-5 du code de"
              " commerce)", "claim", t["indemnities"])
        # the BCE + 10 rate changes every half-year: « au même taux » would be wrong
        running = "les pénalités de retard, calculées selon les mêmes modalités,"
    p(f"soit un total de {t['total_due']} ({t['total_due_words']}) arrêté au"
      f" {fr.date_long(decompte.as_of)},", "strong")
    p(f"outre {running} sur le principal restant dû à compter du {after} et jusqu’à complet"
      " paiement ;")
    p(f"Condamner {debtor} à payer à {creditor} la somme de {BLANK}\u00a0€ au titre de l’article 700"
      " du code de procédure civile ;")
    p(f"Condamner {debtor} aux entiers dépens (article 696 du code de procédure civile) ;")
    if refere:
        p("Rappeler que l’ordonnance à intervenir est exécutoire à titre provisoire (article 489"
          " du code de procédure civile), le juge statuant en référé ne pouvant écarter"
          " l’exécution provisoire de droit (article 514-1 alinéa 3 du code de procédure"
          " civile).")
    else:
        p("Rappeler que l’exécution provisoire est de droit (article 514 du code de procédure"
          " civile).")
    p("Sous toutes réserves", "center")
    p(f"Dont acte. Coût de l’acte : {BLANK}", "blank")
    p("Signature du commissaire de justice : [à apposer lors de la signification]", "blank")

    # -- bordereau (56 3°) ------------------------------------------------------------------------
    p("Bordereau des pièces communiquées", "heading")
    if case.evidence:
        for i, ev in enumerate(case.evidence, start=1):
            date = f" du {fr.date_short(ev.date)}" if ev.date else ""
            p(f"Pièce n° {i} : {ev.title}{date}", "item")
    else:
        p("[Pièces à énumérer : factures, conditions générales, relances, mise en demeure]",
          "blank")
    return out


def _is_woman(party: Party) -> bool:
    return (party.civility or "").lower().startswith(("mme", "madame"))


def missing_claimant_identity(case: Case) -> list[str]:
    """What CPC 54 3° a and 648 want of an individual claimant and the case does not give."""
    return [label for _, label, _ in missing_identity(case.creditor)]


def _lower(bar: str) -> str:
    """« Barreau de Lyon » -> « barreau de Lyon » (after « avocat au »)."""
    return bar[:1].lower() + bar[1:] if bar.lower().startswith("barreau") else bar


# ---------------------------------------------------------------------------- warnings


# référé (CPC 486, « temps suffisant »): below this many days, a warning (practice, not law)
REFERE_PRACTICE_DAYS = 8


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
    if not case.evidence:
        out.append(Warning(
            "no_evidence",
            fr.typo("Aucune pièce fournie (case.evidence) : le bordereau des pièces (CPC art. 56)"
                    " est à compléter."),
            "No evidence supplied (case.evidence): the list of pièces (CPC art. 56) must be"
            " completed.", path="case.evidence"))
    return out


# ---------------------------------------------------------------------------- plan


TITLES = {"refere_provision": "Assignation en référé-provision",
          "assignation": "Assignation en paiement"}


def draft_plan(case: Case, facts: CaseFacts, options: Options, kind: DraftKind) -> DocumentPlan:
    choice = facts.court
    paras = draft_paragraphs(case, facts, kind)
    watermark = WATERMARK if options.draft else None
    title = f"{TITLES[kind]} — {case.reference}"
    pieces = pieces_mod.attached_pieces(case, facts, options)
    meta = common.document_meta(
        case, title=title, subject=f"Projet d’{TITLES[kind].lower()}, dossier {case.reference}",
        keyword="assignation")
    footer = fr.typo(f"{TITLES[kind]} — {case.creditor.display_name} c/"
                     f" {case.debtor.display_name} — Réf.\u00a0{case.reference}")
    ctx = {"meta": meta, "footer": footer, "draft": watermark, "paragraphs": paras}
    parts: list[Any] = [Html("drafts/assignation.html", ctx, stylesheets=STYLESHEETS,
                             bookmark=TITLES[kind], anchors=("seal", "recipient"))]
    if pieces:
        parts.append(pieces_mod.pieces_part(
            case, pieces, court=choice.court_name,
            purpose=f"Pièces communiquées à l’appui de l’{TITLES[kind].lower()}", title=title,
            draft=watermark))
    warnings = draft_warnings(case, choice, kind) + pieces_mod.piece_warnings(pieces)
    details = {
        "court": {"name": choice.court_name, "jurisdiction": choice.jurisdiction,
                  "department": choice.department},
        "lawyer_required": choice.lawyer_required_merits,
        "hearing": {"date": case.hearing.date.isoformat() if case.hearing else None,
                    "time": case.hearing.time if case.hearing else None},
        "draft": watermark is not None,
        "pieces": len(pieces) if pieces else len(case.evidence),
    }
    return DocumentPlan(
        parts=tuple(parts),
        docx=tuple(paras),
        docx_meta={"meta": meta, "header": watermark, "footer": footer},
        filename=f"{'refere-provision' if kind == 'refere_provision' else 'assignation'}"
                 f"_{case.reference}.pdf",
        signature_reason=f"Projet d’{TITLES[kind].lower()} — dossier {case.reference}",
        warnings=tuple(warnings),
        details=details,
        legacy=details,
    )


def draft_spec(kind: DraftKind, description: str) -> KindSpec:
    """The registry entry of a draft kind: both are written here and differ only by name."""

    def plan(case: Case, facts: CaseFacts, options: Options) -> DocumentPlan:
        return draft_plan(case, facts, options, kind)

    camel = "".join(w.capitalize() for w in kind.split("_"))
    # one class per kind: each kind publishes its own Options.<kind> and Details.<kind>
    options_schema = type(f"{camel}OptionsSchema", (DraftOptionsSchema,),
                          {"__doc__": DraftOptionsSchema.__doc__})
    details_schema = type(f"{camel}DetailsSchema", (DraftDetailsSchema,), {})
    return KindSpec(
        name=kind,
        template_version=f"{kind}@1",
        description=description,
        options_schema=options_schema,
        details_schema=details_schema,
        check=check,
        plan=plan,
        posted_by_lrar="no",
        pursues_debtor=True,
        formats=("pdf", "docx"),
    )

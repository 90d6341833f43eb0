"""The deed itself: :func:`draft_paragraphs` writes the whole summons (référé-provision or
assignation au fond) as a list of :class:`Para`, the single source of the PDF and the DOCX."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from babel.dates import format_date

from service import fr
from service.documents import common
from service.documents.base import Para, Style
from service.documents.drafts_checks import reception_warnings
from service.documents.drafts_text import (
    ARTICLE_832,
    ARTICLE_861_2,
    BLANK,
    DATE_SPACES,
    DraftKind,
    bar_lower,
    consumer_start,
    hearing_time,
    invoice_piece_ref,
    missing_claimant_identity,
    pieces_ref,
    reception_fact,
    reception_report,
    short_name,
    ucfirst,
)
from service.documents.facts import CaseFacts
from service.documents.parties import (
    argued_subject,
    designation,
    legal_address,
    party_gender,
    role_word,
)
from service.documents.pieces import keep_numbers
from service.law.decompte import Decompte
from service.model import Case


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
    creditor, debtor = short_name(case, "creditor"), short_name(case, "debtor")
    t = common.totals(decompte)
    out: list[Para] = []

    def threshold(value: Decimal | None) -> str:
        # the value choose_court decided with (it is read only where it applies)
        assert value is not None
        return fr.money(value)

    keep: str | None = None  # the group the next paragraphs belong to (never split)

    def p(text: str, style: Style = "p", amount: str | None = None,
          cells: tuple[str, ...] = ()) -> None:
        text = keep_numbers(DATE_SPACES.sub("\\1\u00a0\\2\u00a0\\3", fr.typo(text)))
        upper = style in ("title", "heading", "center")
        out.append(Para(style, text.upper() if upper else text, amount,
                        tuple(keep_numbers(c) for c in cells), keep))

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
        if lawyer_needed and tj:
            p(f"Ayant pour avocat constitué {lw.name}, avocat au {bar_lower(lw.bar)}{toque}, dont le"
              f" cabinet est situé {where}, qui se constitue sur la présente assignation et ses"
              " suites, et au cabinet duquel il est fait élection de domicile.")
        else:
            gender = party_gender(case.creditor)
            agreed = "e" if gender == "f" else "" if gender == "m" else "(e)"
            p(f"Représenté{agreed} par {lw.name}, avocat au {bar_lower(lw.bar)}{toque}, dont le"
              f" cabinet est situé {where},"
              " au cabinet duquel il est fait élection de domicile.")
    if case.creditor.address.country != "FR" and case.lawyer is None:
        claimant = role_word(case.creditor, "Le demandeur, domicilié",
                             "La demanderesse, domiciliée")
        p(f"{claimant} à l’étranger, élit domicile en France : {BLANK}")

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
              " se faire représenter par un avocat (article 853 du code de procédure civile) :"
              " le défendeur doit être représenté à l’audience par un avocat.")
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
        p(f"Le demandeur a pour représentant {case.lawyer.name}, avocat au {bar_lower(case.lawyer.bar)}.")
    p("La présente assignation vaut conclusions. Les pièces sur lesquelles la demande est fondée"
      + (" sont énumérées au bordereau figurant à la fin du présent acte." if case.evidence else
         " sont à énumérer au bordereau figurant à la fin du présent acte, à compléter avant la"
         " signification (article 56 du code de procédure civile)."))

    # -- amicable attempt (54 5°, 750-1) ----------------------------------------------------
    if choice.amicable_attempt_statement_required:
        p("Tentative préalable de résolution amiable", "heading")
        steps = "; ".join(f"{r['kind']} par {r['channel']} du {r['date']}{r['scope_comma']}"
                          for r in common.reminders_list(case))
        p("Conformément aux articles 54 5° et 750-1 du code de procédure civile, la demande"
          f" n’excédant pas {threshold(choice.amicable_threshold)}, le demandeur précise : "
          + f"{BLANK} [tentative de conciliation, de médiation ou de procédure participative"
            " accomplie (date, intervenant), ou motif de dispense prévu à l’article 750-1]."
          + (f" Démarches amiables accomplies auprès du défendeur : {steps}." if steps else ""))

    # -- facts -------------------------------------------------------------------------------
    p("Plaise à Madame ou Monsieur le Président" if refere else "Plaise au Tribunal", "title")
    p("I. Exposé des faits", "heading")
    # the general terms relied on, with the pièce producing them (third reading 3)
    terms_ref = pieces_ref(common.terms_pieces(case))
    contract = common.contract_name(case)
    terms = (f" ({contract}{', ' + terms_ref if terms_ref else ''})" if contract else "")
    p(f"{ucfirst(creditor)} a exécuté au profit de {debtor}, dans le cadre de leurs relations"
      f" contractuelles{terms}, les prestations facturées comme suit :")
    invoice_pieces = common.invoice_pieces(case)
    for line in decompte.invoices:
        inv = line.invoice
        desc = f" ({inv.description})" if inv.description else ""
        p(f"facture n° {inv.number} du {fr.date_long(inv.issue_date)}{desc}, échue le"
          f" {fr.date_long(inv.due_date)}, d’un montant de {fr.money(inv.amount_incl_tax)} TTC"
          + (f", réglée à hauteur de {fr.money(line.paid)}" if line.paid else "")
          + f", solde restant dû : {fr.money(line.outstanding)}"
          + invoice_piece_ref(invoice_pieces, inv.number) + ";", "item")
    reminders = common.reminders_list(case)
    if reminders:
        # the mise en demeure with the pièces producing it and its receipt (third reading 2)
        notice = pieces_ref(common.notice_pieces(case))
        steps = "; ".join(f"{r['kind']} par {r['channel']} du {r['date']}{r['scope_comma']}"
                          + (f", {notice}" if notice and r["kind"] == "mise en demeure" else "")
                          for r in reminders)
        p(f"Malgré les démarches amiables du créancier ({steps}), {debtor} n’a pas réglé le"
          f" solde de sa dette, qui s’élève en principal à {t['outstanding']}.")
    else:
        p(f"À ce jour, {debtor} n’a pas réglé le solde de sa dette, qui s’élève en principal à"
          f" {t['outstanding']}.")
    # the free-text dispute note is never pasted (second reading 5): only what a pièce proves
    reception = reception_report(case)
    if reception is not None:
        # what the report says, not more (seventh reading 4: reception_fact)
        p(ucfirst(reception_fact(reception, debtor))
          + f" (procès-verbal de réception, pièce n° {reception.number}).")

    # -- law -----------------------------------------------------------------------------------
    p("II. Discussion", "heading")
    # the argument is about the named party: it agrees with her (seventh reading 2)
    owing, feminine = argued_subject(case.debtor, "le défendeur")
    p("Aux termes de l’article 1103 du code civil, les contrats légalement formés tiennent lieu"
      f" de loi à ceux qui les ont faits. {owing} est donc {'tenue' if feminine else 'tenu'}"
      " de payer le prix des prestations qui lui ont été facturées.")
    if decompte.regime == "consumer":
        p("Selon l’article 1231-6 du code civil, les dommages et intérêts dus à raison du retard"
          " dans le paiement d’une obligation de somme d’argent consistent dans l’intérêt au taux"
          f" légal, à compter de la mise en demeure, soit en l’espèce {consumer_start(case, decompte)}.")
    else:
        p("L’article L441-10 II du code de commerce prévoit que les sommes dues non réglées à"
          " leur échéance portent de plein droit, sans qu’un rappel soit nécessaire, des"
          f" {re.sub(r' [(]article L441-10[^)]*[)]$', '', common.rate_description(decompte, case))}.")
        if decompte.totals.indemnities > 0:
            p("Le débiteur en retard de paiement est en outre de plein droit redevable, pour"
              " chaque facture, d’une indemnité forfaitaire pour frais de recouvrement de"
              f" {fr.money(facts.flat_indemnity)} (articles L441-10 II"
              " et D441-5 du code de commerce).")
    periods_table(decompte, p)
    if refere:
        article = "873 alinéa 2" if commercial else "835 alinéa 2"
        p(f"En application de l’article {article} du code de procédure civile, dans les cas où"
          " l’existence de l’obligation n’est pas sérieusement contestable, le président peut"
          " accorder une provision au créancier.")
        despite = " malgré les démarches amiables restées sans effet" if case.reminders else ""
        if reception is not None:
            # the obligation rests on the contract and the invoices; the report only adds
            # what it proves (seventh reading 4), and only when it can cover every invoice:
            # a report that predates part of the work billed (reception_before_invoice) is
            # stated among the facts, not argued (ninth reading 3)
            billed = pieces_ref(sorted({n for ns in invoice_pieces.values() for n in ns}))
            argued = not reception_warnings(case)
            p("En l’espèce, l’obligation de payer n’est pas sérieusement contestable : elle"
              f" résulte du contrat liant les parties{terms} et des factures produites"
              + (f" ({billed})" if billed else "")
              + f", dont le solde demeure impayé{despite}"
              + (f" ; en outre, {reception_fact(reception, debtor)} (procès-verbal de"
                 f" réception, pièce n° {reception.number})." if argued else "."))
        else:
            p("En l’espèce, l’obligation de payer n’est pas sérieusement contestable : les"
              f" prestations exécutées au profit de {debtor} sont établies par les pièces"
              f" produites, et leur prix demeure impayé{despite}.")
    p("Il serait inéquitable de laisser à la charge "
      + role_word(case.creditor, "du demandeur", "de la demanderesse")
      + " les frais non compris dans les dépens "
      + role_word(case.creditor, "qu’il", "qu’elle")
      + " a dû exposer pour faire valoir ses droits (article 700 du code de procédure civile).")

    # -- claims -------------------------------------------------------------------------------
    # « Par ces motifs », the « Vu », the lead-in « Condamner … », its sums and their total
    # never part (visual review P6)
    keep = "provision"
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
        p("Il est demandé à Madame ou Monsieur le Président de renvoyer les parties à se pourvoir"
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
            p("indemnités forfaitaires pour frais de recouvrement (articles L441-10 II et D441-5"
              " du code de commerce)", "claim", t["indemnities"])
        # the BCE + 10 rate changes every half-year: « au même taux » would be wrong
        running = "les pénalités de retard, calculées selon les mêmes modalités,"
    p(f"soit un total de {t['total_due']} ({t['total_due_words']}) arrêté au"
      f" {fr.date_long(decompte.as_of)},", "strong")
    p(f"outre {running} sur le principal restant dû à compter du {after} et jusqu’à complet"
      " paiement ;")
    keep = None
    p(f"Condamner {debtor} à payer à {creditor} la somme de {BLANK}\u00a0€ au titre de l’article 700"
      " du code de procédure civile ;")
    p(f"Condamner {debtor} aux entiers dépens (article 696 du code de procédure civile) ;")
    # the last dispositif item goes with « Sous toutes réserves », « Dont acte » and the
    # signature: the closing never stands alone at the top of a page (P7, P9)
    keep = "closing"
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

    # -- bordereau (56 3°, on pain of nullity): in one piece (P8) ---------------------------------
    keep = "bordereau"
    p("Bordereau des pièces communiquées", "heading")
    if case.evidence:
        for i, ev in enumerate(case.evidence, start=1):
            date = f" du {fr.date_short(ev.date)}" if ev.date else ""
            p(f"Pièce n° {i} : {ev.title}{date}", "item")
    else:
        # a draft for a lawyer (A2): the act cannot be served without it
        p("[Bordereau à établir avant la signification, à peine de nullité (article 56 du code"
          " de procédure civile) : aucune pièce n’a été fournie. Énumérer les factures, les"
          " conditions générales, les relances et la mise en demeure produites.]", "blank")
    return out


def periods_table(decompte: Decompte, p: Callable[..., None]) -> None:
    """The breakdown of the interest or penalties claimed (legal review F6): per invoice each
    period with its dates, days, base and rate, the invoice's total (rounded once per invoice,
    as the décompte does), then the total claimed."""
    lines = [line for line in decompte.invoices if line.periods]
    if not lines:
        return
    consumer = decompte.regime == "consumer"
    what = "Les intérêts au taux légal" if consumer else "Les pénalités de retard"
    p(f"{what} arrêtés au {fr.date_long(decompte.as_of)} se décomposent comme suit (principal"
      " restant dû × taux annuel × nombre de jours / 365, chaque période comptée du premier au"
      " dernier jour inclus, montant arrondi au centime sur le total de chaque facture) :"
      if consumer else
      f"{what} arrêtées au {fr.date_long(decompte.as_of)} se décomposent comme suit (principal"
      " restant dû × taux annuel × nombre de jours / 365, chaque période comptée du premier au"
      " dernier jour inclus, montant arrondi au centime sur le total de chaque facture) :",
      "lead")
    p("", "period_head", cells=("Facture", "Du", "Au", "Jours", "Base", "Taux", "Montant"))
    for line in lines:
        for k, per in enumerate(line.periods):
            p("", "period", cells=(
                line.invoice.number if k == 0 else "", fr.date_short(per.start),
                fr.date_short(per.end), str(per.days), fr.money(per.principal),
                fr.percent(per.rate), fr.money(fr.round_cents(Decimal(per.exact_amount.numerator)
                                                              / per.exact_amount.denominator))))
        if len(line.periods) > 1:
            p("", "period_total", cells=(f"Total facture {line.invoice.number}", "", "", "",
                                         "", "", fr.money(line.interest)))
    p("", "period_total", cells=("Total des intérêts" if consumer else "Total des pénalités", "",
                                 "", "", "", "", fr.money(decompte.totals.interest)))

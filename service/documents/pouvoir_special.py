"""Pouvoir spécial: the special power of attorney a representative who is not a lawyer shows
(CPC 416; before the tribunal de commerce 853, the tribunal judiciaire 762; for the requête en
injonction de payer 1407 and the opposition 1415 s.).

What it says: the principal (the creditor, by its legal representative), the agent
(``case.issuer`` of kind ``mandataire``, or the person named in ``options.agent``), the case
(reference, debtor, invoices, amount) and the court, the acts authorised, the place and date,
and the two signature blocks (« Bon pour pouvoir », « Bon pour acceptation »).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields

from service import fr
from service.contract.fields import Choice, Text
from service.contract.options import CommonOptionsSchema, Options
from service.documents import common, letters
from service.documents.base import DocumentPlan, Html, KindSpec
from service.documents.facts import CaseFacts
from service.documents.parties import (
    acting_for_company,
    designation,
    footer_mentions,
    is_legal_representative,
    registration_text,
)
from service.errors import FieldError, field_error
from service.model import Case, Issuer, Warning

ACTS = {
    "requete": "déposer en son nom la requête en injonction de payer, le bordereau et les"
               " pièces au greffe, et recevoir toute communication du greffe (articles 1405 à"
               " 1407 du code de procédure civile)",
    "opposition": "la représenter à l’instance sur opposition, déposer tous écrits et pièces et"
                  " prendre la parole à l’audience (articles 1415 et suivants du code de"
                  " procédure civile)",
    "instance": "la représenter à l’instance au fond, conclure, plaider et recevoir toute"
                " notification (articles 762 et 853 du code de procédure civile)",
}

# what the act « requete » carries besides the filing (fourth reading 12): consigning the
# costs at the commercial court only (CPC 1425), collecting the order and the pièces
# everywhere (CPC 1410; legal.md §2.1)
CONSIGNATION = ("consigner au greffe les frais de la procédure (article 1425 du code de"
                " procédure civile)")
COLLECTION = ("retirer au greffe la copie certifiée conforme de la requête, du bordereau des"
              " pièces et de l’ordonnance revêtue de la formule exécutoire, ainsi que les pièces"
              " produites (articles 1410 et 1411 du code de procédure civile)")


def acts_text(acts: Sequence[str], *, commercial: bool) -> list[str]:
    """The acts authorised, in order, the requête followed by its consignation (commercial
    court) and the collection of the order."""
    out = []
    for act in acts:
        out.append(ACTS[act])
        if act == "requete":
            out += [CONSIGNATION] if commercial else []
            out.append(COLLECTION)
    return [fr.typo(a) for a in out]


def agent_signatory(case: Case, options: PouvoirOptions) -> str:
    """Who signs « Bon pour acceptation » (fourth reading 12): the agent company's signatory
    with its capacity, « Julien Morel, chargé de recouvrement, pour Recouvre Conseil SAS »; a
    named agent (``options.agent``) by its name, the text before its first comma."""
    if options.agent is not None:
        return fr.typo(options.agent.split(",")[0].strip())
    iss = case.issuer
    assert iss is not None
    if iss.signatory is None:
        return fr.typo(iss.name)
    title = iss.signatory.title
    capacity = f", {title[:1].lower()}{title[1:]}" if title else ""
    return fr.typo(f"{iss.signatory.name}{capacity}, pour {iss.name}")


@dataclass(frozen=True)
class PouvoirOptions(Options):
    acts: Sequence[str] = ("requete", "opposition")
    agent: str | None = None


class PouvoirOptionsSchema(CommonOptionsSchema):
    options_class = PouvoirOptions
    acts = fields.List(Choice(tuple(ACTS)), load_default=lambda: ["requete", "opposition"],
                       metadata={"description": "the acts authorised: requete | opposition |"
                                                " instance (default requete, opposition)"})
    agent = Text(max_length=200, allow_none=True, load_default=None, metadata={
        "description": "the agent's name and address when it is not case.issuer (a named"
                       " person: « M. Julien Morel, 20 rue Childebert, 69002 Lyon »)"})


class PouvoirDetailsSchema(Schema):
    agent = fields.String(required=True)
    acts = fields.List(fields.String(), required=True)
    court = fields.String(allow_none=True, required=True)


def check(case: Case, facts: CaseFacts, options: PouvoirOptions) -> list[FieldError]:
    errors = letters.require_signatory(case, need_title=True)
    iss = case.issuer
    if options.agent is None and (iss is None or iss.kind != "mandataire"):
        errors.append(field_error(
            "options.agent", "required",
            "Mandataire manquant : case.issuer de type « mandataire » ou options.agent (un"
            " avocat ou un commissaire de justice n’a pas besoin de pouvoir, art. 416 CPC).",
            "Agent missing: case.issuer of kind mandataire, or options.agent (a lawyer or a"
            " commissaire de justice needs no power, CPC 416)."))
    if not options.acts:
        errors.append(field_error("options.acts", "required", "Aucun acte autorisé.",
                                  "No act authorised."))
    return errors


def agent_designation(iss: Issuer) -> str:
    """The agent company designated as a company party is (fifth reading 5): « Recouvre
    Conseil, SAS au capital de …, immatriculée sous le n° … au RCS de Lyon, dont le siège social
    est situé 20 rue Childebert, 69002 Lyon, prise en la personne de son représentant légal, et
    pour elle M. Julien Morel, chargé de recouvrement, dûment habilité » (« représentée par son
    président, M. … » when the signatory's title is a legal representative's), with what the
    case gives; a name that ends with its form loses it there
    (« Recouvre Conseil SAS » with ``legal_form`` SAS)."""
    name = iss.name
    form = iss.legal_form
    if form and name.upper().split()[-1:] == [form.upper()] and len(name.split()) > 1:
        name = name[: -len(form)].rstrip(" ,")
    bits = [name]
    if form:
        bits.append(form + (f" au capital de {fr.money(iss.share_capital)}"
                            if iss.share_capital is not None else ""))
    if iss.siren:
        bits.append(registration_text(iss.siren, iss.rcs_city, "letter"))
    text = ", ".join(bits)
    if iss.address:
        text += f", dont le siège social est situé {common.one_line(iss.address)}"
    if iss.signatory:
        # its legal representative, or the person acting for it (seventh reading 2)
        text += ", " + acting_for_company(iss.signatory.name, iss.signatory.title)
    return text


def _court_in_text(name: str) -> str:
    """« Tribunal des activités économiques de Lyon » -> « tribunal des activités économiques de
    Lyon » after « devant le » (fifth reading 5, as in the requête and the letters)."""
    return name[:1].lower() + name[1:] if name.startswith("Tribunal ") else name


def plan(case: Case, facts: CaseFacts, options: PouvoirOptions) -> DocumentPlan:
    iss = case.issuer
    warnings: list[Warning] = []
    if options.agent is not None:
        agent = fr.typo(options.agent)
    else:
        assert iss is not None
        agent = fr.typo(agent_designation(iss))
        if not iss.siren:
            warnings.append(Warning(
                "agent_siren_missing",
                "SIREN du mandataire manquant (case.issuer.siren) : le pouvoir ne donne pas son"
                " immatriculation, que le greffe vérifie à l’audience (article 416 du code de"
                " procédure civile).",
                "The agent's SIREN is missing (case.issuer.siren): the power does not give its"
                " registration, which the greffe checks at the hearing (CPC 416).",
                path="case.issuer.siren"))
        person = iss.signatory
        if person is not None and not is_legal_representative(person.title):
            warnings.append(Warning(
                "agent_signatory_delegation",
                fr.typo(f"Le titre de {person.name} (case.issuer.signatory.title) n’est pas"
                        f" celui d’un représentant légal de {iss.name} : le pouvoir nomme la"
                        " société prise en la personne de son représentant légal et, pour elle,"
                        " ce signataire dûment habilité ; gardez la délégation de pouvoir à"
                        " produire si le greffe ou le juge la demande (articles 416 et 853 du"
                        " code de procédure civile)."),
                f"The title of {person.name} (case.issuer.signatory.title) is not a legal"
                f" representative's of {iss.name}: the power names the company through its"
                " legal representative and, for it, this signatory, duly authorised; keep the"
                " delegation of power at hand, the greffe or the judge may ask for it (CPC 416,"
                " 853).",
                path="case.issuer.signatory.title"))
    choice = facts.court_or_none
    commercial = choice is not None and choice.is_commercial
    court = case.court.name if case.court else (choice.court_name if choice else None)
    if choice is not None and not choice.is_commercial and "".join(options.acts) != "requete":
        warnings.append(Warning(
            "representation_tribunal_judiciaire",
            "Devant le tribunal judiciaire, seules les personnes énumérées à l’article 762 du"
            " code de procédure civile peuvent représenter une partie à l’audience : vérifiez"
            " que le mandataire en fait partie.",
            "Before the tribunal judiciaire only the persons listed in CPC 762 may represent a"
            " party at the hearing: check that the agent is one of them.", path="options.acts"))
    principal = designation(case.creditor)
    sig = letters.signatory(case)
    place = (case.signatory.place if case.signatory and case.signatory.place
             else case.creditor.address.city or "")
    title = f"Pouvoir spécial — {case.reference}"
    invoices = ", ".join(f"n° {i.number} du {fr.date_short(i.issue_date)}"
                         for i in case.invoices)
    ctx: dict[str, Any] = {
        "meta": common.document_meta(case, title=title, subject=title, keyword="pouvoir",
                                     author=case.creditor.display_name),
        "footer": footer_mentions(case.creditor),
        "draft": None,
        "principal": fr.typo(principal),
        "agent": agent,
        "debtor": fr.typo(designation(case.debtor)),
        "reference": case.reference,
        "invoices": invoices,
        "total_due": fr.money(facts.decompte.totals.total_due),
        "as_of": fr.date_long(case.as_of),
        "court": fr.typo(_court_in_text(court)) if court else None,
        "acts": acts_text(options.acts, commercial=commercial),
        # the code's ground for this power: 416, and 853 before the commercial court (legal.md
        # §2.5); 762 (TJ) is not in the sources read, so not cited here
        "basis": "articles 416 et 853" if commercial else "article 416",
        "agent_signatory": agent_signatory(case, options),
        "place": place,
        "date": fr.date_long(case.as_of),
        "signatory": sig,
    }
    return DocumentPlan(
        parts=(Html("pouvoir_special/letter.html", ctx, anchors=("seal",)),),
        filename=f"pouvoir-special_{case.reference}.pdf",
        signature_reason=f"Pouvoir spécial — dossier {case.reference}",
        warnings=tuple(warnings),
        details={"agent": agent, "acts": list(options.acts), "court": court})


SPEC = KindSpec(
    name="pouvoir_special",
    template_version="pouvoir_special@1",
    description="Special power of attorney for a representative who is not a lawyer (CPC 416;"
                " TC 853, TJ 762, requête 1407, opposition)",
    options_schema=PouvoirOptionsSchema,
    details_schema=PouvoirDetailsSchema,
    check=check,
    plan=plan,
    posted_by_lrar="no",
)

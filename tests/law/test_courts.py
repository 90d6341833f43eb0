"""Which court, which form: service.law.courts.choose_court."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from service.errors import CaseInvalid
from service.law.courts import CourtChoice, choose_court
from service.law.parameters import load, names
from service.model import Activity, Address, Case, Court, Invoice, Party, PartyType, Terms

AS_OF = date(2026, 11, 2)
NBSP = "\u00a0"


def address(postal_code: str, city: str, country: str = "FR") -> Address:
    return Address(street="1 rue de la Paix", postal_code=postal_code, city=city, country=country)


def party(
    activity: Activity = "commercial",
    *,
    type_: PartyType = "company",
    postal_code: str = "69003",
    city: str = "Lyon",
    country: str = "FR",
    legal_form: str | None = "SAS",
) -> Party:
    return Party(
        type=type_,
        name="Débiteur SAS" if type_ == "company" else "Jean Dupont",
        address=address(postal_code, city, country),
        activity=activity,
        legal_form=legal_form if type_ == "company" else None,
        last_name=None if type_ == "company" else "Dupont",
    )


def consumer(postal_code: str = "38000", city: str = "Grenoble") -> Party:
    return party("consumer", type_="individual", postal_code=postal_code, city=city)


def make_case(
    debtor: Party, *, as_of: date = AS_OF, court: Court | None = None, terms: Terms | None = None
) -> Case:
    return Case(
        reference="DOS-1",
        as_of=as_of,
        creditor=party("commercial", postal_code="75002", city="Paris"),
        debtor=debtor,
        invoices=(Invoice("F-1", date(2026, 5, 1), date(2026, 6, 1), Decimal("3000.00")),),
        terms=terms or Terms(),
        court=court,
    )


def choose(debtor: Party, amount: str = "3000.00", **kw: object) -> CourtChoice:
    return choose_court(make_case(debtor, **kw), claim_amount=Decimal(amount))  # type: ignore[arg-type]


def codes(choice: CourtChoice) -> set[str]:
    return {w.code for w in choice.warnings}


# --- the "Done when" ------------------------------------------------------------------


def test_commercial_debtor_in_lyon_goes_to_the_tae_de_lyon() -> None:
    c = choose(party("commercial", postal_code="69003", city="Lyon"))
    assert c.jurisdiction == "tribunal_des_activites_economiques"
    assert c.court_name == "Tribunal des activités économiques de Lyon"
    assert c.president_title == (
        "Madame ou Monsieur le Président du tribunal des activités économiques de Lyon"
    )
    assert c.cerfa_form == "12946*02"
    assert c.department == "69"
    assert c.amicable_attempt_statement_required is False
    assert "court_not_named" in codes(c)
    assert any(b.startswith("CPC art. 1406") for b in c.legal_basis)


def test_villeurbanne_debtor_also_goes_to_the_tae_de_lyon_by_postal_code_or_name() -> None:
    by_code = choose(party(postal_code="69100", city="VILLEURBANNE"))
    by_name = choose(party(postal_code="69433", city="LYON CEDEX 03"))
    assert by_code.court_name == by_name.court_name == "Tribunal des activités économiques de Lyon"


def test_consumer_in_grenoble_goes_to_the_tribunal_judiciaire_with_the_750_1_statement() -> None:
    c = choose(consumer("38000", "Grenoble"), "3000.00")
    assert c.jurisdiction == "tribunal_judiciaire"
    assert c.cerfa_form == "12948*06"
    assert c.court_name == "Tribunal judiciaire du ressort de Grenoble (38)"
    assert c.president_title == (
        "Madame ou Monsieur le Président du tribunal judiciaire du ressort de Grenoble (38)"
    )
    assert c.amicable_attempt_statement_required is True
    assert "CPC art. 750-1" in c.legal_basis
    statement = next(w for w in c.warnings if w.code == "amicable_attempt_statement")
    assert "pas tranchée" in statement.message_fr and "not settled" in statement.message_en
    assert f"5{chr(0x202F)}000,00{NBSP}€" in statement.message_fr


def test_amicable_statement_only_up_to_5000_and_only_before_the_tj() -> None:
    assert choose(consumer(), "5000.00").amicable_attempt_statement_required is True
    assert choose(consumer(), "5000.01").amicable_attempt_statement_required is False
    # 3 000 € but commercial debtor: 750-1 is a tribunal judiciaire rule only.
    assert choose(party(), "3000.00").amicable_attempt_statement_required is False


def test_company_in_strasbourg_goes_to_the_commercial_chamber_of_the_tj() -> None:
    c = choose(party("commercial", postal_code="67000", city="Strasbourg"))
    assert c.jurisdiction == "chambre_commerciale_tj"
    assert c.cerfa_form == "12946*02"
    assert c.court_name == "Tribunal judiciaire de Strasbourg, chambre commerciale"
    assert c.president_title == (
        "Madame ou Monsieur le Président de la chambre commerciale du tribunal judiciaire de Strasbourg"
    )
    assert c.court_fee["amount_eur"] is None
    assert c.amicable_attempt_statement_required is False


@pytest.mark.parametrize("postal_code,city", [("57100", "Thionville"), ("68500", "Guebwiller")])
def test_moselle_and_haut_rhin_are_alsace_moselle_too(postal_code: str, city: str) -> None:
    c = choose(party(postal_code=postal_code, city=city))
    assert c.jurisdiction == "chambre_commerciale_tj"
    assert c.court_name.endswith("chambre commerciale")


def test_claim_of_12000_needs_a_lawyer_on_the_merits_not_for_the_requete() -> None:
    c = choose(party(), "12000.00")
    assert c.lawyer_required_merits is True
    assert c.lawyer_required_requete is False
    assert "lawyer_required_on_merits" in codes(c)
    assert "CPC art. 853" in c.legal_basis
    assert any(b.startswith("CPC art. 1407") for b in c.legal_basis)
    tj = choose(consumer(), "12000.00")
    assert tj.lawyer_required_merits is True and "CPC art. 760 et 761" in tj.legal_basis


def test_lawyer_threshold_is_strictly_above_10000() -> None:
    assert choose(party(), "10000.00").lawyer_required_merits is False
    assert choose(party(), "10000.01").lawyer_required_merits is True


def test_named_court_in_another_department_is_kept_with_a_warning() -> None:
    court = Court("Tribunal de commerce de Paris", address("75004", "Paris"))
    c = choose(party(postal_code="38000", city="Grenoble"), court=court)
    assert c.court_name == "Tribunal de commerce de Paris"
    assert c.court_address == court.address
    assert c.president_title == "Madame ou Monsieur le Président du tribunal de commerce de Paris"
    mismatch = next(w for w in c.warnings if w.code == "court_department_mismatch")
    assert "1406" in mismatch.message_fr and mismatch.path == "case.court.address.postal_code"
    assert "court_not_named" not in codes(c)


def test_named_court_in_the_debtors_department_raises_no_mismatch() -> None:
    court = Court("Tribunal des activités économiques de Lyon", address("69003", "Lyon"))
    c = choose(party(postal_code="69100", city="Villeurbanne"), court=court)
    assert not codes(c) & {"court_department_mismatch", "court_kind_mismatch", "court_not_named"}


def test_commercial_court_named_for_a_consumer_debt_is_a_kind_mismatch() -> None:
    court = Court("Tribunal de commerce de Grenoble", address("38000", "Grenoble"))
    c = choose(consumer(), court=court)
    assert c.jurisdiction == "tribunal_judiciaire" and c.cerfa_form == "12948*06"
    assert "court_kind_mismatch" in codes(c)
    assert "court_department_mismatch" not in codes(c)
    # worded for a requête and a summons alike: « la demande », never « la requête »
    (mismatch,) = [w for w in c.warnings if w.code == "court_kind_mismatch"]
    assert "la demande relève d" in mismatch.message_fr and "requête" not in mismatch.message_fr


def test_tj_named_for_a_commercial_debt_is_a_kind_mismatch() -> None:
    court = Court("Tribunal judiciaire de Grenoble", address("38000", "Grenoble"))
    assert "court_kind_mismatch" in codes(
        choose(party(postal_code="38000", city="Grenoble"), court=court)
    )


def test_jurisdiction_clause_in_the_terms_changes_nothing() -> None:
    terms = Terms(reference="CGV art. 12 : compétence du tribunal de commerce de Paris")
    c = choose(party(postal_code="69003", city="Lyon"), terms=terms)
    assert c.court_name == "Tribunal des activités économiques de Lyon"


def test_lyon_debtor_in_2024_goes_to_the_tribunal_de_commerce() -> None:
    c = choose(party(postal_code="69003", city="Lyon"), as_of=date(2024, 12, 31))
    assert c.jurisdiction == "tribunal_de_commerce"
    assert c.court_name == "Tribunal de commerce du ressort de Lyon (69)"
    assert c.cerfa_form == "12946*02"
    assert choose(party(), as_of=date(2025, 1, 1)).jurisdiction == (
        "tribunal_des_activites_economiques"
    )


def test_after_the_tae_experiment_the_tribunal_de_commerce_with_a_warning() -> None:
    c = choose(party(postal_code="69003", city="Lyon"), as_of=date(2029, 1, 2))
    assert c.jurisdiction == "tribunal_de_commerce"
    assert "tae_experiment_ended" in codes(c)


def test_commercial_debtor_outside_any_tae_goes_to_the_tc_with_a_generic_name() -> None:
    c = choose(party(postal_code="38000", city="GRENOBLE"))
    assert c.jurisdiction == "tribunal_de_commerce"
    assert c.court_name == "Tribunal de commerce du ressort de Grenoble (38)"
    assert c.president_title == (
        "Madame ou Monsieur le Président du tribunal de commerce du ressort de Grenoble (38)"
    )


@pytest.mark.parametrize(
    "postal_code,city,expected",
    [
        ("75011", "Paris", "Tribunal des activités économiques de Paris"),
        ("92100", "Boulogne-Billancourt", "Tribunal des activités économiques de Nanterre"),
        ("84200", "Carpentras", "Tribunal des activités économiques d’Avignon"),
        ("76600", "Le Havre", "Tribunal des activités économiques du Havre"),
        ("13008", "Marseille", "Tribunal des activités économiques de Marseille"),
    ],
)
def test_other_tae_ressorts(postal_code: str, city: str, expected: str) -> None:
    assert choose(party(postal_code=postal_code, city=city)).court_name == expected


def test_department_with_part_of_a_tae_ressort_warns_and_keeps_the_tc() -> None:
    c = choose(party(postal_code="13100", city="Aix-en-Provence"))
    assert c.jurisdiction == "tribunal_de_commerce"
    assert c.court_name == "Tribunal de commerce du ressort d’Aix-en-Provence (13)"
    assert "tae_ressort_uncertain" in codes(c)
    # Naming the TAE there is not flagged as a kind mismatch: it may be right.
    named = choose(
        party(postal_code="13100", city="Aix-en-Provence"),
        court=Court("TAE de Marseille", address("13006", "Marseille")),
    )
    assert "court_kind_mismatch" not in codes(named)


def test_named_tc_where_the_tae_sits_is_a_kind_mismatch() -> None:
    court = Court("Tribunal de commerce de Lyon", address("69003", "Lyon"))
    assert "court_kind_mismatch" in codes(choose(party(), court=court))


# --- who is a commercial debtor ---------------------------------------------------------------


@pytest.mark.parametrize("activity", ["liberal", "agricultural", "consumer"])
def test_non_trader_individuals_go_to_the_tj(activity: Activity) -> None:
    c = choose(party(activity, type_="individual", postal_code="69003", city="Lyon"))
    assert c.jurisdiction == "tribunal_judiciaire" and c.cerfa_form == "12948*06"
    assert c.court_name == "Tribunal judiciaire du ressort de Lyon (69)"


def test_individual_trader_goes_to_the_commercial_court() -> None:
    c = choose(party("commercial", type_="individual", postal_code="38000", city="Grenoble"))
    assert c.jurisdiction == "tribunal_de_commerce"


def test_artisan_goes_to_the_tc_since_2022_with_a_warning_and_to_the_tj_before() -> None:
    artisan = party("artisanal", type_="individual", postal_code="38000", city="Grenoble")
    now = choose(artisan)
    assert now.jurisdiction == "tribunal_de_commerce"
    assert "artisan_jurisdiction_uncertain" in codes(now)
    before = choose(artisan, as_of=date(2021, 6, 1))
    assert before.jurisdiction == "tribunal_judiciaire"
    assert "artisan_jurisdiction_uncertain" in codes(before)


def test_civil_company_goes_to_the_tj_and_sel_gets_a_warning() -> None:
    sci = choose(party("commercial", legal_form="SCI", postal_code="38000", city="Grenoble"))
    assert sci.jurisdiction == "tribunal_judiciaire"
    sel = choose(party("liberal", legal_form="SELARL", postal_code="38000", city="Grenoble"))
    assert sel.jurisdiction == "tribunal_de_commerce"
    assert "debtor_kind_uncertain" in codes(sel)
    # "SCS" (société en commandite simple) is commercial, not matched by the civil "SC" prefix.
    scs = choose(party("commercial", legal_form="SCS", postal_code="38000", city="Grenoble"))
    assert scs.jurisdiction == "tribunal_de_commerce"


def test_debtor_abroad_is_a_warning_not_an_error() -> None:
    c = choose(party(postal_code="1000", city="Bruxelles", country="BE"))
    assert c.jurisdiction == "tribunal_de_commerce" and c.department is None
    assert "debtor_abroad" in codes(c)


def test_overseas_department_commercial_debt_goes_to_a_tribunal_mixte() -> None:
    c = choose(party(postal_code="97200", city="Fort-de-France"))
    assert c.court_name == "Tribunal mixte de commerce du ressort de Fort-de-France (972)"
    assert "overseas_mixed_court" in codes(c)


# --- fees and data ----------------------------------------------------------------------------


def test_tc_fee_is_uncertain_secondary_with_the_sources_alternatives() -> None:
    fee = choose(party(postal_code="38000", city="Grenoble")).court_fee
    assert fee["amount_eur"] == "25.19"
    assert fee["status"] == "secondary" and fee["uncertain"] is True
    assert "JORFTEXT000053593881" in fee["source"]
    assert {a["amount_eur"] for a in fee["alternatives"]} >= {"33.47", "30.23"}
    assert all(a["status"] == "secondary" for a in fee["alternatives"])
    c = choose(party(postal_code="38000", city="Grenoble"))
    assert "court_fee_uncertain" in codes(c)
    assert "CPC art. 1425" in c.legal_basis


def test_tc_fee_is_dated() -> None:
    fee = choose(party(postal_code="38000", city="Grenoble"), as_of=date(2025, 6, 1)).court_fee
    assert fee["amount_eur"] == "30.89"


def test_tae_uses_the_commercial_greffe_fee() -> None:
    assert choose(party()).court_fee["amount_eur"] == "25.19"


def test_tj_fee_is_zero_with_its_source() -> None:
    fee = choose(consumer()).court_fee
    assert fee["amount_eur"] == "0.00"
    assert "F38156" in fee["source"]
    assert fee["status"] == "secondary"


def test_parameter_files_keep_their_status_and_never_use_floats() -> None:
    assert load(names.LAWYER_THRESHOLD).at(AS_OF).value == Decimal("10000.00")
    assert load(names.AMICABLE_ATTEMPT_THRESHOLD).at(AS_OF).value == Decimal("5000.00")
    assert load(names.COURT_FEE_INJONCTION_TC).at(AS_OF).status == "secondary"
    assert load(names.COURT_FEE_INJONCTION_TJ).at(AS_OF).value == Decimal("0")


def test_used_parameters_are_reported() -> None:
    names = {p.name for p in choose(consumer()).parameters}
    assert names == {"lawyer_threshold", "amicable_attempt_threshold", "court_fee_injonction_tj"}


def test_french_text_uses_no_break_spaces() -> None:
    c = choose(consumer())
    for w in c.warnings:
        assert " :" not in w.message_fr and " ;" not in w.message_fr
        assert "« " not in w.message_fr and " »" not in w.message_fr


# --- client errors ----------------------------------------------------------------------------


def test_nothing_due_is_a_case_error() -> None:
    with pytest.raises(CaseInvalid) as exc:
        choose(party(), "0")
    assert exc.value.errors[0].path == "case.invoices"


def test_date_before_the_tribunal_judiciaire_is_a_case_error() -> None:
    with pytest.raises(CaseInvalid) as exc:
        choose(party(), as_of=date(2019, 12, 31))
    assert exc.value.errors[0].path == "case.as_of"


def test_french_debtor_without_postal_code_is_a_case_error() -> None:
    debtor = replace(party(), address=Address(street="1 rue X", city="Lyon"))
    with pytest.raises(CaseInvalid) as exc:
        choose(debtor)
    assert exc.value.errors[0].path == "case.debtor.address.postal_code"


def test_court_names_and_warnings_follow_the_french_typography_of_fr_py():
    """One rule for the text the service writes: typographic apostrophe, narrow no-break
    spaces inside « », a no-break space before « : », amounts through fr.money."""
    c = choose(party(postal_code="84200", city="Carpentras"), amount="60000.00")
    assert c.court_name == "Tribunal des activités économiques d’Avignon"
    texts = [w.message_fr for w in c.warnings] + list(c.legal_basis)
    assert texts
    for text in texts:
        assert "'" not in text, text
        assert "« " not in text and " »" not in text and " :" not in text, text
    assert any("50\u202f000,00\u00a0€" in t for t in texts)

"""The name of every parameter of the tree, as constants: a typo fails at import, not at run time.

Hand-kept; ``tests/law/test_parameters.py`` proves it lists exactly the files of the tree.
"""

from typing import Final

# interets/: rates and indemnities of the décompte
CONTRACTUAL_RATE_FLOOR_MULTIPLE: Final = "interets.contractual_rate_floor_multiple"
ECB_MRO_RATE: Final = "interets.ecb_mro_rate"
FLAT_INDEMNITY: Final = "interets.flat_indemnity"
LATE_PENALTY_MARGIN: Final = "interets.late_penalty_margin"
LEGAL_RATE_OTHER: Final = "interets.legal_rate_other"
LEGAL_RATE_PRIVATE: Final = "interets.legal_rate_private"

# procedure/: thresholds and fees of the court procedure
AMICABLE_ATTEMPT_THRESHOLD: Final = "procedure.amicable_attempt_threshold"
COURT_FEE_INJONCTION_TC: Final = "procedure.court_fee_injonction_tc"
COURT_FEE_INJONCTION_TJ: Final = "procedure.court_fee_injonction_tj"
LAWYER_THRESHOLD: Final = "procedure.lawyer_threshold"
PETITES_CREANCES_THRESHOLD: Final = "procedure.petites_creances_threshold"

# delais/: time limits
PRESCRIPTION_YEARS: Final = "delais.prescription_years"
ORDONNANCE_SERVICE_MONTHS: Final = "delais.ordonnance_service_months"
ENFORCEMENT_AFTER_SERVICE_MONTHS: Final = "delais.enforcement_after_service_months"

# greffes/: the greffe towns of the RCS
RCS_SEATS: Final = "greffes.rcs_seats"

# juridictions/: which court, by place, date and debtor
ALSACE_MOSELLE: Final = "juridictions.alsace_moselle"
ARTISANS_COMMERCIAL_COURT: Final = "juridictions.artisans_commercial_court"
ECONOMIC_JUSTICE_CONTRIBUTION_THRESHOLD: Final = "juridictions.economic_justice_contribution_threshold"
OVERSEAS: Final = "juridictions.overseas"
TAE_COURTS: Final = "juridictions.tae_courts"
TAE_EXPERIMENT: Final = "juridictions.tae_experiment"
TRIBUNAL_JUDICIAIRE: Final = "juridictions.tribunal_judiciaire"

# formes/: the classification of legal forms
LEGAL_FORMS: Final = "formes.legal_forms"

# poste/: La Poste's registered letter, its weight and its address block
ADDRESS_RULES: Final = "poste.address_rules"
LETTER_WEIGHTS: Final = "poste.letter_weights"
REGISTERED_LETTER: Final = "poste.registered_letter"
REGISTERED_COMPENSATION: Final = "poste.registered_compensation"
REGISTERED_DELIVERY_DAYS: Final = "poste.registered_delivery_days"

# textes/: legal texts reproduced verbatim in documents
CIV_2238: Final = "textes.civ_2238"
CIV_2240: Final = "textes.civ_2240"
CPCE_L111_2: Final = "textes.cpce_l111_2"
CPCE_L111_3: Final = "textes.cpce_l111_3"
CPCE_L111_8: Final = "textes.cpce_l111_8"
CPCE_L125_1: Final = "textes.cpce_l125_1"
VAT_IRRECOVERABLE_REFERENCE: Final = "textes.vat_irrecoverable_reference"

ALL: Final = (
    CONTRACTUAL_RATE_FLOOR_MULTIPLE, ECB_MRO_RATE, FLAT_INDEMNITY, LATE_PENALTY_MARGIN,
    LEGAL_RATE_OTHER, LEGAL_RATE_PRIVATE, AMICABLE_ATTEMPT_THRESHOLD, COURT_FEE_INJONCTION_TC,
    COURT_FEE_INJONCTION_TJ, LAWYER_THRESHOLD, PRESCRIPTION_YEARS, RCS_SEATS,
    CPCE_L111_8, PETITES_CREANCES_THRESHOLD, CIV_2238, CIV_2240, CPCE_L111_2, CPCE_L111_3,
    CPCE_L125_1, ORDONNANCE_SERVICE_MONTHS, ENFORCEMENT_AFTER_SERVICE_MONTHS,
    VAT_IRRECOVERABLE_REFERENCE, ALSACE_MOSELLE, ARTISANS_COMMERCIAL_COURT,
    ECONOMIC_JUSTICE_CONTRIBUTION_THRESHOLD, OVERSEAS, TAE_COURTS, TAE_EXPERIMENT,
    TRIBUNAL_JUDICIAIRE, LEGAL_FORMS, REGISTERED_LETTER, REGISTERED_COMPENSATION, ADDRESS_RULES,
    LETTER_WEIGHTS, REGISTERED_DELIVERY_DAYS,
)

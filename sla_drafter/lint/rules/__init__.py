"""The Python rules, one module each (the missing-<topic> rules are generated in one).

Importing this package registers them; `phrases/` holds the YAML phrase rules.
"""

from . import (
    business_hours_clock,
    conflicting_credit_cap,
    credit_schedule_gap_or_overlap,
    credits_require_claim,
    duplicate_definition,
    duplicate_section_number,
    inconsistent_party_names,
    leftover_placeholder,
    legal_name_variants,
    long_measurement_window,
    low_credit_cap,
    maintenance_exclusion_uncapped,
    missing,
    no_resolution_target,
    number_words_digits_mismatch,
    provider_self_measurement,
    self_referencing_section,
    term_before_definition,
    undefined_cross_reference,
    undefined_defined_term,
)

__all__ = [
    "business_hours_clock",
    "conflicting_credit_cap",
    "credit_schedule_gap_or_overlap",
    "credits_require_claim",
    "duplicate_definition",
    "duplicate_section_number",
    "inconsistent_party_names",
    "leftover_placeholder",
    "legal_name_variants",
    "long_measurement_window",
    "low_credit_cap",
    "maintenance_exclusion_uncapped",
    "missing",
    "no_resolution_target",
    "number_words_digits_mismatch",
    "provider_self_measurement",
    "self_referencing_section",
    "term_before_definition",
    "undefined_cross_reference",
    "undefined_defined_term",
]

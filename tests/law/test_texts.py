"""The legal texts reproduced verbatim, and the small-claims rules."""

from __future__ import annotations

from datetime import date

import pytest

from service.law.parameters import ParameterNotFound, names
from service.law.small_claims import acceptance_deadline
from service.law.texts import SMALL_CLAIMS_TEXTS, legal_text

ON = date(2026, 11, 20)


def test_each_small_claims_text_has_its_source_and_words():
    for name in SMALL_CLAIMS_TEXTS:
        t = legal_text(name, ON)
        # third reading 6d: the texts that say « huissier de justice » are kept as read, their
        # wording in force unverified
        assert t.paragraphs and t.source.status == (
            "verified" if name == names.CPCE_L111_2 else "unverified")
        assert "github.com/francois76/legifrance/blob/" in (t.source.reference.href or "")
    l125 = legal_text(names.CPCE_L125_1, ON)
    assert len(l125.paragraphs) == 5
    assert l125.paragraphs[3] == ("Les frais de toute nature qu'occasionne la procédure sont à la"
                                  " charge exclusive du créancier.")
    l111_3 = legal_text(names.CPCE_L111_3, ON)
    assert l111_3.paragraphs[0] == "Seuls constituent des titres exécutoires :"
    assert any(p.startswith("4° bis Les accords") for p in l111_3.paragraphs)
    assert len(l111_3.paragraphs) == 9
    c2238 = legal_text(names.CIV_2238, ON)
    assert "à compter de l'accord du débiteur constaté par l'huissier de justice" in \
        c2238.paragraphs[0]


def test_display_changes_typography_only():
    t = legal_text(names.CPCE_L111_2, ON)
    shown = t.display_paragraphs[0]
    assert "’" in shown and "'" not in shown
    assert shown.replace("’", "'") == t.paragraphs[0]


def test_dates_before_the_snapshot_are_not_covered():
    with pytest.raises(ParameterNotFound):
        legal_text(names.CPCE_L125_1, date(2020, 1, 1))


def test_acceptance_deadline_is_one_month_moved_to_a_working_day():
    d = acceptance_deadline(date(2026, 11, 20))
    assert d.nominal_end == date(2026, 12, 20)  # a Sunday
    assert d.end == date(2026, 12, 21) and d.extended
    assert acceptance_deadline(date(2026, 11, 23)).end == date(2026, 12, 23)
    assert acceptance_deadline(date(2027, 1, 31)).nominal_end == date(2027, 2, 28)

"""Which court hears the requête en injonction de payer, and which Cerfa form goes with it.

The package's face: :func:`choose_court` and what it returns. Inside: ``choice`` (the steps of the
choice), ``rules`` (civil or commercial debt, court of the place, a named court), ``fees`` (greffe
fee and thresholds), ``data`` (the ``juridictions/`` parameters), ``naming`` (court names and
titles), ``kinds`` (court kinds and forms), ``findings`` (warnings and citations gathered).
"""

from service.law.courts.choice import CourtChoice, choose_court
from service.law.courts.kinds import CERFA_CIVIL, CERFA_COMMERCIAL, Jurisdiction

__all__ = ["CERFA_CIVIL", "CERFA_COMMERCIAL", "CourtChoice", "Jurisdiction", "choose_court"]

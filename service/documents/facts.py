"""The facts of one request, computed once: the décompte, the statement (décompte +
prescription), the court choice with the thresholds it read, the flat indemnity and the
prepared pièces. :func:`service.documents.generate.generate` builds one :class:`CaseFacts`
and hands it to the kind's ``check`` and ``plan``; documents read these values from here and
never re-read a legal value by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from service.errors import CaseInvalid
from service.law.courts import CourtChoice, choose_court
from service.law.decompte import Decompte, compute_decompte
from service.law.parameters import names, value_at
from service.model import Case
from service.pdf.evidence import EvidenceLimits, Piece, prepare_pieces
from service.statement import claim_without_time_barred, statement_from, time_barred


@dataclass(frozen=True)
class CaseFacts:
    case: Case
    evidence_limits: EvidenceLimits | None = None  # the runtime's (pièces are prepared lazily)
    # a demand letter leaves time-barred invoices out of the claim (M16), unless its
    # options.include_time_barred; court filings refuse them instead (filing_checks)
    exclude_time_barred: bool = False

    @cached_property
    def decompte(self) -> Decompte:
        decompte = compute_decompte(self.case)
        if self.exclude_time_barred:
            return claim_without_time_barred(self.case, decompte)
        return decompte

    @cached_property
    def time_barred_claimed(self) -> bool:
        """Time-barred invoices are in the claim (a demand letter with include_time_barred):
        the letter then threatens no court action."""
        return not self.exclude_time_barred and bool(time_barred(self.case))

    @cached_property
    def statement(self) -> dict[str, Any]:
        """The answer's ``decompte`` object: the décompte with the prescription."""
        return statement_from(self.case, self.decompte)

    @cached_property
    def _court(self) -> CourtChoice | CaseInvalid:
        try:
            return choose_court(self.case, claim_amount=self.decompte.totals.total_due)
        except CaseInvalid as exc:  # kept, so a second reader gets the same answer
            return exc

    @property
    def court(self) -> CourtChoice:
        """The court choice for the total due (raises CaseInvalid when there is none: nothing
        due, no postal code…)."""
        choice = self._court
        if isinstance(choice, CaseInvalid):
            raise choice
        return choice

    @property
    def court_or_none(self) -> CourtChoice | None:
        choice = self._court
        return None if isinstance(choice, CaseInvalid) else choice

    @cached_property
    def flat_indemnity(self) -> Decimal:
        """The D441-5 indemnity per invoice: the value the décompte applied, else the one in
        force on ``as_of``."""
        used = [s.value for s in self.decompte.sources if s.name == "flat_indemnity"]
        if used:
            return Decimal(used[-1])
        return Decimal(value_at(names.FLAT_INDEMNITY, self.case.as_of).value)

    @cached_property
    def pieces(self) -> tuple[Piece, ...]:
        """The pièces of ``case.evidence``, prepared with the runtime's limits (CaseInvalid
        naming ``case.evidence[i]`` on a bad item)."""
        if not self.case.evidence:
            return ()
        if self.evidence_limits is None:
            raise RuntimeError("CaseFacts built without evidence limits cannot prepare pièces")
        return tuple(prepare_pieces(self.case.evidence, self.evidence_limits,
                                    path="case.evidence"))

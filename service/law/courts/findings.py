"""What a choice of court found along the way: warnings, the articles it rests on, the dated
parameters it read."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.fr import prose
from service.law.parameters import ParameterValue
from service.model import Warning


@dataclass
class Findings:
    warnings: list[Warning] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    params: list[ParameterValue] = field(default_factory=list)

    requete_only: list[Warning] = field(default_factory=list)

    def warn(self, code: str, fr: str, en: str, path: str | None = None, *,
             requete: bool = False) -> Warning:
        w = Warning(code, prose(fr), en, path=path)
        self.warnings.append(w)
        if requete:
            self.requete_only.append(w)
        return w

    def cite(self, *articles: str) -> None:
        for a in map(prose, articles):
            if a not in self.basis:
                self.basis.append(a)

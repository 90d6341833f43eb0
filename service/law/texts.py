"""Legal texts reproduced verbatim in documents (CPCE R125-2 II asks the small-claims invitation
to reproduce L111-2, L111-3 and L125-1 CPCE and C. civ. 2238).

Each text is a dated parameter (``service/law/parameters/textes/*.yaml``, unit ``text``) read
through the one loader: its words exactly as in the official copy it was read in, with that
copy's reference. :func:`legal_text` gives it for a date, split into paragraphs, with French
typography for display only (typographic apostrophe, no-break spaces before « ; : »): the
words are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service import fr
from service.law.parameters import ParameterValue, names, value_at

# parameter name -> how the document titles it
HEADINGS: dict[str, str] = {
    names.CPCE_L111_2: "Article L. 111-2 du code des procédures civiles d’exécution",
    names.CPCE_L111_3: "Article L. 111-3 du code des procédures civiles d’exécution",
    names.CPCE_L125_1: "Article L. 125-1 du code des procédures civiles d’exécution",
    names.CIV_2238: "Article 2238 du code civil",
    names.CIV_2240: "Article 2240 du code civil",
}
SMALL_CLAIMS_TEXTS = (names.CPCE_L111_2, names.CPCE_L111_3, names.CPCE_L125_1, names.CIV_2238)


@dataclass(frozen=True)
class LegalText:
    name: str
    heading: str
    paragraphs: tuple[str, ...]  # the verbatim words, one entry per paragraph
    source: ParameterValue

    @property
    def display_paragraphs(self) -> tuple[str, ...]:
        return tuple(fr.typo(p.replace("'", "’")) for p in self.paragraphs)

    def as_dict(self) -> dict[str, str]:
        s = self.source
        return {"text": self.name, "heading": self.heading,
                "valid_from": s.valid_from.isoformat(), "status": s.status,
                "source": s.reference.title, **({"href": s.reference.href}
                                                if s.reference.href else {})}


def legal_text(name: str, on: date) -> LegalText:
    """The text ``name`` in force on ``on`` (ParameterNotFound when the data does not cover
    it)."""
    pv = value_at(name, on)
    paragraphs = tuple(p.strip() for p in str(pv.value).split("\n\n") if p.strip())
    return LegalText(name=name, heading=HEADINGS[name], paragraphs=paragraphs, source=pv)

"""French legal forms: one classification (``formes/legal_forms.yaml``), read by the contract (the
activity a form implies), the intake and the choice of court (civil or commercial by form)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from service.law import normalise
from service.law.parameters import load, names

Nature = Literal["commercial", "liberal_commercial", "civil"]


@dataclass(frozen=True)
class LegalForm:
    form: str  # as the table writes it: « SELARL », « SOCIETE CIVILE »
    nature: Nature | None
    activity: str | None


@cache
def _forms() -> tuple[LegalForm, ...]:
    # read as it stands, whatever the case's date (see the file's comment)
    table = load(names.LEGAL_FORMS).values[-1].value
    return tuple(
        LegalForm(str(e["form"]), e.get("nature"), e.get("activity")) for e in table["forms"]
    )


@cache
def _by_letters() -> dict[str, str]:
    return {normalise.letters(f.form): f.activity for f in _forms() if f.activity}


def normalise_form(legal_form: str | None) -> str:
    """« S.A.S. » -> « SAS »: the form as the contract stores a recognised one."""
    return normalise.letters(legal_form)


def activity_for_legal_form(legal_form: str | None) -> str | None:
    """The activity the form implies (commercial, liberal, agricultural), or None."""
    return _by_letters().get(normalise.letters(legal_form))


def has_nature(legal_form: str | None, nature: Nature) -> bool:
    """Whether the form opens with a form of ``nature`` as a whole word (« SCI du Parc »)."""
    if not legal_form:
        return False
    text = normalise.words(legal_form)
    return any(
        text == f.form or text.startswith(f.form + " ") for f in _forms() if f.nature == nature
    )

"""Sheets, envelope, weight and weight step of a letter (API.md « Postage metadata: the rule »).

Sheets = pages (or pages / 2 rounded up when printed on both sides), plus an address sheet when
the provider adds one. Weight = sheets × the weight of an A4 sheet + the envelope (DL up to 5
sheets, C4 above), rounded up to whole grams. The step is the first weight step that holds the
weight plus a margin for the registered label and the AR card. Every number is in
the parameter ``poste/letter_weights.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from typing import Any

from service.errors import invalid
from service.fr import NBSP
from service.law.parameters import load, names
from service.model import Warning


@dataclass(frozen=True)
class LetterWeight:
    pages: int
    sheets: int
    duplex: bool
    address_sheet: bool
    envelope: str  # "DL" | "C4"
    weight_g: int
    weight_step_g: int
    margin_g: int
    status: str  # the least reliable status of the weights used ("estimate")
    warnings: tuple[Warning, ...] = ()


@cache
def weights_data() -> dict[str, Any]:
    """The weights data (``poste/letter_weights.yaml`` as it stands), read once."""
    param = load(names.LETTER_WEIGHTS)
    data: dict[str, Any] = param.values[-1].value
    for entry in (data["paper"], *data["envelopes"].values()):
        for key in ("a4_sheet_g", "weight_g"):
            if key in entry and isinstance(entry[key], float):
                raise TypeError(f"{param.path}: {key} must be written as a string")
    return data


def weight_steps() -> tuple[int, ...]:
    return tuple(int(s) for s in weights_data()["steps_g"])


def _envelope_for(sheets: int) -> tuple[str, dict[str, Any]]:
    envelopes: dict[str, dict[str, Any]] = weights_data()["envelopes"]
    ordered = sorted(envelopes.items(), key=lambda kv: int(kv[1]["max_sheets"]))
    for name, spec in ordered:
        if sheets <= int(spec["max_sheets"]):
            return name, spec
    return ordered[-1]


def letter_weight(
    pages: int,
    *,
    duplex: bool = False,
    address_sheet: bool = False,
    path: str = "options.postage",
) -> LetterWeight:
    """Weigh a letter of ``pages`` A4 pages.

    Raises :class:`~service.errors.CaseInvalid` (at ``path``) above the last step (2 kg).
    ``pages`` comes from the renderer: a value below 1 is a programming error (ValueError).
    """
    if pages < 1:
        raise ValueError(f"a letter has at least one page, got {pages}")
    data = weights_data()
    sheets = -(-pages // 2) if duplex else pages
    if address_sheet:
        sheets += 1
    envelope, spec = _envelope_for(sheets)
    sheet_g = Decimal(str(data["paper"]["a4_sheet_g"]))
    raw = sheet_g * sheets + Decimal(str(spec["weight_g"]))
    weight_g = int(raw.to_integral_value(rounding=ROUND_CEILING))
    margin = int(data["margin_g"])
    steps = weight_steps()
    step = next((s for s in steps if weight_g + margin <= s), None)
    if step is None:
        raise invalid(
            path,
            "postage_too_heavy",
            f"Lettre trop lourde pour un envoi postal{NBSP}: environ {weight_g}{NBSP}g "
            f"({sheets} feuilles), {steps[-1]}{NBSP}g au plus.",
            f"Letter too heavy to be posted: about {weight_g} g ({sheets} sheets), "
            f"at most {steps[-1]} g.",
        )
    warnings: list[Warning] = []
    if sheets > int(spec["max_sheets"]):
        warnings.append(Warning(
            code="envelope_capacity_exceeded",
            message_fr=f"{sheets} feuilles dépassent la capacité d’une enveloppe {envelope} "
            f"({spec['max_sheets']} feuilles){NBSP}: l’envoi devra être scindé.",
            message_en=f"{sheets} sheets exceed the capacity of a {envelope} envelope "
            f"({spec['max_sheets']} sheets): the mailing must be split.",
            path=path,
        ))
    statuses = (data["paper"]["status"], spec["status"])
    status = "estimate" if "estimate" in statuses else statuses[0]
    return LetterWeight(
        pages=pages,
        sheets=sheets,
        duplex=duplex,
        address_sheet=address_sheet,
        envelope=envelope,
        weight_g=weight_g,
        weight_step_g=step,
        margin_g=margin,
        status=status,
        warnings=tuple(warnings),
    )

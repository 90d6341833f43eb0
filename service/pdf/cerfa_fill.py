"""Fill a form's PDF from its field map (:mod:`service.pdf.cerfa_maps`) and semantic values.

The filler knows nothing about a particular PDF: everything comes from the map. Values are drawn
by us, not by the viewer: each filled widget gets an appearance stream written with an embedded
subset of the bundled Liberation Sans, so the text is visible in every viewer and identical after
flattening. Text too long for its box is shrunk, then cut (:mod:`service.pdf.cerfa_layout`); the
full text is returned in ``FillResult.overflow`` for the caller's annex, numbered from 1.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

from service.pdf import fonts
from service.pdf.cerfa_layout import (
    DEFAULT_FONT_SIZE,
    MIN_FONT_SCALE,
    OVERFLOW_MARKER,
    SHORT_OVERFLOW_MARKER,
    Box,
    layout,
    truncate,
)
from service.pdf.cerfa_maps import ALIGNMENTS, FormSpec
from service.pdf.cerfa_pdf import (
    da_size,
    field_of,
    flatten_form,
    inherited,
    max_len,
    rect,
    text_appearance,
    widgets_by_name,
)
from service.pdf.cerfa_pdf import (
    states as widget_states,
)


@dataclass(frozen=True)
class Overflow:
    """A value that did not fit its box; ``reference`` is what the box shows instead, ``number``
    the point of the annex that carries the full text (« Point 1 — … »)."""

    key: str
    label: str
    text: str
    reference: str
    number: int = 0


@dataclass(frozen=True)
class FillResult:
    pdf: bytes
    overflow: list[Overflow] = field(default_factory=list)


def _single_line(text: str) -> str:
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def fill_form(
    spec: FormSpec, values: Mapping[str, str | bool], *, flatten: bool = True
) -> FillResult:
    """Fill ``spec``'s PDF with ``values`` (semantic key -> text, or bool for checkboxes).

    Unknown keys and values of the wrong type raise ``ValueError`` (programming errors). Text
    that does not fit its box is cut at a word boundary and ends with « (suite en annexe,
    point k) »; the full text is returned in ``overflow``, in k order. With ``flatten`` (the
    default) the values are burnt into the pages and no form field remains.
    """
    unknown = sorted(set(values) - set(spec.fields))
    if unknown:
        raise ValueError(f"Cerfa {spec.form_id}: unknown field keys {unknown}")
    for key, value in values.items():
        expected = bool if spec.fields[key].type == "checkbox" else str
        if not isinstance(value, expected):
            raise ValueError(
                f"Cerfa {spec.form_id}: {key} expects {expected.__name__}, "
                f"got {type(value).__name__}"
            )

    writer = PdfWriter(clone_from=PdfReader(spec.pdf_path))
    widgets = widgets_by_name(writer)
    missing = sorted(
        spec.fields[k].pdf_field for k in values if spec.fields[k].pdf_field not in widgets
    )
    if missing:
        raise ValueError(
            f"{spec.pdf_path.name}: no such PDF fields {missing} (check the field map)"
        )

    # Lay every text value out first, so one font subset covers them all.
    overflow: list[Overflow] = []
    laid_out: dict[str, tuple[str, list[str], float]] = {}
    for key, value in values.items():
        fspec = spec.fields[key]
        if fspec.type != "text" or not isinstance(value, str) or not value.strip():
            continue
        _, widget = widgets[fspec.pdf_field][0]
        x1, y1, x2, y2 = rect(widget)
        multiline = fspec.lines > 1 or bool(int(inherited(widget, "/Ff") or 0) & (1 << 12))
        text = value.strip() if multiline else _single_line(value)
        box = Box(
            width=x2 - x1,
            height=y2 - y1,
            size=fspec.font_size or da_size(widget) or DEFAULT_FONT_SIZE,
            lines=max(fspec.lines, 2) if multiline and fspec.lines == 1 else fspec.lines,
            max_chars=min(n for n in (fspec.max_chars, max_len(widget), 10**6) if n),
        )
        laid = layout(text, box)
        if laid is not None:
            laid_out[key] = (text, *laid)
            continue
        k = len(overflow) + 1
        marker = OVERFLOW_MARKER.format(k=k)
        cut = truncate(text, marker, box)
        if cut is None:  # a tiny box (comb, /MaxLen): the short form, clipped if need be
            marker = SHORT_OVERFLOW_MARKER.format(k=k)
            cut = truncate(text, marker, box) or (marker, [marker], box.size * MIN_FONT_SCALE)
        laid_out[key] = cut
        overflow.append(Overflow(key=key, label=fspec.label, text=text, reference=marker,
                                     number=k))

    font_ref = (
        fonts.embed(writer, "".join(t for t, _, _ in laid_out.values())) if laid_out else None
    )

    for key, value in values.items():
        fspec = spec.fields[key]
        entries = widgets[fspec.pdf_field]
        if fspec.type == "checkbox":
            on = NameObject(fspec.on_value or "/Yes")
            states = {state for _, w in entries for state in widget_states(w)}
            if str(on) not in states:
                raise ValueError(
                    f"{spec.pdf_path.name}: checkbox {fspec.pdf_field} has no {on} state "
                    f"(its states: {sorted(states)}); fix on_value in the field map"
                )
            state = on if value else NameObject("/Off")
            field_of(entries[0][1])[NameObject("/V")] = state
            for _, w in entries:
                w[NameObject("/AS")] = state if str(state) in widget_states(w) else NameObject("/Off")
            continue
        assert isinstance(value, str)
        shown = laid_out.get(key)
        field_of(entries[0][1])[NameObject("/V")] = TextStringObject(shown[0] if shown else "")
        for _, w in entries:
            if shown is None:
                w.pop("/AP", None)
                continue
            x1, y1, x2, y2 = rect(w)
            assert font_ref is not None
            multiline = len(shown[1]) > 1 or fspec.lines > 1
            comb = max_len(w) if int(inherited(w, "/Ff") or 0) & (1 << 24) else None
            quadding = ALIGNMENTS[fspec.align] if fspec.align else int(inherited(w, "/Q") or 0)
            ap = text_appearance(
                writer, font_ref, x2 - x1, y2 - y1, shown[1], shown[2], multiline, comb,
                quadding,
            )
            w[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})

    acroform = writer._root_object.get("/AcroForm")
    if acroform is not None:
        acroform = acroform.get_object()
        # Our appearance streams are authoritative; XFA data would hide the AcroForm values.
        acroform.pop("/XFA", None)
        acroform[NameObject("/NeedAppearances")] = BooleanObject(False)

    if flatten:
        flatten_form(writer)
    out = io.BytesIO()
    writer.write(out)
    return FillResult(pdf=out.getvalue(), overflow=overflow)

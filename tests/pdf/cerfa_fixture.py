"""A small AcroForm PDF and its field map, built by the tests: what an operator drops into
forms/cerfa with an official Cerfa (the project ships no form of its own any more)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

# semantic key -> (PDF field name, type, lines); 12948*06 adds the amicable block
COMMON: list[tuple[str, str, str, int]] = [
    ("court.name", "juridiction_nom", "text", 1),
    ("court.address", "juridiction_adresse", "text", 1),
    ("creditor.is_individual", "demandeur_pp", "checkbox", 1),
    ("creditor.is_company", "demandeur_pm", "checkbox", 1),
    ("creditor.name", "demandeur_nom", "text", 1),
    ("creditor.first_names", "demandeur_prenoms", "text", 1),
    ("creditor.profession", "demandeur_profession", "text", 1),
    ("creditor.nationality", "demandeur_nationalite", "text", 1),
    ("creditor.birth", "demandeur_naissance", "text", 1),
    ("creditor.address", "demandeur_domicile", "text", 2),
    ("creditor.legal_form", "demandeur_forme", "text", 1),
    ("creditor.siren", "demandeur_siren", "text", 1),
    ("creditor.registered_office", "demandeur_siege", "text", 2),
    ("creditor.representative", "demandeur_representant", "text", 1),
    ("agent.name", "mandataire_nom", "text", 1),
    ("agent.capacity", "mandataire_qualite", "text", 1),
    ("agent.address", "mandataire_adresse", "text", 1),
    ("debtor.is_individual", "debiteur_pp", "checkbox", 1),
    ("debtor.is_company", "debiteur_pm", "checkbox", 1),
    ("debtor.name", "debiteur_nom", "text", 1),
    ("debtor.first_names", "debiteur_prenoms", "text", 1),
    ("debtor.legal_form", "debiteur_forme", "text", 1),
    ("debtor.siren", "debiteur_siren", "text", 1),
    ("debtor.representative", "debiteur_representant", "text", 1),
    ("debtor.address", "debiteur_adresse", "text", 2),
    ("referral_1408.requested", "renvoi_1408", "checkbox", 1),
    ("referral_1408.court", "renvoi_juridiction", "text", 1),
    ("sums.principal.amount", "principal_montant", "text", 1),
    ("sums.principal.basis", "principal_fondement", "text", 3),
    ("sums.principal.documents", "principal_pieces", "text", 2),
    ("sums.interest.legal", "interets_taux_legal", "checkbox", 1),
    ("sums.interest.contractual", "interets_taux_conv", "checkbox", 1),
    ("sums.interest.rate", "interets_taux", "text", 1),
    ("sums.interest.from_date", "interets_date", "text", 1),
    ("sums.interest.amount", "interets_montant", "text", 1),
    ("sums.interest.basis", "interets_fondement", "text", 3),
    ("sums.interest.documents", "interets_pieces", "text", 2),
    ("sums.penalty_clause.amount", "clause_penale_montant", "text", 1),
    ("sums.costs.amount", "frais_montant", "text", 1),
    ("sums.costs.basis", "frais_fondement", "text", 2),
    ("sums.costs.documents", "frais_pieces", "text", 2),
    ("sums.total", "total_montant", "text", 1),
    ("signature.place", "fait_a", "text", 1),
    ("signature.date", "fait_le", "text", 1),
    ("signature.name", "signataire", "text", 1),
]
AMICABLE: list[tuple[str, str, str, int]] = [
    ("amicable.done", "amiable_effectuee", "checkbox", 1),
    ("amicable.dispensed", "amiable_dispense", "checkbox", 1),
    ("amicable.details", "amiable_precisions", "text", 2),
]
LABELS = {"sums.principal.basis": "Principal — fondement de la créance",
          "creditor.name": "Demandeur — nom ou dénomination",
          "debtor.name": "Débiteur — nom ou dénomination",
          "signature.name": "Nom, prénom et qualité du signataire"}
ON = "/Oui"
WIDTH = 300.0
SIZE = 9.0
PER_PAGE = 30


def _box_stream(writer: PdfWriter, width: float, height: float, ticked: bool) -> object:
    stream = DecodedStreamObject()
    ops = f"0 G 0.5 w 0.5 0.5 {width - 1:.1f} {height - 1:.1f} re S"
    if ticked:
        ops += f" 2 2 m {width - 2:.1f} {height - 2:.1f} l S"
    stream.set_data(ops.encode("ascii"))
    stream.update({NameObject("/Type"): NameObject("/XObject"),
                   NameObject("/Subtype"): NameObject("/Form"),
                   NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                     FloatObject(width), FloatObject(height)])})
    return writer._add_object(stream)


def build_form(folder: Path, form_id: str, *, pdf_name: str | None = None) -> Path:
    """Write ``<pdf_name>`` and its ``.fields.yaml`` map into ``folder``; returns the map."""
    entries = COMMON + (AMICABLE if form_id == "12948*06" else [])
    stem = pdf_name or "cerfa_" + form_id.replace("*", "-")
    writer = PdfWriter()
    pages = [writer.add_blank_page(595.0, 842.0) for _ in range(2)]
    fields_array = ArrayObject()
    mapping: dict[str, dict[str, object]] = {}
    for i, (key, name, ftype, lines) in enumerate(entries):
        page_no = 0 if i < PER_PAGE else 1
        slot = i % PER_PAGE
        top = 800.0 - slot * 25.0
        height = 14.0 if ftype == "text" and lines == 1 else (10.0 if ftype == "checkbox"
                                                                else 11.0 * lines + 2)
        width = 10.0 if ftype == "checkbox" else WIDTH
        rect = ArrayObject([FloatObject(150), FloatObject(top - height), FloatObject(150 + width),
                            FloatObject(top)])
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/T"): TextStringObject(name), NameObject("/Rect"): rect,
            NameObject("/F"): NumberObject(4), NameObject("/TU"): TextStringObject(LABELS.get(key, key)),
            NameObject("/P"): pages[page_no].indirect_reference,
        })
        if ftype == "text":
            widget[NameObject("/FT")] = NameObject("/Tx")
            widget[NameObject("/DA")] = TextStringObject(f"/Helv {SIZE:g} Tf 0 g")
            if lines > 1:
                widget[NameObject("/Ff")] = NumberObject(1 << 12)
            if key.endswith(".amount") or key == "sums.total":
                widget[NameObject("/Q")] = NumberObject(2)  # amounts right-aligned, as official forms do
        else:
            widget[NameObject("/FT")] = NameObject("/Btn")
            widget[NameObject("/V")] = NameObject("/Off")
            widget[NameObject("/AS")] = NameObject("/Off")
            widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): DictionaryObject({
                NameObject(ON): _box_stream(writer, width, height, True),
                NameObject("/Off"): _box_stream(writer, width, height, False)})})
        ref = writer._add_object(widget)
        annots = pages[page_no].get("/Annots")
        if annots is None:
            pages[page_no][NameObject("/Annots")] = ArrayObject()
        pages[page_no]["/Annots"].append(ref)
        fields_array.append(ref)
        spec: dict[str, object] = {"pdf_field": name, "type": ftype, "page": page_no + 1,
                                   "label": LABELS.get(key, key)}
        if ftype == "text":
            spec.update(max_chars=int(WIDTH / (0.5 * SIZE)) * lines, lines=lines)
        else:
            spec["on_value"] = ON
        mapping[key] = spec
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): fields_array,
        NameObject("/DA"): TextStringObject(f"/Helv {SIZE:g} Tf 0 g")})
    with (folder / f"{stem}.pdf").open("wb") as out:
        writer.write(out)
    map_path = folder / f"{stem}.fields.yaml"
    map_path.write_text(yaml.safe_dump({"form": form_id, "pdf": f"{stem}.pdf", "fields": mapping},
                                       allow_unicode=True, sort_keys=False), encoding="utf-8")
    return map_path

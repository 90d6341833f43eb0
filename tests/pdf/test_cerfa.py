"""The official-form path: field maps found by globbing forms/cerfa, the map-driven filler.

The project ships no form (legal review I1): the tests build a small AcroForm PDF and its map
(tests/pdf/cerfa_fixture.py), as an operator would drop in the official Cerfa with its own."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from service.paths import FORMS_CERFA, ROOT
from service.pdf.cerfa import (
    FormSpec,
    available_forms,
    fill_form,
    list_widgets,
    load_field_map,
    load_form,
)
from tests.pdf.cerfa_fixture import build_form

FORM_IDS = ["12946*02", "12948*06"]
NNBSP = "\u202f"

COMPANY_CASE: dict[str, str | bool] = {
    "court.name": "Tribunal de commerce de Lyon",
    "court.address": "Palais de la Bourse, place de la Bourse, 69002 Lyon",
    "creditor.is_company": True,
    "creditor.is_individual": False,
    "creditor.name": "Ateliers Durand & Fils",
    "creditor.legal_form": "SAS au capital de 50 000 €",
    "creditor.siren": "552 100 554 RCS Lyon",
    "creditor.registered_office": "12 rue de la République\n69001 Lyon",
    "creditor.representative": "M. Pierre Durand, président",
    "agent.name": "Maître Anne Leroy",
    "agent.capacity": "Avocate au barreau de Lyon",
    "agent.address": "4 quai Jules Courmont, 69002 Lyon",
    "debtor.is_company": True,
    "debtor.is_individual": False,
    "debtor.name": "Bâtiments Martin SARL",
    "debtor.legal_form": "SARL",
    "debtor.siren": "732 829 320 RCS Villeurbanne",
    "debtor.representative": "Mme Claire Martin, gérante",
    "debtor.address": "8 avenue Jean Jaurès, 69100 Villeurbanne",
    "referral_1408.requested": True,
    "referral_1408.court": "Tribunal de commerce de Lyon",
    "sums.principal.amount": f"12{NNBSP}450,00 €",
    "sums.principal.basis": "Factures F-2026-031 et F-2026-047 impayées",
    "sums.principal.documents": "Pièces 1 à 4",
    "sums.interest.contractual": True,
    "sums.interest.legal": False,
    "sums.interest.rate": "12,40",
    "sums.interest.from_date": "03/05/2026",
    "sums.interest.amount": "612,35 €",
    "sums.interest.basis": "Art. L441-10 C. com., CGV art. 8",
    "sums.costs.amount": "80,00 €",
    "sums.costs.basis": "Indemnité forfaitaire 40 € × 2 factures",
    "sums.costs.documents": "Pièces 1 et 2",
    "sums.total": f"13{NNBSP}142,35 €",
    "signature.place": "Lyon",
    "signature.date": "15 novembre 2026",
    "signature.name": "Pierre Durand, président",
}

INDIVIDUAL_DEBTOR: dict[str, str | bool] = {
    "court.name": "Tribunal judiciaire de Rennes",
    "creditor.is_company": True,
    "creditor.name": "Plomberie Océane SARL",
    "debtor.is_individual": True,
    "debtor.is_company": False,
    "debtor.name": "LE GALL",
    "debtor.first_names": "Yann Erwan",
    "debtor.address": "3 rue de Brest\n35000 Rennes",
    "sums.principal.amount": "1 840,00 €",
    "sums.interest.legal": True,
    "sums.total": "1 840,00 €",
    "amicable.dispensed": True,
    "amicable.details": "Tentative de conciliation impossible : aucun conciliateur disponible "
    "dans les trois mois (art. 750-1, 3°).",
    "signature.place": "Rennes",
    "signature.date": "2 décembre 2026",
}


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace(NNBSP, " ").split())


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    for form_id in FORM_IDS:
        build_form(folder, form_id)
    return folder


def _load(forms: Path, form_id: str) -> FormSpec:
    return load_form(form_id, forms_dir=forms)


@pytest.fixture(scope="module", params=FORM_IDS)
def spec(request: pytest.FixtureRequest, forms: Path) -> FormSpec:
    return _load(forms, request.param)


def test_i1_the_project_ships_no_form_of_its_own() -> None:
    """No reproduction of a Cerfa is « the form » any more: forms/cerfa holds only the README
    until an operator drops in an official PDF with its map."""
    assert available_forms() == {}
    assert not list(FORMS_CERFA.glob("*.pdf")) and not list(FORMS_CERFA.glob("*.fields.yaml"))


def test_i1_forms_are_found_by_globbing_their_maps(tmp_path: Path) -> None:
    assert available_forms(tmp_path) == {}
    build_form(tmp_path, "12946*02", pdf_name="any-name-the-operator-likes")
    found = available_forms(tmp_path)
    assert list(found) == ["12946*02"]
    assert found["12946*02"].pdf_path == tmp_path / "any-name-the-operator-likes.pdf"
    (tmp_path / "any-name-the-operator-likes.pdf").unlink()  # a map without its PDF: no form
    assert available_forms(tmp_path) == {}


def test_every_map_key_is_a_widget_of_its_pdf(spec: FormSpec) -> None:
    widgets = {w["name"]: w for w in list_widgets(spec.pdf_path)}
    for key, field in spec.fields.items():
        assert field.pdf_field in widgets, key
        widget = widgets[field.pdf_field]
        assert widget["page"] == field.page, key
        assert widget["type"] == field.type, key
        if field.type == "checkbox":
            assert widget["on_values"] == [field.on_value], key
        else:
            assert field.max_chars and field.max_chars >= 6, key


def test_maps_share_keys_and_12948_has_the_amicable_block(forms: Path) -> None:
    tc, tj = _load(forms, "12946*02"), _load(forms, "12948*06")
    amicable = {"amicable.done", "amicable.dispensed", "amicable.details"}
    assert set(tj.fields) - set(tc.fields) == amicable
    assert set(tc.fields) <= set(tj.fields)
    for key in tc.fields:
        assert tc.fields[key].pdf_field == tj.fields[key].pdf_field


def test_fill_without_flatten_reads_back_the_values(tmp_path: Path, forms: Path) -> None:
    spec = _load(forms, "12946*02")
    result = fill_form(spec, COMPANY_CASE, flatten=False)
    assert result.overflow == []
    reader = PdfReader(io.BytesIO(result.pdf))
    fields = reader.get_fields()
    assert fields is not None
    for key, value in COMPANY_CASE.items():
        got = fields[spec.fields[key].pdf_field].get("/V")
        if isinstance(value, bool):
            assert got == ("/Oui" if value else "/Off"), key
        else:
            assert got == value, key
    # every filled text widget has our own appearance stream, so no viewer depends on regenerating
    for page in reader.pages:
        for ref in page["/Annots"]:
            widget = ref.get_object()
            if widget.get("/FT") == "/Tx" and widget.get("/V"):
                assert "/RcvSans" in widget["/AP"]["/N"]["/Resources"]["/Font"]
            if widget.get("/FT") == "/Btn":
                assert widget["/AS"] == widget["/V"]
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"].value is False


def test_flattened_pdf_shows_values_and_has_no_fields(tmp_path: Path, forms: Path) -> None:
    spec = _load(forms, "12946*02")
    result = fill_form(spec, COMPANY_CASE)
    reader = PdfReader(io.BytesIO(result.pdf))
    assert reader.get_fields() is None
    assert "/AcroForm" not in reader.trailer["/Root"]
    for page in reader.pages:
        annots = [a.get_object() for a in page.get("/Annots") or []]
        assert not [a for a in annots if a.get("/Subtype") == "/Widget"]
    text = squash(pdftotext(result.pdf, tmp_path))
    for value in COMPANY_CASE.values():
        if isinstance(value, str):
            for line in value.splitlines():  # multi-line boxes sit beside other columns
                assert squash(line) in text, line
    check = subprocess.run(["qpdf", "--check", str(tmp_path / "out.pdf")], capture_output=True)
    assert check.returncode == 0, check.stdout


def test_individual_debtor_on_the_tj_form(tmp_path: Path, forms: Path) -> None:
    spec = _load(forms, "12948*06")
    unflat = PdfReader(io.BytesIO(fill_form(spec, INDIVIDUAL_DEBTOR, flatten=False).pdf))
    fields = unflat.get_fields()
    assert fields is not None
    assert fields["debiteur_pp"]["/V"] == "/Oui"
    assert fields["debiteur_pm"]["/V"] == "/Off"
    assert fields["amiable_dispense"]["/V"] == "/Oui"
    assert fields["amiable_effectuee"].get("/V") == "/Off"  # untouched box stays unchecked
    assert fields["interets_taux_legal"]["/V"] == "/Oui"
    text = squash(pdftotext(fill_form(spec, INDIVIDUAL_DEBTOR).pdf, tmp_path))
    assert "Yann Erwan" in text and "LE GALL" in text
    assert "aucun conciliateur disponible" in text


def test_overlong_text_goes_to_overflow_with_a_reference(tmp_path: Path, forms: Path) -> None:
    spec = _load(forms, "12946*02")
    long_basis = (
        "Contrat-cadre de sous-traitance du 5 janvier 2026, bons de commande acceptés et "
        "factures F-2026-031 à F-2026-047 restées impayées malgré deux relances et une mise "
        "en demeure par lettre recommandée du 3 mai 2026, réceptionnée le 5 mai 2026."
    )
    long_name = "Société Coopérative Ouvrière de Production des Ateliers Réunis " * 3
    values = {**COMPANY_CASE, "sums.principal.basis": long_basis, "debtor.name": long_name}
    result = fill_form(spec, values, flatten=False)
    assert [o.key for o in result.overflow] == ["debtor.name", "sums.principal.basis"]
    first, second = result.overflow
    assert first.text == long_name.strip()
    assert first.reference == "(suite en annexe, point 1)" and first.number == 1
    assert second.text == long_basis
    assert second.label == "Principal — fondement de la créance"
    fields = PdfReader(io.BytesIO(result.pdf)).get_fields()
    assert fields is not None
    shown = str(fields["principal_fondement"]["/V"])
    assert shown.endswith("… (suite en annexe, point 2)")
    prefix = shown.removesuffix(" … (suite en annexe, point 2)")
    assert long_basis.startswith(prefix) and long_basis[len(prefix)] in " ,"  # word boundary
    assert len(shown) <= spec.fields["sums.principal.basis"].max_chars  # type: ignore[operator]
    flat_text = squash(pdftotext(fill_form(spec, values).pdf, tmp_path))
    assert "(suite en annexe, point 2)" in flat_text


def test_programming_errors_raise_value_error(forms: Path) -> None:
    spec = _load(forms, "12946*02")
    with pytest.raises(ValueError, match="unknown field keys"):
        fill_form(spec, {"creditor.nom": "X"})
    with pytest.raises(ValueError, match="expects bool"):
        fill_form(spec, {"creditor.is_company": "oui"})
    with pytest.raises(ValueError, match="amicable.details"):
        fill_form(spec, {"amicable.details": "12948 only"})
    with pytest.raises(ValueError, match="no field map"):
        load_form("99999*01", forms_dir=forms)


def test_an_operator_map_is_all_it_takes(tmp_path: Path, forms: Path) -> None:
    """A copied PDF with a different map (wrong export value) is used as is and checked."""
    shutil.copy(forms / "cerfa_12946-02.pdf", tmp_path / "official.pdf")
    (tmp_path / "official.fields.yaml").write_text(
        "form: '12946*02'\npdf: official.pdf\nfields:\n"
        "  debtor.name: {pdf_field: debiteur_nom, type: text, page: 1}\n"
        "  debtor.is_company:\n"
        "    {pdf_field: debiteur_pm, type: checkbox, on_value: '/Yes', page: 1}\n",
        encoding="utf-8",
    )
    spec = load_field_map(tmp_path / "official.fields.yaml")
    assert spec.pdf_path == tmp_path / "official.pdf"
    fields = PdfReader(
        io.BytesIO(fill_form(spec, {"debtor.name": "Alpha SA"}, flatten=False).pdf)
    ).get_fields()
    assert fields is not None and fields["debiteur_nom"]["/V"] == "Alpha SA"
    with pytest.raises(ValueError, match="no /Yes state"):
        fill_form(spec, {"debtor.is_company": True})
    (tmp_path / "bad.fields.yaml").write_text(
        "form: '12946*02'\npdf: official.pdf\nfields:\n"
        "  debtor.is_company: {pdf_field: debiteur_pm, type: checkbox, on_value: Yes}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="quote the on_value"):
        load_field_map(tmp_path / "bad.fields.yaml")


def test_widgets_cli_lists_fields_in_reading_order(forms: Path) -> None:
    done = subprocess.run(
        [
            ".venv/bin/python",
            "-m",
            "service.pdf.cerfa",
            "widgets",
            str(forms / "cerfa_12948-06.pdf"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.startswith("- name: juridiction_nom")
    assert "on_values:\n  - /Oui" in done.stdout
    assert "tooltip: Demandeur — nom ou dénomination" in done.stdout


def _render_page_one(pdf: bytes, tmp_path: Path, stem: str) -> Image.Image:
    (tmp_path / f"{stem}.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / f"{stem}.pdf"),
            str(tmp_path / stem),
        ],
        check=True,
    )
    return Image.open(tmp_path / f"{stem}.png").convert("L")


@pytest.mark.parametrize("flatten", [True, False])
def test_filled_text_is_visible_in_the_rendering(tmp_path: Path, forms: Path,
                                                 flatten: bool) -> None:
    """Inside the creditor-name box, the filled page has ink where the blank page has none."""
    spec = _load(forms, "12946*02")
    blank = _render_page_one(spec.pdf_path.read_bytes(), tmp_path, "blank")
    filled = _render_page_one(fill_form(spec, COMPANY_CASE, flatten=flatten).pdf, tmp_path, "f")
    x1, y1, x2, y2 = next(
        w["rect"] for w in list_widgets(spec.pdf_path) if w["name"] == "demandeur_nom"
    )
    page_height = float(PdfReader(spec.pdf_path).pages[0].mediabox.height)
    box = (round(x1) + 2, round(page_height - y2) + 2, round(x2) - 2, round(page_height - y1) - 2)

    def ink(img: Image.Image) -> int:
        return sum(1 for p in img.crop(box).tobytes() if p < 110)

    assert ink(blank) == 0
    assert ink(filled) > 60


def test_official_style_comb_and_maxlen_fields(tmp_path: Path, forms: Path) -> None:
    """Official Cerfas use comb boxes (dates, SIREN) and /MaxLen: both are honoured."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(forms / "cerfa_12946-02.pdf"))
    for page in writer.pages:
        for ref in page["/Annots"]:
            widget = ref.get_object()
            if widget["/T"] == "interets_date":
                widget[NameObject("/Ff")] = NumberObject(1 << 24)  # comb
                widget[NameObject("/MaxLen")] = NumberObject(8)
            if widget["/T"] == "debiteur_siren":
                widget[NameObject("/MaxLen")] = NumberObject(9)
    writer.write(tmp_path / "official.pdf")
    (tmp_path / "official.fields.yaml").write_text(
        "form: '12946*02'\npdf: official.pdf\nfields:\n"
        "  sums.interest.from_date: {pdf_field: interets_date, type: text, page: 2}\n"
        "  debtor.siren: {pdf_field: debiteur_siren, type: text, page: 1}\n",
        encoding="utf-8",
    )
    spec = load_field_map(tmp_path / "official.fields.yaml")
    result = fill_form(
        spec,
        {"sums.interest.from_date": "03052026", "debtor.siren": "732829320 RCS Lyon"},
        flatten=False,
    )
    assert [o.key for o in result.overflow] == ["debtor.siren"]
    assert result.overflow[0].reference == "(annexe 1)"
    assert result.overflow[0].text == "732829320 RCS Lyon"
    reader = PdfReader(io.BytesIO(result.pdf))
    date_widget = next(
        ref.get_object()
        for ref in reader.pages[1]["/Annots"]
        if ref.get_object()["/T"] == "interets_date"
    )
    stream = date_widget["/AP"]["/N"].get_data().decode()
    assert stream.count(" Tj") == 8  # one glyph per comb cell


def test_t7_amounts_follow_the_boxes_alignment(tmp_path: Path, forms: Path) -> None:
    """The official forms' amount boxes are right-aligned (/Q 2): the decimal commas line up."""
    spec = _load(forms, "12946*02")
    amounts = {"sums.principal.amount": f"12{NNBSP}450,00 €", "sums.interest.amount": "612,35 €",
               "sums.costs.amount": "80,00 €", "sums.total": f"13{NNBSP}142,35 €"}
    pdf = fill_form(spec, {**amounts, "creditor.name": "Atelier"}).pdf
    from tests import pdfcheck

    euros = [w for page in (1, 2) for w in pdfcheck.words(pdf, page) if w[0] == "€"]
    assert len(euros) == 4
    assert max(w[3] for w in euros) - min(w[3] for w in euros) < 0.5
    assert min(w[3] for w in euros) > 440  # at the right edge of the 150-450 pt boxes
    name = next(w for w in pdfcheck.words(pdf, 1) if w[0] == "Atelier")
    assert name[1] < 160  # a box without /Q stays left-aligned
    (tmp_path / "left.fields.yaml").write_text(
        "form: '12946*02'\npdf: " + str(spec.pdf_path) + "\nfields:\n"
        "  sums.total: {pdf_field: total_montant, type: text, page: 2, align: left}\n",
        encoding="utf-8")
    left = load_field_map(tmp_path / "left.fields.yaml")
    word = next(w for w in pdfcheck.words(fill_form(left, {"sums.total": "80,00 €"}).pdf, 2)
                if w[0] == "€")
    assert word[1] < 200  # the map's align overrides the widget's /Q


def test_c2_a_value_is_drawn_smaller_before_it_overflows(forms: Path) -> None:
    """Issue 19 point 6: a value a little too wide for its box at 9 pt is drawn smaller (down
    to 80 %), not sent to the annex."""
    from service.pdf import fonts

    spec = _load(forms, "12946*02")
    value = "MARIE-CHRISTINE DUPONT-LAMARCHE, GÉRANTE ASSOCIÉE, POUR ATELIER"
    inner = 300 - 4
    width = fonts.sans().width(value, 9.0)
    assert inner < width < inner / 0.8 and len(value) <= spec.fields["signature.name"].max_chars
    result = fill_form(spec, {"signature.name": value}, flatten=False)
    assert result.overflow == []
    widget = next(ref.get_object() for page in PdfReader(io.BytesIO(result.pdf)).pages
                  for ref in page.get("/Annots") or [] if ref.get_object()["/T"] == "signataire")
    stream = widget["/AP"]["/N"].get_data().decode()
    size = float(stream.split(" Tf")[0].split()[-1])
    assert 7.2 <= size < 9.0

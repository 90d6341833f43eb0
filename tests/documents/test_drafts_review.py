"""The December 2026 reviews of the drafts, the bordereau and the pièces (legal review F, A, B1,
I11; visual review C, P, T): one test per finding, each reading the document from the outside."""

from __future__ import annotations

import re

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.documents.test_bordereau import evidence
from tests.factories import copy_raw, example_raw


def render(runtime, kind, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS[kind])
    return generate(kind, case, opts, runtime)


def with_evidence(raw=None):
    raw = copy_raw(raw or example_raw())
    raw["evidence"] = evidence()  # « Facture F-2026-0117 », « Procès-verbal de réception »
    return raw


def _missing(doc) -> dict[str, str]:
    return {w["path"]: w["message_fr"] for w in doc.warnings if w["code"] == "piece_missing"}


@pytest.mark.parametrize("kind", ["refere_provision", "assignation", "injonction_de_payer"])
def test_i11_f5_an_invoice_or_terms_without_a_piece_is_a_warning_on_every_filing(runtime, kind):
    doc = render(runtime, kind, with_evidence())
    missing = _missing(doc)
    # F-2026-0152 has no pièce, the CGV cited (article 9) are not produced; F-2026-0117 has one
    assert set(missing) == {"case.invoices[1]", "case.terms.reference"}
    assert "F-2026-0152" in missing["case.invoices[1]"]
    assert "Conditions générales de vente, article 9" in missing["case.terms.reference"]


def test_i11_f5_no_warning_once_every_invoice_and_the_terms_are_produced(runtime):
    raw = with_evidence()
    raw["evidence"] += [dict(raw["evidence"][0], title="Facture F-2026-0152"),
                        dict(raw["evidence"][0], title="Conditions générales de vente")]
    assert _missing(render(runtime, "refere_provision", raw)) == {}


@pytest.mark.parametrize("kind", ["refere_provision", "assignation"])
def test_i11_f5_strict_pieces_makes_a_missing_piece_a_422(runtime, kind):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, kind, with_evidence(), strict_pieces=True)
    found = {(e.path, e.code) for e in exc.value.errors}
    assert found == {("case.invoices[1]", "piece_missing"),
                     ("case.terms.reference", "piece_missing")}


def test_i11_strict_pieces_is_declared_by_the_filing_kinds():
    for kind in ("refere_provision", "assignation"):
        assert "strict_pieces" in KINDS[kind].options_schema().fields


def _bordereau_page(doc, title="BORDEREAU DE COMMUNICATION DE PIÈCES") -> tuple[int, str]:
    for n in range(1, pdfcheck.pages(doc.content) + 1):
        page = " ".join(w for w, *_ in pdfcheck.words(doc.content, n))
        if title in page.upper():
            return n, page
    raise AssertionError("no bordereau page")


@pytest.fixture(scope="module")
def refere_with_pieces(runtime):
    return render(runtime, "refere_provision", with_evidence())


def test_b1_the_bordereau_names_the_procedure_the_party_and_its_counsel(refere_with_pieces):
    _, page = _bordereau_page(refere_with_pieces)
    assert "Pièces communiquées à l’appui de l’assignation en référé-provision" in page
    assert "Audience du mardi 19 janvier 2027 à 9 h 30" in page
    assert ("Pièces communiquées par la société Atelier Dupont, demanderesse, représentée par"
            " Maître Sophie Garnier, avocat au barreau de Lyon") in page


def test_b1_c9_the_bordereau_is_signed_under_fait_a_by_the_filer(refere_with_pieces):
    n, _ = _bordereau_page(refere_with_pieces)
    words = pdfcheck.words(refere_with_pieces.content, n)
    left = next(x0 for w, x0, *_ in words if w == "Fait")
    lines: dict[float, list[str]] = {}
    for w, x0, y0, _x1, y1 in words:
        if x0 >= left - 1 and y1 - y0 < 20:  # the signature column, not the rotated watermark
            lines.setdefault(round(y0), []).append(w)
    text = [" ".join(v) for _, v in sorted(lines.items())]
    at = next(i for i, line in enumerate(text) if line.startswith("Fait à"))
    # the lawyer files: his town (Lyon), his name and quality under the date, then a line
    assert text[at] == "Fait à Lyon, le 20 novembre 2026"
    assert text[at + 1] == "Maître Sophie Garnier"
    assert " ".join(text[at + 2:at + 4]).startswith("Avocat au barreau de Lyon, pour la société"
                                                    " Atelier Dupont")
    assert any(line.startswith("Signature") for line in text[at + 2:at + 6])


def test_c9_without_a_lawyer_the_creditor_s_signatory_signs_in_his_town(runtime):
    raw = with_evidence()
    raw.pop("lawyer", None)
    doc = render(runtime, "bordereau", raw)
    _, page = _bordereau_page(doc)
    assert "Pièces communiquées par la société Atelier Dupont, demanderesse" in page
    assert "représentée par" not in page.split("demanderesse")[1][:20]
    sig = raw["signatory"]
    assert f"{sig['name']} {sig['title']}, pour la société Atelier Dupont" in page


def test_c10_the_total_row_says_pieces_and_pages_and_article_numbers_stay_joined(runtime):
    raw = with_evidence()
    raw["evidence"][1]["title"] = ("Conditions générales de vente (article 9 : pénalités de"
                                   " retard), conditions particulières et annexes techniques")
    doc = render(runtime, "bordereau", raw)
    _, page = _bordereau_page(doc)
    assert "Total : 2 pièces communiquées, 3 pages" in page
    assert not [cut for cut in pdfcheck.text(doc.content, layout=True).splitlines()
                if re.search(r"\barticle$", cut.strip())]
    assert any(re.search(r"article[\s\u00a0]9", line)
               for line in pdfcheck.text(doc.content, layout=True).splitlines())

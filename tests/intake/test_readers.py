"""The readers, field by field: Factur-X (EN 16931 and BASIC) built with the factur-x library,
the UBL and CII samples, CSV exports in French with Windows-1252; then the grouping."""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from service.intake import InputFile, IntakeInvalid, cases_from_files, values
from service.intake.cases import performed_on_supported
from service.intake.facturx import read_facturx
from service.intake.files import _read_xml
from service.intake.model import Source
from tests.intake import build
from tests.intake.build import Inv, Party

SAMPLES = Path(__file__).parent / "samples"
CREDITOR = {"type": "company", "name": "Atelier Dupont", "siren": "732829320",
            "legal_form": "SARL",
            "address": {"street": "12 rue de la République", "postal_code": "69002",
                        "city": "Lyon"}}


def sample(name: str) -> InputFile:
    return InputFile(name, (SAMPLES / name).read_bytes())


def faults(exc: pytest.ExceptionInfo[IntakeInvalid]) -> list[tuple[str, str]]:
    return [(e.path, e.code) for e in exc.value.errors]


# --------------------------------------------------------------------------- Factur-X


@pytest.mark.parametrize("profile", ["en16931", "basic"])
def test_factur_x_every_field_read_back(profile):
    pdf = build.facturx_pdf(Inv(prepaid=Decimal("800.00")), profile=profile)
    rec = read_facturx(pdf, Source(0, "f.pdf", "pdf"))
    assert rec.profile == {"en16931": "EN 16931", "basic": "BASIC"}[profile]
    assert (rec.kind, rec.number, rec.issue_date, rec.due_date) == (
        "invoice", "F-2026-0117", date(2026, 5, 4), date(2026, 6, 3))
    assert (rec.amount_excl_tax, rec.amount_incl_tax, rec.prepaid) == (
        Decimal("4000.00"), Decimal("4800.00"), Decimal("800.00"))
    assert rec.performed_on == date(2026, 4, 30)
    assert rec.description == "Menuiseries — chantier rue Garibaldi\u202f; Pose"
    assert rec.pdf == pdf
    seller, buyer = rec.seller, rec.buyer
    assert seller["name"] == "Atelier Dupont" and seller["type"] == "company"
    assert seller["siren"] == "732829320" and seller["vat_number"] == "FR44732829320"
    assert seller["address"] == {"street": "12 rue de la République", "postal_code": "69002",
                                 "city": "Lyon", "country": "FR"}
    assert seller["email"] == "compta@atelier-dupont.example"
    assert buyer["siret"] == "40483304800022" and buyer["siren"] == "404833048"
    assert buyer["vat_number"] == "FR83404833048"
    assert buyer["address"]["building"] == "Bâtiment B"
    assert buyer["email"] == "fournisseurs@martin-batiment.example"
    assert rec.bank["iban"] == "FR7630006000011234567890189"
    if profile == "en16931":  # BT-33 legal information and the BIC are not in BASIC
        assert rec.bank["bic"] == "AGRIFRPP"
        assert (seller["legal_form"], seller["share_capital"], seller["rcs_city"]) == (
            "SARL", "10000.00", "Lyon")
        assert seller["phone"] == "+33 4 72 00 00 00"


def test_factur_x_case_carries_the_pdf_as_its_piece_and_the_prepayment_as_a_payment():
    pdf = build.facturx_pdf(Inv(prepaid=Decimal("800.00")))
    out = cases_from_files([InputFile("F-0117.pdf", pdf)])
    (case,) = out["cases"]
    (piece,) = case["evidence"]
    assert piece["title"] == "Facture n° F-2026-0117" and piece["date"] == "2026-05-04"
    assert piece["media_type"] == "application/pdf"
    assert base64.b64decode(piece["content_base64"]) == pdf
    assert case["payments"] == [{"date": "2026-05-04", "amount": "800.00",
                                 "invoice": "F-2026-0117", "method": "acompte"}]
    (w,) = [w for w in out["warnings"] if w["code"] == "payment_dated_issue_date"]
    assert w["path"] == "case.payments[0].date" and "4 mai 2026" in w["message_fr"]
    if performed_on_supported():
        assert case["invoices"][0]["performed_on"] == "2026-04-30"


def test_due_date_from_payment_terms_with_a_warning_and_none_is_a_422():
    rec = _read_xml(build.cii(Inv(due=None, terms="45 jours fin de mois")), Source(0, "a.xml"))
    assert rec.due_date == date(2026, 6, 30)  # 4 May + 45 days = 18 June → end of June
    assert [n.code for n in rec.notices] == ["due_date_from_payment_terms"]
    rec = _read_xml(build.cii(Inv(due=None, terms="Payable à réception")), Source(0, "a.xml"))
    assert rec.due_date == date(2026, 5, 4)
    with pytest.raises(IntakeInvalid) as exc:
        _read_xml(build.cii(Inv(due=None, terms="selon contrat")), Source(0, "a.xml"))
    assert faults(exc) == [("files[0]", "payment_terms_unreadable")]
    assert "SpecifiedTradePaymentTerms" in exc.value.errors[0].element
    with pytest.raises(IntakeInvalid) as exc:
        _read_xml(build.cii(Inv(due=None, terms=None)), Source(0, "a.xml"))
    assert faults(exc) == [("files[0]", "due_date_missing")]


def test_payee_other_than_the_seller_is_a_warning_on_the_creditor():
    rec = _read_xml(build.cii(Inv(payee="Factor Finance SA")), Source(0, "a.xml"))
    (n,) = rec.notices
    assert n.code == "payee_differs_from_seller" and n.path == "case.creditor"


def test_an_invoice_not_in_euros_is_a_422_naming_the_element():
    with pytest.raises(IntakeInvalid) as exc:
        _read_xml(build.cii(Inv(currency="USD")), Source(2, "usd.xml"))
    assert faults(exc) == [("files[2]", "currency_not_eur")]
    assert exc.value.errors[0].element.endswith("ram:InvoiceCurrencyCode")


def test_an_xml_with_a_doctype_is_refused_before_anything_is_read():
    xml = build.cii(Inv()).replace(
        b"<rsm:CrossIndustryInvoice",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<rsm:CrossIndustryInvoice', 1)
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("x.xml", xml)])
    assert faults(exc) == [("files[0]", "xml_doctype")]


def test_broken_and_encrypted_pdfs_are_422s_from_the_isolated_evidence_check():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(build.facturx_pdf())))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("broken.pdf", b"%PDF-1.7\n1 0 obj <<"),
                          InputFile("ok.xml", build.cii(Inv(number="X"))),
                          InputFile("locked.pdf", locked.getvalue())])
    assert faults(exc) == [("files[0]", "evidence_pdf_corrupt"),
                           ("files[2]", "evidence_pdf_encrypted")]
    assert exc.value.errors[1].file == "locked.pdf"
    assert "locked.pdf" in exc.value.errors[1].message_fr


# --------------------------------------------------------------------------- UBL and CII


def test_ubl_invoice_and_credit_note_every_field_read_back():
    out = cases_from_files([sample("ubl-invoice.xml"), sample("ubl-credit-note.xml")],
                           defaults={"as_of": "2026-11-20"})
    (case,) = out["cases"]
    creditor, debtor = case["creditor"], case["debtor"]
    assert creditor["name"] == "Atelier Dupont" and creditor["siren"] == "732829320"
    assert creditor["legal_form"] == "SARL" and creditor["share_capital"] == "10000.00"
    assert creditor["vat_number"] == "FR44732829320" and creditor["rcs_city"] == "Lyon"
    assert creditor["email"] == "compta@atelier-dupont.example"
    assert creditor["bank"] == {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}
    assert debtor == {
        "type": "company", "name": "Garage Lefort", "siret": "55210055400013",
        "siren": "552100554", "vat_number": "FR96552100554",
        "address": {"street": "3 route de Vienne", "locality": "Zone artisanale des Pins",
                    "postal_code": "69631", "city": "Vénissieux", "cedex": "2",
                    "country": "FR"},
        "email": "factures@garage-lefort.example"}
    (inv,) = case["invoices"]
    assert inv == {"number": "F-2026-0201", "issue_date": "2026-07-01",
                   "due_date": "2026-08-31",  # 45 jours fin de mois
                   "amount_excl_tax": "1500.00", "amount_incl_tax": "1800.00",
                   "description": "Vidange et filtres\u202f; Pneus 205/55 R16\u202f; Plaquettes de"
                                  " frein (et 1 autre(s) ligne(s))",
                   **({"performed_on": "2026-06-28"} if performed_on_supported() else {})}
    # the prepayment is dated as the file says (no warning); the credit note lowers the invoice
    assert case["payments"] == [
        {"date": "2026-06-20", "amount": "200.00", "invoice": "F-2026-0201", "method": "acompte"},
        {"date": "2026-08-10", "amount": "120.00", "invoice": "F-2026-0201",
         "method": "avoir n° AV-2026-0007"}]
    got = {w["code"] for w in out["warnings"]}
    assert {"due_date_from_payment_terms", "credit_note_applied"} <= got
    assert "payment_dated_issue_date" not in got and "debtor_details_differ" not in got
    case["debtor"]["activity"] = "commercial"
    case["creditor"]["activity"] = "commercial"
    from service.contract import load_case
    from service.statement import statement

    st = statement(load_case(case))
    assert st["totals"]["paid"] == "320.00" and st["totals"]["outstanding"] == "1480.00"


def test_cii_sample_consumer_buyer_is_left_for_the_user_to_type():
    out = cases_from_files([sample("cii-invoice.xml")], defaults={"creditor": {
        "activity": "artisanal"}})
    (case,) = out["cases"]
    assert case["debtor"] == {"name": "Claire Lefèvre", "address": {
        "street": "8 rue Félix Poulat", "postal_code": "38000", "city": "Grenoble",
        "country": "FR"}, "email": "claire.lefevre@example.org"}
    assert case["invoices"][0]["due_date"] == "2026-09-23"  # 24 August + 30 days
    assert case["creditor"]["activity"] == "artisanal"
    needed = {w["path"] for w in out["warnings"] if w["code"] == "input_required"}
    assert "case.debtor.type" in needed and "case.signatory" in needed


def test_the_ubl_sample_is_checked_against_the_ubl_xsd():
    broken = (SAMPLES / "ubl-invoice.xml").read_bytes().replace(
        b"<cbc:IssueDate>2026-07-01</cbc:IssueDate>", b"<cbc:IssueDate>01/07/2026</cbc:IssueDate>")
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("u.xml", broken)])
    assert faults(exc)[0] == ("files[0]", "xml_schema_invalid")
    assert "IssueDate" in exc.value.errors[0].message_en


# --------------------------------------------------------------------------- CSV

HEADER = ["debtor_name", "debtor_siren", "debtor_street", "debtor_postal_code", "debtor_city",
          "invoice_number", "issue_date", "due_date", "amount_excl_tax", "amount_incl_tax",
          "paid", "debtor_email", "description"]


def test_csv_windows_1252_french_decimals_every_field_read_back():
    rows = [HEADER,
            ["Boulangerie Pâquerette", "552100554", "3 route de Vienne", "69200", "Vénissieux",
             "F-10", "15/03/2026", "14/04/2026", "1 000,00", "1 200,00", "", "pa@example.fr",
             "Four à sole — révision"],
            ["Boulangerie Pâquerette", "552100554", "3 route de Vienne", "69200", "Vénissieux",
             "F-09", "01/03/2026", "31/03/2026", "2\u00a0500,50", "3 000,60", "1 000,60", "", ""],
            ["Café Noël", "", "1 place Carnot", "69002", "Lyon",
             "F-11", "2026-03-20", "2026-04-19", "", "480,00", "480,00", "", ""]]
    data = build.csv_bytes(rows, encoding="cp1252")
    assert "Pâquerette".encode("cp1252") in data  # really Windows-1252
    out = cases_from_files([InputFile("export.csv", data)],
                           defaults={"creditor": CREDITOR, "as_of": "2026-11-20",
                                     "debtor": {"activity": "commercial"}})
    (case,) = out["cases"]  # Café Noël's only invoice is paid: no case
    assert case["creditor"]["name"] == "Atelier Dupont"
    assert case["debtor"] == {"type": "company", "name": "Boulangerie Pâquerette",
                              "siren": "552100554", "activity": "commercial",
                              "address": {"street": "3 route de Vienne", "postal_code": "69200",
                                          "city": "Vénissieux", "country": "FR"},
                              "email": "pa@example.fr"}
    assert case["invoices"] == [
        {"number": "F-09", "issue_date": "2026-03-01", "due_date": "2026-03-31",
         "amount_excl_tax": "2500.50", "amount_incl_tax": "3000.60"},
        {"number": "F-10", "issue_date": "2026-03-15", "due_date": "2026-04-14",
         "amount_excl_tax": "1000.00", "amount_incl_tax": "1200.00",
         "description": "Four à sole — révision"}]
    assert case["payments"] == [{"date": "2026-03-01", "amount": "1000.60", "invoice": "F-09"}]
    codes = {w["code"] for w in out["warnings"]}
    assert {"invoice_paid", "payment_dated_issue_date", "evidence_missing"} <= codes
    (paid,) = [w for w in out["warnings"] if w["code"] == "invoice_paid"]
    assert paid["row"] == 4 and paid["file"] == "export.csv"


def test_csv_with_commas_and_a_mapping_of_another_export():
    rows = [["Client", "N° facture", "Date", "Echéance", "TTC", "Code postal", "Ville", "Adresse"],
            ["SARL Martin", "2026-77", "2026-02-01", "2026-03-03", "1234.56", "75011", "Paris",
             "10 rue Oberkampf"]]
    mapping = {"Client": "debtor_name", "N° facture": "invoice_number", "Date": "issue_date",
               "Echéance": "due_date", "TTC": "amount_incl_tax", "Code postal":
               "debtor_postal_code", "Ville": "debtor_city", "Adresse": "debtor_street"}
    out = cases_from_files([InputFile("a.csv", build.csv_bytes(rows, sep=","))],
                           mapping=mapping, defaults={"creditor": CREDITOR})
    (case,) = out["cases"]
    assert case["invoices"][0]["amount_incl_tax"] == "1234.56"
    assert case["debtor"]["address"]["city"] == "Paris"
    needed = {w["path"] for w in out["warnings"] if w["code"] == "input_required"}
    assert "case.debtor.type" in needed


def test_csv_mapping_to_an_unknown_column_and_a_missing_column_are_422():
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("a.csv", b"a;b\n1;2\n")], mapping={"a": "debtor_nom"})
    assert faults(exc) == [('mapping["a"]', "unknown_column")]
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("a.csv", b"debtor_name;invoice_number\nA;1\n")])
    assert {c for _, c in faults(exc)} == {"missing_column"}
    assert "files[0].rows[1].due_date" in [p for p, _ in faults(exc)]


def test_csv_rows_with_bad_values_each_named_by_row_and_column():
    rows = [HEADER,
            ["A", "123456789", "r", "75001", "Paris", "F-1", "2026-01-01", "2026-02-01", "",
             "100,00", "", "", ""],
            ["A", "", "r", "75001", "Paris", "F-2", "1/1/26", "2026-02-01", "", "10,001", "",
             "", ""],
            ["A", "", "r", "75001", "Paris", "F-3", "2026-01-01", "2026-02-01", "", "100,00",
             "150,00", "", ""]]
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("e.csv", build.csv_bytes(rows))],
                         defaults={"creditor": CREDITOR})
    assert set(faults(exc)) == {("files[0].rows[3].issue_date", "invalid_date"),
                                ("files[0].rows[4].paid", "paid_above_amount")}
    # once those are fixed, the schema's faults are named by row and column too
    rows[2][6], rows[3][10] = "2026-01-01", ""
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("e.csv", build.csv_bytes(rows))],
                         defaults={"creditor": CREDITOR})
    got = {(e.row, e.column, e.code) for e in exc.value.errors}
    assert got == {(2, "debtor_siren", "invalid_siren"),
                   (3, "amount_incl_tax", "too_many_decimals")}


def test_csv_two_rows_with_the_same_invoice_number_are_a_422():
    rows = [HEADER[:10], ["A", "", "r", "75001", "Paris", "F-1", "2026-01-01", "2026-02-01", "",
                          "1"],
            ["B", "", "r", "75001", "Paris", "F-1", "2026-01-01", "2026-02-01", "", "2"]]
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("d.csv", build.csv_bytes(rows))])
    assert faults(exc) == [("files[0].rows[3]", "duplicate_invoice")]


# --------------------------------------------------------------------------- grouping


def test_one_case_per_creditor_and_debtor_with_numbered_references():
    other = Party("Menuiserie Roux", siren="552100554", street="1 quai Perrache",
                  postcode="69002", city="Lyon")
    files = [InputFile("a.xml", build.cii(Inv(number="A-1"))),
             InputFile("b.xml", build.cii(Inv(number="B-1", buyer=other))),
             InputFile("c.xml", build.cii(Inv(number="A-2", due=date(2026, 5, 20))))]
    out = cases_from_files(files, defaults={"reference": "DOS-7"})
    assert [c["reference"] for c in out["cases"]] == ["DOS-7-01", "DOS-7-02"]
    assert [[i["number"] for i in c["invoices"]] for c in out["cases"]] == [["A-2", "A-1"],
                                                                            ["B-1"]]
    assert {w["case_index"] for w in out["warnings"] if "case_index" in w} == {0, 1}


def test_defaults_win_over_the_files_with_a_warning_and_payments_go_to_their_case():
    other = Party("Menuiserie Roux", siren="552100554", street="1 quai Perrache",
                  postcode="69002", city="Lyon")
    files = [InputFile("a.xml", build.cii(Inv(number="A-1"))),
             InputFile("b.xml", build.cii(Inv(number="B-1", buyer=other)))]
    defaults = {"creditor": {"email": "recouvrement@atelier-dupont.example"},
                "payments": [{"date": "2026-07-01", "amount": "100.00", "invoice": "B-1"}]}
    out = cases_from_files(files, defaults=defaults)
    first, second = out["cases"]
    assert first["creditor"]["email"] == "recouvrement@atelier-dupont.example"
    assert "payments" not in first and second["payments"] == defaults["payments"]
    replaced = [w for w in out["warnings"] if w["code"] == "file_value_replaced"]
    assert {w["path"] for w in replaced} == {"case.creditor.email"}
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files(files, defaults={"payments": [{"date": "2026-07-01", "amount": "1"}]})
    assert faults(exc) == [("case.payments[0].invoice", "required")]


def test_a_credit_note_without_its_invoice_is_left_out_with_a_warning():
    out = cases_from_files([InputFile("av.xml", build.cii(Inv(number="AV-1", type_code="381")))])
    assert out["cases"] == []
    assert [w["code"] for w in out["warnings"]] == ["credit_note_without_invoice"]


@pytest.mark.parametrize(("text", "expected"), [
    ("1 234,56", "1234.56"), ("1\u202f234,56 €", "1234.56"), ("1.234,56", "1234.56"),
    ("1,234.56", "1234.56"), ("1234.56", "1234.56"), ("1.234.567", "1234567"), ("12", "12"),
    ("-5,00", "-5.00"), ("", None)])
def test_amounts_as_exports_write_them(text, expected):
    got = values.amount(text)
    assert (None if got is None else str(got)) == expected


@pytest.mark.parametrize("text", ["12O,00", "1,2,3", "abc", "1.2.3"])
def test_unreadable_amounts_are_refused(text):
    with pytest.raises(ValueError):
        values.amount(text)


def _pdf_with_attachment(name: str, data: bytes) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(build.small_pdf())))
    writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_factur_x_pdf_whose_xml_fails_its_xsd_or_is_broken_is_a_422():
    bad = build.cii(Inv()).replace(b"<ram:TypeCode>380</ram:TypeCode>", b"")
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("ok.xml", build.cii(Inv(number="X"))),
                          InputFile("f.pdf", _pdf_with_attachment("factur-x.xml", bad))])
    assert faults(exc) == [("files[1]", "xml_schema_invalid")]
    assert "Factur-X EN 16931" in exc.value.errors[0].message_en
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("f.pdf", _pdf_with_attachment("factur-x.xml", b"<a"))])
    assert faults(exc) == [("files[0]", "facturx_xml_unreadable")]


def test_zugferd_1_is_refused_by_name_and_utf16_csv_is_read():
    zugferd1 = (b'<?xml version="1.0"?><rsm:CrossIndustryDocument'
                b' xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files([InputFile("z.pdf", _pdf_with_attachment("ZUGFeRD-invoice.xml",
                                                                  zugferd1))])
    assert faults(exc) == [("files[0]", "zugferd1_unsupported")]
    rows = [["debtor_name", "invoice_number", "issue_date", "due_date", "amount_incl_tax"],
            ["Épicerie Noël", "F-1", "01/02/2026", "03/03/2026", "1 200,50"]]
    data = build.csv_bytes(rows, sep="\t", encoding="utf-16")
    out = cases_from_files([InputFile("export.txt", data)], defaults={"creditor": CREDITOR})
    (case,) = out["cases"]
    assert case["debtor"]["name"] == "Épicerie Noël"
    assert case["invoices"][0]["amount_incl_tax"] == "1200.50"


def test_a_fully_prepaid_invoice_is_left_out_with_a_warning():
    paid = Inv(number="P-1", prepaid=Inv().incl)
    out = cases_from_files([InputFile("p.xml", build.cii(paid)),
                            InputFile("a.xml", build.cii(Inv(number="A-1")))])
    (case,) = out["cases"]
    assert [i["number"] for i in case["invoices"]] == ["A-1"]
    (w,) = [w for w in out["warnings"] if w["code"] == "invoice_paid"]
    assert w["file"] == "p.xml"


def test_warnings_about_an_invoice_name_its_place_in_the_case_and_invoices_come_from_files():
    files = [InputFile("a.xml", build.cii(Inv(number="A-1"))),
             InputFile("b.xml", build.cii(Inv(number="B-1", due=None, terms="30 jours",
                                               issue=date(2026, 1, 5))))]
    out = cases_from_files(files)
    (w,) = [w for w in out["warnings"] if w["code"] == "due_date_from_payment_terms"]
    assert w["path"] == "case.invoices[0].due_date"  # B-1 falls due first: 4 February
    assert out["cases"][0]["invoices"][0] == {**out["cases"][0]["invoices"][0],
                                              "number": "B-1", "due_date": "2026-02-04"}
    with pytest.raises(IntakeInvalid) as exc:
        cases_from_files(files, defaults={"invoices": []})
    assert faults(exc) == [("case.invoices", "from_files")]


def test_without_a_delivery_date_the_end_of_the_invoicing_period_is_taken_with_a_warning():
    xml = build.cii(Inv(delivery=None)).replace(
        b"</ram:ApplicableTradeTax><ram:SpecifiedTradePaymentTerms>",
        b"</ram:ApplicableTradeTax><ram:BillingSpecifiedPeriod><ram:EndDateTime>"
        b'<udt:DateTimeString format="102">20260425</udt:DateTimeString></ram:EndDateTime>'
        b"</ram:BillingSpecifiedPeriod><ram:SpecifiedTradePaymentTerms>")
    rec = _read_xml(xml, Source(0, "p.xml"))
    assert rec.performed_on == date(2026, 4, 25)
    assert [n.code for n in rec.notices] == ["performed_on_from_invoicing_period"]
    assert _read_xml(build.cii(Inv(delivery=None)), Source(0, "p.xml")).performed_on is None

"""The page for people, driven in Debian's Chromium against the real app on loopback."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from tests.factories import EXAMPLE

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def text(page, selector: str) -> str:
    return page.inner_text(selector).translate(SPACES).strip()


def load_case(page, tmp_path, case: dict | list, name: str = "dossier.json") -> None:
    path = tmp_path / name
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    page.set_input_files("[data-testid=case-file]", str(path))


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def wait_until(page, expression: str, timeout_s: float = 30) -> None:
    """Poll ``expression`` (page.wait_for_function compiles strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(100)


def outside(page, base_url: str) -> list[str]:
    return [u for u in page.requests if not u.startswith(base_url + "/") and not u.startswith("blob:")]


def test_example_case_shows_the_decompte_total_in_french(page, base_url):
    page.set_input_files("[data-testid=case-file]", str(EXAMPLE))
    total = page.locator("[data-testid=decompte-total]")
    total.wait_for()
    assert total.inner_text().translate(SPACES) == "4 834,72 €"
    assert total.inner_text() == "4\u202f834,72\u00a0€"  # French typography: narrow nbsp, nbsp
    assert "Aucune anomalie" in text(page, "[data-testid=errors]")
    dec = text(page, "[data-testid=decompte]")
    assert "Décompte au 20 novembre 2026" in dec
    for period in ("04/06/2026", "30/06/2026", "12,15 %", "12,40 %", "144,72 €", "65,23 €"):
        assert period in dec, period
    assert page.console_errors == []
    assert outside(page, base_url) == []


def test_a_bad_date_is_shown_next_to_the_invoice_field_and_fixed_in_the_form(page, base_url, tmp_path):
    case = example()
    case["invoices"][1]["due_date"] = "2026-13-45"
    load_case(page, tmp_path, case)
    field = page.locator('[data-path="case.invoices[1].due_date"]')
    error = page.locator("#f-case-invoices-1-due-date-err")
    error.wait_for(state="visible")
    assert "Date invalide" in error.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert field.input_value() == "2026-13-45"  # what was loaded, not a browser's cleaned value
    assert error.get_attribute("id") in field.get_attribute("aria-describedby")
    # the same fault in the list at the top, linking to the field
    faults = page.locator("[data-testid=errors]")
    assert "1 anomalie à corriger" in faults.inner_text().translate(SPACES)
    link = faults.locator('a[data-error-path="case.invoices[1].due_date"]')
    assert "Facture 2" in link.inner_text() and "Date d’échéance" in link.inner_text()
    assert "Date invalide" in faults.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.dataset.path") == "case.invoices[1].due_date"
    # fixed in the form: the JSON follows, the fault goes, the décompte comes
    page.keyboard.press("Control+a")
    page.keyboard.type("2026-07-15")
    page.locator("[data-testid=decompte-total]").wait_for()
    assert error.is_hidden()
    assert text(page, "[data-testid=decompte-total]") == "4 834,72 €"
    page.click(".json-view > summary")  # the JSON view, the source of truth, follows
    # its text is written on the details' toggle event, which the browser fires as a task after
    # the click: wait for it
    page.wait_for_function("document.getElementById('case-json').value.length > 0")
    assert json.loads(page.input_value("#case-json"))["invoices"][1]["due_date"] == "2026-07-15"
    assert page.console_errors == []
    assert outside(page, base_url) == []


def test_generate_a_mise_en_demeure_and_download_a_valid_pdf(page, base_url):
    page.set_input_files("[data-testid=case-file]", str(EXAMPLE))
    page.locator("[data-testid=decompte-total]").wait_for()
    page.select_option("[data-testid=kind]", "mise_en_demeure")
    # only this kind's options: the issuer, not the relance level
    options = page.locator("[data-testid=options]")
    assert options.locator('[data-path="options.issuer"]').count() == 1
    assert options.locator('[data-path="options.level"]').count() == 0
    page.click("[data-testid=generate]")
    link = page.locator("[data-testid=download]")
    link.wait_for(state="visible", timeout=30_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "mise-en-demeure_DOS-2026-0042.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "MISE EN DEMEURE" in reader.pages[0].extract_text().upper()
    # page 1 previewed from the service
    preview = page.locator("[data-testid=preview]")
    wait_until(page, "document.querySelector('[data-testid=preview]').naturalWidth > 0")
    assert preview.evaluate("img => img.naturalWidth") == 900
    assert "page 1 sur 2" in page.inner_text("#preview-caption")
    assert "Lettre recommandée R1 avec AR" in page.inner_text("#result")
    assert page.console_errors == []
    assert outside(page, base_url) == [], "a request left the service"


def test_a_fault_of_the_chosen_kind_shows_at_its_option(page, tmp_path):
    load_case(page, tmp_path, example())
    page.locator("[data-testid=decompte-total]").wait_for()
    page.select_option("[data-testid=kind]", "relance")
    level = page.locator('[data-path="options.level"]')
    assert level.count() == 1
    assert page.locator('[data-path="options.issuer"]').count() == 0
    page.click("[data-testid=generate]")
    error = page.locator("#f-options-level-err")
    error.wait_for(state="visible", timeout=30_000)
    assert error.inner_text().strip()
    level.select_option("2")
    page.click("[data-testid=generate]")
    page.locator("[data-testid=download]").wait_for(state="visible", timeout=30_000)
    assert error.is_hidden()


def test_several_cases_make_a_batch_zip_with_progress(page, tmp_path):
    first, second = example(), example()
    second["reference"] = "DOS-2026-0043"
    second["invoices"][1]["due_date"] = "pas une date"  # one bad item does not fail the other
    load_case(page, tmp_path, [first, second], "lot.json")
    page.locator("#batch").wait_for(state="visible")
    assert page.locator("#case-select option").count() == 2
    page.select_option("[data-testid=kind]", "mise_en_demeure")
    page.click("[data-testid=batch-run]")
    link = page.locator("[data-testid=batch-download]")
    link.wait_for(state="visible", timeout=40_000)
    assert page.eval_on_selector("[data-testid=batch-progress]", "p => p.value === p.max")
    assert "1 document produit, 1 dossier en erreur" in text(page, "#batch-status")
    with page.expect_download() as info:
        link.click()
    archive = zipfile.ZipFile(info.value.path())
    manifest = json.loads(archive.read("manifest.json"))
    assert [i["status"] for i in manifest["items"]] == ["ok", "error"]
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 1


def test_every_control_is_labelled_and_the_phone_layout_fits(browser, base_url):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        page.wait_for_selector("body[data-ready='true']")
        page.set_input_files("[data-testid=case-file]", str(EXAMPLE))
        page.locator("[data-testid=decompte-total]").wait_for()
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input,select,textarea')]
            .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label'))
            .map(c => c.id || c.outerHTML.slice(0, 80))""")
        assert unlabelled == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide on a 390 px phone"
        # keyboard: Tab reaches the case file input, then the invoices input
        page.focus("body")
        seen = []
        for _ in range(12):
            page.keyboard.press("Tab")
            seen.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        assert "case-file" in seen and "invoice-files" in seen
    finally:
        context.close()


def test_invoices_go_to_from_invoices(page, base_url, tmp_path):
    """A CSV export becomes cases through POST /v1/cases/from-invoices (when this build has it),
    completed with the creditor and signatory of the case on screen."""
    try:
        urllib.request.urlopen(urllib.request.Request(base_url + "/v1/cases/from-invoices",
                                                      data=b"", method="POST"), timeout=10)
        status = 200
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status == 404:
        pytest.skip("POST /v1/cases/from-invoices is not in this build")
    page.set_input_files("[data-testid=case-file]", str(EXAMPLE))
    page.locator("[data-testid=decompte-total]").wait_for()
    csv = tmp_path / "factures.csv"
    csv.write_text(
        "debtor_name;debtor_siren;debtor_street;debtor_postal_code;debtor_city;invoice_number;"
        "issue_date;due_date;amount_incl_tax\n"
        "Garage Lefort;552100554;3 route de Vienne;69200;Vénissieux;F-2026-0301;04/05/2026;"
        "03/06/2026;1 200,00\n"
        "Boulangerie Rey;;8 place Bellecour;69002;Lyon;F-2026-0302;2026-05-10;2026-06-09;300,00\n",
        encoding="utf-8")
    page.set_input_files("[data-testid=invoice-files]", str(csv))
    wait_until(page, "/ok|bad/.test(document.getElementById('load-status').className)")
    assert "2 dossiers constitués" in text(page, "#load-status"), text(page, "#load-status")
    assert page.locator("#case-select option").count() == 2
    assert page.input_value('[data-path="case.creditor.name"]') == "Atelier Dupont"
    assert page.input_value('[data-path="case.invoices[0].number"]') in ("F-2026-0301", "F-2026-0302")
    page.locator("#batch").wait_for(state="visible")
    assert page.console_errors == []
    assert outside(page, base_url) == []


def test_a_draft_assignation_downloads_as_docx(page, tmp_path):
    case = example()
    case.pop("evidence")  # the contract's example has placeholders, not base64
    load_case(page, tmp_path, case)
    page.locator("[data-testid=decompte-total]").wait_for()
    page.select_option("[data-testid=kind]", "mise_en_demeure")
    assert page.locator('#options-body [data-path="options.format"]').count() == 0  # PDF only
    page.select_option("[data-testid=kind]", "assignation")
    fmt = page.locator('#options-body [data-path="options.format"]')
    assert "Par défaut (oui)" in page.text_content('[data-path="options.draft"]')
    fmt.select_option("docx")
    page.click("[data-testid=generate]")
    link = page.locator("[data-testid=download]")
    link.wait_for(state="visible", timeout=30_000)
    assert "DOCX" in link.inner_text()
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".docx")
    document = docx.Document(info.value.path())
    assert any("ASSIGNATION" in p.text.upper() for p in document.paragraphs)
    wait_until(page, "document.querySelector('[data-testid=preview]').naturalWidth > 0")
    assert "rendu PDF" in page.inner_text("#preview-caption")


def test_an_empty_case_is_built_in_the_form(page, base_url):
    page.click("[data-testid=new-case]")
    faults = page.locator("[data-testid=errors]")
    faults.locator("a[data-error-path='case.invoices[0].number']").wait_for()
    assert "Champ obligatoire manquant" in faults.inner_text()
    # the debtor: a company's fields, then an individual's once the type says so
    assert page.locator('[data-path="case.debtor.siren"]').count() == 1
    assert page.locator('[data-path="case.debtor.first_name"]').count() == 0
    page.select_option('[data-path="case.debtor.type"]', "individual")
    page.locator('[data-path="case.debtor.first_name"]').wait_for()
    assert page.locator('[data-path="case.debtor.siren"]').count() == 0
    # arrays: add a second invoice (focus goes to it), remove the first
    page.click('[data-testid="add-case.invoices"]')
    assert page.evaluate("document.activeElement.dataset.path") == "case.invoices[1].number"
    page.keyboard.type("F-2")
    page.click('[data-testid="remove-case.invoices[0]"]')
    assert page.input_value('[data-path="case.invoices[0].number"]') == "F-2"
    assert page.locator('[data-path="case.invoices[1].number"]').count() == 0
    # an amount typed the French way is stored the contract's way
    amount = page.locator('[data-path="case.invoices[0].amount_incl_tax"]')
    amount.fill("1 250,5")
    amount.press("Tab")
    assert amount.input_value() == "1250.50"
    page.click(".json-view > summary")
    page.wait_for_function("document.getElementById('case-json').value.length > 0")
    case = json.loads(page.input_value("#case-json"))
    assert case["invoices"] == [{"number": "F-2", "amount_incl_tax": "1250.50"}]
    assert case["debtor"]["type"] == "individual"
    assert page.console_errors == []
    assert outside(page, base_url) == []

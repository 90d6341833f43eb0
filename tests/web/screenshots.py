"""Screenshots of the page's states, at 1280 px and on a phone (390 px), for the README.

    .venv/bin/python -m tests.web.screenshots [docs/screenshots]

The real app on loopback, Debian's Chromium; the same harness as the browser tests.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.factories import EXAMPLE
from tests.web.harness import chromium, serve

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _scroll_to(page, selector: str, block: str = "start") -> None:
    page.eval_on_selector(selector, f"n => n.scrollIntoView({{block: '{block}'}})")
    page.wait_for_timeout(150)


def _wait_image(page) -> None:
    for _ in range(300):
        if page.evaluate("document.querySelector('[data-testid=preview]').naturalWidth > 0"):
            return
        page.wait_for_timeout(100)
    raise RuntimeError("no preview")


def shoot(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(example))
    bad["invoices"][1]["due_date"] = "2026-13-45"
    bad.pop("signatory")
    (tmp / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    second = json.loads(json.dumps(example))
    second["reference"] = "DOS-2026-0043"
    second["debtor"]["name"] = "Bernard Charpente"
    third = json.loads(json.dumps(second))
    third["reference"] = "DOS-2026-0044"
    third["debtor"]["name"] = "Garnier Toitures"
    third["debtor"]["siren"] = "123"
    (tmp / "lot.json").write_text(json.dumps([example, second, third], ensure_ascii=False),
                                  encoding="utf-8")
    written = []
    with serve() as url, chromium() as browser:
        for name, viewport in SIZES.items():
            context = browser.new_context(locale="fr-FR", viewport=viewport,
                                          is_mobile=name == "phone", has_touch=name == "phone",
                                          device_scale_factor=1)
            page = context.new_page()

            def snap(state: str, page=page, name=name) -> None:
                path = out / f"{state}-{name}.png"
                page.screenshot(path=str(path))
                written.append(path)

            page.goto(url + "/")
            page.wait_for_selector("body[data-ready='true']")
            snap("1-accueil")

            page.set_input_files("[data-testid=case-file]", str(tmp / "bad.json"))
            page.locator("#f-case-invoices-1-due-date-err").wait_for(state="visible")
            _scroll_to(page, "#controle")
            snap("2-anomalies")
            page.click('a[data-error-path="case.invoices[1].due_date"]')
            page.wait_for_timeout(200)
            snap("3-anomalie-au-champ")

            page.set_input_files("[data-testid=case-file]", str(EXAMPLE))
            page.locator("[data-testid=decompte-total]").wait_for()
            _scroll_to(page, "#decompte")
            snap("4-decompte")

            page.select_option("[data-testid=kind]", "mise_en_demeure")
            page.click("[data-testid=generate]")
            page.locator("[data-testid=download]").wait_for(state="visible", timeout=30_000)
            _wait_image(page)
            _scroll_to(page, "#produire")
            snap("5-document")
            if name == "phone":
                _scroll_to(page, "#preview-figure")
                snap("6-apercu")

            _scroll_to(page, "#dossier")
            snap("7-formulaire")

            page.set_input_files("[data-testid=case-file]", str(tmp / "lot.json"))
            page.locator("#batch").wait_for(state="visible")
            page.click("[data-testid=batch-run]")
            page.locator("[data-testid=batch-download]").wait_for(state="visible",
                                                                  timeout=60_000)
            _scroll_to(page, "#batch", "center")
            snap("8-lot")
            context.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    for p in shoot(target):
        print(p)

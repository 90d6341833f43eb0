"""Recouvre's whole signed pipeline against a warm headless Chromium printing the same HTML.

    .venv/bin/python -m bench.chromium [--runs 30]

The mise en demeure of the example case: Recouvre's HTML (the template rendered by Jinja) and
stylesheet, with the fonts as files, printed to PDF by Debian's ``/usr/bin/chromium``: one
long-lived headless browser, one reused tab, over the DevTools protocol (Playwright's
``page.goto`` + ``page.pdf``), as Gotenberg runs it. Against it, Recouvre's ``generate()``: check,
décompte, WeasyPrint render (PDF/A-3b), PAdES seal, postage. Both run interleaved in one run, in
this process and its Chromium, so that a slow spell of the machine weighs on both alike.

Per document: wall time, and CPU time: Recouvre's is this process's (``time.process_time``; the
pipeline runs in a helper thread because pyHanko starts its own asyncio loop, and Playwright's
sits idle meanwhile),
Chromium's is summed over all its processes (browser, renderer, GPU, utilities) from
``/proc/<pid>/stat``. Playwright's own driver is not counted. Ratios > 1 mean Recouvre is cheaper.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.common import record
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.paths import TEMPLATES
from service.runtime import Runtime

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "case.example.json"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes and of their reaped children."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / TICKS


def chromium_html(html: str, stylesheet: str) -> str:
    """Recouvre's HTML for a browser: the stylesheet inlined, ``asset:`` URLs as files."""
    css = (TEMPLATES / stylesheet).read_text(encoding="utf-8")
    css = re.sub(r"asset:([\w./-]+)", lambda m: (TEMPLATES / m.group(1)).as_uri(), css)
    html = re.sub(r"asset:([\w./-]+)", lambda m: (TEMPLATES / m.group(1)).as_uri(), html)
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit("Debian's chromium is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    raw = json.loads(EXAMPLE.read_text(), parse_float=Decimal)
    raw.pop("evidence", None)
    case, options = load_request({"case": raw, "options": {}}, KINDS["mise_en_demeure"])
    rt = Runtime()  # default settings: the TEST seal, whatever the environment holds

    # the HTML Recouvre renders for this letter, caught on its way to WeasyPrint
    caught: dict[str, Any] = {}
    render = rt.renderer.render

    def catch(html: str, **kw: Any) -> Any:
        caught.update(html=html, stylesheets=kw.get("stylesheets", ("css/letter.css",)))
        return render(html, **kw)

    rt.renderer.render = catch  # type: ignore[method-assign]
    doc = generate("mise_en_demeure", case, options, rt)
    rt.renderer.render = render  # type: ignore[method-assign]
    (stylesheet,) = caught["stylesheets"]

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        page_file = Path(tmp) / "mise_en_demeure.html"
        page_file.write_text(chromium_html(caught["html"], stylesheet), encoding="utf-8")
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page()
        browser_pid = next(p for p in _descendants(os.getpid())
                           if Path(f"/proc/{p}/exe").exists()
                           and os.path.realpath(f"/proc/{p}/exe").endswith("chromium"))

        def chromium_pdf() -> bytes:
            tab.goto(page_file.as_uri(), wait_until="load")
            return tab.pdf(prefer_css_page_size=True, print_background=True)

        # pyHanko runs its own asyncio loop: not in the thread where Playwright's runs
        pool = ThreadPoolExecutor(1)

        def recouvre_pdf() -> bytes:
            return pool.submit(generate, "mise_en_demeure", case, options, rt).result().content

        timings: dict[str, dict[str, list[float]]] = {
            "recouvre": {"wall": [], "cpu": []}, "chromium": {"wall": [], "cpu": []}}
        for _ in range(args.warmup):
            recouvre_pdf()
            chromium_pdf()
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            recouvre_pdf()
            timings["recouvre"]["wall"].append(time.perf_counter() - t)
            timings["recouvre"]["cpu"].append(time.process_time() - c)
            pids = _descendants(browser_pid)
            t, c = time.perf_counter(), _cpu_seconds(pids)
            pdf = chromium_pdf()
            timings["chromium"]["wall"].append(time.perf_counter() - t)
            timings["chromium"]["cpu"].append(_cpu_seconds(_descendants(browser_pid)) - c)
        version = browser.version
        browser.close()
        pool.shutdown()

    med = {name: {k: statistics.median(v) * 1000 for k, v in t.items()}
           for name, t in timings.items()}
    mean = {name: {k: statistics.mean(v) * 1000 for k, v in t.items()}
            for name, t in timings.items()}
    result = {
        "document": "mise_en_demeure (example case)",
        "pages": {"recouvre": doc.pages, "chromium": _pages(pdf)},
        "runs": args.runs, "chromium_version": version,
        "recouvre_signed": {"wall_ms_median": round(med["recouvre"]["wall"], 1),
                            "cpu_ms_median": round(med["recouvre"]["cpu"], 1),
                            "cpu_ms_mean": round(mean["recouvre"]["cpu"], 1)},
        "chromium_unsigned": {"wall_ms_median": round(med["chromium"]["wall"], 1),
                              "cpu_ms_median": round(med["chromium"]["cpu"], 1),
                              "cpu_ms_mean": round(mean["chromium"]["cpu"], 1)},
        # > 1: Recouvre signed costs less than Chromium printing (target: CPU >= 1.3)
        "ratio_cpu_chromium_over_recouvre": round(mean["chromium"]["cpu"]
                                                  / mean["recouvre"]["cpu"], 2),
        "ratio_wall_chromium_over_recouvre": round(med["chromium"]["wall"]
                                                   / med["recouvre"]["wall"], 2),
    }
    if os.environ.get("BENCH_VERBOSE"):
        print({name: [round(x * 1000) for x in t["cpu"]] for name, t in timings.items()})
    record("chromium", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

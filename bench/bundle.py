"""Evidence bundles (kind ``bordereau``) through the real entry point, ``generate()``.

    .venv/bin/python -m bench.bundle [--runs 20] [--skip-limits]

1. Warm time per bundle of 50 pièce pages (51 pages with the bordereau) on one core: six
   generated invoice PDFs (WeasyPrint, embedded fonts), a JPEG photo and a PNG screenshot.
   Measured so the split is visible: ``generate`` signed (the target, 400 ms median) and
   unsigned (the difference is the seal), ``prepare_pieces`` + ``assemble_bundle`` without the
   bordereau render or the seal, each of the two alone, and ``render_bordereau`` alone.
2. Peak memory and time of one signed bundle at the default evidence limits (50 items,
   300 pages, close to 40 MiB decoded: invoice PDFs, scanned PDFs and large phone photos), in
   a fresh process (``ru_maxrss``) that first serves a small bordereau like a warm worker.
   The pièces are parsed in a forked child (``service.pdf.evidence``): its own peak is
   reported apart (it counts the pages it shares with the worker after the fork).

The evidence is generated in code (deterministic pixels, no binaries in the repository).
Results go to ``bench/results.json`` under ``bundle``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.common import measure, record
from service.paths import LIBERATION_SANS, ROOT

EXAMPLE = ROOT / "tests" / "fixtures" / "case.example.json"
TARGET_MS = 400
MiB = 1024 * 1024


# ------------------------------------------------------------------------------ evidence samples


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def invoice_pdf(label: str, pages: int) -> bytes:
    """A text PDF like an uploaded invoice or contract: WeasyPrint, an embedded font subset.

    Lines are paragraphs, not a table: WeasyPrint's table layout would triple the set-up time.
    """
    import weasyprint

    lines = "".join(f"<p>Ligne {i} — prestation de menuiserie, lot {i} : {i * 37},50 €</p>"
                    for i in range(1, 25))
    body = "".join(
        f"<h1>{label}</h1><h2>Page {p + 1} sur {pages}</h2>"
        "<p>Conditions générales : paiement à 30 jours, pénalités au taux légal majoré, "
        f"indemnité forfaitaire de 40 € pour frais de recouvrement.</p>{lines}"
        + ("<div style='page-break-after: always'></div>" if p < pages - 1 else "")
        for p in range(pages))
    html = ("<!doctype html><html lang='fr'><head><meta charset='utf-8'><style>"
            f"@font-face {{ font-family: L; src: url({LIBERATION_SANS.as_uri()}) }} "
            "body { font-family: L; font-size: 10pt } p { margin: 2pt 0 }</style></head>"
            f"<body>{body}</body></html>")
    return weasyprint.HTML(string=html).write_pdf()


def _noisy(width: int, height: int, seed: int, *, grain: float, light: bool = False) -> Any:
    """Deterministic photo-like pixels: smooth blotches plus sensor grain (hard to compress)."""
    from PIL import Image

    rnd = random.Random(seed)
    w, h = max(width // 8, 1), max(height // 8, 1)
    base = Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3)).resize((width, height),
                                                                             Image.BILINEAR)
    if light:  # a scanned sheet: mostly paper white
        base = Image.blend(Image.new("RGB", (width, height), (250, 248, 240)), base, 0.2)
    noise = Image.frombytes("RGB", (width, height), rnd.randbytes(width * height * 3))
    return Image.blend(base, noise, grain)


def photo_jpeg(width: int, height: int, seed: int, quality: int = 90) -> bytes:
    out = BytesIO()
    _noisy(width, height, seed, grain=0.25).save(out, "JPEG", quality=quality)
    return out.getvalue()


def phone_photos(count: int, target: int, seed: int) -> list[bytes]:
    """``count`` 12 Mpx phone photos of at most ``target`` bytes each, as large as allowed.

    One pixel field, flipped and inverted for each photo (cheap, same statistics), and the
    highest JPEG quality that fits the byte budget.
    """
    from PIL import Image, ImageOps

    field = _noisy(4000, 3000, seed, grain=0.25)
    flips = [None, Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM,
             Image.Transpose.ROTATE_180]
    variants = [(flip, invert) for invert in (False, True) for flip in flips]

    def encode(index: int, quality: int) -> bytes:
        flip, invert = variants[index % len(variants)]
        image = field.transpose(flip) if flip is not None else field
        image = ImageOps.invert(image) if invert else image
        out = BytesIO()
        image.save(out, "JPEG", quality=quality)
        return out.getvalue()

    low, high = 5, 95  # highest quality of the first photo that fits
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(encode(0, middle)) <= target else (low, middle - 1)
    photos = []
    for index in range(count):
        quality = low
        data = encode(index, quality)
        while len(data) > target and quality > 5:
            quality -= 1
            data = encode(index, quality)
        photos.append(data)
    return photos


def screenshot_png(width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (245, 245, 250))
    draw = ImageDraw.Draw(image)
    for y in range(40, height - 40, 28):
        draw.rectangle((30, y, width - 30 - (y * 7) % 200, y + 12), fill=(60, 60, 90))
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def scanned_pdf(pages: int, seed: int, quality: int = 70) -> bytes:
    """An image-only PDF as a scanner writes it: one A4 JPEG per page at 150 dpi (Pillow)."""
    from PIL import Image

    sheets = [_noisy(1240, 1754, seed * 10 + k, grain=0.12, light=True) for k in range(3)]
    flips = [None, Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM]
    images = [sheets[p % 3].transpose(flips[p // 3 % 3]) if flips[p // 3 % 3] is not None
              else sheets[p % 3] for p in range(pages)]
    out = BytesIO()
    images[0].save(out, "PDF", resolution=150, quality=quality, save_all=True,
                   append_images=images[1:])
    return out.getvalue()


def _item(title: str, media_type: str, data: bytes, day: int) -> dict[str, str]:
    return {"title": title, "date": f"2026-{1 + day % 9:02d}-{1 + day % 27:02d}",
            "media_type": media_type, "content_base64": _b64(data)}


def fifty_page_evidence() -> list[dict[str, str]]:
    """Six invoice PDFs (48 pages), one JPEG photo, one PNG screenshot: 50 pièce pages."""
    items = [_item(f"Facture F-2026-{k:04d}", "application/pdf",
                   invoice_pdf(f"Facture F-2026-{k:04d}", pages), k)
             for k, pages in enumerate([10, 8, 8, 8, 7, 7], start=1)]
    items.append(_item("Photo du chantier", "image/jpeg", photo_jpeg(1600, 1200, seed=7), 8))
    items.append(_item("Capture d’écran du suivi", "image/png", screenshot_png(900, 1400), 9))
    return items


def limits_evidence(max_items: int, max_pages: int, max_bytes: int) -> list[dict[str, str]]:
    """``max_items`` items, ``max_pages`` pages, just under ``max_bytes`` decoded.

    (Sized for the defaults, 50 / 300 / 40 MiB.) Six 9-page scans, eight phone photos, and
    invoice PDFs for the other items and pages; the photos take the remaining byte budget.
    """
    scans, photos = 6, 8
    invoices = max_items - scans - photos
    invoice_pages_total = max_pages - scans * 9 - photos
    base, extra = divmod(invoice_pages_total, invoices)
    items = [_item(f"Facture F-2026-{k:04d}", "application/pdf",
                   invoice_pdf(f"Facture F-2026-{k:04d}", base + (1 if k <= extra else 0)), k)
             for k in range(1, invoices + 1)]
    items += [_item(f"Courrier scanné {k}", "application/pdf", scanned_pdf(9, seed=k), k)
              for k in range(1, scans + 1)]
    used = sum(len(base64.b64decode(i["content_base64"])) for i in items)
    per_photo = (max_bytes - used - max_bytes // 200) // photos  # 0.5 % under the limit
    items += [_item(f"Photo {k}", "image/jpeg", data, k)
              for k, data in enumerate(phone_photos(photos, per_photo, seed=100), start=1)]
    if decoded_bytes(items) > max_bytes:
        raise AssertionError("the evidence at the limits came out above the byte limit")
    return items


def raw_case(evidence: list[dict[str, str]]) -> dict[str, Any]:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
    raw["evidence"] = evidence
    return raw


def decoded_bytes(evidence: list[dict[str, str]]) -> int:
    return sum(len(base64.b64decode(i["content_base64"])) for i in evidence)


# ------------------------------------------------------------------------------ measurements


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def fifty_pages(runs: int) -> dict[str, Any]:
    from service.contract import load_request
    from service.documents.facts import CaseFacts
    from service.documents.generate import generate
    from service.documents.pieces import TITLE, court_heading, pieces_part
    from service.documents.registry import KINDS
    from service.pdf.bundle import assemble_bundle
    from service.pdf.compose import render_html
    from service.pdf.evidence import prepare_pieces
    from service.runtime import Runtime

    evidence = fifty_page_evidence()
    rt = Runtime()  # generate() renders, limits and seals with this one, and no other
    spec = KINDS["bordereau"]
    case, signed = load_request({"case": raw_case(evidence), "options": {}}, spec)
    _, unsigned = load_request({"case": raw_case(evidence), "options": {"sign": False}}, spec)
    doc = generate("bordereau", case, signed, rt)
    facts = CaseFacts(case, evidence_limits=rt.evidence_limits)
    pieces = facts.pieces
    court, _ = court_heading(case, facts)
    bordereau = pieces_part(case, pieces, court=court, purpose=None, title="Bench").bordereau
    assert bordereau is not None

    def render_bordereau() -> bytes:
        return render_html(bordereau, rt.renderer, pdfa=True)[0]

    front = [(TITLE, render_bordereau())]
    limits = rt.evidence_limits

    def prepare_and_assemble() -> Any:
        return assemble_bundle(front, prepare_pieces(case.evidence, limits),
                               reference=case.reference, title="Bench")

    result: dict[str, Any] = {
        "pages": doc.pages, "piece_pages": sum(p.pages for p in pieces), "items": len(evidence),
        "evidence_mib": round(decoded_bytes(evidence) / MiB, 2),
        "output_mib": round(len(doc.content) / MiB, 2), "target_ms": TARGET_MS,
    }
    for name, fn in [
        ("build_and_sign", lambda: generate("bordereau", case, signed, rt)),
        ("build_unsigned", lambda: generate("bordereau", case, unsigned, rt)),
        ("prepare_and_assemble", prepare_and_assemble),
        ("prepare_pieces", lambda: prepare_pieces(case.evidence, limits)),
        ("assemble_bundle",
         lambda: assemble_bundle(front, pieces, reference=case.reference, title="Bench")),
        ("render_bordereau", render_bordereau),
    ]:
        result[name] = measure(fn, runs=runs)
    return result


def write_limits_case(path: Path) -> None:
    """Run in its own process (the evidence takes a few hundred MiB to make): the case at the
    default limits, written as request JSON; prints a JSON line describing it."""
    from service.pdf.evidence import EvidenceLimits

    limits = EvidenceLimits()  # the documented defaults
    evidence = limits_evidence(limits.max_items, limits.max_total_pages, limits.max_total_bytes)
    path.write_text(json.dumps(raw_case(evidence), default=str, ensure_ascii=False),
                    encoding="utf-8")
    print(json.dumps({
        "items": len(evidence), "evidence_mib": round(decoded_bytes(evidence) / MiB, 2),
        "request_base64_mib": round(sum(len(i["content_base64"]) for i in evidence) / MiB, 1),
        "limits": {"items": limits.max_items, "pages": limits.max_total_pages,
                   "mib": round(limits.max_total_bytes / MiB, 2)},
    }))


def limits_child(case_path: Path) -> None:
    """Run in a fresh interpreter: one signed bundle at the limits; prints a JSON line."""
    from service.contract import load_request
    from service.documents.generate import generate
    from service.documents.registry import KINDS
    from service.runtime import Runtime

    rt = Runtime()
    spec = KINDS["bordereau"]
    small = raw_case([_item("Facture", "application/pdf", invoice_pdf("Facture", 2), 1)])
    case, opts = load_request({"case": small, "options": {}}, spec)
    generate("bordereau", case, opts, rt)  # a warm worker has served documents already
    idle_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    raw = json.loads(case_path.read_text(encoding="utf-8"), parse_float=Decimal)
    case, opts = load_request({"case": raw, "options": {}}, spec)
    del raw
    with open("/proc/self/statm") as fh:
        loaded_kib = int(fh.read().split()[1]) * resource.getpagesize() // 1024
    started = time.perf_counter()
    doc = generate("bordereau", case, opts, rt)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": round(seconds, 2), "pages": doc.pages,
        "piece_pages": sum(p["pages"] for p in doc.details["pieces"]),
        "output_mib": round(len(doc.content) / MiB, 1),
        "signed": doc.signature is not None,
        "idle_worker_rss_mib": round(idle_kib / 1024, 1),
        "request_loaded_rss_mib": round(loaded_kib / 1024, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "parsing_child_peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }))


def _run_self(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.bundle", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench.bundle {args[0]} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def at_limits() -> dict[str, Any]:
    """Both steps in fresh processes, started while this one is still small.

    Linux carries a process's peak RSS across ``execve`` (``ru_maxrss`` of a child is at least
    its parent's peak at the fork), so the measuring process must not descend from the one that
    made the evidence, nor from one that has built bundles already.
    """
    spawned_from_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory(prefix="recouvre-bench-") as tmp:
        path = Path(tmp, "case.json")
        case = _run_self("--write-limits-case", str(path))
        child = _run_self("--limits-child", str(path))
    return {**case, **child, "spawned_from_rss_mib": round(spawned_from_kib / 1024, 1)}


def _line(label: str, stats: dict[str, float]) -> str:
    return (f"  {label:40s} median {stats['median_ms']:7.1f} ms  p90 {stats['p90_ms']:7.1f} ms"
            f"  min {stats['min_ms']:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--skip-limits", action="store_true",
                        help="only the 50-page timing (no bundle at the limits)")
    parser.add_argument("--write-limits-case", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limits-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _pin_one_core()
    if args.write_limits_case:
        write_limits_case(args.write_limits_case)
        return
    if args.limits_child:
        limits_child(args.limits_child)
        return

    result: dict[str, Any] = {}
    if not args.skip_limits:
        result["at_limits"] = at_limits()  # first, while this process is small
    fifty = result["fifty_pages"] = fifty_pages(args.runs)
    print(f"bundle of {fifty['piece_pages']} pièce pages ({fifty['items']} items, "
          f"{fifty['evidence_mib']} MiB) + bordereau = {fifty['pages']} pages, warm, one core:")
    sign = fifty["build_and_sign"]
    verdict = "ok" if sign["median_ms"] <= TARGET_MS else "ABOVE TARGET"
    print(_line("generate, build + sign", sign) + f"  [target ≤ {TARGET_MS} ms: {verdict}]")
    for key, label in [("build_unsigned", "generate, unsigned"),
                       ("prepare_and_assemble", "prepare + assemble (no render, no seal)"),
                       ("prepare_pieces", "  prepare_pieces (forked parser)"),
                       ("assemble_bundle", "  assemble_bundle"),
                       ("render_bordereau", "render_bordereau (front page alone)")]:
        print(_line(label, fifty[key]))
    if "at_limits" in result:
        big = result["at_limits"]
        print(f"bundle at the limits ({big['items']} items, {big['piece_pages']} pièce pages, "
              f"{big['evidence_mib']} MiB decoded, {big['request_base64_mib']} MiB of base64), "
              "fresh process, one core:")
        print(f"  generate, build + sign {big['seconds']:.2f} s -> {big['pages']} pages, "
              f"{big['output_mib']} MiB; peak RSS {big['peak_rss_mib']} MiB (idle worker "
              f"{big['idle_worker_rss_mib']}, request loaded {big['request_loaded_rss_mib']}); "
              f"parsing child peak {big['parsing_child_peak_rss_mib']} MiB")
    # a shared machine: the 1-minute load average tells how much to trust the medians
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    record("bundle", result)


if __name__ == "__main__":
    main()

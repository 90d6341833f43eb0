"""The template regression check (``recouvre check-templates [--update]``).

Every fixture ``<name>.case.json`` (``{"kind", "options", "case"}`` with a fixed ``as_of``) is
rendered UNSIGNED through the real pipeline (:func:`service.documents.generate.generate`), then
compared with its committed goldens:

- ``<name>.txt``: the text of every page (``pdftotext -layout``, pages separated by form
  feeds); a difference is printed as a unified diff, readable in a pull request;
- ``<name>-p<N>.png``: page N rasterised at 50 dpi (``pdftoppm``); a pixel differs when one of
  its channels moves by more than 32; a page fails above 0.05 % differing pixels (or when its
  size changes). The goldens' and the new rendering's pixels and a diff image (differences in
  red) are written under ``<golden dir>/_failed/`` for review.

``--update`` rewrites the goldens instead. ``templates_dir`` renders with another copy of the
templates (the test of the check itself changes one word in a copy).
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

from service.contract import load_request
from service.contract.options import Options
from service.documents.generate import generate
from service.documents.registry import get_kind
from service.errors import RecouvreError
from service.jsonio import parse_json
from service.model import Case
from service.paths import ROOT, TEMPLATES
from service.pdf.render import Renderer
from service.runtime import Runtime

GOLDEN_DIR = ROOT / "tests" / "golden"
FAILED = "_failed"
DPI = 50
CHANNEL_TOLERANCE = 32
MAX_DIFF_RATIO = 0.0005  # 0.05 % of a page's pixels


@dataclass
class FixtureResult:
    name: str
    ok: bool = True
    pages: int = 0
    text_diff: str = ""
    messages: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.ok = False
        self.messages.append(message)


@dataclass
class CheckReport:
    results: list[FixtureResult]
    updated: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def format(self) -> str:
        lines: list[str] = []
        for r in self.results:
            status = "updated" if self.updated else ("ok" if r.ok else "REGRESSION")
            lines.append(f"{r.name}: {status} ({r.pages} page(s))")
            lines += [f"  {m}" for m in r.messages]
            if r.text_diff:
                lines.append(r.text_diff.rstrip("\n"))
        if not self.results:
            lines.append("no fixture (*.case.json) found")
        failed = sum(1 for r in self.results if not r.ok)
        lines.append(f"{len(self.results)} fixture(s), {failed} regression(s)"
                     if not self.updated else f"{len(self.results)} golden set(s) rewritten")
        return "\n".join(lines)


def load_fixture(path: Path) -> tuple[str, Case, Options]:
    """(kind, case, options) of a fixture; the options always say ``sign: false``."""
    data = parse_json(path.read_bytes())
    options = dict(data.get("options") or {})
    options["sign"] = False
    case, opts = load_request({"case": data["case"], "options": options},
                              get_kind(str(data["kind"])))
    return str(data["kind"]), case, opts


def render_fixture(path: Path, runtime: Runtime) -> bytes:
    kind, case, options = load_fixture(path)
    return generate(kind, case, options, runtime).content


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


def pdf_pages_png(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    with tempfile.TemporaryDirectory(prefix="recouvre-golden-") as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "p")],
                       capture_output=True, check=True, timeout=120)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        images = []
        for f in files:
            with Image.open(f) as im:
                images.append(im.convert("RGB"))
        return images


def differing_pixels(a: Image.Image, b: Image.Image,
                     tolerance: int = CHANNEL_TOLERANCE) -> tuple[int, Image.Image]:
    """Count of pixels with a channel moving by more than ``tolerance``, and their mask."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    channels = [c.point(lambda v: 255 if v > tolerance else 0) for c in diff.split()]
    mask = channels[0]
    for c in channels[1:]:
        mask = ImageChops.lighter(mask, c)
    count = mask.size[0] * mask.size[1] - mask.histogram()[0]
    return count, mask


def _diff_image(golden: Image.Image, actual: Image.Image, mask: Image.Image) -> Image.Image:
    base = Image.blend(golden.convert("L").convert("RGB"), actual.convert("L").convert("RGB"), 0.5)
    base = Image.eval(base, lambda v: 128 + v // 2)  # washed out, so the red stands out
    red = Image.new("RGB", base.size, (220, 0, 0))
    return Image.composite(red, base, mask)


def fixtures(fixtures_dir: Path) -> list[Path]:
    return sorted(fixtures_dir.glob("*.case.json"))


def fixture_name(path: Path) -> str:
    return path.name[: -len(".case.json")]


def _runtime(templates_dir: Path | None) -> Runtime:
    runtime = Runtime()  # unsigned renders: the TEST key is built but never used
    if templates_dir is not None and Path(templates_dir).resolve() != TEMPLATES.resolve():
        runtime.renderer = Renderer(root=Path(templates_dir),
                                    max_pages=runtime.settings.max_document_pages,
                                    timeout_s=runtime.settings.render_timeout_s)
    return runtime


def check_templates(fixtures_dir: Path = GOLDEN_DIR, golden_dir: Path | None = None,
                    templates_dir: Path | None = None, *, update: bool = False,
                    runtime: Runtime | None = None) -> CheckReport:
    """Render every fixture and compare with (or, ``update``, rewrite) the goldens.

    ``runtime``: an existing one to render with (the tests'), unless ``templates_dir`` asks for
    other templates; by default one is built."""
    golden_dir = Path(golden_dir or fixtures_dir)
    failed_dir = golden_dir / FAILED
    if failed_dir.is_dir():
        shutil.rmtree(failed_dir)
    rt = runtime if runtime is not None and templates_dir is None else _runtime(templates_dir)
    results = []
    for path in fixtures(Path(fixtures_dir)):
        name = fixture_name(path)
        result = FixtureResult(name)
        results.append(result)
        try:
            pdf = render_fixture(path, rt)
        except RecouvreError as exc:
            result.fail(f"the fixture no longer renders: {exc.status} {exc.title}: {exc.detail}"
                        + "".join(f"\n    {e.path}: {e.message_en}" for e in exc.errors))
            continue
        text = pdf_text(pdf)
        images = pdf_pages_png(pdf)
        result.pages = len(images)
        if update:
            _write_goldens(golden_dir, name, text, images)
            continue
        _compare(result, golden_dir, failed_dir, name, text, images)
    return CheckReport(results, updated=update)


def _write_goldens(golden_dir: Path, name: str, text: str, images: list[Image.Image]) -> None:
    golden_dir.mkdir(parents=True, exist_ok=True)
    (golden_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    for old in golden_dir.glob(f"{name}-p*.png"):
        old.unlink()
    for number, image in enumerate(images, start=1):
        image.save(golden_dir / f"{name}-p{number}.png", optimize=True)


def _compare(result: FixtureResult, golden_dir: Path, failed_dir: Path, name: str, text: str,
             images: list[Image.Image]) -> None:
    golden_text = golden_dir / f"{name}.txt"
    if not golden_text.exists():
        result.fail(f"no golden {golden_text.name}: run `recouvre check-templates --update`")
        return

    def keep(filename: str, write: Any) -> None:
        failed_dir.mkdir(parents=True, exist_ok=True)
        write(failed_dir / filename)

    expected = golden_text.read_text(encoding="utf-8")
    if expected != text:
        result.text_diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"golden/{name}.txt", tofile=f"rendered/{name}.txt"))
        result.fail("the text differs (diff below)")
        keep(f"{name}.txt", lambda p: p.write_text(text, encoding="utf-8"))
    golden_pages = sorted(golden_dir.glob(f"{name}-p*.png"))
    if len(golden_pages) != len(images):
        result.fail(f"{len(images)} page(s) rendered, {len(golden_pages)} in the goldens")
    for number, actual in enumerate(images, start=1):
        golden_png = golden_dir / f"{name}-p{number}.png"
        if not golden_png.exists():
            keep(f"{name}-p{number}.png", actual.save)
            continue
        with Image.open(golden_png) as im:
            golden = im.convert("RGB")
        if golden.size != actual.size:
            result.fail(f"page {number}: size {actual.size} instead of {golden.size}")
            keep(f"{name}-p{number}.png", actual.save)
            continue
        count, mask = differing_pixels(golden, actual)
        limit = MAX_DIFF_RATIO * golden.size[0] * golden.size[1]
        if count > limit:
            result.fail(f"page {number}: {count} pixels differ (limit {int(limit)}); see"
                        f" {FAILED}/{name}-p{number}-diff.png")
            keep(f"{name}-p{number}.png", actual.save)
            keep(f"{name}-p{number}-diff.png", _diff_image(golden, actual, mask).save)

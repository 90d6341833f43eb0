"""The template regression check: the committed goldens are current, and changing one word in
a template makes the check fail and show that word; reverting makes it pass again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image

from service.cli import main
from service.documents.registry import KINDS
from service.golden import GOLDEN_DIR, check_templates, differing_pixels, fixtures
from service.paths import TEMPLATES

# (template, text in it, replacement, the word the diff must show): the first one still found
# in the templates (they are being edited) is used
WORD_CHANGES = [
    ("mise_en_demeure/letter.html", "nous vous mettons en demeure", "nous vous sommons en demeure",
     "sommons"),
    ("mise_en_demeure/letter.html", "En conséquence", "Par conséquent", "Par"),
    ("partials/signature.html", "</", "Cordialement</", "Cordialement"),
]


def test_fixtures_cover_the_letters():
    names = {p.name for p in fixtures(GOLDEN_DIR)}
    assert {"mise_en_demeure.case.json", "relance-1.case.json", "relance-2.case.json",
            "relance-3.case.json", "mise_en_demeure-consumer.case.json",
            "relance-private-creditor.case.json"} <= names


def test_fixtures_cover_every_kind():
    """Every kind of the registry has at least one golden; the court filings have the
    commercial court and the tribunal judiciaire (Cerfa 12946*02 and 12948*06)."""
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"]: p.name
             for p in fixtures(GOLDEN_DIR)}
    assert set(KINDS) <= set(kinds), set(KINDS) - set(kinds)
    names = {p.name for p in fixtures(GOLDEN_DIR)}
    assert {"injonction_de_payer.case.json", "injonction_de_payer-consumer.case.json",
            "refere_provision.case.json", "assignation.case.json",
            "assignation-tj-avocat.case.json", "bordereau.case.json"} <= names


def test_goldens_current(runtime):
    report = check_templates(GOLDEN_DIR, runtime=runtime)
    assert report.ok, report.format()
    assert len(report.results) == len(fixtures(GOLDEN_DIR))
    assert not (GOLDEN_DIR / "_failed").exists()


def test_one_word_changed_in_a_template_fails_and_shows_the_word(tmp_path: Path, capsys,
                                                                 runtime):
    work = tmp_path / "golden"
    work.mkdir()
    shutil.copy(GOLDEN_DIR / "mise_en_demeure.case.json", work)
    assert check_templates(work, update=True, runtime=runtime).updated  # today's templates
    assert (work / "mise_en_demeure.txt").exists() and (work / "mise_en_demeure-p1.png").exists()

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    assert check_templates(work, templates_dir=templates).ok  # the copy renders the same

    name, old, new, word = next(c for c in WORD_CHANGES
                                if c[1] in (TEMPLATES / c[0]).read_text(encoding="utf-8"))
    source = (templates / name).read_text(encoding="utf-8")
    (templates / name).write_text(source.replace(old, new, 1), encoding="utf-8")
    assert main(["check-templates", "--fixtures", str(work), "--templates", str(templates)]) == 1
    out = capsys.readouterr().out
    assert "mise_en_demeure: REGRESSION" in out
    diff = out.splitlines()
    assert any(line.startswith("+") and word in line for line in diff if line[:3] != "+++")
    assert not any(line.startswith("-") and word in line for line in diff)
    failed = work / "_failed"
    assert (failed / "mise_en_demeure.txt").exists()
    assert list(failed.glob("mise_en_demeure-p*-diff.png"))  # the pixels moved too

    (templates / name).write_text(source, encoding="utf-8")  # revert
    assert main(["check-templates", "--fixtures", str(work), "--templates", str(templates)]) == 0
    assert "1 fixture(s), 0 regression(s)" in capsys.readouterr().out
    assert not failed.exists()


def test_pixel_tolerance():
    a = Image.new("RGB", (100, 100), (255, 255, 255))
    b = a.copy()
    b.putpixel((1, 1), (255, 255, 225))  # within tolerance (30)
    b.putpixel((2, 2), (255, 200, 255))  # beyond it (55)
    b.putpixel((3, 3), (0, 0, 0))
    count, mask = differing_pixels(a, b)
    assert count == 2 and mask.getpixel((2, 2)) == 255 and mask.getpixel((1, 1)) == 0

"""The start-up warm-up: one letter rendered and sealed before the workers fork, reported by
/readyz, and a broken installation made unready instead of crashing the start-up."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from service import metrics
from service.app import create_app
from service.config import Settings
from service.paths import TEMPLATES
from service.pdf.render import Renderer
from service.runtime import Runtime


def _documents_counted(kind: str) -> int:
    found = re.search(rf'recouvre_documents_total{{kind="{kind}"}} (\d+)', metrics.render())
    return int(found.group(1)) if found else 0


def test_the_warm_up_renders_a_letter_once_uncounted_and_is_a_readiness_check(runtime):
    fresh = Runtime()
    counted = _documents_counted("mise_en_demeure")
    app = create_app(Settings(), runtime=fresh)
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200, ready.json
    check = ready.json["checks"]["warm_up"]
    assert check["status"] == "ok" and check["kind"] == "mise_en_demeure"
    assert check["pages"] == 2 and check["ms"] > 0
    # not a document anyone asked for: not counted in /metrics
    assert _documents_counted("mise_en_demeure") == counted
    # once per runtime: a second app on it does not render again
    first = fresh.warm_up_check
    create_app(Settings(), runtime=fresh)
    assert fresh.warm_up_check is first


def test_a_broken_template_makes_the_instance_unready_not_dead(tmp_path: Path, runtime):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    letter = templates / "mise_en_demeure" / "letter.html"
    letter.write_text(letter.read_text(encoding="utf-8").replace("{% endblock %}", ""),
                      encoding="utf-8")
    broken = Runtime()
    broken.renderer = Renderer(root=templates)
    app = create_app(Settings(), runtime=broken)  # no exception at start-up
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json["checks"]["warm_up"] == {
        "status": "error", "kind": "mise_en_demeure", "error": "TemplateSyntaxError"}


def test_the_warm_up_can_be_switched_off():
    assert Settings.from_environ({"RECOUVRE_WARM_UP": "0"}).warm_up is False
    assert Settings.from_environ({}).warm_up is True

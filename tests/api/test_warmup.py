"""The start-up warm-up: one letter rendered and sealed before the workers fork, reported by
/readyz, and a broken installation made unready instead of crashing the start-up."""

from __future__ import annotations

import shutil
from pathlib import Path

from service import metrics
from service.app import create_app
from service.config import Settings
from service.paths import TEMPLATES
from service.pdf.render import Renderer
from service.runtime import Runtime, get_runtime, set_runtime


def test_the_warm_up_renders_a_letter_and_is_a_readiness_check(runtime):
    metrics.observe_document("relance", 2, 0.1)
    app = create_app(Settings(), runtime=runtime)
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200, ready.json
    check = ready.json["checks"]["warm_up"]
    assert check["status"] == "ok" and check["kind"] == "mise_en_demeure"
    assert check["pages"] == 2 and check["ms"] > 0
    # the warm-up is not a document anyone asked for: the counters start at zero
    assert "recouvre_documents_total{" not in metrics.render()


def test_a_broken_template_makes_the_instance_unready_not_dead(tmp_path: Path, runtime):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    letter = templates / "mise_en_demeure" / "letter.html"
    letter.write_text(letter.read_text(encoding="utf-8").replace("{% endblock %}", ""),
                      encoding="utf-8")
    broken = Runtime(env={})
    broken.renderer = Renderer(root=templates)
    try:
        app = create_app(Settings(), runtime=broken)  # no exception at start-up
        ready = app.test_client().get("/readyz")
        assert ready.status_code == 503
        assert ready.json["checks"]["warm_up"] == {
            "status": "error", "kind": "mise_en_demeure", "error": "TemplateSyntaxError"}
    finally:
        set_runtime(runtime)
    assert get_runtime() is runtime


def test_the_warm_up_can_be_switched_off():
    assert Settings.from_environ({"RECOUVRE_WARM_UP": "0"}).warm_up is False
    assert Settings.from_environ({}).warm_up is True
